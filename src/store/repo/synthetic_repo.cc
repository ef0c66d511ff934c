// Synthetic workflow rows: the minimum columns of migration 5, the rest as their defaults.
#include "store/repo/synthetic_repo.h"

namespace sunlit::store::repo {

Result<int64_t> InsertSyntheticTask(Sql& sql, const SyntheticTask& t) {
  return sql.InsertReturningId(
      "INSERT INTO tasks (number, bureau, year, seq, title, kind, lead_department, "
      "departments, items, scope, quotas, exclusions, team, options, window_start, window_end, "
      "confidential, state, created_at, created_by, updated_at) VALUES "
      "(?, 'BENCH', ?, ?, ?, 'random', ?, '[]', '[]', '{}', '[]', '[]', '{}', '{}', ?, ?, 0, ?, "
      "?, 'synthetic', ?) RETURNING id",
      {t.number, int64_t{t.year}, t.seq, t.title, t.lead_department, t.window_start, t.window_end,
       t.state, t.at, t.at});
}

Result<int64_t> InsertSyntheticCheck(Sql& sql, int64_t task_id, std::string_view entity_code,
                                     std::string_view entity_name, int32_t region,
                                     std::string_view state, std::string_view at) {
  return sql.InsertReturningId(
      "INSERT INTO checks (task_id, entity_code, entity_name, region, unit_code, origin, state, "
      "created_at) VALUES (?, ?, ?, ?, '', 'drawn', ?, ?) RETURNING id",
      {task_id, entity_code, entity_name, int64_t{region}, state, at});
}

}  // namespace sunlit::store::repo
