// SqliteSql: binding, stepping and the error mapping of the portable repositories.
#include "store/sqlite/sqlite_sql.h"

#include <string>
#include <type_traits>

namespace sunlit::store::sqlite {
namespace {

class StatementRow final : public SqlRow {
 public:
  explicit StatementRow(const Statement& st) : st_(st) {}
  int Columns() const override { return sqlite3_column_count(st_.get()); }
  bool IsNull(int i) const override { return st_.ColumnIsNull(i); }
  int64_t Int(int i) const override { return st_.ColumnInt(i); }
  std::string_view Text(int i) const override { return st_.ColumnText(i); }
  std::string_view Blob(int i) const override { return st_.ColumnBlob(i); }

 private:
  const Statement& st_;
};

// A statement that starts with one of these words (after spaces) only reads.
bool IsRead(std::string_view sql) {
  const size_t start = sql.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return true;
  std::string word;
  for (size_t i = start; i < sql.size() && word.size() < 8; ++i) {
    const char c = sql[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) break;
    word.push_back(static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c));
  }
  return word == "SELECT" || word == "WITH" || word == "VALUES";
}

}  // namespace

Status SqliteSql::MapError(Status s) const {
  if (s.ok()) return s;
  const int ext = sqlite3_extended_errcode(conn_->db());
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return AlreadyExists("a record with the same key exists", std::string(s.detail()));
  }
  return s;
}

Result<Statement*> SqliteSql::PrepareAndBind(std::string_view sql, Params params) {
  if (*finished_) return FailedPrecondition("the transaction is finished");
  if (!writable_ && !IsRead(sql)) {
    return FailedPrecondition("this operation needs a read-write transaction");
  }
  SUNLIT_ASSIGN_OR_RETURN(Statement * st, conn_->Cached(sql));
  const int expected = sqlite3_bind_parameter_count(st->get());
  if (expected != static_cast<int>(params.size())) {
    return Internal("database error", "parameter count mismatch for: " + std::string(sql));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const int pos = static_cast<int>(i) + 1;
    std::visit(
        [st, pos](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            st->BindNull(pos);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            st->BindInt(pos, v);
          } else if constexpr (std::is_same_v<T, std::string_view>) {
            st->BindText(pos, v);
          } else {
            st->BindBlob(pos, v.bytes);
          }
        },
        params[i]);
  }
  return st;
}

Result<int64_t> SqliteSql::Exec(std::string_view sql, Params params) {
  SUNLIT_ASSIGN_OR_RETURN(Statement * st, PrepareAndBind(sql, params));
  Status s = st->Run();
  if (!s.ok()) return MapError(std::move(s));
  return static_cast<int64_t>(sqlite3_changes64(conn_->db()));
}

Status SqliteSql::Query(std::string_view sql, Params params, const RowFn& fn) {
  SUNLIT_ASSIGN_OR_RETURN(Statement * st, PrepareAndBind(sql, params));
  const StatementRow row(*st);
  while (true) {
    Result<bool> has = st->Step();
    if (!has.ok()) return MapError(has.status());
    if (!*has) break;
    if (!fn(row)) break;
  }
  st->Reset();
  return Status::Ok();
}

}  // namespace sunlit::store::sqlite
