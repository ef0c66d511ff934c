// SqliteStore: the embedded SQLite implementation of store::Store.
//
// Every connection runs with journal_mode=WAL, foreign_keys=ON, synchronous=NORMAL and a busy
// timeout (except a transaction bulk-loading an empty entities table while nothing else has
// the file open: a rollback journal, see bulk_rollback_journal); every table is STRICT; the schema comes from numbered migrations (migrations.h).
// A transaction owns one connection from a small pool (connections are opened lazily and
// reused): Begin() issues BEGIN IMMEDIATE, BeginRead() a deferred BEGIN plus a first read
// so that the snapshot is taken at once. SQLITE_BUSY that outlasts the busy timeout is
// kUnavailable. Messages never contain SQL or SQLite's text; Status::detail() does.
//
// Thread-safety: as store.h. REQUIRES of callers: nothing beyond store.h (a transaction may
// even outlive its store: the pool is shared).
#ifndef SUNLIT_STORE_SQLITE_SQLITE_STORE_H_
#define SUNLIT_STORE_SQLITE_SQLITE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace sunlit::store::sqlite {

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (the default batch clock).
std::string SystemUtcNow();

struct SqliteOptions {
  // Time stamps of batches and of schema_migrations. Tests inject a fixed clock.
  std::function<std::string()> clock = SystemUtcNow;
  // How long a statement waits for a lock held by another connection before kUnavailable.
  int busy_timeout_ms = 5000;
  // Page size of a new database file (a power of two, 512–65536; an existing file keeps its
  // own). 8 KiB rebuilds the entity code index after a 10M-row import ~25 % faster than 4 KiB
  // without slowing random lookups; 16 KiB is a little faster still for imports but slower
  // for lookups.
  int page_size = 8192;
  // Page cache of each writer connection in KiB (readers keep SQLite's default).
  int64_t writer_cache_kib = 262144;
  // Memory-mapped reads for reader connections (PRAGMA mmap_size), in bytes: many readers
  // (one per busy HTTP worker) then share the OS page cache instead of each copying pages
  // through pread. SQLite caps it at its compile-time SQLITE_MAX_MMAP_SIZE (Debian: 2 GiB);
  // pages beyond the mapping are read as before. 0 = off.
  int64_t reader_mmap_bytes = int64_t{1} << 34;
  // Checkpoint the WAL from a background thread instead of inside the Commit() that filled
  // it, so that committing a big import does not wait for the copy into the database file.
  // The last connection still checkpoints when the store closes.
  bool background_checkpoint = true;
  // Bulk import (UpsertEntities into an empty table): rows are buffered and written in runs
  // of this many, each sorted by code, which makes rebuilding the code index several times
  // faster than from random order. Memory: about 200 bytes a row.
  size_t bulk_run_rows = 131072;
  // Bulk import through a rollback journal instead of the WAL (sqlite_entities.cc): when a
  // transaction's first call is BeginBatch of kind "entities", the entities table is empty
  // and no other connection has the file open, the transaction restarts in
  // journal_mode=DELETE under an exclusive lock, so the table and index pages it appends are
  // written once (not to the WAL and then again into the file); WAL mode returns when it
  // ends. Other connections wait (busy timeout) for the length of that transaction.
  // Otherwise, or when false, the import writes through the WAL.
  bool bulk_rollback_journal = true;
};

class ConnectionPool;

class SqliteStore final : public Store {
 public:
  // Opens (creating when missing, with its parent directory) the database file at `path`
  // and applies pending migrations. Errors: kInvalidArgument for an empty path or
  // ":memory:" (a pool of connections needs one shared file); kUnavailable when the file
  // cannot be opened; kFailedPrecondition when the database is newer than this program.
  static Result<std::unique_ptr<SqliteStore>> Open(std::string_view path,
                                                   SqliteOptions options = {});
  ~SqliteStore() override;

  Result<std::unique_ptr<Transaction>> Begin() override;
  Result<std::unique_ptr<Transaction>> BeginRead() override;
  int SchemaVersion() const override { return schema_version_; }
  std::string Describe() const override;

  // For tests and diagnostics: runs `sql` outside any transaction on a pooled writer (or
  // reader) connection and returns the first column of the first row as text ("" when there
  // is no row or it is NULL).
  Result<std::string> QueryForTesting(std::string_view sql, bool writer = true);
  // Writers of this process queued for the write lock (the write gate, pool.h).
  size_t WriteGateWaitersForTesting() const;

 private:
  SqliteStore(std::shared_ptr<ConnectionPool> pool, int schema_version);

  std::shared_ptr<ConnectionPool> pool_;
  int schema_version_;
};

}  // namespace sunlit::store::sqlite

#endif  // SUNLIT_STORE_SQLITE_SQLITE_STORE_H_
