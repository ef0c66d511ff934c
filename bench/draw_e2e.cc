// End-to-end draw benchmark on a real store (`bench/draw-10m` runs it): index build from
// the SQLite store, a province-wide stratified pool with a cool-down exclusion drawn with
// protocol v1, a 1 000-entity draw from one prefecture, and verification. Prints one line
// per measurement: "<name> <milliseconds>" (and a few sizes).
//   sunlit_draw_e2e sqlite:PATH
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "draw/protocol.h"
#include "draw/verify.h"
#include "index/entity_index.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
using sunlit::Result;

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

int Fail(const sunlit::Status& s) {
  std::fprintf(stderr, "draw_e2e: %s (%s)\n", s.message().c_str(), s.detail().c_str());
  return 1;
}

std::vector<sunlit::draw::PoolEntry> ToEntries(const sunlit::index::Pool& pool) {
  std::vector<sunlit::draw::PoolEntry> out(pool.members.size());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].code = pool.members[i].code;
    out[i].stratum_index = pool.members[i].stratum;
  }
  return out;
}

sunlit::draw::DrawParams Params(std::string id, std::vector<sunlit::draw::Quota> quotas) {
  sunlit::draw::DrawParams p;
  p.draw_id = std::move(id);
  p.quotas = std::move(quotas);
  p.reserve = 50;
  p.sources = {{9319}, {2, 5, 12, 8, 10}, {9, 18, 26, 34, 41, 45}};
  for (size_t i = 0; i < p.secret.size(); ++i) p.secret[i] = static_cast<uint8_t>(i);
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  namespace draw = sunlit::draw;
  namespace index = sunlit::index;
  if (argc != 2) {
    std::fprintf(stderr, "usage: sunlit_draw_e2e sqlite:PATH\n");
    return 2;
  }
  auto store = sunlit::store::Open(argv[1]);
  if (!store.ok()) return Fail(store.status());
  auto tx = (*store)->BeginRead();
  if (!tx.ok()) return Fail(tx.status());
  auto count = (*tx)->CountEntities();
  if (!count.ok()) return Fail(count.status());

  // 1. The index, built from the store as `sunlit serve` does at start.
  auto t0 = Clock::now();
  index::IndexOptions options;
  options.expected_rows = static_cast<size_t>(*count);
  auto idx = index::EntityIndex::Build(
      [&](const std::function<bool(const sunlit::core::Entity&)>& fn) {
        return (*tx)->ScanEntitiesForIndex(fn);
      },
      options);
  auto t1 = Clock::now();
  if (!idx.ok()) return Fail(idx.status());
  tx->reset();
  std::printf("entities %zu\n", idx->size());
  std::printf("index_build_from_store_ms %.0f\n", Ms(t0, t1));
  std::printf("index_bytes_per_entity %.1f\n",
              static_cast<double>(idx->MemoryBytes()) / static_cast<double>(idx->size()));

  // 2. Province-wide, cool-down since 2026-01-01, stratified by risk class
  //    (A 2 %, B 3 %, C 5 %, D and unclassified 10 %) — the peers' "strat" query.
  index::PoolFilter province;
  province.region_prefixes = {"43"};
  province.statuses = {};
  province.exclude_inspected_since = sunlit::core::Date::FromYmd(2026, 1, 1);
  const std::vector<draw::Quota> strat_quotas = {
      {"A", draw::Quota::Kind::kBasisPoints, 200},  {"B", draw::Quota::Kind::kBasisPoints, 300},
      {"C", draw::Quota::Kind::kBasisPoints, 500},  {"D", draw::Quota::Kind::kBasisPoints, 1000},
      {"U", draw::Quota::Kind::kBasisPoints, 1000}};
  for (int round = 0; round < 3; ++round) {
    auto a = Clock::now();
    auto pool = idx->BuildPool(province, index::Stratify::kRiskClass);
    if (!pool.ok()) return Fail(pool.status());
    auto entries = ToEntries(*pool);
    const draw::PoolView view{entries, pool->labels};
    auto b = Clock::now();
    auto summary = draw::SummarisePool(view);
    if (!summary.ok()) return Fail(summary.status());
    auto c = Clock::now();
    auto record = draw::RunDraw(view, *summary, Params("HN-2026-0001", strat_quotas));
    if (!record.ok()) return Fail(record.status());
    auto d = Clock::now();
    auto verified = draw::VerifyRecord(*record, view);
    auto e = Clock::now();
    if (!verified.ok()) return Fail(verified);
    std::printf("province_pool_size %zu selected_plus_alternates %zu\n", entries.size(),
                record->entries.size());
    std::printf("province_pool_ms %.0f province_root_ms %.0f province_draw_ms %.0f "
                "province_end_to_end_ms %.0f province_verify_ms %.0f\n",
                Ms(a, b), Ms(b, c), Ms(c, d), Ms(a, d), Ms(d, e));
  }

  // 3. 1 000 entities from one prefecture (湘潭市 4303 … the peers use region LIKE '4303%').
  index::PoolFilter city;
  city.region_prefixes = {"4303"};
  city.statuses = {};
  for (int round = 0; round < 5; ++round) {
    auto a = Clock::now();
    auto pool = idx->BuildPool(city, index::Stratify::kNone);
    if (!pool.ok()) return Fail(pool.status());
    auto entries = ToEntries(*pool);
    const draw::PoolView view{entries, pool->labels};
    auto b = Clock::now();
    auto summary = draw::SummarisePool(view);
    if (!summary.ok()) return Fail(summary.status());
    auto c = Clock::now();
    auto record = draw::RunDraw(view, *summary,
                                Params("XT-2026-0001", {{"", draw::Quota::Kind::kCount, 1000}}));
    auto d = Clock::now();
    if (!record.ok()) return Fail(record.status());
    std::printf("city_pool_size %zu city_pool_ms %.1f city_root_ms %.1f city_draw_ms %.1f "
                "city1000_end_to_end_ms %.1f\n",
                entries.size(), Ms(a, b), Ms(b, c), Ms(c, d), Ms(a, d));
  }
  return 0;
}
