#include "store/repo/work_repo.h"

namespace sunlit::store::repo {
namespace {

std::string_view StatesOf(InspectorCheckGroup group) {
  switch (group) {
    case InspectorCheckGroup::kOpen:
      return "c.state IN ('assigned', 'entered', 'returned')";
    case InspectorCheckGroup::kDone:
      return "c.state IN ('reviewed', 'published')";
    case InspectorCheckGroup::kAll:
      break;
  }
  return "c.state <> 'cancelled'";
}

constexpr std::string_view kFrom =
    " FROM check_inspectors ci JOIN checks c ON c.id = ci.check_id "
    "JOIN tasks t ON t.id = c.task_id LEFT JOIN check_results r ON r.check_id = c.id "
    "WHERE ci.inspector_code = ? AND ";

}  // namespace

Result<int64_t> CountInspectorChecks(Sql& sql, std::string_view inspector_code,
                                     InspectorCheckGroup group) {
  const std::string q = "SELECT COUNT(*)" + std::string(kFrom) + std::string(StatesOf(group));
  SUNLIT_ASSIGN_OR_RETURN(std::optional<int64_t> n, sql.QueryInt(q, {inspector_code}));
  return n.value_or(0);
}

Result<std::vector<InspectorCheckRow>> InspectorChecks(Sql& sql, std::string_view inspector_code,
                                                       InspectorCheckGroup group, int64_t limit,
                                                       int64_t offset) {
  const std::string q =
      "SELECT c.id, c.version, c.state, t.id, t.number, t.title, t.window_start, t.window_end, "
      "c.entity_code, c.entity_name, c.entity_address, c.region, "
      "COALESCE(r.publish_due, '')" +
      std::string(kFrom) + std::string(StatesOf(group)) +
      " ORDER BY CASE c.state WHEN 'returned' THEN 0 WHEN 'assigned' THEN 1 "
      "WHEN 'entered' THEN 2 WHEN 'reviewed' THEN 3 ELSE 4 END, t.window_end, c.id "
      "LIMIT ? OFFSET ?";
  std::vector<InspectorCheckRow> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query(q, {inspector_code, limit, offset}, [&](const SqlRow& r) {
        out.push_back({r.Int(0), r.Int(1), r.String(2), r.Int(3), r.String(4), r.String(5),
                       r.String(6), r.String(7), r.String(8), r.String(9), r.String(10),
                       r.Int(11), r.String(12)});
        return true;
      }));
  return out;
}

}  // namespace sunlit::store::repo
