// Migration 4: access — owned by the access repository (access_repo.h); docs/access.md
// explains roles, scopes, sessions and tokens.
//
// Notes:
// - Roles are data: a role is a named set of (permission, scope) grants. Code checks
//   permissions (app/caller.h), never role codes. The standard roles are re-seeded by
//   app::AccessService at start-up (builtin = 1); other roles are left alone.
// - Passwords are stored only as Argon2id strings (libsodium crypto_pwhash_str format, which
//   carries its own salt and parameters). Session and API tokens are stored only as their
//   SHA-256 (32-byte BLOB): a copy of the database does not let anyone log in.
// - Times are UTC text "YYYY-MM-DDTHH:MM:SSZ"; they compare correctly as text. '' = never.
// - users.department_code is NULL for an account that belongs to no department (a system
//   administrator of the whole installation).
#include "store/repo/schema.h"

namespace sunlit::store::repo {

extern const std::string_view kSchemaAccess = R"sql(
CREATE TABLE roles (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  builtin INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE role_grants (
  role_code TEXT NOT NULL REFERENCES roles(code),
  permission TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('own', 'department', 'all')),
  PRIMARY KEY (role_code, permission)
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  department_code TEXT REFERENCES departments(code),
  inspector_code TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT NOT NULL DEFAULT '',
  password_changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX users_department ON users(department_code);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  role_code TEXT NOT NULL REFERENCES roles(code),
  PRIMARY KEY (user_id, role_code)
) STRICT;

CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ip TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  expires_at TEXT NOT NULL DEFAULT '',
  revoked_at TEXT NOT NULL DEFAULT '',
  last_used_at TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
)sql";

}  // namespace sunlit::store::repo
