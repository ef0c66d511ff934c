// Caller: permission and department checks.
#include "app/caller.h"

namespace sunlit::app {

const std::vector<std::string_view>& AllPermissions() {
  static const std::vector<std::string_view> kAll = {
      perm::kDirectoryRead, perm::kDirectoryWrite, perm::kItemsWrite,    perm::kPlanRead,
      perm::kPlanWrite,     perm::kTaskRead,       perm::kTaskWrite,     perm::kCheckEnter,
      perm::kCheckReview,   perm::kCheckPublish,   perm::kCreditPropose, perm::kCreditDecide,
      perm::kReferralWrite, perm::kStatsRead,      perm::kLogRead,       perm::kUsersAdmin,
  };
  return kAll;
}

Caller Caller::System(std::string actor) {
  Caller c;
  c.username = std::move(actor);
  c.roles = {"system"};
  for (std::string_view p : AllPermissions()) c.scopes.emplace(std::string(p), Scope::kAll);
  return c;
}

Caller Caller::Anonymous() { return Caller{}; }

Scope Caller::ScopeOf(std::string_view permission) const {
  auto it = scopes.find(permission);
  return it == scopes.end() ? Scope::kNone : it->second;
}

Status Caller::Require(std::string_view permission) const {
  if (Can(permission)) return Status::Ok();
  if (!authenticated()) return Unauthenticated("please log in");
  return PermissionDenied("you are not allowed to do this",
                          "missing permission " + std::string(permission));
}

bool Caller::CanIn(std::string_view permission, std::string_view department) const {
  switch (ScopeOf(permission)) {
    case Scope::kAll:
      return true;
    case Scope::kDepartment:
    case Scope::kOwn:
      return !department_code.empty() && department_code == department;
    case Scope::kNone:
      return false;
  }
  return false;
}

Status Caller::RequireIn(std::string_view permission, std::string_view department) const {
  SUNLIT_RETURN_IF_ERROR(Require(permission));
  if (CanIn(permission, department)) return Status::Ok();
  return PermissionDenied("you are not allowed to do this for another department",
                          "permission " + std::string(permission) + " outside department " +
                              department_code);
}

}  // namespace sunlit::app
