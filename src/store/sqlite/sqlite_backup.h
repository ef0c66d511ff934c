// Whole-file copies of a SQLite database through SQLite's online backup API: a consistent
// snapshot of a database that is in use, and the replacement of a database's content by a
// snapshot. The building blocks of `sunlit backup` / `sunlit restore` for SQLite (ops/).
//
// These work on files, not on a SqliteStore: the copy uses its own connections, so it can
// run beside a server that has the database open. Thread-safety: each call is independent.
#ifndef SUNLIT_STORE_SQLITE_SQLITE_BACKUP_H_
#define SUNLIT_STORE_SQLITE_SQLITE_BACKUP_H_

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"

namespace sunlit::store::sqlite {

struct FileCopyOptions {
  // Pages copied per step of the backup API; progress is reported after each step.
  int pages_per_step = 2048;
  // Called after each step with the pages copied so far and the total (both > 0). May
  // block: the snapshot stays fixed meanwhile.
  std::function<void(int64_t done, int64_t total)> progress;
  // How long to wait for a lock held by another connection before kUnavailable.
  int busy_timeout_ms = 10000;
};

// Copies the database at `source_path` into the new file `dest_path` as one consistent
// snapshot: every page is read under a single read transaction, so writers that commit
// meanwhile (in this process or another) are neither blocked, in WAL mode, nor seen. The new
// file is synced to disk before return. Errors: kNotFound when there is no file at
// source_path; kAlreadyExists when dest_path exists; kDataLoss when the source is not a
// database; kUnavailable / kResourceExhausted for I/O, lock or disk-full failures (dest_path
// is then removed).
Status SnapshotDatabaseFile(const std::string& source_path, const std::string& dest_path,
                            const FileCopyOptions& options = {});

// Replaces the whole content of the database at `dest_path` (created when missing) by the
// database file at `source_path`, in one write transaction on dest_path: a connection that
// has dest_path open sees the old content or the new, never a mix, and a failure leaves the
// old content. The page size of dest_path becomes that of the source when no other
// connection has dest_path open (else they must be equal). Errors: kNotFound when there is
// no file at source_path; kUnavailable when dest_path stays locked beyond the busy timeout
// or cannot be written; kFailedPrecondition when the page sizes differ and cannot change.
Status ReplaceDatabaseContent(const std::string& source_path, const std::string& dest_path,
                              const FileCopyOptions& options = {});

}  // namespace sunlit::store::sqlite

#endif  // SUNLIT_STORE_SQLITE_SQLITE_BACKUP_H_
