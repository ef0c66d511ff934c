// Statement: a move-only RAII owner of one sqlite3_stmt, with bind helpers and the mapping of
// SQLite result codes to Status.
//
// Internal to store/sqlite; nothing outside this directory includes it. Thread-safety: like
// its connection, used by one thread at a time.
#ifndef SUNLIT_STORE_SQLITE_STATEMENT_H_
#define SUNLIT_STORE_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "core/status.h"

namespace sunlit::store::sqlite {

// Maps SQLite result code `rc` (from an operation on `db`, which may be null) to a Status.
// The message is generic and safe for any user; the detail names `what` (e.g. the SQL) and
// SQLite's own message, and is meant only for logs. REQUIRES: rc is an error code.
Status SqliteError(sqlite3* db, int rc, std::string_view what);

class Statement {
 public:
  Statement() = default;
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Compiles the single statement `sql`. `persistent` hints SQLite that it will be reused
  // many times. Errors: SqliteError (the detail carries the SQL).
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql, bool persistent);

  // Binders; `i` is 1-based. Text is bound WITHOUT copying: REQUIRES the bytes stay alive
  // and unchanged until the statement has been stepped and reset (or rebound). A failed bind
  // is remembered and returned by the next Step()/Run().
  void BindText(int i, std::string_view s);
  void BindTextOrNull(int i, std::string_view s);  // NULL when `s` is empty
  // Bytes as a BLOB (an empty BLOB for no bytes, not NULL); same lifetime rule as text.
  void BindBlob(int i, std::string_view bytes);
  void BindInt(int i, int64_t v);
  void BindNull(int i);

  // Runs one step: true when a row is available, false when done. After an error the
  // statement is reset.
  Result<bool> Step();
  // Steps to completion of a statement that returns no rows (or ignores them), then resets.
  Status Run();
  // Resets for re-execution; bindings are kept (see the REQUIRES above).
  void Reset();

  // Columns of the current row (0-based). Text stays valid until the next Step/Reset.
  std::string_view ColumnText(int i) const;
  // A BLOB column's bytes (empty for NULL); valid until the next Step/Reset.
  std::string_view ColumnBlob(int i) const;
  int64_t ColumnInt(int i) const;
  bool ColumnIsNull(int i) const;

  sqlite3_stmt* get() const { return stmt_; }

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  void NoteBind(int rc);

  sqlite3_stmt* stmt_ = nullptr;
  int bind_rc_ = SQLITE_OK;
};

}  // namespace sunlit::store::sqlite

#endif  // SUNLIT_STORE_SQLITE_STATEMENT_H_
