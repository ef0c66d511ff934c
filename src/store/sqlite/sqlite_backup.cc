// The online backup API (sqlite3_backup_*) driven step by step. The snapshot is pinned by
// an explicit read transaction on the source connection: without it each step would read
// the newest data and the backup would restart whenever another connection committed.
#include "store/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "store/sqlite/statement.h"

namespace sunlit::store::sqlite {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

Result<DbPtr> OpenDb(const std::string& path, int flags, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) return SqliteError(db.get(), rc, "open " + path);
  sqlite3_busy_timeout(db.get(), busy_timeout_ms);
  sqlite3_extended_result_codes(db.get(), 1);
  return db;
}

Status ExecSql(sqlite3* db, const char* sql) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, sql);
  return Status::Ok();
}

bool Exists(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0;
}

Status SyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Unavailable("cannot open " + path + " to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Unavailable("cannot sync " + path + " to disk");
  return Status::Ok();
}

// Runs `backup` to completion, reporting progress. Busy / locked steps are retried until
// the busy timeout has passed without progress.
Status RunBackup(sqlite3* dest, sqlite3_backup* backup, const FileCopyOptions& options,
                 const std::string& what) {
  using Clock = std::chrono::steady_clock;
  auto last_progress = Clock::now();
  while (true) {
    const int rc = sqlite3_backup_step(backup, options.pages_per_step);
    if (rc == SQLITE_DONE || rc == SQLITE_OK) {
      last_progress = Clock::now();
      const int total = sqlite3_backup_pagecount(backup);
      const int remaining = sqlite3_backup_remaining(backup);
      if (options.progress && total > 0) options.progress(total - remaining, total);
      if (rc == SQLITE_DONE) return Status::Ok();
      continue;
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      if (Clock::now() - last_progress > std::chrono::milliseconds(options.busy_timeout_ms)) {
        return SqliteError(dest, rc, what);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    return SqliteError(dest, rc, what);
  }
}

}  // namespace

Status SnapshotDatabaseFile(const std::string& source_path, const std::string& dest_path,
                            const FileCopyOptions& options) {
  if (!Exists(source_path)) return NotFound("there is no database at " + source_path);
  if (Exists(dest_path)) return AlreadyExists(dest_path + " already exists");
  SUNLIT_ASSIGN_OR_RETURN(DbPtr src,
                          OpenDb(source_path, SQLITE_OPEN_READONLY, options.busy_timeout_ms));
  // Pin one snapshot: a deferred BEGIN takes it at the first read.
  SUNLIT_RETURN_IF_ERROR(ExecSql(src.get(), "BEGIN"));
  SUNLIT_RETURN_IF_ERROR(ExecSql(src.get(), "SELECT count(*) FROM sqlite_schema"));

  Status s = [&]() -> Status {
    SUNLIT_ASSIGN_OR_RETURN(
        DbPtr dest, OpenDb(dest_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           options.busy_timeout_ms));
    // A private new file: no journal needed (a failure deletes it), synced once at the end.
    SUNLIT_RETURN_IF_ERROR(ExecSql(dest.get(), "PRAGMA journal_mode = OFF"));
    SUNLIT_RETURN_IF_ERROR(ExecSql(dest.get(), "PRAGMA synchronous = OFF"));
    sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", src.get(), "main");
    if (backup == nullptr) {
      return SqliteError(dest.get(), sqlite3_errcode(dest.get()), "backup init");
    }
    Status run = RunBackup(dest.get(), backup, options, "backup of " + source_path);
    const int fin = sqlite3_backup_finish(backup);
    if (run.ok() && fin != SQLITE_OK) run = SqliteError(dest.get(), fin, "backup finish");
    if (!run.ok()) return run;
    dest.reset();
    return SyncFile(dest_path);
  }();
  ExecSql(src.get(), "COMMIT").IgnoreError();  // a read transaction: nothing to lose
  if (!s.ok()) std::remove(dest_path.c_str());
  return s;
}

Status ReplaceDatabaseContent(const std::string& source_path, const std::string& dest_path,
                              const FileCopyOptions& options) {
  if (!Exists(source_path)) return NotFound("there is no database at " + source_path);
  SUNLIT_ASSIGN_OR_RETURN(DbPtr src,
                          OpenDb(source_path, SQLITE_OPEN_READONLY, options.busy_timeout_ms));
  SUNLIT_ASSIGN_OR_RETURN(
      DbPtr dest, OpenDb(dest_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                         options.busy_timeout_ms));
  // Leaving WAL succeeds only when nothing else has the file open; it lets the page size
  // follow the source. When others have it open the mode stays WAL and the sizes must match.
  sqlite3_exec(dest.get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", src.get(), "main");
  if (backup == nullptr) {
    return SqliteError(dest.get(), sqlite3_errcode(dest.get()), "backup init");
  }
  Status run = RunBackup(dest.get(), backup, options, "restore into " + dest_path);
  const int fin = sqlite3_backup_finish(backup);
  if (run.ok() && fin != SQLITE_OK) run = SqliteError(dest.get(), fin, "restore finish");
  if (!run.ok()) {
    if ((sqlite3_extended_errcode(dest.get()) & 0xff) == SQLITE_READONLY) {
      return FailedPrecondition(
          "the target database is in use and has another page size; stop the programs using "
          "it and restore again",
          run.detail());
    }
    return run;
  }
  SUNLIT_RETURN_IF_ERROR(ExecSql(dest.get(), "PRAGMA journal_mode = WAL"));
  return Status::Ok();
}

}  // namespace sunlit::store::sqlite
