// EntityIndex: a compact, columnar, in-memory copy of the entity directory (检查对象名录库)
// from which draw pools of millions of candidates are built in milliseconds.
//
// Layout: one row per entity, rows sorted bytewise by credit code, so pools come out sorted
// without a sort. Per row: code (18 bytes), region and industry as uint16 indexes into
// dictionaries the index keeps, type + registration status + risk class packed in one byte,
// regulatory tags as a 64-bit set (at most 64 distinct tag strings per index), the
// last-inspected day as uint16, and the row's id in a per-region posting list (4 bytes, so
// that a prefecture's pool visits its own rows only): 37 bytes a row, plus small dictionaries.
//
// Changes (Upsert/Remove) edit existing rows in place; codes not yet in the sorted columns go
// to a small sorted overlay. When overlay entries + removed rows + rows moved to another
// region exceed max(IndexOptions::overlay_limit, rows / 64), the change that crosses the
// limit rebuilds the columns (a merge: ~0.3 s and a second copy of the columns at 10 M
// rows, paid by that one call; readers are not held up meanwhile). Pools merge-scan columns
// and overlay, so every result reflects every change that returned before the call started.
//
// Thread safety: any number of concurrent readers (Find, BuildPool, CountPool, size, Tags,
// Stats, MemoryBytes) together with writers (Upsert, Remove); writers are serialised among
// themselves and exclude readers only briefly (an overlay merge builds the new columns while
// readers go on and then swaps them in). A moved-from index may only be destroyed or assigned.
#ifndef SUNLIT_INDEX_ENTITY_INDEX_H_
#define SUNLIT_INDEX_ENTITY_INDEX_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/directory.h"
#include "core/industry.h"
#include "core/result.h"
#include "core/status.h"

namespace sunlit::index {

inline constexpr size_t kCodeLength = 18;
using Code = std::array<char, kCodeLength>;

// Most distinct regulatory tag strings one index can hold (one bit each).
inline constexpr size_t kMaxTags = 64;
// Most distinct region codes and industry codes one index can hold (uint16 indexes).
inline constexpr size_t kMaxDictionaryEntries = 65536;

// The code as a Code; nullopt unless `text` is exactly 18 bytes.
std::optional<Code> ToCode(std::string_view text);
inline std::string_view CodeView(const Code& code) { return {code.data(), code.size()}; }

// A compact sorted set of 18-byte codes (binary search). Immutable once built; safe to share
// between threads.
class CodeSet {
 public:
  CodeSet() = default;
  // Sorts and removes duplicates.
  static CodeSet Build(std::vector<Code> codes);
  // kInvalidArgument naming the first string that is not exactly 18 bytes.
  static Result<CodeSet> FromStrings(const std::vector<std::string>& codes);

  bool Contains(const Code& code) const;
  bool Contains(std::string_view code) const;  // false unless 18 bytes
  size_t size() const { return codes_.size(); }
  bool empty() const { return codes_.empty(); }
  const std::vector<Code>& codes() const { return codes_; }  // ascending, unique
  size_t MemoryBytes() const { return sizeof(*this) + codes_.capacity() * sizeof(Code); }

 private:
  std::vector<Code> codes_;
};

// One entity as the index holds it, decoded.
struct IndexedEntity {
  std::string code;
  int32_t region = 0;
  std::string industry;
  core::EntityType type = core::EntityType::kEnterprise;
  core::RegistrationStatus status = core::RegistrationStatus::kActive;
  core::RiskClass risk = core::RiskClass::kNone;
  std::vector<std::string> tags;  // sorted bytewise
  // A day before 2000-01-01 reads back as 2000-01-01 (see EntityIndex::Upsert).
  std::optional<core::Date> last_inspected;

  friend bool operator==(const IndexedEntity&, const IndexedEntity&) = default;
};

// Which entities form a pool. An empty vector puts no restriction on its field; a non-empty
// one keeps entities matching any of its values.
struct PoolFilter {
  // GB/T 2260 prefixes, e.g. "43", "4303", "430302" (also "430300"; see
  // core::CanonicalRegionPrefix). An entity with region 0 matches no prefix.
  std::vector<std::string> region_prefixes;
  // GB/T 4754-2017 prefixes as core::IndustryTree::CanonicalPrefix accepts them: "F", "52",
  // "F52", "521", "5211". A section letter matches every code of its section.
  std::vector<std::string> industry_prefixes;
  std::vector<core::EntityType> types;
  // Entities carrying at least one of these tags. Tags the index has never seen match nothing.
  std::vector<std::string> tags_any;
  std::vector<core::RegistrationStatus> statuses = {core::RegistrationStatus::kActive};
  std::vector<core::RiskClass> risks;
  // Cool-down: excludes entities with last_inspected >= this day.
  std::optional<core::Date> exclude_inspected_since;
  // Annual cap: codes already drawn by another task this year. Not owned; must outlive the
  // call. nullptr = none.
  const CodeSet* exclude_drawn = nullptr;
  // An explicit list of codes to leave out; each must be exactly 18 bytes.
  std::vector<std::string> exclude_codes;
};

// How pool members are labelled.
//   kNone       every member gets the label "".
//   kRiskClass  "A", "B", "C", "D" by credit-risk class; entities not yet classified
//               (RiskClass::kNone) get "U".
enum class Stratify { kNone, kRiskClass };

struct PoolMember {
  Code code;
  uint8_t stratum;  // index into Pool::labels

  friend bool operator==(const PoolMember&, const PoolMember&) = default;
};

// Entities that matched every filter but were left out, each counted once under the first
// reason that applies, checked in this order.
struct ExclusionCounts {
  int64_t cooled_down = 0;    // PoolFilter::exclude_inspected_since
  int64_t annual_cap = 0;     // PoolFilter::exclude_drawn
  int64_t explicit_list = 0;  // PoolFilter::exclude_codes

  friend bool operator==(const ExclusionCounts&, const ExclusionCounts&) = default;
};

struct Pool {
  std::vector<std::string> labels;     // the labels that occur, sorted bytewise
  std::vector<PoolMember> members;     // sorted bytewise by code, unique
  std::vector<int64_t> stratum_sizes;  // members per label, parallel to `labels`
  ExclusionCounts excluded;

  friend bool operator==(const Pool&, const Pool&) = default;
};

struct IndexOptions {
  // Used to tell the section of each industry code. Not owned; must outlive the index.
  // nullptr = core::IndustryTree::Builtin().
  const core::IndustryTree* industries = nullptr;
  // Threads one pool scan uses: 0 = automatic (the hardware's, at most 8, each with at least
  // 2^18 rows); n > 0 = n (at most one per row). The result never depends on it.
  int scan_threads = 0;
  // The overlay of new codes is merged into the sorted columns when overlay entries, removed
  // rows and moved rows exceed max(overlay_limit, rows / 64). Small values are for tests.
  size_t overlay_limit = 4096;
  // Rows to reserve before a Build scan (e.g. the store's entity count); 0 = grow as needed.
  size_t expected_rows = 0;
};

// Counters for tests and monitoring.
struct IndexStats {
  int64_t rows = 0;          // live entities (== size())
  int64_t column_rows = 0;   // rows in the sorted columns, removed ones included
  int64_t overlay_rows = 0;  // new codes waiting to be merged
  int64_t removed_rows = 0;  // column rows marked removed, waiting to be merged
  int64_t moved_rows = 0;    // column rows whose region changed, waiting to be merged
  int64_t merges = 0;        // overlay merges since the index was built
};

class EntityIndex {
 public:
  // A function in the shape of store::Transaction::ScanEntities: calls its argument for
  // every entity (ideally in ascending code order) until that returns false.
  using Scanner = std::function<Status(const std::function<bool(const core::Entity&)>&)>;

  // An empty index.
  explicit EntityIndex(IndexOptions options = {});
  ~EntityIndex();
  EntityIndex(EntityIndex&&) noexcept;
  EntityIndex& operator=(EntityIndex&&) noexcept;

  // Builds an index from every entity `scan` yields. Input out of code order is sorted
  // afterwards (slower). Errors: whatever `scan` returns; kInvalidArgument for a code that is
  // not 18 bytes, a code given twice, an enum value out of range; kResourceExhausted for a
  // 65th distinct tag, a 65537th distinct region or industry code, or more than 2^32-1 rows;
  // kOutOfRange for a last-inspected day after 2179-06-05.
  static Result<EntityIndex> Build(const Scanner& scan, IndexOptions options = {});

  // Inserts `entity` or replaces the entity with its code. Only the fields the index keeps
  // are read. A last-inspected day before 2000-01-01 is stored as 2000-01-01 (which changes
  // no cool-down decision after that day). Errors as Build; on error nothing changes.
  Status Upsert(const core::Entity& entity);
  // kNotFound when no entity has `code`.
  Status Remove(std::string_view code);

  // The entity with `code`, or nullopt.
  std::optional<IndexedEntity> Find(std::string_view code) const;

  // The pool of every entity matching `filter`, minus the exclusions, labelled by `stratify`.
  // kInvalidArgument for a malformed or unknown region or industry prefix, an enum value out
  // of range, or an exclude_codes entry that is not 18 bytes.
  Result<Pool> BuildPool(const PoolFilter& filter, Stratify stratify) const;
  // The number of members BuildPool would return, without materialising them.
  Result<int64_t> CountPool(const PoolFilter& filter) const;

  // Live entities.
  size_t size() const;
  // The regulatory tags the index has seen (the values PoolFilter::tags_any can match),
  // sorted bytewise. A tag stays listed after the last entity carrying it is removed.
  std::vector<std::string> Tags() const;
  // Heap and object bytes held by the index (vector capacities, overlay, dictionaries).
  size_t MemoryBytes() const;
  IndexStats Stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sunlit::index

#endif  // SUNLIT_INDEX_ENTITY_INDEX_H_
