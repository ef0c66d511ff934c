// The workflow repository over store::Sql: constant SQL texts (prepared once per connection),
// bound parameters, rows read by column index.
#include "store/repo/workflow_repo.h"

#include <algorithm>
#include <cstdio>

namespace sunlit::store {
namespace {

Status Conflict(std::string_view what) {
  return Aborted(std::string(what) + " was changed by someone else meanwhile; reload and retry",
                 "version mismatch");
}

SqlParam IdOrNull(int64_t id) { return id == 0 ? SqlParam(nullptr) : SqlParam(id); }

// ---- plans ----

constexpr std::string_view kPlanColumns =
    "id, kind, year, department_code, region, title, body, due_date, state, filed_at, "
    "filed_by, published_at, created_at, created_by, updated_at, version";

PlanRow ReadPlan(const SqlRow& r) {
  PlanRow p;
  p.id = r.Int(0);
  p.kind = r.String(1);
  p.year = static_cast<int32_t>(r.Int(2));
  p.department_code = r.String(3);
  p.region = static_cast<int32_t>(r.Int(4));
  p.title = r.String(5);
  p.body = r.String(6);
  p.due_date = r.String(7);
  p.state = r.String(8);
  p.filed_at = r.String(9);
  p.filed_by = r.String(10);
  p.published_at = r.String(11);
  p.created_at = r.String(12);
  p.created_by = r.String(13);
  p.updated_at = r.String(14);
  p.version = r.Int(15);
  return p;
}

// ---- tasks ----

#define SUNLIT_TASK_COLUMNS                                                                    \
  "id, number, bureau, year, seq, plan_id, title, kind, lead_department, departments, items, " \
  "scope, quotas, exclusions, team, options, window_start, window_end, confidential, "         \
  "cap_exempt, state, created_at, created_by, updated_at, frozen_at, drawn_at, assigned_at, "  \
  "version"

TaskRow ReadTask(const SqlRow& r) {
  TaskRow t;
  t.id = r.Int(0);
  t.number = r.String(1);
  t.bureau = r.String(2);
  t.year = static_cast<int32_t>(r.Int(3));
  t.seq = static_cast<int32_t>(r.Int(4));
  t.plan_id = r.Int(5);
  t.title = r.String(6);
  t.kind = r.String(7);
  t.lead_department = r.String(8);
  t.departments = r.String(9);
  t.items = r.String(10);
  t.scope = r.String(11);
  t.quotas = r.String(12);
  t.exclusions = r.String(13);
  t.team = r.String(14);
  t.options = r.String(15);
  t.window_start = r.String(16);
  t.window_end = r.String(17);
  t.confidential = r.Flag(18);
  t.cap_exempt = r.Flag(19);
  t.state = r.String(20);
  t.created_at = r.String(21);
  t.created_by = r.String(22);
  t.updated_at = r.String(23);
  t.frozen_at = r.String(24);
  t.drawn_at = r.String(25);
  t.assigned_at = r.String(26);
  t.version = r.Int(27);
  return t;
}

Status InsertTaskDepartments(Sql& sql, int64_t task_id, std::string_view lead,
                             std::span<const std::string> partners) {
  constexpr std::string_view kInsert =
      "INSERT INTO task_departments (task_id, department_code, role) VALUES (?, ?, ?)";
  SUNLIT_RETURN_IF_ERROR(sql.Exec(kInsert, {task_id, lead, std::string_view("lead")}).status());
  for (const std::string& p : partners) {
    SUNLIT_RETURN_IF_ERROR(
        sql.Exec(kInsert, {task_id, std::string_view(p), std::string_view("partner")}).status());
  }
  return Status::Ok();
}

// ---- checks ----

#define SUNLIT_CHECK_COLUMNS                                                           \
  "id, task_id, entity_code, entity_name, region, unit_code, entity_address, origin, " \
  "origin_ref, stratum, rank, state, cancel_reason, created_at, version"

CheckRow ReadCheck(const SqlRow& r) {
  CheckRow c;
  c.id = r.Int(0);
  c.task_id = r.Int(1);
  c.entity_code = r.String(2);
  c.entity_name = r.String(3);
  c.region = static_cast<int32_t>(r.Int(4));
  c.unit_code = r.String(5);
  c.entity_address = r.String(6);
  c.origin = r.String(7);
  c.origin_ref = r.String(8);
  c.stratum = r.String(9);
  c.rank = r.String(10);
  c.state = r.String(11);
  c.cancel_reason = r.String(12);
  c.created_at = r.String(13);
  c.version = r.Int(14);
  return c;
}

constexpr std::string_view kInsertCheck =
    "INSERT INTO checks (task_id, entity_code, entity_name, region, unit_code, entity_address, "
    "origin, origin_ref, stratum, rank, state, cancel_reason, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

Result<int64_t> InsertOneCheck(Sql& sql, const CheckRow& c) {
  return sql.InsertReturningId(
      kInsertCheck,
      {c.task_id, std::string_view(c.entity_code), std::string_view(c.entity_name),
       int64_t{c.region}, std::string_view(c.unit_code), std::string_view(c.entity_address),
       std::string_view(c.origin), std::string_view(c.origin_ref), std::string_view(c.stratum),
       std::string_view(c.rank), std::string_view(c.state), std::string_view(c.cancel_reason),
       std::string_view(c.created_at)});
}

CheckInspectorRow ReadCheckInspector(const SqlRow& r) {
  CheckInspectorRow c;
  c.check_id = r.Int(0);
  c.inspector_code = r.String(1);
  c.department_code = r.String(2);
  c.assigned_at = r.String(3);
  c.assignment_id = r.Int(4);
  return c;
}

ConflictRow ReadConflict(const SqlRow& r) {
  return ConflictRow{r.String(0), r.String(1), r.String(2), r.String(3), r.String(4)};
}

ChecklistRow ReadChecklist(const SqlRow& r) {
  ChecklistRow c;
  c.id = r.Int(0);
  c.code = r.String(1);
  c.version = static_cast<int32_t>(r.Int(2));
  c.name = r.String(3);
  c.industry_prefixes = r.String(4);
  c.tags = r.String(5);
  c.entries = r.String(6);
  c.entries_hash = r.String(7);
  c.created_at = r.String(8);
  c.created_by = r.String(9);
  return c;
}

#define SUNLIT_CHECKLIST_COLUMNS                                                          \
  "id, code, version, name, industry_prefixes, tags, entries, entries_hash, created_at, " \
  "created_by"

}  // namespace

// ---- plans ----------------------------------------------------------------------------------

Result<int64_t> InsertPlan(Sql& sql, const PlanRow& p) {
  return sql.InsertReturningId(
      "INSERT INTO plans (kind, year, department_code, region, title, body, due_date, state, "
      "filed_at, filed_by, published_at, created_at, created_by, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {std::string_view(p.kind), int64_t{p.year}, std::string_view(p.department_code),
       int64_t{p.region}, std::string_view(p.title), std::string_view(p.body),
       std::string_view(p.due_date), std::string_view(p.state), std::string_view(p.filed_at),
       std::string_view(p.filed_by), std::string_view(p.published_at),
       std::string_view(p.created_at), std::string_view(p.created_by),
       std::string_view(p.updated_at)});
}

Result<std::optional<PlanRow>> GetPlan(Sql& sql, int64_t id) {
  std::optional<PlanRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT id, kind, year, department_code, region, title, body, due_date, state, filed_at, "
      "filed_by, published_at, created_at, created_by, updated_at, version FROM plans "
      "WHERE id = ?",
      {id}, [&](const SqlRow& r) {
        out = ReadPlan(r);
        return false;
      }));
  return out;
}

Result<std::vector<PlanRow>> ListPlans(Sql& sql, const PlanFilter& f) {
  std::vector<PlanRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT id, kind, year, department_code, region, title, body, due_date, state, filed_at, "
      "filed_by, published_at, created_at, created_by, updated_at, version FROM plans "
      "WHERE (? = 0 OR year = ?) AND (? = '' OR kind = ?) AND (? = '' OR department_code = ?) "
      "ORDER BY year, kind, department_code, region",
      {int64_t{f.year}, int64_t{f.year}, std::string_view(f.kind), std::string_view(f.kind),
       std::string_view(f.department_code), std::string_view(f.department_code)},
      [&](const SqlRow& r) {
        out.push_back(ReadPlan(r));
        return true;
      }));
  return out;
}

Result<int64_t> UpdatePlan(Sql& sql, const PlanRow& p) {
  SUNLIT_ASSIGN_OR_RETURN(
      const int64_t n,
      sql.Exec(
          "UPDATE plans SET title = ?, body = ?, due_date = ?, state = ?, filed_at = ?, "
          "filed_by = ?, published_at = ?, updated_at = ?, version = version + 1 "
          "WHERE id = ? AND version = ?",
          {std::string_view(p.title), std::string_view(p.body), std::string_view(p.due_date),
           std::string_view(p.state), std::string_view(p.filed_at), std::string_view(p.filed_by),
           std::string_view(p.published_at), std::string_view(p.updated_at), p.id, p.version}));
  if (n != 1) return Conflict("the plan");
  return p.version + 1;
}

// ---- tasks ----------------------------------------------------------------------------------

Result<int32_t> NextTaskSeq(Sql& sql, std::string_view bureau, int32_t year) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<int64_t> max,
                          sql.QueryInt("SELECT MAX(seq) FROM tasks WHERE bureau = ? AND year = ?",
                                       {bureau, int64_t{year}}));
  return static_cast<int32_t>(max.value_or(0) + 1);
}

Result<int64_t> InsertTask(Sql& sql, const TaskRow& t, std::span<const std::string> partners) {
  SUNLIT_ASSIGN_OR_RETURN(
      const int64_t id,
      sql.InsertReturningId(
          "INSERT INTO tasks (number, bureau, year, seq, plan_id, title, kind, lead_department, "
          "departments, items, scope, quotas, exclusions, team, options, window_start, "
          "window_end, confidential, cap_exempt, state, created_at, created_by, updated_at, "
          "frozen_at, drawn_at, assigned_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id",
          {std::string_view(t.number),
           std::string_view(t.bureau),
           int64_t{t.year},
           int64_t{t.seq},
           IdOrNull(t.plan_id),
           std::string_view(t.title),
           std::string_view(t.kind),
           std::string_view(t.lead_department),
           std::string_view(t.departments),
           std::string_view(t.items),
           std::string_view(t.scope),
           std::string_view(t.quotas),
           std::string_view(t.exclusions),
           std::string_view(t.team),
           std::string_view(t.options),
           std::string_view(t.window_start),
           std::string_view(t.window_end),
           Bool(t.confidential),
           Bool(t.cap_exempt),
           std::string_view(t.state),
           std::string_view(t.created_at),
           std::string_view(t.created_by),
           std::string_view(t.updated_at),
           std::string_view(t.frozen_at),
           std::string_view(t.drawn_at),
           std::string_view(t.assigned_at)}));
  SUNLIT_RETURN_IF_ERROR(InsertTaskDepartments(sql, id, t.lead_department, partners));
  return id;
}

Result<std::optional<TaskRow>> FindTask(Sql& sql, std::string_view number) {
  std::optional<TaskRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query("SELECT " SUNLIT_TASK_COLUMNS " FROM tasks WHERE number = ?",
                                   {number}, [&](const SqlRow& r) {
                                     out = ReadTask(r);
                                     return false;
                                   }));
  return out;
}

Result<std::optional<TaskRow>> GetTask(Sql& sql, int64_t id) {
  std::optional<TaskRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query("SELECT " SUNLIT_TASK_COLUMNS " FROM tasks WHERE id = ?", {id},
                                   [&](const SqlRow& r) {
                                     out = ReadTask(r);
                                     return false;
                                   }));
  return out;
}

Result<std::vector<TaskRow>> ListTasks(Sql& sql, const TaskFilter& f) {
  std::vector<TaskRow> out;
  const int64_t limit = std::clamp<int64_t>(f.limit, 0, 1000);
  const int64_t offset = std::max<int64_t>(f.offset, 0);
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT " SUNLIT_TASK_COLUMNS
      " FROM tasks t WHERE (? = 0 OR year = ?) AND (? = '' OR state = ?) AND (? = '' OR kind = ?)"
      " AND (? = '' OR EXISTS (SELECT 1 FROM task_departments d WHERE d.task_id = t.id AND "
      "d.department_code = ?))"
      " AND (? = '' OR EXISTS (SELECT 1 FROM checks c JOIN check_inspectors ci ON "
      "ci.check_id = c.id WHERE c.task_id = t.id AND ci.inspector_code = ?))"
      " ORDER BY year DESC, bureau, seq DESC LIMIT ? OFFSET ?",
      {int64_t{f.year}, int64_t{f.year}, std::string_view(f.state), std::string_view(f.state),
       std::string_view(f.kind), std::string_view(f.kind), std::string_view(f.department_code),
       std::string_view(f.department_code), std::string_view(f.inspector_code),
       std::string_view(f.inspector_code), limit, offset},
      [&](const SqlRow& r) {
        out.push_back(ReadTask(r));
        return true;
      }));
  return out;
}

Result<int64_t> UpdateTask(Sql& sql, const TaskRow& t, const std::vector<std::string>* partners) {
  SUNLIT_ASSIGN_OR_RETURN(
      const int64_t n,
      sql.Exec("UPDATE tasks SET plan_id = ?, title = ?, kind = ?, lead_department = ?, "
               "departments = ?, items = ?, scope = ?, quotas = ?, exclusions = ?, team = ?, "
               "options = ?, window_start = ?, window_end = ?, confidential = ?, cap_exempt = ?, "
               "state = ?, updated_at = ?, frozen_at = ?, drawn_at = ?, assigned_at = ?, "
               "version = version + 1 WHERE id = ? AND version = ?",
               {IdOrNull(t.plan_id),
                std::string_view(t.title),
                std::string_view(t.kind),
                std::string_view(t.lead_department),
                std::string_view(t.departments),
                std::string_view(t.items),
                std::string_view(t.scope),
                std::string_view(t.quotas),
                std::string_view(t.exclusions),
                std::string_view(t.team),
                std::string_view(t.options),
                std::string_view(t.window_start),
                std::string_view(t.window_end),
                Bool(t.confidential),
                Bool(t.cap_exempt),
                std::string_view(t.state),
                std::string_view(t.updated_at),
                std::string_view(t.frozen_at),
                std::string_view(t.drawn_at),
                std::string_view(t.assigned_at),
                t.id,
                t.version}));
  if (n != 1) return Conflict("the task");
  if (partners != nullptr) {
    SUNLIT_RETURN_IF_ERROR(
        sql.Exec("DELETE FROM task_departments WHERE task_id = ?", {t.id}).status());
    SUNLIT_RETURN_IF_ERROR(InsertTaskDepartments(sql, t.id, t.lead_department, *partners));
  }
  return t.version + 1;
}

// ---- checks ---------------------------------------------------------------------------------

Status InsertChecks(Sql& sql, std::span<const CheckRow> rows) {
  // A drawn task writes thousands of checks in one transaction: multi-row INSERTs.
  return sql
      .InsertRows(
          "INSERT INTO checks (task_id, entity_code, entity_name, region, unit_code, "
          "entity_address, origin, origin_ref, stratum, rank, state, cancel_reason, "
          "created_at)",
          13, rows.size(),
          [&rows](size_t i, std::vector<SqlParam>& out) {
            const CheckRow& c = rows[i];
            out.insert(out.end(),
                       {c.task_id, std::string_view(c.entity_code), std::string_view(c.entity_name),
                        int64_t{c.region}, std::string_view(c.unit_code),
                        std::string_view(c.entity_address), std::string_view(c.origin),
                        std::string_view(c.origin_ref), std::string_view(c.stratum),
                        std::string_view(c.rank), std::string_view(c.state),
                        std::string_view(c.cancel_reason), std::string_view(c.created_at)});
          })
      .status();
}

Result<int64_t> InsertCheck(Sql& sql, const CheckRow& row) { return InsertOneCheck(sql, row); }

Result<std::vector<CheckRow>> TaskChecks(Sql& sql, int64_t task_id) {
  std::vector<CheckRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query("SELECT " SUNLIT_CHECK_COLUMNS
                                   " FROM checks WHERE task_id = ? ORDER BY id",
                                   {task_id}, [&](const SqlRow& r) {
                                     out.push_back(ReadCheck(r));
                                     return true;
                                   }));
  return out;
}

Result<std::optional<CheckRow>> GetCheck(Sql& sql, int64_t id) {
  std::optional<CheckRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query("SELECT " SUNLIT_CHECK_COLUMNS " FROM checks WHERE id = ?", {id},
                                   [&](const SqlRow& r) {
                                     out = ReadCheck(r);
                                     return false;
                                   }));
  return out;
}

Result<std::optional<CheckRow>> FindCheck(Sql& sql, int64_t task_id, std::string_view entity_code) {
  std::optional<CheckRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query("SELECT " SUNLIT_CHECK_COLUMNS
                                   " FROM checks WHERE task_id = ? AND entity_code = ?",
                                   {task_id, entity_code}, [&](const SqlRow& r) {
                                     out = ReadCheck(r);
                                     return false;
                                   }));
  return out;
}

Result<int64_t> UpdateCheckState(Sql& sql, int64_t id, int64_t version, std::string_view state,
                                 std::string_view cancel_reason) {
  SUNLIT_ASSIGN_OR_RETURN(
      const int64_t n,
      sql.Exec("UPDATE checks SET state = ?, cancel_reason = ?, version = version + 1 "
               "WHERE id = ? AND version = ?",
               {state, cancel_reason, id, version}));
  if (n != 1) return Conflict("the check");
  return version + 1;
}

Result<int64_t> SetTaskChecksState(Sql& sql, int64_t task_id, std::string_view from,
                                   std::string_view to) {
  return sql.Exec(
      "UPDATE checks SET state = ?, version = version + 1 WHERE task_id = ? AND state = ?",
      {to, task_id, from});
}

Result<std::vector<std::string>> JointIndustryCheckedCodes(Sql& sql, int32_t year,
                                                           int64_t excluding_task_id) {
  char from[16], to[16];
  std::snprintf(from, sizeof from, "%04d-01-01", year);
  std::snprintf(to, sizeof to, "%04d-12-31", year);
  std::vector<std::string> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT DISTINCT c.entity_code FROM checks c JOIN tasks t ON t.id = c.task_id "
      "WHERE t.kind = 'joint_industry' AND t.cap_exempt = 0 AND t.window_start >= ? AND "
      "t.window_start <= ? AND t.id <> ? AND c.state <> 'cancelled' ORDER BY c.entity_code",
      {std::string_view(from), std::string_view(to), excluding_task_id}, [&](const SqlRow& r) {
        out.push_back(r.String(0));
        return true;
      }));
  return out;
}

// ---- check inspectors -------------------------------------------------------------------------

Status InsertCheckInspectors(Sql& sql, std::span<const CheckInspectorRow> rows) {
  return sql
      .InsertRows(
          "INSERT INTO check_inspectors (check_id, inspector_code, department_code, "
          "assigned_at, assignment_id)",
          5, rows.size(),
          [&rows](size_t i, std::vector<SqlParam>& out) {
            const CheckInspectorRow& c = rows[i];
            out.insert(out.end(), {c.check_id, std::string_view(c.inspector_code),
                                   std::string_view(c.department_code),
                                   std::string_view(c.assigned_at), IdOrNull(c.assignment_id)});
          })
      .status();
}

Result<std::vector<CheckInspectorRow>> TaskCheckInspectors(Sql& sql, int64_t task_id) {
  std::vector<CheckInspectorRow> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT ci.check_id, ci.inspector_code, ci.department_code, ci.assigned_at, "
                "ci.assignment_id FROM check_inspectors ci JOIN checks c ON c.id = ci.check_id "
                "WHERE c.task_id = ? ORDER BY ci.check_id, ci.inspector_code",
                {task_id}, [&](const SqlRow& r) {
                  out.push_back(ReadCheckInspector(r));
                  return true;
                }));
  return out;
}

Result<std::vector<CheckInspectorRow>> CheckInspectors(Sql& sql, int64_t check_id) {
  std::vector<CheckInspectorRow> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT check_id, inspector_code, department_code, assigned_at, assignment_id "
                "FROM check_inspectors WHERE check_id = ? ORDER BY inspector_code",
                {check_id}, [&](const SqlRow& r) {
                  out.push_back(ReadCheckInspector(r));
                  return true;
                }));
  return out;
}

Status DeleteCheckInspector(Sql& sql, int64_t check_id, std::string_view inspector_code) {
  SUNLIT_ASSIGN_OR_RETURN(
      const int64_t n,
      sql.Exec("DELETE FROM check_inspectors WHERE check_id = ? AND inspector_code = ?",
               {check_id, inspector_code}));
  if (n != 1) return NotFound(std::string(inspector_code) + " is not on the check's team");
  return Status::Ok();
}

Result<std::map<std::string, EntitySnapshot, std::less<>>> EntitySnapshots(
    Sql& sql, std::span<const std::string> codes) {
  std::vector<std::string> sorted(codes.begin(), codes.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::map<std::string, EntitySnapshot, std::less<>> out;
  SUNLIT_RETURN_IF_ERROR(sql.QueryIn(
      "SELECT code, name, region, unit_code, address FROM entities WHERE code", sorted, "", {},
      [&](const SqlRow& r) {
        out.emplace(r.String(0), EntitySnapshot{r.String(1), static_cast<int32_t>(r.Int(2)),
                                                r.String(3), r.String(4)});
        return true;
      }));
  return out;
}

Result<std::map<std::string, std::vector<std::string>, std::less<>>> PreviousInspectors(
    Sql& sql, std::span<const std::string> codes, int64_t excluding_task_id) {
  std::vector<std::string> sorted(codes.begin(), codes.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::map<std::string, std::vector<std::string>, std::less<>> out;
  // Per entity, the team of its latest check (highest id): rows come by entity, latest first.
  std::string entity;
  int64_t latest = 0;
  const SqlParam tail[] = {excluding_task_id};
  SUNLIT_RETURN_IF_ERROR(sql.QueryIn(
      "SELECT c.entity_code, c.id, ci.inspector_code FROM checks c JOIN check_inspectors ci ON "
      "ci.check_id = c.id WHERE c.entity_code",
      sorted,
      " AND c.task_id <> ? AND c.state <> 'cancelled' "
      "ORDER BY c.entity_code, c.id DESC, ci.inspector_code",
      tail, [&](const SqlRow& r) {
        if (r.Text(0) != entity) {
          entity = r.String(0);
          latest = r.Int(1);
        }
        if (r.Int(1) == latest) out[entity].push_back(r.String(2));
        return true;
      }));
  return out;
}

Result<std::map<std::string, int64_t, std::less<>>> InspectorLoadsInYear(Sql& sql, int32_t year) {
  char from[16], to[16];
  std::snprintf(from, sizeof from, "%04d-01-01", year);
  std::snprintf(to, sizeof to, "%04d-12-31", year);
  std::map<std::string, int64_t, std::less<>> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT ci.inspector_code, COUNT(*) FROM check_inspectors ci JOIN checks c ON "
                "c.id = ci.check_id JOIN tasks t ON t.id = c.task_id WHERE t.window_start >= ? AND "
                "t.window_start <= ? AND c.state <> 'cancelled' GROUP BY ci.inspector_code",
                {std::string_view(from), std::string_view(to)}, [&](const SqlRow& r) {
                  out.emplace(r.String(0), r.Int(1));
                  return true;
                }));
  return out;
}

Result<std::map<std::string, int64_t, std::less<>>> TaskInspectorLoads(Sql& sql, int64_t task_id) {
  std::map<std::string, int64_t, std::less<>> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT ci.inspector_code, COUNT(*) FROM check_inspectors ci JOIN checks c ON "
                "c.id = ci.check_id WHERE c.task_id = ? AND c.state <> 'cancelled' "
                "GROUP BY ci.inspector_code",
                {task_id}, [&](const SqlRow& r) {
                  out.emplace(r.String(0), r.Int(1));
                  return true;
                }));
  return out;
}

Result<std::vector<int64_t>> InspectorCheckIds(Sql& sql, int64_t task_id,
                                               std::string_view inspector_code) {
  std::vector<int64_t> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT c.id FROM checks c JOIN check_inspectors ci ON ci.check_id = c.id "
                "WHERE c.task_id = ? AND ci.inspector_code = ? ORDER BY c.id",
                {task_id, inspector_code}, [&](const SqlRow& r) {
                  out.push_back(r.Int(0));
                  return true;
                }));
  return out;
}

// ---- conflicts --------------------------------------------------------------------------------

Status InsertConflict(Sql& sql, const ConflictRow& c) {
  return sql
      .Exec(
          "INSERT INTO inspector_conflicts (inspector_code, entity_code, reason, declared_at, "
          "declared_by) VALUES (?, ?, ?, ?, ?)",
          {std::string_view(c.inspector_code), std::string_view(c.entity_code),
           std::string_view(c.reason), std::string_view(c.declared_at),
           std::string_view(c.declared_by)})
      .status();
}

Result<std::vector<ConflictRow>> ConflictsOfEntities(Sql& sql, std::span<const std::string> codes) {
  std::vector<ConflictRow> out;
  std::vector<std::string> sorted(codes.begin(), codes.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  SUNLIT_RETURN_IF_ERROR(
      sql.QueryIn("SELECT inspector_code, entity_code, reason, declared_at, declared_by "
                  "FROM inspector_conflicts WHERE entity_code",
                  sorted, " ORDER BY entity_code, inspector_code", {}, [&](const SqlRow& r) {
                    out.push_back(ReadConflict(r));
                    return true;
                  }));
  return out;
}

Result<std::vector<ConflictRow>> ListConflicts(Sql& sql, std::string_view inspector_code,
                                               std::string_view entity_code) {
  std::vector<ConflictRow> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT inspector_code, entity_code, reason, declared_at, declared_by "
                "FROM inspector_conflicts WHERE (? = '' OR inspector_code = ?) AND "
                "(? = '' OR entity_code = ?) ORDER BY inspector_code, entity_code",
                {inspector_code, inspector_code, entity_code, entity_code}, [&](const SqlRow& r) {
                  out.push_back(ReadConflict(r));
                  return true;
                }));
  return out;
}

// ---- checklists -------------------------------------------------------------------------------

Result<int64_t> InsertChecklist(Sql& sql, const ChecklistRow& c) {
  return sql.InsertReturningId(
      "INSERT INTO checklists (code, version, name, industry_prefixes, tags, entries, "
      "entries_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {std::string_view(c.code), int64_t{c.version}, std::string_view(c.name),
       std::string_view(c.industry_prefixes), std::string_view(c.tags), std::string_view(c.entries),
       std::string_view(c.entries_hash), std::string_view(c.created_at),
       std::string_view(c.created_by)});
}

Result<std::optional<ChecklistRow>> LatestChecklist(Sql& sql, std::string_view code) {
  std::optional<ChecklistRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query("SELECT " SUNLIT_CHECKLIST_COLUMNS
                                   " FROM checklists WHERE code = ? ORDER BY version DESC",
                                   {code}, [&](const SqlRow& r) {
                                     out = ReadChecklist(r);
                                     return false;
                                   }));
  return out;
}

Result<std::optional<ChecklistRow>> GetChecklist(Sql& sql, std::string_view code, int32_t version) {
  std::optional<ChecklistRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query("SELECT " SUNLIT_CHECKLIST_COLUMNS
                                   " FROM checklists WHERE code = ? AND version = ?",
                                   {code, int64_t{version}}, [&](const SqlRow& r) {
                                     out = ReadChecklist(r);
                                     return false;
                                   }));
  return out;
}

Result<std::vector<ChecklistRow>> ListChecklists(Sql& sql) {
  std::vector<ChecklistRow> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT " SUNLIT_CHECKLIST_COLUMNS
                " FROM checklists c WHERE version = (SELECT MAX(version) FROM checklists d "
                "WHERE d.code = c.code) ORDER BY code",
                Sql::Params{}, [&](const SqlRow& r) {
                  out.push_back(ReadChecklist(r));
                  return true;
                }));
  return out;
}

// ---- assignments, widenings, swaps --------------------------------------------------------------

Result<int64_t> InsertAssignment(Sql& sql, AssignmentRow& a) {
  SUNLIT_ASSIGN_OR_RETURN(
      std::optional<int64_t> last,
      sql.QueryInt("SELECT MAX(seq) FROM assignments WHERE task_id = ?", {a.task_id}));
  a.seq = static_cast<int32_t>(last.value_or(0) + 1);
  SUNLIT_ASSIGN_OR_RETURN(
      a.id, sql.InsertReturningId(
                "INSERT INTO assignments (task_id, seq, input, result, input_hash, result_hash, "
                "seed, widening, checks, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {a.task_id, int64_t{a.seq}, std::string_view(a.input), std::string_view(a.result),
                 std::string_view(a.input_hash), std::string_view(a.result_hash),
                 std::string_view(a.seed), std::string_view(a.widening), a.checks,
                 std::string_view(a.created_at), std::string_view(a.created_by)}));
  return a.id;
}

Result<std::vector<AssignmentRow>> TaskAssignments(Sql& sql, int64_t task_id) {
  std::vector<AssignmentRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT id, task_id, seq, input, result, input_hash, result_hash, seed, widening, checks, "
      "created_at, created_by FROM assignments WHERE task_id = ? ORDER BY seq",
      {task_id}, [&](const SqlRow& r) {
        AssignmentRow a;
        a.id = r.Int(0);
        a.task_id = r.Int(1);
        a.seq = static_cast<int32_t>(r.Int(2));
        a.input = r.String(3);
        a.result = r.String(4);
        a.input_hash = r.String(5);
        a.result_hash = r.String(6);
        a.seed = r.String(7);
        a.widening = r.String(8);
        a.checks = r.Int(9);
        a.created_at = r.String(10);
        a.created_by = r.String(11);
        out.push_back(std::move(a));
        return true;
      }));
  return out;
}

Result<int64_t> InsertWidening(Sql& sql, const WideningRow& w) {
  return sql.InsertReturningId(
      "INSERT INTO assignment_widenings (task_id, scope, regions, reason, at, actor) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {w.task_id, std::string_view(w.scope), std::string_view(w.regions),
       std::string_view(w.reason), std::string_view(w.at), std::string_view(w.actor)});
}

Result<std::vector<WideningRow>> TaskWidenings(Sql& sql, int64_t task_id) {
  std::vector<WideningRow> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT id, task_id, scope, regions, reason, at, actor FROM assignment_widenings "
                "WHERE task_id = ? ORDER BY id",
                {task_id}, [&](const SqlRow& r) {
                  out.push_back(WideningRow{r.Int(0), r.Int(1), r.String(2), r.String(3),
                                            r.String(4), r.String(5), r.String(6)});
                  return true;
                }));
  return out;
}

Result<int64_t> InsertSwap(Sql& sql, const SwapRow& s) {
  return sql.InsertReturningId(
      "INSERT INTO assignment_swaps (check_id, removed_inspector, added_inspector, reason, at, "
      "actor) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {s.check_id, std::string_view(s.removed_inspector), std::string_view(s.added_inspector),
       std::string_view(s.reason), std::string_view(s.at), std::string_view(s.actor)});
}

Result<std::vector<SwapRow>> TaskSwaps(Sql& sql, int64_t task_id) {
  std::vector<SwapRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT s.id, s.check_id, s.removed_inspector, s.added_inspector, s.reason, s.at, s.actor "
      "FROM assignment_swaps s JOIN checks c ON c.id = s.check_id WHERE c.task_id = ? "
      "ORDER BY s.id",
      {task_id}, [&](const SqlRow& r) {
        out.push_back(SwapRow{r.Int(0), r.Int(1), r.String(2), r.String(3), r.String(4),
                              r.String(5), r.String(6)});
        return true;
      }));
  return out;
}

}  // namespace sunlit::store
