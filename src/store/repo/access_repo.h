// AccessRepo: the rows of migration 4 (users, roles and their grants, sessions, API tokens),
// written once against the portable store::Sql surface (store/sql.h).
//
// Plain row access, no policy: app/access.h decides who may do what, hashes passwords and
// tokens and counts failures. Every method runs in the caller's transaction; writers REQUIRE
// a read-write one. Errors are those of store::Sql (kAlreadyExists for a taken username,
// kFailedPrecondition for an unknown department or role).
// Thread-safety: as the transaction it is built on — one thread at a time.
#ifndef SUNLIT_STORE_REPO_ACCESS_REPO_H_
#define SUNLIT_STORE_REPO_ACCESS_REPO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sql.h"

namespace sunlit::store::repo {

struct GrantRow {
  std::string permission;  // e.g. "task.read"
  std::string scope;       // "own", "department" or "all"
};

struct RoleRow {
  std::string code;  // e.g. "inspector"
  std::string name_zh;
  std::string name_en;
  std::string description;
  bool builtin = false;
  std::vector<GrantRow> grants;  // sorted by permission when read
};

struct UserRow {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string department_code;  // "" = none (stored as NULL)
  std::string inspector_code;   // "" = not an inspector of the directory
  std::string password_hash;    // Argon2id string
  bool disabled = false;
  int64_t failed_logins = 0;
  std::string locked_until;  // UTC, "" = not locked
  std::string password_changed_at;
  std::string created_at;
  std::string created_by;
  int64_t version = 1;
  std::vector<std::string> roles;  // sorted role codes
};

struct SessionRow {
  std::string token_hash;  // 32 bytes
  int64_t user_id = 0;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;  // the absolute end
  std::string ip;
};

struct ApiTokenRow {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string token_hash;  // 32 bytes
  std::string prefix;      // the first characters of the token, to recognise it in lists
  std::string created_at;
  std::string created_by;
  std::string expires_at;  // "" = never
  std::string revoked_at;  // "" = active
  std::string last_used_at;
};

class AccessRepo {
 public:
  explicit AccessRepo(Sql& sql) : sql_(sql) {}

  // --- roles -----------------------------------------------------------------------------
  // Inserts or updates `role` and replaces its grants.
  Status PutRole(const RoleRow& role);
  // Every role with its grants, by code.
  Result<std::vector<RoleRow>> Roles();

  // --- users -----------------------------------------------------------------------------
  // Inserts `user` (id ignored) with its roles; returns the new id.
  Result<int64_t> InsertUser(const UserRow& user);
  Result<std::optional<UserRow>> FindUser(int64_t id);
  Result<std::optional<UserRow>> FindUserByName(std::string_view username);
  // Users of `department_code` ("" = every user), by username.
  Result<std::vector<UserRow>> ListUsers(std::string_view department_code);
  // Replaces the user's roles and bumps its version.
  Status SetUserRoles(int64_t user_id, const std::vector<std::string>& roles);
  Status SetDisabled(int64_t user_id, bool disabled);
  Status SetPasswordHash(int64_t user_id, std::string_view hash, std::string_view at);
  // Stores the failure counter and lock of a user.
  Status SetLoginFailures(int64_t user_id, int64_t failed_logins, std::string_view locked_until);

  // --- sessions --------------------------------------------------------------------------
  Status InsertSession(const SessionRow& row);
  Result<std::optional<SessionRow>> FindSession(std::string_view token_hash);
  Status TouchSession(std::string_view token_hash, std::string_view at);
  Status DeleteSession(std::string_view token_hash);
  Status DeleteUserSessions(int64_t user_id);
  // Removes sessions that ended before `now` or were idle since before `idle_before`.
  Result<int64_t> DeleteExpiredSessions(std::string_view now, std::string_view idle_before);

  // --- API tokens ------------------------------------------------------------------------
  Result<int64_t> InsertApiToken(const ApiTokenRow& row);
  Result<std::optional<ApiTokenRow>> FindApiToken(int64_t id);
  Result<std::optional<ApiTokenRow>> FindApiTokenByHash(std::string_view token_hash);
  // The tokens of one user (user_id > 0) or of every user (0), newest first.
  Result<std::vector<ApiTokenRow>> ListApiTokens(int64_t user_id);
  // Marks the token revoked at `at` (no-op when already revoked).
  Status RevokeApiToken(int64_t id, std::string_view at);
  Status RevokeUserApiTokens(int64_t user_id, std::string_view at);
  Status TouchApiToken(int64_t id, std::string_view at);

 private:
  Result<std::vector<std::string>> UserRoles(int64_t user_id);
  Result<std::vector<UserRow>> QueryUsers(std::string_view where, std::initializer_list<SqlParam>);

  Sql& sql_;
};

}  // namespace sunlit::store::repo

#endif  // SUNLIT_STORE_REPO_ACCESS_REPO_H_
