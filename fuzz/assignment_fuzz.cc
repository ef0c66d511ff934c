// Fuzz target: inspector assignment documents and their verification (draw/assignment.h,
// draw/assignment_json.h), the code behind `sunlit assign` and `sunlit verify assignment`.
//
// Input: an assignment input document (JSON, docs/assignment.md); seeds are the documented
// example, its infeasible variant and inputs made by `sunlit assign`'s own tests' shapes.
//
// Invariants:
//   - AssignmentInputFromJson never throws; errors are kInvalidArgument "input: …"; a parsed
//     input re-serialises canonically (parse(write(x)) == x, write is a fixpoint);
//   - for inputs up to 64 entities and 64 inspectors (to keep each run short): Assign fails
//     exactly when ValidateAssignmentInput does, with kInvalidArgument; otherwise its result
//     verifies, is the same when computed again, survives its JSON round trip, says
//     feasible exactly when no entity is unstaffed, never puts an inspector twice on a team
//     or over the workload cap; and any one tampering that changes it (an inspector replaced
//     or removed, a load changed, two teams swapped, feasible flipped) fails verification.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "draw/assignment.h"
#include "draw/assignment_json.h"
#include "fuzz_check.h"

namespace {

using namespace sunlit::draw;

void CheckResult(const AssignmentInput& input, const AssignmentResult& r) {
  FUZZ_CHECK(r.feasible == r.unstaffed.empty(), "feasible %d with %zu unstaffed", r.feasible,
             r.unstaffed.size());
  FUZZ_CHECK(r.teams.size() == input.entities.size(), "%zu teams for %zu entities", r.teams.size(),
             input.entities.size());
  std::map<std::string, int64_t> load;
  for (const EntityTeam& t : r.teams) {
    for (const DepartmentTeam& d : t.departments) {
      const auto want = input.team.find(d.department);
      FUZZ_CHECK(want != input.team.end(), "team of unknown department %s", d.department.c_str());
      FUZZ_CHECK(static_cast<int64_t>(d.inspectors.size()) <= want->second,
                 "%zu inspectors of %s, %lld required", d.inspectors.size(), d.department.c_str(),
                 static_cast<long long>(want->second));
      std::set<std::string> seen(d.inspectors.begin(), d.inspectors.end());
      FUZZ_CHECK(seen.size() == d.inspectors.size(), "an inspector twice on a team");
      for (const std::string& i : d.inspectors) ++load[i];
    }
  }
  for (const auto& [code, n] : load) {
    FUZZ_CHECK(n <= input.workload_cap, "%s has %lld new checks, cap %lld", code.c_str(),
               static_cast<long long>(n), static_cast<long long>(input.workload_cap));
  }
}

// Tampering number `what` with positions `i` and `j`; false when it does not apply.
bool Tamper(AssignmentResult& r, const AssignmentInput& input, unsigned what, size_t i, size_t j) {
  switch (what % 5) {
    case 0:
      r.feasible = !r.feasible;
      return true;
    case 1: {  // replace an inspector on some team by another of the same department
      if (r.teams.empty()) return false;
      EntityTeam& t = r.teams[i % r.teams.size()];
      for (DepartmentTeam& d : t.departments) {
        if (d.inspectors.empty()) continue;
        for (const AssignInspector& other : input.inspectors) {
          if (other.department != d.department) continue;
          bool on = false;
          for (const std::string& c : d.inspectors) on = on || c == other.code;
          if (on) continue;
          d.inspectors[j % d.inspectors.size()] = other.code;
          std::sort(d.inspectors.begin(), d.inspectors.end());
          return true;
        }
      }
      return false;
    }
    case 2: {  // remove an inspector from some team
      if (r.teams.empty()) return false;
      for (DepartmentTeam& d : r.teams[i % r.teams.size()].departments) {
        if (d.inspectors.empty()) continue;
        d.inspectors.erase(d.inspectors.begin() + static_cast<long>(j % d.inspectors.size()));
        return true;
      }
      return false;
    }
    case 3:
      if (r.loads.empty()) return false;
      r.loads[i % r.loads.size()].total_load += 1;
      return true;
    default:
      if (r.teams.size() < 2 || i % r.teams.size() == j % r.teams.size()) return false;
      std::swap(r.teams[i % r.teams.size()], r.teams[j % r.teams.size()]);
      return true;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  // The last three bytes choose the tampering; the rest is the document.
  const unsigned what = data[size - 3];
  const size_t ti = data[size - 2], tj = data[size - 1];
  const std::string_view text(reinterpret_cast<const char*>(data), size - 3);
  auto parsed = AssignmentInputFromJson(text);
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().code() == sunlit::StatusCode::kInvalidArgument &&
                   parsed.status().message().rfind("input: ", 0) == 0,
               "error '%s'", parsed.status().message().c_str());
    return 0;
  }
  const AssignmentInput& input = *parsed;
  const std::string json = AssignmentInputToJson(input);
  auto back = AssignmentInputFromJson(json);
  FUZZ_CHECK(back.ok(), "the written input does not parse: %s", back.status().message().c_str());
  FUZZ_CHECK(*back == input, "the input changed in a JSON round trip");
  FUZZ_CHECK(AssignmentInputToJson(*back) == json, "AssignmentInputToJson is not canonical");

  if (input.entities.size() > 64 || input.inspectors.size() > 64) return 0;
  const sunlit::Status valid = ValidateAssignmentInput(input);
  auto result = Assign(input);
  FUZZ_CHECK(result.ok() == valid.ok(), "Assign %s, ValidateAssignmentInput %s",
             result.ok() ? "OK" : result.status().message().c_str(),
             valid.ok() ? "OK" : valid.message().c_str());
  if (!result.ok()) {
    FUZZ_CHECK(result.status().code() == sunlit::StatusCode::kInvalidArgument, "Assign code %d",
               static_cast<int>(result.status().code()));
    return 0;
  }
  const AssignmentResult& r = *result;
  const sunlit::Status v = VerifyAssignment(input, r);
  FUZZ_CHECK(v.ok(), "a fresh assignment does not verify: %s", v.message().c_str());
  auto again = Assign(input);
  FUZZ_CHECK(again.ok() && *again == r, "Assign is not deterministic");
  auto rback = AssignmentResultFromJson(AssignmentResultToJson(r));
  FUZZ_CHECK(rback.ok() && *rback == r, "result JSON round trip: %s",
             rback.ok() ? "different result" : rback.status().message().c_str());
  CheckResult(input, r);

  AssignmentResult bad = r;
  if (Tamper(bad, input, what, ti, tj) && !(bad == r)) {
    FUZZ_CHECK(!VerifyAssignment(input, bad).ok(), "tampering %u went unnoticed", what % 5);
  }
  return 0;
}
