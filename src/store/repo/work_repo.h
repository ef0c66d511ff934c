// Work-list repository: the reads behind an inspector's own checks (我的检查). Portable SQL
// over store::Sql; read-only. The statements are fixed per group (no SQL is built from input).
// Thread-safety: as the transaction the Sql belongs to.
#ifndef SUNLIT_STORE_REPO_WORK_REPO_H_
#define SUNLIT_STORE_REPO_WORK_REPO_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sql.h"

namespace sunlit::store::repo {

// Which of an inspector's checks: still to do (assigned, entered, returned), done (reviewed,
// published), or every check that is not cancelled.
enum class InspectorCheckGroup { kOpen, kDone, kAll };

struct InspectorCheckRow {
  int64_t check_id = 0;
  int64_t version = 0;
  std::string state;
  int64_t task_id = 0;
  std::string task_number;
  std::string task_title;
  std::string window_start;  // the task's check period, YYYY-MM-DD
  std::string window_end;
  std::string entity_code;
  std::string entity_name;
  std::string entity_address;
  int64_t region = 0;
  std::string publish_due;  // "" before the first entry
};

Result<int64_t> CountInspectorChecks(Sql& sql, std::string_view inspector_code,
                                     InspectorCheckGroup group);
// The checks whose team includes `inspector_code`: returned first (they need the inspector
// again), then assigned, entered, reviewed, published; within a state by the end of the
// task's check period, then by id.
Result<std::vector<InspectorCheckRow>> InspectorChecks(Sql& sql, std::string_view inspector_code,
                                                       InspectorCheckGroup group, int64_t limit,
                                                       int64_t offset);

}  // namespace sunlit::store::repo

#endif  // SUNLIT_STORE_REPO_WORK_REPO_H_
