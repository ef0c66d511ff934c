// Portal and statistics repository: the reads behind the public portal (published results,
// plans, task announcements, drawn lists) and the flat scan statistics aggregate. Portable SQL
// over store::Sql; read-only.
//
// The lookup by credit code is the hot path of the public API: one prepared statement, an
// index range on publications(entity_code, published_at, check_id), returning the stored
// documents as they are.
// Thread-safety: as the transaction the Sql belongs to.
#ifndef SUNLIT_STORE_REPO_PORTAL_REPO_H_
#define SUNLIT_STORE_REPO_PORTAL_REPO_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sql.h"

namespace sunlit::store::repo {

// ---- published results ------------------------------------------------------------------

// How many published results an entity has.
Result<int64_t> CountPublishedByCode(Sql& sql, std::string_view entity_code);
// Calls `fn` with the public document of each published result of the entity, newest first,
// skipping `offset` and stopping after `limit`.
Status PublishedByCode(Sql& sql, std::string_view entity_code, int64_t limit, int64_t offset,
                       const std::function<void(std::string_view)>& fn);
// How many published results have an entity name starting with `prefix`.
Result<int64_t> CountPublishedByNamePrefix(Sql& sql, std::string_view prefix);
// Same for entity names starting with `prefix` (a range on the name index), by name, then
// newest first.
Status PublishedByNamePrefix(Sql& sql, std::string_view prefix, int64_t limit, int64_t offset,
                             const std::function<void(std::string_view)>& fn);

// ---- plans and tasks --------------------------------------------------------------------

struct PublicPlanRow {
  int64_t id = 0;
  std::string kind;
  int32_t year = 0;
  std::string department_code;
  std::string department_name;
  int32_t region = 0;
  std::string title;
  std::string body;  // JSON written by the workflow use cases
  std::string published_at;
};
Result<int64_t> CountPublishedPlans(Sql& sql, int32_t year);
// Published plans of `year` (0 = every year), newest first.
Result<std::vector<PublicPlanRow>> PublishedPlans(Sql& sql, int32_t year, int64_t limit,
                                                  int64_t offset);

struct PublicTaskRow {
  int64_t id = 0;
  std::string number;
  int32_t year = 0;
  std::string title;
  std::string kind;
  std::string lead_department;
  std::string lead_department_name;
  std::string departments;  // JSON list of codes
  std::string items;        // JSON list of pinned items
  std::string window_start;
  std::string window_end;
  bool confidential = false;
  std::string state;
  int64_t checks = 0;  // not cancelled
};
Result<int64_t> CountAnnouncedTasks(Sql& sql, int32_t year);
// Tasks past the draft stage of `year` (0 = every year), newest first.
Result<std::vector<PublicTaskRow>> AnnouncedTasks(Sql& sql, int32_t year, int64_t limit,
                                                  int64_t offset);
Result<std::optional<PublicTaskRow>> FindTaskByNumber(Sql& sql, std::string_view number);

struct DrawnCheckRow {
  std::string entity_code;
  std::string entity_name;
  int32_t region = 0;
  std::string origin;  // drawn, alternate, targeted
};
// The checks of a task that are not cancelled, by entity code.
Result<std::vector<DrawnCheckRow>> TaskChecks(Sql& sql, int64_t task_id);

// ---- statistics ---------------------------------------------------------------------------

struct StatCheckRow {
  int64_t check_id = 0;
  int64_t task_id = 0;
  std::string task_number;
  std::string task_title;
  std::string lead_department;
  std::string task_departments;  // JSON list of codes
  int32_t region = 0;
  std::string state;
  bool has_result = false;
  bool problem = false;  // the result's category counts as a problem
  bool published = false;
  bool on_time = false;
};

struct StatInspectorRow {
  int64_t check_id = 0;
  std::string inspector_code;
  std::string department_code;
};

// Every check of the tasks of `year`, by check id.
Status ScanStatChecks(Sql& sql, int32_t year, const std::function<void(StatCheckRow)>& fn);
// Every team member of those checks.
Status ScanStatInspectors(Sql& sql, int32_t year, const std::function<void(StatInspectorRow)>& fn);
// Region names by code.
Result<std::vector<std::pair<int32_t, std::string>>> RegionNames(Sql& sql);

}  // namespace sunlit::store::repo

#endif  // SUNLIT_STORE_REPO_PORTAL_REPO_H_
