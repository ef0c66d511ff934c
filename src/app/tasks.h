// Tasks (抽查任务): create and edit a draft, freeze its pool, enter the randomness, draw its
// checks, replace closed entities by alternates, and targeted checks — the use cases of
// docs/workflow.md. Inspector matching is app/assignment_service.h; notices app/notices.h.
//
// States (tasks.state):
//
//   draft ──FreezeTask──> frozen ──(EnterTaskRandomness)──> frozen ──DrawTask──> drawn
//         ──(assignment)──> assigned ──CloseTask──> closed
//   targeted tasks: draft ──AddTargetedCheck…──(assignment)──> assigned ──> closed
//
// Every use case checks the caller's permission (app/caller.h), validates, runs one store
// transaction and appends its ledger events in it, so a step and its log entry commit
// together or not at all. Freeze and draw go through DrawService's in-transaction steps: the
// task's state, its pool, its record and its checks commit together, and repeating a step
// that already happened returns what it did (idempotent), so a client that lost the answer
// may simply retry.
//
// Task numbers: "<bureau>-<year>-<seq>", e.g. "XT-2026-0003": bureau code, the year (China
// date) the task was created, and a sequence per bureau and year starting at 1, four digits
// at least. The number is also the draw id of the task's pool.
//
// Visibility: a task is seen by callers with task.read in its lead or a partner department
// (or everywhere, scope kAll); an inspector with task.read scope kOwn sees only the tasks and
// checks they are assigned to. Only the lead department (task.write) edits, freezes, draws,
// replaces and adds. A confidential task's list of checks is shown before its window starts
// only to the lead department's task.write holders, to callers with scope kAll, and to each
// assigned inspector (their own checks); everyone else sees the counts.
//
// Errors: kInvalidArgument naming the field; kNotFound for an unknown or invisible task;
// kPermissionDenied / kUnauthenticated from the Caller; kFailedPrecondition for a step the
// task's state does not allow (the message says which state it is in); kAborted when the
// given version is stale; store, ledger and DrawService errors as they come.
//
// Thread safety: every function may be called concurrently (the store serialises writers).
#ifndef SUNLIT_APP_TASKS_H_
#define SUNLIT_APP_TASKS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/draw_service.h"
#include "app/services.h"
#include "core/date.h"
#include "core/directory.h"
#include "core/result.h"
#include "draw/protocol.h"
#include "index/entity_index.h"

namespace sunlit::app {

enum class TaskKind { kRandom, kJointIndustry, kTargeted };
enum class TaskState { kDraft, kFrozen, kDrawn, kAssigned, kClosed };
std::string_view WireName(TaskKind kind);    // "random", "joint_industry", "targeted"
std::string_view WireName(TaskState state);  // "draft", "frozen", "drawn", "assigned", "closed"
bool ParseTaskKind(std::string_view s, TaskKind* out);
bool ParseTaskState(std::string_view s, TaskState* out);

// One item of a task: named by department and code; the rest is pinned from the item list
// when the draft is saved and again when it is frozen.
struct TaskItem {
  std::string department_code;
  std::string code;
  int32_t version = 0;
  std::string name;
  std::string legal_basis;
  std::string method;
  std::string qualification;  // "" = none required
  core::CapExemption exemption = core::CapExemption::kNone;
};

// How many inspectors of one department each team has.
struct TeamSlot {
  std::string department_code;
  int32_t count = 0;
};

struct Contact {
  std::string name;
  std::string phone;
  std::string address;
};

// What the lead department writes. Validation (CreateTask, UpdateTask):
// - bureau 1–16 of A–Z 0–9; title 1–200 bytes; kind; the lead and up to 30 partner
//   departments exist, partners distinct and not the lead;
// - items: 1–200 distinct (department, code) pairs, each a valid item (not void) of a
//   participating department; or, when checklist_code is set, every item of that industry
//   checklist (its latest version, or checklist_version);
// - team: 1 slot per department at most, each department participating, counts ≥ 1, a total
//   of at least 2 (行政处罚法: 执法人员不得少于两人) and at most policy.max_team_size, and every
//   department owning an item has a slot;
// - random and joint_industry tasks: at least one region prefix, every prefix valid
//   (GB/T 2260, GB/T 4754); at least one quota, labels those `stratify` produces, at most one
//   per label, counts ≥ 0, ratios 0–10 000 bp, not all zero; reserve 0–1000; cool-down
//   0–3650 days; exclude_codes at most 10 000 valid credit codes. Targeted tasks have no
//   scope or quotas;
// - joint_industry_cap only for joint_industry tasks;
// - the window: start ≤ end, at most policy.max_window_days long, not ended before today;
// - workload_cap ≥ 0 (0 = none); at most 30 materials of at most 200 bytes.
struct TaskDraft {
  std::string bureau;   // e.g. "XT" (湘潭市市场监督管理局)
  int64_t plan_id = 0;  // 0 = not from a plan
  std::string title;
  TaskKind kind = TaskKind::kRandom;
  std::string lead_department;
  std::vector<std::string> partner_departments;
  std::vector<TaskItem> items;    // department_code and code are read; the rest is filled
  std::string checklist_code;     // 一业一查: take the items of this checklist
  int32_t checklist_version = 0;  // 0 = the latest
  PoolScope scope;
  index::Stratify stratify = index::Stratify::kRiskClass;
  std::vector<draw::Quota> quotas;
  int64_t reserve = 0;
  int32_t cooldown_days = 0;
  bool annual_cap = false;
  bool joint_industry_cap = false;  // one joint industry check per entity per year
  std::vector<std::string> exclude_codes;
  std::vector<TeamSlot> team;
  bool cross_unit = false;   // 所所交叉: not from the unit whose jurisdiction the entity is in
  int32_t workload_cap = 0;  // most checks per inspector in this task; 0 = none
  core::Date window_start;
  core::Date window_end;
  bool confidential = false;           // the drawn list is not shown before window_start
  std::vector<std::string> materials;  // 需准备的材料
  Contact contact;
};

struct Task {
  int64_t id = 0;
  std::string number;
  int32_t year = 0;
  int32_t seq = 0;
  TaskState state = TaskState::kDraft;
  TaskDraft draft;                       // items pinned
  std::vector<std::string> departments;  // lead and partners, sorted
  bool cap_exempt = false;               // every item is of an exempt category (一业一查)
  std::string created_at;
  std::string created_by;
  std::string updated_at;
  std::string frozen_at;
  std::string drawn_at;
  std::string assigned_at;
  int64_t version = 0;
  // Accepted but worth a second look, e.g. "class D ratio 10.00 % is below the configured
  // 30.00 %". Computed when read.
  std::vector<std::string> warnings;
};

enum class CheckOrigin { kDrawn, kAlternate, kTargeted };
std::string_view WireName(CheckOrigin origin);  // "drawn", "alternate", "targeted"

struct CheckInspector {
  std::string inspector_code;
  std::string department_code;
  std::string assigned_at;
};

struct Check {
  int64_t id = 0;
  std::string task_number;
  std::string entity_code;
  std::string entity_name;
  int32_t region = 0;
  std::string unit_code;
  std::string entity_address;
  CheckOrigin origin = CheckOrigin::kDrawn;
  std::string origin_ref;
  std::string stratum;
  std::string rank;
  std::string state;  // pending, assigned, entered, returned, reviewed, published, cancelled
  std::string cancel_reason;
  std::string created_at;
  int64_t version = 0;
  std::vector<CheckInspector> inspectors;
};

struct TaskChecks {
  int64_t total = 0;  // checks not cancelled
  int64_t cancelled = 0;
  bool listed = false;        // false: a confidential list the caller may not see yet (counts only)
  std::vector<Check> checks;  // in creation order; for an inspector only their own
};

struct TaskListFilter {
  int32_t year = 0;
  std::optional<TaskState> state;
  std::optional<TaskKind> kind;
  std::string department_code;  // "" = every department the caller may see
  int64_t limit = 100;
  int64_t offset = 0;
};

// ---- drafts -----------------------------------------------------------------------------

// Creates a draft with the next number of (bureau, year). Logs task_created.
Result<Task> CreateTask(Services& s, const Caller& caller, const TaskDraft& draft);
// Replaces the draft's content (state draft only; `version` as last read). Logs
// task_updated with the content's hash.
Result<Task> UpdateTask(Services& s, const Caller& caller, std::string_view number, int64_t version,
                        const TaskDraft& draft);
Result<Task> GetTask(Services& s, const Caller& caller, std::string_view number);
Result<std::vector<Task>> ListTasks(Services& s, const Caller& caller,
                                    const TaskListFilter& filter);

// ---- freeze, randomness, draw -----------------------------------------------------------

struct FrozenTask {
  Task task;
  FrozenPool pool;
};

// Freezes the draft's pool (DrawService::FreezeIn with the task's scope, quotas, reserve,
// exclusions — the cool-down, the annual cap, the 一业一查 rule unless the task is cap-exempt
// — and the announced `sources`), re-pins its items (each must still be valid) and moves it
// to frozen; logs task_frozen with the hash of the task as frozen. On a task already frozen
// (or further) returns it with its pool, changing nothing. Not for targeted tasks.
Result<FrozenTask> FreezeTask(Services& s, const Caller& caller, std::string_view number,
                              const std::vector<RandomnessSource>& sources);

// Enters the announced numbers (DrawService rules). kFailedPrecondition unless frozen.
Result<std::string> EnterTaskRandomness(Services& s, const Caller& caller, std::string_view number,
                                        const draw::Sources& values);

struct DrawnTask {
  Task task;
  DrawOutcome outcome;
  int64_t checks = 0;  // checks created (selected entities)
};

// Draws the task (once) and creates a pending check per selected entity with the entity's
// name, region, unit and address as the directory has them now; the task becomes drawn and
// task_drawn is logged, all in one transaction. On a task already drawn returns the stored
// outcome. kFailedPrecondition before the randomness is entered.
Result<DrawnTask> DrawTask(Services& s, const Caller& caller, std::string_view number);

// ---- checks -------------------------------------------------------------------------------

// The checks of a task as the caller may see them (see Visibility above), with their teams.
Result<TaskChecks> ListChecks(Services& s, const Caller& caller, std::string_view number);

// Why a drawn entity may be replaced by an alternate: it no longer operates. Nothing else
// (an inconvenient entity is still checked).
enum class ReplaceReason { kDeregistered, kRevoked, kSuspended, kLiquidating, kMovedOut };
std::string_view ChineseName(ReplaceReason r);  // 已注销, 已吊销, 停业/歇业, 清算中, 已迁出
bool ParseReplaceReason(std::string_view s, ReplaceReason* out);  // wire or Chinese name

// Replaces the drawn (or alternate) check of `entity_code` by the next alternate of its
// stratum (DrawService::UseAlternateIn): the old check is cancelled with the reason, a new
// pending check (origin alternate, origin_ref = the replaced code) is created; logged as
// alternate_used and check_replaced. Only before the check's results are entered (state
// pending or assigned); the new check needs an assignment (AssignTask staffs pending checks).
// `note` (optional, ≤ 500 bytes) adds the evidence, e.g. "国家企业信用信息公示系统 2026-03-02
// 显示已注销".
Result<Check> ReplaceWithAlternate(Services& s, const Caller& caller, std::string_view number,
                                   std::string_view entity_code, ReplaceReason reason,
                                   std::string_view note);

// Where a targeted check comes from (seed 004 §七).
enum class TargetedOrigin { kComplaint, kReport, kReferral, kMonitoring };
std::string_view WireName(TargetedOrigin o);  // "complaint", "report", "referral", "monitoring"
bool ParseTargetedOrigin(std::string_view s, TargetedOrigin* out);

// Adds a check of `entity_code` (must be in the directory) to a targeted task in state draft
// or assigned, origin targeted, origin_ref "<origin>:<reference>" (e.g.
// "complaint:TS-2026-0012"); logged as targeted_check_added (not drawn, so no pool or rank).
Result<Check> AddTargetedCheck(Services& s, const Caller& caller, std::string_view number,
                               std::string_view entity_code, TargetedOrigin origin,
                               std::string_view reference);

// Closes an assigned task once every check is published or cancelled (kFailedPrecondition
// otherwise, naming how many are open); logs task_closed.
Result<Task> CloseTask(Services& s, const Caller& caller, std::string_view number);

// When a confidential task's list becomes public (its window start) and, for any task, the
// day from which the portal may list its checks: window_start when confidential, else the
// day it was drawn. "" for a task not yet drawn.
std::string ListPublicFrom(const Task& task);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_TASKS_H_
