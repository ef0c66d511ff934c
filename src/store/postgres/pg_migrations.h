// Numbered schema migrations of the PostgreSQL backend and the code that applies them.
//
// Migrations 1–3 (directory, ledger, draws) are written for PostgreSQL here; 4 and later
// are the portable text of store/repo/schema_*.cc passed through RewriteSchema
// (pg_dialect.h). Every migration's text goes through RewriteSchema, so TEXT columns compare
// bytewise (COLLATE "C") like SQLite's. Each migration runs in its own transaction under
// the writer lock (pg_store.h) and records itself in schema_migrations(version, applied_at);
// a released migration is never edited.
#ifndef SUNLIT_STORE_POSTGRES_PG_MIGRATIONS_H_
#define SUNLIT_STORE_POSTGRES_PG_MIGRATIONS_H_

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/postgres/pg_connection.h"

namespace sunlit::store::postgres {

struct PgMigration {
  int version;            // 1, 2, 3 … without gaps, the same numbers as SQLite's
  std::string_view name;  // short description
  std::string_view sql;   // one or more statements, before RewriteSchema
};

std::span<const PgMigration> PgMigrations();
int PgLatestSchemaVersion();

// The advisory-lock key every read-write transaction (and every migration) holds for its
// duration: writers are serialised as SQLite serialises them.
inline constexpr int64_t kWriterLockKey = 0x53554e4c4954;  // "SUNLIT"

// Brings the database of `conn` (REQUIRES: no open transaction) to PgLatestSchemaVersion()
// and returns the resulting version. Errors: kFailedPrecondition when the database is newer
// than this program; kInternal when a migration fails (nothing of it is kept).
Result<int> ApplyPgMigrations(PgConnection& conn, const std::function<std::string()>& now);

}  // namespace sunlit::store::postgres

#endif  // SUNLIT_STORE_POSTGRES_PG_MIGRATIONS_H_
