// Caller: who is asking, and what they may do — the input of every use case's permission
// check.
//
// Roles are data (store/repo, migration 4: a role is a named set of permissions, each with a
// scope); code checks permissions, never role names. A Caller is built by app/access from a
// session or API token (http/ never decides permissions itself), by the command line as the
// local operator (System), or is Anonymous for the public portal.
//
// Scope of a permission:
//   kOwn        — only the caller's own objects (an inspector's own checks);
//   kDepartment — objects of the caller's department (a task is visible to a department
//                 when it is the lead or a partner department);
//   kAll        — every department (system administrator, or a provincial bureau).
//
// Thread-safety: a value type; const methods are safe to call concurrently.
#ifndef SUNLIT_APP_CALLER_H_
#define SUNLIT_APP_CALLER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sunlit::app {

// The permissions code checks. Keep docs/access.md (the role × permission table) in step.
namespace perm {
inline constexpr std::string_view kDirectoryRead = "directory.read";    // entities, inspectors
inline constexpr std::string_view kDirectoryWrite = "directory.write";  // import, edit
inline constexpr std::string_view kItemsWrite = "items.write";  // item lists, checklists
inline constexpr std::string_view kPlanRead = "plan.read";
inline constexpr std::string_view kPlanWrite = "plan.write";
inline constexpr std::string_view kTaskRead = "task.read";
inline constexpr std::string_view kTaskWrite = "task.write";  // create, freeze, draw, assign
inline constexpr std::string_view kCheckEnter = "check.enter";      // results of a check
inline constexpr std::string_view kCheckReview = "check.review";    // approve / return
inline constexpr std::string_view kCheckPublish = "check.publish";  // 公示
inline constexpr std::string_view kCreditPropose = "credit.propose";
inline constexpr std::string_view kCreditDecide = "credit.decide";  // 经营异常名录 entries
inline constexpr std::string_view kReferralWrite = "referral.write";  // 抄告 and feedback
inline constexpr std::string_view kStatsRead = "stats.read";
inline constexpr std::string_view kLogRead = "log.read";
inline constexpr std::string_view kUsersAdmin = "users.admin";
}  // namespace perm

enum class Scope { kNone = 0, kOwn = 1, kDepartment = 2, kAll = 3 };

struct Caller {
  int64_t user_id = 0;          // 0 for System and Anonymous
  std::string username;         // "" for Anonymous; "cli" for System
  std::string department_code;  // "" when none
  std::string inspector_code;   // the user's 执法人员 code when they are an inspector, else ""
  std::vector<std::string> roles;            // role codes, sorted
  std::map<std::string, Scope, std::less<>> scopes;  // permission → widest scope granted

  // The local operator of the command line: every permission, every department.
  static Caller System(std::string actor = "cli");
  // The public (no login): no permission.
  static Caller Anonymous();

  bool authenticated() const { return !username.empty(); }
  Scope ScopeOf(std::string_view permission) const;
  bool Can(std::string_view permission) const { return ScopeOf(permission) != Scope::kNone; }
  // kPermissionDenied (kUnauthenticated for Anonymous) unless Can(permission).
  Status Require(std::string_view permission) const;
  // Whether `permission` reaches objects of `department`: kAll, or kDepartment/kOwn with
  // the caller's own department.
  bool CanIn(std::string_view permission, std::string_view department) const;
  // Require + CanIn; the error does not reveal whether the object exists elsewhere.
  Status RequireIn(std::string_view permission, std::string_view department) const;
  // The name written into logs and records: the username, or "public".
  std::string Actor() const { return username.empty() ? "public" : username; }
};

// Every permission above, in a fixed order (for the role editor and the docs).
const std::vector<std::string_view>& AllPermissions();

}  // namespace sunlit::app

#endif  // SUNLIT_APP_CALLER_H_
