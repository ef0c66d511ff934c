// The columnar entity index: row encoding, build, in-place updates with an overlay for new
// codes, and the two-pass parallel pool build (mark member rows in a bitmap by a scan or via
// per-region postings, then gather their codes into each chunk's slice of the result).
#include "index/entity_index.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <map>
#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/region.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace sunlit::index {
namespace {

// attrs byte: type in bits 0-1, registration status in bits 2-4, risk class in bits 5-7.
// Status value 7 (not a RegistrationStatus) marks a removed row, so the filter table that
// decides type/status/risk rejects removed rows at no extra cost.
constexpr int kStatusShift = 2;
constexpr int kRiskShift = 5;
constexpr int kRemovedStatus = 7;
constexpr uint8_t kRemovedAttrs = kRemovedStatus << kStatusShift;
constexpr int kMaxType = static_cast<int>(core::EntityType::kOther);
constexpr int kMaxStatus = static_cast<int>(core::RegistrationStatus::kMovedOut);
constexpr int kMaxRisk = static_cast<int>(core::RiskClass::kD);

int TypeOf(uint8_t attrs) { return attrs & 3; }
int StatusOf(uint8_t attrs) { return (attrs >> kStatusShift) & 7; }
int RiskOf(uint8_t attrs) { return attrs >> kRiskShift; }
bool IsRemoved(uint8_t attrs) { return StatusOf(attrs) == kRemovedStatus; }

// Last-inspected days: 0 = never, d = 2000-01-01 + (d - 1) days, so 1..65535 covers
// 2000-01-01..2179-06-05 and "never" needs no extra bit.
constexpr uint32_t kMaxDayValue = 65535;
int32_t Epoch() {
  static const int32_t epoch = core::DaysFromCivil(2000, 1, 1);
  return epoch;
}
// The encoded value of `day`, unclamped (may be < 1 or > kMaxDayValue).
int64_t DayValue(core::Date day) { return int64_t{day.days()} - Epoch() + 1; }

constexpr size_t kMaxRows = 0xFFFFFFFFu;  // row ids are uint32
constexpr size_t kAutoRowsPerThread = size_t{1} << 18;
constexpr size_t kMaxAutoThreads = 8;
// Pools whose region candidates are at most 1/kPostingsMaxShare of the rows use postings.
constexpr size_t kPostingsMaxShare = 5;

// Bytewise comparison of two codes (memcmp order) in three loads a side instead of a libc
// call: this sits in the inner loops of exclusion lookups, merges and Find.
template <typename T>
T LoadBigEndian(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  if constexpr (std::endian::native == std::endian::little) {
    if constexpr (sizeof(T) == 8) {
      v = __builtin_bswap64(v);
    } else {
      v = __builtin_bswap16(v);
    }
  }
  return v;
}
int CompareCodes(const Code& a, const Code& b) {
  static_assert(kCodeLength == 18);
  for (size_t off = 0; off < 16; off += 8) {
    const auto x = LoadBigEndian<uint64_t>(a.data() + off);
    const auto y = LoadBigEndian<uint64_t>(b.data() + off);
    if (x != y) return x < y ? -1 : 1;
  }
  const auto x = LoadBigEndian<uint16_t>(a.data() + 16);
  const auto y = LoadBigEndian<uint16_t>(b.data() + 16);
  return x == y ? 0 : x < y ? -1 : 1;
}
struct CodeLess {
  bool operator()(const Code& a, const Code& b) const { return CompareCodes(a, b) < 0; }
};

// Asks the kernel to back [p, p + bytes) with transparent huge pages. Faulting in the members
// of a province-wide pool (~170 MB) then takes a few hundred 2 MiB faults instead of tens of
// thousands of 4 KiB ones: measured ~28 ms instead of ~67 ms here. Advisory only.
void AdviseHuge(const void* p, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{1} << 21;
  if (bytes < 2 * kHuge) return;
  // The whole huge pages inside [p, p + bytes); pointer arithmetic, not integer-to-pointer.
  const auto a = reinterpret_cast<uintptr_t>(p);
  const size_t skip = (kHuge - a % kHuge) % kHuge;
  const size_t length = (bytes - skip) / kHuge * kHuge;
  char* const lo = const_cast<char*>(static_cast<const char*>(p)) + skip;
  if (length > 0) (void)madvise(lo, length, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

// One row's fields other than its code.
struct Row {
  uint64_t tags = 0;
  uint16_t region = 0;
  uint16_t industry = 0;
  uint16_t last = 0;
  uint8_t attrs = 0;
};

// The sorted main columns (structure of arrays, one element per row).
struct Columns {
  std::vector<Code> code;
  std::vector<uint16_t> region;
  std::vector<uint16_t> industry;
  std::vector<uint16_t> last;
  std::vector<uint8_t> attrs;
  std::vector<uint64_t> tags;

  size_t size() const { return code.size(); }
  bool empty() const { return code.empty(); }
  void Reserve(size_t n) {
    code.reserve(n);
    region.reserve(n);
    industry.reserve(n);
    last.reserve(n);
    attrs.reserve(n);
    tags.reserve(n);
  }
  void ShrinkToFit() {
    code.shrink_to_fit();
    region.shrink_to_fit();
    industry.shrink_to_fit();
    last.shrink_to_fit();
    attrs.shrink_to_fit();
    tags.shrink_to_fit();
  }
  void AdviseHugePages() const {
    AdviseHuge(code.data(), code.capacity() * sizeof(Code));
    AdviseHuge(region.data(), region.capacity() * sizeof(uint16_t));
    AdviseHuge(industry.data(), industry.capacity() * sizeof(uint16_t));
    AdviseHuge(last.data(), last.capacity() * sizeof(uint16_t));
    AdviseHuge(attrs.data(), attrs.capacity());
    AdviseHuge(tags.data(), tags.capacity() * sizeof(uint64_t));
  }
  void Push(const Code& c, const Row& r) {
    code.push_back(c);
    region.push_back(r.region);
    industry.push_back(r.industry);
    last.push_back(r.last);
    attrs.push_back(r.attrs);
    tags.push_back(r.tags);
  }
  void Set(size_t i, const Row& r) {
    region[i] = r.region;
    industry[i] = r.industry;
    last[i] = r.last;
    attrs[i] = r.attrs;
    tags[i] = r.tags;
  }
  Row RowAt(size_t i) const {
    Row r;
    r.tags = tags[i];
    r.region = region[i];
    r.industry = industry[i];
    r.last = last[i];
    r.attrs = attrs[i];
    return r;
  }
  // The row holding `c` (removed or not), or size() when none does.
  size_t Find(const Code& c) const {
    const auto it = std::lower_bound(code.begin(), code.end(), c, CodeLess());
    if (it == code.end() || CompareCodes(*it, c) != 0) return size();
    return static_cast<size_t>(it - code.begin());
  }
  size_t MemoryBytes() const {
    return code.capacity() * sizeof(Code) + region.capacity() * sizeof(uint16_t) +
           industry.capacity() * sizeof(uint16_t) + last.capacity() * sizeof(uint16_t) +
           attrs.capacity() * sizeof(uint8_t) + tags.capacity() * sizeof(uint64_t);
  }
};

using Overlay = std::map<Code, Row, CodeLess>;

// Approximate heap bytes of a node-based container entry (two pointers of bucket/tree
// overhead plus allocator rounding).
constexpr size_t kNodeOverhead = 48;

size_t StringBytes(const std::string& s) {
  return s.capacity() > 15 ? s.capacity() + 1 : 0;  // beyond the small-string buffer
}

// Section letter of an industry code, as core::IndustryTree::Matches decides it: a section's
// own letter, else the section of its first two characters (a division); "" when unknown.
std::string SectionOf(const core::IndustryTree& tree, const std::string& code) {
  if (core::IndustryLevelOf(code) == 1) return code;
  if (code.size() < 2) return {};
  return tree.SectionOf(std::string_view(code).substr(0, 2));
}

// Region, industry and tag dictionaries. Entries are never removed.
struct Dictionaries {
  std::vector<int32_t> regions;
  std::unordered_map<int32_t, uint16_t> region_ids;
  std::vector<std::string> industries;
  std::vector<std::string> industry_sections;  // parallel to industries
  std::vector<uint8_t> industry_is_digits;     // IndustryLevelOf(code) >= 2
  std::unordered_map<std::string, uint16_t> industry_ids;
  std::vector<std::string> tags;  // bit i = tags[i]
  std::unordered_map<std::string, int> tag_bits;

  size_t MemoryBytes() const {
    size_t n = regions.capacity() * sizeof(int32_t) +
               region_ids.size() * (sizeof(std::pair<int32_t, uint16_t>) + kNodeOverhead) +
               region_ids.bucket_count() * sizeof(void*);
    for (size_t i = 0; i < industries.size(); ++i) {
      n += sizeof(std::string) * 2 + StringBytes(industries[i]) + StringBytes(industry_sections[i]);
      n += sizeof(std::pair<std::string, uint16_t>) + kNodeOverhead + StringBytes(industries[i]);
    }
    n += industry_is_digits.capacity() + industry_ids.bucket_count() * sizeof(void*);
    for (const std::string& t : tags) {
      n += sizeof(std::string) + StringBytes(t) + sizeof(std::pair<std::string, int>) +
           kNodeOverhead + StringBytes(t);
    }
    n += tag_bits.bucket_count() * sizeof(void*);
    return n;
  }
};

// A cursor over a sorted code list for rows visited in ascending code order.
class SortedCursor {
 public:
  SortedCursor(const std::vector<Code>* codes, const Code* first) {
    if (codes == nullptr) return;
    it_ = codes->data();
    end_ = it_ + codes->size();
    if (first != nullptr) it_ = std::lower_bound(it_, end_, *first, CodeLess());
  }
  // REQUIRES: `c` is not less than the code of the previous call.
  bool Contains(const Code& c) {
    if (it_ != end_ && CompareCodes(*it_, c) < 0) {
      // Gallop: a small pool skips most of a large set.
      const Code* lo = it_;  // *lo < c
      size_t step = 1;
      while (step < static_cast<size_t>(end_ - lo) && CompareCodes(lo[step], c) < 0) {
        lo += step;
        step *= 2;
      }
      const Code* hi = step < static_cast<size_t>(end_ - lo) ? lo + step : end_;
      it_ = std::lower_bound(lo + 1, hi, c, CodeLess());
    }
    return it_ != end_ && CompareCodes(*it_, c) == 0;
  }

 private:
  const Code* it_ = nullptr;
  const Code* end_ = nullptr;
};

// Provisional stratum numbers, in bytewise label order; kept only when they occur.
constexpr size_t kMaxStrata = 5;
constexpr std::array<std::string_view, kMaxStrata> kRiskLabels = {"A", "B", "C", "D", "U"};

// A PoolFilter validated and compiled against the dictionaries: per-entry booleans so the
// scan does O(1) table lookups per row.
struct Plan {
  std::vector<uint8_t> region_ok;    // per region id
  bool region_filter = false;        // some region id is not ok
  std::vector<uint8_t> industry_ok;  // per industry id; used when industry_filter
  bool industry_filter = false;
  std::array<uint8_t, 256> attr_ok{};  // per attrs byte: type, status, risk (removed = 0)
  std::array<uint8_t, 256> stratum{};  // per attrs byte: provisional stratum
  uint64_t tag_mask = 0;
  bool tag_filter = false;
  uint32_t cool_since = kMaxDayValue + 1;  // rows with last >= this are cooled down
  const CodeSet* drawn = nullptr;          // nullptr when empty
  const CodeSet* listed = nullptr;         // nullptr when empty
  bool sets() const { return drawn != nullptr || listed != nullptr; }
  bool matches_nothing = false;
  Stratify stratify = Stratify::kNone;
};

// What the selection over one chunk of rows found.
struct ChunkResult {
  size_t count = 0;
  std::array<int64_t, kMaxStrata> strata{};
  ExclusionCounts excluded;
};

// Row ids grouped by region id, so that a pool covering a small part of the index (a
// prefecture, a county) visits its candidates only instead of every row. The code carries
// the registering region but the region column may differ, so code order cannot serve here.
struct Postings {
  std::vector<uint32_t> rows;   // grouped by region id, ascending within a group
  std::vector<uint32_t> start;  // group r is rows[start[r], start[r + 1])
  // Rows whose region changed in place since the groups were built: always candidates.
  // Their stale entries in the old group are harmless (every candidate is re-checked).
  std::vector<uint32_t> moved;

  size_t groups() const { return start.empty() ? 0 : start.size() - 1; }

  // Counting sort of every row of `c` (removed ones too: they may come back) by region id.
  void Build(const Columns& c, size_t regions) {
    start.assign(regions + 1, 0);
    for (size_t i = 0; i < c.size(); ++i) ++start[c.region[i] + 1];
    for (size_t r = 0; r < regions; ++r) start[r + 1] += start[r];
    rows.resize(start[regions]);
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < c.size(); ++i) rows[next[c.region[i]]++] = static_cast<uint32_t>(i);
    rows.shrink_to_fit();
    moved.clear();
    moved.shrink_to_fit();
  }
  size_t MemoryBytes() const {
    return (rows.capacity() + start.capacity() + moved.capacity()) * sizeof(uint32_t);
  }
};

// The per-row test shared by both selection kernels. Template flags drop the columns and
// checks a filter does not need; `Keep` is branch-free unless code sets are involved.
template <bool kRegion, bool kIndustry, bool kTags, bool kSets>
class RowTest {
 public:
  RowTest(const Columns& c, const Plan& p, size_t begin)
      : attrs_(c.attrs.data()),
        region_(c.region.data()),
        industry_(c.industry.data()),
        last_(c.last.data()),
        tags_(c.tags.data()),
        code_(c.code.data()),
        attr_ok_(p.attr_ok.data()),
        region_ok_(p.region_ok.data()),
        industry_ok_(p.industry_ok.data()),
        tag_mask_(p.tag_mask),
        cool_since_(p.cool_since),
        drawn_(kSets && p.drawn != nullptr ? &p.drawn->codes() : nullptr,
               begin < c.size() ? &c.code[begin] : nullptr),
        listed_(kSets && p.listed != nullptr ? &p.listed->codes() : nullptr,
                begin < c.size() ? &c.code[begin] : nullptr) {}

  // 1 when row i is a member, else 0. REQUIRES: rows visited in ascending order.
  uint32_t Keep(size_t i) {
    uint32_t ok = attr_ok_[attrs_[i]];
    if constexpr (kRegion) ok &= region_ok_[region_[i]];
    if constexpr (kIndustry) ok &= industry_ok_[industry_[i]];
    if constexpr (kTags) ok &= static_cast<uint32_t>((tags_[i] & tag_mask_) != 0);
    const uint32_t cool = ok & static_cast<uint32_t>(last_[i] >= cool_since_);
    excluded_.cooled_down += cool;
    uint32_t keep = ok & ~cool;
    if constexpr (kSets) {
      if (keep != 0) {
        if (drawn_.Contains(code_[i])) {
          ++excluded_.annual_cap;
          keep = 0;
        } else if (listed_.Contains(code_[i])) {
          ++excluded_.explicit_list;
          keep = 0;
        }
      }
    }
    return keep;
  }
  const ExclusionCounts& excluded() const { return excluded_; }

 private:
  const uint8_t* const attrs_;
  const uint16_t* const region_;
  const uint16_t* const industry_;
  const uint16_t* const last_;
  const uint64_t* const tags_;
  const Code* const code_;
  const uint8_t* const attr_ok_;
  const uint8_t* const region_ok_;
  const uint8_t* const industry_ok_;
  const uint64_t tag_mask_;
  const uint32_t cool_since_;
  SortedCursor drawn_;
  SortedCursor listed_;
  ExclusionCounts excluded_;
};

// Per-stratum member counts, spread over four copies so that consecutive rows of the same
// stratum do not wait on each other's increment.
class StratumCounter {
 public:
  void Add(size_t row, uint8_t stratum, uint32_t n) { counts_[row & 3][stratum] += n; }
  std::array<int64_t, kMaxStrata> Total() const {
    std::array<int64_t, kMaxStrata> t{};
    for (const auto& c : counts_) {
      for (size_t h = 0; h < kMaxStrata; ++h) t[h] += c[h];
    }
    return t;
  }

 private:
  std::array<std::array<int64_t, kMaxStrata>, 4> counts_{};
};

// Selection by scanning every row of [begin, end) (begin a multiple of 64). With kBits, bit
// (i - begin) of `words` is set for each member row i and strata are counted.
template <bool kRegion, bool kIndustry, bool kTags, bool kSets, bool kBits>
void ScanRows(const Columns& c, const Postings&, const std::vector<uint32_t>&, const Plan& p,
              size_t begin, size_t end, uint64_t* words, ChunkResult* out) {
  RowTest<kRegion, kIndustry, kTags, kSets> test(c, p, begin);
  StratumCounter strata;
  const uint8_t* const attrs = c.attrs.data();
  const uint8_t* const stratum = p.stratum.data();
  size_t n = 0;
  for (size_t base = begin; base < end; base += 64) {
    const size_t stop = std::min(end, base + 64);
    uint64_t bits = 0;
    for (size_t i = base; i < stop; ++i) {
      const uint32_t keep = test.Keep(i);
      if constexpr (kBits) {
        bits |= uint64_t{keep} << (i - base);
        strata.Add(i, stratum[attrs[i]], keep);
      } else {
        n += keep;
      }
    }
    if constexpr (kBits) {
      words[(base - begin) >> 6] = bits;
      n += static_cast<size_t>(std::popcount(bits));
    }
  }
  out->count = n;
  out->strata = strata.Total();
  out->excluded = test.excluded();
}

// Selection through the postings of the matching region ids `groups`: marks the candidate
// rows of [begin, end) in `words`, then keeps the bits of the rows that pass.
template <bool kIndustry, bool kTags, bool kSets, bool kBits>
void ScanPostings(const Columns& c, const Postings& post, const std::vector<uint32_t>& groups,
                  const Plan& p, size_t begin, size_t end, uint64_t* words, ChunkResult* out) {
  const size_t nwords = (end - begin + 63) / 64;
  std::fill(words, words + nwords, uint64_t{0});
  const auto mark = [&](uint32_t row) {
    const size_t off = row - begin;
    words[off >> 6] |= uint64_t{1} << (off & 63);
  };
  for (const uint32_t g : groups) {
    const uint32_t* lo = post.rows.data() + post.start[g];
    const uint32_t* hi = post.rows.data() + post.start[g + 1];
    lo = std::lower_bound(lo, hi, static_cast<uint32_t>(begin));
    if (end < c.size()) hi = std::lower_bound(lo, hi, static_cast<uint32_t>(end));
    for (; lo != hi; ++lo) mark(*lo);
  }
  for (const uint32_t row : post.moved) {
    if (row >= begin && row < end) mark(row);
  }
  RowTest</*kRegion=*/true, kIndustry, kTags, kSets> test(c, p, begin);
  StratumCounter strata;
  const uint8_t* const attrs = c.attrs.data();
  const uint8_t* const stratum = p.stratum.data();
  size_t n = 0;
  for (size_t w = 0; w < nwords; ++w) {
    uint64_t bits = words[w];
    uint64_t kept = 0;
    while (bits != 0) {
      const int j = std::countr_zero(bits);
      bits &= bits - 1;
      const size_t i = begin + w * 64 + static_cast<size_t>(j);
      const uint32_t keep = test.Keep(i);
      kept |= uint64_t{keep} << j;
      if constexpr (kBits) strata.Add(i, stratum[attrs[i]], keep);
    }
    words[w] = kept;
    n += static_cast<size_t>(std::popcount(kept));
  }
  out->count = n;
  out->strata = strata.Total();
  out->excluded = test.excluded();
}

using SelectFn = void (*)(const Columns&, const Postings&, const std::vector<uint32_t>&,
                          const Plan&, size_t, size_t, uint64_t*, ChunkResult*);

template <bool kPostings, size_t kFlags>
constexpr SelectFn SelectFor() {
  constexpr bool kRegion = (kFlags & 16) != 0;
  constexpr bool kIndustry = (kFlags & 8) != 0;
  constexpr bool kTags = (kFlags & 4) != 0;
  constexpr bool kSets = (kFlags & 2) != 0;
  constexpr bool kBits = (kFlags & 1) != 0;
  if constexpr (kPostings) {
    (void)kRegion;  // postings imply a region filter
    return &ScanPostings<kIndustry, kTags, kSets, kBits>;
  } else {
    return &ScanRows<kRegion, kIndustry, kTags, kSets, kBits>;
  }
}
template <bool kPostings, size_t... kFlags>
constexpr std::array<SelectFn, sizeof...(kFlags)> SelectTable(std::index_sequence<kFlags...>) {
  return {SelectFor<kPostings, kFlags>()...};
}
SelectFn PickSelect(const Plan& p, bool postings, bool bits) {
  static constexpr std::array<SelectFn, 32> kScan =
      SelectTable<false>(std::make_index_sequence<32>());
  static constexpr std::array<SelectFn, 16> kPost =
      SelectTable<true>(std::make_index_sequence<16>());
  const size_t flags = (p.region_filter && !postings ? 16 : 0) | (p.industry_filter ? 8 : 0) |
                       (p.tag_filter ? 4 : 0) | (p.sets() ? 2 : 0) | (bits ? 1 : 0);
  return postings ? kPost[flags] : kScan[flags];
}

// Runs fn(0) .. fn(n - 1), fn(0) on the calling thread and the rest on new threads (inline
// when a thread cannot be started).
void RunParallel(size_t n, const std::function<void(size_t)>& fn) {
  std::vector<std::thread> threads;
  threads.reserve(n > 0 ? n - 1 : 0);
  for (size_t k = 1; k < n; ++k) {
    try {
      threads.emplace_back(fn, k);
    } catch (const std::system_error&) {
      fn(k);
    }
  }
  if (n > 0) fn(0);
  for (std::thread& t : threads) t.join();
}

// A reader/writer lock under which a waiting writer goes before readers arriving after it.
// glibc's std::shared_mutex prefers readers, so a steady stream of overlapping pool scans
// (live counts in the UI) could otherwise hold off an update indefinitely.
class WriterFirstSharedMutex {
 public:
  void lock() {
    std::lock_guard<std::mutex> turn(turnstile_);  // new readers wait here meanwhile
    mu_.lock();
  }
  void unlock() { mu_.unlock(); }
  void lock_shared() {
    { std::lock_guard<std::mutex> turn(turnstile_); }
    mu_.lock_shared();
  }
  void unlock_shared() { mu_.unlock_shared(); }

 private:
  std::mutex turnstile_;
  std::shared_mutex mu_;
};

// A member taken from the overlay, with its provisional stratum.
struct OverlayMember {
  Code code;
  uint8_t stratum;
};

}  // namespace

std::optional<Code> ToCode(std::string_view text) {
  if (text.size() != kCodeLength) return std::nullopt;
  Code c;
  std::memcpy(c.data(), text.data(), kCodeLength);
  return c;
}

// --- CodeSet -------------------------------------------------------------------------------

CodeSet CodeSet::Build(std::vector<Code> codes) {
  std::sort(codes.begin(), codes.end(), CodeLess());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  codes.shrink_to_fit();
  CodeSet set;
  set.codes_ = std::move(codes);
  return set;
}

Result<CodeSet> CodeSet::FromStrings(const std::vector<std::string>& codes) {
  std::vector<Code> out;
  out.reserve(codes.size());
  for (const std::string& s : codes) {
    const std::optional<Code> c = ToCode(s);
    if (!c) {
      return InvalidArgument("code '" + s + "' is not 18 characters long");
    }
    out.push_back(*c);
  }
  return Build(std::move(out));
}

bool CodeSet::Contains(const Code& code) const {
  const auto it = std::lower_bound(codes_.begin(), codes_.end(), code, CodeLess());
  return it != codes_.end() && CompareCodes(*it, code) == 0;
}

bool CodeSet::Contains(std::string_view code) const {
  const std::optional<Code> c = ToCode(code);
  return c.has_value() && Contains(*c);
}

// --- EntityIndex::Impl -----------------------------------------------------------------------

struct EntityIndex::Impl {
  explicit Impl(const IndexOptions& o)
      : options(o), tree(o.industries != nullptr ? o.industries : &core::IndustryTree::Builtin()) {}

  // Checks `e` and encodes it, adding dictionary entries. On error nothing changes.
  // REQUIRES: exclusive access.
  Status Encode(const core::Entity& e, Code* code, Row* row);
  // REQUIRES: exclusive access (or the writer lock: only writers call it).
  void MaybeMerge();
  Plan Compile(const PoolFilter& filter, const std::vector<std::string>& regions,
               const std::vector<std::string>& industries, const CodeSet* listed,
               Stratify stratify) const;
  // Matching overlay entries, in code order, with the exclusions they account for.
  std::vector<OverlayMember> ScanOverlay(const Plan& plan, ExclusionCounts* excluded,
                                         std::array<int64_t, kMaxStrata>* strata) const;
  size_t ThreadsFor(size_t rows) const;
  // Selects the member rows of the columns for `plan`; see Selection.
  struct Selection;
  Selection Select(const Plan& plan, bool bits) const;
  IndexedEntity Decode(const Code& code, const Row& row) const;
  // Pending work for a merge: overlay entries, removed rows, rows moved between regions.
  size_t Pending() const { return overlay.size() + removed + post.moved.size(); }

  const IndexOptions options;
  const core::IndustryTree* const tree;

  std::mutex write_mu;                // serialises writers
  mutable WriterFirstSharedMutex mu;  // readers shared; writers exclusive while changing
  Columns cols;
  Postings post;       // of cols
  Overlay overlay;     // codes absent from cols
  size_t removed = 0;  // rows of cols marked removed
  int64_t merges = 0;
  Dictionaries dict;
};

Status EntityIndex::Impl::Encode(const core::Entity& e, Code* code, Row* row) {
  const std::optional<Code> c = ToCode(e.code);
  if (!c) {
    return InvalidArgument("entity code '" + e.code + "' is not 18 characters long");
  }
  const int type = static_cast<int>(e.type);
  const int status = static_cast<int>(e.status);
  const int risk = static_cast<int>(e.risk);
  if (type < 0 || type > kMaxType || status < 0 || status > kMaxStatus || risk < 0 ||
      risk > kMaxRisk) {
    return InvalidArgument("entity " + e.code + " has a type, status or risk class out of range");
  }
  uint16_t last = 0;
  if (e.last_inspected.has_value()) {
    const int64_t v = DayValue(*e.last_inspected);
    if (v > int64_t{kMaxDayValue}) {
      return OutOfRange("entity " + e.code + " was last inspected on " +
                        e.last_inspected->ToString() + ", after 2179-06-05");
    }
    last = static_cast<uint16_t>(std::max<int64_t>(v, 1));
  }
  // Check capacity before changing any dictionary.
  size_t new_tags = 0;
  for (size_t i = 0; i < e.tags.size(); ++i) {
    const std::string& t = e.tags[i];
    if (dict.tag_bits.count(t) != 0) continue;
    if (std::find(e.tags.begin(), e.tags.begin() + static_cast<std::ptrdiff_t>(i), t) !=
        e.tags.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;  // repeated within this entity
    }
    if (dict.tags.size() + ++new_tags > kMaxTags) {
      return ResourceExhausted("too many distinct regulatory tags: '" + t + "' of entity " +
                               e.code + " would be the 65th; the entity index holds at most 64");
    }
  }
  const auto region_it = dict.region_ids.find(e.region);
  if (region_it == dict.region_ids.end() && dict.regions.size() >= kMaxDictionaryEntries) {
    return ResourceExhausted("too many distinct region codes (at most 65536) at entity " + e.code);
  }
  const auto industry_it = dict.industry_ids.find(e.industry);
  if (industry_it == dict.industry_ids.end() && dict.industries.size() >= kMaxDictionaryEntries) {
    return ResourceExhausted("too many distinct industry codes (at most 65536) at entity " +
                             e.code);
  }

  Row r;
  if (region_it != dict.region_ids.end()) {
    r.region = region_it->second;
  } else {
    r.region = static_cast<uint16_t>(dict.regions.size());
    dict.regions.push_back(e.region);
    dict.region_ids.emplace(e.region, r.region);
  }
  if (industry_it != dict.industry_ids.end()) {
    r.industry = industry_it->second;
  } else {
    r.industry = static_cast<uint16_t>(dict.industries.size());
    dict.industries.push_back(e.industry);
    dict.industry_sections.push_back(SectionOf(*tree, e.industry));
    dict.industry_is_digits.push_back(core::IndustryLevelOf(e.industry) >= 2 ? 1 : 0);
    dict.industry_ids.emplace(e.industry, r.industry);
  }
  for (const std::string& t : e.tags) {
    auto it = dict.tag_bits.find(t);
    if (it == dict.tag_bits.end()) {
      it = dict.tag_bits.emplace(t, static_cast<int>(dict.tags.size())).first;
      dict.tags.push_back(t);
    }
    r.tags |= uint64_t{1} << it->second;
  }
  r.last = last;
  r.attrs = static_cast<uint8_t>(type | (status << kStatusShift) | (risk << kRiskShift));
  *code = *c;
  *row = r;
  return Status::Ok();
}

void EntityIndex::Impl::MaybeMerge() {
  // Only writers change cols/post/overlay/removed and the caller is the writer, so reading
  // them here without the shared lock races with nothing.
  const size_t limit = std::max(options.overlay_limit, cols.size() / 64);
  if (Pending() <= limit) return;
  Columns merged;
  merged.Reserve(cols.size() - removed + overlay.size());
  auto o = overlay.begin();
  for (size_t i = 0; i < cols.size(); ++i) {
    for (; o != overlay.end() && CompareCodes(o->first, cols.code[i]) < 0; ++o) {
      merged.Push(o->first, o->second);
    }
    if (!IsRemoved(cols.attrs[i])) merged.Push(cols.code[i], cols.RowAt(i));
  }
  for (; o != overlay.end(); ++o) merged.Push(o->first, o->second);
  merged.AdviseHugePages();
  Postings merged_post;
  merged_post.Build(merged, dict.regions.size());
  Overlay old_overlay;
  {
    std::unique_lock lock(mu);
    std::swap(cols, merged);
    std::swap(post, merged_post);
    std::swap(overlay, old_overlay);
    removed = 0;
    ++merges;
  }
  // The old columns, postings and overlay are freed here, after readers may proceed.
}

size_t EntityIndex::Impl::ThreadsFor(size_t rows) const {
  size_t n = 0;
  if (options.scan_threads > 0) {
    n = static_cast<size_t>(options.scan_threads);
  } else {
    n = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), kMaxAutoThreads);
    n = std::min(n, std::max<size_t>(1, rows / kAutoRowsPerThread));
  }
  // Chunks are whole 64-row words of the selection bitmap.
  return std::max<size_t>(1, std::min(n, (rows + 63) / 64));
}

Plan EntityIndex::Impl::Compile(const PoolFilter& filter, const std::vector<std::string>& regions,
                                const std::vector<std::string>& industries, const CodeSet* listed,
                                Stratify stratify) const {
  Plan p;
  p.stratify = stratify;
  p.region_ok.assign(std::max<size_t>(dict.regions.size(), 1), 0);
  bool any_region = false;
  for (size_t i = 0; i < dict.regions.size(); ++i) {
    bool ok = regions.empty();
    for (const std::string& prefix : regions)
      ok = ok || core::RegionMatches(dict.regions[i], prefix);
    p.region_ok[i] = ok ? 1 : 0;
    any_region = any_region || ok;
    p.region_filter = p.region_filter || !ok;
  }
  p.industry_filter = !industries.empty();
  p.industry_ok.assign(std::max<size_t>(dict.industries.size(), 1), 0);
  bool any_industry = !p.industry_filter;
  for (size_t i = 0; p.industry_filter && i < dict.industries.size(); ++i) {
    const std::string& code = dict.industries[i];
    bool ok = false;
    for (const std::string& prefix : industries) {
      if (core::IndustryLevelOf(prefix) == 1) {
        ok = ok || code == prefix || dict.industry_sections[i] == prefix;
      } else {
        ok = ok || (dict.industry_is_digits[i] != 0 && code.size() >= prefix.size() &&
                    code.compare(0, prefix.size(), prefix) == 0);
      }
    }
    p.industry_ok[i] = ok ? 1 : 0;
    any_industry = any_industry || ok;
  }
  bool any_attrs = false;
  for (int a = 0; a < 256; ++a) {
    const auto attrs = static_cast<uint8_t>(a);
    const int type = TypeOf(attrs);
    const int status = StatusOf(attrs);
    const int risk = RiskOf(attrs);
    bool ok = status <= kMaxStatus && risk <= kMaxRisk;
    ok = ok && (filter.types.empty() ||
                std::find(filter.types.begin(), filter.types.end(),
                          static_cast<core::EntityType>(type)) != filter.types.end());
    ok = ok && (filter.statuses.empty() ||
                std::find(filter.statuses.begin(), filter.statuses.end(),
                          static_cast<core::RegistrationStatus>(status)) != filter.statuses.end());
    ok = ok && (filter.risks.empty() ||
                std::find(filter.risks.begin(), filter.risks.end(),
                          static_cast<core::RiskClass>(risk)) != filter.risks.end());
    p.attr_ok[a] = ok ? 1 : 0;
    any_attrs = any_attrs || ok;
    if (stratify == Stratify::kRiskClass && risk <= kMaxRisk) {
      p.stratum[a] = static_cast<uint8_t>(risk == 0 ? 4 : risk - 1);
    }
  }
  p.tag_filter = !filter.tags_any.empty();
  for (const std::string& t : filter.tags_any) {
    const auto it = dict.tag_bits.find(t);
    if (it != dict.tag_bits.end()) p.tag_mask |= uint64_t{1} << it->second;
  }
  if (filter.exclude_inspected_since.has_value()) {
    const int64_t v = DayValue(*filter.exclude_inspected_since);
    p.cool_since = static_cast<uint32_t>(std::clamp<int64_t>(v, 1, int64_t{kMaxDayValue} + 1));
  }
  if (filter.exclude_drawn != nullptr && !filter.exclude_drawn->empty()) {
    p.drawn = filter.exclude_drawn;
  }
  if (listed != nullptr && !listed->empty()) p.listed = listed;
  p.matches_nothing =
      !any_region || !any_industry || !any_attrs || (p.tag_filter && p.tag_mask == 0);
  return p;
}

std::vector<OverlayMember> EntityIndex::Impl::ScanOverlay(
    const Plan& p, ExclusionCounts* excluded, std::array<int64_t, kMaxStrata>* strata) const {
  std::vector<OverlayMember> out;
  if (p.matches_nothing) return out;
  for (const auto& [code, row] : overlay) {
    bool ok = p.attr_ok[row.attrs] != 0 && p.region_ok[row.region] != 0;
    if (p.industry_filter) ok = ok && p.industry_ok[row.industry] != 0;
    if (p.tag_filter) ok = ok && (row.tags & p.tag_mask) != 0;
    if (!ok) continue;
    if (row.last >= p.cool_since) {
      ++excluded->cooled_down;
    } else if (p.drawn != nullptr && p.drawn->Contains(code)) {
      ++excluded->annual_cap;
    } else if (p.listed != nullptr && p.listed->Contains(code)) {
      ++excluded->explicit_list;
    } else {
      const uint8_t s = p.stratum[row.attrs];
      out.push_back({code, s});
      ++(*strata)[s];
    }
  }
  return out;
}

IndexedEntity EntityIndex::Impl::Decode(const Code& code, const Row& row) const {
  IndexedEntity e;
  e.code.assign(code.data(), code.size());
  e.region = dict.regions[row.region];
  e.industry = dict.industries[row.industry];
  e.type = static_cast<core::EntityType>(TypeOf(row.attrs));
  e.status = static_cast<core::RegistrationStatus>(StatusOf(row.attrs));
  e.risk = static_cast<core::RiskClass>(RiskOf(row.attrs));
  for (size_t b = 0; b < dict.tags.size(); ++b) {
    if ((row.tags >> b) & 1) e.tags.push_back(dict.tags[b]);
  }
  std::sort(e.tags.begin(), e.tags.end());
  if (row.last != 0) e.last_inspected = core::Date::FromDays(Epoch() + row.last - 1);
  return e;
}

// --- EntityIndex -----------------------------------------------------------------------------

EntityIndex::EntityIndex(IndexOptions options) : impl_(std::make_unique<Impl>(options)) {}
EntityIndex::~EntityIndex() = default;
EntityIndex::EntityIndex(EntityIndex&&) noexcept = default;
EntityIndex& EntityIndex::operator=(EntityIndex&&) noexcept = default;

Result<EntityIndex> EntityIndex::Build(const Scanner& scan, IndexOptions options) {
  EntityIndex index(options);
  Impl& s = *index.impl_;
  Columns& c = s.cols;
  if (options.expected_rows > 0) {
    c.Reserve(std::min(options.expected_rows, kMaxRows));
    c.AdviseHugePages();
  }
  Status row_error;
  bool ordered = true;
  const Status scanned = scan([&](const core::Entity& e) {
    Code code;
    Row row;
    row_error = s.Encode(e, &code, &row);
    if (!row_error.ok()) return false;
    if (!c.empty()) {
      const int cmp = CompareCodes(c.code.back(), code);
      if (cmp == 0) {
        row_error = InvalidArgument("entity code " + e.code + " appears twice");
        return false;
      }
      ordered = ordered && cmp < 0;
    }
    if (c.size() >= kMaxRows) {
      row_error = ResourceExhausted("more than 4294967295 entities");
      return false;
    }
    c.Push(code, row);
    return true;
  });
  SUNLIT_RETURN_IF_ERROR(scanned);
  SUNLIT_RETURN_IF_ERROR(row_error);
  if (!ordered) {
    std::vector<uint32_t> perm(c.size());
    std::iota(perm.begin(), perm.end(), 0u);
    std::sort(perm.begin(), perm.end(),
              [&c](uint32_t a, uint32_t b) { return CompareCodes(c.code[a], c.code[b]) < 0; });
    for (size_t i = 1; i < perm.size(); ++i) {
      if (CompareCodes(c.code[perm[i - 1]], c.code[perm[i]]) == 0) {
        return InvalidArgument("entity code " + std::string(CodeView(c.code[perm[i]])) +
                               " appears twice");
      }
    }
    Columns sorted;
    sorted.Reserve(c.size());
    for (const uint32_t i : perm) sorted.Push(c.code[i], c.RowAt(i));
    c = std::move(sorted);
  }
  c.ShrinkToFit();
  c.AdviseHugePages();
  s.post.Build(c, s.dict.regions.size());
  return index;
}

Status EntityIndex::Upsert(const core::Entity& entity) {
  Impl& s = *impl_;
  std::lock_guard<std::mutex> writer(s.write_mu);
  {
    std::unique_lock lock(s.mu);
    Code code;
    Row row;
    SUNLIT_RETURN_IF_ERROR(s.Encode(entity, &code, &row));
    const size_t at = s.cols.Find(code);
    if (at < s.cols.size()) {
      if (IsRemoved(s.cols.attrs[at])) --s.removed;
      if (s.cols.region[at] != row.region) s.post.moved.push_back(static_cast<uint32_t>(at));
      s.cols.Set(at, row);  // same code, same place: the order holds
    } else {
      if (s.cols.size() + s.overlay.size() >= kMaxRows && s.overlay.count(code) == 0) {
        return ResourceExhausted("more than 4294967295 entities");
      }
      s.overlay.insert_or_assign(code, row);
    }
  }
  s.MaybeMerge();
  return Status::Ok();
}

Status EntityIndex::Remove(std::string_view code_text) {
  Impl& s = *impl_;
  std::lock_guard<std::mutex> writer(s.write_mu);
  const std::optional<Code> code = ToCode(code_text);
  if (!code) return NotFound("no entity with code '" + std::string(code_text) + "'");
  {
    std::unique_lock lock(s.mu);
    const size_t at = s.cols.Find(*code);
    if (at < s.cols.size() && !IsRemoved(s.cols.attrs[at])) {
      s.cols.attrs[at] = kRemovedAttrs;
      ++s.removed;
    } else if (s.overlay.erase(*code) == 0) {
      return NotFound("no entity with code '" + std::string(code_text) + "'");
    }
  }
  s.MaybeMerge();
  return Status::Ok();
}

std::optional<IndexedEntity> EntityIndex::Find(std::string_view code_text) const {
  const Impl& s = *impl_;
  const std::optional<Code> code = ToCode(code_text);
  if (!code) return std::nullopt;
  std::shared_lock lock(s.mu);
  const size_t at = s.cols.Find(*code);
  if (at < s.cols.size()) {
    if (IsRemoved(s.cols.attrs[at])) return std::nullopt;
    return s.Decode(*code, s.cols.RowAt(at));
  }
  const auto it = s.overlay.find(*code);
  if (it == s.overlay.end()) return std::nullopt;
  return s.Decode(it->first, it->second);
}

namespace {

// The parts of a PoolFilter that are checked without the index: canonical prefixes and the
// explicit exclusion list.
struct CheckedFilter {
  std::vector<std::string> regions;
  std::vector<std::string> industries;
  CodeSet listed;
};

Result<CheckedFilter> CheckFilter(const PoolFilter& f, const core::IndustryTree& tree) {
  CheckedFilter c;
  for (const std::string& p : f.region_prefixes) {
    SUNLIT_ASSIGN_OR_RETURN(std::string canonical, core::CanonicalRegionPrefix(p));
    c.regions.push_back(std::move(canonical));
  }
  for (const std::string& p : f.industry_prefixes) {
    SUNLIT_ASSIGN_OR_RETURN(std::string canonical, tree.CanonicalPrefix(p));
    c.industries.push_back(std::move(canonical));
  }
  for (const core::EntityType t : f.types) {
    if (static_cast<int>(t) < 0 || static_cast<int>(t) > kMaxType) {
      return InvalidArgument("pool filter has an entity type out of range");
    }
  }
  for (const core::RegistrationStatus st : f.statuses) {
    if (static_cast<int>(st) < 0 || static_cast<int>(st) > kMaxStatus) {
      return InvalidArgument("pool filter has a registration status out of range");
    }
  }
  for (const core::RiskClass r : f.risks) {
    if (static_cast<int>(r) < 0 || static_cast<int>(r) > kMaxRisk) {
      return InvalidArgument("pool filter has a risk class out of range");
    }
  }
  for (const std::string& code : f.exclude_codes) {
    if (code.size() != kCodeLength) {
      return InvalidArgument("excluded code '" + code + "' is not 18 characters long");
    }
  }
  if (!f.exclude_codes.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(c.listed, CodeSet::FromStrings(f.exclude_codes));
  }
  return c;
}

void AddExcluded(const ExclusionCounts& from, ExclusionCounts* to) {
  to->cooled_down += from.cooled_down;
  to->annual_cap += from.annual_cap;
  to->explicit_list += from.explicit_list;
}

}  // namespace

// The member rows of the columns: chunk k covers rows [bounds[k], bounds[k + 1]) (whole
// 64-row words but the last) and, with bits, marks its members in words[bounds[k] / 64 ...].
struct EntityIndex::Impl::Selection {
  size_t threads = 1;
  std::vector<size_t> bounds;
  std::unique_ptr<uint64_t[]> words;
  std::vector<ChunkResult> chunks;
};

EntityIndex::Impl::Selection EntityIndex::Impl::Select(const Plan& plan, bool bits) const {
  Selection sel;
  const size_t rows = cols.size();
  sel.threads = plan.matches_nothing ? 1 : ThreadsFor(rows);
  sel.bounds.assign(sel.threads + 1, rows);
  for (size_t k = 0; k < sel.threads; ++k) {
    sel.bounds[k] = std::min(rows, rows * k / sel.threads / 64 * 64);
  }
  sel.chunks.resize(sel.threads);
  if (plan.matches_nothing || rows == 0) return sel;

  // A pool restricted to regions holding a small share of the rows visits their postings
  // instead of scanning every row.
  std::vector<uint32_t> groups;
  size_t candidates = post.moved.size();
  bool postings = false;
  if (plan.region_filter) {
    for (size_t g = 0; g < post.groups(); ++g) {
      if (plan.region_ok[g] == 0) continue;
      groups.push_back(static_cast<uint32_t>(g));
      candidates += post.start[g + 1] - post.start[g];
    }
    postings = candidates <= rows / kPostingsMaxShare;
  }
  if (bits || postings) sel.words = std::make_unique_for_overwrite<uint64_t[]>((rows + 63) / 64);
  const SelectFn select = PickSelect(plan, postings, bits);
  RunParallel(sel.threads, [&](size_t k) {
    uint64_t* words = sel.words ? sel.words.get() + sel.bounds[k] / 64 : nullptr;
    select(cols, post, groups, plan, sel.bounds[k], sel.bounds[k + 1], words, &sel.chunks[k]);
  });
  return sel;
}

Result<Pool> EntityIndex::BuildPool(const PoolFilter& filter, Stratify stratify) const {
  const Impl& s = *impl_;
  SUNLIT_ASSIGN_OR_RETURN(const CheckedFilter checked, CheckFilter(filter, *s.tree));
  std::shared_lock lock(s.mu);
  const Plan plan =
      s.Compile(filter, checked.regions, checked.industries, &checked.listed, stratify);
  const Columns& c = s.cols;
  Pool pool;

  // Pass 1: overlay entries, then each chunk of rows marks its members.
  std::array<int64_t, kMaxStrata> strata{};
  const std::vector<OverlayMember> extra = s.ScanOverlay(plan, &pool.excluded, &strata);
  const Impl::Selection sel = s.Select(plan, /*bits=*/true);
  const size_t threads = sel.threads;

  // Overlay members go to the chunk whose code range holds them.
  std::vector<size_t> extra_begin(threads + 1, extra.size());
  extra_begin[0] = 0;
  for (size_t k = 1; k < threads; ++k) {
    if (sel.bounds[k] >= c.size()) continue;
    extra_begin[k] =
        static_cast<size_t>(std::lower_bound(extra.begin(), extra.end(), c.code[sel.bounds[k]],
                                             [](const OverlayMember& m, const Code& x) {
                                               return CompareCodes(m.code, x) < 0;
                                             }) -
                            extra.begin());
  }
  std::vector<size_t> offsets(threads + 1, 0);
  for (size_t k = 0; k < threads; ++k) {
    const ChunkResult& r = sel.chunks[k];
    offsets[k + 1] = offsets[k] + r.count + (extra_begin[k + 1] - extra_begin[k]);
    for (size_t h = 0; h < kMaxStrata; ++h) strata[h] += r.strata[h];
    AddExcluded(r.excluded, &pool.excluded);
  }

  // Labels that occur, in bytewise order; provisional numbers are already in that order.
  std::array<uint8_t, kMaxStrata> remap{};
  for (size_t h = 0; h < kMaxStrata; ++h) {
    if (strata[h] == 0) continue;
    remap[h] = static_cast<uint8_t>(pool.labels.size());
    pool.labels.emplace_back(stratify == Stratify::kRiskClass ? kRiskLabels[h] : "");
    pool.stratum_sizes.push_back(strata[h]);
  }

  // Pass 2: each chunk writes its slice of the result, merging in its overlay members.
  const size_t total = offsets[threads];
  if (total == 0) return pool;
  pool.members.reserve(total);
  AdviseHuge(pool.members.data(), total * sizeof(PoolMember));
  pool.members.resize(total);
  RunParallel(threads, [&](size_t k) {
    PoolMember* out = pool.members.data() + offsets[k];
    const OverlayMember* o = extra.data() + extra_begin[k];
    const OverlayMember* const o_end = extra.data() + extra_begin[k + 1];
    const Code* const code = c.code.data();
    const uint8_t* const attrs = c.attrs.data();
    const uint8_t* const stratum = plan.stratum.data();
    const size_t begin = sel.bounds[k];
    const size_t end = sel.bounds[k + 1];
    for (size_t base = begin; base < end; base += 64) {
      uint64_t bits = sel.words[base / 64];
      while (bits != 0) {
        const size_t i = base + static_cast<size_t>(std::countr_zero(bits));
        bits &= bits - 1;
        for (; o != o_end && CompareCodes(o->code, code[i]) < 0; ++o, ++out) {
          out->code = o->code;
          out->stratum = remap[o->stratum];
        }
        out->code = code[i];
        out->stratum = remap[stratum[attrs[i]]];
        ++out;
      }
    }
    for (; o != o_end; ++o, ++out) {
      out->code = o->code;
      out->stratum = remap[o->stratum];
    }
  });
  return pool;
}

Result<int64_t> EntityIndex::CountPool(const PoolFilter& filter) const {
  const Impl& s = *impl_;
  SUNLIT_ASSIGN_OR_RETURN(const CheckedFilter checked, CheckFilter(filter, *s.tree));
  std::shared_lock lock(s.mu);
  const Plan plan =
      s.Compile(filter, checked.regions, checked.industries, &checked.listed, Stratify::kNone);
  ExclusionCounts excluded;
  std::array<int64_t, kMaxStrata> strata{};
  auto total = static_cast<int64_t>(s.ScanOverlay(plan, &excluded, &strata).size());
  const Impl::Selection sel = s.Select(plan, /*bits=*/false);
  for (const ChunkResult& r : sel.chunks) total += static_cast<int64_t>(r.count);
  return total;
}

size_t EntityIndex::size() const {
  const Impl& s = *impl_;
  std::shared_lock lock(s.mu);
  return s.cols.size() - s.removed + s.overlay.size();
}

std::vector<std::string> EntityIndex::Tags() const {
  const Impl& s = *impl_;
  std::vector<std::string> out;
  {
    std::shared_lock lock(s.mu);
    out = s.dict.tags;
  }
  std::sort(out.begin(), out.end());
  return out;
}

size_t EntityIndex::MemoryBytes() const {
  const Impl& s = *impl_;
  std::shared_lock lock(s.mu);
  return sizeof(EntityIndex) + sizeof(Impl) + s.cols.MemoryBytes() + s.post.MemoryBytes() +
         s.overlay.size() * (sizeof(std::pair<const Code, Row>) + kNodeOverhead) +
         s.dict.MemoryBytes();
}

IndexStats EntityIndex::Stats() const {
  const Impl& s = *impl_;
  std::shared_lock lock(s.mu);
  IndexStats st;
  st.column_rows = static_cast<int64_t>(s.cols.size());
  st.overlay_rows = static_cast<int64_t>(s.overlay.size());
  st.removed_rows = static_cast<int64_t>(s.removed);
  st.moved_rows = static_cast<int64_t>(s.post.moved.size());
  st.rows = st.column_rows - st.removed_rows + st.overlay_rows;
  st.merges = s.merges;
  return st;
}

}  // namespace sunlit::index
