// Benchmarks of the in-memory entity index at 10 million entities: build, province and
// prefecture pools (cool-down, stratified by risk class) and live counts.
//
// The synthetic directory is Hunan-like: 122 counties (43xxxx), credit codes 91/92/93 + county
// + random body (so a county's rows sit together in code order), 2 % registered elsewhere
// than the code says, ~1400 GB/T 4754 classes with a skewed mix, risk A 30 % B 52 % C 13 %
// D 5 %, 97 % active, ~15 % with one regulatory tag, 20 % inspected in the two years before
// 2026-06-01. Generated once per process (a few seconds), not timed.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/directory.h"
#include "core/industry.h"
#include "core/region.h"
#include "index/entity_index.h"

namespace sunlit::index {
namespace {

constexpr size_t kEntities = 10'000'000;
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<const char*, 12> kTags = {
    "catering",     "cosmetics",           "food_production", "food_retail",
    "fuel_retail",  "hazardous_chemicals", "medical_devices", "pharmacy",
    "prepaid_card", "public_venue",        "school_canteen",  "special_equipment"};

uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

core::Date Today() { return core::Date::FromYmd(2026, 6, 1); }

// The directory as compact arrays; Scan() turns rows into core::Entity one at a time, the
// way a store cursor would.
struct Directory {
  std::vector<int32_t> counties;
  std::vector<std::string> industries;
  std::vector<Code> codes;  // sorted, unique

  Directory() {
    for (const core::RegionRow* r : core::RegionTree::Builtin().CountiesWithin("43")) {
      counties.push_back(r->code);
    }
    for (const core::IndustryRow& r : core::IndustryTree::Builtin().rows()) {
      if (r.level == 4) industries.push_back(r.code);
    }
    codes.resize(kEntities);
    for (size_t i = 0; i < kEntities; ++i) {
      uint64_t h = SplitMix(i * 2 + 1);
      Code& c = codes[i];
      const uint64_t kind = h % 100;  // enterprise 27 %, individual 70 %, cooperative 3 %
      h /= 100;
      c[0] = '9';
      c[1] = kind < 27 ? '1' : kind < 97 ? '2' : '3';
      const std::string county = std::to_string(counties[h % counties.size()]);
      h /= counties.size();
      std::memcpy(&c[2], county.data(), 6);
      for (size_t k = 8; k < kCodeLength; ++k) {
        if (k == 13) h = SplitMix(h);
        c[k] = kAlphabet[h % 31];
        h /= 31;
      }
    }
    std::sort(codes.begin(), codes.end(),
              [](const Code& a, const Code& b) { return std::memcmp(&a, &b, kCodeLength) < 0; });
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  }

  // Row i's fields, derived from (i, code) only.
  void Fill(size_t i, core::Entity* e) const {
    const Code& c = codes[i];
    e->code.assign(c.data(), kCodeLength);
    uint64_t h = SplitMix(i * 2 + 2);
    e->type = c[1] == '1'   ? core::EntityType::kEnterprise
              : c[1] == '2' ? core::EntityType::kIndividual
                            : core::EntityType::kCooperative;
    e->region = (c[2] - '0') * 100000 + (c[3] - '0') * 10000 + (c[4] - '0') * 1000 +
                (c[5] - '0') * 100 + (c[6] - '0') * 10 + (c[7] - '0');
    if (h % 100 < 2) e->region = counties[(h >> 8) % counties.size()];  // moved
    h = SplitMix(h);
    // Skewed: half the entities in the 60 most common classes.
    e->industry = industries[(h & 1) != 0 ? (h >> 1) % 60 * 7 % industries.size()
                                          : (h >> 1) % industries.size()];
    h = SplitMix(h);
    const uint64_t risk = h % 100;
    e->risk = risk < 30   ? core::RiskClass::kA
              : risk < 82 ? core::RiskClass::kB
              : risk < 95 ? core::RiskClass::kC
                          : core::RiskClass::kD;
    h /= 100;
    const uint64_t status = h % 100;
    e->status = status < 97   ? core::RegistrationStatus::kActive
                : status < 98 ? core::RegistrationStatus::kSuspended
                : status < 99 ? core::RegistrationStatus::kRevoked
                              : core::RegistrationStatus::kDeregistered;
    h /= 100;
    e->tags.clear();
    if (h % 100 < 15) e->tags.emplace_back(kTags[(h / 100) % kTags.size()]);
    h = SplitMix(h);
    e->last_inspected.reset();
    if (h % 100 < 20) e->last_inspected = Today().AddDays(-static_cast<int32_t>((h / 100) % 730));
  }

  Status Scan(const std::function<bool(const core::Entity&)>& fn) const {
    core::Entity e;
    for (size_t i = 0; i < codes.size(); ++i) {
      Fill(i, &e);
      if (!fn(e)) break;
    }
    return Status::Ok();
  }
};

const Directory& Dir() {
  static const Directory* const dir = new Directory();
  return *dir;
}

EntityIndex::Scanner ScannerOf(const Directory& d) {
  return [&d](const std::function<bool(const core::Entity&)>& fn) { return d.Scan(fn); };
}

EntityIndex BuildIndex(int threads) {
  IndexOptions options;
  options.scan_threads = threads;
  options.expected_rows = Dir().codes.size();
  Result<EntityIndex> r = EntityIndex::Build(ScannerOf(Dir()), options);
  if (!r.ok()) std::abort();
  return std::move(r).value();
}

const EntityIndex& Index() {
  static const EntityIndex* const index = new EntityIndex(BuildIndex(0));
  return *index;
}

const EntityIndex& SingleThreadIndex() {
  static const EntityIndex* const index = new EntityIndex(BuildIndex(1));
  return *index;
}

PoolFilter ProvinceFilter() {
  PoolFilter f;
  f.region_prefixes = {"43"};
  f.exclude_inspected_since = Today().AddDays(-365);  // one-year cool-down
  return f;
}

PoolFilter PrefectureFilter() {
  PoolFilter f = ProvinceFilter();
  f.region_prefixes = {"4301"};
  return f;
}

void BM_ScanOnly(benchmark::State& state) {
  const Directory& d = Dir();
  for (auto _ : state) {
    int64_t n = 0;
    const Status s = d.Scan([&n](const core::Entity& e) {
      n += e.region;
      return true;
    });
    benchmark::DoNotOptimize(n);
    if (!s.ok()) state.SkipWithError("scan failed");
  }
  state.counters["rows"] = static_cast<double>(d.codes.size());
}
BENCHMARK(BM_ScanOnly)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_Build(benchmark::State& state) {
  const Directory& d = Dir();
  size_t bytes = 0;
  for (auto _ : state) {
    const EntityIndex index = BuildIndex(0);
    bytes = index.MemoryBytes();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["rows"] = static_cast<double>(d.codes.size());
  state.counters["bytes_per_entity"] =
      static_cast<double>(bytes) / static_cast<double>(d.codes.size());
}
BENCHMARK(BM_Build)->Unit(benchmark::kMillisecond)->Iterations(2);

void RunPool(benchmark::State& state, const EntityIndex& index, const PoolFilter& f) {
  size_t members = 0;
  int64_t cooled = 0;
  for (auto _ : state) {
    Result<Pool> pool = index.BuildPool(f, Stratify::kRiskClass);
    if (!pool.ok()) {
      state.SkipWithError("pool failed");
      break;
    }
    members = pool->members.size();
    cooled = pool->excluded.cooled_down;
    benchmark::DoNotOptimize(pool->members.data());
  }
  state.counters["members"] = static_cast<double>(members);
  state.counters["cooled_down"] = static_cast<double>(cooled);
}

// Real time (the pool is built on up to two threads) and the CPU time of the whole process;
// five repetitions, reported as mean, median, min and stddev: the minimum is the figure for an
// otherwise idle machine.
void PoolSettings(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->MeasureProcessCPUTime()
      ->Repetitions(5)
      ->ReportAggregatesOnly(true)
      ->ComputeStatistics("min", [](const std::vector<double>& v) {
        return *std::min_element(v.begin(), v.end());
      });
}

void BM_ProvincePool(benchmark::State& state) { RunPool(state, Index(), ProvinceFilter()); }
BENCHMARK(BM_ProvincePool)->Apply(PoolSettings);

void BM_ProvincePoolOneThread(benchmark::State& state) {
  RunPool(state, SingleThreadIndex(), ProvinceFilter());
}
BENCHMARK(BM_ProvincePoolOneThread)->Apply(PoolSettings);

void BM_PrefecturePool(benchmark::State& state) { RunPool(state, Index(), PrefectureFilter()); }
BENCHMARK(BM_PrefecturePool)->Apply(PoolSettings);

void BM_PrefecturePoolOneThread(benchmark::State& state) {
  RunPool(state, SingleThreadIndex(), PrefectureFilter());
}
BENCHMARK(BM_PrefecturePoolOneThread)->Apply(PoolSettings);

void BM_PrefecturePoolWithAnnualCap(benchmark::State& state) {
  // 300 000 codes drawn by other tasks this year, spread over the province.
  static const CodeSet* const drawn = [] {
    std::vector<Code> codes;
    for (size_t i = 0; i < Dir().codes.size(); i += 33) codes.push_back(Dir().codes[i]);
    return new CodeSet(CodeSet::Build(std::move(codes)));
  }();
  PoolFilter f = PrefectureFilter();
  f.exclude_drawn = drawn;
  RunPool(state, Index(), f);
}
BENCHMARK(BM_PrefecturePoolWithAnnualCap)->Apply(PoolSettings);

void RunCount(benchmark::State& state, const PoolFilter& f) {
  int64_t n = 0;
  for (auto _ : state) {
    const Result<int64_t> count = Index().CountPool(f);
    if (!count.ok()) {
      state.SkipWithError("count failed");
      break;
    }
    n = *count;
    benchmark::DoNotOptimize(n);
  }
  state.counters["members"] = static_cast<double>(n);
}

void BM_CountProvince(benchmark::State& state) { RunCount(state, ProvinceFilter()); }
BENCHMARK(BM_CountProvince)->Apply(PoolSettings);

void BM_CountPrefectureFoodRetail(benchmark::State& state) {
  PoolFilter f = PrefectureFilter();
  f.industry_prefixes = {"F52"};
  f.tags_any = {"food_retail", "catering"};
  RunCount(state, f);
}
BENCHMARK(BM_CountPrefectureFoodRetail)->Apply(PoolSettings);

// 160 000 new codes into a fresh 10 M index: one crosses rows / 64 and triggers the merge.
// Reports the mean per upsert and the slowest one (the merge).
void BM_UpsertNewCodes(benchmark::State& state) {
  constexpr size_t kNew = 160'000;
  for (auto _ : state) {
    state.PauseTiming();
    EntityIndex index = BuildIndex(0);
    std::vector<core::Entity> added(kNew);
    const size_t stride = Dir().codes.size() / kNew;
    for (size_t k = 0; k < kNew; ++k) {
      Dir().Fill(k * stride, &added[k]);
      added[k].code.back() = 'Z';  // never a check character: a new code
    }
    state.ResumeTiming();
    int64_t slowest_us = 0;
    for (const core::Entity& e : added) {
      const auto start = std::chrono::steady_clock::now();
      if (!index.Upsert(e).ok()) state.SkipWithError("upsert failed");
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
      slowest_us = std::max<int64_t>(slowest_us, us);
    }
    state.PauseTiming();
    state.counters["merges"] = static_cast<double>(index.Stats().merges);
    state.counters["slowest_upsert_ms"] = static_cast<double>(slowest_us) / 1000.0;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kNew));
}
BENCHMARK(BM_UpsertNewCodes)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace sunlit::index
