// SqliteStore: opening a database file, migrating it, and starting transactions.
#include "store/sqlite/sqlite_store.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <utility>

#include "store/sqlite/migrations.h"
#include "store/sqlite/pool.h"
#include "store/sqlite/sqlite_transaction.h"

namespace sunlit::store::sqlite {

std::string SystemUtcNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

SqliteStore::SqliteStore(std::shared_ptr<ConnectionPool> pool, int schema_version)
    : pool_(std::move(pool)), schema_version_(schema_version) {}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(std::string_view path,
                                                       SqliteOptions options) {
  if (path.empty()) return InvalidArgument("the database path is empty");
  if (path == ":memory:") {
    return InvalidArgument("an in-memory SQLite database is not supported; give a file path");
  }
  if (path.find('\0') != std::string_view::npos) {
    return InvalidArgument("the database path contains a NUL character");
  }
  if (!options.clock) options.clock = SystemUtcNow;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Unavailable("the database directory cannot be created",
                         parent.string() + ": " + ec.message());
    }
  }
  auto pool = std::make_shared<ConnectionPool>(std::string(path), std::move(options));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, pool->Acquire(ConnectionRole::kWriter));
  Result<int> version = ApplyMigrations(*conn, [&pool] { return pool->Now(); });
  pool->Release(std::move(conn));
  if (!version.ok()) {
    const Status& s = version.status();
    if (s.code() == StatusCode::kFailedPrecondition || s.code() == StatusCode::kUnavailable) {
      return s;
    }
    // The file exists but is not a usable database (not SQLite, damaged, read-only …).
    return Unavailable("the database cannot be opened", s.message() + "; " + s.detail());
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(pool), *version));
}

Result<std::unique_ptr<Transaction>> SqliteStore::Begin() {
  // First in line among this process's writers (pool.cc, the write gate), then SQLite's lock.
  const bool gated = pool_->EnterWriteGate(pool_->options().busy_timeout_ms);
  Result<std::unique_ptr<Connection>> conn = pool_->Acquire(ConnectionRole::kWriter);
  // IMMEDIATE: take the write lock now (waiting up to the busy timeout), so a use case never
  // fails half-way when a read lock would have to be upgraded.
  Status s = conn.ok() ? (*conn)->ExecCached("BEGIN IMMEDIATE") : conn.status();
  if (!s.ok()) {
    if (conn.ok()) pool_->Release(std::move(conn).value());
    if (gated) pool_->LeaveWriteGate();
    return s;
  }
  return std::unique_ptr<Transaction>(
      new SqliteTransaction(pool_, std::move(conn).value(), true, gated));
}

Result<std::unique_ptr<Transaction>> SqliteStore::BeginRead() {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn,
                          pool_->Acquire(ConnectionRole::kReader));
  Status s = conn->ExecCached("BEGIN");
  if (s.ok()) {
    // A deferred BEGIN takes its snapshot at the first read; read now so the snapshot is the
    // database as of BeginRead().
    s = conn->QueryIntCached("SELECT MAX(version) FROM schema_migrations", 0).status();
    if (!s.ok()) conn->ExecCached("ROLLBACK").IgnoreError();  // `s` is what matters
  }
  if (!s.ok()) {
    pool_->Release(std::move(conn));
    return s;
  }
  return std::unique_ptr<Transaction>(new SqliteTransaction(pool_, std::move(conn), false));
}

size_t SqliteStore::WriteGateWaitersForTesting() const { return pool_->WriteGateWaiters(); }

std::string SqliteStore::Describe() const { return "sqlite:" + pool_->path(); }

Result<std::string> SqliteStore::QueryForTesting(std::string_view sql, bool writer) {
  SUNLIT_ASSIGN_OR_RETURN(
      std::unique_ptr<Connection> conn,
      pool_->Acquire(writer ? ConnectionRole::kWriter : ConnectionRole::kReader));
  std::string out;
  Status s;
  {
    Result<Statement> st = Statement::Prepare(conn->db(), sql, false);
    if (!st.ok()) {
      s = st.status();
    } else {
      Result<bool> row = st->Step();
      if (!row.ok()) {
        s = row.status();
      } else if (*row) {
        out = st->ColumnText(0);
      }
    }
  }
  pool_->Release(std::move(conn));
  if (!s.ok()) return s;
  return out;
}

}  // namespace sunlit::store::sqlite
