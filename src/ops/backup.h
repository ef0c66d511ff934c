// Backup and restore of a whole Sunlit database (docs/operations.md).
//
// SQLite: the online backup API copies one consistent snapshot while the server goes on
// reading and writing (store/sqlite/sqlite_backup.h); restore writes it into the target in
// one transaction. PostgreSQL: pg_dump -Fc of the snapshot of a Sunlit read transaction
// (--snapshot), pg_restore --single-transaction (ops/pg_tools.h). Either way the payload
// goes into one backup file with a manifest (ops/backup_file.h): schema version, the
// transparency log's size and root, every table's row count and content hash.
//
// Backup checks what it wrote (the SQLite snapshot's log is verified in full before the
// file is written). Restore refuses a damaged or truncated file, a newer schema and a
// non-empty target (unless forced) before touching the target, then verifies the restored
// log against the manifest's root and every table against its digest.
#ifndef SUNLIT_OPS_BACKUP_H_
#define SUNLIT_OPS_BACKUP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ops/backup_file.h"

namespace sunlit::ops {

// Progress lines for people ("copying pages 2048/8192"); the CLI prints them on stderr.
using ProgressLine = std::function<void(const std::string&)>;

struct BackupOptions {
  ProgressLine progress;
  // UTC "YYYY-MM-DDTHH:MM:SSZ" for the manifest; empty: the system clock.
  std::function<std::string()> clock;
  // SQLite: pages copied per step, and a hook called after each step with pages done and
  // total (tests use it to let a writer commit in the middle of the copy).
  int pages_per_step = 2048;
  std::function<void(int64_t, int64_t)> on_step;
  // PostgreSQL: the PATH in which to look for pg_dump (empty: $PATH).
  std::string tool_path;
};

// Backs up the database at `db_url` into the new file `out_path`. Returns the manifest
// written. Errors: kNotFound when there is no database; kAlreadyExists when out_path
// exists; kDataLoss when the database's transparency log does not verify (no file is
// written); kUnavailable for I/O and tool failures.
Result<Manifest> Backup(std::string_view db_url, const std::string& out_path,
                        const BackupOptions& options = {});

struct RestoreOptions {
  bool force = false;  // replace a target that holds data
  ProgressLine progress;
  std::string tool_path;  // PostgreSQL: where to look for pg_restore (empty: $PATH)
};

struct RestoreReport {
  Manifest manifest;
  int64_t ledger_size = 0;  // as verified in the restored database
  std::string ledger_root;
  int tables_checked = 0;
};

// Restores the backup file at `backup_path` into the database at `db_url`. Errors, all
// before the target is changed: kNotFound (no file), kInvalidArgument (not a backup, or a
// backup of the other backend: restore into that backend and use `sunlit migrate`),
// kDataLoss (damaged or truncated file), kFailedPrecondition (written by a newer schema; the
// target holds data and !force). After the target changed: kDataLoss when the restored
// database does not verify against the manifest.
Result<RestoreReport> Restore(const std::string& backup_path, std::string_view db_url,
                              const RestoreOptions& options = {});

// What a database URL names, by the rules of store::Open: "sqlite:PATH" or a bare path →
// SQLite at PATH; postgresql:// or postgres:// → PostgreSQL. kInvalidArgument otherwise.
struct DbTarget {
  bool postgres = false;
  std::string sqlite_path;  // when !postgres
};
Result<DbTarget> ParseDbUrl(std::string_view url);

}  // namespace sunlit::ops

#endif  // SUNLIT_OPS_BACKUP_H_
