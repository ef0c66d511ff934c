// Department administration (issue 5 item 8): create a department or change its name and
// whether it is the market-supervision bureau. Only a caller with users.admin for every
// department (the system administrator): departments decide who sees what (docs/access.md).
// Codes: 2–16 of A–Z 0–9 _ (what the demo and imports use); names 1–100 bytes.
// Thread-safety: may be called concurrently.
#ifndef SUNLIT_APP_DEPARTMENTS_H_
#define SUNLIT_APP_DEPARTMENTS_H_

#include <string_view>

#include "app/caller.h"
#include "app/services.h"
#include "core/directory.h"
#include "core/result.h"

namespace sunlit::app {

// Ledger event of a created or changed department (subject "department:<code>"; body: actor,
// created, market_supervision, name). Nothing is logged when nothing changed.
inline constexpr std::string_view kEventDepartmentSaved = "department_saved";

// Returns true when the department was created, false when it existed (and was updated,
// or left alone when nothing changed). kPermissionDenied without system-wide users.admin;
// kInvalidArgument naming the field.
Result<bool> SaveDepartment(Services& s, const Caller& caller, const core::Department& d);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DEPARTMENTS_H_
