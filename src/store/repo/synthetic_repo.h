// Synthetic workflow rows for load tests and benchmarks (app/results_gen.h): a task and its
// checks inserted directly, without the workflow use cases, their draws or their ledger
// events. Never used by the product's own use cases. Portable SQL over store::Sql.
#ifndef SUNLIT_STORE_REPO_SYNTHETIC_REPO_H_
#define SUNLIT_STORE_REPO_SYNTHETIC_REPO_H_

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "store/sql.h"

namespace sunlit::store::repo {

struct SyntheticTask {
  std::string_view number;
  int32_t year = 0;
  int64_t seq = 0;
  std::string_view title;
  std::string_view lead_department;  // must exist in departments
  std::string_view window_start;
  std::string_view window_end;
  std::string_view state;  // e.g. "assigned"
  std::string_view at;     // created/updated time (UTC)
};

// Returns the new task's id. kAlreadyExists when the number (or bureau, year, seq) is taken.
Result<int64_t> InsertSyntheticTask(Sql& sql, const SyntheticTask& t);
// Returns the new check's id.
Result<int64_t> InsertSyntheticCheck(Sql& sql, int64_t task_id, std::string_view entity_code,
                                     std::string_view entity_name, int32_t region,
                                     std::string_view state, std::string_view at);

}  // namespace sunlit::store::repo

#endif  // SUNLIT_STORE_REPO_SYNTHETIC_REPO_H_
