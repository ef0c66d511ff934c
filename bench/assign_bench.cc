// Benchmarks of the inspector assignment (src/draw/assignment.h) at county-bureau-plus scale:
// 30 000 drawn entities and 3 000 inspectors.
//
// The synthetic bureau: 40 market-supervision units (所), each the jurisdiction of 1/40 of
// the entities; market supervision (SCJG) has its inspectors spread over those 40 units,
// partner departments (WJW, XF, SW, NY) over 8 units of their own. 3 % of inspectors are not
// active, 3 % have an expired certificate, 10 % of SCJG lack the "food" qualification the
// task requires; current loads 0..29. 3 % of entities declare a conflict with 1–3 inspectors,
// 20 % name the 2 inspectors of their previous check. cross_unit on, previous excluded.
// Generated once per benchmark (not timed).
//
//   BM_Assign/specified_*   the brief's sizes: 3 000 inspectors in 5 departments, cap 20.
//                           Teams of 2 need 60 000 places; no 5-department split of 3 000
//                           inspectors at cap 20 has that many in the team's departments,
//                           so these are infeasible and explain 10 000s of unstaffed
//                           entities.
//   BM_Assign/tight_*       3 000 inspectors in the team's departments with just enough
//                           capacity.
//   BM_Assign/loose_*       plenty of capacity (cap 40); with current loads 0..29, or all 0.
//   BM_Assign/*clustered*   one crowded unit holding half the entities and about half the
//                           inspectors, who may not check them (cross_unit): tight; tight
//                           with its entities last in draw order (adversarial: phase 1 gives
//                           away what they need and phase 2 makes 13 550 augmenting paths);
//                           and short of capacity (infeasible).
//   BM_AssignSixth/*        the same at a sixth of the size, for quick experiments.
//   BM_VerifyAssignment/*, BM_AssignmentJson   the verifier and the JSON parsers.
//
// Counters: places and filled places, unstaffed entities, the work of phase 2 (augmenting
// paths, failed searches, entities and inspectors reached by searches) and the load balance
// achieved.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/uscc.h"
#include "draw/assignment.h"
#include "draw/assignment_json.h"

namespace sunlit::draw {
namespace {

uint64_t SplitMix(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

struct Shape {
  const char* name;
  std::vector<std::pair<std::string, int>> departments;  // name, inspectors
  std::vector<std::pair<std::string, int64_t>> team;
  int64_t cap;
  bool equal_loads = false;  // every current_load 0 (else 0..29)
  // Clustered: this share of the businesses lies in one "urban" unit, which holds
  // `urban_inspectors` percent of SCJG's inspectors (0: businesses and inspectors spread
  // evenly over the 40 units). With cross_unit, the urban unit's inspectors can check only
  // the other businesses.
  int urban_entities = 0;
  int urban_inspectors = 0;
  // The urban businesses come last in draw order (as when a stratum of the draw is mostly
  // urban): phase 1 then spends the inspectors they need on the others, and phase 2 has to
  // move those.
  bool urban_last = false;
};

// One of 40 SCJG units: the urban one (0) with probability `urban_percent`, else one of the
// other 39; all 40 alike when there is no clustering.
std::string ScjgUnit(uint64_t& rng, int urban_percent) {
  if (urban_percent == 0) return "SCJG-" + std::to_string(SplitMix(rng) % 40);
  const bool urban = static_cast<int>(SplitMix(rng) % 100) < urban_percent;
  return "SCJG-" + std::to_string(urban ? 0 : 1 + SplitMix(rng) % 39);
}

// Entity i's code: "91430302" + 9 base-31 digits of i + the GB 32100 check character.
std::string EntityCode(uint64_t i) {
  std::string code = "91430302";
  std::string body(9, '0');
  for (int k = 8; k >= 0; --k) {
    body[static_cast<size_t>(k)] = core::kUsccAlphabet[i % 31];
    i /= 31;
  }
  code += body;
  code.push_back(core::UsccCheckCharacter(code));
  return code;
}

// `entities` businesses; each department's inspectors divided by `scale`.
AssignmentInput Generate(const Shape& shape, size_t entities, int scale = 1) {
  uint64_t rng = 20260601;
  AssignmentInput in;
  for (size_t k = 0; k < in.seed.size(); ++k) in.seed[k] = static_cast<uint8_t>(SplitMix(rng));
  in.check_date = *core::Date::Parse("2026-06-01");
  for (const auto& [d, n] : shape.team) in.team[d] = n;
  in.required_qualifications["SCJG"] = {"food"};
  in.cross_unit = true;
  in.workload_cap = shape.cap;
  const core::Date valid = *core::Date::Parse("2027-12-31");
  const core::Date expired = *core::Date::Parse("2026-03-31");
  std::vector<std::string> scjg;
  for (const auto& [dept, n] : shape.departments) {
    for (int k = 0; k < n / scale; ++k) {
      AssignInspector i;
      i.code = dept + "-" + std::to_string(100000 + k);
      i.department = dept;
      i.unit = dept == "SCJG" ? ScjgUnit(rng, shape.urban_inspectors)
                              : dept + "-" + std::to_string(k % 8);
      const uint64_t r = SplitMix(rng) % 100;
      i.status = r < 3 ? core::InspectorStatus::kSuspended : core::InspectorStatus::kActive;
      i.certificate_expiry = r >= 3 && r < 6 ? expired : valid;
      if (dept == "SCJG" && SplitMix(rng) % 10 != 0) i.qualifications.push_back("food");
      if (dept != "SCJG") i.qualifications.push_back("general");
      i.current_load = static_cast<int64_t>(SplitMix(rng) % 30);
      if (shape.equal_loads) i.current_load = 0;
      if (dept == "SCJG") scjg.push_back(i.code);
      in.inspectors.push_back(std::move(i));
    }
  }
  for (size_t e = 0; e < entities; ++e) {
    AssignEntity ent;
    ent.code = EntityCode(e * 7919 + 17);
    ent.jurisdiction_unit = ScjgUnit(rng, shape.urban_entities);
    if (SplitMix(rng) % 100 < 3) {
      const uint64_t n = 1 + SplitMix(rng) % 3;
      for (uint64_t k = 0; k < n; ++k) {
        ent.conflicts.push_back(in.inspectors[SplitMix(rng) % in.inspectors.size()].code);
      }
    }
    if (SplitMix(rng) % 100 < 20 && !scjg.empty()) {
      ent.previous_inspectors.push_back(scjg[SplitMix(rng) % scjg.size()]);
      ent.previous_inspectors.push_back(scjg[SplitMix(rng) % scjg.size()]);
    }
    in.entities.push_back(std::move(ent));
  }
  if (shape.urban_last) {
    std::stable_partition(in.entities.begin(), in.entities.end(),
                          [](const AssignEntity& e) { return e.jurisdiction_unit != "SCJG-0"; });
  }
  return in;
}

const Shape kShapes[] = {
    {"specified_2_from_SCJG",
     {{"SCJG", 1800}, {"WJW", 300}, {"XF", 300}, {"SW", 300}, {"NY", 300}},
     {{"SCJG", 2}},
     20},
    {"specified_SCJG_and_WJW",
     {{"SCJG", 1800}, {"WJW", 300}, {"XF", 300}, {"SW", 300}, {"NY", 300}},
     {{"SCJG", 1}, {"WJW", 1}},
     20},
    {"tight_2_from_SCJG", {{"SCJG", 3000}}, {{"SCJG", 2}}, 24},
    {"tight_SCJG_and_WJW", {{"SCJG", 1500}, {"WJW", 1500}}, {{"SCJG", 1}, {"WJW", 1}}, 25},
    {"loose_SCJG_and_WJW", {{"SCJG", 1500}, {"WJW", 1500}}, {{"SCJG", 1}, {"WJW", 1}}, 40},
    {"loose_equal_loads", {{"SCJG", 1500}, {"WJW", 1500}}, {{"SCJG", 1}, {"WJW", 1}}, 40, true},
    {"tight_clustered_2_from_SCJG", {{"SCJG", 3000}}, {{"SCJG", 2}}, 24, false, 50, 45},
    {"clustered_urban_last_2_from_SCJG", {{"SCJG", 3000}}, {{"SCJG", 2}}, 24, false, 50, 45, true},
    {"clustered_short_2_from_SCJG", {{"SCJG", 3000}}, {{"SCJG", 2}}, 24, false, 50, 60},
};

void Report(benchmark::State& state, const AssignmentInput& in, const AssignmentResult& r) {
  int64_t places = 0, filled = 0;
  for (const auto& [d, n] : in.team) places += n * static_cast<int64_t>(in.entities.size());
  for (const EntityTeam& t : r.teams) {
    for (const DepartmentTeam& d : t.departments)
      filled += static_cast<int64_t>(d.inspectors.size());
  }
  state.counters["entities"] = static_cast<double>(in.entities.size());
  state.counters["inspectors"] = static_cast<double>(in.inspectors.size());
  state.counters["places"] = static_cast<double>(places);
  state.counters["filled"] = static_cast<double>(filled);
  state.counters["unstaffed"] = static_cast<double>(r.unstaffed.size());
  // Per department, worst: the spread of new loads among inspectors that received checks,
  // and of total loads (current + new) among those that received some but are below the cap
  // (the "water level" the greedy fills).
  int64_t spread = 0, total_spread = 0;
  for (const auto& [d, n] : in.team) {
    int64_t lo = INT64_MAX, hi = 0, tlo = INT64_MAX, thi = 0;
    for (const InspectorLoad& l : r.loads) {
      if (l.department != d || l.new_load == 0) continue;
      lo = std::min(lo, l.new_load);
      hi = std::max(hi, l.new_load);
      if (l.new_load < in.workload_cap) {
        tlo = std::min(tlo, l.total_load);
        thi = std::max(thi, l.total_load);
      }
    }
    if (hi > 0) spread = std::max(spread, hi - lo);
    if (thi > 0) total_spread = std::max(total_spread, thi - tlo);
  }
  state.counters["total_load_spread"] = static_cast<double>(total_spread);
  state.counters["new_load_spread"] = static_cast<double>(spread);
}

void BM_Assign(benchmark::State& state) {
  const Shape& shape = kShapes[state.range(0)];
  state.SetLabel(shape.name);
  const AssignmentInput in = Generate(shape, 30'000);
  AssignmentResult last;
  AssignStats stats;
  for (auto _ : state) {
    stats = AssignStats();
    Result<AssignmentResult> r = Assign(in, &stats);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    last = std::move(r).value();
  }
  Report(state, in, last);
  state.counters["greedy"] = static_cast<double>(stats.greedy_places);
  state.counters["augmented"] = static_cast<double>(stats.augmentations);
  state.counters["failed_searches"] = static_cast<double>(stats.failed_searches);
  state.counters["entities_reached"] = static_cast<double>(stats.entities_reached);
  state.counters["inspectors_reached"] = static_cast<double>(stats.inspectors_reached);
}
BENCHMARK(BM_Assign)->DenseRange(0, 8)->Unit(benchmark::kMillisecond);

// The same at a sixth of the size (5 000 businesses, 500 inspectors).
void BM_AssignSixth(benchmark::State& state) {
  const Shape& shape = kShapes[state.range(0)];
  state.SetLabel(shape.name);
  const AssignmentInput in = Generate(shape, 5'000, 6);
  AssignmentResult last;
  AssignStats stats;
  for (auto _ : state) {
    stats = AssignStats();
    last = *Assign(in, &stats);
  }
  Report(state, in, last);
  state.counters["augmented"] = static_cast<double>(stats.augmentations);
  state.counters["entities_reached"] = static_cast<double>(stats.entities_reached);
  state.counters["inspectors_reached"] = static_cast<double>(stats.inspectors_reached);
}
BENCHMARK(BM_AssignSixth)->DenseRange(0, 8)->Unit(benchmark::kMillisecond);

void BM_VerifyAssignment(benchmark::State& state) {
  const AssignmentInput in = Generate(kShapes[state.range(0)], 30'000);
  state.SetLabel(kShapes[state.range(0)].name);
  const AssignmentResult r = *Assign(in);
  for (auto _ : state) {
    if (!VerifyAssignment(in, r).ok()) state.SkipWithError("verification failed");
  }
}
BENCHMARK(BM_VerifyAssignment)->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_AssignmentJson(benchmark::State& state) {
  const AssignmentInput in = Generate(kShapes[3], 30'000);
  const std::string input_json = AssignmentInputToJson(in);
  const std::string result_json = AssignmentResultToJson(*Assign(in));
  for (auto _ : state) {
    if (!AssignmentInputFromJson(input_json).ok() || !AssignmentResultFromJson(result_json).ok()) {
      state.SkipWithError("parse failed");
    }
  }
  state.counters["input_bytes"] = static_cast<double>(input_json.size());
  state.counters["result_bytes"] = static_cast<double>(result_json.size());
}
BENCHMARK(BM_AssignmentJson)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sunlit::draw
