// Test-only helpers for the assignment tests: the worked example of docs/assignment.md and
// random instances. Never included by non-test code.
#ifndef SUNLIT_DRAW_ASSIGNMENT_TEST_SUPPORT_H_
#define SUNLIT_DRAW_ASSIGNMENT_TEST_SUPPORT_H_

#include <random>
#include <string>
#include <vector>

#include "draw/assignment.h"
#include "draw/test_support.h"

namespace sunlit::draw::testing {

inline core::Date D(const char* ymd) { return *core::Date::Parse(ymd); }

inline AssignInspector Insp(std::string code, std::string dept, std::string unit,
                            std::optional<core::Date> expiry,
                            std::vector<std::string> qualifications, int64_t load,
                            core::InspectorStatus status = core::InspectorStatus::kActive) {
  AssignInspector i;
  i.code = std::move(code);
  i.department = std::move(dept);
  i.unit = std::move(unit);
  i.status = status;
  i.certificate_expiry = expiry;
  i.qualifications = std::move(qualifications);
  i.current_load = load;
  return i;
}

inline AssignEntity Ent(std::string code, std::string unit, std::vector<std::string> conflicts = {},
                        std::vector<std::string> previous = {}) {
  return {std::move(code), std::move(unit), std::move(conflicts), std::move(previous)};
}

// docs/assignment.md, "Worked example": four entities, or five (the infeasible variant).
inline AssignmentInput AssignmentWorkedExample(bool fifth_entity = false) {
  AssignmentInput in;
  in.seed = SecretFrom(0);  // bytes 00 01 … 1f
  in.check_date = D("2026-06-01");
  in.team = {{"SCJG", 1}, {"WJW", 1}};
  in.required_qualifications = {{"SCJG", {"food"}}};
  in.cross_unit = true;
  in.workload_cap = 2;
  in.allow_previous = false;
  using core::InspectorStatus;
  in.inspectors = {
      Insp("S01", "SCJG", "YH-01", D("2027-12-31"), {"food"}, 3),
      Insp("S02", "SCJG", "YH-02", D("2026-12-31"), {"drugs", "food"}, 1),
      Insp("S03", "SCJG", "YH-01", D("2026-05-31"), {"food"}, 0),
      Insp("S04", "SCJG", "YH-03", D("2027-12-31"), {"food"}, 0, InspectorStatus::kSuspended),
      Insp("S05", "SCJG", "YH-03", D("2028-12-31"), {"drugs"}, 0),
      Insp("S06", "SCJG", "YH-03", D("2027-06-30"), {"food"}, 1),
      Insp("W01", "WJW", "WJ-1", D("2027-12-31"), {}, 0),
      Insp("W02", "WJW", "WJ-1", D("2027-12-31"), {}, 4),
      Insp("W03", "WJW", "WJ-2", std::nullopt, {}, 0),
  };
  in.entities = {
      Ent("914303025FGQN85B35", "YH-02"),
      Ent("914303022F95MPWG33", "YH-01", {"W01"}),
      Ent("91430302MB2KLRPMXB", "YH-03", {}, {"S02"}),
      Ent("91430304XB52CY712W", "YH-01", {"W02"}),
  };
  if (fifth_entity) in.entities.push_back(Ent("91430302TNWN4DY082", "YH-01", {"W02"}));
  return in;
}

struct RandomShape {
  size_t entities = 30;
  size_t inspectors = 12;
  size_t departments = 2;  // "D0", "D1", …
  size_t units = 4;        // "U0", … (shared by entities' jurisdictions)
  int64_t cap = 3;
  int64_t max_team = 2;      // per department, at least 1
  int defect_percent = 10;   // inactive / expired / unqualified, each
  int conflict_percent = 5;  // per entity and inspector
  int previous_percent = 5;
  bool cross_unit = true;
  bool allow_previous = false;
};

// A random instance; team total is at least 2.
inline AssignmentInput RandomAssignmentInput(std::mt19937_64& rng, const RandomShape& s) {
  AssignmentInput in;
  in.seed = RandomSecret(rng);
  in.check_date = D("2026-06-01");
  for (size_t d = 0; d < s.departments; ++d) {
    in.team["D" + std::to_string(d)] = 1 + static_cast<int64_t>(rng() % s.max_team);
  }
  if (s.departments == 1) in.team["D0"] = std::max<int64_t>(2, in.team["D0"]);
  in.required_qualifications["D0"] = {"q"};
  in.cross_unit = s.cross_unit;
  in.allow_previous = s.allow_previous;
  in.workload_cap = s.cap;
  auto pct = [&rng](int p) { return static_cast<int>(rng() % 100) < p; };
  for (size_t i = 0; i < s.inspectors; ++i) {
    AssignInspector a;
    a.code = "I" + std::to_string(i);
    a.department = "D" + std::to_string(rng() % (s.departments + 1));  // some of no team dept
    if (a.department == "D" + std::to_string(s.departments) && !pct(20)) a.department = "D0";
    a.unit = "U" + std::to_string(rng() % s.units);
    a.status =
        pct(s.defect_percent) ? core::InspectorStatus::kLeft : core::InspectorStatus::kActive;
    if (pct(s.defect_percent)) {  // missing or expired
      if (rng() % 2)
        a.certificate_expiry = in.check_date.AddDays(-1 - static_cast<int32_t>(rng() % 3));
    } else {  // valid, some expiring on the check date itself
      a.certificate_expiry = in.check_date.AddDays(static_cast<int32_t>(rng() % 4));
    }
    if (!pct(s.defect_percent)) a.qualifications.push_back("q");
    if (pct(30)) a.qualifications.push_back("r");
    a.current_load = static_cast<int64_t>(rng() % 4);
    in.inspectors.push_back(std::move(a));
  }
  for (std::string& code : RandomCodes(rng, s.entities)) {
    AssignEntity e;
    e.code = std::move(code);
    e.jurisdiction_unit = pct(10) ? "" : "U" + std::to_string(rng() % s.units);
    for (size_t i = 0; i < s.inspectors; ++i) {
      if (pct(s.conflict_percent)) e.conflicts.push_back("I" + std::to_string(i));
      if (pct(s.previous_percent)) e.previous_inspectors.push_back("I" + std::to_string(i));
    }
    if (pct(5)) e.conflicts.push_back("NOT-IN-INPUT");
    in.entities.push_back(std::move(e));
  }
  return in;
}

}  // namespace sunlit::draw::testing

#endif  // SUNLIT_DRAW_ASSIGNMENT_TEST_SUPPORT_H_
