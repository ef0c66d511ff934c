// Numbered schema migrations of the SQLite backend and the code that applies them.
//
// Each migration runs in its own transaction and records itself in
// schema_migrations(version, applied_at). A migration, once released, is never edited:
// changes go into a new one (see src/store/README.md).
#ifndef SUNLIT_STORE_SQLITE_MIGRATIONS_H_
#define SUNLIT_STORE_SQLITE_MIGRATIONS_H_

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace sunlit::store::sqlite {

struct Migration {
  int version;            // 1, 2, 3 … without gaps
  std::string_view name;  // short description
  std::string_view sql;   // one or more statements
};

// Every migration, ascending by version.
std::span<const Migration> Migrations();
// The version of the newest migration this program knows.
int LatestSchemaVersion();

// The name of the unique index on entities(code), which the bulk import drops and rebuilds.
inline constexpr std::string_view kEntitiesCodeIndex = "entities_code";

// Brings the database of `conn` (REQUIRES: no open transaction) to LatestSchemaVersion()
// and returns the resulting version. `now` stamps schema_migrations.applied_at.
// Errors: kFailedPrecondition when the database's version is newer than this program's;
// kUnavailable when busy beyond the busy timeout; kInternal when a migration fails (nothing of
// that migration is kept).
Result<int> ApplyMigrations(Connection& conn, const std::function<std::string()>& now);

}  // namespace sunlit::store::sqlite

#endif  // SUNLIT_STORE_SQLITE_MIGRATIONS_H_
