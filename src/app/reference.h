// Reference data every use case validates against: regions, industries, departments,
// units and the working-day calendar, as stored (seeded from the built-in tables).
#ifndef SUNLIT_APP_REFERENCE_H_
#define SUNLIT_APP_REFERENCE_H_

#include <map>
#include <string>

#include "core/calendar.h"
#include "core/directory.h"
#include "core/industry.h"
#include "core/region.h"
#include "core/result.h"
#include "store/store.h"

namespace sunlit::app {

// Fills the regions, industries and calendar tables from the tables compiled into the
// product when they are empty (a fresh database). Never overwrites imported data.
Status EnsureReferenceData(store::Store& store);

struct ReferenceData {
  core::RegionTree regions;
  core::IndustryTree industries;
  core::WorkCalendar calendar;
  std::map<std::string, core::Department, std::less<>> departments;  // by code
  std::map<std::string, core::Unit, std::less<>> units;              // by code
};

// Reads the reference data in `tx`.
Result<ReferenceData> LoadReferenceData(store::Transaction& tx);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_REFERENCE_H_
