// `sunlit backup`, `sunlit restore` and `sunlit migrate` (docs/operations.md): whole-database
// operations of ops/. Results on stdout, progress on stderr.
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "ledger/ledger.h"
#include "ops/backup.h"
#include "ops/migrate.h"
#include "store/postgres/pg_store.h"
#include "store/store.h"

namespace sunlit::cli {
namespace {

void Progress(const char* command, const std::string& line) {
  std::fprintf(stderr, "sunlit %s: %s\n", command, line.c_str());
}

// Reminds the operator that the log's signing key lives outside the database.
void KeyNote(std::string_view url, const char* command) {
  Result<std::string> key = ledger::DefaultKeyPath(url);
  if (!key.ok()) return;
  struct stat st{};
  if (::stat(key->c_str(), &st) == 0) return;
  std::fprintf(stderr,
               "sunlit %s: note: there is no signing key at %s; the log verifies without it, but "
               "new events need the installation's key (ledger-ed25519.key, kept apart from "
               "backups)\n",
               command, key->c_str());
}

void PrintTables(const std::vector<ops::TableDigest>& tables) {
  for (const ops::TableDigest& t : tables) {
    std::printf("  %-28s %10lld rows  %s\n", t.table.c_str(), static_cast<long long>(t.rows),
                t.sha256.c_str());
  }
}

}  // namespace

int RunBackup(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 2, {"db", "out"}, {"quiet"});
  if (!args.ok()) return Fail(args.status(), 2);
  if (!args->positional().empty() || !args->Has("out")) {
    return Fail("usage: sunlit backup --db URL --out FILE", 2);
  }
  ops::BackupOptions options;
  if (!args->Has("quiet")) options.progress = [](const std::string& l) { Progress("backup", l); };
  const std::string url = args->Get("db", store::kDefaultUrl);
  const std::string out = args->Get("out");
  Result<ops::Manifest> m = ops::Backup(url, out, options);
  if (!m.ok()) return Fail("backup failed: " + m.status().message());
  std::printf("wrote %s: %lld bytes of %s, SHA-256 %s\n", out.c_str(),
              static_cast<long long>(m->payload_size), m->payload.c_str(),
              m->payload_sha256.c_str());
  std::printf("source %s, schema %d, created %s\n", m->source.c_str(), m->schema_version,
              m->created_at.c_str());
  std::printf("log %lld events, root %s\n", static_cast<long long>(m->ledger_size),
              m->ledger_root.c_str());
  std::printf("%zu tables:\n", m->tables.size());
  PrintTables(m->tables);
  return 0;
}

int RunRestore(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 2, {"db"}, {"force", "quiet"});
  if (!args.ok()) return Fail(args.status(), 2);
  if (args->positional().size() != 1 || !args->Has("db")) {
    return Fail("usage: sunlit restore FILE --db URL [--force]", 2);
  }
  ops::RestoreOptions options;
  options.force = args->Has("force");
  if (!args->Has("quiet")) options.progress = [](const std::string& l) { Progress("restore", l); };
  const std::string url = args->Get("db");
  Result<ops::RestoreReport> r = ops::Restore(args->positional()[0], url, options);
  if (!r.ok()) return Fail("restore failed: " + r.status().message());
  // The target as the store describes it: never the URL's password.
  const std::string target = store::postgres::DescribeUrl(url);
  std::printf("restored %s (from %s, created %s) into %s\n", args->positional()[0].c_str(),
              r->manifest.source.c_str(), r->manifest.created_at.c_str(), target.c_str());
  std::printf("verified %lld log events, root %s (as in the backup); %d tables match the backup's "
              "row counts and content hashes\n",
              static_cast<long long>(r->ledger_size), r->ledger_root.c_str(), r->tables_checked);
  KeyNote(url, "restore");
  return 0;
}

int RunMigrate(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 2, {"from", "to", "batch"}, {"quiet"});
  if (!args.ok()) return Fail(args.status(), 2);
  if (!args->positional().empty() || !args->Has("from") || !args->Has("to")) {
    return Fail("usage: sunlit migrate --from URL --to URL", 2);
  }
  const std::string from_url = args->Get("from");
  const std::string to_url = args->Get("to");
  if (from_url == to_url) return Fail("--from and --to name the same database", 2);
  ops::MigrateOptions options;
  if (args->Has("batch")) {
    const std::string b = args->Get("batch");
    if (b.empty() || b.size() > 6 || b.find_first_not_of("0123456789") != std::string::npos ||
        std::stoll(b) < 1) {
      return Fail("--batch must be a number of rows from 1 to 999999", 2);
    }
    options.batch_rows = std::stoll(b);
  }
  if (!args->Has("quiet")) {
    options.progress = [](const std::string& table, int64_t done, int64_t total) {
      if (total == 0 && done == 0) return;
      std::fprintf(stderr, "sunlit migrate: %s %lld/%lld rows\n", table.c_str(),
                   static_cast<long long>(done), static_cast<long long>(total));
    };
  }
  Result<std::unique_ptr<store::Store>> from = store::Open(from_url);
  if (!from.ok()) return Fail("cannot open the source: " + from.status().message());
  Result<std::unique_ptr<store::Store>> to = store::Open(to_url);
  if (!to.ok()) return Fail("cannot open the target: " + to.status().message());
  Result<ops::MigrateReport> r = ops::Migrate(**from, **to, options);
  if (!r.ok()) return Fail("migrate failed: " + r.status().message());
  int64_t rows = 0;
  for (const ops::TableDigest& t : r->tables) rows += t.rows;
  std::printf("migrated %s to %s: %zu tables, %lld rows\n", (*from)->Describe().c_str(),
              (*to)->Describe().c_str(), r->tables.size(), static_cast<long long>(rows));
  PrintTables(r->tables);
  std::printf("verified: every table's row count and content hash equal the source's; the log "
              "verifies, %lld events, root %s\n",
              static_cast<long long>(r->ledger_size), r->ledger_root.c_str());
  KeyNote(to_url, "migrate");
  return 0;
}

}  // namespace sunlit::cli
