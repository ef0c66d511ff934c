// PostgresStore: connecting, migrating, the connection pool, and starting transactions.
#include "store/postgres/pg_store.h"

#include <chrono>
#include <ctime>
#include <utility>

#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_pool.h"
#include "store/postgres/pg_transaction.h"

namespace sunlit::store::postgres {
namespace {

std::string SystemUtcNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

}  // namespace

std::string DescribeUrl(std::string_view url) {
  std::string out(url);
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t end = out.find_first_of("/?", start);
    const size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at >= start) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // A password given as a query parameter.
  for (const std::string_view key : {"?password=", "&password="}) {
    const size_t p = out.find(key);
    if (p == std::string::npos) continue;
    const size_t value_end = out.find('&', p + 1);
    out.erase(p + 1, (value_end == std::string::npos ? out.size() : value_end + 1) - (p + 1));
    if (!out.empty() && (out.back() == '?' || out.back() == '&')) out.pop_back();
  }
  return out;
}

Result<std::unique_ptr<PgConnection>> PgPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!idle_.empty()) {
      std::unique_ptr<PgConnection> c = std::move(idle_.back());
      idle_.pop_back();
      if (c->healthy()) return c;
    }
  }
  return PgConnection::Open(conninfo_);
}

void PgPool::Release(std::unique_ptr<PgConnection> conn) {
  if (conn == nullptr || !conn->healthy() || !conn->idle() || conn->copying()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < options_.max_idle_connections) idle_.push_back(std::move(conn));
}

PostgresStore::PostgresStore(std::shared_ptr<PgPool> pool, int schema_version)
    : pool_(std::move(pool)), schema_version_(schema_version) {}

PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(std::string_view url,
                                                           PostgresOptions options) {
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
    return InvalidArgument("a PostgreSQL URL starts with postgresql://");
  }
  if (url.find('\0') != std::string_view::npos) {
    return InvalidArgument("the database URL contains a NUL character");
  }
  if (!options.clock) options.clock = SystemUtcNow;
  if (options.lock_timeout_ms < 0) options.lock_timeout_ms = 0;
  auto pool = std::make_shared<PgPool>(std::string(url), std::move(options));
  Result<std::unique_ptr<PgConnection>> conn = pool->Acquire();
  if (!conn.ok()) {
    const Status& s = conn.status();
    // The URL's password must not reach a log through the detail.
    return Status(s.code(), s.message(), DescribeUrl(url) + ": " + s.detail());
  }
  Result<int> version = ApplyPgMigrations(**conn, [&pool] { return pool->Now(); });
  pool->Release(std::move(conn).value());
  if (!version.ok()) {
    const Status& s = version.status();
    if (s.code() == StatusCode::kFailedPrecondition || s.code() == StatusCode::kUnavailable) {
      return s;
    }
    return Unavailable("the database cannot be opened", s.message() + "; " + s.detail());
  }
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(pool), *version));
}

Result<std::unique_ptr<Transaction>> PostgresStore::Begin() {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, pool_->Acquire());
  // The writer lock now, waiting at most lock_timeout (SQLite's BEGIN IMMEDIATE with its
  // busy timeout): a use case never fails half-way for want of it.
  Status s = conn->Exec("BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = " +
                        std::to_string(pool_->options().lock_timeout_ms) +
                        "; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLockKey) + ")");
  if (!s.ok()) {
    conn->Exec("ROLLBACK").IgnoreError();  // `s` is what matters
    pool_->Release(std::move(conn));
    return s;
  }
  return std::unique_ptr<Transaction>(new PgTransaction(pool_, std::move(conn), true));
}

Result<std::unique_ptr<Transaction>> PostgresStore::BeginRead() {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, pool_->Acquire());
  // REPEATABLE READ takes its snapshot at the first query: take it now.
  Status s = conn->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL "
                        "lock_timeout = " +
                        std::to_string(pool_->options().lock_timeout_ms) + "; SELECT 1");
  if (!s.ok()) {
    conn->Exec("ROLLBACK").IgnoreError();
    pool_->Release(std::move(conn));
    return s;
  }
  return std::unique_ptr<Transaction>(new PgTransaction(pool_, std::move(conn), false));
}

std::string PostgresStore::Describe() const { return DescribeUrl(pool_->conninfo()); }

Result<std::string> PostgresStore::QueryForTesting(std::string_view sql) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, pool_->Acquire());
  std::string out;
  Status s;
  {
    PgResult r(PQexec(conn->get(), std::string(sql).c_str()));
    const ExecStatusType st = PQresultStatus(r.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      s = PgError(r.get(), conn->get(), sql);
    } else if (r.rows() > 0 && r.columns() > 0 && !r.IsNull(0, 0)) {
      out = std::string(r.Text(0, 0));
    }
  }
  pool_->Release(std::move(conn));
  if (!s.ok()) return s;
  return out;
}

}  // namespace sunlit::store::postgres
