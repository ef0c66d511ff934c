// AccessService: users, roles, sessions and API tokens — the use cases behind login and the
// user administration, and the one place that turns a session cookie or an API token into
// an app::Caller (http/ never decides permissions itself).
//
// Policy (docs/access.md):
// - Passwords: Argon2id (libsodium crypto_pwhash_str_alg, ALG_ARGON2ID13) with
//   AccessOptions::pwhash_opslimit/memlimit; at most `max_concurrent_hashes` hashes run at
//   once so that a login storm cannot exhaust memory. Passwords are 10–256 characters.
//   Passwords, tokens and hashes never appear in a Status message or detail, a log or the
//   ledger.
// - Lock-out: after `max_failed_logins` consecutive failures an account is locked for
//   `lockout_seconds` (kResourceExhausted, even with the right password). Per client ip, at
//   most `ip_max_failures` failed logins per `ip_window_seconds` (kResourceExhausted); only
//   failures count, so that colleagues behind one office NAT do not lock each other out.
// - Sessions: a random 32-byte token (base64url) in the cookie; only its SHA-256 is stored.
//   A session ends after `session_idle_seconds` without use or `session_absolute_seconds`
//   after login, at logout, when the password changes or the user is disabled. Its CSRF
//   token is derived from the session token (SHA-256 with a label), so it needs no storage
//   and reveals nothing about the session token.
// - API tokens: "slt_" + 43 base64url characters, stored as SHA-256; they act as their user
//   (with the user's roles, department and scope) until revoked or expired; no CSRF.
// - Scope of user administration: users.admin with scope kAll reaches every user; with
//   kDepartment only users of the caller's department. Nobody can grant a role holding a
//   permission at a wider scope than they hold it themselves (no escalation).
//
// Time comes from the injected Clock (tests move it by hand). Thread-safety: all methods may
// be called concurrently.
#ifndef SUNLIT_APP_ACCESS_H_
#define SUNLIT_APP_ACCESS_H_

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/draw_service.h"
#include "core/directory.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "store/store.h"

namespace sunlit::app {

// The standard roles seeded by EnsureStandardRoles (their grants: docs/access.md).
namespace role {
inline constexpr std::string_view kSystemAdmin = "system_admin";          // 系统管理员
inline constexpr std::string_view kDepartmentAdmin = "department_admin";  // 部门管理员
inline constexpr std::string_view kReviewer = "reviewer";                 // 审核员
inline constexpr std::string_view kInspector = "inspector";               // 执法人员
inline constexpr std::string_view kPartnerStaff = "partner_staff";        // 协同部门人员
}  // namespace role

// Ledger event kinds of user administration (subject "user:<id>"; the body names the
// department, roles and the acting user's id — never a password or token).
inline constexpr std::string_view kEventUserCreated = "user_created";
inline constexpr std::string_view kEventUserDisabled = "user_disabled";
inline constexpr std::string_view kEventUserRolesChanged = "user_roles_changed";

struct AccessOptions {
  int64_t session_idle_seconds = 2 * 3600;
  int64_t session_absolute_seconds = 12 * 3600;
  // last_seen_at is written at most this often per session (a read per request, not a write).
  int64_t session_touch_seconds = 60;
  int max_failed_logins = 5;
  int64_t lockout_seconds = 15 * 60;
  int ip_max_failures = 20;
  int64_t ip_window_seconds = 15 * 60;
  // Argon2id cost: 2 passes over 64 MiB is libsodium's "interactive" level, ~50–100 ms on a
  // current server core. Tests lower it (the stored string records its own parameters).
  uint64_t pwhash_opslimit = 2;
  size_t pwhash_memlimit = size_t{64} << 20;
  int max_concurrent_hashes = 2;
};

struct Grant {
  std::string permission;
  Scope scope = Scope::kNone;
};

struct RoleInfo {
  std::string code;
  std::string name_zh;
  std::string name_en;
  std::string description;
  bool builtin = false;
  std::vector<Grant> grants;  // by permission
};

struct UserInfo {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string department_code;  // "" = none
  std::string inspector_code;   // "" = none
  std::vector<std::string> roles;
  bool disabled = false;
  bool locked = false;  // locked out now after failed logins
  std::string created_at;
  std::string created_by;
  std::string password_changed_at;
};

struct NewUser {
  std::string username;  // 3–64 of [a-z0-9._-], starting with a letter or digit
  std::string display_name;
  std::string department_code;     // must exist; "" only for a system administrator
  std::string inspector_code;      // "" = none; else must be in the inspector directory
  std::vector<std::string> roles;  // at least one existing role
  std::string password;            // "" = generate one (returned once in CreatedUser)
};

struct CreatedUser {
  UserInfo user;
  std::string generated_password;  // "" when NewUser::password was given
};

struct LoginResult {
  std::string session_token;  // for the cookie; never logged
  std::string csrf_token;
  std::string expires_at;  // absolute end (UTC)
  int64_t max_age_seconds = 0;
  Caller caller;
};

// A request's credentials, resolved.
struct Authenticated {
  Caller caller;
  bool via_session = false;  // true: a cookie session (CSRF applies); false: an API token
  std::string csrf_token;    // the session's CSRF token ("" for API tokens)
};

struct ApiTokenInfo {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string username;
  std::string name;
  std::string prefix;  // e.g. "slt_AbC1"
  std::string created_at;
  std::string created_by;
  std::string expires_at;
  std::string revoked_at;
  std::string last_used_at;
};

struct CreatedApiToken {
  ApiTokenInfo info;
  std::string token;  // shown once
};

class AccessService {
 public:
  // REQUIRES: store, ledger and clock outlive the service.
  AccessService(store::Store& store, ledger::Ledger& ledger, Clock& clock,
                AccessOptions options = {});

  const AccessOptions& options() const { return options_; }

  // Inserts or refreshes the standard roles (builtin); other roles are left alone.
  Status EnsureStandardRoles();
  Result<std::vector<RoleInfo>> Roles();
  // Departments (any authenticated caller may read the list).
  Result<std::vector<core::Department>> Departments();

  // --- users (users.admin) ---------------------------------------------------------------
  // kInvalidArgument naming the field; kAlreadyExists for a taken username; kPermissionDenied
  // outside the caller's scope or for a role wider than the caller's own grants.
  Result<CreatedUser> CreateUser(const Caller& caller, const NewUser& user);
  Result<std::vector<UserInfo>> ListUsers(const Caller& caller);
  // kNotFound also for users outside the caller's scope (their existence is not revealed).
  Result<UserInfo> GetUser(const Caller& caller, int64_t user_id);
  Result<UserInfo> GetUserByName(const Caller& caller, std::string_view username);
  // Disables the account, ends its sessions and revokes its API tokens.
  Status DisableUser(const Caller& caller, int64_t user_id);
  Status EnableUser(const Caller& caller, int64_t user_id);
  Result<UserInfo> SetRoles(const Caller& caller, int64_t user_id,
                            const std::vector<std::string>& roles);
  // An administrator sets another user's password ("" = generate; returned). Ends the
  // user's sessions and clears a lock-out.
  Result<std::string> ResetPassword(const Caller& caller, int64_t user_id,
                                    std::string_view new_password);

  // --- the caller's own account ------------------------------------------------------------
  // kUnauthenticated when `old_password` is wrong (counts as a failed login). Ends every
  // other session of the user; `keep_session_token` (may be "") stays valid.
  Status ChangePassword(const Caller& caller, std::string_view old_password,
                        std::string_view new_password, std::string_view keep_session_token);

  // --- login and sessions --------------------------------------------------------------------
  // kUnauthenticated "wrong username or password" (the same for an unknown user, a disabled
  // account and a wrong password); kResourceExhausted when the account is locked or the ip
  // has too many recent failures. Takes as long for an unknown user as for a known one.
  Result<LoginResult> Login(std::string_view username, std::string_view password,
                            std::string_view client_ip);
  // Ends the session (no error when it does not exist).
  Status Logout(std::string_view session_token);
  // kUnauthenticated "your session has expired, please log in again" when the token is
  // unknown, expired, idle too long, or its user is disabled.
  Result<Authenticated> FromSession(std::string_view session_token);
  // kUnauthenticated when the token is unknown, revoked, expired or its user disabled.
  Result<Authenticated> FromApiToken(std::string_view token);
  // Removes expired sessions; returns how many.
  Result<int64_t> PurgeExpiredSessions();

  // --- API tokens (users.admin, within the admin's scope; or one's own) --------------------
  Result<CreatedApiToken> CreateApiToken(const Caller& caller, int64_t user_id,
                                         std::string_view name, std::string_view expires_at);
  Status RevokeApiToken(const Caller& caller, int64_t token_id);
  // The caller's own tokens, or with users.admin those of the users in scope.
  Result<std::vector<ApiTokenInfo>> ListApiTokens(const Caller& caller);

  // The CSRF token that belongs to a session token.
  static std::string CsrfTokenFor(std::string_view session_token);
  // Constant-time equality (for CSRF tokens).
  static bool ConstantTimeEquals(std::string_view a, std::string_view b);
  // Builds the Caller of a user from its roles (the widest scope of each permission).
  static Caller CallerOf(const UserInfo& user, const std::vector<RoleInfo>& roles);
  // OK when `password` meets the policy, else kInvalidArgument (field "password").
  static Status CheckPasswordPolicy(std::string_view password);
  // A random password of 16 characters from an unambiguous alphabet.
  static std::string GeneratePassword();

 private:
  Result<std::string> HashPassword(std::string_view password);
  bool VerifyPassword(const std::string& hash, std::string_view password);
  Result<std::vector<RoleInfo>> CachedRoles();
  void InvalidateRoles();
  // Whether `caller` may administer users of `department`.
  Status RequireUserAdmin(const Caller& caller, std::string_view department);
  Status RequireGrantable(const Caller& caller, const std::vector<std::string>& roles,
                          const std::vector<RoleInfo>& all);
  // The per-address limit: counts an attempt as a failure before its password is checked,
  // in one step with the check of the limit (false: the address is blocked, nothing
  // counted), so that concurrent attempts cannot all pass it; IpRelease takes one back
  // (the password was right).
  bool IpTryReserve(const std::string& ip, int64_t now);
  void IpRelease(const std::string& ip, int64_t now);
  // Counts an attempt on `user_id` before its password is checked (see Login).
  Status ReserveLoginAttempt(int64_t user_id, int64_t now);
  int64_t Now();

  store::Store& store_;
  ledger::Ledger& ledger_;
  Clock& clock_;
  AccessOptions options_;

  std::mutex hash_mu_;
  std::condition_variable hash_cv_;
  int hashes_running_ = 0;

  std::mutex roles_mu_;
  std::optional<std::vector<RoleInfo>> roles_cache_;

  std::mutex ip_mu_;
  std::map<std::string, std::vector<int64_t>, std::less<>> ip_failures_;  // ip → times
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified for unknown users, so timing reveals nothing
};

std::string_view ScopeName(Scope scope);  // "own", "department", "all", "none"
std::optional<Scope> ParseScope(std::string_view name);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_ACCESS_H_
