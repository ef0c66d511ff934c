// PgSql: the portable repositories' statements on PostgreSQL.
#include "store/postgres/pg_sql.h"

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "store/postgres/pg_dialect.h"

namespace sunlit::store::postgres {
namespace {

// A row of a text-format result. Bytea columns are decoded on demand and kept until the
// next row.
class ResultRow final : public SqlRow {
 public:
  explicit ResultRow(const PgResult& r) : r_(r), blobs_(static_cast<size_t>(r.columns())) {}
  void Seek(int row) {
    row_ = row;
    for (auto& b : blobs_) b.reset();
  }
  int Columns() const override { return r_.columns(); }
  bool IsNull(int i) const override { return InRange(i) ? r_.IsNull(row_, i) : true; }
  int64_t Int(int i) const override { return InRange(i) ? r_.Int(row_, i) : 0; }
  std::string_view Text(int i) const override {
    if (!InRange(i) || r_.IsNull(row_, i)) return {};
    if (PQftype(r_.get(), i) == kByteaOid) return Blob(i);
    return r_.Text(row_, i);
  }
  std::string_view Blob(int i) const override {
    if (!InRange(i) || r_.IsNull(row_, i)) return {};
    if (PQftype(r_.get(), i) != kByteaOid) return r_.Text(row_, i);
    auto& slot = blobs_[static_cast<size_t>(i)];
    if (!slot) slot = std::make_unique<std::string>(r_.Bytes(row_, i));
    return *slot;
  }

 private:
  bool InRange(int i) const { return i >= 0 && i < r_.columns(); }

  const PgResult& r_;
  int row_ = 0;
  mutable std::vector<std::unique_ptr<std::string>> blobs_;
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

const std::string& CachedRewrite(std::string_view sql) {
  static std::mutex mu;
  static auto* cache = new std::unordered_map<std::string, std::unique_ptr<std::string>>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache->find(std::string(sql));
  if (it == cache->end()) {
    // Schema statements (CREATE, ALTER) get the type rewrite too.
    const size_t start = sql.find_first_not_of(" \t\r\n");
    std::string head(sql.substr(start == std::string_view::npos ? 0 : start, 6));
    for (char& c : head) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    const bool schema = head.starts_with("CREATE") || head.starts_with("ALTER");
    it = cache->emplace(std::string(sql), std::make_unique<std::string>(
                                              schema ? RewriteSchema(sql) : RewriteQuery(sql)))
             .first;
  }
  return *it->second;  // stable: the map owns it through a pointer and never erases
}

Status PgSql::Check(std::string_view sql) {
  if (*finished_) return FailedPrecondition("the transaction is finished");
  if (!writable_ && !IsRead(sql)) {
    return FailedPrecondition("this operation needs a read-write transaction");
  }
  return before_ ? before_() : Status::Ok();
}

Result<int64_t> PgSql::Exec(std::string_view sql, Params params) {
  SUNLIT_RETURN_IF_ERROR(Check(sql));
  SUNLIT_ASSIGN_OR_RETURN(PgResult r, (*conn_)->QueryAtomic(CachedRewrite(sql), params));
  return r.Changed();
}

Status PgSql::Query(std::string_view sql, Params params, const RowFn& fn) {
  SUNLIT_RETURN_IF_ERROR(Check(sql));
  // pg_export_snapshot() refuses to run in a subtransaction (SQLSTATE 25001), so it runs
  // without the statement's savepoint (sunlit backup; it fails only on a broken connection).
  const bool unguarded = sql == kExportSnapshotSql;
  SUNLIT_ASSIGN_OR_RETURN(PgResult r, unguarded
                                          ? (*conn_)->Query(CachedRewrite(sql), params)
                                          : (*conn_)->QueryAtomic(CachedRewrite(sql), params));
  ResultRow row(r);
  for (int i = 0; i < r.rows(); ++i) {
    row.Seek(i);
    if (!fn(row)) break;
  }
  return Status::Ok();
}

}  // namespace sunlit::store::postgres
