// Draw protocol v1 (`sunlit-draw-v1`), docs/draw.md and shared/docs/DRAW-PROTOCOL.md: a
// stratified random selection that anyone can recompute with nothing but SHA-256.
//
//   pool root  RFC 9162 Merkle root of `code || 0x1F || stratum`, candidates sorted by code
//   P          "A:count:1;B:bp:2500;#1"     (quotas by label, then the reserve)
//   K          "9319./2.5.8.10.12./..."     (RFC 3797 §4 key string of the public numbers)
//   seed       SHA-256(F("sunlit-draw-v1") || F(draw_id) || F(root) || F(P) || F(K) || F(secret))
//              with F(x) = 4-byte big-endian length of x || x
//   rank       SHA-256(seed || code); per stratum the k_h lowest ranks are selected and the
//              next min(R, n_h - k_h) are alternates.
//
// Everything here is deterministic: no clock, no global state, no floating point, and the
// result does not depend on the number of threads used. All functions are thread-safe.
#ifndef SUNLIT_DRAW_PROTOCOL_H_
#define SUNLIT_DRAW_PROTOCOL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "draw/sha256.h"

namespace sunlit::draw {

inline constexpr std::string_view kProtocolV1 = "sunlit-draw-v1";
inline constexpr size_t kCodeLength = 18;
inline constexpr size_t kMaxLabelLength = 32;
inline constexpr size_t kMaxStrata = 256;
inline constexpr int64_t kMaxBasisPoints = 10000;
// Pools are indexed with 32-bit integers internally.
inline constexpr uint64_t kMaxPoolSize = 0xFFFFFFFEu;

using Secret = std::array<uint8_t, 32>;
using Sources = std::vector<std::vector<uint64_t>>;

// One member of the pool: an 18-character unified social credit code (upper-case, valid
// GB 32100 check character) and its stratum label ([A-Za-z0-9_-]{0,32}; "" = unstratified).
struct Candidate {
  std::string code;
  std::string stratum;
};

// How many members of one stratum to select: count:N selects min(N, n_h); bp:B selects
// ceil(n_h * B / 10000) (0 <= B <= 10000).
struct Quota {
  enum class Kind { kCount, kBasisPoints };
  std::string stratum;
  Kind kind = Kind::kCount;
  int64_t value = 0;

  bool operator==(const Quota&) const = default;
};

// Everything but the pool.
struct DrawParams {
  std::string draw_id;        // the task number, UTF-8, not empty
  std::vector<Quota> quotas;  // any order; at most one per label; strata without one get 0
  int64_t reserve = 0;        // alternates kept per stratum, >= 0
  Sources sources;            // public randomness in announced order; each source non-empty
  Secret secret{};            // revealed with the result; SHA-256(secret) was published first
};

struct DrawInput {
  DrawParams params;
  std::vector<Candidate> candidates;  // any order
};

// The compact pool the in-memory index produces: no strings per member.
struct PoolEntry {
  std::array<char, kCodeLength> code;
  uint8_t stratum_index;  // into PoolView::labels
};

// REQUIRES for use with the functions below (checked, reported as kInvalidArgument):
// entries strictly ascending by code (bytewise), every code valid, every stratum_index <
// labels.size(), labels distinct and valid. Labels without members are allowed and ignored.
struct PoolView {
  std::span<const PoolEntry> entries;
  std::span<const std::string> labels;
};

struct StratumSize {
  std::string label;
  uint64_t size = 0;
  bool operator==(const StratumSize&) const = default;
};

enum class EntryRole { kSelected, kAlternate };

struct DrawEntry {
  std::string stratum;
  std::string code;
  Digest rank{};
  EntryRole role = EntryRole::kSelected;
  bool operator==(const DrawEntry&) const = default;
};

// The published result of a draw (protocol §5).
struct DrawRecord {
  std::string protocol;  // kProtocolV1
  std::string draw_id;
  Digest pool_root{};
  uint64_t pool_size = 0;
  std::vector<StratumSize> strata;  // non-empty strata, bytewise ascending by label
  std::string params;               // P
  std::string randomness;           // K
  Digest commitment{};              // SHA-256(secret)
  Secret secret{};
  Digest seed{};
  // Output order: strata ascending by label; within a stratum the selected then the
  // alternates, each in ascending rank (so ascending rank throughout the stratum).
  std::vector<DrawEntry> entries;
  bool operator==(const DrawRecord&) const = default;
};

// What the pool alone determines; the app publishes it when the pool is frozen.
struct PoolSummary {
  Digest root{};
  uint64_t size = 0;
  std::vector<StratumSize> strata;  // non-empty strata, ascending by label
};

// ---- Validation (kInvalidArgument with a message naming the problem) ----

// True when `label` matches [A-Za-z0-9_-]{0,32}.
bool IsValidStratumLabel(std::string_view label);
// True when `code` is 18 characters of the GB 32100 alphabet with a correct check character
// (the GB 11714 organisation-code check is not required).
bool IsValidCode(std::string_view code);

Status ValidateQuotas(std::span<const Quota> quotas);
Status ValidateSources(const Sources& sources);
// draw_id, quotas, reserve and sources.
Status ValidateParams(const DrawParams& params);

// ---- Canonical forms (§2, §3) ----

// The leaf `code || 0x1F || stratum`.
std::string PoolLeaf(std::string_view code, std::string_view stratum);
// The pool root of candidates already sorted by code. REQUIRES: non-empty, sorted, valid
// (use SummarisePool or RunDraw for checked input).
Digest PoolRoot(std::span<const Candidate> sorted_candidates);

// P. REQUIRES: ValidateQuotas(quotas).ok() and reserve >= 0.
std::string ParamsString(std::span<const Quota> quotas, int64_t reserve);
// K, the RFC 3797 §4 key string.
std::string RandomnessString(const Sources& sources);

struct ParsedParams {
  std::vector<Quota> quotas;  // in label order
  int64_t reserve = 0;
};
// Inverse of ParamsString; rejects anything that is not exactly a canonical P.
Result<ParsedParams> ParseParamsString(std::string_view p);
// Inverse of RandomnessString (numbers within a source come back sorted); rejects anything
// that is not exactly a canonical K.
Result<Sources> ParseRandomnessString(std::string_view k);

Digest Commitment(const Secret& secret);
Digest Seed(std::string_view draw_id, const Digest& pool_root, std::string_view params,
            std::string_view randomness, const Secret& secret);
// SHA-256(seed || code).
Digest Rank(const Digest& seed, std::string_view code);
// k_h for a stratum of n members under `quota` (nullptr: no quota, 0).
// REQUIRES: the quota is valid.
uint64_t SelectionSize(uint64_t n, const Quota* quota);

// ---- Running a draw ----
//
// `threads` <= 0 means one per available core (at most 8). Small pools use one thread.

// Validates the pool and computes its root and stratum sizes.
Result<PoolSummary> SummarisePool(const PoolView& pool, int threads = 0);
Result<PoolSummary> SummarisePool(std::span<const Candidate> candidates);

// The selected and alternate entries for `seed`, in output order.
// REQUIRES: `summary` is SummarisePool(pool).value(); quotas valid; reserve >= 0.
std::vector<DrawEntry> SelectEntries(const PoolView& pool, const PoolSummary& summary,
                                     std::span<const Quota> quotas, int64_t reserve,
                                     const Digest& seed, int threads = 0);

// The whole draw. Candidates may come in any order.
Result<DrawRecord> RunDraw(const DrawInput& input);
Result<DrawRecord> RunDraw(const PoolView& pool, const DrawParams& params, int threads = 0);
// The draw of a pool whose summary (root, stratum sizes) was computed when it was frozen:
// skips the Merkle root, which is most of the work for large pools (a 10-million pool's
// root costs about twice its ranks). REQUIRES: frozen == SummarisePool(pool) for this very
// pool (only the sizes are checked here); the published record's root is `frozen.root`,
// so anyone's VerifyRecord catches a summary that does not belong to the pool.
Result<DrawRecord> RunDraw(const PoolView& pool, const PoolSummary& frozen,
                           const DrawParams& params, int threads = 0);

// Sorted compact pool built from candidates (for callers holding strings): the entries and
// the label table they index. Validates codes, labels and uniqueness.
struct CompactPool {
  std::vector<PoolEntry> entries;
  std::vector<std::string> labels;
  PoolView view() const { return {entries, labels}; }
};
Result<CompactPool> MakeCompactPool(std::span<const Candidate> candidates);

namespace internal {

// SelectEntries keeps, in its one pass over the pool, only members whose rank prefix (first 8
// bytes, big-endian) is at most `threshold(n_h, keep_h)`, and redoes a stratum without a
// threshold when fewer than keep_h were kept. The result never depends on the threshold;
// tests pass thresholds that are too low to exercise the second pass.
using ThresholdFn = uint64_t (*)(uint64_t members, uint64_t keep);
uint64_t InitialThreshold(uint64_t members, uint64_t keep);
std::vector<DrawEntry> SelectEntriesWith(const PoolView& pool, const PoolSummary& summary,
                                         std::span<const Quota> quotas, int64_t reserve,
                                         const Digest& seed, int threads, ThresholdFn threshold);

}  // namespace internal
}  // namespace sunlit::draw

#endif  // SUNLIT_DRAW_PROTOCOL_H_
