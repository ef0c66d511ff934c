#include "app/directory_search.h"

#include <cctype>

#include "app/export.h"
#include "core/field_error.h"

namespace sunlit::app {
namespace {

using store::repo::EntitySearchRow;
using store::repo::InspectorSearchRow;

Status CheckPage(int64_t limit, int64_t offset) {
  if (limit < 1 || limit > kMaxDirectoryLimit) {
    return InvalidField("limit", "limit must be 1 … " + std::to_string(kMaxDirectoryLimit));
  }
  if (offset < 0 || offset > kMaxDirectoryOffset) {
    return InvalidField("offset", "offset must be 0 … " + std::to_string(kMaxDirectoryOffset) +
                                      "; narrow the search to see further rows");
  }
  return Status::Ok();
}

bool AllOf(std::string_view s, int (*pred)(int)) {
  for (unsigned char c : s) {
    if (pred(c) == 0) return false;
  }
  return true;
}

// Codes: letters and digits (upper-cased), at most `max` characters.
Result<std::string> CodePrefix(std::string_view field, std::string_view raw, size_t max) {
  if (raw.size() > max || !AllOf(raw, [](int c) { return std::isalnum(c); })) {
    return InvalidField(field, std::string(field) + ": at most " + std::to_string(max) +
                                   " letters or digits");
  }
  std::string out(raw);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Result<std::string> NamePrefix(std::string_view raw) {
  if (raw.size() > 100) return InvalidField("name", "name: at most 100 bytes");
  for (unsigned char c : raw) {
    if (c < 0x20 || c == 0x7F) return InvalidField("name", "name: control characters");
  }
  return std::string(raw);
}

Status RegionPrefix(std::string_view raw) {
  if (raw.size() > 6 || !AllOf(raw, [](int c) { return std::isdigit(c); })) {
    return InvalidField("region", "region: 1 to 6 digits of a GB/T 2260 code");
  }
  return Status::Ok();
}

template <typename Row>
DirectoryPage<Row> Page(std::vector<Row> rows, int64_t total, int64_t limit, int64_t offset) {
  DirectoryPage<Row> page;
  page.items = std::move(rows);
  page.total = total;
  page.total_capped = total >= kDirectoryCountCap;
  page.limit = limit;
  page.offset = offset;
  return page;
}

}  // namespace

Result<DirectoryPage<EntitySearchRow>> SearchEntities(Services& s, const Caller& caller,
                                                      const EntityQuery& q) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kDirectoryRead));
  SUNLIT_RETURN_IF_ERROR(CheckPage(q.limit, q.offset));
  store::repo::EntitySearch f;
  SUNLIT_ASSIGN_OR_RETURN(f.code_prefix, CodePrefix("code", q.code_prefix, 18));
  SUNLIT_ASSIGN_OR_RETURN(f.name_prefix, NamePrefix(q.name_prefix));
  SUNLIT_RETURN_IF_ERROR(RegionPrefix(q.region_prefix));
  f.region_prefix = q.region_prefix;
  SUNLIT_ASSIGN_OR_RETURN(f.industry_prefix, CodePrefix("industry", q.industry_prefix, 5));
  if (!q.type.empty()) {
    core::EntityType t{};
    if (!core::ParseEntityType(q.type, &t)) return InvalidField("type", "type: unknown value");
    f.type = core::WireName(t);
  }
  if (!q.status.empty()) {
    core::RegistrationStatus st{};
    if (!core::ParseRegistrationStatus(q.status, &st)) {
      return InvalidField("status", "status: unknown value");
    }
    f.status = core::WireName(st);
  }
  if (!q.risk.empty()) {
    core::RiskClass r{};
    if (q.risk == "U") {
      r = core::RiskClass::kNone;
    } else if (q.risk.size() != 1 || !core::ParseRiskClass(q.risk, &r)) {
      return InvalidField("risk", "risk: A, B, C, D or U (unclassified)");
    }
    f.risk = std::string(core::WireName(r));
  }
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<EntitySearchRow> rows,
                          store::repo::SearchEntities(tx->sql(), f, q.limit, q.offset));
  // A first page that is not full is everything: the count is only needed beyond it.
  int64_t total = q.offset + static_cast<int64_t>(rows.size());
  if (q.offset > 0 || static_cast<int64_t>(rows.size()) == q.limit) {
    SUNLIT_ASSIGN_OR_RETURN(total,
                            store::repo::CountEntities(tx->sql(), f, kDirectoryCountCap));
  }
  return Page(std::move(rows), total, q.limit, q.offset);
}

Result<DirectoryPage<InspectorSearchRow>> SearchInspectors(Services& s, const Caller& caller,
                                                           const InspectorQuery& q) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kDirectoryRead));
  SUNLIT_RETURN_IF_ERROR(CheckPage(q.limit, q.offset));
  store::repo::InspectorSearch f;
  if (q.code_prefix.size() > 64) return InvalidField("code", "code: at most 64 characters");
  for (unsigned char c : q.code_prefix) {
    if (c < 0x20 || c == 0x7F) return InvalidField("code", "code: control characters");
  }
  f.code_prefix = q.code_prefix;
  SUNLIT_ASSIGN_OR_RETURN(f.name_prefix, NamePrefix(q.name_prefix));
  if (q.department.size() > 32) return InvalidField("department", "department: too long");
  f.department_code = q.department;
  SUNLIT_RETURN_IF_ERROR(RegionPrefix(q.region_prefix));
  f.region_prefix = q.region_prefix;
  if (!q.status.empty()) {
    core::InspectorStatus st{};
    if (!core::ParseInspectorStatus(q.status, &st)) {
      return InvalidField("status", "status: unknown value");
    }
    f.status = core::WireName(st);
  }
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<InspectorSearchRow> rows,
                          store::repo::SearchInspectors(tx->sql(), f, q.limit, q.offset));
  int64_t total = q.offset + static_cast<int64_t>(rows.size());
  if (q.offset > 0 || static_cast<int64_t>(rows.size()) == q.limit) {
    SUNLIT_ASSIGN_OR_RETURN(total,
                            store::repo::CountInspectors(tx->sql(), f, kDirectoryCountCap));
  }
  return Page(std::move(rows), total, q.limit, q.offset);
}

Result<EntityRecord> GetEntity(Services& s, const Caller& caller, std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kDirectoryRead));
  SUNLIT_ASSIGN_OR_RETURN(std::string normalized, CodePrefix("code", code, 18));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<core::Entity> e, tx->FindEntity(normalized));
  if (!e.has_value()) return NotFound("no entity with code " + normalized);
  EntityRecord out;
  out.entity = std::move(*e);
  SUNLIT_ASSIGN_OR_RETURN(out.history, tx->EntityHistory(normalized));
  return out;
}

Result<InspectorRecord> GetInspector(Services& s, const Caller& caller, std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kDirectoryRead));
  if (code.empty() || code.size() > 64) return InvalidField("code", "code: 1 to 64 characters");
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<core::Inspector> i, tx->FindInspector(code));
  if (!i.has_value()) return NotFound("no inspector with code " + std::string(code));
  InspectorRecord out;
  out.inspector = std::move(*i);
  SUNLIT_ASSIGN_OR_RETURN(out.history, tx->InspectorHistory(code));
  return out;
}

Result<int64_t> ExportDirectory(Services& s, const Caller& caller, ImportKind kind,
                                io::WriteFormat format, const std::string& path) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kDirectoryRead));
  if (kind != ImportKind::kEntities && kind != ImportKind::kInspectors) {
    return InvalidArgument("only entities and inspectors are exported here");
  }
  ExportOptions options;
  options.write.format = format;
  options.write.bom = format == io::WriteFormat::kCsv;
  options.write.sheet_name = kind == ImportKind::kEntities ? "entities" : "inspectors";
  options.chinese_headers = true;
  return Export(*s.store, kind, path, options);
}

}  // namespace sunlit::app
