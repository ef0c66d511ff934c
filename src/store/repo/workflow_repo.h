// The workflow repository: rows of migration 5 (plans, tasks, checks and their inspectors,
// industry checklists, declared conflicts, assignments, widenings, swaps), written once
// against store::Sql (store/sql.h) so that every backend runs the same code.
//
// The rows are plain data; app/ owns their meaning (app/plans.h, app/tasks.h,
// app/checklists.h, app/assignment_service.h) and writes the JSON columns as canonical JSON.
// Every function runs in the caller's transaction (`tx.sql()`); writers REQUIRE a read-write
// one.
//
// Errors: store errors as store/sql.h maps them (kAlreadyExists for a duplicate key,
// kFailedPrecondition for another constraint, e.g. an unknown department); the Update*
// functions return kAborted when the row's version is no longer the one given (somebody
// changed it meanwhile) or the row is gone.
//
// Thread-safety: as the Transaction whose Sql is passed — one thread at a time.
#ifndef SUNLIT_STORE_REPO_WORKFLOW_REPO_H_
#define SUNLIT_STORE_REPO_WORKFLOW_REPO_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sql.h"

namespace sunlit::store {

// ---- plans ------------------------------------------------------------------------------

struct PlanRow {
  int64_t id = 0;
  std::string kind;  // "department_annual" | "county_joint"
  int32_t year = 0;
  std::string department_code;
  int32_t region = 0;
  std::string title;
  std::string body;      // JSON
  std::string due_date;  // "YYYY-MM-DD"
  std::string state;     // "draft" | "filed" | "published"
  std::string filed_at;  // UTC, "" until filed
  std::string filed_by;
  std::string published_at;
  std::string created_at;
  std::string created_by;
  std::string updated_at;
  int64_t version = 1;
};

struct PlanFilter {
  int32_t year = 0;             // 0 = any
  std::string kind;             // "" = any
  std::string department_code;  // "" = any
};

// Inserts `row` (id and version ignored) and returns its id.
Result<int64_t> InsertPlan(Sql& sql, const PlanRow& row);
Result<std::optional<PlanRow>> GetPlan(Sql& sql, int64_t id);
// Plans matching `filter`, by year, kind, department, region.
Result<std::vector<PlanRow>> ListPlans(Sql& sql, const PlanFilter& filter);
// Writes title, body, due_date, state, filed_at, filed_by, published_at and updated_at of
// `row` when the stored version is row.version; returns the new version. kAborted otherwise.
Result<int64_t> UpdatePlan(Sql& sql, const PlanRow& row);

// ---- tasks ------------------------------------------------------------------------------

struct TaskRow {
  int64_t id = 0;
  std::string number;  // e.g. "XT-2026-0003"
  std::string bureau;
  int32_t year = 0;
  int32_t seq = 0;
  int64_t plan_id = 0;  // 0 = none
  std::string title;
  std::string kind;  // "random" | "joint_industry" | "targeted"
  std::string lead_department;
  std::string departments;   // JSON array, lead included, sorted
  std::string items;         // JSON
  std::string scope;         // JSON
  std::string quotas;        // JSON
  std::string exclusions;    // JSON
  std::string team;          // JSON
  std::string options;       // JSON
  std::string window_start;  // "YYYY-MM-DD"
  std::string window_end;
  bool confidential = false;
  bool cap_exempt = false;
  std::string state;  // "draft" | "frozen" | "drawn" | "assigned" | "closed"
  std::string created_at;
  std::string created_by;
  std::string updated_at;
  std::string frozen_at;
  std::string drawn_at;
  std::string assigned_at;
  int64_t version = 1;
};

struct TaskFilter {
  int32_t year = 0;             // 0 = any
  std::string department_code;  // "" = any; else tasks it leads or joins
  std::string inspector_code;   // "" = any; else tasks with a check it is assigned to
  std::string state;            // "" = any
  std::string kind;             // "" = any
  int64_t limit = 100;
  int64_t offset = 0;
};

// The next free sequence number of (bureau, year): one more than the highest used, 1 for
// the first. Two writers racing for it meet at UNIQUE (bureau, year, seq) (kAlreadyExists).
Result<int32_t> NextTaskSeq(Sql& sql, std::string_view bureau, int32_t year);
// Inserts `row` (id and version ignored) with its task_departments rows (the lead and each
// of `partners`) and returns its id.
Result<int64_t> InsertTask(Sql& sql, const TaskRow& row, std::span<const std::string> partners);
Result<std::optional<TaskRow>> FindTask(Sql& sql, std::string_view number);
Result<std::optional<TaskRow>> GetTask(Sql& sql, int64_t id);
// Tasks matching `filter`, newest first (year, seq descending).
Result<std::vector<TaskRow>> ListTasks(Sql& sql, const TaskFilter& filter);
// Writes every column but id, number, bureau, year, seq, created_at and created_by when the
// stored version is row.version; returns the new version. kAborted otherwise. When
// `partners` is given, the task_departments rows are replaced by the lead and them.
Result<int64_t> UpdateTask(Sql& sql, const TaskRow& row,
                           const std::vector<std::string>* partners = nullptr);

// ---- checks -----------------------------------------------------------------------------

struct CheckRow {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string entity_code;
  std::string entity_name;
  int32_t region = 0;
  std::string unit_code;
  std::string entity_address;
  std::string origin;      // "drawn" | "alternate" | "targeted"
  std::string origin_ref;  // the replaced code, or the complaint/report/referral reference
  std::string stratum;
  std::string rank;
  std::string state;  // "pending" | "assigned" | … | "cancelled"
  std::string cancel_reason;
  std::string created_at;
  int64_t version = 1;
};

// Inserts `rows` (ids and versions ignored). kAlreadyExists when a (task, entity) exists.
Status InsertChecks(Sql& sql, std::span<const CheckRow> rows);
Result<int64_t> InsertCheck(Sql& sql, const CheckRow& row);
// The checks of a task in id order (the order they were created).
Result<std::vector<CheckRow>> TaskChecks(Sql& sql, int64_t task_id);
Result<std::optional<CheckRow>> GetCheck(Sql& sql, int64_t id);
Result<std::optional<CheckRow>> FindCheck(Sql& sql, int64_t task_id, std::string_view entity_code);
// Sets state and cancel_reason when the stored version is `version`; returns the new
// version. kAborted otherwise.
Result<int64_t> UpdateCheckState(Sql& sql, int64_t id, int64_t version, std::string_view state,
                                 std::string_view cancel_reason);
// Moves every check of `task_id` in state `from` to `to` (version + 1 each); returns how many.
Result<int64_t> SetTaskChecksState(Sql& sql, int64_t task_id, std::string_view from,
                                   std::string_view to);
// 一业一查: codes of entities with a check (not cancelled) in a joint_industry task that is
// not cap-exempt and whose window starts in `year`, other than task `excluding_task_id`.
// Sorted, unique.
Result<std::vector<std::string>> JointIndustryCheckedCodes(Sql& sql, int32_t year,
                                                           int64_t excluding_task_id);

// ---- check inspectors ---------------------------------------------------------------------

struct CheckInspectorRow {
  int64_t check_id = 0;
  std::string inspector_code;
  std::string department_code;
  std::string assigned_at;
  int64_t assignment_id = 0;  // 0 = a manual change (swap)
};

Status InsertCheckInspectors(Sql& sql, std::span<const CheckInspectorRow> rows);
// The current team members of every check of a task, by check id then inspector code.
Result<std::vector<CheckInspectorRow>> TaskCheckInspectors(Sql& sql, int64_t task_id);
Result<std::vector<CheckInspectorRow>> CheckInspectors(Sql& sql, int64_t check_id);
// kNotFound when the inspector is not on the check's team.
Status DeleteCheckInspector(Sql& sql, int64_t check_id, std::string_view inspector_code);
// What a new check records of its entity (CheckRow's entity_* fields, region, unit_code).
struct EntitySnapshot {
  std::string name;
  int32_t region = 0;
  std::string unit_code;
  std::string address;
};
// The snapshots of the given entities, by code (codes not in the directory are absent).
// Batched: one statement per kInsertBatch codes, for the thousands of checks of a draw.
Result<std::map<std::string, EntitySnapshot, std::less<>>> EntitySnapshots(
    Sql& sql, std::span<const std::string> codes);
// For each code: the inspectors of the entity's most recent earlier check (highest check
// id, not cancelled, in another task than `excluding_task_id`, with a team). Codes without
// one are absent.
Result<std::map<std::string, std::vector<std::string>, std::less<>>> PreviousInspectors(
    Sql& sql, std::span<const std::string> codes, int64_t excluding_task_id);
// How many checks (not cancelled) each inspector is on, in tasks whose window starts in
// `year` (balances loads across the year's tasks).
Result<std::map<std::string, int64_t, std::less<>>> InspectorLoadsInYear(Sql& sql, int32_t year);
// How many checks (not cancelled) of `task_id` each inspector is on.
Result<std::map<std::string, int64_t, std::less<>>> TaskInspectorLoads(Sql& sql, int64_t task_id);
// Ids of the checks `inspector_code` is on the team of, within `task_id`.
Result<std::vector<int64_t>> InspectorCheckIds(Sql& sql, int64_t task_id,
                                               std::string_view inspector_code);

// ---- conflicts of interest ----------------------------------------------------------------

struct ConflictRow {
  std::string inspector_code;
  std::string entity_code;
  std::string reason;
  std::string declared_at;
  std::string declared_by;
};

// kAlreadyExists when the pair is already declared.
Status InsertConflict(Sql& sql, const ConflictRow& row);
// Every declared conflict of the given entities, by entity then inspector.
Result<std::vector<ConflictRow>> ConflictsOfEntities(Sql& sql, std::span<const std::string> codes);
// Conflicts filtered by inspector and/or entity ("" = any), by inspector then entity.
Result<std::vector<ConflictRow>> ListConflicts(Sql& sql, std::string_view inspector_code,
                                               std::string_view entity_code);

// ---- industry checklists ------------------------------------------------------------------

struct ChecklistRow {
  int64_t id = 0;
  std::string code;
  int32_t version = 0;
  std::string name;
  std::string industry_prefixes;  // JSON array
  std::string tags;               // JSON array
  std::string entries;            // JSON array
  std::string entries_hash;       // hex SHA-256 of entries
  std::string created_at;
  std::string created_by;
};

Result<int64_t> InsertChecklist(Sql& sql, const ChecklistRow& row);
Result<std::optional<ChecklistRow>> LatestChecklist(Sql& sql, std::string_view code);
Result<std::optional<ChecklistRow>> GetChecklist(Sql& sql, std::string_view code, int32_t version);
// The latest version of every checklist, by code.
Result<std::vector<ChecklistRow>> ListChecklists(Sql& sql);

// ---- assignments, widenings, swaps --------------------------------------------------------

struct AssignmentRow {
  int64_t id = 0;
  int64_t task_id = 0;
  int32_t seq = 0;
  std::string input;        // canonical JSON
  std::string result;       // canonical JSON
  std::string input_hash;   // hex SHA-256
  std::string result_hash;  // hex SHA-256
  std::string seed;         // hex
  std::string widening;     // JSON
  int64_t checks = 0;       // checks staffed by this run
  std::string created_at;
  std::string created_by;
};

// Inserts `row` with seq = one more than the task's last and returns the id.
Result<int64_t> InsertAssignment(Sql& sql, AssignmentRow& row);
// The task's runs, oldest first.
Result<std::vector<AssignmentRow>> TaskAssignments(Sql& sql, int64_t task_id);

struct WideningRow {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string scope;    // "neighbour_county" | "city_pool"
  std::string regions;  // JSON array of region codes added
  std::string reason;
  std::string at;
  std::string actor;
};

Result<int64_t> InsertWidening(Sql& sql, const WideningRow& row);
Result<std::vector<WideningRow>> TaskWidenings(Sql& sql, int64_t task_id);

struct SwapRow {
  int64_t id = 0;
  int64_t check_id = 0;
  std::string removed_inspector;
  std::string added_inspector;
  std::string reason;
  std::string at;
  std::string actor;
};

Result<int64_t> InsertSwap(Sql& sql, const SwapRow& row);
// The swaps of every check of a task, oldest first.
Result<std::vector<SwapRow>> TaskSwaps(Sql& sql, int64_t task_id);

}  // namespace sunlit::store

#endif  // SUNLIT_STORE_REPO_WORKFLOW_REPO_H_
