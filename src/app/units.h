// Units (监管所、科室) of a department, administered from the console (issue 5 item 8): the
// list, a new unit, a changed name or area. A department administrator (users.admin for
// their department) manages their own department's units; the system administrator
// (users.admin for every department) any department's. A unit never changes department
// (entities and inspectors refer to it). Every change is one transaction with a ledger
// event kEventUnitSaved, like the user changes of access.h.
//
// Codes: 2–64 of A–Z a–z 0–9 - _ (the demo's "SCJG-430302-01"); names 1–100 bytes without
// control characters; the region a GB/T 2260 code the reference data knows.
// Thread-safety: may be called concurrently.
#ifndef SUNLIT_APP_UNITS_H_
#define SUNLIT_APP_UNITS_H_

#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "core/directory.h"
#include "core/result.h"

namespace sunlit::app {

// Ledger event (subject "unit:<code>"; body: actor, created, department, name, region).
inline constexpr std::string_view kEventUnitSaved = "unit_saved";

// Every unit, or those of `department` when it is not empty, in code order. Any
// authenticated caller (units are reference data, like departments).
Result<std::vector<core::Unit>> ListUnits(Services& s, const Caller& caller,
                                          std::string_view department);

// Creates `unit`. kAlreadyExists when the code is taken; kInvalidArgument naming the field
// (code, name, department, region); kPermissionDenied without users.admin for its department.
Status CreateUnit(Services& s, const Caller& caller, const core::Unit& unit);

// Changes the name and region of the unit `unit.code` (unit.department_code is ignored).
// Returns the stored unit and whether anything changed. kNotFound for an unknown code or a unit
// of a department out of the caller's reach; kInvalidArgument naming the field.
struct SavedUnit {
  core::Unit unit;
  bool changed = false;
};
Result<SavedUnit> UpdateUnit(Services& s, const Caller& caller, const core::Unit& unit);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_UNITS_H_
