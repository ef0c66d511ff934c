// Portal and statistics repository: constant SQL texts (one prepared statement each).
#include "store/repo/portal_repo.h"

#include <utility>

namespace sunlit::store::repo {

// ---- published results ------------------------------------------------------------------

Result<int64_t> CountPublishedByCode(Sql& sql, std::string_view entity_code) {
  SUNLIT_ASSIGN_OR_RETURN(
      std::optional<int64_t> n,
      sql.QueryInt("SELECT count(*) FROM publications WHERE entity_code = ?", {entity_code}));
  return n.value_or(0);
}

Status PublishedByCode(Sql& sql, std::string_view entity_code, int64_t limit, int64_t offset,
                       const std::function<void(std::string_view)>& fn) {
  return sql.Query(
      "SELECT public_json FROM publications WHERE entity_code = ? "
      "ORDER BY published_at DESC, check_id DESC LIMIT ? OFFSET ?",
      {entity_code, limit, offset}, [&](const SqlRow& r) {
        fn(r.Text(0));
        return true;
      });
}

Result<int64_t> CountPublishedByNamePrefix(Sql& sql, std::string_view prefix) {
  const std::string upper = std::string(prefix) + "\xF4\x8F\xBF\xBF";
  SUNLIT_ASSIGN_OR_RETURN(
      std::optional<int64_t> n,
      sql.QueryInt("SELECT count(*) FROM publications WHERE entity_name >= ? AND entity_name < ?",
                   {prefix, upper}));
  return n.value_or(0);
}

Status PublishedByNamePrefix(Sql& sql, std::string_view prefix, int64_t limit, int64_t offset,
                             const std::function<void(std::string_view)>& fn) {
  // Names are UTF-8 compared bytewise: every name starting with `prefix` sorts in
  // [prefix, prefix + U+10FFFF).
  const std::string upper = std::string(prefix) + "\xF4\x8F\xBF\xBF";
  return sql.Query(
      "SELECT public_json FROM publications WHERE entity_name >= ? AND entity_name < ? "
      "ORDER BY entity_name, published_at DESC, check_id DESC LIMIT ? OFFSET ?",
      {prefix, upper, limit, offset}, [&](const SqlRow& r) {
        fn(r.Text(0));
        return true;
      });
}

// ---- plans and tasks --------------------------------------------------------------------

Result<int64_t> CountPublishedPlans(Sql& sql, int32_t year) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<int64_t> n,
                          sql.QueryInt("SELECT count(*) FROM plans WHERE state = 'published' "
                                       "AND (? = 0 OR year = ?)",
                                       {int64_t{year}, int64_t{year}}));
  return n.value_or(0);
}

Result<std::vector<PublicPlanRow>> PublishedPlans(Sql& sql, int32_t year, int64_t limit,
                                                  int64_t offset) {
  std::vector<PublicPlanRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT p.id, p.kind, p.year, p.department_code, d.name, p.region, p.title, p.body, "
      "p.published_at FROM plans p JOIN departments d ON d.code = p.department_code "
      "WHERE p.state = 'published' AND (? = 0 OR p.year = ?) "
      "ORDER BY p.year DESC, p.id DESC LIMIT ? OFFSET ?",
      {int64_t{year}, int64_t{year}, limit, offset}, [&](const SqlRow& r) {
        PublicPlanRow p;
        p.id = r.Int(0);
        p.kind = r.String(1);
        p.year = static_cast<int32_t>(r.Int(2));
        p.department_code = r.String(3);
        p.department_name = r.String(4);
        p.region = static_cast<int32_t>(r.Int(5));
        p.title = r.String(6);
        p.body = r.String(7);
        p.published_at = r.String(8);
        out.push_back(std::move(p));
        return true;
      }));
  return out;
}

namespace {

constexpr std::string_view kTaskSelect =
    "SELECT t.id, t.number, t.year, t.title, t.kind, t.lead_department, d.name, t.departments, "
    "t.items, t.window_start, t.window_end, t.confidential, t.state, "
    "(SELECT count(*) FROM checks c WHERE c.task_id = t.id AND c.state <> 'cancelled') "
    "FROM tasks t JOIN departments d ON d.code = t.lead_department ";

PublicTaskRow ReadTask(const SqlRow& r) {
  PublicTaskRow t;
  t.id = r.Int(0);
  t.number = r.String(1);
  t.year = static_cast<int32_t>(r.Int(2));
  t.title = r.String(3);
  t.kind = r.String(4);
  t.lead_department = r.String(5);
  t.lead_department_name = r.String(6);
  t.departments = r.String(7);
  t.items = r.String(8);
  t.window_start = r.String(9);
  t.window_end = r.String(10);
  t.confidential = r.Flag(11);
  t.state = r.String(12);
  t.checks = r.Int(13);
  return t;
}

}  // namespace

Result<int64_t> CountAnnouncedTasks(Sql& sql, int32_t year) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<int64_t> n,
                          sql.QueryInt("SELECT count(*) FROM tasks WHERE state <> 'draft' "
                                       "AND (? = 0 OR year = ?)",
                                       {int64_t{year}, int64_t{year}}));
  return n.value_or(0);
}

Result<std::vector<PublicTaskRow>> AnnouncedTasks(Sql& sql, int32_t year, int64_t limit,
                                                  int64_t offset) {
  static const std::string kSql =
      std::string(kTaskSelect) +
      "WHERE t.state <> 'draft' AND (? = 0 OR t.year = ?) ORDER BY t.id DESC LIMIT ? OFFSET ?";
  std::vector<PublicTaskRow> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query(kSql, {int64_t{year}, int64_t{year}, limit, offset}, [&](const SqlRow& r) {
        out.push_back(ReadTask(r));
        return true;
      }));
  return out;
}

Result<std::optional<PublicTaskRow>> FindTaskByNumber(Sql& sql, std::string_view number) {
  static const std::string kSql = std::string(kTaskSelect) + "WHERE t.number = ?";
  std::optional<PublicTaskRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(kSql, {number}, [&](const SqlRow& r) {
    out = ReadTask(r);
    return false;
  }));
  return out;
}

Result<std::vector<DrawnCheckRow>> TaskChecks(Sql& sql, int64_t task_id) {
  std::vector<DrawnCheckRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT entity_code, entity_name, region, origin FROM checks "
      "WHERE task_id = ? AND state <> 'cancelled' ORDER BY entity_code",
      {task_id}, [&](const SqlRow& r) {
        out.push_back({r.String(0), r.String(1), static_cast<int32_t>(r.Int(2)), r.String(3)});
        return true;
      }));
  return out;
}

// ---- statistics ---------------------------------------------------------------------------

Status ScanStatChecks(Sql& sql, int32_t year, const std::function<void(StatCheckRow)>& fn) {
  return sql.Query(
      "SELECT c.id, c.task_id, t.number, t.title, t.lead_department, t.departments, c.region, "
      "c.state, CASE WHEN r.check_id IS NULL THEN 0 ELSE 1 END, COALESCE(rc.problem, 0), "
      "CASE WHEN p.check_id IS NULL THEN 0 ELSE 1 END, COALESCE(p.on_time, 0) "
      "FROM checks c JOIN tasks t ON t.id = c.task_id "
      "LEFT JOIN check_results r ON r.check_id = c.id "
      "LEFT JOIN result_categories rc ON rc.set_version = r.category_set "
      "AND rc.code = r.category_code "
      "LEFT JOIN publications p ON p.check_id = c.id "
      "WHERE t.year = ? ORDER BY c.id",
      {int64_t{year}}, [&](const SqlRow& r) {
        StatCheckRow s;
        s.check_id = r.Int(0);
        s.task_id = r.Int(1);
        s.task_number = r.String(2);
        s.task_title = r.String(3);
        s.lead_department = r.String(4);
        s.task_departments = r.String(5);
        s.region = static_cast<int32_t>(r.Int(6));
        s.state = r.String(7);
        s.has_result = r.Flag(8);
        s.problem = r.Flag(9);
        s.published = r.Flag(10);
        s.on_time = r.Flag(11);
        fn(std::move(s));
        return true;
      });
}

Status ScanStatInspectors(Sql& sql, int32_t year, const std::function<void(StatInspectorRow)>& fn) {
  return sql.Query(
      "SELECT ci.check_id, ci.inspector_code, ci.department_code FROM check_inspectors ci "
      "JOIN checks c ON c.id = ci.check_id JOIN tasks t ON t.id = c.task_id "
      "WHERE t.year = ? ORDER BY ci.check_id, ci.inspector_code",
      {int64_t{year}}, [&](const SqlRow& r) {
        fn({r.Int(0), r.String(1), r.String(2)});
        return true;
      });
}

Result<std::vector<std::pair<int32_t, std::string>>> RegionNames(Sql& sql) {
  std::vector<std::pair<int32_t, std::string>> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT code, name FROM regions ORDER BY code", {}, [&](const SqlRow& r) {
        out.emplace_back(static_cast<int32_t>(r.Int(0)), r.String(1));
        return true;
      }));
  return out;
}

}  // namespace sunlit::store::repo
