// Backup and restore: the order of the steps is the contract — check everything that can be
// checked before the target is touched, verify everything after.
#include "ops/backup.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "draw/sha256.h"
#include "ledger/ledger.h"
#include "ops/digest.h"
#include "ops/migrate.h"
#include "ops/pg_tools.h"
#include "store/catalog.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_backup.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace sunlit::ops {
namespace {

constexpr char kProgram[] = "sunlit 0.1.0";

bool Exists(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0;
}

// Removes a SQLite database file and its companions.
void RemoveDbFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::remove((path + suffix).c_str());
  }
}

void Say(const ProgressLine& progress, const std::string& line) {
  if (progress) progress(line);
}

std::string Percent(int64_t done, int64_t total) {
  return std::to_string(total > 0 ? done * 100 / total : 100) + " %";
}

std::string ToolPath(const std::string& configured) {
  if (!configured.empty()) return configured;
  const char* path = std::getenv("PATH");
  return path != nullptr ? path : "/usr/bin:/bin";
}

// The ledger and table digests of `store` (a consistent read), for a manifest.
Status Describe(store::Store& db, store::Transaction& tx, Manifest& m) {
  SUNLIT_ASSIGN_OR_RETURN(const store::Dialect dialect, store::DialectOf(db));
  SUNLIT_ASSIGN_OR_RETURN(const auto head, LedgerHead(tx));
  m.ledger_size = head.first;
  m.ledger_root = head.second;
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::LedgerCheckpointRow> cp, tx.LatestLedgerCheckpoint());
  m.ledger_checkpoint_at = cp.has_value() ? cp->at : "";
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::TableInfo> tables, store::ListTables(tx.sql(), dialect));
  SUNLIT_ASSIGN_OR_RETURN(m.tables, DigestTables(tx, dialect, tables));
  m.schema_version = db.SchemaVersion();
  return Status::Ok();
}

// Checks a restored (or about to be restored) database against the manifest: the full log
// verification, its size and root, and every table's digest.
Status CheckAgainstManifest(store::Store& db, const Manifest& m, RestoreReport* report) {
  Result<ledger::Checkpoint> verified = ledger::Ledger::Verify(db);
  if (!verified.ok()) {
    return DataLoss("the restored transparency log does not verify: " + verified.status().message());
  }
  const std::string root = draw::ToHex(verified->root);
  if (verified->size != m.ledger_size || root != m.ledger_root) {
    return DataLoss("the restored transparency log (" + std::to_string(verified->size) +
                    " events, root " + root + ") is not the one in the manifest (" +
                    std::to_string(m.ledger_size) + " events, root " + m.ledger_root + ")");
  }
  SUNLIT_ASSIGN_OR_RETURN(const store::Dialect dialect, store::DialectOf(db));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, db.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::TableInfo> tables, store::ListTables(tx->sql(), dialect));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<TableDigest> digests, DigestTables(*tx, dialect, tables));
  if (db.SchemaVersion() == m.schema_version) {
    const std::vector<std::string> diff = CompareDigests(m.tables, digests);
    if (!diff.empty()) {
      std::string all;
      for (const std::string& d : diff) all += (all.empty() ? "" : "; ") + d;
      return DataLoss("the restored database differs from the manifest: " + all);
    }
  }
  if (report != nullptr) {
    report->ledger_size = verified->size;
    report->ledger_root = root;
    report->tables_checked = static_cast<int>(digests.size());
  }
  return Status::Ok();
}

Result<Manifest> BackupSqlite(const std::string& path, std::string_view url,
                              const std::string& out_path, const BackupOptions& options) {
  if (!Exists(path)) return NotFound("there is no database at " + path);
  const std::string snapshot = out_path + ".db-partial";
  if (Exists(snapshot)) {
    return FailedPrecondition(snapshot + " is left from an interrupted backup; remove it first");
  }
  Manifest m;
  m.backend = "sqlite";
  m.payload = std::string(kPayloadSqlite);
  m.created_at = options.clock ? options.clock() : store::sqlite::SystemUtcNow();
  m.program = kProgram;
  Status s = [&]() -> Status {
    store::sqlite::FileCopyOptions copy;
    copy.pages_per_step = options.pages_per_step;
    int64_t reported = -1;
    copy.progress = [&](int64_t done, int64_t total) {
      if (options.on_step) options.on_step(done, total);
      const int64_t tenth = total > 0 ? done * 10 / total : 10;
      if (tenth != reported) {
        reported = tenth;
        Say(options.progress, "copying pages " + std::to_string(done) + "/" +
                                  std::to_string(total) + " (" + Percent(done, total) + ")");
      }
    };
    Say(options.progress, "snapshot of " + path);
    SUNLIT_RETURN_IF_ERROR(store::sqlite::SnapshotDatabaseFile(path, snapshot, copy));
    {
      Say(options.progress, "verifying the snapshot: transparency log and table digests");
      SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> copy_store,
                              store::Open("sqlite:" + snapshot));
      Result<ledger::Checkpoint> verified = ledger::Ledger::Verify(*copy_store);
      if (!verified.ok()) {
        return DataLoss("the database's transparency log does not verify: " +
                            verified.status().message() + "; no backup was written",
                        verified.status().detail());
      }
      SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, copy_store->BeginRead());
      SUNLIT_RETURN_IF_ERROR(Describe(*copy_store, *tx, m));
    }
    // The store is closed: its WAL has been folded into the file, which no longer changes.
    m.source = "sqlite:" + std::string(url.starts_with("sqlite:") ? url.substr(7) : url);
    Say(options.progress, "writing " + out_path);
    return WriteBackupFile(out_path, m, snapshot);
  }();
  RemoveDbFiles(snapshot);
  if (!s.ok()) return s;
  SUNLIT_ASSIGN_OR_RETURN(OpenedBackup written, ReadBackupFile(out_path, /*check_payload=*/false));
  return written.manifest;
}

Result<Manifest> BackupPostgres(std::string_view url, const std::string& out_path,
                                const BackupOptions& options) {
  if (Exists(out_path)) return AlreadyExists(out_path + " already exists");
  SUNLIT_ASSIGN_OR_RETURN(PgConnection conn, SplitPgUrl(url));
  SUNLIT_ASSIGN_OR_RETURN(std::string pg_dump, FindPgTool("pg_dump", ToolPath(options.tool_path)));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db, store::Open(url));
  Manifest m;
  m.backend = "postgresql";
  m.payload = std::string(kPayloadPgDump);
  m.created_at = options.clock ? options.clock() : store::sqlite::SystemUtcNow();
  m.program = kProgram;
  m.source = db->Describe();
  const std::string dump = out_path + ".dump-partial";
  Status s = [&]() -> Status {
    // One snapshot for the manifest and the dump: pg_dump --snapshot joins this read
    // transaction's snapshot, which stays valid while the transaction is open.
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, db->BeginRead());
    std::string snapshot;
    // (PgSql runs exactly this text outside its per-statement savepoint: kExportSnapshotSql.)
    SUNLIT_RETURN_IF_ERROR(tx->sql().Query("SELECT pg_export_snapshot()", {},
                                           [&](const store::SqlRow& row) {
                                             snapshot = row.String(0);
                                             return false;
                                           }));
    Say(options.progress, "table digests of " + m.source);
    SUNLIT_RETURN_IF_ERROR(Describe(*db, *tx, m));
    Say(options.progress, "pg_dump of " + m.source);
    SUNLIT_RETURN_IF_ERROR(RunTool(PgDumpCommand(pg_dump, conn, snapshot, dump)));
    tx.reset();
    Say(options.progress, "writing " + out_path);
    return WriteBackupFile(out_path, m, dump);
  }();
  std::remove(dump.c_str());
  if (!s.ok()) return s;
  SUNLIT_ASSIGN_OR_RETURN(OpenedBackup written, ReadBackupFile(out_path, /*check_payload=*/false));
  return written.manifest;
}

// A private temporary directory; removed (with its files) by the destructor.
class TempDir {
 public:
  static Result<std::unique_ptr<TempDir>> Create(const std::string& parent) {
    std::string templ = parent + "/.sunlit-restore-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) {
      return Unavailable("cannot create a temporary directory in " + parent);
    }
    return std::unique_ptr<TempDir>(new TempDir(templ));
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

std::string ParentDir(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string parent = p.parent_path().string();
  return parent.empty() ? "." : parent;
}

}  // namespace

Result<DbTarget> ParseDbUrl(std::string_view url) {
  DbTarget t;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    t.postgres = true;
    return t;
  }
  if (url.starts_with("sqlite:")) {
    t.sqlite_path = std::string(url.substr(7));
  } else {
    const size_t colon = url.find(':');
    const size_t slash = url.find('/');
    if (colon != std::string_view::npos && colon >= 2 && (slash == std::string_view::npos || colon < slash)) {
      return InvalidArgument("unknown database URL; use sqlite:PATH or postgresql://…");
    }
    t.sqlite_path = std::string(url);
  }
  if (t.sqlite_path.empty()) return InvalidArgument("the database path is empty");
  return t;
}

Result<Manifest> Backup(std::string_view db_url, const std::string& out_path,
                        const BackupOptions& options) {
  if (out_path.empty()) return InvalidArgument("the backup file name is empty");
  if (Exists(out_path)) return AlreadyExists(out_path + " already exists");
  SUNLIT_ASSIGN_OR_RETURN(const DbTarget target, ParseDbUrl(db_url));
  if (target.postgres) return BackupPostgres(db_url, out_path, options);
  return BackupSqlite(target.sqlite_path, db_url, out_path, options);
}

Result<RestoreReport> Restore(const std::string& backup_path, std::string_view db_url,
                              const RestoreOptions& options) {
  SUNLIT_ASSIGN_OR_RETURN(const DbTarget target, ParseDbUrl(db_url));
  SUNLIT_ASSIGN_OR_RETURN(OpenedBackup backup, ReadBackupFile(backup_path, /*check_payload=*/false));
  const Manifest& m = backup.manifest;
  Say(options.progress, "backup of " + m.source + " made " + m.created_at + " by " + m.program +
                            ": schema " + std::to_string(m.schema_version) + ", " +
                            std::to_string(m.ledger_size) + " log events");
  if (m.schema_version > store::sqlite::LatestSchemaVersion()) {
    return FailedPrecondition("the backup was written by a newer version of Sunlit (schema " +
                              std::to_string(m.schema_version) + "; this program knows up to " +
                              std::to_string(store::sqlite::LatestSchemaVersion()) + ")");
  }
  const bool pg_backup = m.backend == "postgresql";
  if (pg_backup != target.postgres) {
    return InvalidArgument(std::string("this is a backup of a ") +
                           (pg_backup ? "PostgreSQL" : "SQLite") +
                           " database; restore it into that kind of database, then use `sunlit "
                           "migrate` to move it");
  }

  // 1. The payload, out of the file and checked against its SHA-256.
  const std::string work_parent = target.postgres ? ParentDir(backup_path)
                                                  : ParentDir(target.sqlite_path);
  if (!target.postgres) {
    std::error_code ec;
    std::filesystem::create_directories(work_parent, ec);
  }
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<TempDir> work, TempDir::Create(work_parent));
  const std::string payload = work->path() + (pg_backup ? "/payload.dump" : "/payload.db");
  int64_t reported = -1;
  Say(options.progress, "checking " + backup_path);
  SUNLIT_RETURN_IF_ERROR(ExtractPayload(backup_path, backup, payload, [&](int64_t done, int64_t total) {
    const int64_t tenth = total > 0 ? done * 10 / total : 10;
    if (tenth != reported) {
      reported = tenth;
      Say(options.progress, "checked " + Percent(done, total) + " of the backup");
    }
  }));

  // 2. SQLite: the snapshot itself, before it replaces anything.
  if (!pg_backup) {
    Say(options.progress, "verifying the backed-up database");
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> copy, store::Open("sqlite:" + payload));
    SUNLIT_RETURN_IF_ERROR(CheckAgainstManifest(*copy, m, nullptr));
  }

  // 3. The target: must be empty unless forced.
  {
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db, store::Open(db_url));
    SUNLIT_ASSIGN_OR_RETURN(const store::Dialect dialect, store::DialectOf(*db));
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, db->BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(std::vector<store::TableInfo> tables, store::ListTables(tx->sql(), dialect));
    SUNLIT_ASSIGN_OR_RETURN(std::vector<std::string> busy, NonEmptyTables(*tx, tables));
    if (!busy.empty() && !options.force) {
      std::string names;
      for (size_t i = 0; i < busy.size() && i < 5; ++i) names += (i ? ", " : "") + busy[i];
      if (busy.size() > 5) names += ", …";
      return FailedPrecondition("the target database is not empty (" + names +
                                "); restore replaces everything in it only with --force");
    }
    if (!busy.empty()) Say(options.progress, "--force: replacing a database that holds data");
  }

  // 4. Replace.
  if (pg_backup) {
    SUNLIT_ASSIGN_OR_RETURN(PgConnection conn, SplitPgUrl(db_url));
    SUNLIT_ASSIGN_OR_RETURN(std::string pg_restore,
                            FindPgTool("pg_restore", ToolPath(options.tool_path)));
    Say(options.progress, "pg_restore into the target (one transaction)");
    SUNLIT_RETURN_IF_ERROR(RunTool(PgRestoreCommand(pg_restore, conn, payload)));
  } else {
    store::sqlite::FileCopyOptions copy;
    int64_t reported_pages = -1;
    copy.progress = [&](int64_t done, int64_t total) {
      const int64_t tenth = total > 0 ? done * 10 / total : 10;
      if (tenth != reported_pages) {
        reported_pages = tenth;
        Say(options.progress, "writing pages " + std::to_string(done) + "/" +
                                  std::to_string(total) + " (" + Percent(done, total) + ")");
      }
    };
    SUNLIT_RETURN_IF_ERROR(
        store::sqlite::ReplaceDatabaseContent(payload, target.sqlite_path, copy));
  }

  // 5. Verify what the target now holds.
  Say(options.progress, "verifying the restored database: transparency log and table digests");
  RestoreReport report;
  report.manifest = m;
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> restored, store::Open(db_url));
  SUNLIT_RETURN_IF_ERROR(CheckAgainstManifest(*restored, m, &report));
  return report;
}

}  // namespace sunlit::ops
