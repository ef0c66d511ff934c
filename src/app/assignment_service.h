// Inspector assignment of a task (随机匹配执法检查人员) in the database: builds the input of
// the pure algorithm sunlit-assign-v1 (draw/assignment.h, docs/assignment.md) from the task,
// the inspector directory, declared conflicts and the entities' previous checks; stores the
// canonical input and result documents with the teams and logs their hashes, so that
// `sunlit verify assignment --task NUMBER` re-checks it from the database; widens the pool
// of inspectors only as a declared, logged step; swaps a team member only for a reason,
// under the same hard constraints. docs/workflow.md, "Assignment".
//
// The input, from the task:
//   seed        SHA-256 of the task's draw record (fixed only once the draw is public); for a
//               targeted task (never drawn) SHA-256 of "sunlit-targeted-assign-v1", the task
//               number and the log's root when the assignment runs
//   check_date  the first day of the check window
//   team        the task's team composition, per department
//   required_qualifications  per department, the qualifications its items of the task need
//   cross_unit  the task's 所所交叉 option;  workload_cap  the task's (0 = none: the number of
//               entities); allow_previous false (never the previous check's inspector)
//   inspectors  of the team departments whose region lies in the task's scope (for a
//               targeted task: the counties of its entities) or in a declared widening;
//               current_load = their checks in tasks of the same year (balances the year)
//   entities    the task's pending checks in creation (= draw) order: the jurisdiction unit,
//               the declared conflicts, the inspectors of the entity's previous check
//
// Errors: as app/tasks.h; kFailedPrecondition when the task's state does not allow the step.
// An infeasible assignment is not an error: nothing is stored and the outcome explains
// which entities cannot be staffed and why (inspectors excluded per reason).
// Thread safety: every function may be called concurrently.
#ifndef SUNLIT_APP_ASSIGNMENT_SERVICE_H_
#define SUNLIT_APP_ASSIGNMENT_SERVICE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "app/tasks.h"
#include "core/result.h"
#include "draw/assignment.h"
#include "store/store.h"

namespace sunlit::app {

struct AssignmentOutcome {
  bool feasible = false;
  bool computed_now = false;  // false: nothing was pending; the last stored run is reported
  int32_t run = 0;            // the stored run's number (1, 2 …); 0 when infeasible
  int64_t staffed = 0;        // checks staffed by this run
  int64_t augmented = 0;      // places the greedy pass could not fill, filled by augmenting
                              // paths (max-flow); for logs and tests
  std::string input_hash;     // hex SHA-256 of the canonical input document
  std::string result_hash;    // hex SHA-256 of the canonical result document
  std::string seed;           // hex
  // When infeasible: every entity that cannot be fully staffed, per department the
  // inspectors of that department excluded by each reason (draw/assignment.h).
  std::vector<draw::UnstaffedEntity> unstaffed;
  std::string explanation;  // one line for people, e.g. "3 of 40 checks cannot be staffed …"
  Task task;
};

// Staffs every pending check of the task: a drawn or assigned task (pending checks are the
// drawn ones, then alternates and targeted additions), or a targeted task in draft with at
// least one check. Feasible: stores the run (input, result, hashes, seed, widenings in
// force), the teams (check_inspectors), checks pending → assigned, task → assigned, and logs
// `assignment` with the hashes; all in one transaction. Later runs leave out inspectors who
// already reached the workload cap in this task. With nothing pending on an assigned task,
// returns the last run (computed_now false).
Result<AssignmentOutcome> AssignTask(Services& s, const Caller& caller, std::string_view number);

enum class WideningScope { kNeighbourCounty, kCityPool };
std::string_view WireName(WideningScope scope);  // "neighbour_county", "city_pool"
bool ParseWideningScope(std::string_view s, WideningScope* out);

struct Widening {
  WideningScope scope = WideningScope::kNeighbourCounty;
  std::vector<int32_t> regions;  // counties added, or the prefecture(s) of the city pool
  std::string reason;
  std::string at;
  std::string actor;
};

// Declares that the task's inspectors may also come from `regions` (neighbour_county: 1–10
// counties of the same prefecture as the task's scope, not already in it) or from the whole
// city pool (city_pool: `regions` empty; the prefectures of the task's scope are used), for
// `reason` (required, e.g. "本县执法人员不足，申请与相邻区县交叉匹配"). Logged as
// assignment_widened. Only before the task is closed.
Result<Widening> WidenInspectorPool(Services& s, const Caller& caller, std::string_view number,
                                    WideningScope scope, const std::vector<int32_t>& regions,
                                    std::string_view reason);
Result<std::vector<Widening>> ListWidenings(Services& s, const Caller& caller,
                                            std::string_view number);

// A county a neighbour_county widening may name: in the city (prefecture) of the task's scope
// and not yet in its inspector pool (scope or a widening already declared).
struct CountyChoice {
  int32_t code = 0;
  std::string name;
};
// The counties WidenInspectorPool(kNeighbourCounty) would accept now, ascending by code, for
// the wizard to offer; empty when every county of the city is already in the pool. Needs what
// ListWidenings needs (the task visible to the caller).
Result<std::vector<CountyChoice>> WideningCandidates(Services& s, const Caller& caller,
                                                     std::string_view number);

// Replaces `remove_code` by `add_code` on the team of the task's check of `entity_code`, for
// `reason`. Refused (kFailedPrecondition, naming the reason as draw::ExclusionReasonName does:
// inactive, certificate, qualification, conflict, same_unit, previous, workload) unless the
// new inspector is of the same department, not already on the team, in the task's inspector
// pool (scope or declared widening) and meets every hard constraint of the assignment. Only
// while the check is assigned (results not entered). Logged as assignment_swap.
Result<Check> SwapInspector(Services& s, const Caller& caller, std::string_view number,
                            std::string_view entity_code, std::string_view remove_code,
                            std::string_view add_code, std::string_view reason);

// A declared conflict of interest (回避): the inspector is never assigned to the entity.
struct Conflict {
  std::string inspector_code;
  std::string entity_code;
  std::string reason;
  std::string declared_at;
  std::string declared_by;
};

// Declared by the inspector themselves (an authenticated caller whose inspector_code it is)
// or by directory.write in the inspector's department. Both codes must exist; the reason
// (1–500 bytes) stays in the database: the log carries its SHA-256. kAlreadyExists when the
// pair is declared already.
Result<Conflict> DeclareConflict(Services& s, const Caller& caller, std::string_view inspector_code,
                                 std::string_view entity_code, std::string_view reason);
// The conflicts of the inspectors of the caller's department (directory.write; every
// department with scope kAll), optionally of one inspector or entity.
Result<std::vector<Conflict>> ListConflicts(Services& s, const Caller& caller,
                                            std::string_view inspector_code,
                                            std::string_view entity_code);

// One stored run, as `sunlit verify assignment --task` checks it.
struct AssignmentRun {
  int32_t run = 0;
  std::string input;   // canonical JSON
  std::string result;  // canonical JSON
  std::string input_hash;
  std::string result_hash;
  std::string seed;
  int64_t checks = 0;
  std::string created_at;
  std::string created_by;
};

Result<std::vector<AssignmentRun>> ListAssignments(Services& s, const Caller& caller,
                                                   std::string_view number);

// Re-checks every stored run of task `number` from the database alone (no key, no
// directory): each document's hash equals the stored and the logged one (an `assignment`
// event of the task), the input's seed is SHA-256 of the task's draw record (drawn tasks),
// and draw::VerifyAssignment(input, result) passes. Returns the number of runs checked, or
// kDataLoss / kInvalidArgument naming the first problem.
Result<int64_t> VerifyStoredAssignments(store::Store& store, std::string_view number);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_ASSIGNMENT_SERVICE_H_
