// The conveniences of store::Sql, written over its two primitives.
#include "store/sql.h"

namespace sunlit::store {

Result<std::optional<int64_t>> Sql::QueryInt(std::string_view sql,
                                             std::initializer_list<SqlParam> params) {
  std::optional<int64_t> value;
  SUNLIT_RETURN_IF_ERROR(Query(sql, params, [&value](const SqlRow& row) {
    if (row.Columns() > 0 && !row.IsNull(0)) value = row.Int(0);
    return false;
  }));
  return value;
}

Result<int64_t> Sql::InsertReturningId(std::string_view sql,
                                       std::initializer_list<SqlParam> params) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<int64_t> id, QueryInt(sql, params));
  if (!id) return Internal("database error", "INSERT … RETURNING returned no row");
  return *id;
}

}  // namespace sunlit::store
