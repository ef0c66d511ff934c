// PgConnection: one libpq connection with a prepared-statement cache, RAII results, COPY,
// and the one PostgreSQL-error → Status mapping of the backend.
//
// Internal to store/postgres. Error mapping (by SQLSTATE): unique_violation →
// kAlreadyExists; other integrity violations and the backend's trigger RAISEs (P0001) →
// kFailedPrecondition; serialization_failure, deadlock, lock_not_available, query_canceled
// and connection failures → kUnavailable; data exceptions → kInvalidArgument; disk full →
// kResourceExhausted; data corruption → kDataLoss; the rest kInternal. Messages never carry
// SQL or the server's text; Status::detail() does (for logs).
// Thread-safety: none; one thread at a time (the pool hands a connection to one transaction).
#ifndef SUNLIT_STORE_POSTGRES_PG_CONNECTION_H_
#define SUNLIT_STORE_POSTGRES_PG_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "store/sql.h"

namespace sunlit::store::postgres {

// Type OIDs of pg_type that the backend needs (stable across PostgreSQL versions).
inline constexpr Oid kBoolOid = 16;
inline constexpr Oid kByteaOid = 17;
inline constexpr Oid kInt8Oid = 20;

// Maps a failed result (or, when `res` is null, the connection's state) to a Status.
// `what` names the operation for the detail.
Status PgError(const PGresult* res, PGconn* conn, std::string_view what);

// Decodes a bytea value in PostgreSQL's text form ("\x" + hex) into raw bytes. False when
// malformed.
bool DecodeByteaText(std::string_view text, std::string* out);

// An owned PGresult.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(PgResult&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  PgResult& operator=(PgResult&& o) noexcept {
    if (this != &o) {
      PQclear(r_);
      r_ = std::exchange(o.r_, nullptr);
    }
    return *this;
  }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  PGresult* get() const { return r_; }
  int rows() const { return r_ ? PQntuples(r_) : 0; }
  int columns() const { return r_ ? PQnfields(r_) : 0; }
  bool IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string_view Text(int row, int col) const {
    return {PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col))};
  }
  // Integers in text form (booleans read 1/0); 0 for NULL. In binary form (int8 only).
  int64_t Int(int row, int col) const;
  // A bytea column as raw bytes, in either result format ("" for NULL or malformed).
  std::string Bytes(int row, int col) const;
  // The number of rows an INSERT/UPDATE/DELETE changed.
  int64_t Changed() const;

 private:
  PGresult* r_ = nullptr;
};

class PgConnection {
 public:
  // Connects with `conninfo` (a postgresql:// URI or key=value string). kUnavailable when
  // the server cannot be reached or refuses the login.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  PGconn* get() const { return conn_; }
  // False once the connection broke; a broken connection is not pooled again.
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  // True while no transaction is open (PQTRANS_IDLE).
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

  // Runs one or more statements without parameters (simple query protocol).
  Status Exec(std::string_view sql);
  // Runs one statement with parameters through a cached prepared statement (prepared at
  // first use, the parameter types taken from that first call's values: int64 → int8,
  // SqlBlob → bytea, text and NULL → inferred by the server). `binary` asks for every
  // column in binary form (used for big bytea columns).
  Result<PgResult> Query(std::string_view sql, std::span<const SqlParam> params,
                         bool binary = false);
  Result<PgResult> Query(std::string_view sql, std::initializer_list<SqlParam> params,
                         bool binary = false) {
    return Query(sql, std::span<const SqlParam>(params.begin(), params.size()), binary);
  }
  // Query inside a savepoint, REQUIRES an open transaction: when the statement fails, only
  // its own effects are undone and the transaction goes on, as a failed statement leaves a
  // SQLite transaction usable (PostgreSQL would otherwise abort the whole transaction).
  // SAVEPOINT, the statement and RELEASE travel in one libpq pipeline: one round trip.
  Result<PgResult> QueryAtomic(std::string_view sql, std::span<const SqlParam> params);
  // Query, then the number of rows changed.
  Result<int64_t> Run(std::string_view sql, std::initializer_list<SqlParam> params) {
    SUNLIT_ASSIGN_OR_RETURN(PgResult r, Query(sql, params));
    return r.Changed();
  }
  // The first column of the first row as an integer; `fallback` when no row or NULL.
  Result<int64_t> QueryInt(std::string_view sql, std::initializer_list<SqlParam> params,
                           int64_t fallback);

  // COPY … FROM STDIN: Begin, any number of Put (text format rows), then End (which reports
  // the server's verdict). While a COPY is open nothing else may run on the connection.
  Status CopyBegin(std::string_view copy_sql);
  Status CopyPut(std::string_view data);
  Status CopyEnd();
  // Ends an open COPY with an error: the server discards its rows (and fails the
  // transaction, which the caller rolls back).
  void CopyAbort();
  bool copying() const { return copying_; }

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}

  struct Prepared {
    std::string name;
    int params = 0;
  };
  // The statement of `sql` (prepared now when new) or an error.
  Result<const Prepared*> Prepare(std::string_view sql, std::span<const SqlParam> params,
                                         bool pipelined);
  // Parameter values in libpq's form; `owned` keeps the converted text alive.
  struct Bound {
    std::vector<std::string> owned;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
  };
  static void Bind(std::span<const SqlParam> params, Bound* out);


  PGconn* conn_;
  std::unordered_map<std::string, Prepared> prepared_;
  int64_t statements_ = 0;  // names given so far (a name is never reused)
  bool copying_ = false;
};

}  // namespace sunlit::store::postgres

#endif  // SUNLIT_STORE_POSTGRES_PG_CONNECTION_H_
