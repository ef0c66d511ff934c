// VerifyRecord: untouched records pass, each kind of tampering is named, first problem wins.
#include "draw/verify.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/uscc.h"
#include "draw/test_support.h"

namespace sunlit::draw {
namespace {

using testing::WorkedExample;

DrawRecord ExampleRecord() {
  Result<DrawRecord> r = RunDraw(WorkedExample());
  EXPECT_TRUE(r.ok());
  return *r;
}

// Index of the n-th entry (0-based) of `role` in `stratum`.
size_t EntryIndex(const DrawRecord& r, const std::string& stratum, EntryRole role, size_t n) {
  for (size_t i = 0; i < r.entries.size(); ++i) {
    if (r.entries[i].stratum == stratum && r.entries[i].role == role && n-- == 0) return i;
  }
  ADD_FAILURE() << "no such entry";
  return 0;
}

TEST(VerifyTest, UntouchedRecordsPass) {
  const DrawInput in = WorkedExample();
  EXPECT_TRUE(VerifyRecord(ExampleRecord(), in.candidates).ok());
  std::mt19937_64 rng(8);
  for (int iter = 0; iter < 50; ++iter) {
    DrawInput d;
    const std::vector<std::string> labels = {"A", "B", "", "x_1"};
    for (std::string& code : testing::RandomCodes(rng, 1 + rng() % 400)) {
      d.candidates.push_back({std::move(code), labels[rng() % labels.size()]});
    }
    d.params.draw_id = "V-" + std::to_string(iter);
    d.params.quotas = {{"A", Quota::Kind::kCount, static_cast<int64_t>(rng() % 10)},
                       {"", Quota::Kind::kBasisPoints, static_cast<int64_t>(rng() % 10001)}};
    d.params.reserve = static_cast<int64_t>(rng() % 4);
    d.params.sources = {{rng() % 50, rng() % 50}, {rng()}};
    d.params.secret = testing::RandomSecret(rng);
    const Result<DrawRecord> r = RunDraw(d);
    ASSERT_TRUE(r.ok());
    const Status s = VerifyRecord(*r, d.candidates);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
}

TEST(VerifyTest, EachTamperingIsNamed) {
  const DrawRecord good = ExampleRecord();
  const std::vector<Candidate> pool = WorkedExample().candidates;
  const std::string root_hex = ToHex(good.pool_root);
  struct Case {
    std::string name;
    std::function<void(DrawRecord&, std::vector<Candidate>&)> tamper;
    std::string message;  // expected prefix
  };
  const std::vector<Case> cases = {
      {"protocol", [](DrawRecord& r, auto&) { r.protocol = "sunlit-draw-v2"; },
       "protocol mismatch: record has 'sunlit-draw-v2', this verifier implements "
       "'sunlit-draw-v1'"},
      {"pool member removed", [](DrawRecord&, auto& c) { c.pop_back(); },
       "pool size mismatch: record has 12, pool gives 11"},
      {"pool member replaced",
       [](DrawRecord&, auto& c) {
         c[0].code = "91430302NY31NN605";
         c[0].code.push_back(core::UsccCheckCharacter(c[0].code));
       },
       "pool root mismatch: record has " + root_hex + ", pool gives "},
      {"pool member moved to another stratum", [](DrawRecord&, auto& c) { c[0].stratum = "B"; },
       "pool root mismatch: record has " + root_hex},
      {"record root", [](DrawRecord& r, auto&) { r.pool_root[31] ^= 1; },
       "pool root mismatch: record has "},
      {"stratum sizes", [](DrawRecord& r, auto&) { r.strata[1].size = 7; },
       "stratum sizes mismatch: record has [A:4 B:7], pool gives [A:4 B:8]"},
      {"P malformed", [](DrawRecord& r, auto&) { r.params = "A:count:1;B:bp:2500;"; },
       "parameters P 'A:count:1;B:bp:2500;' are malformed"},
      {"P not canonical", [](DrawRecord& r, auto&) { r.params = "B:bp:2500;A:count:1;#1"; },
       "parameters P 'B:bp:2500;A:count:1;#1' are malformed: not in canonical form"},
      {"K not canonical",
       [](DrawRecord& r, auto&) { r.randomness = "9319./2.5.12.8.10./9.18.26.34.41.45./"; },
       "randomness K '9319./2.5.12.8.10./9.18.26.34.41.45./' is malformed"},
      {"secret", [](DrawRecord& r, auto&) { r.secret[0] ^= 1; },
       "secret does not match the commitment"},
      {"commitment", [](DrawRecord& r, auto&) { r.commitment[5] ^= 1; },
       "secret does not match the commitment"},
      {"seed", [](DrawRecord& r, auto&) { r.seed[0] ^= 1; }, "seed mismatch: record has "},
      {"draw_id", [](DrawRecord& r, auto&) { r.draw_id = "XT-2026-0002"; },
       "seed mismatch: record has bdea37d9"},
      {"P changed validly", [](DrawRecord& r, auto&) { r.params = "A:count:2;B:bp:2500;#1"; },
       "seed mismatch"},
      {"K changed validly",
       [](DrawRecord& r, auto&) { r.randomness = "9318./2.5.8.10.12./9.18.26.34.41.45./"; },
       "seed mismatch"},
      {"selected code",
       [](DrawRecord& r, auto&) {
         r.entries[EntryIndex(r, "B", EntryRole::kSelected, 1)].code = "91430302TNWN4DY082";
       },
       "selected entry 2 of stratum B: record has 91430302TNWN4DY082 rank "
       "1c5be0c50ceb1cb243577b26329f37ddba35fac00f986bd7caa2a23a3f10125d, recomputed "
       "91430302MB2KLRPMXB rank "
       "1c5be0c50ceb1cb243577b26329f37ddba35fac00f986bd7caa2a23a3f10125d"},
      {"selected rank",
       [](DrawRecord& r, auto&) {
         r.entries[EntryIndex(r, "A", EntryRole::kSelected, 0)].rank[0] ^= 1;
       },
       "selected entry 1 of stratum A: record has 914303025FGQN85B35 rank 60ac"},
      {"selected swapped with alternate",
       [](DrawRecord& r, auto&) {
         std::swap(r.entries[EntryIndex(r, "B", EntryRole::kSelected, 1)].code,
                   r.entries[EntryIndex(r, "B", EntryRole::kAlternate, 0)].code);
       },
       "selected entry 2 of stratum B: record has 91430302TNWN4DY082"},
      {"alternate code",
       [](DrawRecord& r, auto&) {
         DrawEntry& e = r.entries[EntryIndex(r, "A", EntryRole::kAlternate, 0)];
         e.code = "91430302X37XWX5G17";
       },
       "alternate entry 1 of stratum A: record has 91430302X37XWX5G17 rank 7748"},
      {"selected entry removed",
       [](DrawRecord& r, auto&) {
         r.entries.erase(r.entries.begin() +
                         static_cast<ptrdiff_t>(EntryIndex(r, "B", EntryRole::kSelected, 1)));
       },
       // The second selected of B is now missing; the count check names it.
       "stratum B: record has 1 selected entries, recomputed 2"},
      {"extra alternate",
       [](DrawRecord& r, auto&) {
         DrawEntry extra = r.entries.back();
         extra.code = "91430304JFMC62RQ7R";
         r.entries.push_back(extra);
       },
       "stratum B: record has 2 alternate entries, recomputed 1"},
      {"entry in an unknown stratum",
       [](DrawRecord& r, auto&) {
         r.entries.push_back({"Z", "91430304JFMC62RQ7R", {}, EntryRole::kSelected});
       },
       "stratum Z: record has 1 selected entries, recomputed 0"},
      {"entries reordered", [](DrawRecord& r, auto&) { std::swap(r.entries[0], r.entries[2]); },
       "entries are not in the protocol's order"},
      {"role flipped", [](DrawRecord& r, auto&) { r.entries[1].role = EntryRole::kSelected; },
       "stratum A: record has 2 selected entries, recomputed 1"},
  };
  for (const Case& c : cases) {
    DrawRecord r = good;
    std::vector<Candidate> p = pool;
    c.tamper(r, p);
    const Status s = VerifyRecord(r, p);
    ASSERT_FALSE(s.ok()) << c.name;
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(s.message().substr(0, c.message.size()), c.message) << c.name;
  }
}

TEST(VerifyTest, FirstMismatchWins) {
  DrawRecord r = ExampleRecord();
  std::vector<Candidate> pool = WorkedExample().candidates;
  r.entries[0].rank[0] ^= 1;
  r.seed[0] ^= 1;
  r.secret[0] ^= 1;
  EXPECT_EQ(VerifyRecord(r, pool).message(), "secret does not match the commitment");
  r.strata[0].size = 1;
  EXPECT_EQ(VerifyRecord(r, pool).message().rfind("stratum sizes mismatch", 0), 0u);
  pool.pop_back();
  EXPECT_EQ(VerifyRecord(r, pool).message().rfind("pool size mismatch", 0), 0u);
  r.protocol = "x";
  EXPECT_EQ(VerifyRecord(r, pool).message().rfind("protocol mismatch", 0), 0u);
}

TEST(VerifyTest, InvalidPoolIsReported) {
  const DrawRecord r = ExampleRecord();
  std::vector<Candidate> pool = WorkedExample().candidates;
  pool.push_back(pool[0]);
  EXPECT_EQ(VerifyRecord(r, pool).message(), "duplicate code 91430302NY31NN604U in the pool");
  EXPECT_EQ(VerifyRecord(r, std::vector<Candidate>{}).message(), "the pool is empty");
}

TEST(VerifyTest, SmallChangesAnywhereAreCaught) {
  // Flip every byte of every digest field and entry rank in turn: never accepted.
  const DrawRecord good = ExampleRecord();
  const std::vector<Candidate> pool = WorkedExample().candidates;
  for (size_t b = 0; b < 32; ++b) {
    for (int field = 0; field < 4; ++field) {
      DrawRecord r = good;
      Digest* d = field == 0   ? &r.pool_root
                  : field == 1 ? &r.commitment
                  : field == 2 ? &r.seed
                               : &r.secret;
      (*d)[b] ^= 0x20;
      EXPECT_FALSE(VerifyRecord(r, pool).ok()) << field << " " << b;
    }
    for (size_t e = 0; e < good.entries.size(); ++e) {
      DrawRecord r = good;
      r.entries[e].rank[b] ^= 0x01;
      EXPECT_FALSE(VerifyRecord(r, pool).ok());
    }
  }
}

}  // namespace
}  // namespace sunlit::draw
