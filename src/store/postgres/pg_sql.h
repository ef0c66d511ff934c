// PgSql: store::Sql over the connection of a PgTransaction.
//
// Internal to store/postgres. Each statement text is rewritten once (RewriteQuery: `?` →
// `$n`; the rewrite is cached process-wide by text) and prepared once per connection, so
// repositories should pass constant SQL strings. Rows are read in PostgreSQL's text form:
// integers parse, booleans read 1/0, bytea decodes from hex.
#ifndef SUNLIT_STORE_POSTGRES_PG_SQL_H_
#define SUNLIT_STORE_POSTGRES_PG_SQL_H_

#include <string>

#include "store/postgres/pg_connection.h"
#include "store/sql.h"

namespace sunlit::store::postgres {

// The one statement PgSql runs without a savepoint: pg_export_snapshot() cannot run in a
// subtransaction. The snapshot id of a read transaction, for `pg_dump --snapshot`.
inline constexpr std::string_view kExportSnapshotSql = "SELECT pg_export_snapshot()";

// The PostgreSQL text of a portable statement, from a process-wide cache.
const std::string& CachedRewrite(std::string_view sql);

class PgSql final : public Sql {
 public:
  // `*conn` and `*finished` must outlive this object (the transaction swaps `*conn` only
  // when it ends); `before` runs before every statement (the transaction ends an open COPY
  // there) and may refuse it.
  PgSql(PgConnection** conn, bool writable, const bool* finished,
        std::function<Status()> before)
      : conn_(conn), writable_(writable), finished_(finished), before_(std::move(before)) {}

  using Sql::Exec;
  using Sql::Query;
  Result<int64_t> Exec(std::string_view sql, Params params) override;
  Status Query(std::string_view sql, Params params, const RowFn& fn) override;

 private:
  Status Check(std::string_view sql);

  PgConnection** conn_;
  bool writable_;
  const bool* finished_;
  std::function<Status()> before_;
};

}  // namespace sunlit::store::postgres

#endif  // SUNLIT_STORE_POSTGRES_PG_SQL_H_
