// Tests of backup, restore and migrate on real SQLite files: the backup file's checks
// (truncation, a flipped byte, a foreign file, a newer schema), a backup taken while a
// writer commits, restore into a fresh database compared table by table and by its log,
// refusal of a non-empty target, and a verified sqlite → sqlite migration. The PostgreSQL
// legs (sqlite → postgresql → sqlite, pg_dump/pg_restore through the backup file) run on a
// PostgreSQL server (store/test_backend.h; in `make test` the ctest fixture `pg`).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "draw/sha256.h"
#include "ledger/ledger.h"
#include "ops/backup.h"
#include "ops/backup_file.h"
#include "ops/digest.h"
#include "ops/migrate.h"
#include "ops/pg_tools.h"
#include "store/catalog.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "store/store_conformance.h"
#include "store/test_backend.h"

namespace sunlit::ops {
namespace {

using store::testing::IsOk;
using store::testing::TempDir;

#define OPS_ASSERT_OK(expr) ASSERT_TRUE(IsOk(expr))
#define OPS_EXPECT_OK(expr) EXPECT_TRUE(IsOk(expr))

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

bool Exists(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0;
}

// A database with a little of everything the copy must carry: entities (a batch), the log
// (events, checkpoints, frontier, key) and a custom role next to a seeded one.
class Installation {
 public:
  Installation(const std::string& dir, const std::string& name) : dir_(dir), name_(name) {}

  std::string path() const { return dir_ + "/" + name_ + ".db"; }
  std::string url() const { return "sqlite:" + path(); }

  Status Open() {
    store::sqlite::SqliteOptions options;
    options.clock = store::testing::CountingClock();
    SUNLIT_ASSIGN_OR_RETURN(auto s, store::sqlite::SqliteStore::Open(path(), options));
    store_ = std::move(s);
    ledger::Ledger::Options lo;
    lo.key_path = dir_ + "/" + name_ + ".key";
    lo.clock = store::testing::CountingClock();
    SUNLIT_ASSIGN_OR_RETURN(ledger_, ledger::Ledger::Open(*store_, lo));
    return Status::Ok();
  }

  Status AddEntities(uint64_t from, uint64_t count) {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_->Begin());
    SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"entities", "test", "cli"}));
    std::vector<core::Entity> rows;
    for (uint64_t n = from; n < from + count; ++n) rows.push_back(store::testing::SyntheticEntity(n));
    SUNLIT_RETURN_IF_ERROR(tx->UpsertEntities(rows, batch).status());
    return tx->Commit();
  }

  Status AppendEvent(int n) {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_->Begin());
    SUNLIT_RETURN_IF_ERROR(
        ledger_->Append(*tx, {"test_event", "T-" + std::to_string(n),
                              "{\"n\":" + std::to_string(n) + "}"})
            .status());
    return tx->Commit();
  }

  Status AddRoles() {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_->Begin());
    SUNLIT_RETURN_IF_ERROR(tx->sql().Exec(
        "INSERT INTO roles (code, name_zh, name_en, builtin) VALUES ('custom', '自定义', "
        "'custom', 0), ('seeded', '内置', 'seeded', 1), ('another', '后加', 'another', 0)")
        .status());  // 'another' last: insertion order is not key order (the copy keeps both)
    SUNLIT_RETURN_IF_ERROR(tx->sql().Exec(
        "INSERT INTO role_grants (role_code, permission, scope) VALUES ('custom', 'x.read', "
        "'all'), ('seeded', 'y.read', 'own')").status());
    return tx->Commit();
  }

  Result<std::vector<TableDigest>> Digests() {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_->BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(auto tables, store::ListTables(tx->sql(), store::Dialect::kSqlite));
    return DigestTables(*tx, store::Dialect::kSqlite, tables);
  }

  store::Store& store() { return *store_; }
  void Close() {
    ledger_.reset();
    store_.reset();
  }

 private:
  std::string dir_, name_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ledger::Ledger> ledger_;
};

Result<std::vector<TableDigest>> DigestsOf(const std::string& url) {
  SUNLIT_ASSIGN_OR_RETURN(auto db, store::Open(url));
  SUNLIT_ASSIGN_OR_RETURN(const store::Dialect d, store::DialectOf(*db));
  SUNLIT_ASSIGN_OR_RETURN(auto tx, db->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(auto tables, store::ListTables(tx->sql(), d));
  return DigestTables(*tx, d, tables);
}

const TableDigest* Find(const std::vector<TableDigest>& v, std::string_view name) {
  for (const TableDigest& d : v) {
    if (d.table == name) return &d;
  }
  return nullptr;
}

class OpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    OPS_ASSERT_OK(source_.Open());
    OPS_ASSERT_OK(source_.AddEntities(0, 3000));
    for (int i = 0; i < 20; ++i) OPS_ASSERT_OK(source_.AppendEvent(i));
    OPS_ASSERT_OK(source_.AddRoles());
  }
  std::string Path(const std::string& name) const { return dir_.path() + "/" + name; }
  static BackupOptions Quick() {
    BackupOptions o;
    o.clock = [] { return std::string("2026-05-01T00:00:00Z"); };
    return o;
  }

  TempDir dir_;
  Installation source_{dir_.path(), "source"};
};

// --- catalog -------------------------------------------------------------------------------

TEST_F(OpsTest, CatalogListsTablesInDependencyOrder) {
  auto tx = source_.store().BeginRead();
  OPS_ASSERT_OK(tx);
  auto tables = store::ListTables((*tx)->sql(), store::Dialect::kSqlite);
  OPS_ASSERT_OK(tables);
  std::set<std::string> seen;
  for (const store::TableInfo& t : *tables) {
    for (const std::string& r : t.refers) EXPECT_TRUE(seen.count(r) > 0) << t.name << " before " << r;
    seen.insert(t.name);
    EXPECT_FALSE(t.key.empty()) << t.name;
  }
  EXPECT_EQ(seen.count("schema_migrations"), 0u);
  EXPECT_EQ(seen.count("entities"), 1u);
  const auto ev = std::find_if(tables->begin(), tables->end(),
                               [](const store::TableInfo& t) { return t.name == "ledger_events"; });
  ASSERT_NE(ev, tables->end());
  EXPECT_EQ(ev->key, std::vector<std::string>{"seq"});
  ASSERT_EQ(ev->columns.back().name, "leaf_hash");
  EXPECT_EQ(ev->columns.back().kind, store::ValueKind::kBlob);
  EXPECT_EQ(ev->columns.front().kind, store::ValueKind::kInteger);
  // Insertion order: the rowid where the key is not it (the log's keys), none where it is.
  for (const store::TableInfo& table : *tables) {
    if (table.name == "ledger_keys") {
      EXPECT_EQ(table.insertion_order, "rowid");
    } else if (table.name == "ledger_events") {
      EXPECT_EQ(table.insertion_order, "");  // seq is the rowid
    }
  }
  store::TableInfo t{"t", {{"a", store::ValueKind::kInteger}, {"b", store::ValueKind::kText}}, {"b"}, {}, ""};
  EXPECT_EQ(store::InsertStatement(t, store::Dialect::kSqlite, 2),
            "INSERT INTO \"t\" (\"a\", \"b\") VALUES (?, ?), (?, ?)");
  EXPECT_EQ(store::OrderedSelect(t, store::Dialect::kPostgres),
            "SELECT \"a\", \"b\" FROM \"t\" ORDER BY \"b\" COLLATE \"C\"");
  EXPECT_EQ(store::InsertionOrderedSelect(t, store::Dialect::kPostgres),
            store::OrderedSelect(t, store::Dialect::kPostgres));
  t.insertion_order = "ord";
  EXPECT_EQ(store::InsertionOrderedSelect(t, store::Dialect::kPostgres),
            "SELECT \"a\", \"b\" FROM \"t\" ORDER BY \"ord\"");
  t.insertion_order.clear();
  t.columns[0].identity_always = true;
  EXPECT_EQ(store::InsertStatement(t, store::Dialect::kPostgres, 1),
            "INSERT INTO \"t\" (\"a\", \"b\") OVERRIDING SYSTEM VALUE VALUES (?, ?)");
}

TEST_F(OpsTest, DigestChangesWithOneValue) {
  auto before = source_.Digests();
  OPS_ASSERT_OK(before);
  {
    auto tx = source_.store().Begin();
    OPS_ASSERT_OK(tx);
    OPS_ASSERT_OK((*tx)->sql().Exec("UPDATE entities SET name = name || 'x' WHERE id = 17"));
    OPS_ASSERT_OK((*tx)->Commit());
  }
  auto after = source_.Digests();
  OPS_ASSERT_OK(after);
  EXPECT_EQ(CompareDigests(*before, *after), std::vector<std::string>{"entities: content differs"});
  EXPECT_EQ(Find(*after, "entities")->rows, 3000);
}

// --- the backup file ---------------------------------------------------------------------

TEST_F(OpsTest, BackupRestoreRoundTrip) {
  const std::string file = Path("b.sunlit-backup");
  auto m = Backup(source_.url(), file, Quick());
  OPS_ASSERT_OK(m);
  EXPECT_EQ(m->backend, "sqlite");
  EXPECT_EQ(m->ledger_size, 20);
  EXPECT_EQ(m->created_at, "2026-05-01T00:00:00Z");
  EXPECT_EQ(m->source, source_.url());
  struct stat st{};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(Exists(file + ".db-partial"));
  auto source_digests = source_.Digests();
  OPS_ASSERT_OK(source_digests);
  EXPECT_EQ(m->tables, *source_digests);
  EXPECT_EQ(Backup(source_.url(), file, Quick()).status().code(), StatusCode::kAlreadyExists);

  const std::string target = "sqlite:" + Path("restored/sunlit.db");
  auto r = Restore(file, target);
  OPS_ASSERT_OK(r);
  EXPECT_EQ(r->ledger_size, 20);
  EXPECT_EQ(r->ledger_root, m->ledger_root);
  EXPECT_EQ(r->tables_checked, static_cast<int>(m->tables.size()));
  auto restored = DigestsOf(target);
  OPS_ASSERT_OK(restored);
  EXPECT_EQ(*restored, *source_digests);
  // The restored database is a working one: its guard triggers are there.
  auto db = store::Open(target);
  OPS_ASSERT_OK(db);
  auto tx = (*db)->Begin();
  OPS_ASSERT_OK(tx);
  EXPECT_FALSE((*tx)->sql().Exec("DELETE FROM ledger_events WHERE seq = 0").ok());
}

TEST_F(OpsTest, DamagedBackupsAreRefusedAndTheTargetIsUntouched) {
  const std::string file = Path("b.sunlit-backup");
  OPS_ASSERT_OK(Backup(source_.url(), file, Quick()));
  const std::string good = ReadFile(file);
  // A target that holds data, which no refused restore may change.
  Installation target(dir_.path(), "target");
  OPS_ASSERT_OK(target.Open());
  OPS_ASSERT_OK(target.AddEntities(100000, 10));
  target.Close();
  const std::string target_bytes = ReadFile(target.path());

  struct Case {
    std::string name;
    std::string bytes;
    StatusCode code;
    std::string says;
  };
  std::string flipped = good;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
  std::string bad_manifest = good;
  bad_manifest.replace(bad_manifest.find("\"ledger\""), 8, "\"lodger\"");
  const std::vector<Case> cases = {
      {"truncated", good.substr(0, good.size() - 4096), StatusCode::kDataLoss, "is truncated"},
      {"cut in the header", good.substr(0, 100), StatusCode::kDataLoss, "manifest is incomplete"},
      {"flipped byte", flipped, StatusCode::kDataLoss, "does not match the SHA-256"},
      {"appended bytes", good + "x", StatusCode::kDataLoss, "more than its manifest states"},
      {"not a backup", "SQLite format 3" + std::string(100, '\0'), StatusCode::kInvalidArgument,
       "is not a Sunlit backup file"},
      {"newer format", "SUNLIT-BACKUP 2\n{}\n", StatusCode::kInvalidArgument, "newer format"},
      {"broken manifest", bad_manifest, StatusCode::kDataLoss, "incomplete or malformed"},
      {"empty file", "", StatusCode::kInvalidArgument, "is not a Sunlit backup file"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string bad = Path("bad.sunlit-backup");
    WriteFile(bad, c.bytes);
    RestoreOptions force;
    force.force = true;  // even forced: the file is checked first
    Result<RestoreReport> r = Restore(bad, target.url(), force);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), c.code) << r.status().message();
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << r.status().message();
    EXPECT_EQ(ReadFile(target.path()), target_bytes) << "the target changed";
    EXPECT_FALSE(Exists(Path("fresh.db")));
    EXPECT_FALSE(Restore(bad, "sqlite:" + Path("fresh.db")).ok());
    EXPECT_FALSE(Exists(Path("fresh.db"))) << "a refused restore created its target";
  }
  EXPECT_EQ(Restore(Path("missing"), target.url()).status().code(), StatusCode::kNotFound);
}

TEST_F(OpsTest, RestoreRefusesANewerSchemaAndANonEmptyTarget) {
  const std::string file = Path("b.sunlit-backup");
  OPS_ASSERT_OK(Backup(source_.url(), file, Quick()));
  // The same payload under a manifest from the future.
  auto opened = ReadBackupFile(file);
  OPS_ASSERT_OK(opened);
  const std::string payload = Path("payload.db");
  OPS_ASSERT_OK(ExtractPayload(file, *opened, payload));
  Manifest future = opened->manifest;
  future.schema_version = 999;
  OPS_ASSERT_OK(WriteBackupFile(Path("future.sunlit-backup"), future, payload));
  Result<RestoreReport> r = Restore(Path("future.sunlit-backup"), "sqlite:" + Path("f/x.db"));
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("newer version of Sunlit"), std::string::npos);
  EXPECT_FALSE(Exists(Path("f/x.db")));

  // A SQLite backup is not restored into PostgreSQL (migrate does that).
  r = Restore(file, "postgresql://localhost/sunlit");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("sunlit migrate"), std::string::npos);

  // Non-empty target: refused, unchanged; --force replaces it.
  Installation target(dir_.path(), "target");
  OPS_ASSERT_OK(target.Open());
  OPS_ASSERT_OK(target.AddEntities(200000, 5));
  target.Close();
  const std::string before = ReadFile(target.path());
  r = Restore(file, target.url());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("not empty (batches, entities"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(ReadFile(target.path()), before);
  RestoreOptions force;
  force.force = true;
  OPS_ASSERT_OK(Restore(file, target.url(), force));
  auto restored = DigestsOf(target.url());
  OPS_ASSERT_OK(restored);
  auto expected = source_.Digests();
  OPS_ASSERT_OK(expected);
  EXPECT_EQ(*restored, *expected);
}

// A writer commits entities and log events all through the backup; the backup is the state
// at its start (a consistent snapshot: the log verifies and matches the manifest) and the
// writer never waited for it.
TEST_F(OpsTest, BackupWhileAWriterCommits) {
  std::mutex mu;
  std::condition_variable cv;
  int commits = 0;
  std::atomic<bool> stop{false};
  Status writer_status;
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      Status s = source_.AppendEvent(1000 + i);
      if (s.ok()) s = source_.AddEntities(10000 + static_cast<uint64_t>(i) * 10, 10);
      if (!s.ok()) {
        writer_status = s;
        break;
      }
      std::lock_guard<std::mutex> lock(mu);
      ++commits;
      cv.notify_all();
    }
    std::lock_guard<std::mutex> lock(mu);
    commits = 1 << 30;  // wake the backup if the writer stops
    cv.notify_all();
  });
  BackupOptions options = Quick();
  options.pages_per_step = 16;
  int steps = 0;
  int commits_at_first_step = -1;
  bool writer_blocked = false;
  options.on_step = [&](int64_t, int64_t) {
    // After each step, wait until the writer has committed twice more: the copy and the
    // writes interleave for certain.
    std::unique_lock<std::mutex> lock(mu);
    if (commits_at_first_step < 0) commits_at_first_step = commits;
    const int want = commits + 2;
    // Bounded: a writer blocked by the backup would fail the test, not hang it.
    if (!cv.wait_for(lock, std::chrono::seconds(60), [&] { return commits >= want; })) {
      writer_blocked = true;
    }
    ++steps;
  };
  const std::string file = Path("live.sunlit-backup");
  auto m = Backup(source_.url(), file, options);
  stop = true;
  writer.join();
  OPS_ASSERT_OK(writer_status);
  OPS_ASSERT_OK(m);
  EXPECT_FALSE(writer_blocked) << "the writer did not commit during the backup";
  ASSERT_GT(steps, 3);
  // The log and the entities kept growing during the copy; the backup holds the state of
  // its start.
  auto tx = source_.store().BeginRead();
  OPS_ASSERT_OK(tx);
  auto live_size = (*tx)->LedgerSize();
  OPS_ASSERT_OK(live_size);
  EXPECT_GE(*live_size, m->ledger_size + 2 * (steps - 1));
  EXPECT_LE(m->ledger_size, 20 + commits_at_first_step + 1);

  const std::string target = "sqlite:" + Path("restored.db");
  auto r = Restore(file, target);
  OPS_ASSERT_OK(r);
  EXPECT_EQ(r->ledger_size, m->ledger_size);
  auto db = store::Open(target);
  OPS_ASSERT_OK(db);
  auto v = ledger::Ledger::Verify(**db);
  OPS_ASSERT_OK(v);
  EXPECT_EQ(draw::ToHex(v->root), m->ledger_root);
  // Entities and events were committed together, so the snapshot has matching numbers:
  // 3000 + 10 per writer round that completed before it, and 20 + as many events.
  auto rtx = (*db)->BeginRead();
  OPS_ASSERT_OK(rtx);
  auto entities = (*rtx)->CountEntities();
  OPS_ASSERT_OK(entities);
  const int64_t rounds = m->ledger_size - 20;
  EXPECT_TRUE(*entities == 3000 + 10 * rounds || *entities == 3000 + 10 * (rounds - 1))
      << *entities << " entities, " << rounds << " rounds";
}

// --- migrate -------------------------------------------------------------------------------

TEST_F(OpsTest, MigrateSqliteToSqliteIsVerified) {
  const std::string target_url = "sqlite:" + Path("migrated/sunlit.db");
  auto to = store::Open(target_url);
  OPS_ASSERT_OK(to);
  // The target's standard roles (seeded at start-up) do not make it "non-empty".
  {
    auto tx = (*to)->Begin();
    OPS_ASSERT_OK(tx);
    OPS_ASSERT_OK((*tx)->sql().Exec(
        "INSERT INTO roles (code, name_zh, name_en, builtin) VALUES ('seeded', 's', 's', 1)"));
    OPS_ASSERT_OK((*tx)->sql().Exec(
        "INSERT INTO role_grants (role_code, permission, scope) VALUES ('seeded', 'z', 'all')"));
    OPS_ASSERT_OK((*tx)->Commit());
  }
  MigrateOptions options;
  options.batch_rows = 7;  // many batches and a partial last one
  std::map<std::string, int64_t> reported;
  options.progress = [&](const std::string& t, int64_t done, int64_t) { reported[t] = done; };
  auto report = Migrate(source_.store(), **to, options);
  OPS_ASSERT_OK(report);
  EXPECT_EQ(reported["entities"], 3000);
  EXPECT_EQ(report->ledger_size, 20);
  auto src = source_.Digests();
  OPS_ASSERT_OK(src);
  EXPECT_EQ(report->tables, *src);
  auto copied = DigestsOf(target_url);
  OPS_ASSERT_OK(copied);
  EXPECT_EQ(*copied, *src);
  EXPECT_EQ(Find(*copied, "role_grants")->rows, 2);  // the source's, not the seeded extra
  // Ids preserved, triggers back in force, a new row gets the next id.
  auto tx = (*to)->Begin();
  OPS_ASSERT_OK(tx);
  auto max_id = (*tx)->sql().QueryInt("SELECT max(id) FROM entities");
  OPS_ASSERT_OK(max_id);
  EXPECT_EQ(**max_id, 3000);
  EXPECT_FALSE((*tx)->sql().Exec("UPDATE ledger_events SET kind = 'x' WHERE seq = 1").ok());
  auto batch = (*tx)->BeginBatch({"entities", "after", "cli"});
  OPS_ASSERT_OK(batch);
  EXPECT_EQ(*batch, 2);
  tx->reset();

  // A second migration into the now non-empty target is refused, naming tables.
  auto again = Migrate(source_.store(), **to);
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("not empty (batches"), std::string::npos)
      << again.status().message();
}

TEST_F(OpsTest, MigrateFailureLeavesTheTargetEmpty) {
  // A source row the target refuses (a UNIQUE violation, smuggled past the source's index)
  // makes the whole copy roll back.
  {
    auto tx = source_.store().Begin();
    OPS_ASSERT_OK(tx);
    OPS_ASSERT_OK((*tx)->sql().Exec("DROP INDEX entities_code"));
    OPS_ASSERT_OK((*tx)->sql().Exec(
        "INSERT INTO entities SELECT 99999, code, name, type, status, region, industry, "
        "unit_code, tags, risk, last_inspected, address, created_batch, updated_batch "
        "FROM entities WHERE id = 1"));
    OPS_ASSERT_OK((*tx)->Commit());
  }
  auto to = store::Open("sqlite:" + Path("m2.db"));
  OPS_ASSERT_OK(to);
  auto r = Migrate(source_.store(), **to);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("copying table entities failed"), std::string::npos)
      << r.status().message();
  auto digests = DigestsOf("sqlite:" + Path("m2.db"));
  OPS_ASSERT_OK(digests);
  for (const TableDigest& d : *digests) EXPECT_EQ(d.rows, 0) << d.table;
}

// --- PostgreSQL client tools -------------------------------------------------------------

TEST(PgToolsTest, SplitsThePasswordOutOfTheUrl) {
  struct Case {
    std::string url, without, password;
    bool has;
  };
  const std::vector<Case> cases = {
      {"postgresql://u:secret@127.0.0.1:5433/sunlit", "postgresql://u@127.0.0.1:5433/sunlit",
       "secret", true},
      {"postgres://u:p%40ss%3Aw@h/db?sslmode=disable", "postgres://u@h/db?sslmode=disable",
       "p@ss:w", true},
      {"postgresql://u@h/db", "postgresql://u@h/db", "", false},
      {"postgresql:///sunlit?host=/run/postgresql", "postgresql:///sunlit?host=/run/postgresql", "",
       false},
      {"postgresql://u:@h/db", "postgresql://u@h/db", "", true},
  };
  for (const Case& c : cases) {
    auto r = SplitPgUrl(c.url);
    OPS_ASSERT_OK(r);
    EXPECT_EQ(r->url, c.without) << c.url;
    EXPECT_EQ(r->password, c.password) << c.url;
    EXPECT_EQ(r->has_password, c.has) << c.url;
  }
  EXPECT_EQ(SplitPgUrl("postgresql://u:bad%zz@h/db").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SplitPgUrl("sqlite:x.db").status().code(), StatusCode::kInvalidArgument);
}

TEST(PgToolsTest, CommandLinesNeverCarryThePassword) {
  auto db = SplitPgUrl("postgresql://sunlit:s3cret@127.0.0.1:5433/prod");
  OPS_ASSERT_OK(db);
  const ToolCommand dump = PgDumpCommand("/usr/bin/pg_dump", *db, "00000003-1", "/b/x.dump");
  EXPECT_EQ(dump.argv, (std::vector<std::string>{
                           "/usr/bin/pg_dump", "--format=custom", "--no-password",
                           "--file=/b/x.dump", "--snapshot=00000003-1",
                           "--dbname=postgresql://sunlit@127.0.0.1:5433/prod"}));
  EXPECT_EQ(dump.env, std::vector<std::string>{"PGPASSWORD=s3cret"});
  const ToolCommand restore = PgRestoreCommand("/usr/bin/pg_restore", *db, "/b/x.dump");
  EXPECT_EQ(restore.argv,
            (std::vector<std::string>{"/usr/bin/pg_restore", "--no-password", "--exit-on-error",
                                      "--single-transaction", "--clean", "--if-exists",
                                      "--no-owner", "--no-privileges",
                                      "--dbname=postgresql://sunlit@127.0.0.1:5433/prod",
                                      "/b/x.dump"}));
  for (const std::string& a : restore.argv) EXPECT_EQ(a.find("s3cret"), std::string::npos);
  auto nopass = SplitPgUrl("postgresql://sunlit@h/prod");
  OPS_ASSERT_OK(nopass);
  EXPECT_TRUE(PgDumpCommand("pg_dump", *nopass, "", "f").env.empty());
  EXPECT_EQ(PgDumpCommand("pg_dump", *nopass, "", "f").argv.size(), 5u);  // no --snapshot
}

TEST(PgToolsTest, FindsToolsInPathThenInTheNewestVersionDirectory) {
  TempDir dir;
  const std::string root = dir.path() + "/lib";
  for (const char* v : {"9.6", "15", "13", "notaversion"}) {
    std::filesystem::create_directories(root + "/" + v + "/bin");
    WriteFile(root + "/" + v + "/bin/pg_dump", "#!/bin/sh\n");
    ::chmod((root + "/" + v + "/bin/pg_dump").c_str(), 0755);
  }
  std::filesystem::create_directories(dir.path() + "/empty");
  auto found = FindPgTool("pg_dump", dir.path() + "/empty", root);
  OPS_ASSERT_OK(found);
  EXPECT_EQ(*found, root + "/15/bin/pg_dump");
  std::filesystem::create_directories(dir.path() + "/bin");
  WriteFile(dir.path() + "/bin/pg_dump", "#!/bin/sh\n");
  ::chmod((dir.path() + "/bin/pg_dump").c_str(), 0755);
  WriteFile(dir.path() + "/empty/pg_dump", "not executable");
  found = FindPgTool("pg_dump", dir.path() + "/empty:" + dir.path() + "/bin", root);
  OPS_ASSERT_OK(found);
  EXPECT_EQ(*found, dir.path() + "/bin/pg_dump");
  auto missing = FindPgTool("pg_restore", dir.path() + "/empty", root);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("postgresql-client"), std::string::npos);
}

TEST(PgToolsTest, RunToolReportsExitStatusAndStderrAndPassesTheEnvironment) {
  OPS_EXPECT_OK(RunTool({{"/bin/sh", "-c", "test \"$PGPASSWORD\" = 'se cret'"},
                         {"PGPASSWORD=se cret"}}));
  const Status s = RunTool({{"/bin/sh", "-c", "echo first >&2; echo 'pg_dump: boom' >&2; exit 3"}, {}});
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "sh failed (exit status 3): pg_dump: boom");
  EXPECT_EQ(RunTool({{"/nonexistent/pg_dump"}, {}}).code(), StatusCode::kUnavailable);
}

// --- PostgreSQL end to end ---------------------------------------------------------------
// On the server of SUNLIT_TEST_PG_URL or SUNLIT_TEST_PG_URL_FILE (the ctest fixture `pg`),
// fresh scratch databases per test (store/test_backend.h); skipped without a server unless
// SUNLIT_TEST_PG_REQUIRED=1.

#define OPS_REQUIRE_PG()                                                                  \
  do {                                                                                    \
    bool required_ = false;                                                               \
    const std::string skip_ = store::testing::BackendSkipReason("postgres", &required_); \
    if (!skip_.empty()) {                                                                 \
      if (required_) FAIL() << skip_;                                                     \
      GTEST_SKIP() << skip_;                                                              \
    }                                                                                     \
  } while (0)

TEST_F(OpsTest, PostgresMigrateBackupRestoreRoundTrip) {
  OPS_REQUIRE_PG();
  const std::string pg_a = store::testing::FreshPostgresDatabaseUrl();
  const std::string pg_b = store::testing::FreshPostgresDatabaseUrl();
  ASSERT_FALSE(pg_a.empty() || pg_b.empty());
  auto src = source_.Digests();
  OPS_ASSERT_OK(src);
  // sqlite → postgresql → sqlite, each leg verified by Migrate itself.
  auto a = store::Open(pg_a);
  OPS_ASSERT_OK(a);
  OPS_ASSERT_OK(Migrate(source_.store(), **a));
  OPS_EXPECT_OK(ledger::Ledger::Verify(**a));
  {
    // The log's keys keep their registration order: PostgreSQL's ord stands for SQLite's
    // rowid, is the engine's (not a copied column) and is what the copy orders by.
    auto tx = (*a)->BeginRead();
    OPS_ASSERT_OK(tx);
    auto tables = store::ListTables((*tx)->sql(), store::Dialect::kPostgres);
    OPS_ASSERT_OK(tables);
    const store::TableInfo* keys = nullptr;
    for (const store::TableInfo& t : *tables) {
      if (t.name == "ledger_keys") keys = &t;
    }
    ASSERT_NE(keys, nullptr);
    EXPECT_EQ(keys->insertion_order, "ord");
    EXPECT_EQ(keys->columns.size(), 3u);
  }
  auto back = store::Open("sqlite:" + Path("back.db"));
  OPS_ASSERT_OK(back);
  OPS_ASSERT_OK(Migrate(**a, **back));
  OPS_EXPECT_OK(ledger::Ledger::Verify(**back));
  auto round = DigestsOf("sqlite:" + Path("back.db"));
  OPS_ASSERT_OK(round);
  EXPECT_EQ(*round, *src);
  // pg_dump / pg_restore through the backup file.
  auto m = Backup(pg_a, Path("pg.sunlit-backup"), Quick());
  OPS_ASSERT_OK(m);
  EXPECT_EQ(m->tables, *src);
  auto r = Restore(Path("pg.sunlit-backup"), pg_b);
  OPS_ASSERT_OK(r);
  EXPECT_EQ(r->ledger_root, m->ledger_root);
  auto b = DigestsOf(pg_b);
  OPS_ASSERT_OK(b);
  EXPECT_EQ(*b, *src);
  {
    auto restored = store::Open(pg_b);
    OPS_ASSERT_OK(restored);
    auto verified = ledger::Ledger::Verify(**restored);
    OPS_ASSERT_OK(verified);
  }
  EXPECT_EQ(Restore(Path("pg.sunlit-backup"), pg_b).status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sunlit::ops
