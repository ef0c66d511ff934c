// Timings for a 10-million pool; disabled (run with --gtest_also_run_disabled_tests).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>

#include "core/uscc.h"
#include "draw/merkle.h"
#include "draw/protocol.h"
#include "draw/test_support.h"

// The tests print and assert nothing about time: the numbers depend on the machine and its
// load. Run: draw_test --gtest_also_run_disabled_tests --gtest_filter='*Perf*'

namespace sunlit::draw {
namespace {

constexpr size_t kMembers = 10'000'000;

class Timer {
 public:
  Timer() : wall_(std::chrono::steady_clock::now()), cpu_(std::clock()) {}
  void Print(const char* what) const {
    const double wall =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_).count();
    const double cpu = 1000.0 * static_cast<double>(std::clock() - cpu_) / CLOCKS_PER_SEC;
    std::printf("%-44s wall %8.1f ms   cpu %8.1f ms\n", what, wall, cpu);
  }

 private:
  std::chrono::steady_clock::time_point wall_;
  std::clock_t cpu_;
};

// Ascending codes: the first 17 characters are an increasing number in base 31 (the alphabet
// is in ASCII order), with random gaps; strata at random.
std::vector<PoolEntry> MakePool(size_t n, std::mt19937_64& rng) {
  std::vector<PoolEntry> entries(n);
  uint64_t v = 0;
  for (PoolEntry& e : entries) {
    v += 1 + rng() % 1000;
    uint64_t x = v;
    std::string first17(17, '0');
    first17[0] = '9';
    first17[1] = '1';
    for (int i = 16; i >= 2; --i) {
      first17[static_cast<size_t>(i)] = core::kUsccAlphabet[x % 31];
      x /= 31;
    }
    std::memcpy(e.code.data(), first17.data(), 17);
    e.code[17] = core::UsccCheckCharacter(first17);
    e.stratum_index = static_cast<uint8_t>(rng() % 4);
  }
  return entries;
}

TEST(ProtocolPerfTest, DISABLED_TenMillionPool) {
  std::mt19937_64 rng(1);
  const std::vector<PoolEntry> entries = MakePool(kMembers, rng);
  const std::vector<std::string> labels = {"A", "B", "C", "D"};
  const PoolView pool{entries, labels};
  DrawParams params;
  params.draw_id = "PERF-1";
  params.quotas = {{"A", Quota::Kind::kBasisPoints, 200},
                   {"B", Quota::Kind::kBasisPoints, 300},
                   {"C", Quota::Kind::kBasisPoints, 500},
                   {"D", Quota::Kind::kBasisPoints, 1000}};
  params.reserve = 50;
  params.sources = {{1, 2, 3}};
  params.secret = testing::SecretFrom(7);

  {
    std::array<uint8_t, 50> msg{};
    Digest acc{};
    Timer t;
    for (size_t i = 0; i < kMembers; ++i) {
      msg[0] = static_cast<uint8_t>(i);
      msg[1] = static_cast<uint8_t>(i >> 8);
      const Digest d = Sha256Of(msg.data(), msg.size());
      acc[0] ^= d[0];
    }
    t.Print("10M x Sha256Of(50 bytes), one thread");
    EXPECT_NE(acc[1], 1);
  }
  {
    std::vector<std::string_view> views(kMembers);
    for (size_t i = 0; i < kMembers; ++i) views[i] = std::string_view(entries[i].code.data(), 18);
    std::vector<Digest> leaves(kMembers);
    Timer t;
    LeafHashes(views, leaves);
    const Digest root = RootFromLeafHashes(leaves);
    t.Print("10M leaves: LeafHashes + RootFromLeafHashes");
    EXPECT_NE(root, Digest{});
  }
  for (const int threads : {1, 2}) {
    Timer t;
    const Result<PoolSummary> s = SummarisePool(pool, threads);
    ASSERT_TRUE(s.ok());
    t.Print(threads == 1 ? "pool root (SummarisePool), 1 thread"
                         : "pool root (SummarisePool), 2 threads");
    Timer t2;
    const std::vector<DrawEntry> e =
        SelectEntries(pool, *s, params.quotas, params.reserve, Sha256Of("seed"), threads);
    t2.Print(threads == 1 ? "ranks + selection, 1 thread" : "ranks + selection, 2 threads");
    EXPECT_GT(e.size(), 100000u);
  }
  for (const int threads : {1, 2}) {
    Timer t;
    const Result<DrawRecord> r = RunDraw(pool, params, threads);
    ASSERT_TRUE(r.ok());
    t.Print(threads == 1 ? "RunDraw, 1 thread" : "RunDraw, 2 threads");
    std::printf("  entries: %zu\n", r->entries.size());
  }
  const Result<PoolSummary> frozen = SummarisePool(pool);
  ASSERT_TRUE(frozen.ok());
  for (const int threads : {1, 2}) {
    Timer t;
    const Result<DrawRecord> r = RunDraw(pool, *frozen, params, threads);
    ASSERT_TRUE(r.ok());
    t.Print(threads == 1 ? "RunDraw with frozen summary, 1 thread"
                         : "RunDraw with frozen summary, 2 threads");
  }
}

}  // namespace
}  // namespace sunlit::draw

namespace sunlit::draw {
namespace {

TEST(ProtocolPerfTest, DISABLED_RanksOnly) {
  std::mt19937_64 rng(1);
  const std::vector<PoolEntry> entries = MakePool(kMembers, rng);
  const std::vector<std::string> labels = {"A", "B", "C", "D"};
  const PoolView pool{entries, labels};
  const std::vector<Quota> quotas = {{"A", Quota::Kind::kBasisPoints, 200},
                                     {"B", Quota::Kind::kBasisPoints, 300},
                                     {"C", Quota::Kind::kBasisPoints, 500},
                                     {"D", Quota::Kind::kBasisPoints, 1000}};
  PoolSummary s;
  s.size = kMembers;
  std::array<uint64_t, 4> counts{};
  for (const PoolEntry& e : entries) ++counts[e.stratum_index];
  for (size_t i = 0; i < 4; ++i) s.strata.push_back({labels[i], counts[i]});
  for (int rep = 0; rep < 3; ++rep) {
    Timer t;
    const std::vector<DrawEntry> e = SelectEntries(pool, s, quotas, 50, Sha256Of("seed"), 1);
    t.Print("ranks + selection, 1 thread");
  }
}

}  // namespace
}  // namespace sunlit::draw

namespace sunlit::draw {
namespace {

TEST(ProtocolPerfTest, DISABLED_MerkleOnly) {
  std::vector<Digest> leaves(kMembers);
  {
    Timer t;
    for (size_t i = 0; i < kMembers; ++i) {
      std::array<uint8_t, 20> leaf{};
      std::memcpy(leaf.data(), &i, sizeof i);
      leaves[i] = LeafHash(leaf);
    }
    t.Print("10M x LeafHash (20 bytes)");
  }
  for (int rep = 0; rep < 2; ++rep) {
    Timer t;
    const Digest root = RootFromLeafHashes(leaves);
    t.Print("RootFromLeafHashes(10M)");
    EXPECT_NE(root, Digest{});
  }
}

}  // namespace
}  // namespace sunlit::draw
