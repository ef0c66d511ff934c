// The Xiangtan demo: reference data, departments and units, inspectors, item lists and a
// generated city directory imported through the normal import path.
#include "app/demo.h"

#include <cstdio>
#include <unistd.h>

#include "app/demo_data.h"
#include "app/gen.h"
#include "app/import.h"
#include "app/industry_checklist.h"
#include "app/reference.h"

namespace sunlit::app {
namespace {

// The 一业一查 example: fuel stations (加油站), GB/T 4754 class 5265, tag fuel_retail.
constexpr char kChecklistTitle[] = "加油站（机动车燃油零售 F5265，标签 fuel_retail）";

}  // namespace

Status BuildDemo(store::Store& store, const DemoOptions& options) {
  SUNLIT_RETURN_IF_ERROR(EnsureReferenceData(store));
  {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    SUNLIT_ASSIGN_OR_RETURN(int64_t existing, tx->CountEntities());
    if (existing > 0) {
      return FailedPrecondition("the database already holds " + std::to_string(existing) +
                                " entities; the demo needs an empty database");
    }
    SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"demo", "sunlit demo", "demo"}));
    SUNLIT_ASSIGN_OR_RETURN(auto dc, tx->UpsertDepartments(DemoDepartments()));
    SUNLIT_ASSIGN_OR_RETURN(auto uc, tx->UpsertUnits(DemoUnits()));
    SUNLIT_ASSIGN_OR_RETURN(auto ic, tx->UpsertInspectors(
                                         DemoInspectors(options.seed, options.today), batch));
    SUNLIT_ASSIGN_OR_RETURN(auto tc, tx->UpsertItems(DemoItems(), batch));
    (void)dc, (void)uc, (void)ic, (void)tc;
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
  }
  // The directory goes through the same validating import a bureau's file would.
  const std::string csv = options.work_dir + "/demo-entities-" + std::to_string(getpid()) +
                          ".csv";
  GenOptions gen;
  gen.count = options.entities;
  gen.seed = options.seed;
  gen.region_prefix = "4303";
  gen.today = options.today;
  SUNLIT_RETURN_IF_ERROR(GenerateEntities(gen, csv));
  ImportOptions import;
  import.actor = "demo";
  import.today = options.today;
  Result<ImportReport> report = Import(store, ImportKind::kEntities, csv, import);
  std::remove(csv.c_str());
  if (!report.ok()) return report.status();
  if (!report->written) {
    std::string first = report->first_problems.empty() ? "" : report->first_problems[0].reason;
    return Internal("the generated demo directory did not validate: " + first);
  }
  return Status::Ok();
}

Result<DemoSummary> Summarize(store::Store& store) {
  SUNLIT_RETURN_IF_ERROR(EnsureReferenceData(store));
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  DemoSummary s;
  std::map<int32_t, int64_t> by_region;
  SUNLIT_RETURN_IF_ERROR(tx->ScanEntities([&](const core::Entity& e) {
    ++s.entities;
    ++by_region[e.region];
    ++s.entities_by_type[std::string(core::ChineseName(e.type))];
    const std::string risk(core::WireName(e.risk));
    ++s.entities_by_risk[risk.empty() || risk == "none" ? "未分类" : risk];
    return true;
  }));
  for (const auto& [code, n] : by_region) {
    const core::RegionRow* r = ref.regions.Find(code);
    s.entities_by_region[(r ? r->name : std::string("?")) + " " + std::to_string(code)] = n;
  }
  auto dept_name = [&](const std::string& code) {
    auto it = ref.departments.find(code);
    return it == ref.departments.end() ? code : it->second.name;
  };
  SUNLIT_RETURN_IF_ERROR(tx->ScanInspectors([&](const core::Inspector& p) {
    ++s.inspectors;
    ++s.inspectors_by_department[dept_name(p.department_code)];
    return true;
  }));
  std::vector<core::InspectionItem> items;
  SUNLIT_RETURN_IF_ERROR(tx->ScanItems([&](const core::InspectionItem& t) {
    ++s.items;
    ++s.items_by_department[dept_name(t.department_code)];
    items.push_back(t);
    return true;
  }));
  s.units = static_cast<int64_t>(ref.units.size());
  s.calendar_years = ref.calendar.Years();
  const auto checklist = BuildIndustryChecklist(items, {"5265"}, {"fuel_retail"});
  if (!checklist.empty()) {
    s.checklist_title = kChecklistTitle;
    for (const ChecklistEntry& c : checklist) {
      s.checklist_lines.push_back(dept_name(c.department_code) + "  " + c.item_code + "  " +
                                  c.item_name);
    }
  }
  return s;
}

}  // namespace sunlit::app
