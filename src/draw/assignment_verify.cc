// VerifyAssignment: checks every hard constraint of a published assignment on its own,
// inspector by inspector and without the algorithm's data structures, so that a wrong
// result is named by the rule it breaks; only then compares with a recomputation.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "draw/assignment.h"

namespace sunlit::draw {
namespace {

Status Mismatch(const std::string& what) { return InvalidArgument(what); }

// An entity's conflicts and previous inspectors, sorted for lookups.
struct Lists {
  explicit Lists(const AssignEntity& e)
      : conflicts(e.conflicts.begin(), e.conflicts.end()),
        previous(e.previous_inspectors.begin(), e.previous_inspectors.end()) {
    std::sort(conflicts.begin(), conflicts.end());
    std::sort(previous.begin(), previous.end());
  }
  std::vector<std::string_view> conflicts, previous;
};

// The first reason (ExclusionReason order, kWorkload excluded) why inspector `i` may not
// check entity `e` (whose lists are `lists`), with a phrase for messages; nullopt when
// eligible.
struct Exclusion {
  ExclusionReason reason;
  std::string phrase;
};
std::optional<Exclusion> Excluded(const AssignmentInput& in, const AssignInspector& i,
                                  const AssignEntity& e, const Lists& lists) {
  if (i.status != core::InspectorStatus::kActive) {
    return Exclusion{ExclusionReason::kInactive,
                     "is not active (status " + std::string(core::WireName(i.status)) + ")"};
  }
  if (!i.certificate_expiry || *i.certificate_expiry < in.check_date) {
    return Exclusion{ExclusionReason::kCertificate,
                     "has no certificate valid on " + in.check_date.ToString()};
  }
  if (auto req = in.required_qualifications.find(i.department);
      req != in.required_qualifications.end()) {
    for (const std::string& tag : req->second) {
      if (std::find(i.qualifications.begin(), i.qualifications.end(), tag) ==
          i.qualifications.end()) {
        return Exclusion{ExclusionReason::kQualification, "lacks the qualification '" + tag + "'"};
      }
    }
  }
  const std::string_view code = i.code;
  if (std::binary_search(lists.conflicts.begin(), lists.conflicts.end(), code)) {
    return Exclusion{ExclusionReason::kConflict, "has a declared conflict of interest"};
  }
  if (in.cross_unit && i.unit == e.jurisdiction_unit) {
    return Exclusion{ExclusionReason::kSameUnit,
                     "belongs to the unit of the entity's jurisdiction (cross_unit)"};
  }
  if (!in.allow_previous &&
      std::binary_search(lists.previous.begin(), lists.previous.end(), code)) {
    return Exclusion{ExclusionReason::kPrevious, "did the entity's previous check"};
  }
  return std::nullopt;
}

std::string TeamText(const EntityTeam& t) {
  std::string s;
  for (const DepartmentTeam& d : t.departments) {
    if (!s.empty()) s += ' ';
    s += d.department + ":[";
    for (size_t k = 0; k < d.inspectors.size(); ++k) s += (k ? "," : "") + d.inspectors[k];
    s += ']';
  }
  return s;
}

std::string LoadText(const InspectorLoad& l) {
  return l.code + " (" + l.department + ") new " + std::to_string(l.new_load) + " total " +
         std::to_string(l.total_load);
}

}  // namespace

Status VerifyAssignment(const AssignmentInput& in, const AssignmentResult& r) {
  if (Status s = ValidateAssignmentInput(in); !s.ok()) {
    return Mismatch("input: " + s.message());
  }
  if (r.protocol != kAssignProtocolV1) {
    return Mismatch("protocol mismatch: result has '" + r.protocol +
                    "', this verifier implements '" + std::string(kAssignProtocolV1) + "'");
  }
  if (r.seed != in.seed) {
    return Mismatch("seed mismatch: result has " + ToHex(r.seed) + ", input has " + ToHex(in.seed));
  }
  std::map<std::string_view, size_t> by_code;
  for (size_t k = 0; k < in.inspectors.size(); ++k) by_code.emplace(in.inspectors[k].code, k);
  std::map<std::string_view, std::vector<size_t>> members;  // of each team department
  for (size_t k = 0; k < in.inspectors.size(); ++k) {
    if (in.team.count(in.inspectors[k].department)) {
      members[in.inspectors[k].department].push_back(k);
    }
  }

  // Teams: order, departments, sizes, eligibility of every member.
  if (r.teams.size() != in.entities.size()) {
    return Mismatch("the result has " + std::to_string(r.teams.size()) + " teams for " +
                    std::to_string(in.entities.size()) + " entities");
  }
  std::vector<int64_t> new_load(in.inspectors.size(), 0);
  std::vector<uint8_t> is_short(in.entities.size(), 0);
  for (size_t k = 0; k < in.entities.size(); ++k) {
    const AssignEntity& ent = in.entities[k];
    const EntityTeam& team = r.teams[k];
    if (team.entity != ent.code) {
      return Mismatch("teams[" + std::to_string(k) + "] is for entity " + team.entity +
                      ", but entity " + std::to_string(k) + " in draw order is " + ent.code);
    }
    const std::string who = "entity " + ent.code;
    const Lists lists(ent);
    if (team.departments.size() != in.team.size()) {
      return Mismatch(who + ": the team must list exactly the departments of the input's team");
    }
    auto spec = in.team.begin();
    for (const DepartmentTeam& dt : team.departments) {
      const auto& [dept, count] = *spec++;
      if (dt.department != dept) {
        return Mismatch(who +
                        ": the team must list exactly the departments of the input's "
                        "team, in order; found '" +
                        dt.department + "' for '" + dept + "'");
      }
      if (static_cast<int64_t>(dt.inspectors.size()) > count) {
        return Mismatch(who + ": " + std::to_string(dt.inspectors.size()) + " inspectors of " +
                        dept + " for " + std::to_string(count) + " places");
      }
      if (static_cast<int64_t>(dt.inspectors.size()) < count) is_short[k] = 1;
      for (size_t m = 0; m < dt.inspectors.size(); ++m) {
        const std::string& code = dt.inspectors[m];
        if (m > 0 && !(dt.inspectors[m - 1] < code)) {
          return Mismatch(who + ": the inspectors of " + dept +
                          " must be distinct and sorted by code");
        }
        auto it = by_code.find(code);
        if (it == by_code.end()) return Mismatch(who + ": unknown inspector " + code);
        const AssignInspector& insp = in.inspectors[it->second];
        if (insp.department != dept) {
          return Mismatch(who + ": inspector " + code + " belongs to " + insp.department +
                          ", not " + dept);
        }
        if (auto x = Excluded(in, insp, ent, lists)) {
          return Mismatch(who + ": inspector " + code + " " + x->phrase);
        }
        ++new_load[it->second];
      }
    }
  }
  for (size_t k = 0; k < in.inspectors.size(); ++k) {
    if (new_load[k] > in.workload_cap) {
      return Mismatch("inspector " + in.inspectors[k].code + " has " + std::to_string(new_load[k]) +
                      " checks, above the workload cap " + std::to_string(in.workload_cap));
    }
  }

  // Loads: every inspector of a team department, by (department, code).
  std::vector<InspectorLoad> loads;
  for (size_t k = 0; k < in.inspectors.size(); ++k) {
    const AssignInspector& i = in.inspectors[k];
    if (in.team.count(i.department)) {
      loads.push_back({i.code, i.department, new_load[k], i.current_load + new_load[k]});
    }
  }
  std::sort(loads.begin(), loads.end(), [](const InspectorLoad& a, const InspectorLoad& b) {
    return a.department != b.department ? a.department < b.department : a.code < b.code;
  });
  for (size_t k = 0; k < std::max(loads.size(), r.loads.size()); ++k) {
    if (k >= r.loads.size()) return Mismatch("loads: missing " + LoadText(loads[k]));
    if (k >= loads.size()) return Mismatch("loads: unexpected " + LoadText(r.loads[k]));
    if (!(r.loads[k] == loads[k])) {
      return Mismatch("loads[" + std::to_string(k) + "]: result has " + LoadText(r.loads[k]) +
                      ", the teams give " + LoadText(loads[k]));
    }
  }

  // Unstaffed: exactly the short teams, each department recounted inspector by inspector.
  size_t next = 0;
  for (size_t k = 0; k < in.entities.size(); ++k) {
    const AssignEntity& ent = in.entities[k];
    const bool listed = next < r.unstaffed.size() && r.unstaffed[next].entity == ent.code;
    if (!is_short[k]) {
      if (listed) {
        return Mismatch("unstaffed: entity " + ent.code + " is listed but its team is complete");
      }
      continue;
    }
    if (!listed) {
      return Mismatch("unstaffed: entity " + ent.code +
                      " has a short team but is not listed (in draw order)");
    }
    const UnstaffedEntity& u = r.unstaffed[next++];
    const std::string who = "unstaffed entity " + ent.code;
    const Lists lists(ent);
    size_t slot = 0;
    auto spec = in.team.begin();
    for (size_t d = 0; d < in.team.size(); ++d) {
      const auto& [dept, count] = *spec++;
      const DepartmentTeam& dt = r.teams[k].departments[d];
      if (static_cast<int64_t>(dt.inspectors.size()) == count) continue;
      if (slot >= u.slots.size() || u.slots[slot].department != dept) {
        return Mismatch(who +
                        ": must explain exactly the departments with empty places, in "
                        "order; " +
                        dept + " is missing");
      }
      const SlotExplanation& x = u.slots[slot++];
      SlotExplanation want;
      want.department = dept;
      want.required = count;
      want.assigned = static_cast<int64_t>(dt.inspectors.size());
      const std::vector<size_t>& of_dept = members[dept];
      want.inspectors = static_cast<int64_t>(of_dept.size());
      for (const size_t m : of_dept) {
        const AssignInspector& i = in.inspectors[m];
        if (std::binary_search(dt.inspectors.begin(), dt.inspectors.end(), i.code)) continue;
        if (auto why = Excluded(in, i, ent, lists)) {
          ++want.excluded[static_cast<size_t>(why->reason)];
        } else if (new_load[m] < in.workload_cap) {
          return Mismatch(who + ": inspector " + i.code + " of " + dept +
                          " is eligible and has spare capacity (" + std::to_string(new_load[m]) +
                          " of " + std::to_string(in.workload_cap) +
                          " checks) but is not on the short team: the assignment is not "
                          "maximal");
        } else {
          ++want.excluded[static_cast<size_t>(ExclusionReason::kWorkload)];
        }
      }
      const std::pair<const char*, bool> fields[] = {
          {"required", x.required == want.required},
          {"assigned", x.assigned == want.assigned},
          {"inspectors", x.inspectors == want.inspectors}};
      for (const auto& [name, same] : fields) {
        if (!same) return Mismatch(who + ", " + dept + ": wrong " + name + " count");
      }
      for (size_t reason = 0; reason < kExclusionReasons; ++reason) {
        if (x.excluded[reason] != want.excluded[reason]) {
          return Mismatch(who + ", " + dept + ": result counts " +
                          std::to_string(x.excluded[reason]) + " excluded by " +
                          std::string(ExclusionReasonName(static_cast<ExclusionReason>(reason))) +
                          ", the recount gives " + std::to_string(want.excluded[reason]));
        }
      }
    }
    if (slot != u.slots.size()) {
      return Mismatch(who + ": explains " + u.slots[slot].department +
                      ", which is not a department with empty places (or not in order)");
    }
  }
  if (next != r.unstaffed.size()) {
    return Mismatch("unstaffed: entity " + r.unstaffed[next].entity +
                    " is listed out of draw order, twice, or is not an entity of the input");
  }
  if (r.feasible != r.unstaffed.empty()) {
    return Mismatch(std::string("feasible is ") + (r.feasible ? "true" : "false") + " but " +
                    std::to_string(r.unstaffed.size()) + " entities are unstaffed");
  }

  // Every constraint holds; now the result must be the one the algorithm gives.
  Result<AssignmentResult> want = Assign(in);
  if (!want.ok()) return Mismatch("input: " + want.status().message());
  for (size_t k = 0; k < in.entities.size(); ++k) {
    if (!(r.teams[k] == want->teams[k])) {
      return Mismatch("entity " + in.entities[k].code + ": result has team " +
                      TeamText(r.teams[k]) + ", the algorithm gives " + TeamText(want->teams[k]));
    }
  }
  if (!(r == *want)) return Mismatch("the result differs from the recomputation");
  return Status::Ok();
}

}  // namespace sunlit::draw
