// Protocol v1 validation, canonical strings, quota rule and random-pool properties vs OpenSSL.
#include "draw/protocol.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "draw/test_support.h"
#include "draw/verify.h"

namespace sunlit::draw {
namespace {

using testing::RandomCodes;
using testing::RandomSecret;
using testing::WorkedExample;

// ---- A reference implementation: OpenSSL, recursion, std::map, no shortcuts ----

Digest Ossl(std::string_view m) {
  Digest d{};
  unsigned int len = 0;
  EXPECT_EQ(EVP_Digest(m.data(), m.size(), d.data(), &len, EVP_sha256(), nullptr), 1);
  return d;
}

std::string Bytes(const std::array<uint8_t, 32>& d) {
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

Digest RefMth(const std::vector<Digest>& leaves, size_t lo, size_t hi) {
  if (hi - lo == 1) return leaves[lo];
  size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return Ossl("\x01" + Bytes(RefMth(leaves, lo, lo + k)) + Bytes(RefMth(leaves, lo + k, hi)));
}

std::string RefF(std::string_view x) {
  std::string out(4, '\0');
  const auto n = static_cast<uint32_t>(x.size());
  for (int i = 0; i < 4; ++i) out[static_cast<size_t>(i)] = static_cast<char>(n >> (24 - 8 * i));
  return out + std::string(x);
}

DrawRecord ReferenceDraw(const DrawInput& in) {
  std::vector<Candidate> c = in.candidates;
  std::sort(c.begin(), c.end(),
            [](const Candidate& a, const Candidate& b) { return a.code < b.code; });
  std::vector<Digest> leaves;
  for (const Candidate& x : c)
    leaves.push_back(Ossl(std::string(1, '\0') + x.code + '\x1f' + x.stratum));
  DrawRecord r;
  r.protocol = "sunlit-draw-v1";
  r.draw_id = in.params.draw_id;
  r.pool_root = RefMth(leaves, 0, leaves.size());
  r.pool_size = c.size();
  std::map<std::string, std::vector<std::string>> strata;
  for (const Candidate& x : c) strata[x.stratum].push_back(x.code);
  for (const auto& [label, codes] : strata) r.strata.push_back({label, codes.size()});
  std::map<std::string, Quota> quotas;
  for (const Quota& q : in.params.quotas) quotas[q.stratum] = q;
  for (const auto& [label, q] : quotas) {
    r.params += label + ":" + (q.kind == Quota::Kind::kCount ? "count" : "bp") + ":" +
                std::to_string(q.value) + ";";
  }
  r.params += "#" + std::to_string(in.params.reserve);
  for (const std::vector<uint64_t>& source : in.params.sources) {
    std::vector<uint64_t> s = source;
    std::sort(s.begin(), s.end());
    for (const uint64_t v : s) r.randomness += std::to_string(v) + ".";
    r.randomness += "/";
  }
  r.secret = in.params.secret;
  r.commitment = Ossl(Bytes(r.secret));
  r.seed = Ossl(RefF("sunlit-draw-v1") + RefF(r.draw_id) + RefF(Bytes(r.pool_root)) +
                RefF(r.params) + RefF(r.randomness) + RefF(Bytes(r.secret)));
  for (const auto& [label, codes] : strata) {
    std::vector<std::pair<Digest, std::string>> ranked;
    for (const std::string& code : codes) ranked.emplace_back(Ossl(Bytes(r.seed) + code), code);
    std::sort(ranked.begin(), ranked.end());
    const uint64_t n = codes.size();
    uint64_t k = 0;
    if (const auto it = quotas.find(label); it != quotas.end()) {
      const auto v = static_cast<uint64_t>(it->second.value);
      k = it->second.kind == Quota::Kind::kCount ? std::min(n, v)
                                                 : std::min(n, (n * v + 9999) / 10000);
    }
    const uint64_t alt = std::min(static_cast<uint64_t>(in.params.reserve), n - k);
    for (uint64_t i = 0; i < k + alt; ++i) {
      r.entries.push_back({label, ranked[i].second, ranked[i].first,
                           i < k ? EntryRole::kSelected : EntryRole::kAlternate});
    }
  }
  return r;
}

// A random draw: up to `max_pool` members in up to six strata, random quotas (some for
// strata that do not exist, some strata without one), reserve, sources and secret.
DrawInput RandomInput(std::mt19937_64& rng, size_t max_pool) {
  static const std::vector<std::string> kLabels = {"A", "B", "C", "D", "", "risk-3_x"};
  DrawInput in;
  const size_t n = 1 + rng() % max_pool;
  const size_t strata = 1 + rng() % kLabels.size();
  for (std::string& code : RandomCodes(rng, n)) {
    in.candidates.push_back({std::move(code), kLabels[rng() % strata]});
  }
  for (const std::string& label : kLabels) {
    switch (rng() % 4) {
      case 0:
        break;
      case 1:
        in.params.quotas.push_back({label, Quota::Kind::kCount, static_cast<int64_t>(rng() % 40)});
        break;
      default:
        in.params.quotas.push_back(
            {label, Quota::Kind::kBasisPoints, static_cast<int64_t>(rng() % 10001)});
        break;
    }
  }
  in.params.reserve = rng() % 5 == 0 ? 1000 : static_cast<int64_t>(rng() % 6);
  in.params.draw_id = "T-" + std::to_string(rng() % 100000);
  const size_t sources = 1 + rng() % 3;
  for (size_t s = 0; s < sources; ++s) {
    std::vector<uint64_t> numbers(1 + rng() % 6);
    for (uint64_t& v : numbers) v = rng() % 100;
    in.params.sources.push_back(numbers);
  }
  in.params.secret = RandomSecret(rng);
  return in;
}

DrawRecord MustDraw(const DrawInput& in) {
  Result<DrawRecord> r = RunDraw(in);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : DrawRecord{};
}

// ---- Validation ----

TEST(ProtocolTest, ValidationErrors) {
  const auto with = [](auto change) {
    DrawInput in = WorkedExample();
    change(in);
    return in;
  };
  const struct {
    DrawInput input;
    std::string message;
  } kCases[] = {
      {with([](DrawInput& in) { in.candidates.clear(); }), "the pool is empty"},
      {with([](DrawInput& in) {
         in.candidates.push_back({"91430302NY31NN604U", "B"});
       }),
       "duplicate code 91430302NY31NN604U in the pool"},
      {with([](DrawInput& in) { in.candidates[2].code = "91430302NY31NN604"; }),
       "candidate 3: code '91430302NY31NN604' is not a valid unified social credit code"},
      {with([](DrawInput& in) { in.candidates[0].code = "91430302NY31NN604V"; }),
       "candidate 1: code '91430302NY31NN604V' is not a valid unified social credit code"},
      {with([](DrawInput& in) { in.candidates[0].code = "91430302ny31nn604u"; }),
       "candidate 1: code '91430302ny31nn604u' is not a valid"},
      {with([](DrawInput& in) { in.candidates[0].code = "91430302NI31NN604U"; }),
       "candidate 1: code '91430302NI31NN604U' is not a valid unified social credit code: "},
      {with([](DrawInput& in) { in.candidates[1].stratum = "B C"; }),
       "candidate 2: stratum label 'B C' must be 0-32 characters"},
      {with([](DrawInput& in) { in.candidates[1].stratum = std::string(33, 'B'); }),
       "candidate 2: stratum label"},
      {with([](DrawInput& in) { in.candidates[1].stratum = "B:"; }), "candidate 2: stratum label"},
      {with([](DrawInput& in) {
         in.params.quotas.push_back({"A", Quota::Kind::kCount, 2});
       }),
       "quota for stratum 'A' is given twice"},
      {with([](DrawInput& in) { in.params.quotas[1].value = 10001; }),
       "quota for stratum 'B': basis points must be between 0 and 10000, got 10001"},
      {with([](DrawInput& in) { in.params.quotas[0].value = -1; }),
       "quota for stratum 'A': the value must not be negative, got -1"},
      {with([](DrawInput& in) { in.params.quotas[0].stratum = "A;B"; }),
       "quota for stratum 'A;B': the label must be"},
      {with([](DrawInput& in) { in.params.reserve = -2; }), "reserve must not be negative, got -2"},
      {with([](DrawInput& in) { in.params.sources.clear(); }),
       "no public randomness sources given"},
      {with([](DrawInput& in) { in.params.sources[1].clear(); }),
       "public randomness source 2 is empty"},
      {with([](DrawInput& in) { in.params.draw_id.clear(); }), "draw_id must not be empty"},
      {with([](DrawInput& in) { in.params.draw_id = "XT\xff"; }), "draw_id is not valid UTF-8"},
  };
  for (const auto& c : kCases) {
    const Result<DrawRecord> r = RunDraw(c.input);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message().substr(0, c.message.size()), c.message) << r.status().message();
  }
}

TEST(ProtocolTest, AcceptedEdgeCases) {
  DrawInput in = WorkedExample();
  in.params.quotas[1].value = 10000;                          // bp at the top of its range
  in.params.quotas.push_back({"Z", Quota::Kind::kCount, 5});  // a stratum with no members
  in.params.draw_id = "湘潭-2026-0001";                       // UTF-8
  in.candidates[0].code = "91430302NY31NN604U";               // unchanged: valid
  const Result<DrawRecord> r = RunDraw(in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->params, "A:count:1;B:bp:10000;Z:count:5;#1");
  EXPECT_EQ(r->entries.size(), 1u + 1u + 8u);  // A: 1 + 1 alternate; B: all 8, no alternates

  // An unstratified pool: the label is empty.
  DrawInput u = WorkedExample();
  for (Candidate& c : u.candidates) c.stratum.clear();
  u.params.quotas = {{"", Quota::Kind::kCount, 3}};
  const Result<DrawRecord> ru = RunDraw(u);
  ASSERT_TRUE(ru.ok()) << ru.status().ToString();
  EXPECT_EQ(ru->params, ":count:3;#1");
  EXPECT_EQ(ru->strata, (std::vector<StratumSize>{{"", 12}}));
  EXPECT_EQ(ru->entries.size(), 4u);
  EXPECT_EQ(*ru, ReferenceDraw(u));
}

TEST(ProtocolTest, CompactPoolValidation) {
  Result<CompactPool> good = MakeCompactPool(WorkedExample().candidates);
  ASSERT_TRUE(good.ok());
  const auto summarise = [](std::vector<PoolEntry> entries, std::vector<std::string> labels) {
    return SummarisePool(PoolView{entries, labels});
  };
  {
    std::vector<PoolEntry> e = good->entries;
    std::swap(e[3], e[4]);
    const Result<PoolSummary> r = summarise(e, good->labels);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("pool entry 5: the pool is not sorted by code"),
              std::string::npos)
        << r.status().message();
  }
  {
    std::vector<PoolEntry> e = good->entries;
    e[6] = e[5];
    const Result<PoolSummary> r = summarise(e, good->labels);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(),
              "duplicate code " + std::string(e[5].code.data(), 18) + " in the pool");
  }
  {
    std::vector<PoolEntry> e = good->entries;
    e[2].stratum_index = 9;
    const Result<PoolSummary> r = summarise(e, good->labels);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(),
              "pool entry 3: stratum index 9 is outside the label table (2 labels)");
  }
  {
    std::vector<PoolEntry> e = good->entries;
    e[7].code[17] = e[7].code[17] == '0' ? '1' : '0';
    const Result<PoolSummary> r = summarise(e, good->labels);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("pool entry 8: code"), std::string::npos);
  }
  {
    const Result<PoolSummary> r = summarise(good->entries, {"A", "A"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "stratum label 'A' appears twice in the label table");
  }
  EXPECT_FALSE(summarise({}, {}).ok());
  // Unused labels are allowed and do not appear in the summary.
  const Result<PoolSummary> r = summarise(good->entries, {good->labels[0], good->labels[1], "Q"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->strata.size(), 2u);
}

// ---- Canonical strings ----

TEST(ProtocolTest, ParamsAndRandomnessStrings) {
  EXPECT_EQ(ParamsString({}, 0), "#0");
  const std::vector<Quota> q = {{"b", Quota::Kind::kCount, 0},
                                {"B", Quota::Kind::kBasisPoints, 10000},
                                {"", Quota::Kind::kCount, 12},
                                {"-", Quota::Kind::kCount, 1}};
  // Bytewise order: "" < "-" < "B" < "b".
  EXPECT_EQ(ParamsString(q, 30), ":count:12;-:count:1;B:bp:10000;b:count:0;#30");
  EXPECT_EQ(RandomnessString({{9319}, {2, 5, 12, 8, 10}, {9, 18, 26, 34, 41, 45}}),
            "9319./2.5.8.10.12./9.18.26.34.41.45./");
  EXPECT_EQ(RandomnessString({{0, 0}, {18446744073709551615u}}), "0.0./18446744073709551615./");
}

TEST(ProtocolTest, ParseCanonicalStrings) {
  const Result<ParsedParams> p = ParseParamsString("A:count:1;B:bp:2500;#1");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->quotas, (std::vector<Quota>{{"A", Quota::Kind::kCount, 1},
                                           {"B", Quota::Kind::kBasisPoints, 2500}}));
  EXPECT_EQ(p->reserve, 1);
  ASSERT_TRUE(ParseParamsString("#0").ok());
  ASSERT_TRUE(ParseParamsString(":count:3;#0").ok());
  for (const char* bad :
       {"", "#", "#01", "#-1", "A:count:1;", "A:count:1#1", "B:count:1;A:count:1;#0",
        "A:count:1;A:bp:1;#0", "A:cnt:1;#0", "A:bp:10001;#0", "A:count:01;#0", "A:count:;#0",
        "A B:count:1;#0", "A:count:1;#1 ", "A:count:+1;#0", "A:count:99999999999999999999;#0"}) {
    const Result<ParsedParams> r = ParseParamsString(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().message().rfind("parameters P", 0), 0u);
    }
  }
  const Result<Sources> k = ParseRandomnessString("9319./2.5.8.10.12./9.18.26.34.41.45./");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(*k, (Sources{{9319}, {2, 5, 8, 10, 12}, {9, 18, 26, 34, 41, 45}}));
  for (const char* bad : {"", "/", "1.", "1./2", "1/", ".1./", "01./", "2.1./", "1..2./",
                          "18446744073709551616./", "1.//", " 1./", "a./"}) {
    const Result<Sources> r = ParseRandomnessString(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().message().rfind("randomness K", 0), 0u);
    }
  }
}

TEST(ProtocolTest, SelectionSizeRule) {
  const Quota none_count{"A", Quota::Kind::kCount, 0};
  const Quota count5{"A", Quota::Kind::kCount, 5};
  const Quota bp2500{"A", Quota::Kind::kBasisPoints, 2500};
  const Quota bp1{"A", Quota::Kind::kBasisPoints, 1};
  const Quota bp10000{"A", Quota::Kind::kBasisPoints, 10000};
  EXPECT_EQ(SelectionSize(10, nullptr), 0u);
  EXPECT_EQ(SelectionSize(10, &none_count), 0u);
  EXPECT_EQ(SelectionSize(10, &count5), 5u);
  EXPECT_EQ(SelectionSize(3, &count5), 3u);
  EXPECT_EQ(SelectionSize(8, &bp2500), 2u);
  EXPECT_EQ(SelectionSize(9, &bp2500), 3u);  // ceil(2.25)
  EXPECT_EQ(SelectionSize(1, &bp1), 1u);     // ceil(0.0001)
  EXPECT_EQ(SelectionSize(0, &bp1), 0u);
  EXPECT_EQ(SelectionSize(12345, &bp10000), 12345u);
  // No overflow where n * B exceeds 64 bits.
  const uint64_t big = uint64_t{1} << 62;
  EXPECT_EQ(SelectionSize(big, &bp2500), big / 4);
  EXPECT_EQ(SelectionSize(big, &bp10000), big);
}

// ---- Properties over random pools ----

TEST(ProtocolTest, RandomPoolsMatchTheReferenceImplementation) {
  std::mt19937_64 rng(20260101);
  for (int iter = 0; iter < 300; ++iter) {
    const DrawInput in = RandomInput(rng, 2000);
    const DrawRecord r = MustDraw(in);
    ASSERT_EQ(r, ReferenceDraw(in)) << "iteration " << iter;

    // The quota rule, stratum by stratum; ranks ascend; alternates follow the selected.
    std::map<std::string, uint64_t> size;
    for (const StratumSize& s : r.strata) size[s.label] = s.size;
    std::map<std::string, std::vector<const DrawEntry*>> by_stratum;
    for (const DrawEntry& e : r.entries) by_stratum[e.stratum].push_back(&e);
    for (const auto& [label, n] : size) {
      const Quota* q = nullptr;
      for (const Quota& x : in.params.quotas) {
        if (x.stratum == label) q = &x;
      }
      const uint64_t k = SelectionSize(n, q);
      const uint64_t alt = std::min<uint64_t>(static_cast<uint64_t>(in.params.reserve), n - k);
      const std::vector<const DrawEntry*>& got = by_stratum[label];
      ASSERT_EQ(got.size(), k + alt);
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i]->role, i < k ? EntryRole::kSelected : EntryRole::kAlternate);
        if (i > 0) {
          EXPECT_LT(got[i - 1]->rank, got[i]->rank);
        }
      }
    }

    // The candidates' order does not matter.
    DrawInput shuffled = in;
    std::shuffle(shuffled.candidates.begin(), shuffled.candidates.end(), rng);
    ASSERT_EQ(MustDraw(shuffled), r);
  }
}

TEST(ProtocolTest, EveryInputChangesTheSeed) {
  std::mt19937_64 rng(99);
  for (int iter = 0; iter < 40; ++iter) {
    const DrawInput in = RandomInput(rng, 300);
    const Digest seed = MustDraw(in).seed;
    std::vector<DrawInput> changed;
    DrawInput c = in;
    c.candidates.push_back({RandomCodes(rng, 1)[0], in.candidates[0].stratum});
    changed.push_back(c);
    if (in.candidates.size() > 1) {
      c = in;
      c.candidates.erase(c.candidates.begin() +
                         static_cast<ptrdiff_t>(rng() % c.candidates.size()));
      changed.push_back(c);
    }
    c = in;
    c.candidates[0].stratum = c.candidates[0].stratum == "A" ? "B" : "A";
    changed.push_back(c);
    c = in;
    c.params.draw_id += "x";
    changed.push_back(c);
    c = in;
    c.params.quotas.push_back({"new", Quota::Kind::kCount, 1});
    changed.push_back(c);
    if (!in.params.quotas.empty()) {
      c = in;
      c.params.quotas[0].value = c.params.quotas[0].value == 0 ? 1 : c.params.quotas[0].value - 1;
      changed.push_back(c);
    }
    c = in;
    c.params.reserve += 1;
    changed.push_back(c);
    c = in;
    c.params.sources[0][0] += 1;
    changed.push_back(c);
    c = in;
    c.params.sources.push_back({7});
    changed.push_back(c);
    c = in;
    c.params.secret[rng() % 32] ^= 0x01;
    changed.push_back(c);
    for (size_t i = 0; i < changed.size(); ++i) {
      EXPECT_NE(MustDraw(changed[i]).seed, seed) << "change " << i;
    }
  }
}

TEST(ProtocolTest, OtherMembersDoNotChangeAnyonesRank) {
  std::mt19937_64 rng(5);
  for (int iter = 0; iter < 30; ++iter) {
    DrawInput in = RandomInput(rng, 500);
    in.params.reserve = 1000;  // list everyone with a quota
    Result<CompactPool> before = MakeCompactPool(in.candidates);
    ASSERT_TRUE(before.ok());
    const Digest seed = Sha256Of(std::to_string(iter));
    const Result<PoolSummary> sb = SummarisePool(before->view());
    ASSERT_TRUE(sb.ok());
    const std::vector<DrawEntry> e1 =
        SelectEntries(before->view(), *sb, in.params.quotas, 1000, seed);

    DrawInput more = in;
    more.candidates.push_back({RandomCodes(rng, 1)[0], in.candidates[0].stratum});
    more.candidates.erase(more.candidates.begin());
    Result<CompactPool> after = MakeCompactPool(more.candidates);
    ASSERT_TRUE(after.ok());
    const Result<PoolSummary> sa = SummarisePool(after->view());
    ASSERT_TRUE(sa.ok());
    const std::vector<DrawEntry> e2 =
        SelectEntries(after->view(), *sa, in.params.quotas, 1000, seed);

    std::map<std::string, Digest> rank1;
    for (const DrawEntry& e : e1) rank1[e.code] = e.rank;
    size_t common = 0;
    for (const DrawEntry& e : e2) {
      EXPECT_EQ(e.rank, Rank(seed, e.code));
      const auto it = rank1.find(e.code);
      if (it == rank1.end()) continue;
      EXPECT_EQ(it->second, e.rank);
      ++common;
    }
    // Strata untouched by the change come out identically.
    const std::string touched_a = in.candidates[0].stratum;
    const std::string touched_b = more.candidates.back().stratum;
    std::vector<DrawEntry> u1;
    std::vector<DrawEntry> u2;
    for (const DrawEntry& e : e1) {
      if (e.stratum != touched_a && e.stratum != touched_b) u1.push_back(e);
    }
    for (const DrawEntry& e : e2) {
      if (e.stratum != touched_a && e.stratum != touched_b) u2.push_back(e);
    }
    EXPECT_EQ(u1, u2);
    // With a reserve that large everyone is listed, so all but the removed one are common.
    EXPECT_GE(common + 1, e1.size());
  }
}

TEST(ProtocolTest, LargePoolSameResultOnAnyNumberOfThreads) {
  std::mt19937_64 rng(77);
  DrawInput in;
  const std::vector<std::string> labels = {"A", "B", "C"};
  for (std::string& code : RandomCodes(rng, 150'000)) {
    in.candidates.push_back({std::move(code), labels[rng() % 3]});
  }
  in.params.draw_id = "BIG-1";
  in.params.quotas = {{"A", Quota::Kind::kBasisPoints, 150},
                      {"B", Quota::Kind::kCount, 3000},
                      {"C", Quota::Kind::kBasisPoints, 10000}};
  in.params.reserve = 20;
  in.params.sources = {{3, 1, 4}};
  in.params.secret = RandomSecret(rng);
  const DrawRecord want = ReferenceDraw(in);
  Result<CompactPool> pool = MakeCompactPool(in.candidates);
  ASSERT_TRUE(pool.ok());
  for (const int threads : {1, 2, 3, 7}) {
    const Result<DrawRecord> r = RunDraw(pool->view(), in.params, threads);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, want) << threads << " threads";
    const Result<PoolSummary> frozen = SummarisePool(pool->view(), threads);
    ASSERT_TRUE(frozen.ok());
    EXPECT_EQ(frozen->root, want.pool_root);
    const Result<DrawRecord> again = RunDraw(pool->view(), *frozen, in.params, threads);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, want) << threads << " threads, frozen summary";
  }
}

TEST(ProtocolTest, FrozenSummaryMustFitThePool) {
  const DrawInput in = WorkedExample();
  Result<CompactPool> pool = MakeCompactPool(in.candidates);
  ASSERT_TRUE(pool.ok());
  Result<PoolSummary> frozen = SummarisePool(pool->view());
  ASSERT_TRUE(frozen.ok());
  const Result<DrawRecord> r = RunDraw(pool->view(), *frozen, in.params);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, ReferenceDraw(in));
  PoolSummary wrong = *frozen;
  wrong.size = 11;
  EXPECT_EQ(RunDraw(pool->view(), wrong, in.params).status().message(),
            "the pool summary does not belong to this pool");
  wrong = *frozen;
  wrong.strata[0].size -= 1;
  EXPECT_FALSE(RunDraw(pool->view(), wrong, in.params).ok());
  // A summary that lies about the strata (sizes still adding up) cannot make the selection
  // misbehave; the record it gives fails verification.
  wrong = *frozen;
  wrong.strata[0].size += 3;
  wrong.strata[1].size -= 3;
  const Result<DrawRecord> lied = RunDraw(pool->view(), wrong, in.params);
  ASSERT_TRUE(lied.ok());
  EXPECT_EQ(VerifyRecord(*lied, in.candidates).message().rfind("stratum sizes mismatch", 0), 0u);
  wrong = *frozen;
  wrong.strata = {{"A", 11}, {"B", 1}};
  DrawParams greedy = in.params;
  greedy.quotas[0].value = 10;  // A has 4 members, the summary claims 11
  const Result<DrawRecord> lied2 = RunDraw(pool->view(), wrong, greedy);
  ASSERT_TRUE(lied2.ok());
  EXPECT_FALSE(VerifyRecord(*lied2, in.candidates).ok());
  DrawParams bad = in.params;
  bad.reserve = -1;
  EXPECT_FALSE(RunDraw(pool->view(), *frozen, bad).ok());
}

uint64_t ZeroThreshold(uint64_t, uint64_t) { return 0; }
uint64_t TinyThreshold(uint64_t members, uint64_t keep) {
  return keep == 0 ? 0 : internal::InitialThreshold(members, keep) / 4;
}
uint64_t NoThreshold(uint64_t, uint64_t) { return ~uint64_t{0}; }

TEST(ProtocolTest, SelectionIsExactWhateverTheFirstPassThreshold) {
  std::mt19937_64 rng(31);
  for (int iter = 0; iter < 40; ++iter) {
    const DrawInput in = RandomInput(rng, iter < 5 ? 70000 : 3000);
    const DrawRecord want = ReferenceDraw(in);
    Result<CompactPool> pool = MakeCompactPool(in.candidates);
    ASSERT_TRUE(pool.ok());
    const Result<PoolSummary> s = SummarisePool(pool->view());
    ASSERT_TRUE(s.ok());
    for (const internal::ThresholdFn fn :
         {&ZeroThreshold, &TinyThreshold, &NoThreshold, &internal::InitialThreshold}) {
      EXPECT_EQ(internal::SelectEntriesWith(pool->view(), *s, in.params.quotas, in.params.reserve,
                                            want.seed, 2, fn),
                want.entries);
    }
  }
}

TEST(ProtocolTest, InclusionIsUniformChiSquare) {
  // One stratum of 50 choosing 5, 4000 secrets: each member should be chosen about 400
  // times. Threshold: chi-square with 49 degrees of freedom at p = 0.001.
  std::mt19937_64 rng(2024);
  DrawInput in;
  for (std::string& code : RandomCodes(rng, 50)) in.candidates.push_back({std::move(code), "A"});
  in.params.draw_id = "CHI";
  in.params.quotas = {{"A", Quota::Kind::kCount, 5}};
  in.params.sources = {{1}};
  Result<CompactPool> pool = MakeCompactPool(in.candidates);
  ASSERT_TRUE(pool.ok());
  std::map<std::string, int> count;
  constexpr int kTrials = 4000;
  for (int t = 0; t < kTrials; ++t) {
    in.params.secret = RandomSecret(rng);
    const Result<DrawRecord> r = RunDraw(pool->view(), in.params);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->entries.size(), 5u);
    for (const DrawEntry& e : r->entries) ++count[e.code];
  }
  const double expected = kTrials * 5.0 / 50.0;
  double chi2 = 0;
  for (const Candidate& c : in.candidates) {
    const double d = count[c.code] - expected;
    chi2 += d * d / expected;
  }
  std::printf("chi-square over 50 members, 4000 draws: %.2f\n", chi2);
  EXPECT_LT(chi2, 85.35);
  EXPECT_GT(chi2, 20.0);  // far too even would be suspicious too (p < 0.0001)
}

}  // namespace
}  // namespace sunlit::draw
