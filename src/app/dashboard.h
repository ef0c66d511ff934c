// The console's dashboard: what the statistics (app/stats.h) and the deadline lists do not
// already give, in one read — tasks by stage, the risk-class mix of the directory, and the
// problem rate by industry section. Permission stats.read; tasks and checks are those the
// caller's scope reaches (a department sees the tasks it leads or takes part in); the
// directory's mix is of the whole directory (directory.read is not department-scoped).
// Thread-safety: may be called concurrently.
#ifndef SUNLIT_APP_DASHBOARD_H_
#define SUNLIT_APP_DASHBOARD_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "core/result.h"

namespace sunlit::app {

struct IndustryProblems {
  std::string key;    // GB/T 4754 section letter ("F"), or the 2-digit division when the
                      // industries table does not name its section; "" = unknown
  std::string name;   // its name from the industries table; "" when not there
  int64_t entered = 0;   // checks with a result entered (as app/stats.h counts them)
  int64_t problems = 0;  // of which with a problem
};

struct Dashboard {
  int32_t year = 0;
  std::map<std::string, int64_t> tasks_by_state;  // wire names, every state present (0s)
  std::map<std::string, int64_t> tasks_by_kind;
  std::map<std::string, int64_t> risk_mix;        // "A"…"D", "U": active entities per class
  int64_t directory_size = 0;                     // live entities
  std::vector<IndustryProblems> problems_by_industry;  // by key
};

// year 0 = this year (China date). kInvalidArgument outside 2000…2999.
Result<Dashboard> ComputeDashboard(Services& s, const Caller& caller, int32_t year);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DASHBOARD_H_
