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

Result<int64_t> Sql::InsertRows(std::string_view head, int columns, size_t rows,
                                const RowParams& row_params) {
  std::vector<SqlParam> params;
  std::string text;
  int64_t inserted = 0;
  for (size_t done = 0; done < rows;) {
    size_t n = kInsertBatch;
    while (n > rows - done) n /= 2;
    text.assign(head);
    text += " VALUES ";
    for (size_t r = 0; r < n; ++r) {
      text += r == 0 ? "(" : ", (";
      for (int c = 0; c < columns; ++c) text += c == 0 ? "?" : ", ?";
      text += ')';
    }
    params.clear();
    for (size_t r = 0; r < n; ++r) row_params(done + r, params);
    if (params.size() != n * static_cast<size_t>(columns)) {
      return Internal("database error", "InsertRows: a row gave the wrong number of values");
    }
    SUNLIT_ASSIGN_OR_RETURN(int64_t k, Exec(text, params));
    inserted += k;
    done += n;
  }
  return inserted;
}

Status Sql::QueryIn(std::string_view head, std::span<const std::string> keys, std::string_view tail,
                    Params tail_params, const RowFn& fn) {
  std::vector<SqlParam> params;
  std::string text;
  bool more = true;
  for (size_t done = 0; done < keys.size() && more;) {
    size_t n = kInsertBatch;
    while (n > keys.size() - done) n /= 2;
    text.assign(head);
    text += " IN (";
    for (size_t k = 0; k < n; ++k) text += k == 0 ? "?" : ", ?";
    text += ')';
    text += tail;
    params.clear();
    for (size_t k = 0; k < n; ++k) params.emplace_back(std::string_view(keys[done + k]));
    params.insert(params.end(), tail_params.begin(), tail_params.end());
    SUNLIT_RETURN_IF_ERROR(Query(text, params, [&](const SqlRow& row) {
      more = fn(row);
      return more;
    }));
    done += n;
  }
  return Status::Ok();
}

}  // namespace sunlit::store
