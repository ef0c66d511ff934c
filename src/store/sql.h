// Sql: the small, portable SQL surface that store/ repositories are written against.
//
// The directory, ledger and draw tables have hand-written code per backend because their
// hot paths (bulk import, snapshots) differ. The workflow tables (users, plans, tasks,
// checks, results, lists …) are ordinary OLTP rows; their repositories (store/repo/*.cc) are
// written once against this interface and run unchanged on every backend
// (docs/decisions/0006-portable-repositories.md).
//
// Dialect: the common subset of SQLite 3.40 and PostgreSQL 15. Placeholders are `?`, bound
// in order (a PostgreSQL backend rewrites them to $1, $2 …). `INSERT … RETURNING id` is used
// to learn new ids. Text is UTF-8; booleans are INTEGER 0/1; times are UTC text
// "YYYY-MM-DDTHH:MM:SSZ", dates "YYYY-MM-DD"; bytes are BLOBs (bytea).
//
// Errors are mapped once, here, and never carry SQL text in the user message (the detail,
// for logs only, may): a UNIQUE violation → kAlreadyExists, other constraint violations
// (FOREIGN KEY, CHECK, NOT NULL) → kFailedPrecondition, busy → kUnavailable.
//
// Only repositories in store/ use this header; app/ calls the repositories.
// Thread-safety: as its Transaction — one thread at a time.
#ifndef SUNLIT_STORE_SQL_H_
#define SUNLIT_STORE_SQL_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace sunlit::store {

// A BLOB parameter (raw bytes); plain std::string_view parameters are bound as TEXT.
struct SqlBlob {
  std::string_view bytes;
};

// One bound parameter. The referenced bytes must outlive the call that binds them.
using SqlParam = std::variant<std::nullptr_t, int64_t, std::string_view, SqlBlob>;

// Helpers for the common optional cases.
inline SqlParam TextOrNull(std::string_view s) {
  return s.empty() ? SqlParam(nullptr) : SqlParam(s);
}
inline SqlParam Bool(bool b) { return SqlParam(int64_t{b ? 1 : 0}); }

// The current row of a query, valid only during the callback that receives it.
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual int Columns() const = 0;
  virtual bool IsNull(int i) const = 0;
  virtual int64_t Int(int i) const = 0;            // 0 for NULL
  virtual std::string_view Text(int i) const = 0;  // "" for NULL
  virtual std::string_view Blob(int i) const = 0;  // "" for NULL
  std::string String(int i) const { return std::string(Text(i)); }
  bool Flag(int i) const { return Int(i) != 0; }
};

class Sql {
 public:
  using Params = std::span<const SqlParam>;
  using RowFn = std::function<bool(const SqlRow&)>;  // return false to stop

  virtual ~Sql() = default;

  // Runs one statement; returns the number of rows it inserted, updated or deleted.
  // REQUIRES a read-write transaction for writes (else kFailedPrecondition).
  virtual Result<int64_t> Exec(std::string_view sql, Params params) = 0;
  // Runs one statement and calls `fn` for each row until it returns false.
  virtual Status Query(std::string_view sql, Params params, const RowFn& fn) = 0;

  // Conveniences over the two above.
  Result<int64_t> Exec(std::string_view sql, std::initializer_list<SqlParam> params = {}) {
    return Exec(sql, Params(params.begin(), params.size()));
  }
  Status Query(std::string_view sql, std::initializer_list<SqlParam> params, const RowFn& fn) {
    return Query(sql, Params(params.begin(), params.size()), fn);
  }
  // The first column of the first row as an integer; nullopt when there is no row or it
  // is NULL. Typical use: `INSERT … RETURNING id`, `SELECT count(*) …`.
  Result<std::optional<int64_t>> QueryInt(std::string_view sql,
                                          std::initializer_list<SqlParam> params = {});
  // Like QueryInt for an `INSERT … RETURNING id` that must return a row.
  Result<int64_t> InsertReturningId(std::string_view sql, std::initializer_list<SqlParam> params);

  // Appends the `columns` parameters of row `row` to `out`.
  using RowParams = std::function<void(size_t row, std::vector<SqlParam>& out)>;
  // Inserts `rows` rows with multi-row statements: `head` is the statement up to VALUES
  // ("INSERT INTO t (a, b)"), `row_params` gives each row's values in column order. Rows go
  // in batches of at most kInsertBatch, each batch a power of two, so that one table sees at
  // most a handful of statement texts and the backends reuse their prepared statements.
  // A batch is one round trip on a client/server backend instead of one per row. Returns the
  // number of rows inserted. Not atomic by itself: a failing batch leaves earlier batches in
  // the transaction, as a loop of single-row INSERTs would — callers roll back on error.
  static constexpr size_t kInsertBatch = 256;
  Result<int64_t> InsertRows(std::string_view head, int columns, size_t rows,
                             const RowParams& row_params);

  // Runs `head` + " IN (?, ?, …)" + `tail` for `keys` in batches like InsertRows (each a
  // power of two, at most kInsertBatch keys), binding a batch's keys and then
  // `tail_params`, and calls `fn` for every row of every batch, batch by batch in the order
  // of `keys` (sort the keys and end `tail` with an ORDER BY on the key for a sorted
  // result). Stops when `fn` returns false. For lookups of many keys at once: one round trip
  // per batch instead of one per key.
  Status QueryIn(std::string_view head, std::span<const std::string> keys, std::string_view tail,
                 Params tail_params, const RowFn& fn);
};

}  // namespace sunlit::store

#endif  // SUNLIT_STORE_SQL_H_
