// Connection: one sqlite3 handle configured the way every Sunlit connection must be (WAL,
// foreign keys, synchronous=NORMAL, busy timeout), plus its cache of prepared statements.
//
// Internal to store/sqlite. Thread-safety: used by one thread at a time (the pool hands a
// connection to one transaction at a time).
#ifndef SUNLIT_STORE_SQLITE_CONNECTION_H_
#define SUNLIT_STORE_SQLITE_CONNECTION_H_

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "core/status.h"
#include "store/sqlite/statement.h"

namespace sunlit::store::sqlite {

enum class ConnectionRole {
  kWriter,  // read-write transactions: large page cache, temp tables in memory
  kReader,  // read-only snapshots, and the background checkpointer
};

struct ConnectionOptions {
  int busy_timeout_ms = 5000;
  // Page size of a database created by this connection (existing files keep theirs).
  int page_size = 8192;
  // Page cache of writer connections, in KiB (PRAGMA cache_size = -N).
  int64_t writer_cache_kib = 262144;
  // Reader connections map up to this many bytes of the database file (PRAGMA mmap_size)
  // instead of copying each page they read through pread: the page cache of the OS is then
  // shared by every reader. 0 = no mapping.
  int64_t reader_mmap_bytes = 0;
  // When set, installed as the WAL hook of writer connections (which disables SQLite's own
  // auto-checkpoint on them); see sqlite3_wal_hook.
  int (*wal_hook)(void*, sqlite3*, const char*, int) = nullptr;
  void* wal_hook_arg = nullptr;
};

class Connection {
 public:
  // Opens (creating when missing) the database file at `path` and applies the PRAGMAs.
  // Errors: kUnavailable when the file cannot be opened or is not a database, or when WAL
  // mode cannot be enabled.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, ConnectionRole role,
                                                  const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() const { return db_; }
  ConnectionRole role() const { return role_; }

  // Runs `sql` (one or more statements without parameters).
  Status Exec(std::string_view sql);
  // Runs one statement without parameters through the statement cache: for the frequent
  // BEGIN / COMMIT / ROLLBACK of every transaction, which Exec would parse each time.
  Status ExecCached(std::string_view sql);
  // The cached prepared statement for `sql`, prepared on first use. The pointer stays valid
  // for the life of the connection. REQUIRES: the caller resets it after use (Run() does).
  Result<Statement*> Cached(std::string_view sql);
  // Runs a query returning one integer (first column of the first row; `fallback` when no
  // row or NULL).
  Result<int64_t> QueryInt(std::string_view sql, int64_t fallback);
  // Asks for journal mode `mode` ("WAL", "DELETE") and returns the mode now in effect, in
  // lower case: SQLite keeps the old mode, or fails with SQLITE_BUSY, when it cannot switch
  // (leaving WAL needs every other connection to the file closed). REQUIRES: no open
  // transaction; `mode` is a constant, not input (PRAGMA arguments cannot be bound).
  Result<std::string> SetJournalMode(std::string_view mode);
  // The same through the statement cache.
  Result<int64_t> QueryIntCached(std::string_view sql, int64_t fallback);
  // True when no transaction is open on this connection.
  bool autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

 private:
  Connection(sqlite3* db, ConnectionRole role) : db_(db), role_(role) {}
  Status Configure(const ConnectionOptions& options);

  sqlite3* db_;
  ConnectionRole role_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace sunlit::store::sqlite

#endif  // SUNLIT_STORE_SQLITE_CONNECTION_H_
