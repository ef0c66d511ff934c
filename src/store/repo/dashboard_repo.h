// Dashboard repository: the facts behind the console's dashboard that no other read gives —
// each check of a year with its entity's industry, for the problem rate by industry.
// Portable SQL over store::Sql; read-only. Thread-safety: as the transaction the Sql belongs to.
#ifndef SUNLIT_STORE_REPO_DASHBOARD_REPO_H_
#define SUNLIT_STORE_REPO_DASHBOARD_REPO_H_

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"
#include "store/sql.h"

namespace sunlit::store::repo {

struct IndustryCheckRow {
  std::string lead_department;
  std::string task_departments;  // JSON list of codes
  std::string state;             // the check's state
  bool has_result = false;
  bool problem = false;  // the result's category counts as a problem
  std::string industry;  // the entity's GB/T 4754 code now; "" when it left the directory
};

// Every check of the tasks of `year`, in check id order.
Status ScanIndustryChecks(Sql& sql, int32_t year, const std::function<void(IndustryCheckRow)>& fn);

}  // namespace sunlit::store::repo

#endif  // SUNLIT_STORE_REPO_DASHBOARD_REPO_H_
