// Opening and configuring SQLite connections; the per-connection statement cache.
#include "store/sqlite/connection.h"

#include <mutex>
#include <string>
#include <utility>

namespace sunlit::store::sqlite {

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, ConnectionRole role,
                                                     const ConnectionOptions& options) {
  // Memory statistics make every SQLite allocation take a global mutex, a measurable cost on
  // the import path; nothing in Sunlit reads them. Only possible before SQLite initialises
  // (otherwise SQLITE_MISUSE, harmlessly ignored).
  static std::once_flag memstatus_off;
  std::call_once(memstatus_off, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is only ever used by one thread at a time (the pool's mutex orders
  // the hand-overs), so SQLite's per-connection mutex is pure overhead. No URI filenames:
  // the path is taken literally.
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, rc, "open " + path);
    sqlite3_close_v2(db);
    return Status(StatusCode::kUnavailable, "the database cannot be opened", s.detail());
  }
  std::unique_ptr<Connection> conn(new Connection(db, role));
  Status s = conn->Configure(options);
  if (!s.ok()) {
    if (s.code() == StatusCode::kUnavailable) return s;
    return Status(StatusCode::kUnavailable, "the database cannot be opened",
                  s.message() + "; " + s.detail());
  }
  return conn;
}

Connection::~Connection() {
  cache_.clear();  // finalize every statement before closing
  sqlite3_close_v2(db_);
}

Status Connection::Configure(const ConnectionOptions& options) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  // Only takes effect while the file is still empty, so it must precede journal_mode.
  SUNLIT_RETURN_IF_ERROR(Exec("PRAGMA page_size=" + std::to_string(options.page_size)));
  // Also the moment a database left in rollback-journal mode by a killed bulk import
  // (sqlite_entities.cc) is rolled back to its previous content and returns to WAL.
  SUNLIT_ASSIGN_OR_RETURN(std::string mode, SetJournalMode("WAL"));
  if (mode != "wal") {
    return Unavailable("the database cannot be opened",
                       "journal_mode=WAL not accepted (got '" + mode + "')");
  }
  SUNLIT_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL"));
  if (role_ == ConnectionRole::kWriter) {
    // PRAGMA arguments cannot be bound; this one is an integer from the options, not input.
    SUNLIT_RETURN_IF_ERROR(Exec("PRAGMA cache_size=-" + std::to_string(options.writer_cache_kib) +
                                "; PRAGMA temp_store=MEMORY"));
    if (options.wal_hook != nullptr) sqlite3_wal_hook(db_, options.wal_hook, options.wal_hook_arg);
  } else if (options.reader_mmap_bytes > 0) {
    SUNLIT_RETURN_IF_ERROR(Exec("PRAGMA mmap_size=" + std::to_string(options.reader_mmap_bytes)));
  }
  return Status::Ok();
}

Status Connection::Exec(std::string_view sql) {
  const std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);  // sqlite3_errmsg(db_) still holds the same message
  if (rc != SQLITE_OK) return SqliteError(db_, rc, text);
  return Status::Ok();
}

Status Connection::ExecCached(std::string_view sql) {
  SUNLIT_ASSIGN_OR_RETURN(Statement * st, Cached(sql));
  return st->Run();  // resets, also after an error
}

Result<Statement*> Connection::Cached(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) return it->second.get();
  SUNLIT_ASSIGN_OR_RETURN(Statement st, Statement::Prepare(db_, sql, true));
  auto owned = std::make_unique<Statement>(std::move(st));
  Statement* p = owned.get();
  cache_.emplace(std::string(sql), std::move(owned));
  return p;
}

Result<std::string> Connection::SetJournalMode(std::string_view mode) {
  SUNLIT_ASSIGN_OR_RETURN(
      Statement st, Statement::Prepare(db_, "PRAGMA journal_mode=" + std::string(mode), false));
  SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? std::string(st.ColumnText(0)) : std::string();
}

Result<int64_t> Connection::QueryInt(std::string_view sql, int64_t fallback) {
  SUNLIT_ASSIGN_OR_RETURN(Statement st, Statement::Prepare(db_, sql, false));
  SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row || st.ColumnIsNull(0)) return fallback;
  return st.ColumnInt(0);
}

Result<int64_t> Connection::QueryIntCached(std::string_view sql, int64_t fallback) {
  SUNLIT_ASSIGN_OR_RETURN(Statement * st, Cached(sql));
  Result<bool> row = st->Step();
  int64_t value = fallback;
  if (row.ok() && *row && !st->ColumnIsNull(0)) value = st->ColumnInt(0);
  st->Reset();
  if (!row.ok()) return row.status();
  return value;
}

}  // namespace sunlit::store::sqlite
