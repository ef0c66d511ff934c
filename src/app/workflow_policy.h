// WorkflowPolicy: the numbers of the workflow that differ between provinces (DOMAIN.md marks
// them *configurable*). Defaults are the ranges DOMAIN.md cites; a bureau changes them in its
// settings, never in code. Plain data, no I/O.
#ifndef SUNLIT_APP_WORKFLOW_POLICY_H_
#define SUNLIT_APP_WORKFLOW_POLICY_H_

#include <array>
#include <cstdint>

namespace sunlit::app {

// A ratio range in basis points (1/10 000): 300 = 3 %.
struct RatioRange {
  int64_t min_bp = 0;
  int64_t max_bp = 10000;
};

struct WorkflowPolicy {
  // Per credit-risk class A, B, C, D (国市监信发〔2022〕6号): a task whose ratio for a class
  // lies outside its range is accepted with a warning (a province's table, e.g. Hunan's).
  std::array<RatioRange, 4> risk_ratio_bp = {RatioRange{100, 500}, RatioRange{200, 800},
                                             RatioRange{1000, 6000}, RatioRange{3000, 10000}};
  // Plans: warn this many calendar days before a filing deadline.
  int32_t plan_warning_days = 15;
  // Tasks: the longest check window, in days.
  int32_t max_window_days = 366;
  // Tasks: the most inspectors in one team, and per department in it.
  int32_t max_team_size = 12;
};

}  // namespace sunlit::app

#endif  // SUNLIT_APP_WORKFLOW_POLICY_H_
