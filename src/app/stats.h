// Statistics (统计): per department, region, task or inspector for one year, and their export
// to CSV or XLSX (io/table_writer.h).
//
// Definitions (docs/results.md "Statistics"), over the checks of the year's tasks:
//   to_check    应检查: checks not cancelled
//   entered     录入: of those, with a result entered (entered, returned, reviewed, published)
//   reviewed    审核: reviewed or published
//   published   公示: published
//   completion  完成率 = published / to_check
//   problems    发现问题: entered results whose category counts as a problem
//   problem rate 问题发现率 = problems / entered
//   on_time     按时公示: published within 20 working days of the check
//   timeliness  按时公示率 = on_time / published
// A rate with a zero denominator is reported as absent ("" in files, null in JSON).
//
// Grouping: kDepartment counts a check once for every department taking part in it (the
// task's departments and those of its team), so the rows of a joint task add up to more
// than the total; kRegion by the entity's county (GB/T 2260) or, with region_level 2 or 1,
// its prefecture or province; kTask by task; kInspector by team member (workload).
//
// Access: perm::kStatsRead. Scope kAll sees every department; otherwise only checks the
// caller's department takes part in (and, grouped by department, only its own row).
#ifndef SUNLIT_APP_STATS_H_
#define SUNLIT_APP_STATS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "io/table_writer.h"

namespace sunlit::app {

enum class StatsGroup { kDepartment, kRegion, kTask, kInspector };
std::string_view WireName(StatsGroup g);  // department, region, task, inspector
bool ParseStatsGroup(std::string_view s, StatsGroup* out);

struct StatsRequest {
  int32_t year = 0;  // 0 = this year (China date of the clock)
  StatsGroup group = StatsGroup::kDepartment;
  int region_level = 3;  // for kRegion: 3 county, 2 prefecture, 1 province
};

struct StatsRow {
  std::string key;   // department code, region code, task number or inspector code
  std::string name;  // department name, region name, task title; "" for inspectors
  int64_t to_check = 0;
  int64_t entered = 0;
  int64_t reviewed = 0;
  int64_t published = 0;
  int64_t problems = 0;
  int64_t on_time = 0;
  // Rates in [0, 1]; nullopt when the denominator is 0.
  std::optional<double> completion_rate() const;
  std::optional<double> problem_rate() const;
  std::optional<double> timeliness_rate() const;
};

struct StatsReport {
  int32_t year = 0;
  StatsGroup group = StatsGroup::kDepartment;
  std::vector<StatsRow> rows;  // by key
  StatsRow total;              // every check in scope once (key "total")
};

Result<StatsReport> ComputeStats(Services& s, const Caller& caller, const StatsRequest& req);

// Writes the report as a table with Chinese headers (the rates as percentages with two
// decimals, e.g. "66.67%") to `path` in `format`. Errors as io::CreateTable / WriteRow.
Status WriteStats(const StatsReport& report, const std::string& path, io::WriteFormat format);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_STATS_H_
