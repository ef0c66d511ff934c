#include "store/repo/directory_repo.h"

#include <deque>
#include <string_view>

namespace sunlit::store::repo {
namespace {

// Everything that starts with `prefix` sorts bytewise in [prefix, prefix + U+10FFFF).
constexpr std::string_view kMaxChar = "\xF4\x8F\xBF\xBF";

// A WHERE clause built from fixed fragments, with its parameters. Bound strings are owned
// here (a deque never moves its elements), so the SqlParams stay valid.
class Where {
 public:
  void Text(std::string_view clause, const std::string& value) {
    Add(clause);
    params_.push_back(std::string_view(Keep(value)));
  }
  void Prefix(std::string_view column, const std::string& prefix) {
    Add(std::string(column) + " >= ? AND " + std::string(column) + " < ?");
    params_.push_back(std::string_view(Keep(prefix)));
    params_.push_back(std::string_view(Keep(prefix + std::string(kMaxChar))));
  }
  // region_prefix: 1–6 digits (checked by the caller) → [p·10^(6-n), (p+1)·10^(6-n)).
  void Region(const std::string& prefix) {
    int64_t low = 0;
    for (char c : prefix) low = low * 10 + (c - '0');
    int64_t scale = 1;
    for (size_t i = prefix.size(); i < 6; ++i) scale *= 10;
    Add("region >= ? AND region < ?");
    params_.push_back(low * scale);
    params_.push_back((low + 1) * scale);
  }
  std::string sql() const { return clauses_.empty() ? "" : " WHERE " + clauses_; }
  std::vector<SqlParam> params() const { return params_; }

 private:
  void Add(std::string_view clause) {
    if (!clauses_.empty()) clauses_ += " AND ";
    clauses_ += clause;
  }
  const std::string& Keep(std::string s) { return kept_.emplace_back(std::move(s)); }

  std::string clauses_;
  std::vector<SqlParam> params_;
  std::deque<std::string> kept_;
};

// Entities have only the code index (migration 7 says why): every filter reads them in code
// order and stops after the page, so no filter ever sorts its matches.
std::string_view EntityOrder(const EntitySearch&) { return " ORDER BY code"; }

std::string_view InspectorOrder(const InspectorSearch& f) {
  return f.name_prefix.empty() ? " ORDER BY code" : " ORDER BY name, code";
}

void Build(const EntitySearch& f, Where* w) {
  if (!f.code_prefix.empty()) w->Prefix("code", f.code_prefix);
  if (!f.name_prefix.empty()) w->Prefix("name", f.name_prefix);
  if (!f.region_prefix.empty()) w->Region(f.region_prefix);
  if (!f.industry_prefix.empty()) w->Prefix("industry", f.industry_prefix);
  if (!f.type.empty()) w->Text("type = ?", f.type);
  if (!f.status.empty()) w->Text("status = ?", f.status);
  if (f.risk.has_value()) w->Text("risk = ?", *f.risk);
}

void Build(const InspectorSearch& f, Where* w) {
  if (!f.code_prefix.empty()) w->Prefix("code", f.code_prefix);
  if (!f.name_prefix.empty()) w->Prefix("name", f.name_prefix);
  if (!f.department_code.empty()) w->Text("department_code = ?", f.department_code);
  if (!f.region_prefix.empty()) w->Region(f.region_prefix);
  if (!f.status.empty()) w->Text("status = ?", f.status);
}

template <typename Filter>
Result<int64_t> CountCapped(Sql& sql, std::string_view table, const Filter& f, int64_t cap) {
  Where w;
  Build(f, &w);
  std::vector<SqlParam> params = w.params();
  params.push_back(cap);
  int64_t n = 0;
  SUNLIT_RETURN_IF_ERROR(sql.Query("SELECT count(*) FROM (SELECT 1 FROM " + std::string(table) +
                                       w.sql() + " LIMIT ?) AS capped",
                                   params, [&](const SqlRow& r) {
                                     n = r.Int(0);
                                     return false;
                                   }));
  return n;
}

}  // namespace

Result<std::vector<EntitySearchRow>> SearchEntities(Sql& sql, const EntitySearch& f,
                                                    int64_t limit, int64_t offset) {
  Where w;
  Build(f, &w);
  std::vector<SqlParam> params = w.params();
  params.push_back(limit);
  params.push_back(offset);
  std::vector<EntitySearchRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT code, name, type, status, region, industry, unit_code, risk, last_inspected "
      "FROM entities" +
          w.sql() + std::string(EntityOrder(f)) + " LIMIT ? OFFSET ?",
      params, [&](const SqlRow& r) {
        out.push_back({.code = r.String(0),
                       .name = r.String(1),
                       .type = r.String(2),
                       .status = r.String(3),
                       .region = static_cast<int32_t>(r.Int(4)),
                       .industry = r.String(5),
                       .unit_code = r.String(6),
                       .risk = r.String(7),
                       .last_inspected = r.String(8)});
        return true;
      }));
  return out;
}

Result<int64_t> CountEntities(Sql& sql, const EntitySearch& f, int64_t count_cap) {
  return CountCapped(sql, "entities", f, count_cap);
}

Result<std::vector<InspectorSearchRow>> SearchInspectors(Sql& sql, const InspectorSearch& f,
                                                         int64_t limit, int64_t offset) {
  Where w;
  Build(f, &w);
  std::vector<SqlParam> params = w.params();
  params.push_back(limit);
  params.push_back(offset);
  std::vector<InspectorSearchRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT code, name, department_code, unit_code, region, certificate_expiry, "
      "qualifications, expert, leader, status FROM inspectors" +
          w.sql() + std::string(InspectorOrder(f)) + " LIMIT ? OFFSET ?",
      params, [&](const SqlRow& r) {
        out.push_back({.code = r.String(0),
                       .name = r.String(1),
                       .department_code = r.String(2),
                       .unit_code = r.String(3),
                       .region = static_cast<int32_t>(r.Int(4)),
                       .certificate_expiry = r.String(5),
                       .qualifications = r.String(6),
                       .expert = r.Flag(7),
                       .leader = r.Flag(8),
                       .status = r.String(9)});
        return true;
      }));
  return out;
}

Result<int64_t> CountInspectors(Sql& sql, const InspectorSearch& f, int64_t count_cap) {
  return CountCapped(sql, "inspectors", f, count_cap);
}

}  // namespace sunlit::store::repo
