// PostgresStore: the PostgreSQL (libpq) implementation of store::Store.
//
// Transactions keep SQLite's contract (docs/decisions/0009-postgresql-backend.md):
// - Begin(): READ COMMITTED plus the transaction-scoped advisory lock kWriterLockKey, taken
//   at once, so read-write transactions run one at a time as on SQLite (BEGIN IMMEDIATE):
//   a use case never fails half-way on a serialization failure or a deadlock, and a guarded
//   step (`UPDATE … WHERE state = ?`) sees the last committed state. Waiting for the lock
//   beyond lock_timeout_ms is kUnavailable, like SQLite's busy timeout.
// - BeginRead(): REPEATABLE READ READ ONLY, its snapshot taken at once (a consistent view of
//   the database as of BeginRead(), like a SQLite read transaction in WAL mode).
// Connections come from a pool (opened lazily, reused; a broken one is dropped). Every
// connection runs in UTC with bytea_output = hex. Messages never contain SQL or the server's
// text; Status::detail() does. A failed statement of the portable repositories (Sql) undoes
// only itself (a savepoint per statement), as on SQLite; a failure inside the backend's own
// methods ends the transaction's usefulness (PostgreSQL aborts it) — they fail only on
// errors the caller cannot continue from anyway (their preconditions are checked first).
//
// Thread-safety: as store.h.
#ifndef SUNLIT_STORE_POSTGRES_PG_STORE_H_
#define SUNLIT_STORE_POSTGRES_PG_STORE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace sunlit::store::postgres {

struct PostgresOptions {
  // Time stamps of batches and of schema_migrations. Empty: the system clock (UTC).
  std::function<std::string()> clock;
  // How long Begin() (and any lock a writer needs) waits before kUnavailable.
  int lock_timeout_ms = 5000;
  // Idle connections kept for reuse.
  size_t max_idle_connections = 8;
  // Rows of a bulk import are sent to COPY in pieces of about this many bytes.
  size_t copy_chunk_bytes = size_t{1} << 20;
  // maintenance_work_mem for rebuilding the entity code index after a bulk import.
  std::string index_build_memory = "256MB";
};

// The URL with any password removed ("postgresql://user@host:port/db?…").
std::string DescribeUrl(std::string_view url);

class PgPool;

class PostgresStore final : public Store {
 public:
  // Connects to `url` ("postgresql://…" or "postgres://…", as libpq reads it) and applies
  // pending migrations. Errors: kUnavailable when the server cannot be reached or the login
  // is refused; kFailedPrecondition when the database is newer than this program.
  static Result<std::unique_ptr<PostgresStore>> Open(std::string_view url,
                                                     PostgresOptions options = {});
  ~PostgresStore() override;

  Result<std::unique_ptr<Transaction>> Begin() override;
  Result<std::unique_ptr<Transaction>> BeginRead() override;
  int SchemaVersion() const override { return schema_version_; }
  std::string Describe() const override;

  // For tests and diagnostics: runs `sql` outside any transaction on a pooled connection
  // and returns the first column of the first row as text ("" when none or NULL).
  Result<std::string> QueryForTesting(std::string_view sql);

 private:
  PostgresStore(std::shared_ptr<PgPool> pool, int schema_version);

  std::shared_ptr<PgPool> pool_;
  int schema_version_;
};

}  // namespace sunlit::store::postgres

#endif  // SUNLIT_STORE_POSTGRES_PG_STORE_H_
