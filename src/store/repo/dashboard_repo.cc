#include "store/repo/dashboard_repo.h"

namespace sunlit::store::repo {

Status ScanIndustryChecks(Sql& sql, int32_t year,
                          const std::function<void(IndustryCheckRow)>& fn) {
  return sql.Query(
      "SELECT t.lead_department, t.departments, c.state, "
      "CASE WHEN r.check_id IS NULL THEN 0 ELSE 1 END, COALESCE(rc.problem, 0), "
      "COALESCE(e.industry, '') "
      "FROM checks c JOIN tasks t ON t.id = c.task_id "
      "LEFT JOIN check_results r ON r.check_id = c.id "
      "LEFT JOIN result_categories rc ON rc.set_version = r.category_set "
      "AND rc.code = r.category_code "
      "LEFT JOIN entities e ON e.code = c.entity_code "
      "WHERE t.year = ? ORDER BY c.id",
      {int64_t{year}}, [&](const SqlRow& r) {
        IndustryCheckRow row;
        row.lead_department = r.String(0);
        row.task_departments = r.String(1);
        row.state = r.String(2);
        row.has_result = r.Flag(3);
        row.problem = r.Flag(4);
        row.industry = r.String(5);
        fn(std::move(row));
        return true;
      });
}

}  // namespace sunlit::store::repo
