#include "app/departments.h"

#include <nlohmann/json.hpp>

#include <span>

#include "core/field_error.h"

namespace sunlit::app {

Result<bool> SaveDepartment(Services& s, const Caller& caller, const core::Department& d) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  if (caller.ScopeOf(perm::kUsersAdmin) != Scope::kAll) {
    return PermissionDenied("only the system administrator manages departments");
  }
  bool code_ok = d.code.size() >= 2 && d.code.size() <= 16;
  for (char c : d.code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) code_ok = false;
  }
  if (!code_ok) return InvalidField("code", "code: 2 to 16 of A-Z, 0-9 and _");
  if (d.name.empty() || d.name.size() > 100) return InvalidField("name", "name: 1 to 100 bytes");
  for (unsigned char c : d.name) {
    if (c < 0x20 || c == 0x7F) return InvalidField("name", "name: control characters");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(store::UpsertCounts counts,
                          tx->UpsertDepartments(std::span<const core::Department>(&d, 1)));
  if (counts.created + counts.updated > 0) {
    const nlohmann::json body = {
        {"actor", caller.user_id > 0 ? "user:" + std::to_string(caller.user_id) : caller.Actor()},
        {"created", counts.created > 0},
        {"market_supervision", d.market_supervision},
        {"name", d.name}};
    SUNLIT_RETURN_IF_ERROR(
        s.ledger->Append(*tx, {std::string(kEventDepartmentSaved), "department:" + d.code,
                               body.dump()})
            .status());
  }
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return counts.created > 0;
}

}  // namespace sunlit::app
