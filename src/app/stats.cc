// Statistics: one scan of the year's checks and their teams, aggregated here (pure
// counting, easy to test), rather than one GROUP BY per dimension.
#include "app/stats.h"

#include <cinttypes>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/results_internal.h"
#include "core/field_error.h"
#include "store/repo/portal_repo.h"

namespace sunlit::app {

namespace repo = store::repo;

namespace {

std::optional<double> Rate(int64_t num, int64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

void Count(const repo::StatCheckRow& c, StatsRow* row) {
  if (c.state == "cancelled") return;
  ++row->to_check;
  if (c.has_result && c.state != "assigned" && c.state != "pending") {
    ++row->entered;
    if (c.problem) ++row->problems;
  }
  if (c.state == "reviewed" || c.state == "published") ++row->reviewed;
  if (c.state == "published") {
    ++row->published;
    if (c.on_time) ++row->on_time;
  }
}

std::vector<std::string> JsonCodes(const std::string& text) {
  std::vector<std::string> out;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const nlohmann::json& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string Percent(std::optional<double> r) {
  if (!r) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", *r * 100.0);
  return buf;
}

int32_t RegionAt(int32_t county, int level) {
  if (level == 1) return county / 10000 * 10000;
  if (level == 2) return county / 100 * 100;
  return county;
}

}  // namespace

std::optional<double> StatsRow::completion_rate() const { return Rate(published, to_check); }
std::optional<double> StatsRow::problem_rate() const { return Rate(problems, entered); }
std::optional<double> StatsRow::timeliness_rate() const { return Rate(on_time, published); }

std::string_view WireName(StatsGroup g) {
  switch (g) {
    case StatsGroup::kDepartment:
      return "department";
    case StatsGroup::kRegion:
      return "region";
    case StatsGroup::kTask:
      return "task";
    case StatsGroup::kInspector:
      return "inspector";
  }
  return "department";
}

bool ParseStatsGroup(std::string_view s, StatsGroup* out) {
  for (const StatsGroup g :
       {StatsGroup::kDepartment, StatsGroup::kRegion, StatsGroup::kTask, StatsGroup::kInspector}) {
    if (s == WireName(g)) {
      *out = g;
      return true;
    }
  }
  return false;
}

Result<StatsReport> ComputeStats(Services& s, const Caller& caller, const StatsRequest& req) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kStatsRead));
  const bool all = caller.ScopeOf(perm::kStatsRead) == Scope::kAll;
  if (!all && caller.department_code.empty()) {
    return PermissionDenied("you are not allowed to see statistics");
  }
  if (req.region_level < 1 || req.region_level > 3) {
    return InvalidField("region_level", "region_level: 1 (province), 2 (prefecture) or 3 (county)");
  }
  StatsReport report;
  report.group = req.group;
  report.year = req.year;
  if (report.year == 0) {
    SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
    report.year = today.year();
  }
  if (report.year < 2000 || report.year > 2999) return InvalidField("year", "year: 2000 to 2999");

  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  store::Sql& sql = tx->sql();
  std::vector<repo::StatCheckRow> checks;
  SUNLIT_RETURN_IF_ERROR(repo::ScanStatChecks(
      sql, report.year, [&](repo::StatCheckRow r) { checks.push_back(std::move(r)); }));
  std::map<int64_t, std::vector<repo::StatInspectorRow>> teams;
  SUNLIT_RETURN_IF_ERROR(repo::ScanStatInspectors(
      sql, report.year, [&](repo::StatInspectorRow r) { teams[r.check_id].push_back(r); }));

  std::map<std::string, StatsRow> rows;
  report.total.key = "total";
  report.total.name = "合计";
  for (const repo::StatCheckRow& c : checks) {
    std::set<std::string> departments = {c.lead_department};
    for (std::string& d : JsonCodes(c.task_departments)) departments.insert(std::move(d));
    for (const repo::StatInspectorRow& i : teams[c.check_id]) {
      departments.insert(i.department_code);
    }
    if (!all && departments.count(caller.department_code) == 0) continue;
    Count(c, &report.total);
    switch (req.group) {
      case StatsGroup::kDepartment:
        for (const std::string& d : departments) {
          if (!all && d != caller.department_code) continue;
          Count(c, &rows[d]);
        }
        break;
      case StatsGroup::kRegion: {
        char key[16];
        std::snprintf(key, sizeof key, "%06" PRId32, RegionAt(c.region, req.region_level));
        Count(c, &rows[key]);
        break;
      }
      case StatsGroup::kTask: {
        StatsRow& row = rows[c.task_number];
        row.name = c.task_title;
        Count(c, &row);
        break;
      }
      case StatsGroup::kInspector:
        for (const repo::StatInspectorRow& i : teams[c.check_id]) Count(c, &rows[i.inspector_code]);
        break;
    }
  }
  // Names of departments and regions.
  std::map<std::string, std::string> names;
  if (req.group == StatsGroup::kDepartment) {
    SUNLIT_ASSIGN_OR_RETURN(std::vector<core::Department> ds, tx->LoadDepartments());
    for (const core::Department& d : ds) names[d.code] = d.name;
  } else if (req.group == StatsGroup::kRegion) {
    SUNLIT_ASSIGN_OR_RETURN(auto regions, repo::RegionNames(sql));
    for (const auto& [code, name] : regions) {
      char key[16];
      std::snprintf(key, sizeof key, "%06" PRId32, code);
      names[key] = name;
    }
  }
  for (auto& [key, row] : rows) {
    row.key = key;
    if (auto it = names.find(key); it != names.end()) row.name = it->second;
    report.rows.push_back(std::move(row));
  }
  return report;
}

Status WriteStats(const StatsReport& report, const std::string& path, io::WriteFormat format) {
  io::WriteOptions options;
  options.format = format;
  options.bom = format == io::WriteFormat::kCsv;  // Excel on Windows reads UTF-8 with a BOM
  options.sheet_name = "统计";
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<io::TableWriter> w, io::CreateTable(path, options));
  std::string_view key_header = "部门代码";
  std::string_view name_header = "部门";
  switch (report.group) {
    case StatsGroup::kDepartment:
      break;
    case StatsGroup::kRegion:
      key_header = "区划代码";
      name_header = "区划";
      break;
    case StatsGroup::kTask:
      key_header = "任务编号";
      name_header = "任务名称";
      break;
    case StatsGroup::kInspector:
      key_header = "执法人员编号";
      name_header = "姓名";
      break;
  }
  SUNLIT_RETURN_IF_ERROR(
      w->WriteRow({key_header, name_header, "应检查", "已录入", "已审核", "已公示", "完成率",
                   "发现问题", "问题发现率", "按时公示", "按时公示率"}));
  auto write = [&](const StatsRow& r) {
    const std::string to_check = std::to_string(r.to_check);
    const std::string entered = std::to_string(r.entered);
    const std::string reviewed = std::to_string(r.reviewed);
    const std::string published = std::to_string(r.published);
    const std::string completion = Percent(r.completion_rate());
    const std::string problems = std::to_string(r.problems);
    const std::string problem_rate = Percent(r.problem_rate());
    const std::string on_time = std::to_string(r.on_time);
    const std::string timeliness = Percent(r.timeliness_rate());
    return w->WriteRow({r.key, r.name, to_check, entered, reviewed, published, completion, problems,
                        problem_rate, on_time, timeliness});
  };
  for (const StatsRow& r : report.rows) SUNLIT_RETURN_IF_ERROR(write(r));
  SUNLIT_RETURN_IF_ERROR(write(report.total));
  return w->Close();
}

}  // namespace sunlit::app
