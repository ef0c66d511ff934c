// The protocol's worked example (DRAW-PROTOCOL.md §6), every published value.
#include <gtest/gtest.h>

#include "draw/merkle.h"
#include "draw/protocol.h"
#include "draw/test_support.h"

namespace sunlit::draw {
namespace {

TEST(ProtocolGoldenTest, WorkedExample) {
  const DrawInput in = testing::WorkedExample();
  const Result<DrawRecord> r = RunDraw(in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->protocol, "sunlit-draw-v1");
  EXPECT_EQ(r->draw_id, "XT-2026-0001");
  EXPECT_EQ(ToHex(r->pool_root),
            "30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1038e864673");
  EXPECT_EQ(r->pool_size, 12u);
  EXPECT_EQ(r->strata, (std::vector<StratumSize>{{"A", 4}, {"B", 8}}));
  EXPECT_EQ(r->params, "A:count:1;B:bp:2500;#1");
  EXPECT_EQ(r->randomness, "9319./2.5.8.10.12./9.18.26.34.41.45./");
  EXPECT_EQ(ToHex(r->commitment),
            "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
  EXPECT_EQ(r->secret, testing::SecretFrom(0));
  EXPECT_EQ(ToHex(r->seed), "bdea37d95f4c54efadefa1721ffe2e4424abb9258534be1af57fcaa67f2ee54e");

  struct Want {
    const char* stratum;
    const char* code;
    const char* rank;
    EntryRole role;
  };
  const Want want[] = {
      {"A", "914303025FGQN85B35",
       "61ac3408eecd51f5538a3204cfe04f4e7200743d71c7a746b9411db42e1db248", EntryRole::kSelected},
      {"A", "91430304XB52CY712W",
       "7748423b891bd4b6a71a8ac8fb038c3ed7fa89baad06f9ef53764823d747a581", EntryRole::kAlternate},
      {"B", "914303022F95MPWG33",
       "0de4a5c4a2fa445451c80f4b237d01c37701847835894eb1457d2e605d4866d7", EntryRole::kSelected},
      {"B", "91430302MB2KLRPMXB",
       "1c5be0c50ceb1cb243577b26329f37ddba35fac00f986bd7caa2a23a3f10125d", EntryRole::kSelected},
      {"B", "91430302TNWN4DY082",
       "308abe101bb90ec6c02cef56b11e30b9ba2d5c624d3b7952a7a6355e03e16eeb", EntryRole::kAlternate},
  };
  ASSERT_EQ(r->entries.size(), std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    EXPECT_EQ(r->entries[i].stratum, want[i].stratum) << i;
    EXPECT_EQ(r->entries[i].code, want[i].code) << i;
    EXPECT_EQ(ToHex(r->entries[i].rank), want[i].rank) << i;
    EXPECT_EQ(r->entries[i].role, want[i].role) << i;
  }
}

TEST(ProtocolGoldenTest, PiecesOfTheWorkedExample) {
  const DrawInput in = testing::WorkedExample();
  std::vector<Candidate> sorted = in.candidates;
  std::sort(sorted.begin(), sorted.end(),
            [](const Candidate& a, const Candidate& b) { return a.code < b.code; });
  const Digest root = PoolRoot(sorted);
  EXPECT_EQ(ToHex(root), "30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1038e864673");
  const std::string p = ParamsString(in.params.quotas, in.params.reserve);
  const std::string k = RandomnessString(in.params.sources);
  const Digest seed = Seed(in.params.draw_id, root, p, k, in.params.secret);
  EXPECT_EQ(ToHex(seed), "bdea37d95f4c54efadefa1721ffe2e4424abb9258534be1af57fcaa67f2ee54e");
  EXPECT_EQ(ToHex(Rank(seed, "91430302TNWN4DY082")),
            "308abe101bb90ec6c02cef56b11e30b9ba2d5c624d3b7952a7a6355e03e16eeb");

  // The seed written out byte by byte, independently of Seed().
  std::string m;
  const auto f = [&m](std::string_view x) {
    const auto n = static_cast<uint32_t>(x.size());
    m.push_back(static_cast<char>(n >> 24));
    m.push_back(static_cast<char>(n >> 16));
    m.push_back(static_cast<char>(n >> 8));
    m.push_back(static_cast<char>(n));
    m.append(x);
  };
  f("sunlit-draw-v1");
  f("XT-2026-0001");
  f(std::string_view(reinterpret_cast<const char*>(root.data()), root.size()));
  f(p);
  f(k);
  f(std::string_view(reinterpret_cast<const char*>(in.params.secret.data()), 32));
  EXPECT_EQ(Sha256Of(m), seed);

  // The pool root from the leaves written out by hand.
  std::vector<Digest> leaves;
  for (const Candidate& c : sorted) {
    std::string leaf = std::string(1, '\0') + c.code + "\x1f" + c.stratum;
    leaves.push_back(Sha256Of(leaf));
  }
  EXPECT_EQ(RootFromLeafHashes(leaves), root);
}

}  // namespace
}  // namespace sunlit::draw
