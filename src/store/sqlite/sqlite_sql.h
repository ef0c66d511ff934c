// SqliteSql: store::Sql over one SQLite connection (the one of a SqliteTransaction).
//
// Internal to store/sqlite. Statements are prepared once per connection and cached by their
// text, so repositories should pass constant SQL strings, never SQL built from values.
#ifndef SUNLIT_STORE_SQLITE_SQLITE_SQL_H_
#define SUNLIT_STORE_SQLITE_SQLITE_SQL_H_

#include "store/sql.h"
#include "store/sqlite/connection.h"

namespace sunlit::store::sqlite {

class SqliteSql final : public Sql {
 public:
  // `conn` and `*finished` must outlive this object; `writable` is whether the transaction
  // may write; while `*finished` is true every call fails with kFailedPrecondition.
  // Callbacks of Query must not run the same SQL text again (the statement is in use).
  SqliteSql(Connection* conn, bool writable, const bool* finished)
      : conn_(conn), writable_(writable), finished_(finished) {}

  using Sql::Exec;
  using Sql::Query;
  Result<int64_t> Exec(std::string_view sql, Params params) override;
  Status Query(std::string_view sql, Params params, const RowFn& fn) override;

 private:
  Result<Statement*> PrepareAndBind(std::string_view sql, Params params);
  Status MapError(Status s) const;

  Connection* conn_;
  bool writable_;
  const bool* finished_;
};

}  // namespace sunlit::store::sqlite

#endif  // SUNLIT_STORE_SQLITE_SQLITE_SQL_H_
