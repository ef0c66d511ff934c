// Draw protocol v1: validation, canonical strings, seed, ranks and the stratified selection.
#include "draw/protocol.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <limits>
#include <map>
#include <system_error>
#include <thread>
#include <utility>

#include "core/uscc.h"
#include "draw/merkle.h"

// Pools of millions are the normal case (a province's whole directory), so the hot paths
// never allocate per member: the pool is a sorted array of 19-byte entries, leaves and ranks
// are hashed in batches, the Merkle root is built in cache-sized chunks, and each stratum
// keeps only the members that can still be among its best k + R. Work is split into
// contiguous shares on a few threads whose results are combined in a fixed order, so the
// record never depends on the number of threads.

namespace sunlit::draw {
namespace {

// Below this many members a draw runs on the calling thread only.
constexpr size_t kParallelThreshold = size_t{1} << 16;
constexpr int kMaxThreads = 8;
// Messages hashed per call of the batch engine.
constexpr size_t kBatch = 64;

int ThreadCount(int requested, size_t members) {
  if (members < kParallelThreshold) return 1;
  int t = requested;
  if (t <= 0) {
    const unsigned hc = std::thread::hardware_concurrency();
    t = hc == 0 ? 1 : static_cast<int>(std::min<unsigned>(hc, kMaxThreads));
  }
  return std::max(1, t);
}

// Runs fn(t) for every t in [0, threads), t = 0 on the calling thread. A thread that cannot
// be started has its share run on the calling thread: slower, same result.
template <typename Fn>
void ParallelRun(int threads, const Fn& fn) {
  std::vector<std::thread> workers;
  std::vector<int> inline_shares;
  for (int t = 1; t < threads; ++t) {
    try {
      workers.emplace_back([&fn, t] { fn(t); });
    } catch (const std::system_error&) {
      inline_shares.push_back(t);
    }
  }
  fn(0);
  for (const int t : inline_shares) fn(t);
  for (std::thread& w : workers) w.join();
}

// Share t of `chunks` chunks among `threads`, as a range of chunk numbers.
std::pair<size_t, size_t> Share(size_t chunks, int threads, int t) {
  const auto tt = static_cast<size_t>(t);
  const auto n = static_cast<size_t>(threads);
  return {chunks * tt / n, chunks * (tt + 1) / n};
}

uint64_t LoadBe64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}

// A string quoted for an error message: printable ASCII as is, other bytes as \xNN.
std::string Quoted(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "'";
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F && c != '\\' && c != '\'') {
      out.push_back(c);
    } else {
      out += "\\x";
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
    }
  }
  out.push_back('\'');
  return out;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    }
    if ((b & 0xE0) == 0xC0) {
      n = 1;
      cp = b & 0x1Fu;
    } else if ((b & 0xF0) == 0xE0) {
      n = 2;
      cp = b & 0x0Fu;
    } else if ((b & 0xF8) == 0xF0) {
      n = 3;
      cp = b & 0x07u;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // too few continuation bytes
    for (size_t k = 1; k <= n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::string_view KindName(Quota::Kind kind) { return kind == Quota::Kind::kCount ? "count" : "bp"; }

std::string CodeOf(const PoolEntry& e) { return std::string(e.code.data(), e.code.size()); }

// Leaf blocks: 0x00 || code || 0x1F || label, padded; one template per label, the code
// copied in per member.
using Block = std::array<uint8_t, 64>;

Block LeafTemplate(std::string_view label) {
  Block b{};
  b[0] = 0x00;
  b[1 + kCodeLength] = 0x1F;
  std::memcpy(b.data() + 2 + kCodeLength, label.data(), label.size());
  internal::PadSingleBlock(b.data(), 2 + kCodeLength + label.size());
  return b;
}

// What the first bad pool entry of a share is, if any.
enum class EntryProblem { kNone, kStratumIndex, kCode, kOrder };

struct ShareResult {
  uint64_t bad_index = std::numeric_limits<uint64_t>::max();
  EntryProblem problem = EntryProblem::kNone;
  std::array<uint64_t, kMaxStrata> counts{};
};

// Checks and hashes the chunks [first_chunk, last_chunk) of the pool, writing each chunk's
// subtree root to roots[chunk]. Stops at the first bad entry.
void SummariseShare(const PoolView& pool, std::span<const Block> templates, size_t first_chunk,
                    size_t last_chunk, Digest* roots, ShareResult& out) {
  constexpr size_t kChunk = internal::kChunkLeaves;
  const size_t n = pool.entries.size();
  const size_t labels = pool.labels.size();
  alignas(64) std::array<uint8_t, kBatch * 64> blocks;
  std::vector<Digest> leaves(kChunk);
  for (size_t c = first_chunk; c < last_chunk; ++c) {
    const size_t begin = c * kChunk;
    const size_t end = std::min(n, begin + kChunk);
    size_t batched = 0;
    for (size_t i = begin; i < end; ++i) {
      const PoolEntry& e = pool.entries[i];
      EntryProblem problem = EntryProblem::kNone;
      if (e.stratum_index >= labels) {
        problem = EntryProblem::kStratumIndex;
      } else if (!core::IsValidUscc(std::string_view(e.code.data(), kCodeLength), true)) {
        problem = EntryProblem::kCode;
      } else if (i > 0 &&
                 std::memcmp(pool.entries[i - 1].code.data(), e.code.data(), kCodeLength) >= 0) {
        problem = EntryProblem::kOrder;
      }
      if (problem != EntryProblem::kNone) {
        out.bad_index = i;
        out.problem = problem;
        return;
      }
      ++out.counts[e.stratum_index];
      uint8_t* block = blocks.data() + 64 * batched;
      std::memcpy(block, templates[e.stratum_index].data(), 64);
      std::memcpy(block + 1, e.code.data(), kCodeLength);
      if (++batched == kBatch) {
        internal::HashPadded(internal::kInitialState, blocks.data(), 1, batched,
                             leaves.data() + (i + 1 - batched - begin));
        batched = 0;
      }
    }
    if (batched > 0) {
      internal::HashPadded(internal::kInitialState, blocks.data(), 1, batched,
                           leaves.data() + (end - batched - begin));
    }
    internal::ReduceInPlace(leaves.data(), end - begin);
    roots[c] = leaves[0];
  }
}

Status LabelTableProblem(std::span<const std::string> labels) {
  if (labels.size() > kMaxStrata) {
    return InvalidArgument("the pool has more than " + std::to_string(kMaxStrata) + " strata");
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!IsValidStratumLabel(labels[i])) {
      return InvalidArgument("stratum label " + Quoted(labels[i]) +
                             " must be 0-32 characters from A-Z, a-z, 0-9, '_' and '-'");
    }
  }
  std::vector<std::string_view> sorted(labels.begin(), labels.end());
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i] == sorted[i - 1]) {
      return InvalidArgument("stratum label " + Quoted(sorted[i]) +
                             " appears twice in the label table");
    }
  }
  return Status::Ok();
}

// A member's place in a bounded selection: the first 8 bytes of its rank (big-endian) and
// its index in the pool. Two members are ordered by prefix; equal prefixes (about 2^-64 per
// pair) fall back to the whole rank, then to the code (the index, as the pool is sorted).
struct Ranked {
  uint64_t prefix;
  uint32_t index;
};

class RankOrder {
 public:
  RankOrder(const PoolView& pool, const Digest& seed) : pool_(pool), seed_(seed) {}
  bool operator()(const Ranked& a, const Ranked& b) const {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (a.index == b.index) return false;
    const Digest ra = RankOf(a.index);
    const Digest rb = RankOf(b.index);
    const int c = std::memcmp(ra.data(), rb.data(), kDigestSize);
    if (c != 0) return c < 0;
    return a.index < b.index;
  }
  Digest RankOf(uint32_t index) const {
    const PoolEntry& e = pool_.entries[index];
    return Rank(seed_, std::string_view(e.code.data(), kCodeLength));
  }

 private:
  const PoolView& pool_;
  const Digest& seed_;
};

// Keeps at least the `keep` best members offered, and every member that ties with the worst
// of them on the prefix: all that can still be among the best `keep`. Members whose prefix
// exceeds the threshold are not kept at all; with the initial threshold at its maximum this
// is exact, with a lower one the caller must check that `keep` members were found.
class BoundedSelection {
 public:
  BoundedSelection(size_t keep, uint64_t threshold, const RankOrder* order)
      : keep_(keep),
        capacity_(std::max<size_t>(2 * keep, keep + 1024)),
        threshold_(threshold),
        order_(order) {}

  void Offer(uint64_t prefix, uint32_t index) {
    if (keep_ == 0 || prefix > threshold_) return;
    items_.push_back({prefix, index});
    if (items_.size() >= capacity_) Prune();
  }

  const std::vector<Ranked>& items() const { return items_; }

 private:
  void Prune() {
    auto nth = items_.begin() + static_cast<ptrdiff_t>(keep_ - 1);
    std::nth_element(items_.begin(), nth, items_.end(), *order_);
    threshold_ = nth->prefix;
    const uint64_t t = threshold_;
    auto tail_end =
        std::partition(nth + 1, items_.end(), [t](const Ranked& r) { return r.prefix == t; });
    items_.erase(tail_end, items_.end());
    // Only an absurd number of prefix ties can keep the buffer full; make room then.
    if (items_.size() * 2 > capacity_) capacity_ *= 2;
  }

  size_t keep_;
  size_t capacity_;
  uint64_t threshold_;
  const RankOrder* order_;
  std::vector<Ranked> items_;
};

uint64_t ISqrt(uint64_t x) {
  uint64_t r = 0;
  for (uint64_t bit = uint64_t{1} << 62; bit != 0; bit >>= 2) {
    if (x >= r + bit) {
      x -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
  }
  return r;
}

// A rank prefix that, ranks being uniform, at least `keep` of `n` members fall below except
// with probability about 1e-9: the expected prefix of the (keep + 6 sqrt(keep) + 32)-th
// smallest. It only saves work; a miss is detected and the stratum redone without it.
uint64_t EstimatedThreshold(uint64_t n, uint64_t keep) {
  const uint64_t want = keep + 6 * ISqrt(keep) + 32;
  if (want >= n) return std::numeric_limits<uint64_t>::max();
  const unsigned __int128 t = (static_cast<unsigned __int128>(want) << 64) / n;
  return static_cast<uint64_t>(t);
}

// Ranks chunks [first_chunk, last_chunk) and offers each member to its stratum's selection.
void RankShare(const PoolView& pool, const Digest& seed, size_t first_chunk, size_t last_chunk,
               std::vector<BoundedSelection>& selections) {
  constexpr size_t kChunk = internal::kChunkLeaves;
  const size_t n = pool.entries.size();
  const size_t begin = first_chunk * kChunk;
  const size_t end = std::min(n, last_chunk * kChunk);
  alignas(64) std::array<uint8_t, kBatch * 64> blocks;
  for (size_t j = 0; j < kBatch; ++j) {
    std::memcpy(blocks.data() + 64 * j, seed.data(), kDigestSize);
    internal::PadSingleBlock(blocks.data() + 64 * j, kDigestSize + kCodeLength);
  }
  std::array<Digest, kBatch> ranks;
  for (size_t i = begin; i < end; i += kBatch) {
    const size_t count = std::min(kBatch, end - i);
    for (size_t j = 0; j < count; ++j) {
      std::memcpy(blocks.data() + 64 * j + kDigestSize, pool.entries[i + j].code.data(),
                  kCodeLength);
    }
    internal::HashPadded(internal::kInitialState, blocks.data(), 1, count, ranks.data());
    for (size_t j = 0; j < count; ++j) {
      selections[pool.entries[i + j].stratum_index].Offer(LoadBe64(ranks[j].data()),
                                                          static_cast<uint32_t>(i + j));
    }
  }
}

const Quota* FindQuota(std::span<const Quota> quotas, std::string_view label) {
  for (const Quota& q : quotas) {
    if (q.stratum == label) return &q;
  }
  return nullptr;
}

bool ParseDecimal(std::string_view s, uint64_t max, uint64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  uint64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
    const auto d = static_cast<uint64_t>(c - '0');
    if (v > (max - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

}  // namespace

// ---- Validation ----

bool IsValidStratumLabel(std::string_view label) {
  if (label.size() > kMaxLabelLength) return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

bool IsValidCode(std::string_view code) {
  return code.size() == kCodeLength && core::IsValidUscc(code, true);
}

Status ValidateQuotas(std::span<const Quota> quotas) {
  std::vector<std::string_view> labels;
  labels.reserve(quotas.size());
  for (const Quota& q : quotas) {
    const std::string what = "quota for stratum " + Quoted(q.stratum);
    if (!IsValidStratumLabel(q.stratum)) {
      return InvalidArgument(what +
                             ": the label must be 0-32 characters from A-Z, a-z, 0-9, "
                             "'_' and '-'");
    }
    if (q.kind != Quota::Kind::kCount && q.kind != Quota::Kind::kBasisPoints) {
      return InvalidArgument(what + ": unknown kind");
    }
    if (q.value < 0) {
      return InvalidArgument(what + ": the value must not be negative, got " +
                             std::to_string(q.value));
    }
    if (q.kind == Quota::Kind::kBasisPoints && q.value > kMaxBasisPoints) {
      return InvalidArgument(what + ": basis points must be between 0 and 10000, got " +
                             std::to_string(q.value));
    }
    labels.push_back(q.stratum);
  }
  std::sort(labels.begin(), labels.end());
  for (size_t i = 1; i < labels.size(); ++i) {
    if (labels[i] == labels[i - 1]) {
      return InvalidArgument("quota for stratum " + Quoted(labels[i]) + " is given twice");
    }
  }
  return Status::Ok();
}

Status ValidateSources(const Sources& sources) {
  if (sources.empty()) return InvalidArgument("no public randomness sources given");
  uint64_t numbers = 0;
  for (size_t i = 0; i < sources.size(); ++i) {
    if (sources[i].empty()) {
      return InvalidArgument("public randomness source " + std::to_string(i + 1) + " is empty");
    }
    numbers += sources[i].size();
  }
  // K must fit F's 4-byte length: at most 21 bytes per number.
  if (numbers > 100'000'000) return InvalidArgument("too many public random numbers");
  return Status::Ok();
}

Status ValidateParams(const DrawParams& params) {
  if (params.draw_id.empty()) return InvalidArgument("draw_id must not be empty");
  if (params.draw_id.size() > 4096) return InvalidArgument("draw_id is longer than 4096 bytes");
  if (!IsValidUtf8(params.draw_id)) return InvalidArgument("draw_id is not valid UTF-8");
  SUNLIT_RETURN_IF_ERROR(ValidateQuotas(params.quotas));
  if (params.reserve < 0) {
    return InvalidArgument("reserve must not be negative, got " + std::to_string(params.reserve));
  }
  return ValidateSources(params.sources);
}

// ---- Canonical forms ----

std::string PoolLeaf(std::string_view code, std::string_view stratum) {
  std::string leaf;
  leaf.reserve(code.size() + 1 + stratum.size());
  leaf.append(code);
  leaf.push_back('\x1F');
  leaf.append(stratum);
  return leaf;
}

Digest PoolRoot(std::span<const Candidate> sorted_candidates) {
  std::vector<Digest> leaves;
  leaves.reserve(sorted_candidates.size());
  for (const Candidate& c : sorted_candidates)
    leaves.push_back(LeafHash(PoolLeaf(c.code, c.stratum)));
  return RootFromLeafHashes(leaves);
}

std::string ParamsString(std::span<const Quota> quotas, int64_t reserve) {
  std::vector<const Quota*> sorted;
  sorted.reserve(quotas.size());
  for (const Quota& q : quotas) sorted.push_back(&q);
  std::sort(sorted.begin(), sorted.end(),
            [](const Quota* a, const Quota* b) { return a->stratum < b->stratum; });
  std::string p;
  for (const Quota* q : sorted) {
    p += q->stratum;
    p += ':';
    p += KindName(q->kind);
    p += ':';
    p += std::to_string(q->value);
    p += ';';
  }
  p += '#';
  p += std::to_string(reserve);
  return p;
}

std::string RandomnessString(const Sources& sources) {
  std::string k;
  std::vector<uint64_t> sorted;
  for (const std::vector<uint64_t>& source : sources) {
    sorted.assign(source.begin(), source.end());
    std::sort(sorted.begin(), sorted.end());
    for (const uint64_t v : sorted) {
      k += std::to_string(v);
      k += '.';
    }
    k += '/';
  }
  return k;
}

Result<ParsedParams> ParseParamsString(std::string_view p) {
  const auto bad = [p](std::string_view why) {
    return InvalidArgument("parameters P " + Quoted(p) + " are malformed: " + std::string(why));
  };
  ParsedParams out;
  size_t pos = 0;
  while (pos < p.size() && p[pos] != '#') {
    const size_t c1 = p.find(':', pos);
    if (c1 == std::string_view::npos) return bad("expected ':' after a stratum label");
    const size_t c2 = p.find(':', c1 + 1);
    if (c2 == std::string_view::npos) return bad("expected ':' after a quota kind");
    const size_t semi = p.find(';', c2 + 1);
    if (semi == std::string_view::npos) return bad("expected ';' after a quota value");
    Quota q;
    q.stratum = std::string(p.substr(pos, c1 - pos));
    const std::string_view kind = p.substr(c1 + 1, c2 - c1 - 1);
    if (kind == "count") {
      q.kind = Quota::Kind::kCount;
    } else if (kind == "bp") {
      q.kind = Quota::Kind::kBasisPoints;
    } else {
      return bad("unknown quota kind " + Quoted(kind));
    }
    uint64_t v = 0;
    if (!ParseDecimal(p.substr(c2 + 1, semi - c2 - 1),
                      static_cast<uint64_t>(std::numeric_limits<int64_t>::max()), v)) {
      return bad("a quota value is not a decimal number");
    }
    q.value = static_cast<int64_t>(v);
    out.quotas.push_back(std::move(q));
    pos = semi + 1;
  }
  if (pos >= p.size()) return bad("expected '#' and the reserve");
  uint64_t reserve = 0;
  if (!ParseDecimal(p.substr(pos + 1), static_cast<uint64_t>(std::numeric_limits<int64_t>::max()),
                    reserve)) {
    return bad("the reserve is not a decimal number");
  }
  out.reserve = static_cast<int64_t>(reserve);
  if (Status s = ValidateQuotas(out.quotas); !s.ok()) return bad(s.message());
  if (ParamsString(out.quotas, out.reserve) != p) {
    return bad("not in canonical form (labels ascending, no leading zeros)");
  }
  return out;
}

Result<Sources> ParseRandomnessString(std::string_view k) {
  const auto bad = [k](std::string_view why) {
    return InvalidArgument("randomness K " + Quoted(k) + " is malformed: " + std::string(why));
  };
  Sources sources;
  std::vector<uint64_t> current;
  size_t pos = 0;
  while (pos < k.size()) {
    if (k[pos] == '/') {
      if (current.empty()) return bad("a source has no numbers");
      sources.push_back(std::move(current));
      current.clear();
      ++pos;
      continue;
    }
    const size_t dot = k.find('.', pos);
    if (dot == std::string_view::npos) return bad("expected '.' after a number");
    uint64_t v = 0;
    if (!ParseDecimal(k.substr(pos, dot - pos), std::numeric_limits<uint64_t>::max(), v)) {
      return bad("expected a decimal number");
    }
    current.push_back(v);
    pos = dot + 1;
  }
  if (!current.empty()) return bad("the last source does not end with '/'");
  if (sources.empty()) return bad("no sources");
  if (RandomnessString(sources) != k) {
    return bad("not in canonical form (numbers ascending, no leading zeros)");
  }
  return sources;
}

Digest Commitment(const Secret& secret) { return Sha256Of(secret.data(), secret.size()); }

Digest Seed(std::string_view draw_id, const Digest& pool_root, std::string_view params,
            std::string_view randomness, const Secret& secret) {
  Sha256 h;
  const auto field = [&h](const void* data, size_t size) {
    const auto n = static_cast<uint32_t>(size);
    const std::array<uint8_t, 4> len = {static_cast<uint8_t>(n >> 24),
                                        static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 8),
                                        static_cast<uint8_t>(n)};
    h.Update(len.data(), len.size());
    h.Update(data, size);
  };
  field(kProtocolV1.data(), kProtocolV1.size());
  field(draw_id.data(), draw_id.size());
  field(pool_root.data(), pool_root.size());
  field(params.data(), params.size());
  field(randomness.data(), randomness.size());
  field(secret.data(), secret.size());
  return h.Finish();
}

Digest Rank(const Digest& seed, std::string_view code) {
  if (code.size() == kCodeLength) {
    std::array<uint8_t, kDigestSize + kCodeLength> m;
    std::memcpy(m.data(), seed.data(), kDigestSize);
    std::memcpy(m.data() + kDigestSize, code.data(), kCodeLength);
    return Sha256Of(m.data(), m.size());
  }
  Sha256 h;
  h.Update(seed.data(), seed.size());
  h.Update(code);
  return h.Finish();
}

uint64_t SelectionSize(uint64_t n, const Quota* quota) {
  if (quota == nullptr || quota->value <= 0) return 0;
  const auto v = static_cast<uint64_t>(quota->value);
  if (quota->kind == Quota::Kind::kCount) return std::min(n, v);
  const unsigned __int128 k =
      (static_cast<unsigned __int128>(n) * v + (kMaxBasisPoints - 1)) / kMaxBasisPoints;
  return k < n ? static_cast<uint64_t>(k) : n;
}

// ---- Pools ----

Result<CompactPool> MakeCompactPool(std::span<const Candidate> candidates) {
  if (candidates.empty()) return InvalidArgument("the pool is empty");
  if (candidates.size() > kMaxPoolSize) return InvalidArgument("the pool is too large");
  CompactPool pool;
  std::map<std::string_view, uint8_t> label_index;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    if (!IsValidCode(c.code)) {
      const core::UsccVerdict v = core::ValidateUscc(c.code);
      return InvalidArgument("candidate " + std::to_string(i + 1) + ": code " + Quoted(c.code) +
                             " is not a valid unified social credit code" +
                             (v.reason.empty() ? std::string() : ": " + v.reason));
    }
    if (!IsValidStratumLabel(c.stratum)) {
      return InvalidArgument("candidate " + std::to_string(i + 1) + ": stratum label " +
                             Quoted(c.stratum) +
                             " must be 0-32 characters from A-Z, a-z, 0-9, '_' and '-'");
    }
    if (label_index.find(c.stratum) == label_index.end()) {
      if (label_index.size() == kMaxStrata) {
        return InvalidArgument("the pool has more than " + std::to_string(kMaxStrata) + " strata");
      }
      label_index.emplace(c.stratum, static_cast<uint8_t>(label_index.size()));
    }
  }
  pool.labels.resize(label_index.size());
  for (const auto& [label, index] : label_index) pool.labels[index] = std::string(label);
  pool.entries.resize(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    std::memcpy(pool.entries[i].code.data(), candidates[i].code.data(), kCodeLength);
    pool.entries[i].stratum_index = label_index.find(candidates[i].stratum)->second;
  }
  std::sort(pool.entries.begin(), pool.entries.end(), [](const PoolEntry& a, const PoolEntry& b) {
    return std::memcmp(a.code.data(), b.code.data(), kCodeLength) < 0;
  });
  for (size_t i = 1; i < pool.entries.size(); ++i) {
    if (pool.entries[i].code == pool.entries[i - 1].code) {
      return InvalidArgument("duplicate code " + CodeOf(pool.entries[i]) + " in the pool");
    }
  }
  return pool;
}

Result<PoolSummary> SummarisePool(const PoolView& pool, int threads) {
  const size_t n = pool.entries.size();
  if (n == 0) return InvalidArgument("the pool is empty");
  if (n > kMaxPoolSize) return InvalidArgument("the pool is too large");
  SUNLIT_RETURN_IF_ERROR(LabelTableProblem(pool.labels));

  std::vector<Block> templates;
  templates.reserve(pool.labels.size());
  for (const std::string& label : pool.labels) templates.push_back(LeafTemplate(label));

  const size_t chunks = (n + internal::kChunkLeaves - 1) / internal::kChunkLeaves;
  const int t_count =
      static_cast<int>(std::min<size_t>(chunks, static_cast<size_t>(ThreadCount(threads, n))));
  std::vector<Digest> roots(chunks);
  std::vector<ShareResult> shares(static_cast<size_t>(t_count));
  ParallelRun(t_count, [&](int t) {
    const auto [first, last] = Share(chunks, t_count, t);
    SummariseShare(pool, templates, first, last, roots.data(), shares[static_cast<size_t>(t)]);
  });

  // Shares cover ascending ranges, so the first bad share holds the first bad entry.
  for (const ShareResult& s : shares) {
    if (s.problem == EntryProblem::kNone) continue;
    const uint64_t i = s.bad_index;
    const PoolEntry& e = pool.entries[i];
    const std::string where = "pool entry " + std::to_string(i + 1);
    switch (s.problem) {
      case EntryProblem::kStratumIndex:
        return InvalidArgument(where + ": stratum index " + std::to_string(e.stratum_index) +
                               " is outside the label table (" +
                               std::to_string(pool.labels.size()) + " labels)");
      case EntryProblem::kCode:
        return InvalidArgument(where + ": code " + Quoted(std::string_view(e.code.data(), 18)) +
                               " is not a valid unified social credit code");
      case EntryProblem::kOrder:
        if (pool.entries[i - 1].code == e.code) {
          return InvalidArgument("duplicate code " + CodeOf(e) + " in the pool");
        }
        return InvalidArgument(where + ": the pool is not sorted by code (" + CodeOf(e) +
                               " follows " + CodeOf(pool.entries[i - 1]) + ")");
      case EntryProblem::kNone:
        break;
    }
  }

  PoolSummary summary;
  internal::ReduceInPlace(roots.data(), roots.size());
  summary.root = roots[0];
  summary.size = n;
  for (size_t l = 0; l < pool.labels.size(); ++l) {
    uint64_t count = 0;
    for (const ShareResult& s : shares) count += s.counts[l];
    if (count > 0) summary.strata.push_back({pool.labels[l], count});
  }
  std::sort(summary.strata.begin(), summary.strata.end(),
            [](const StratumSize& a, const StratumSize& b) { return a.label < b.label; });
  return summary;
}

Result<PoolSummary> SummarisePool(std::span<const Candidate> candidates) {
  SUNLIT_ASSIGN_OR_RETURN(CompactPool pool, MakeCompactPool(candidates));
  return SummarisePool(pool.view());
}

// ---- Selection ----

std::vector<DrawEntry> SelectEntries(const PoolView& pool, const PoolSummary& summary,
                                     std::span<const Quota> quotas, int64_t reserve,
                                     const Digest& seed, int threads) {
  return internal::SelectEntriesWith(pool, summary, quotas, reserve, seed, threads,
                                     &internal::InitialThreshold);
}

namespace internal {

uint64_t InitialThreshold(uint64_t members, uint64_t keep) {
  return EstimatedThreshold(members, keep);
}

std::vector<DrawEntry> SelectEntriesWith(const PoolView& pool, const PoolSummary& summary,
                                         std::span<const Quota> quotas, int64_t reserve,
                                         const Digest& seed, int threads,
                                         ThresholdFn threshold_fn) {
  const size_t n = pool.entries.size();
  const size_t labels = pool.labels.size();
  const auto reserve_u = static_cast<uint64_t>(std::max<int64_t>(reserve, 0));

  // Per label index: members, selected, kept (selected + alternates).
  std::vector<uint64_t> members(labels, 0);
  std::vector<uint64_t> selected(labels, 0);
  std::vector<uint64_t> kept(labels, 0);
  for (size_t l = 0; l < labels; ++l) {
    const auto it = std::lower_bound(
        summary.strata.begin(), summary.strata.end(), pool.labels[l],
        [](const StratumSize& s, const std::string& label) { return s.label < label; });
    if (it == summary.strata.end() || it->label != pool.labels[l]) continue;
    members[l] = it->size;
    selected[l] = SelectionSize(members[l], FindQuota(quotas, pool.labels[l]));
    kept[l] = selected[l] + std::min(reserve_u, members[l] - selected[l]);
  }

  const RankOrder order(pool, seed);
  const size_t chunks = (n + internal::kChunkLeaves - 1) / internal::kChunkLeaves;
  const int t_count = static_cast<int>(
      std::min<size_t>(std::max<size_t>(chunks, 1), static_cast<size_t>(ThreadCount(threads, n))));

  // One pass over the pool; candidates[l] gets every member of stratum l that can still be
  // among its `keep[l]` best.
  std::vector<std::vector<Ranked>> candidates(labels);
  const auto collect = [&](const std::vector<uint64_t>& keep,
                           const std::vector<uint64_t>& threshold) {
    std::vector<std::vector<BoundedSelection>> per_thread(static_cast<size_t>(t_count));
    for (std::vector<BoundedSelection>& sel : per_thread) {
      sel.reserve(labels);
      for (size_t l = 0; l < labels; ++l) {
        sel.emplace_back(static_cast<size_t>(keep[l]), threshold[l], &order);
      }
    }
    ParallelRun(t_count, [&](int t) {
      const auto [first, last] = Share(chunks, t_count, t);
      RankShare(pool, seed, first, last, per_thread[static_cast<size_t>(t)]);
    });
    for (size_t l = 0; l < labels; ++l) {
      if (keep[l] == 0) continue;
      candidates[l].clear();
      for (const std::vector<BoundedSelection>& sel : per_thread) {
        candidates[l].insert(candidates[l].end(), sel[l].items().begin(), sel[l].items().end());
      }
    }
  };
  std::vector<uint64_t> threshold(labels);
  for (size_t l = 0; l < labels; ++l) threshold[l] = threshold_fn(members[l], kept[l]);
  collect(kept, threshold);
  // The rare stratum whose initial threshold was too low is collected again without one.
  std::vector<uint64_t> again(labels, 0);
  bool any_again = false;
  for (size_t l = 0; l < labels; ++l) {
    if (candidates[l].size() >= kept[l]) continue;
    again[l] = kept[l];
    any_again = true;
  }
  if (any_again) {
    collect(again, std::vector<uint64_t>(labels, std::numeric_limits<uint64_t>::max()));
  }

  std::vector<size_t> label_order(labels);
  for (size_t l = 0; l < labels; ++l) label_order[l] = l;
  std::sort(label_order.begin(), label_order.end(),
            [&pool](size_t a, size_t b) { return pool.labels[a] < pool.labels[b]; });

  // Order each stratum's survivors, strata spread over the threads.
  std::vector<size_t> keep(labels, 0);
  for (size_t l = 0; l < labels; ++l) {
    // Fewer only when `summary` does not describe `pool` (a caller's bug; never UB).
    keep[l] = std::min(static_cast<size_t>(kept[l]), candidates[l].size());
  }
  std::atomic<size_t> next_label{0};
  ParallelRun(t_count, [&](int) {
    for (size_t l = next_label++; l < labels; l = next_label++) {
      if (keep[l] == 0) continue;
      std::vector<Ranked>& all = candidates[l];
      const auto keep_end = all.begin() + static_cast<ptrdiff_t>(keep[l]);
      std::nth_element(all.begin(), keep_end - 1, all.end(), order);
      std::sort(all.begin(), keep_end, order);
    }
  });

  // Every entry's place in the output is now known: strata in label order, each in rank
  // order. Threads fill disjoint ranges of positions.
  struct Segment {
    size_t label;
    size_t begin;  // first output position
  };
  std::vector<Segment> segments;
  size_t total = 0;
  for (const size_t l : label_order) {
    if (keep[l] == 0) continue;
    segments.push_back({l, total});
    total += keep[l];
  }
  std::vector<DrawEntry> entries(total);
  const int out_threads = total < kParallelThreshold / 16 ? 1 : t_count;
  ParallelRun(out_threads, [&](int t) {
    const auto [from, to] = Share(total, out_threads, t);
    alignas(64) std::array<uint8_t, kBatch * 64> blocks;
    for (size_t j = 0; j < kBatch; ++j) {
      std::memcpy(blocks.data() + 64 * j, seed.data(), kDigestSize);
      internal::PadSingleBlock(blocks.data() + 64 * j, kDigestSize + kCodeLength);
    }
    std::array<Digest, kBatch> ranks;
    size_t seg = 0;
    for (size_t p = from; p < to;) {
      while (segments[seg].begin + keep[segments[seg].label] <= p) ++seg;
      const size_t l = segments[seg].label;
      const std::vector<Ranked>& all = candidates[l];
      const size_t first = p - segments[seg].begin;  // rank position within the stratum
      const size_t count = std::min({kBatch, to - p, keep[l] - first});
      // The winners' codes are scattered over the pool: fetch the next batch's ahead.
      for (size_t j = 0; j < count; ++j) {
        if (first + j + kBatch < keep[l]) {
          __builtin_prefetch(&pool.entries[all[first + j + kBatch].index]);
        }
        std::memcpy(blocks.data() + 64 * j + kDigestSize,
                    pool.entries[all[first + j].index].code.data(), kCodeLength);
      }
      internal::HashPadded(internal::kInitialState, blocks.data(), 1, count, ranks.data());
      for (size_t j = 0; j < count; ++j) {
        DrawEntry& d = entries[p + j];
        d.stratum = pool.labels[l];
        d.code.assign(reinterpret_cast<const char*>(blocks.data() + 64 * j + kDigestSize),
                      kCodeLength);
        d.rank = ranks[j];
        d.role = first + j < selected[l] ? EntryRole::kSelected : EntryRole::kAlternate;
      }
      p += count;
    }
  });
  return entries;
}

}  // namespace internal

Result<DrawRecord> RunDraw(const PoolView& pool, const DrawParams& params, int threads) {
  SUNLIT_RETURN_IF_ERROR(ValidateParams(params));
  SUNLIT_ASSIGN_OR_RETURN(const PoolSummary summary, SummarisePool(pool, threads));
  return RunDraw(pool, summary, params, threads);
}

Result<DrawRecord> RunDraw(const PoolView& pool, const PoolSummary& frozen,
                           const DrawParams& params, int threads) {
  SUNLIT_RETURN_IF_ERROR(ValidateParams(params));
  uint64_t members = 0;
  for (const StratumSize& s : frozen.strata) members += s.size;
  if (frozen.size != pool.entries.size() || members != frozen.size) {
    return InvalidArgument("the pool summary does not belong to this pool");
  }
  DrawRecord r;
  r.protocol = std::string(kProtocolV1);
  r.draw_id = params.draw_id;
  r.pool_root = frozen.root;
  r.pool_size = frozen.size;
  r.strata = frozen.strata;
  r.params = ParamsString(params.quotas, params.reserve);
  r.randomness = RandomnessString(params.sources);
  r.commitment = Commitment(params.secret);
  r.secret = params.secret;
  r.seed = Seed(r.draw_id, r.pool_root, r.params, r.randomness, r.secret);
  r.entries = SelectEntries(pool, frozen, params.quotas, params.reserve, r.seed, threads);
  return r;
}

Result<DrawRecord> RunDraw(const DrawInput& input) {
  SUNLIT_RETURN_IF_ERROR(ValidateParams(input.params));
  SUNLIT_ASSIGN_OR_RETURN(CompactPool pool, MakeCompactPool(input.candidates));
  return RunDraw(pool.view(), input.params);
}

}  // namespace sunlit::draw
