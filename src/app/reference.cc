// Seeding and loading of reference data.
#include "app/reference.h"

#include <utility>

namespace sunlit::app {

Status EnsureReferenceData(store::Store& store) {
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(auto regions, tx->LoadRegions());
  if (regions.empty()) {
    const auto& rows = core::RegionTree::Builtin().rows();
    SUNLIT_ASSIGN_OR_RETURN(auto counts, tx->UpsertRegions(rows));
    (void)counts;
  }
  SUNLIT_ASSIGN_OR_RETURN(auto industries, tx->LoadIndustries());
  if (industries.empty()) {
    const auto& rows = core::IndustryTree::Builtin().rows();
    SUNLIT_ASSIGN_OR_RETURN(auto counts, tx->UpsertIndustries(rows));
    (void)counts;
  }
  SUNLIT_ASSIGN_OR_RETURN(auto calendar, tx->LoadCalendar());
  if (calendar.empty()) {
    SUNLIT_RETURN_IF_ERROR(tx->ReplaceCalendarYears(core::BuiltinSchedule()));
  }
  return tx->Commit();
}

Result<ReferenceData> LoadReferenceData(store::Transaction& tx) {
  ReferenceData ref;
  SUNLIT_ASSIGN_OR_RETURN(auto regions, tx.LoadRegions());
  SUNLIT_ASSIGN_OR_RETURN(ref.regions, core::RegionTree::Build(std::move(regions)));
  SUNLIT_ASSIGN_OR_RETURN(auto industries, tx.LoadIndustries());
  SUNLIT_ASSIGN_OR_RETURN(ref.industries, core::IndustryTree::Build(std::move(industries)));
  SUNLIT_ASSIGN_OR_RETURN(auto schedule, tx.LoadCalendar());
  ref.calendar = core::WorkCalendar(schedule);
  SUNLIT_ASSIGN_OR_RETURN(auto departments, tx.LoadDepartments());
  for (auto& d : departments) {
    std::string code = d.code;
    ref.departments.emplace(std::move(code), std::move(d));
  }
  SUNLIT_ASSIGN_OR_RETURN(auto units, tx.LoadUnits());
  for (auto& u : units) {
    std::string code = u.code;
    ref.units.emplace(std::move(code), std::move(u));
  }
  return ref;
}

}  // namespace sunlit::app
