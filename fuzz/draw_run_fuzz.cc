// Fuzz target: the draw protocol end to end (draw/protocol.h, draw/verify.h,
// draw/record_json.h) on pools, quotas, reserves, public numbers and secrets made from the
// input (FuzzedDataProvider: candidates of valid codes, some repeated, in up to six strata;
// up to four quotas, some invalid; a reserve; one to three sources; the secret; the draw id).
//
// Invariants, when RunDraw accepts the input (otherwise its error is kInvalidArgument):
//   - the record verifies, against the candidate list and the compact pool, and the same
//     draw comes out of the candidates in reverse order and of the compact pool;
//   - its structure follows the protocol: strata sizes add up to the pool size; per stratum
//     k_h = SelectionSize(n_h, quota) selected and min(R, n_h - k_h) alternates, ranks
//     ascending, each rank SHA-256(seed || code), every code a member of that stratum, no
//     code twice; the commitment is SHA-256(secret);
//   - its JSON form parses back to the same record;
//   - any one tampering (secret, seed, root, commitment, size, a stratum size, P, K, the draw
//     id, an entry's code, rank, role or stratum, a dropped, repeated or swapped entry) that
//     changes the record makes VerifyRecord fail.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/uscc.h"
#include "draw/protocol.h"
#include "draw/record_json.h"
#include "draw/verify.h"
#include "fuzz_check.h"

namespace {

using namespace sunlit::draw;

const char* const kLabels[] = {"", "A", "B", "C", "D", "food_retail"};

std::string MakeCode(FuzzedDataProvider& in) {
  std::string code;
  for (int i = 0; i < 17; ++i) {
    code += sunlit::core::kUsccAlphabet[in.ConsumeIntegralInRange<size_t>(0, 30)];
  }
  code += sunlit::core::UsccCheckCharacter(code);
  return code;
}

void CheckStructure(const DrawRecord& r, const DrawInput& input) {
  std::map<std::string, std::string> stratum_of;
  for (const Candidate& c : input.candidates) stratum_of[c.code] = c.stratum;
  FUZZ_CHECK(r.pool_size == stratum_of.size(), "pool size %llu, %zu candidates",
             static_cast<unsigned long long>(r.pool_size), stratum_of.size());
  uint64_t total = 0;
  for (const StratumSize& s : r.strata) total += s.size;
  FUZZ_CHECK(total == r.pool_size, "strata add up to %llu", static_cast<unsigned long long>(total));
  FUZZ_CHECK(r.commitment == Commitment(r.secret), "commitment");
  std::set<std::string> seen;
  for (const StratumSize& s : r.strata) {
    const Quota* quota = nullptr;
    for (const Quota& q : input.params.quotas) {
      if (q.stratum == s.label) quota = &q;
    }
    const uint64_t k = SelectionSize(s.size, quota);
    const uint64_t alt =
        std::min<uint64_t>(static_cast<uint64_t>(input.params.reserve), s.size - k);
    uint64_t selected = 0, alternates = 0;
    const Digest* last = nullptr;
    for (const DrawEntry& e : r.entries) {
      if (e.stratum != s.label) continue;
      FUZZ_CHECK(stratum_of.count(e.code) && stratum_of[e.code] == s.label,
                 "entry %s is not a member of stratum '%s'", e.code.c_str(), s.label.c_str());
      FUZZ_CHECK(seen.insert(e.code).second, "entry %s twice", e.code.c_str());
      FUZZ_CHECK(e.rank == Rank(r.seed, e.code), "rank of %s", e.code.c_str());
      FUZZ_CHECK(last == nullptr || *last < e.rank, "ranks not ascending in '%s'", s.label.c_str());
      last = &e.rank;
      if (e.role == EntryRole::kSelected) {
        FUZZ_CHECK(alternates == 0, "a selected entry after an alternate");
        ++selected;
      } else {
        ++alternates;
      }
    }
    FUZZ_CHECK(selected == k && alternates == alt,
               "stratum '%s' of %llu: %llu selected, %llu alternates; expected %llu and %llu",
               s.label.c_str(), static_cast<unsigned long long>(s.size),
               static_cast<unsigned long long>(selected),
               static_cast<unsigned long long>(alternates), static_cast<unsigned long long>(k),
               static_cast<unsigned long long>(alt));
  }
  FUZZ_CHECK(seen.size() == r.entries.size(), "entries outside every stratum");
}

// Applies tampering number `what` (at entry `i`, other entry `j`); false when it does not
// apply to this record.
bool Tamper(DrawRecord& r, unsigned what, size_t i, size_t j, const DrawInput& input) {
  const bool has = !r.entries.empty();
  if (has) {
    i %= r.entries.size();
    j %= r.entries.size();
  }
  switch (what % 16) {
    case 0:
      r.secret[i % 32] ^= 1;
      return true;
    case 1:
      r.seed[i % 32] ^= 0x80;
      return true;
    case 2:
      r.pool_root[i % 32] ^= 1;
      return true;
    case 3:
      r.commitment[i % 32] ^= 1;
      return true;
    case 4:
      r.pool_size += 1;
      return true;
    case 5:
      r.strata[i % r.strata.size()].size -= 1;
      return true;
    case 6: {
      auto p = ParseParamsString(r.params);
      FUZZ_CHECK(p.ok(), "the record's own P does not parse");
      r.params = ParamsString(p->quotas, p->reserve + 1);
      return true;
    }
    case 7:
      r.randomness += "1./";
      return true;
    case 8:
      r.draw_id += "x";
      return true;
    case 9: {
      if (!has) return false;
      for (const Candidate& c : input.candidates) {
        bool used = false;
        for (const DrawEntry& e : r.entries) used = used || e.code == c.code;
        if (!used) {
          r.entries[i].code = c.code;
          return true;
        }
      }
      return false;
    }
    case 10:
      if (!has) return false;
      r.entries[i].rank[j % 32] ^= 1;
      return true;
    case 11:
      if (!has) return false;
      r.entries[i].role =
          r.entries[i].role == EntryRole::kSelected ? EntryRole::kAlternate : EntryRole::kSelected;
      return true;
    case 12:
      if (!has) return false;
      r.entries[i].stratum += "Z";
      return true;
    case 13:
      if (!has) return false;
      r.entries.erase(r.entries.begin() + static_cast<long>(i));
      return true;
    case 14:
      if (!has) return false;
      r.entries.push_back(r.entries[i]);
      return true;
    default:
      if (!has || i == j) return false;
      std::swap(r.entries[i], r.entries[j]);
      return true;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  DrawInput input;
  const size_t n = in.ConsumeIntegralInRange<size_t>(1, 80);
  for (size_t c = 0; c < n; ++c) {
    // One candidate in sixteen repeats an earlier code (a duplicate pool is an error).
    if (c > 0 && in.ConsumeIntegralInRange<int>(0, 15) == 0) {
      input.candidates.push_back(input.candidates[in.ConsumeIntegralInRange<size_t>(0, c - 1)]);
      continue;
    }
    input.candidates.push_back({MakeCode(in), kLabels[in.ConsumeIntegralInRange<size_t>(0, 5)]});
  }
  const size_t quotas = in.ConsumeIntegralInRange<size_t>(0, 4);
  for (size_t q = 0; q < quotas; ++q) {
    Quota quota;
    quota.stratum = kLabels[in.ConsumeIntegralInRange<size_t>(0, 5)];
    quota.kind = in.ConsumeBool() ? Quota::Kind::kCount : Quota::Kind::kBasisPoints;
    quota.value =
        in.ConsumeIntegralInRange<int64_t>(-1, quota.kind == Quota::Kind::kCount ? 100 : 10001);
    input.params.quotas.push_back(quota);
  }
  input.params.reserve = in.ConsumeIntegralInRange<int64_t>(-1, 6);
  const size_t sources = in.ConsumeIntegralInRange<size_t>(1, 3);
  for (size_t s = 0; s < sources; ++s) {
    std::vector<uint64_t> numbers(in.ConsumeIntegralInRange<size_t>(1, 6));
    for (uint64_t& x : numbers) x = in.ConsumeIntegralInRange<uint64_t>(0, 99);
    input.params.sources.push_back(numbers);
  }
  for (uint8_t& b : input.params.secret) b = in.ConsumeIntegral<uint8_t>();
  const unsigned what = in.ConsumeIntegral<uint8_t>();
  const size_t ti = in.ConsumeIntegral<uint8_t>(), tj = in.ConsumeIntegral<uint8_t>();
  input.params.draw_id = in.ConsumeRandomLengthString(24);

  auto got = RunDraw(input);
  if (!got.ok()) {
    FUZZ_CHECK(got.status().code() == sunlit::StatusCode::kInvalidArgument,
               "RunDraw error code %d: %s", static_cast<int>(got.status().code()),
               got.status().message().c_str());
    return 0;
  }
  const DrawRecord& r = *got;
  const sunlit::Status v = VerifyRecord(r, input.candidates);
  FUZZ_CHECK(v.ok(), "a fresh record does not verify: %s", v.message().c_str());
  auto compact = MakeCompactPool(input.candidates);
  FUZZ_CHECK(compact.ok(), "MakeCompactPool: %s", compact.status().message().c_str());
  const sunlit::Status vv = VerifyRecord(r, compact->view(), 1);
  FUZZ_CHECK(vv.ok(), "does not verify on the compact pool: %s", vv.message().c_str());
  auto by_view = RunDraw(compact->view(), input.params, 1);
  FUZZ_CHECK(by_view.ok() && *by_view == r, "the compact pool draws differently");
  DrawInput reversed = input;
  std::reverse(reversed.candidates.begin(), reversed.candidates.end());
  auto rev = RunDraw(reversed);
  FUZZ_CHECK(rev.ok() && *rev == r, "the candidates' order changed the draw");
  CheckStructure(r, input);

  auto back = RecordFromJson(RecordToJson(r));
  FUZZ_CHECK(back.ok() && *back == r, "JSON round trip: %s",
             back.ok() ? "different record" : back.status().message().c_str());

  DrawRecord bad = r;
  if (Tamper(bad, what, ti, tj, input) && !(bad == r)) {
    const sunlit::Status t = VerifyRecord(bad, input.candidates);
    FUZZ_CHECK(!t.ok(), "tampering %u went unnoticed", what % 16);
  }
  return 0;
}
