// Prepared-statement wrapper and the single place where SQLite errors become Status values.
#include "store/sqlite/statement.h"

#include <string>
#include <utility>

namespace sunlit::store::sqlite {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string detail = "sqlite: ";
  detail += what;
  detail += ": ";
  // sqlite3_errmsg describes the most recent failure on `db`, which is the one at hand when
  // the caller passes the connection it just used.
  detail += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  detail += " (code ";
  detail += std::to_string(rc);
  detail += ")";
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable("the database is busy; try again later", std::move(detail));
    case SQLITE_CONSTRAINT:
      return FailedPrecondition("the change conflicts with stored data", std::move(detail));
    case SQLITE_FULL:
      return ResourceExhausted("the disk holding the database is full", std::move(detail));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLoss("the database file is damaged", std::move(detail));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return Unavailable("the database cannot be accessed", std::move(detail));
    case SQLITE_TOOBIG:
      return InvalidArgument("a value is too large to store", std::move(detail));
    case SQLITE_NOMEM:
      return ResourceExhausted("out of memory", std::move(detail));
    default:
      return Internal("database error", std::move(detail));
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_rc_ = other.bind_rc_;
  }
  return *this;
}

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql, bool persistent) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  if (sql.size() > static_cast<size_t>(INT32_MAX)) {
    return Internal("database error", "statement too long");
  }
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(db, rc, std::string("prepare ") + std::string(sql));
  }
  if (stmt == nullptr) return Internal("database error", "empty statement: " + std::string(sql));
  return Statement(stmt);
}

void Statement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Statement::BindText(int i, std::string_view s) {
  // A non-null pointer even for "" so that SQLite stores an empty string, not NULL.
  NoteBind(sqlite3_bind_text64(stmt_, i, s.empty() ? "" : s.data(), s.size(), SQLITE_STATIC,
                               SQLITE_UTF8));
}

void Statement::BindBlob(int i, std::string_view bytes) {
  // A non-null pointer even for no bytes, so that SQLite stores an empty BLOB, not NULL.
  NoteBind(sqlite3_bind_blob64(stmt_, i, bytes.empty() ? "" : bytes.data(), bytes.size(),
                               SQLITE_STATIC));
}

void Statement::BindTextOrNull(int i, std::string_view s) {
  if (s.empty()) {
    BindNull(i);
  } else {
    BindText(i, s);
  }
}

void Statement::BindInt(int i, int64_t v) { NoteBind(sqlite3_bind_int64(stmt_, i, v)); }

void Statement::BindNull(int i) { NoteBind(sqlite3_bind_null(stmt_, i)); }

Result<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) {
    const int rc = std::exchange(bind_rc_, SQLITE_OK);
    sqlite3_reset(stmt_);
    return SqliteError(sqlite3_db_handle(stmt_), rc, std::string("bind for ") + sqlite3_sql(stmt_));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Capture the message before reset, which may replace it.
  Status s = SqliteError(sqlite3_db_handle(stmt_), rc, sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);
  return s;
}

Status Statement::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
  }
  sqlite3_reset(stmt_);
  return Status::Ok();
}

void Statement::Reset() { sqlite3_reset(stmt_); }

std::string_view Statement::ColumnText(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  if (p == nullptr) return {};
  return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

std::string_view Statement::ColumnBlob(int i) const {
  const void* p = sqlite3_column_blob(stmt_, i);
  if (p == nullptr) return {};
  return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, i))};
}

int64_t Statement::ColumnInt(int i) const { return sqlite3_column_int64(stmt_, i); }

bool Statement::ColumnIsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

}  // namespace sunlit::store::sqlite
