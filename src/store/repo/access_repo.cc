// AccessRepo: portable SQL for the access tables (schema_access.cc).
#include "store/repo/access_repo.h"

#include <algorithm>
#include <string>

namespace sunlit::store::repo {
namespace {

constexpr std::string_view kUserColumns =
    "SELECT id, username, display_name, department_code, inspector_code, password_hash, "
    "disabled, failed_logins, locked_until, password_changed_at, created_at, created_by, "
    "version FROM users ";

UserRow ReadUser(const SqlRow& r) {
  UserRow u;
  u.id = r.Int(0);
  u.username = r.String(1);
  u.display_name = r.String(2);
  u.department_code = r.String(3);
  u.inspector_code = r.String(4);
  u.password_hash = r.String(5);
  u.disabled = r.Flag(6);
  u.failed_logins = r.Int(7);
  u.locked_until = r.String(8);
  u.password_changed_at = r.String(9);
  u.created_at = r.String(10);
  u.created_by = r.String(11);
  u.version = r.Int(12);
  return u;
}

constexpr std::string_view kTokenColumns =
    "SELECT id, user_id, name, token_hash, prefix, created_at, created_by, expires_at, "
    "revoked_at, last_used_at FROM api_tokens ";

ApiTokenRow ReadToken(const SqlRow& r) {
  ApiTokenRow t;
  t.id = r.Int(0);
  t.user_id = r.Int(1);
  t.name = r.String(2);
  t.token_hash = std::string(r.Blob(3));
  t.prefix = r.String(4);
  t.created_at = r.String(5);
  t.created_by = r.String(6);
  t.expires_at = r.String(7);
  t.revoked_at = r.String(8);
  t.last_used_at = r.String(9);
  return t;
}

Status NotChanged(Result<int64_t> r, std::string_view what) {
  if (!r.ok()) return r.status();
  if (*r == 0) return NotFound(std::string(what) + " not found");
  return Status::Ok();
}

}  // namespace

Status AccessRepo::PutRole(const RoleRow& role) {
  SUNLIT_RETURN_IF_ERROR(
      sql_.Exec(
              "INSERT INTO roles (code, name_zh, name_en, description, builtin) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, "
              "name_en = excluded.name_en, description = excluded.description, "
              "builtin = excluded.builtin",
              {role.code, role.name_zh, role.name_en, role.description, Bool(role.builtin)})
          .status());
  SUNLIT_RETURN_IF_ERROR(
      sql_.Exec("DELETE FROM role_grants WHERE role_code = ?", {role.code}).status());
  for (const GrantRow& g : role.grants) {
    SUNLIT_RETURN_IF_ERROR(
        sql_.Exec("INSERT INTO role_grants (role_code, permission, scope) VALUES (?, ?, ?)",
                  {role.code, g.permission, g.scope})
            .status());
  }
  return Status::Ok();
}

Result<std::vector<RoleRow>> AccessRepo::Roles() {
  std::vector<RoleRow> roles;
  SUNLIT_RETURN_IF_ERROR(sql_.Query(
      "SELECT code, name_zh, name_en, description, builtin FROM roles ORDER BY code", {},
      [&](const SqlRow& r) {
        roles.push_back({r.String(0), r.String(1), r.String(2), r.String(3), r.Flag(4), {}});
        return true;
      }));
  SUNLIT_RETURN_IF_ERROR(sql_.Query(
      "SELECT role_code, permission, scope FROM role_grants ORDER BY role_code, permission", {},
      [&](const SqlRow& r) {
        const std::string_view code = r.Text(0);
        auto it = std::lower_bound(roles.begin(), roles.end(), code,
                                   [](const RoleRow& a, std::string_view c) { return a.code < c; });
        if (it != roles.end() && it->code == code) it->grants.push_back({r.String(1), r.String(2)});
        return true;
      }));
  return roles;
}

Result<int64_t> AccessRepo::InsertUser(const UserRow& u) {
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t id,
      sql_.InsertReturningId(
          "INSERT INTO users (username, display_name, department_code, inspector_code, "
          "password_hash, disabled, password_changed_at, created_at, created_by) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {u.username, u.display_name, TextOrNull(u.department_code), u.inspector_code,
           u.password_hash, Bool(u.disabled), u.password_changed_at, u.created_at, u.created_by}));
  for (const std::string& role : u.roles) {
    SUNLIT_RETURN_IF_ERROR(
        sql_.Exec("INSERT INTO user_roles (user_id, role_code) VALUES (?, ?)", {id, role})
            .status());
  }
  return id;
}

Result<std::vector<std::string>> AccessRepo::UserRoles(int64_t user_id) {
  std::vector<std::string> roles;
  SUNLIT_RETURN_IF_ERROR(
      sql_.Query("SELECT role_code FROM user_roles WHERE user_id = ? ORDER BY role_code", {user_id},
                 [&](const SqlRow& r) {
                   roles.push_back(r.String(0));
                   return true;
                 }));
  return roles;
}

Result<std::vector<UserRow>> AccessRepo::QueryUsers(std::string_view where,
                                                    std::initializer_list<SqlParam> params) {
  std::vector<UserRow> users;
  const std::string sql = std::string(kUserColumns) + std::string(where);
  SUNLIT_RETURN_IF_ERROR(sql_.Query(sql, params, [&](const SqlRow& r) {
    users.push_back(ReadUser(r));
    return true;
  }));
  for (UserRow& u : users) {
    SUNLIT_ASSIGN_OR_RETURN(u.roles, UserRoles(u.id));
  }
  return users;
}

Result<std::optional<UserRow>> AccessRepo::FindUser(int64_t id) {
  SUNLIT_ASSIGN_OR_RETURN(std::vector<UserRow> users, QueryUsers("WHERE id = ?", {id}));
  if (users.empty()) return std::optional<UserRow>();
  return std::optional<UserRow>(std::move(users.front()));
}

Result<std::optional<UserRow>> AccessRepo::FindUserByName(std::string_view username) {
  SUNLIT_ASSIGN_OR_RETURN(std::vector<UserRow> users, QueryUsers("WHERE username = ?", {username}));
  if (users.empty()) return std::optional<UserRow>();
  return std::optional<UserRow>(std::move(users.front()));
}

Result<std::vector<UserRow>> AccessRepo::ListUsers(std::string_view department_code) {
  if (department_code.empty()) return QueryUsers("ORDER BY username", {});
  return QueryUsers("WHERE department_code = ? ORDER BY username", {department_code});
}

Status AccessRepo::SetUserRoles(int64_t user_id, const std::vector<std::string>& roles) {
  SUNLIT_RETURN_IF_ERROR(NotChanged(
      sql_.Exec("UPDATE users SET version = version + 1 WHERE id = ?", {user_id}), "user"));
  SUNLIT_RETURN_IF_ERROR(sql_.Exec("DELETE FROM user_roles WHERE user_id = ?", {user_id}).status());
  for (const std::string& role : roles) {
    SUNLIT_RETURN_IF_ERROR(
        sql_.Exec("INSERT INTO user_roles (user_id, role_code) VALUES (?, ?)", {user_id, role})
            .status());
  }
  return Status::Ok();
}

Status AccessRepo::SetDisabled(int64_t user_id, bool disabled) {
  return NotChanged(sql_.Exec("UPDATE users SET disabled = ?, version = version + 1 WHERE id = ?",
                              {Bool(disabled), user_id}),
                    "user");
}

Status AccessRepo::SetPasswordHash(int64_t user_id, std::string_view hash, std::string_view at) {
  return NotChanged(
      sql_.Exec("UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, "
                "locked_until = '', version = version + 1 WHERE id = ?",
                {hash, at, user_id}),
      "user");
}

Status AccessRepo::SetLoginFailures(int64_t user_id, int64_t failed_logins,
                                    std::string_view locked_until) {
  return NotChanged(sql_.Exec("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                              {failed_logins, locked_until, user_id}),
                    "user");
}

Status AccessRepo::InsertSession(const SessionRow& s) {
  return sql_
      .Exec(
          "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {SqlBlob{s.token_hash}, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.ip})
      .status();
}

Result<std::optional<SessionRow>> AccessRepo::FindSession(std::string_view token_hash) {
  std::optional<SessionRow> out;
  SUNLIT_RETURN_IF_ERROR(sql_.Query(
      "SELECT token_hash, user_id, created_at, last_seen_at, expires_at, ip FROM sessions "
      "WHERE token_hash = ?",
      {SqlBlob{token_hash}}, [&](const SqlRow& r) {
        out = SessionRow{
            std::string(r.Blob(0)), r.Int(1), r.String(2), r.String(3), r.String(4), r.String(5)};
        return false;
      }));
  return out;
}

Status AccessRepo::TouchSession(std::string_view token_hash, std::string_view at) {
  return sql_
      .Exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", {at, SqlBlob{token_hash}})
      .status();
}

Status AccessRepo::DeleteSession(std::string_view token_hash) {
  return sql_.Exec("DELETE FROM sessions WHERE token_hash = ?", {SqlBlob{token_hash}}).status();
}

Status AccessRepo::DeleteUserSessions(int64_t user_id) {
  return sql_.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id}).status();
}

Result<int64_t> AccessRepo::DeleteExpiredSessions(std::string_view now,
                                                  std::string_view idle_before) {
  return sql_.Exec("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?",
                   {now, idle_before});
}

Result<int64_t> AccessRepo::InsertApiToken(const ApiTokenRow& t) {
  return sql_.InsertReturningId(
      "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, created_by, "
      "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {t.user_id, t.name, SqlBlob{t.token_hash}, t.prefix, t.created_at, t.created_by,
       t.expires_at});
}

Result<std::optional<ApiTokenRow>> AccessRepo::FindApiToken(int64_t id) {
  std::optional<ApiTokenRow> out;
  const std::string sql = std::string(kTokenColumns) + "WHERE id = ?";
  SUNLIT_RETURN_IF_ERROR(sql_.Query(sql, {id}, [&](const SqlRow& r) {
    out = ReadToken(r);
    return false;
  }));
  return out;
}

Result<std::optional<ApiTokenRow>> AccessRepo::FindApiTokenByHash(std::string_view token_hash) {
  std::optional<ApiTokenRow> out;
  const std::string sql = std::string(kTokenColumns) + "WHERE token_hash = ?";
  SUNLIT_RETURN_IF_ERROR(sql_.Query(sql, {SqlBlob{token_hash}}, [&](const SqlRow& r) {
    out = ReadToken(r);
    return false;
  }));
  return out;
}

Result<std::vector<ApiTokenRow>> AccessRepo::ListApiTokens(int64_t user_id) {
  std::vector<ApiTokenRow> out;
  auto add = [&](const SqlRow& r) {
    out.push_back(ReadToken(r));
    return true;
  };
  if (user_id > 0) {
    const std::string sql = std::string(kTokenColumns) + "WHERE user_id = ? ORDER BY id DESC";
    SUNLIT_RETURN_IF_ERROR(sql_.Query(sql, {user_id}, add));
  } else {
    const std::string sql = std::string(kTokenColumns) + "ORDER BY id DESC";
    SUNLIT_RETURN_IF_ERROR(sql_.Query(sql, {}, add));
  }
  return out;
}

Status AccessRepo::RevokeApiToken(int64_t id, std::string_view at) {
  return sql_
      .Exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = ''", {at, id})
      .status();
}

Status AccessRepo::RevokeUserApiTokens(int64_t user_id, std::string_view at) {
  return sql_
      .Exec("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at = ''",
            {at, user_id})
      .status();
}

Status AccessRepo::TouchApiToken(int64_t id, std::string_view at) {
  return sql_.Exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", {at, id}).status();
}

}  // namespace sunlit::store::repo
