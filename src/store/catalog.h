// Catalog: what a generic copy or comparison of a whole database needs to know about its
// schema — the tables, their columns and keys, which tables each one refers to — read from
// the engine's own catalog (sqlite_schema + pragmas; pg_catalog / information_schema), plus
// the few engine-specific steps of a bulk copy (suspending triggers, advancing identity
// sequences). Everything goes through the transaction's store::Sql, so it works for any
// backend that has a Dialect here. Used by ops/ (backup, restore, migrate); not by use cases.
//
// Thread-safety: as the Sql passed in (one thread at a time).
#ifndef SUNLIT_STORE_CATALOG_H_
#define SUNLIT_STORE_CATALOG_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "store/sql.h"
#include "store/store.h"

namespace sunlit::store {

enum class Dialect { kSqlite, kPostgres };

// The dialect of a store, from its Describe() ("sqlite:…" or "postgresql://…").
// kInvalidArgument for anything else.
Result<Dialect> DialectOf(const Store& store);

// How a column's values are read, written and hashed (independent of the engine's type
// names: SQLite INTEGER / PostgreSQL bigint → kInteger, BLOB / bytea → kBlob, else kText).
enum class ValueKind { kInteger, kText, kBlob };

struct ColumnInfo {
  std::string name;
  ValueKind kind = ValueKind::kText;
  // PostgreSQL: an identity column declared GENERATED ALWAYS (an explicit value then needs
  // OVERRIDING SYSTEM VALUE); an identity or serial column whose sequence must be advanced
  // after rows are copied with their ids.
  bool identity_always = false;
  bool has_sequence = false;
};

struct TableInfo {
  std::string name;
  std::vector<ColumnInfo> columns;   // in declaration order
  std::vector<std::string> key;      // primary key columns (all columns when none)
  std::vector<std::string> refers;   // other tables its foreign keys name (no self)
  // The engine's own record of the order in which rows were inserted, when it is not the
  // key: SQLite "rowid" (a rowid table whose key is not an INTEGER PRIMARY KEY); on
  // PostgreSQL a GENERATED ALWAYS identity column outside the primary key (ledger_keys.ord,
  // which stands for SQLite's rowid). Such a PostgreSQL column is NOT in `columns`: it is the
  // engine's, assigned again on insert, so both backends list the same columns. "" if none.
  std::string insertion_order;
};

// Every table of the schema except schema_migrations and the engine's own tables, in
// dependency order: each table after every table its foreign keys refer to (ties broken by
// name, so the order is the same on every backend). kInternal on a foreign-key cycle.
Result<std::vector<TableInfo>> ListTables(Sql& sql, Dialect dialect);

// "SELECT cols FROM t ORDER BY key": the rows in primary-key order, text compared bytewise
// on every backend (COLLATE "C" on PostgreSQL), so two backends list them identically.
std::string OrderedSelect(const TableInfo& table, Dialect dialect);
// "SELECT cols FROM t ORDER BY …" in insertion order where the table records one
// (insertion_order), else in key order: a copy inserted in this order gives the target the
// source's insertion order (e.g. the registration order of the log's keys).
std::string InsertionOrderedSelect(const TableInfo& table, Dialect dialect);
// "INSERT INTO t (cols) VALUES (?, …), (?, …)" for `rows` rows (≥ 1).
std::string InsertStatement(const TableInfo& table, Dialect dialect, size_t rows);
// `name` as a quoted identifier ("name"). REQUIRES: no '"' in name (catalog names never have).
std::string QuoteIdentifier(std::string_view name);

// Turns off, inside the current read-write transaction, the triggers that guard data as it
// is written by the application (append-only ledger, frozen draws), so that rows can be
// copied as they are; RestoreTriggers turns them on again before commit. SQLite drops them
// and re-creates them from their saved SQL (DDL is transactional); PostgreSQL uses ALTER
// TABLE … DISABLE/ENABLE TRIGGER USER (foreign keys stay enforced). Foreign keys on SQLite
// are deferred to commit. REQUIRES: a read-write transaction; RestoreTriggers with the same
// `saved` in the same transaction.
struct SuspendedTriggers {
  std::vector<std::string> names;       // SQLite: trigger names; PostgreSQL: table names
  std::vector<std::string> statements;  // SQLite: the CREATE TRIGGER statements
};
Result<SuspendedTriggers> SuspendTriggers(Sql& sql, Dialect dialect,
                                          const std::vector<TableInfo>& tables);
Status RestoreTriggers(Sql& sql, Dialect dialect, const SuspendedTriggers& saved);

// After rows were inserted with their ids: moves each identity/serial sequence past the
// highest id (PostgreSQL); nothing on SQLite, whose INTEGER PRIMARY KEY takes max + 1.
Status AdvanceSequences(Sql& sql, Dialect dialect, const std::vector<TableInfo>& tables);

}  // namespace sunlit::store

#endif  // SUNLIT_STORE_CATALOG_H_
