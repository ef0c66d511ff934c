// Tests of the SQLite backend: the conformance suite instantiated for SQLite, then what only
// SQLite has (PRAGMAs, STRICT tables, migrations on a file, the busy timeout, Open's URL
// dispatch) and an opt-in import benchmark.
#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <numeric>
#include <span>
#include <thread>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/store_conformance.h"

namespace sunlit::store::testing {
namespace {

using sqlite::SqliteOptions;
using sqlite::SqliteStore;

#define STORE_ASSERT_OK(expr) ASSERT_TRUE(::sunlit::store::testing::IsOk(expr))
#define STORE_EXPECT_OK(expr) EXPECT_TRUE(::sunlit::store::testing::IsOk(expr))

std::string DbPath(const std::string& dir) { return dir + "/sunlit.db"; }

StoreFactory SqliteFactory() {
  return {"Sqlite", [](const std::string& dir, Clock clock) -> Result<std::unique_ptr<Store>> {
            SqliteOptions options;
            options.clock = std::move(clock);
            options.bulk_run_rows = 1000;  // several sorted runs even in small tests
            SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> store,
                                    SqliteStore::Open(DbPath(dir), std::move(options)));
            return std::unique_ptr<Store>(std::move(store));
          }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest, ::testing::Values(SqliteFactory()),
                         FactoryName);

// A plain connection to the file, bypassing the store (to tamper with it or inspect it).
class RawDb {
 public:
  explicit RawDb(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  int Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }
  std::string Error() const { return sqlite3_errmsg(db_); }
  int ExtendedError() const { return sqlite3_extended_errcode(db_); }

 private:
  sqlite3* db_ = nullptr;
};

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.path().empty()); }

  std::unique_ptr<SqliteStore> MustOpen(SqliteOptions options = {}) {
    options.clock = clock_;
    auto store = SqliteStore::Open(path(), std::move(options));
    EXPECT_TRUE(IsOk(store));
    return store.ok() ? std::move(store).value() : nullptr;
  }
  std::string path() const { return DbPath(dir_.path()); }

  TempDir dir_;
  Clock clock_ = CountingClock();
};

std::string Query(SqliteStore& store, std::string_view sql, bool writer = true) {
  Result<std::string> r = store.QueryForTesting(sql, writer);
  EXPECT_TRUE(IsOk(r)) << sql;
  return r.ok() ? *r : "<error>";
}

TEST_F(SqliteStoreTest, FreshDatabaseRecordsEveryMigration) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion(), sqlite::LatestSchemaVersion());
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(sqlite::Migrations().size()));
  EXPECT_EQ(Query(*store, "SELECT MAX(version) FROM schema_migrations"),
            std::to_string(sqlite::LatestSchemaVersion()));
  EXPECT_EQ(Query(*store, "SELECT applied_at FROM schema_migrations WHERE version = 1"),
            "2025-03-01T08:00:00Z");
  EXPECT_EQ(store->Describe(), "sqlite:" + path());
}

TEST_F(SqliteStoreTest, MigrationsAreNumberedWithoutGaps) {
  int want = 1;
  for (const sqlite::Migration& m : sqlite::Migrations()) {
    EXPECT_EQ(m.version, want++);
    EXPECT_FALSE(m.name.empty());
    EXPECT_FALSE(m.sql.empty());
  }
}

TEST_F(SqliteStoreTest, ReopeningAppliesNothing) {
  MustOpen().reset();
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(sqlite::Migrations().size()));
  // Stamped by the first open only (the clock has moved on since).
  EXPECT_EQ(Query(*store, "SELECT applied_at FROM schema_migrations WHERE version = 1"),
            "2025-03-01T08:00:00Z");
}

TEST_F(SqliteStoreTest, NewerDatabaseIsRefused) {
  MustOpen().reset();
  {
    RawDb raw(path());
    ASSERT_EQ(raw.Exec("INSERT INTO schema_migrations(version, applied_at) "
                       "VALUES (999, '2030-01-01T00:00:00Z')"),
              SQLITE_OK)
        << raw.Error();
  }
  auto store = SqliteStore::Open(path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.status().message(), "the database was written by a newer version of Sunlit");
  auto via_url = store::Open("sqlite:" + path());
  EXPECT_EQ(via_url.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SqliteStoreTest, PragmasAreSetOnEveryConnection) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  for (const bool writer : {true, false}) {
    SCOPED_TRACE(writer ? "writer" : "reader");
    EXPECT_EQ(Query(*store, "PRAGMA journal_mode", writer), "wal");
    EXPECT_EQ(Query(*store, "PRAGMA foreign_keys", writer), "1");
    EXPECT_EQ(Query(*store, "PRAGMA synchronous", writer), "1");  // NORMAL
    EXPECT_EQ(Query(*store, "PRAGMA busy_timeout", writer), "5000");
  }
  EXPECT_EQ(Query(*store, "PRAGMA cache_size", true), "-262144");
  EXPECT_EQ(Query(*store, "PRAGMA temp_store", true), "2");  // MEMORY
  EXPECT_EQ(Query(*store, "PRAGMA page_size", true), "8192");
}

TEST_F(SqliteStoreTest, ForeignKeysAreEnforced) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto r = store->QueryForTesting(
      "INSERT INTO units(code, name, department_code, region) VALUES ('U', 'u', 'NOPE', 1)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().detail().find("FOREIGN KEY"), std::string::npos) << r.status().detail();
}

TEST_F(SqliteStoreTest, EveryTableIsStrict) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Query(*store,
                  "SELECT COUNT(*) FROM pragma_table_list WHERE schema = 'main' AND "
                  "type = 'table' AND name NOT LIKE 'sqlite_%' AND strict = 0"),
            "0");
  // schema_migrations + 13 tables of migration 1, 4 of 2, 4 of 3, then the portable ones.
  EXPECT_GE(std::stoi(Query(*store,
                            "SELECT COUNT(*) FROM pragma_table_list WHERE schema = 'main' AND "
                            "type = 'table' AND strict = 1")),
            22 + 4);
  store.reset();
  RawDb raw(path());
  // A non-STRICT table would store these as given.
  EXPECT_EQ(raw.Exec("INSERT INTO regions(code, name, level, parent) VALUES (1, 'x', 'one', 0)"),
            SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.ExtendedError(), SQLITE_CONSTRAINT_DATATYPE) << raw.Error();
  EXPECT_EQ(raw.Exec("INSERT INTO departments(code, name, market_supervision) "
                     "VALUES ('X', 'x', 'yes')"),
            SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.ExtendedError(), SQLITE_CONSTRAINT_DATATYPE) << raw.Error();
  EXPECT_EQ(raw.Exec("INSERT INTO batches(kind, source, actor, at) VALUES ('k', 's', 'a', x'00')"),
            SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.Exec("INSERT INTO calendar_years(year, notice) VALUES (2025, 'n');"
                     "INSERT INTO calendar_days(date, year, kind, name) "
                     "VALUES ('2025-01-01', 2025, 'weekend', 'x')"),
            SQLITE_CONSTRAINT);  // the CHECK on kind
}

TEST_F(SqliteStoreTest, BulkImportDropsTheCodeIndexAndRestoresItOnCommitOrRollback) {
  SqliteOptions options;
  options.bulk_run_rows = 100;
  std::unique_ptr<SqliteStore> store = MustOpen(options);
  ASSERT_NE(store, nullptr);
  const std::string index_count =
      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'entities_code'";
  const std::string index_sql =
      "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'entities_code'";
  const std::string original = Query(*store, index_sql);
  EXPECT_EQ(original, "CREATE UNIQUE INDEX entities_code ON entities(code)");
  std::vector<core::Entity> rows;
  for (uint64_t i = 0; i < 1037; ++i) rows.push_back(SyntheticEntity((i * 7) % 1037));
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    auto batch = (*tx)->BeginBatch({"entities", "a.csv", "cli"});
    STORE_ASSERT_OK(batch);
    auto counts = (*tx)->UpsertEntities(rows, *batch);
    STORE_ASSERT_OK(counts);
    EXPECT_EQ(counts->created, 1037);
  }  // rolled back
  EXPECT_EQ(Query(*store, index_count), "1");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "0");
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    auto batch = (*tx)->BeginBatch({"entities", "a.csv", "cli"});
    STORE_ASSERT_OK(batch);
    STORE_ASSERT_OK((*tx)->UpsertEntities(std::span(rows).first(500), *batch));
    STORE_ASSERT_OK((*tx)->UpsertEntities(std::span(rows).subspan(500), *batch));
    STORE_ASSERT_OK((*tx)->Commit());
  }
  EXPECT_EQ(Query(*store, index_sql), original);
  EXPECT_EQ(Query(*store, "PRAGMA temp_store"), "2");  // MEMORY again after the index build
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "1037");
  EXPECT_EQ(Query(*store, "SELECT COUNT(DISTINCT code) FROM entities"), "1037");
  // Runs are written in code order, ids follow.
  EXPECT_EQ(Query(*store, "SELECT code FROM entities WHERE id = 1"), SyntheticCode(0));
  EXPECT_EQ(Query(*store,
                  "SELECT COUNT(*) FROM pragma_index_list('entities') WHERE name = "
                  "'entities_code' AND \"unique\" = 1"),
            "1");
  // The stored form of the columns.
  EXPECT_EQ(Query(*store, "SELECT tags FROM entities WHERE code = '" + SyntheticCode(5) + "'"),
            "food_production,fuel_retail");
  EXPECT_EQ(Query(*store,
                  "SELECT typeof(unit_code) FROM entities WHERE code = '" + SyntheticCode(1) + "'"),
            "null");
  EXPECT_EQ(
      Query(*store, "SELECT last_inspected FROM entities WHERE code = '" + SyntheticCode(1) + "'"),
      SyntheticEntity(1).last_inspected->ToString());
  EXPECT_EQ(
      Query(*store, "SELECT risk || '|' || type || '|' || status FROM entities WHERE code = '" +
                        SyntheticCode(0) + "'"),
      "|individual|active");
}

// --- the rollback-journal bulk load (sqlite_entities.cc) ---------------------------------

bool FileExists(const std::string& path) { return std::filesystem::exists(path); }

// Imports `rows` synthetic entities (from `first` on) in chunks in one transaction; commits
// when `commit`. `during` runs after the rows are written, before the commit.
void ImportSynthetic(Store& store, uint64_t first, uint64_t rows, bool commit,
                     const std::function<void()>& during = {}) {
  auto tx = store.Begin();
  STORE_ASSERT_OK(tx);
  auto batch = (*tx)->BeginBatch({"entities", "big.csv", "cli"});
  STORE_ASSERT_OK(batch);
  std::vector<core::Entity> chunk;
  for (uint64_t start = first; start < first + rows; start += 1000) {
    chunk.clear();
    for (uint64_t i = start; i < std::min(first + rows, start + 1000); ++i) {
      chunk.push_back(SyntheticEntity(i));
    }
    STORE_ASSERT_OK((*tx)->UpsertEntities(chunk, *batch));
  }
  if (during) during();
  if (commit) {
    STORE_ASSERT_OK((*tx)->Commit());
  }
}

TEST_F(SqliteStoreTest, BulkLoadIntoAnEmptyTableRunsInARollbackJournalThenReturnsToWal) {
  SqliteOptions options;
  options.bulk_run_rows = 1000;
  options.writer_cache_kib = 1024;  // pages reach the file during the load
  std::unique_ptr<SqliteStore> store = MustOpen(options);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(IsOk(store->BeginRead()));  // leaves an idle reader in the pool, which is closed
  Query(*store, "PRAGMA wal_checkpoint(TRUNCATE)");  // the schema into the file
  const auto before = std::filesystem::file_size(path());
  ImportSynthetic(*store, 0, 20000, true, [&] {
    EXPECT_TRUE(FileExists(path() + "-journal"));
    EXPECT_FALSE(FileExists(path() + "-wal"));
    EXPECT_GT(std::filesystem::file_size(path()), before + (1u << 20));
    // Other connections wait until the load ends.
    SqliteOptions impatient;
    impatient.busy_timeout_ms = 50;
    auto other = SqliteStore::Open(path(), impatient);
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.status().code(), StatusCode::kUnavailable);
  });
  EXPECT_FALSE(FileExists(path() + "-journal"));
  EXPECT_EQ(Query(*store, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Query(*store, "PRAGMA synchronous"), "1");
  EXPECT_EQ(Query(*store, "PRAGMA temp_store"), "2");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "20000");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM batches WHERE kind = 'entities'"), "1");
  EXPECT_EQ(Query(*store, "PRAGMA integrity_check"), "ok");
  // Readers work again, and writers go through the WAL: the table is no longer empty.
  auto read = store->BeginRead();
  STORE_ASSERT_OK(read);
  auto count = (*read)->CountEntities();
  STORE_ASSERT_OK(count);
  EXPECT_EQ(*count, 20000);
  ImportSynthetic(*store, 20000, 10, true, [&] { EXPECT_FALSE(FileExists(path() + "-journal")); });
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "20010");
}

TEST_F(SqliteStoreTest, RolledBackRollbackJournalLoadLeavesNothingAndReturnsToWal) {
  SqliteOptions options;
  options.writer_cache_kib = 1024;
  std::unique_ptr<SqliteStore> store = MustOpen(options);
  ASSERT_NE(store, nullptr);
  Query(*store, "PRAGMA wal_checkpoint(TRUNCATE)");  // the schema into the file
  const auto before = std::filesystem::file_size(path());
  ImportSynthetic(*store, 0, 20000, false, [&] { EXPECT_TRUE(FileExists(path() + "-journal")); });
  EXPECT_FALSE(FileExists(path() + "-journal"));
  EXPECT_EQ(std::filesystem::file_size(path()), before);  // appended pages truncated away
  EXPECT_EQ(Query(*store, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "0");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM batches"), "0");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'entities_code'"), "1");
}

TEST_F(SqliteStoreTest, BulkLoadStaysInTheWalWhenAnotherConnectionHasTheFileOpen) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  std::unique_ptr<SqliteStore> other = MustOpen();  // a second pool: another user of the file
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(IsOk(other->BeginRead()));  // its idle reader keeps the file open
  ImportSynthetic(*store, 0, 3000, true, [&] {
    EXPECT_FALSE(FileExists(path() + "-journal"));
    EXPECT_TRUE(FileExists(path() + "-wal"));
    // WAL mode: the other store reads (the committed, empty table) while the load runs.
    auto read = other->BeginRead();
    STORE_ASSERT_OK(read);
    auto count = (*read)->CountEntities();
    STORE_ASSERT_OK(count);
    EXPECT_EQ(*count, 0);
  });
  EXPECT_EQ(Query(*store, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "3000");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM batches"), "1");
  // The same when the other user is a transaction in this process.
  store.reset();
  other.reset();
  std::filesystem::remove(path());
  store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto reading = store->BeginRead();
  STORE_ASSERT_OK(reading);
  ImportSynthetic(*store, 0, 3000, true, [&] { EXPECT_FALSE(FileExists(path() + "-journal")); });
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "3000");
}

TEST_F(SqliteStoreTest, OnlyAFirstEntityBatchInAnUntouchedTransactionSwitchesJournals) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  {
    // Something read first: the transaction is not restarted.
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    STORE_ASSERT_OK((*tx)->LoadDepartments());
    STORE_ASSERT_OK((*tx)->BeginBatch({"entities", "a.csv", "cli"}));
    EXPECT_FALSE(FileExists(path() + "-journal"));
  }
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    STORE_ASSERT_OK((*tx)->BeginBatch({"units", "u.csv", "cli"}));
    EXPECT_FALSE(FileExists(path() + "-journal"));
  }
  SqliteOptions off;
  off.bulk_rollback_journal = false;
  store.reset();
  store = MustOpen(off);
  ASSERT_NE(store, nullptr);
  ImportSynthetic(*store, 0, 100, true, [&] { EXPECT_FALSE(FileExists(path() + "-journal")); });
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "100");
}

// A bulk load killed (SIGKILL) part-way, after it has appended pages to the file: the next
// open rolls the hot journal back, and the database is exactly as before.
TEST_F(SqliteStoreTest, KilledRollbackJournalLoadLeavesTheDatabaseAsItWas) {
  {
    std::unique_ptr<SqliteStore> store = MustOpen();
    ASSERT_NE(store, nullptr);
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    const core::Department d{"SCJG", "湘潭市市场监督管理局", true};
    STORE_ASSERT_OK((*tx)->UpsertDepartments({&d, 1}));
    STORE_ASSERT_OK((*tx)->Commit());
  }
  const auto before = std::filesystem::file_size(path());
  // The child must be the only thread of this process when it forks: no store is open.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    SqliteOptions options;
    options.bulk_run_rows = 1000;
    options.writer_cache_kib = 1024;
    auto store = SqliteStore::Open(path(), options);
    if (!store.ok()) _exit(2);
    auto tx = (*store)->Begin();
    if (!tx.ok()) _exit(3);
    auto batch = (*tx)->BeginBatch({"entities", "big.csv", "cli"});
    if (!batch.ok()) _exit(4);
    std::vector<core::Entity> chunk;
    for (uint64_t start = 0; start < 30000; start += 1000) {
      chunk.clear();
      for (uint64_t i = start; i < start + 1000; ++i) chunk.push_back(SyntheticEntity(i));
      if (!(*tx)->UpsertEntities(chunk, *batch).ok()) _exit(5);
    }
    raise(SIGKILL);
    _exit(6);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  // What the kill left: a hot journal and pages appended beyond the original size.
  EXPECT_TRUE(FileExists(path() + "-journal"));
  EXPECT_GT(std::filesystem::file_size(path()), before + (1u << 20));

  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(FileExists(path() + "-journal"));
  EXPECT_EQ(std::filesystem::file_size(path()), before);
  EXPECT_EQ(Query(*store, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Query(*store, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "0");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM batches"), "0");
  EXPECT_EQ(Query(*store, "SELECT name FROM departments WHERE code = 'SCJG'"),
            "湘潭市市场监督管理局");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'entities_code'"), "1");
  // And the import can simply be run again.
  ImportSynthetic(*store, 0, 3000, true);
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM entities"), "3000");
  EXPECT_EQ(Query(*store, "PRAGMA integrity_check"), "ok");
}

// Writers of one process take the write lock in the order they asked for it (the write gate,
// pool.cc). With SQLite's busy handler alone, a writer arriving while others slept between
// polls could take the lock first: under 32 concurrent writers some waited more than 2 s
// (bench/load). A writer that gives up at the gate leaves the queue without blocking it.
TEST_F(SqliteStoreTest, WritersTakeTheLockInArrivalOrder) {
  SqliteOptions options;
  options.busy_timeout_ms = 20000;
  std::unique_ptr<SqliteStore> store = MustOpen(options);
  ASSERT_NE(store, nullptr);
  auto first = store->Begin();
  STORE_ASSERT_OK(first);
  std::mutex mu;
  std::vector<int> order;
  std::vector<std::thread> writers;
  for (int i = 0; i < 5; ++i) {
    writers.emplace_back([&, i] {
      auto tx = store->Begin();
      STORE_ASSERT_OK(tx);
      {
        std::lock_guard<std::mutex> lock(mu);
        order.push_back(i);
      }
      STORE_EXPECT_OK((*tx)->Commit());
    });
    // The next writer starts only once this one waits at the gate.
    while (store->WriteGateWaitersForTesting() < static_cast<size_t>(i) + 1) {
      std::this_thread::yield();
    }
  }
  STORE_ASSERT_OK((*first)->Commit());
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(store->WriteGateWaitersForTesting(), 0u);

  // A writer that times out at the gate and at SQLite's lock is kUnavailable and leaves the
  // queue; the writers after it are not held up.
  SqliteOptions impatient_options;
  impatient_options.busy_timeout_ms = 50;
  std::unique_ptr<SqliteStore> impatient = MustOpen(impatient_options);
  ASSERT_NE(impatient, nullptr);
  auto holder = impatient->Begin();
  STORE_ASSERT_OK(holder);
  std::thread late([&] {
    auto tx = impatient->Begin();
    ASSERT_FALSE(tx.ok());
    EXPECT_EQ(tx.status().code(), StatusCode::kUnavailable);
  });
  late.join();
  EXPECT_EQ(impatient->WriteGateWaitersForTesting(), 0u);
  STORE_ASSERT_OK((*holder)->Commit());
  auto next = impatient->Begin();
  STORE_EXPECT_OK(next);
}

TEST_F(SqliteStoreTest, BusyBeyondTheTimeoutIsUnavailableWithoutSqlInTheMessage) {
  SqliteOptions options;
  options.busy_timeout_ms = 100;
  std::unique_ptr<SqliteStore> store = MustOpen(options);
  ASSERT_NE(store, nullptr);
  auto first = store->Begin();
  STORE_ASSERT_OK(first);
  const auto start = std::chrono::steady_clock::now();
  auto second = store->Begin();
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(second.status().message(), "the database is busy; try again later");
  EXPECT_NE(second.status().detail().find("BEGIN IMMEDIATE"), std::string::npos);
  EXPECT_GE(waited, std::chrono::milliseconds(90));
  // Readers are not blocked by the writer.
  auto reader = store->BeginRead();
  STORE_EXPECT_OK(reader);
}

TEST_F(SqliteStoreTest, TransactionMayOutliveItsStore) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  store.reset();
  const core::Department d{"SCJG", "市场监管局", true};
  STORE_EXPECT_OK((*tx)->UpsertDepartments({&d, 1}));
  STORE_EXPECT_OK((*tx)->Commit());
}

TEST_F(SqliteStoreTest, BadPathsAndFiles) {
  EXPECT_EQ(SqliteStore::Open("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SqliteStore::Open(":memory:").status().code(), StatusCode::kInvalidArgument);
  {
    std::ofstream junk(path(), std::ios::binary);
    junk << std::string(8192, 'x');
  }
  auto store = SqliteStore::Open(path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message(), "the database cannot be opened");
  // A directory where the file should be.
  std::filesystem::create_directories(dir_.path() + "/adir");
  EXPECT_EQ(SqliteStore::Open(dir_.path() + "/adir").status().code(), StatusCode::kUnavailable);
  // A parent that is a file.
  EXPECT_EQ(SqliteStore::Open(path() + "/x.db").status().code(), StatusCode::kUnavailable);
}

TEST_F(SqliteStoreTest, OpenDispatchesOnTheUrl) {
  const auto code = [](std::string_view url) { return store::Open(url).status().code(); };
  // PostgreSQL URLs go to the PostgreSQL backend (postgres/pg_store_test.cc): nothing listens
  // on port 1, so the server is unavailable rather than the URL invalid.
  EXPECT_EQ(code("postgresql://sunlit@127.0.0.1:1/sunlit"), StatusCode::kUnavailable);
  EXPECT_EQ(code("postgres://127.0.0.1:1/sunlit"), StatusCode::kUnavailable);
  EXPECT_EQ(code("mysql://localhost/sunlit"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("file:x.db"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(""), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("sqlite:"), StatusCode::kInvalidArgument);

  const std::string nested = dir_.path() + "/var/deeper/sunlit.db";
  auto store = store::Open("sqlite:" + nested);
  STORE_ASSERT_OK(store);
  EXPECT_TRUE(std::filesystem::exists(nested));
  EXPECT_EQ((*store)->Describe(), "sqlite:" + nested);
  EXPECT_EQ((*store)->SchemaVersion(), sqlite::LatestSchemaVersion());

  const std::string bare = dir_.path() + "/bare.db";
  auto bare_store = store::Open(bare);
  STORE_ASSERT_OK(bare_store);
  EXPECT_EQ((*bare_store)->Describe(), "sqlite:" + bare);
}

// Migration 3's triggers: what was frozen stays frozen even for raw SQL, and nothing of a draw
// is ever deleted or moved backwards.
TEST_F(SqliteStoreTest, TriggersProtectFrozenDrawsFromRawSql) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  DrawPoolRow row;
  row.draw_id = "XT-2026-0001";
  row.year = 2026;
  row.filter = "{}";
  row.params = "A:count:1;#0";
  row.quotas = "[]";
  row.sources = "[]";
  row.available_at = "2026-11-01T13:30:00Z";
  row.commitment = std::string(32, 'c');
  row.secret = std::string(32, 's');
  row.pool_root = std::string(32, 'r');
  row.pool_size = 1;
  row.strata = R"({"A":1})";
  row.frozen_at = "2026-10-30T02:00:00Z";
  row.actor = "alice";
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    STORE_ASSERT_OK((*tx)->CreateDrawPool(row, "91430302MA4L12345X" + std::string(1, '\0')));
    STORE_ASSERT_OK((*tx)->Commit());
  }
  RawDb raw(path());
  const auto refused = [&](const std::string& sql) {
    const int rc = raw.Exec(sql);
    EXPECT_EQ(rc, SQLITE_CONSTRAINT) << sql;
    EXPECT_EQ(raw.ExtendedError(), SQLITE_CONSTRAINT_TRIGGER) << sql << ": " << raw.Error();
  };
  for (const std::string column :
       {"params", "filter", "sources", "commitment", "pool_root", "pool_size", "strata", "secret",
        "quotas", "reserve", "available_at", "draw_id", "year", "previous_id"}) {
    SCOPED_TRACE(column);
    refused("UPDATE draw_pools SET " + column + " = " + column);  // even to the same value
  }
  refused("UPDATE draw_pools SET params = 'A:count:99;#0'");
  refused("DELETE FROM draw_pools");
  refused("UPDATE draw_pool_chunks SET members = members");
  refused("DELETE FROM draw_pool_chunks");
  // The snapshot is complete: no chunk can be added, even while the pool is frozen.
  refused(
      "INSERT INTO draw_pool_chunks(pool_id, chunk, members) "
      "SELECT id, 1, zeroblob(19) FROM draw_pools");
  // Skipping a state, or drawing without randomness.
  refused("UPDATE draw_pools SET state = 'drawn', record = '{}', record_hash = zeroblob(32)");
  refused("UPDATE draw_pools SET state = 'randomness_entered'");  // without randomness
  refused("INSERT INTO draw_entries VALUES (1, 'selected', 'A', 0, '91430302MA4L12345X', 'x')");

  ASSERT_EQ(raw.Exec("UPDATE draw_pools SET state = 'randomness_entered', randomness = '[[1]]'"),
            SQLITE_OK)
      << raw.Error();
  refused("UPDATE draw_pools SET state = 'frozen', randomness = NULL");
  refused("UPDATE draw_pools SET randomness = '[[2]]'");
  ASSERT_EQ(raw.Exec("UPDATE draw_pools SET state = 'drawn', record = '{}', "
                     "record_hash = zeroblob(32)"),
            SQLITE_OK)
      << raw.Error();
  refused("UPDATE draw_pools SET record = '{\"other\":1}'");
  refused("UPDATE draw_pools SET state = 'randomness_entered'");
  ASSERT_EQ(raw.Exec("INSERT INTO draw_entries VALUES (1, 'selected', 'A', 0, "
                     "'91430302MA4L12345X', 'x')"),
            SQLITE_OK)
      << raw.Error();
  refused("UPDATE draw_entries SET code = '91430302MA4L99999X'");
  refused("DELETE FROM draw_entries");
  ASSERT_EQ(raw.Exec("INSERT INTO draw_alternate_uses VALUES (1, 0, '91430302MA4L12345X', "
                     "'91430302MA4L99999X', '已注销', 'deregistered', 'now', 'dave')"),
            SQLITE_OK)
      << raw.Error();
  refused("UPDATE draw_alternate_uses SET reason = 'other'");
  refused("DELETE FROM draw_alternate_uses");
  EXPECT_EQ(Query(*store, "SELECT params || ' ' || state FROM draw_pools"), "A:count:1;#0 drawn");
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM draw_pool_chunks"), "1");
}

// Migration 2's triggers: the transparency log is append-only even for raw SQL (the store
// interface has no update or delete path at all); only the derived frontier row changes.
TEST_F(SqliteStoreTest, LedgerTablesRefuseUpdateAndDeleteFromRawSql) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    STORE_ASSERT_OK((*tx)->PutLedgerKey({"k1", std::string(32, 'k'), "2025-03-01T08:00:00Z"}));
    STORE_ASSERT_OK((*tx)->AppendLedgerEvent(
        {0, "2025-03-01T08:00:00Z", "pool_frozen", "XT-1", "{}", std::string(32, 'h')}));
    STORE_ASSERT_OK((*tx)->AppendLedgerCheckpoint(
        {1, std::string(32, 'r'), "2025-03-01T08:00:00Z", "k1", std::string(64, 's')}));
    STORE_ASSERT_OK((*tx)->SaveLedgerFrontier({1, std::string(32, 'h')}));
    STORE_ASSERT_OK((*tx)->Commit());
  }
  EXPECT_EQ(Query(*store,
                  "SELECT COUNT(*) FROM pragma_table_list WHERE name LIKE 'ledger_%' AND "
                  "strict = 1"),
            "4");
  RawDb raw(path());
  const auto refused = [&](const std::string& sql) {
    EXPECT_EQ(raw.Exec(sql), SQLITE_CONSTRAINT) << sql;
    EXPECT_EQ(raw.ExtendedError(), SQLITE_CONSTRAINT_TRIGGER) << sql << ": " << raw.Error();
  };
  refused("UPDATE ledger_events SET body = '{\"x\":1}' WHERE seq = 0");
  refused("UPDATE ledger_events SET seq = 7");
  refused("DELETE FROM ledger_events");
  refused("UPDATE ledger_checkpoints SET at = '2030-01-01T00:00:00Z'");
  refused("DELETE FROM ledger_checkpoints");
  refused("UPDATE ledger_keys SET public_key = zeroblob(32)");
  refused("DELETE FROM ledger_keys");
  // REPLACE would delete the conflicting row without firing the delete trigger.
  refused("INSERT OR REPLACE INTO ledger_events VALUES (0, 'x', 'k', 's', '{}', zeroblob(32))");
  refused("REPLACE INTO ledger_checkpoints VALUES (1, zeroblob(32), 'x', 'k1', zeroblob(64))");
  refused("INSERT OR REPLACE INTO ledger_keys VALUES ('k1', zeroblob(32), 'x')");
  refused(
      "INSERT INTO ledger_events VALUES (0, 'x', 'k', 's', '{}', zeroblob(32)) "
      "ON CONFLICT(seq) DO UPDATE SET body = excluded.body");
  // The column checks hold too.
  EXPECT_EQ(raw.Exec("INSERT INTO ledger_events VALUES (1, 'x', 'k', 's', '{}', zeroblob(31))"),
            SQLITE_CONSTRAINT);
  ASSERT_EQ(raw.Exec("PRAGMA foreign_keys = ON"), SQLITE_OK);  // as on the store's connections
  EXPECT_EQ(raw.Exec("INSERT INTO ledger_checkpoints VALUES "
                     "(2, zeroblob(32), 'x', 'unknown', zeroblob(64))"),
            SQLITE_CONSTRAINT);  // foreign key
  EXPECT_EQ(raw.Exec("INSERT INTO ledger_frontier VALUES (2, 0, x'')"), SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.Exec("UPDATE ledger_frontier SET size = 1"), SQLITE_OK) << raw.Error();
  std::string h_hex;
  for (int i = 0; i < 32; ++i) h_hex += "68";  // 'h'
  EXPECT_EQ(Query(*store, "SELECT body || ' ' || lower(hex(leaf_hash)) FROM ledger_events"),
            "{} " + h_hex);
  EXPECT_EQ(Query(*store, "SELECT COUNT(*) FROM ledger_checkpoints"), "1");
}

// --- benchmark ----------------------------------------------------------------------------
// Opt-in: SUNLIT_STORE_BENCH_ROWS=10000000 ./store_test --gtest_filter='*Bench*'
// Imports N synthetic entities in random order, in chunks of 10 000, in one transaction into
// an empty database; closes and reopens it; then re-upserts min(N, 1 000 000) of them with
// 10 % changed. SUNLIT_STORE_BENCH_DIR puts the database elsewhere than the temp dir.

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// CPU time of the calling thread: steadier than wall time on a shared machine.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

TEST(SqliteStoreBench, ImportAndReimportEntities) {
  const char* env = std::getenv("SUNLIT_STORE_BENCH_ROWS");
  if (env == nullptr) GTEST_SKIP() << "set SUNLIT_STORE_BENCH_ROWS (e.g. 10000000) to run";
  const uint64_t rows = std::strtoull(env, nullptr, 10);
  ASSERT_GT(rows, 0u);
  const char* bench_dir = std::getenv("SUNLIT_STORE_BENCH_DIR");
  TempDir temp;
  const std::string dir = bench_dir != nullptr ? std::string(bench_dir) : temp.path();
  const std::string path = dir + "/bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());

  // A permutation of 0..rows-1 that looks random: i -> (i * P + Q) mod rows, P coprime.
  uint64_t p = 2654435761u % rows;
  if (p == 0) p = 1;
  while (std::gcd(p, rows) != 1) ++p;
  const auto nth = [&](uint64_t i) { return (i * p + 12345) % rows; };
  constexpr uint64_t kChunk = 10000;

  using Clock = std::chrono::steady_clock;
  Clock::duration generate{}, upsert{};
  double cpu_generate = 0;
  std::vector<core::Entity> chunk;
  chunk.reserve(kChunk);
  const auto make_chunk = [&](uint64_t start, uint64_t end, bool change) {
    const auto t0 = Clock::now();
    const double c0 = ThreadCpuSeconds();
    chunk.clear();
    for (uint64_t i = start; i < end; ++i) {
      core::Entity e = SyntheticEntity(nth(i));
      if (change && i % 10 == 0) e.name += "（变更）";
      chunk.push_back(std::move(e));
    }
    generate += Clock::now() - t0;
    cpu_generate += ThreadCpuSeconds() - c0;
  };

  SqliteOptions bench_options;
  if (const char* page = std::getenv("SUNLIT_STORE_BENCH_PAGE")) {
    bench_options.page_size = static_cast<int>(std::strtol(page, nullptr, 10));
  }
  auto opened = SqliteStore::Open(path, bench_options);
  STORE_ASSERT_OK(opened);
  std::unique_ptr<SqliteStore> store = std::move(opened).value();
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    auto batch = (*tx)->BeginBatch({"entities", "bench.csv", "bench"});
    STORE_ASSERT_OK(batch);
    const double cpu0 = ThreadCpuSeconds();
    for (uint64_t start = 0; start < rows; start += kChunk) {
      make_chunk(start, std::min(rows, start + kChunk), false);
      const auto t0 = Clock::now();
      auto counts = (*tx)->UpsertEntities(chunk, *batch);
      upsert += Clock::now() - t0;
      STORE_ASSERT_OK(counts);
    }
    const double cpu1 = ThreadCpuSeconds();
    const auto t0 = Clock::now();
    STORE_ASSERT_OK((*tx)->Commit());
    const auto commit = Clock::now() - t0;
    const double cpu2 = ThreadCpuSeconds();
    std::error_code ec;
    const auto wal = std::filesystem::file_size(path + "-wal", ec);
    std::printf("[bench] WAL after the import commit: %.0f MiB\n",
                ec ? 0.0 : static_cast<double>(wal) / (1024.0 * 1024.0));
    std::printf(
        "[bench] import %llu rows: upserts %.2f s (CPU %.2f s), commit incl. index %.2f s (CPU "
        "%.2f s), store total %.2f s (+ %.2f s generating rows)\n",
        static_cast<unsigned long long>(rows), Seconds(upsert), cpu1 - cpu0 - cpu_generate,
        Seconds(commit), cpu2 - cpu1, Seconds(upsert + commit), Seconds(generate));
  }
  {
    // As in production, the re-import happens later, on a checkpointed database.
    const auto t0 = Clock::now();
    store.reset();
    std::printf("[bench] closing after the import (final WAL checkpoint) %.2f s\n",
                Seconds(Clock::now() - t0));
    auto reopened = SqliteStore::Open(path);
    STORE_ASSERT_OK(reopened);
    store = std::move(reopened).value();
  }
  const uint64_t again = std::min<uint64_t>(rows, 1000000);
  {
    generate = {};
    upsert = {};
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    auto batch = (*tx)->BeginBatch({"entities", "bench2.csv", "bench"});
    STORE_ASSERT_OK(batch);
    cpu_generate = 0;
    const double cpu0 = ThreadCpuSeconds();
    UpsertCounts total;
    for (uint64_t start = 0; start < again; start += kChunk) {
      make_chunk(start, std::min(again, start + kChunk), true);
      const auto t0 = Clock::now();
      auto counts = (*tx)->UpsertEntities(chunk, *batch);
      upsert += Clock::now() - t0;
      STORE_ASSERT_OK(counts);
      total.created += counts->created;
      total.updated += counts->updated;
      total.unchanged += counts->unchanged;
    }
    const auto t0 = Clock::now();
    STORE_ASSERT_OK((*tx)->Commit());
    const auto commit = Clock::now() - t0;
    EXPECT_EQ(total.created, 0);
    EXPECT_EQ(total.updated, static_cast<int64_t>((again + 9) / 10));
    std::printf(
        "[bench] re-upsert %llu rows (%lld changed): upserts %.2f s, commit %.2f s, total %.2f s, "
        "store CPU %.2f s\n",
        static_cast<unsigned long long>(again), static_cast<long long>(total.updated),
        Seconds(upsert), Seconds(commit), Seconds(upsert + commit),
        ThreadCpuSeconds() - cpu0 - cpu_generate);
  }
  {
    auto tx = store->BeginRead();
    STORE_ASSERT_OK(tx);
    int64_t seen = 0;
    const auto t0 = Clock::now();
    STORE_ASSERT_OK((*tx)->ScanEntities([&seen](const core::Entity&) {
      ++seen;
      return true;
    }));
    EXPECT_EQ(seen, static_cast<int64_t>(rows));
    std::printf("[bench] ScanEntities over %lld rows in code order: %.2f s\n",
                static_cast<long long>(seen), Seconds(Clock::now() - t0));
  }
  const auto t0 = Clock::now();
  store.reset();
  std::printf("[bench] closing after the re-import %.2f s; database %.0f MiB\n",
              Seconds(Clock::now() - t0),
              static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0));
}

}  // namespace
}  // namespace sunlit::store::testing
