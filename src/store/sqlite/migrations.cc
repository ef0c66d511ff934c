// The schema history of the SQLite backend (mirrored later for PostgreSQL: keep the SQL to
// TEXT/INTEGER columns and standard constraints; STRICT is the only SQLite-only word).
#include "store/sqlite/migrations.h"

#include <array>

namespace sunlit::store::sqlite {
namespace {

// Notes on migration 1:
// - entities.unit_code has no foreign key: a bureau may import its entities before its units
//   (docs/formats.md: an unknown unit is a warning, the code is kept). NULL = not assigned.
// - entities.code is unique through the separately named index entities_code (not an inline
//   UNIQUE) so that a bulk import into an empty table can drop it and rebuild it once.
// - entities.created_batch/updated_batch carry no foreign key: checking one on each of ten
//   million inserted rows costs time and buys nothing (the store writes them itself).
// - tags, qualifications, object_types, industry_prefixes: comma-joined sorted lists, ''
//   when empty. risk: '' (not classified) or 'A'..'D'. Dates: 'YYYY-MM-DD'. Enumerations:
//   the wire names of core/directory.h.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE departments (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  market_supervision INTEGER NOT NULL
) STRICT;

CREATE TABLE units (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  department_code TEXT NOT NULL REFERENCES departments(code),
  region INTEGER NOT NULL
) STRICT;
CREATE INDEX units_department ON units(department_code);

CREATE TABLE regions (
  code INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,
  parent INTEGER NOT NULL
) STRICT;

CREATE TABLE industries (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,
  parent TEXT NOT NULL
) STRICT;

CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  notice TEXT NOT NULL
) STRICT;

CREATE TABLE calendar_days (
  date TEXT PRIMARY KEY,
  year INTEGER NOT NULL REFERENCES calendar_years(year) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('holiday_off', 'adjusted_workday')),
  name TEXT NOT NULL
) STRICT;
CREATE INDEX calendar_days_year ON calendar_days(year);

CREATE TABLE batches (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;

CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  region INTEGER NOT NULL,
  industry TEXT NOT NULL,
  unit_code TEXT,
  tags TEXT NOT NULL,
  risk TEXT NOT NULL,
  last_inspected TEXT,
  address TEXT NOT NULL,
  created_batch INTEGER NOT NULL,
  updated_batch INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX entities_code ON entities(code);

CREATE TABLE entity_changes (
  id INTEGER PRIMARY KEY,
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  batch_id INTEGER NOT NULL REFERENCES batches(id),
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL
) STRICT;
CREATE INDEX entity_changes_entity ON entity_changes(entity_id);

CREATE TABLE inspectors (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  department_code TEXT NOT NULL REFERENCES departments(code),
  unit_code TEXT REFERENCES units(code),
  region INTEGER NOT NULL,
  certificate_no TEXT NOT NULL,
  certificate_expiry TEXT,
  qualifications TEXT NOT NULL,
  expert INTEGER NOT NULL,
  leader INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_batch INTEGER NOT NULL REFERENCES batches(id),
  updated_batch INTEGER NOT NULL REFERENCES batches(id)
) STRICT;

CREATE TABLE inspector_changes (
  id INTEGER PRIMARY KEY,
  inspector_id INTEGER NOT NULL REFERENCES inspectors(id),
  batch_id INTEGER NOT NULL REFERENCES batches(id),
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL
) STRICT;
CREATE INDEX inspector_changes_inspector ON inspector_changes(inspector_id);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  department_code TEXT NOT NULL REFERENCES departments(code),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  object_types TEXT NOT NULL,
  industry_prefixes TEXT NOT NULL,
  tags TEXT NOT NULL,
  method TEXT NOT NULL,
  qualification TEXT NOT NULL,
  exemption TEXT NOT NULL,
  valid INTEGER NOT NULL,
  version INTEGER NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES batches(id),
  UNIQUE (department_code, code)
) STRICT;

CREATE TABLE item_versions (
  item_id INTEGER NOT NULL REFERENCES items(id),
  version INTEGER NOT NULL,
  department_code TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  object_types TEXT NOT NULL,
  industry_prefixes TEXT NOT NULL,
  tags TEXT NOT NULL,
  method TEXT NOT NULL,
  qualification TEXT NOT NULL,
  exemption TEXT NOT NULL,
  valid INTEGER NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES batches(id),
  PRIMARY KEY (item_id, version)
) STRICT;
)sql";

constexpr std::array<Migration, 1> kMigrations = {{
    {1, "directories, reference data, calendar, batches and history", kMigration1},
}};

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT";

Status Rollback(Connection& conn, Status cause) {
  conn.Exec("ROLLBACK").IgnoreError();  // the cause is what the caller needs to know
  return cause;
}

// Applies `m` in its own transaction unless a concurrent opener already did.
Status ApplyOne(Connection& conn, const Migration& m, const std::function<std::string()>& now) {
  SUNLIT_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  Result<int64_t> current = conn.QueryInt("SELECT MAX(version) FROM schema_migrations", 0);
  if (!current.ok()) return Rollback(conn, current.status());
  if (*current >= m.version) return conn.Exec("COMMIT");
  Status s = conn.Exec(m.sql);
  if (!s.ok()) {
    return Rollback(
        conn, Internal("database migration " + std::to_string(m.version) + " failed", s.detail()));
  }
  Result<Statement> ins = Statement::Prepare(
      conn.db(), "INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)", false);
  if (!ins.ok()) return Rollback(conn, ins.status());
  const std::string at = now();
  ins->BindInt(1, m.version);
  ins->BindText(2, at);
  s = ins->Run();
  if (!s.ok()) return Rollback(conn, s);
  s = conn.Exec("COMMIT");
  if (!s.ok()) return Rollback(conn, s);
  return Status::Ok();
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

Result<int> ApplyMigrations(Connection& conn, const std::function<std::string()>& now) {
  SUNLIT_RETURN_IF_ERROR(conn.Exec(kCreateMigrationsTable));
  SUNLIT_ASSIGN_OR_RETURN(int64_t version,
                          conn.QueryInt("SELECT MAX(version) FROM schema_migrations", 0));
  if (version > LatestSchemaVersion()) {
    return FailedPrecondition("the database was written by a newer version of Sunlit",
                              "schema version " + std::to_string(version) + " > " +
                                  std::to_string(LatestSchemaVersion()));
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= version) continue;
    SUNLIT_RETURN_IF_ERROR(ApplyOne(conn, m, now));
  }
  SUNLIT_ASSIGN_OR_RETURN(version, conn.QueryInt("SELECT MAX(version) FROM schema_migrations", 0));
  if (version > LatestSchemaVersion()) {
    return FailedPrecondition("the database was written by a newer version of Sunlit",
                              "schema version " + std::to_string(version));
  }
  return static_cast<int>(version);
}

}  // namespace sunlit::store::sqlite
