// The schema history of the SQLite backend (mirrored later for PostgreSQL: keep the SQL to
// TEXT/INTEGER columns and standard constraints; STRICT is the only SQLite-only word).
#include "store/sqlite/migrations.h"

#include <array>

#include "store/repo/schema.h"

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

// Notes on migration 2 (the transparency log, src/ledger/ and docs/ledger.md):
// - Events, checkpoints and keys are append-only: triggers refuse UPDATE, DELETE and an
//   INSERT onto an existing key (INSERT OR REPLACE deletes without firing delete triggers
//   unless recursive_triggers is on). PostgreSQL mirrors them with a trigger function.
// - Hashes, keys and signatures are raw bytes (BLOB, bytea in PostgreSQL).
// - ledger_frontier is one row of derived data (the right edge of the Merkle tree) so that an
//   append computes the new root in O(log n); it is the only ledger row that is overwritten.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE ledger_keys (
  key_id TEXT PRIMARY KEY,
  public_key BLOB NOT NULL CHECK (length(public_key) = 32),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE ledger_events (
  seq INTEGER PRIMARY KEY CHECK (seq >= 0),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32)
) STRICT;

CREATE TABLE ledger_checkpoints (
  size INTEGER PRIMARY KEY CHECK (size > 0),
  root BLOB NOT NULL CHECK (length(root) = 32),
  at TEXT NOT NULL,
  key_id TEXT NOT NULL REFERENCES ledger_keys(key_id),
  signature BLOB NOT NULL CHECK (length(signature) = 64)
) STRICT;

CREATE TABLE ledger_frontier (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  size INTEGER NOT NULL,
  hashes BLOB NOT NULL
) STRICT;

CREATE TRIGGER ledger_events_no_update BEFORE UPDATE ON ledger_events
BEGIN SELECT RAISE(ABORT, 'ledger_events is append-only'); END;
CREATE TRIGGER ledger_events_no_delete BEFORE DELETE ON ledger_events
BEGIN SELECT RAISE(ABORT, 'ledger_events is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
CREATE TRIGGER ledger_keys_no_update BEFORE UPDATE ON ledger_keys
BEGIN SELECT RAISE(ABORT, 'ledger_keys is append-only'); END;
CREATE TRIGGER ledger_keys_no_delete BEFORE DELETE ON ledger_keys
BEGIN SELECT RAISE(ABORT, 'ledger_keys is append-only'); END;
CREATE TRIGGER ledger_events_no_replace BEFORE INSERT ON ledger_events
WHEN EXISTS (SELECT 1 FROM ledger_events WHERE seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'ledger_events is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_replace BEFORE INSERT ON ledger_checkpoints
WHEN EXISTS (SELECT 1 FROM ledger_checkpoints WHERE size = NEW.size)
BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
CREATE TRIGGER ledger_keys_no_replace BEFORE INSERT ON ledger_keys
WHEN EXISTS (SELECT 1 FROM ledger_keys WHERE key_id = NEW.key_id)
BEGIN SELECT RAISE(ABORT, 'ledger_keys is append-only'); END;
)sql";

// Notes on migration 3 (the draw of a task, src/app/draw_service.h and docs/draw.md):
// - draw_pools: what was fixed at freezing (filter … actor) can never change: a trigger
//   aborts any UPDATE naming those columns. The progress columns move only frozen →
//   randomness_entered → drawn (another trigger), and DELETE is refused on every draw table.
// - The pool snapshot is kept compact: 65 536 members a chunk, 19 bytes a member (18-byte
//   code + the index of its stratum among the labels of draw_pools.strata). 10 M members
//   are 190 MB in 153 rows instead of 10 M rows. A chunk must have exactly the size its
//   number implies, so once a pool is written no chunk can be added to it.
// - previous_id is unique: a pool is re-drawn at most once, so re-draws form a chain.
// - draw_entries is clustered on its key (WITHOUT ROWID): a province-wide draw stores a
//   quarter of a million entries in one go; with one B-tree fewer and the rows written in
//   key order that took ~1 s instead of ~2.4 s on the development VM.
constexpr std::string_view kMigration3 = R"sql(
CREATE TABLE draw_pools (
  id INTEGER PRIMARY KEY,
  draw_id TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  previous_id INTEGER REFERENCES draw_pools(id),
  redraw_reason TEXT NOT NULL,
  filter TEXT NOT NULL,
  params TEXT NOT NULL,
  quotas TEXT NOT NULL,
  reserve INTEGER NOT NULL CHECK (reserve >= 0),
  sources TEXT NOT NULL,
  available_at TEXT NOT NULL,
  commitment BLOB NOT NULL CHECK (length(commitment) = 32),
  secret BLOB NOT NULL CHECK (length(secret) = 32),
  pool_root BLOB NOT NULL CHECK (length(pool_root) = 32),
  pool_size INTEGER NOT NULL CHECK (pool_size > 0),
  strata TEXT NOT NULL,
  frozen_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('frozen', 'randomness_entered', 'drawn')),
  randomness TEXT,
  randomness_at TEXT,
  randomness_actor TEXT,
  record TEXT,
  record_hash BLOB CHECK (record_hash IS NULL OR length(record_hash) = 32),
  drawn_at TEXT,
  drawn_actor TEXT
) STRICT;
CREATE UNIQUE INDEX draw_pools_previous ON draw_pools(previous_id);
CREATE INDEX draw_pools_year ON draw_pools(year);

CREATE TABLE draw_pool_chunks (
  pool_id INTEGER NOT NULL REFERENCES draw_pools(id),
  chunk INTEGER NOT NULL CHECK (chunk >= 0),
  members BLOB NOT NULL CHECK (length(members) > 0 AND length(members) % 19 = 0),
  PRIMARY KEY (pool_id, chunk)
) STRICT;

CREATE TABLE draw_entries (
  pool_id INTEGER NOT NULL REFERENCES draw_pools(id),
  role TEXT NOT NULL CHECK (role IN ('selected', 'alternate')),
  stratum TEXT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 0),
  code TEXT NOT NULL,
  rank TEXT NOT NULL,
  PRIMARY KEY (pool_id, stratum, role, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX draw_entries_code ON draw_entries(code);

CREATE TABLE draw_alternate_uses (
  pool_id INTEGER NOT NULL REFERENCES draw_pools(id),
  seq INTEGER NOT NULL CHECK (seq >= 0),
  replaced_code TEXT NOT NULL,
  alternate_code TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  directory_status TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (pool_id, replaced_code),
  UNIQUE (pool_id, alternate_code),
  UNIQUE (pool_id, seq)
) STRICT;

CREATE TRIGGER draw_pools_frozen BEFORE UPDATE OF id, draw_id, year, previous_id, redraw_reason,
  filter, params, quotas, reserve, sources, available_at, commitment, secret, pool_root,
  pool_size, strata, frozen_at, actor ON draw_pools
BEGIN SELECT RAISE(ABORT, 'the frozen parameters of a draw cannot change'); END;
CREATE TRIGGER draw_pools_progress BEFORE UPDATE OF state, randomness, randomness_at,
  randomness_actor, record, record_hash, drawn_at, drawn_actor ON draw_pools
WHEN NOT (
  (OLD.state = 'frozen' AND NEW.state = 'randomness_entered' AND NEW.randomness IS NOT NULL
   AND NEW.record IS NULL AND NEW.record_hash IS NULL AND NEW.drawn_at IS NULL
   AND NEW.drawn_actor IS NULL)
  OR (OLD.state = 'randomness_entered' AND NEW.state = 'drawn'
   AND NEW.randomness IS OLD.randomness AND NEW.randomness_at IS OLD.randomness_at
   AND NEW.randomness_actor IS OLD.randomness_actor
   AND NEW.record IS NOT NULL AND NEW.record_hash IS NOT NULL))
BEGIN SELECT RAISE(ABORT, 'a draw moves only from frozen to randomness_entered to drawn'); END;
CREATE TRIGGER draw_pools_no_delete BEFORE DELETE ON draw_pools
BEGIN SELECT RAISE(ABORT, 'draws are never deleted'); END;

CREATE TRIGGER draw_pool_chunks_only_frozen BEFORE INSERT ON draw_pool_chunks
WHEN (SELECT state FROM draw_pools WHERE id = NEW.pool_id) IS NOT 'frozen'
  OR length(NEW.members) <> 19 * (SELECT CASE WHEN pool_size - NEW.chunk * 65536 > 65536
      THEN 65536 ELSE pool_size - NEW.chunk * 65536 END FROM draw_pools WHERE id = NEW.pool_id)
BEGIN SELECT RAISE(ABORT, 'a pool snapshot is written only while freezing, chunk by chunk'); END;
CREATE TRIGGER draw_pool_chunks_no_update BEFORE UPDATE ON draw_pool_chunks
BEGIN SELECT RAISE(ABORT, 'a frozen pool cannot change'); END;
CREATE TRIGGER draw_pool_chunks_no_delete BEFORE DELETE ON draw_pool_chunks
BEGIN SELECT RAISE(ABORT, 'a frozen pool cannot change'); END;

CREATE TRIGGER draw_entries_only_drawn BEFORE INSERT ON draw_entries
WHEN (SELECT state FROM draw_pools WHERE id = NEW.pool_id) IS NOT 'drawn'
BEGIN SELECT RAISE(ABORT, 'entries are written only by the draw'); END;
CREATE TRIGGER draw_entries_no_update BEFORE UPDATE ON draw_entries
BEGIN SELECT RAISE(ABORT, 'draw entries cannot change'); END;
CREATE TRIGGER draw_entries_no_delete BEFORE DELETE ON draw_entries
BEGIN SELECT RAISE(ABORT, 'draw entries cannot change'); END;

CREATE TRIGGER draw_alternate_uses_only_drawn BEFORE INSERT ON draw_alternate_uses
WHEN (SELECT state FROM draw_pools WHERE id = NEW.pool_id) IS NOT 'drawn'
BEGIN SELECT RAISE(ABORT, 'alternates are used only after the draw'); END;
CREATE TRIGGER draw_alternate_uses_no_update BEFORE UPDATE ON draw_alternate_uses
BEGIN SELECT RAISE(ABORT, 'alternate uses cannot change'); END;
CREATE TRIGGER draw_alternate_uses_no_delete BEFORE DELETE ON draw_alternate_uses
BEGIN SELECT RAISE(ABORT, 'alternate uses cannot change'); END;
)sql";

// From 4 on, the portable schema of store/repo/ (schema.h).
const auto kMigrations = std::to_array<Migration>({
    {1, "directories, reference data, calendar, batches and history", kMigration1},
    {2, "transparency log: events, checkpoints, keys, frontier", kMigration2},
    {3, "draws: frozen pools, snapshots, entries, alternate uses", kMigration3},
    {4, "access: users, roles, sessions, API tokens", repo::kSchemaAccess},
    {5, "workflow: plans, tasks, checks, check inspectors", repo::kSchemaWorkflow},
    {6, "results, review, publication, credit lists, referrals", repo::kSchemaResults},
    {7, "directory search: inspectors by name", repo::kSchemaDirectorySearch},
});

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
