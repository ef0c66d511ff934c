// Inspector assignment `sunlit-assign-v1` (随机匹配执法检查人员), docs/assignment.md: after the
// entities of a task are drawn, give each one a team of inspectors, deterministically from a
// published seed, so that anyone holding the input document can recompute the result.
//
//   key(i, L)  SHA-256(F("sunlit-assign-v1") || F(seed) || F(code_i) || F(L as 8 bytes BE)),
//              F(x) = 4-byte big-endian length of x || x; L = the inspector's total load
//   order      inspectors ascending by (total load, key(i, total load), code)
//   phase 1    entities in draw order take, per department, the first eligible inspectors
//              with spare capacity in that order (lowest load first)
//   phase 2    each place left empty is filled by a breadth-first augmenting path, in a fully
//              specified order, until none exists: a maximum b-matching (max-flow), so a
//              complete assignment is found whenever one exists
//   otherwise  the entities left short are listed, with per department the number of
//              inspectors excluded by each reason
//
// Departments are independent (an inspector serves only their own department's places), so
// the problem is one b-matching per department. Eligibility is computed on the fly; no
// entity x inspector edge list is built.
//
// Everything here is deterministic: no clock, no global state, no floating point, no
// unordered iteration. All functions are thread-safe.
#ifndef SUNLIT_DRAW_ASSIGNMENT_H_
#define SUNLIT_DRAW_ASSIGNMENT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/directory.h"
#include "core/result.h"
#include "core/status.h"
#include "draw/sha256.h"

namespace sunlit::draw {

inline constexpr std::string_view kAssignProtocolV1 = "sunlit-assign-v1";

// Limits checked by ValidateAssignmentInput (kInvalidArgument beyond them).
inline constexpr size_t kMaxAssignEntities = 1'000'000;
inline constexpr size_t kMaxAssignInspectors = 200'000;
inline constexpr size_t kMaxAssignDepartments = 64;
inline constexpr int64_t kMaxTeamPerDepartment = 100;
inline constexpr int64_t kMaxWorkloadCap = 1'000'000;
inline constexpr int64_t kMaxCurrentLoad = 1'000'000'000;
inline constexpr size_t kMaxAssignCodeLength = 64;      // bytes, inspector/unit/department/tag
inline constexpr size_t kMaxAssignListLength = 10'000;  // per conflicts, previous, tags

// One inspector of the input. Codes, departments, units and tags: 1..64 bytes of UTF-8
// without control characters.
struct AssignInspector {
  std::string code;  // unique in the input
  std::string department;
  std::string unit;
  core::InspectorStatus status = core::InspectorStatus::kActive;
  std::optional<core::Date> certificate_expiry;  // valid iff present and >= check_date
  std::vector<std::string> qualifications;       // any order; duplicates allowed
  int64_t current_load = 0;  // checks already assigned elsewhere this year, 0..1e9
  bool operator==(const AssignInspector&) const = default;
};

// One drawn entity, in draw order.
struct AssignEntity {
  std::string code;                    // valid unified social credit code, unique
  std::string jurisdiction_unit;       // 属地单位; "" when none (cross_unit then never applies)
  std::vector<std::string> conflicts;  // inspector codes with a declared conflict (回避)
  std::vector<std::string> previous_inspectors;  // who did the entity's previous check
  bool operator==(const AssignEntity&) const = default;
};
// Codes in `conflicts` and `previous_inspectors` that name no inspector of the input are
// allowed (the directory is larger than one task's inspectors) and have no effect.

// The self-contained input: a verifier needs nothing else.
struct AssignmentInput {
  Digest seed{};  // the app passes SHA-256 of the draw record (fixed only after the draw)
  core::Date check_date;
  // Department -> inspectors per entity from that department (>= 1 each, total >= 2:
  // 行政处罚法, at least two inspectors).
  std::map<std::string, int64_t> team;
  // Department -> qualification tags every inspector of it must hold for this task's items.
  // Keys must be departments of `team`; departments without an entry require none.
  std::map<std::string, std::vector<std::string>> required_qualifications;
  bool cross_unit = false;      // 所所交叉: not from the unit of the entity's jurisdiction
  int64_t workload_cap = 1;     // max new checks per inspector in this task, >= 1
  bool allow_previous = false;  // may the previous check's inspector check again?
  std::vector<AssignInspector> inspectors;  // any order; other departments are ignored
  std::vector<AssignEntity> entities;       // draw order
  bool operator==(const AssignmentInput&) const = default;
};

// Why an inspector of the right department cannot take a place on an entity's team. An
// inspector is counted under the first reason that applies, in this order.
enum class ExclusionReason {
  kInactive,       // status is not active
  kCertificate,    // certificate missing or expired before check_date
  kQualification,  // lacks a required qualification of the department
  kConflict,       // listed in the entity's conflicts
  kSameUnit,       // cross_unit and the inspector's unit is the entity's jurisdiction unit
  kPrevious,       // !allow_previous and listed in the entity's previous_inspectors
  kWorkload,       // otherwise eligible, but workload_cap is used up by other entities
};
inline constexpr size_t kExclusionReasons = 7;
// "inactive", "certificate", "qualification", "conflict", "same_unit", "previous",
// "workload": the JSON keys.
std::string_view ExclusionReasonName(ExclusionReason r);

// The inspectors of one department on one entity's team, sorted by code (bytewise).
struct DepartmentTeam {
  std::string department;
  std::vector<std::string> inspectors;
  bool operator==(const DepartmentTeam&) const = default;
};

struct EntityTeam {
  std::string entity;
  // One element per department of the input's team, ascending by department (bytewise);
  // fewer inspectors than required when the entity is unstaffed.
  std::vector<DepartmentTeam> departments;
  bool operator==(const EntityTeam&) const = default;
};

// Load of one inspector of a team department.
struct InspectorLoad {
  std::string code;
  std::string department;
  int64_t new_load = 0;    // checks in this task (<= workload_cap)
  int64_t total_load = 0;  // current_load + new_load
  bool operator==(const InspectorLoad&) const = default;
};

// Why one department's places on an unstaffed entity are not all filled. Invariant:
// inspectors == assigned + sum(excluded): every inspector of the department not on the team
// is excluded, the eligible ones by kWorkload (the matching is maximum).
struct SlotExplanation {
  std::string department;
  int64_t required = 0;                               // team[department]
  int64_t assigned = 0;                               // inspectors of the department on the team
  int64_t inspectors = 0;                             // inspectors of the department in the input
  std::array<int64_t, kExclusionReasons> excluded{};  // indexed by ExclusionReason
  bool operator==(const SlotExplanation&) const = default;
};

struct UnstaffedEntity {
  std::string entity;
  // The departments whose places are not all filled, ascending (the others are complete:
  // see the entity's team).
  std::vector<SlotExplanation> slots;
  bool operator==(const UnstaffedEntity&) const = default;
};

struct AssignmentResult {
  std::string protocol;  // kAssignProtocolV1
  Digest seed{};
  bool feasible = false;                   // every entity has its full team (unstaffed is empty)
  std::vector<EntityTeam> teams;           // every entity, in draw order
  std::vector<InspectorLoad> loads;        // every inspector of a team department, ascending
                                           // by (department, code)
  std::vector<UnstaffedEntity> unstaffed;  // entities with a short team, in draw order
  bool operator==(const AssignmentResult&) const = default;
};

// kInvalidArgument naming the field (e.g. "team: the teams total 1 inspector; at least 2 are
// required", "inspectors[3].code 'X' appears twice") for anything outside the contracts above.
Status ValidateAssignmentInput(const AssignmentInput& input);

// key(i, L): the tie-break of inspector `code` when its total load is `total_load`.
Digest AssignmentKey(const Digest& seed, std::string_view code, uint64_t total_load);

// What the computation did, for logs and benchmarks; not part of the published result.
struct AssignStats {
  int64_t greedy_places = 0;     // places filled by phase 1
  int64_t augmentations = 0;     // places filled by phase 2 (one augmenting path each)
  int64_t entities_reached = 0;  // by all phase 2 searches together: their work
  int64_t inspectors_reached = 0;
  int64_t failed_searches = 0;  // phase 2 searches run that found no path (searches known
                                // to fail, from dead businesses or with no room left, are
                                // skipped)
};

// The assignment of `input` (docs/assignment.md). An infeasible input is not an error: the
// result has feasible == false and lists the unstaffed entities; its teams are a maximum
// partial assignment (the most places filled; not necessarily the most entities complete).
// Errors: ValidateAssignmentInput's.
//
// Time: per department about places x log(inspectors) for phase 1 (plus the inspectors an
// entity lists and skips), and per augmenting path up to the part of the department it
// explores. 30 000 entities and 3 000 inspectors take 40-60 ms; an adversarial input that
// needs 13 550 augmenting paths takes 0.7 s (docs/assignment.md, Performance).
// `stats`, when not null, receives the counts above.
Result<AssignmentResult> Assign(const AssignmentInput& input, AssignStats* stats = nullptr);

// OK when `result` is exactly Assign(input). Otherwise kInvalidArgument naming the first
// problem, in this order: the input itself ("input: ..."); protocol; seed; the hard
// constraints of every team (entity order, departments, team sizes, unknown, ineligible or
// repeated inspectors, workload cap); the loads; the unstaffed list and its counts (recounted
// inspector by inspector, including that no eligible inspector with spare capacity was left
// out); finally the comparison with a recomputation (the first entity whose team differs).
Status VerifyAssignment(const AssignmentInput& input, const AssignmentResult& result);

}  // namespace sunlit::draw

#endif  // SUNLIT_DRAW_ASSIGNMENT_H_
