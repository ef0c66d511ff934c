#include "app/dashboard.h"

#include <nlohmann/json.hpp>

#include <set>

#include "app/pool_preview.h"
#include "app/task_internal.h"
#include "app/tasks.h"
#include "core/field_error.h"
#include "store/repo/dashboard_repo.h"

namespace sunlit::app {
namespace {

std::vector<std::string> JsonCodes(const std::string& text) {
  std::vector<std::string> out;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const nlohmann::json& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// Industry code → its section (门类) through the parents of the industries table.
class Sections {
 public:
  explicit Sections(const std::vector<core::IndustryRow>& rows) {
    for (const core::IndustryRow& r : rows) rows_[r.code] = &r;
  }
  // The section's code and name, or the 2-digit division with "" when not known.
  std::pair<std::string, std::string> Of(const std::string& industry) const {
    if (industry.empty()) return {"", ""};
    std::string code = industry;
    for (int guard = 0; guard < 8; ++guard) {
      auto it = rows_.find(code);
      if (it == rows_.end()) break;
      if (it->second->level == 1) return {it->second->code, it->second->name};
      if (it->second->parent.empty()) break;
      code = it->second->parent;
    }
    return {industry.substr(0, 2), ""};
  }

 private:
  std::map<std::string, const core::IndustryRow*> rows_;
};

}  // namespace

Result<Dashboard> ComputeDashboard(Services& s, const Caller& caller, int32_t year) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kStatsRead));
  if (year == 0) year = internal::Today(*s.clock).year();
  if (year < 2000 || year > 2999) return InvalidField("year", "year: 2000 to 2999");
  Dashboard out;
  out.year = year;

  for (std::string_view st : {"draft", "frozen", "drawn", "assigned", "closed"}) {
    out.tasks_by_state[std::string(st)] = 0;
  }
  if (caller.Can(perm::kTaskRead)) {
    TaskListFilter f;
    f.year = year;
    f.limit = 100000;
    SUNLIT_ASSIGN_OR_RETURN(std::vector<Task> tasks, ListTasks(s, caller, f));
    for (const Task& t : tasks) {
      ++out.tasks_by_state[std::string(WireName(t.state))];
      ++out.tasks_by_kind[std::string(WireName(t.draft.kind))];
    }
  }

  // The directory is readable by everyone (docs/access.md); the count itself needs no
  // task.write, so it is made as the system, over active entities by risk class.
  PoolPreviewRequest everyone;
  everyone.stratify = index::Stratify::kRiskClass;
  SUNLIT_ASSIGN_OR_RETURN(PoolPreview mix, PreviewPool(s, Caller::System("dashboard"), everyone));
  for (const auto& [label, n] : mix.strata) out.risk_mix[label] = n;
  out.directory_size = mix.directory_size;

  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<core::IndustryRow> industries, tx->LoadIndustries());
  const Sections sections(industries);
  const bool all = caller.ScopeOf(perm::kStatsRead) == Scope::kAll;
  std::map<std::string, IndustryProblems> by_key;
  SUNLIT_RETURN_IF_ERROR(store::repo::ScanIndustryChecks(
      tx->sql(), year, [&](store::repo::IndustryCheckRow c) {
        if (!all) {
          std::set<std::string> departments = {c.lead_department};
          for (std::string& d : JsonCodes(c.task_departments)) departments.insert(std::move(d));
          if (departments.count(caller.department_code) == 0) return;
        }
        // As app/stats.h counts "entered": a result that is not merely assigned or pending.
        if (c.state == "cancelled" || !c.has_result || c.state == "assigned" ||
            c.state == "pending") {
          return;
        }
        auto [key, name] = sections.Of(c.industry);
        IndustryProblems& row = by_key[key];
        row.key = key;
        row.name = name;
        ++row.entered;
        if (c.problem) ++row.problems;
      }));
  for (auto& [key, row] : by_key) out.problems_by_industry.push_back(std::move(row));
  return out;
}

}  // namespace sunlit::app
