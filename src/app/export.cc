// Export of the directories and item lists to CSV or XLSX.
#include "app/export.h"

#include <string_view>
#include <vector>

#include "app/columns.h"

namespace sunlit::app {
namespace {

std::vector<std::string> HeaderOf(std::span<const ColumnSpec> specs, bool chinese) {
  std::vector<std::string> h;
  for (const ColumnSpec& s : specs) h.emplace_back(chinese ? s.chinese : s.name);
  return h;
}

Status WriteStrings(io::TableWriter& w, const std::vector<std::string>& row) {
  std::vector<std::string_view> views(row.begin(), row.end());
  return w.WriteRow(views);
}

std::string DateOrEmpty(const std::optional<core::Date>& d) {
  return d ? d->ToString() : std::string();
}

std::string RiskText(core::RiskClass r) { return std::string(core::WireName(r)); }

}  // namespace

Result<int64_t> Export(store::Store& store, ImportKind kind, const std::string& path,
                       const ExportOptions& options) {
  std::span<const ColumnSpec> specs;
  switch (kind) {
    case ImportKind::kEntities: specs = EntityColumns(); break;
    case ImportKind::kInspectors: specs = InspectorColumns(); break;
    case ImportKind::kItems: specs = ItemColumns(); break;
    default:
      return InvalidArgument("only entities, inspectors and items can be exported");
  }
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(auto writer, io::CreateTable(path, options.write));
  SUNLIT_RETURN_IF_ERROR(WriteStrings(*writer, HeaderOf(specs, options.chinese_headers)));
  int64_t n = 0;
  Status row_status;
  std::vector<std::string> row;
  if (kind == ImportKind::kEntities) {
    SUNLIT_RETURN_IF_ERROR(tx->ScanEntities([&](const core::Entity& e) {
      row = {e.code,
             e.name,
             std::string(core::WireName(e.type)),
             std::to_string(e.region),
             e.industry,
             RiskText(e.risk),
             DateOrEmpty(e.last_inspected),
             std::string(core::WireName(e.status)),
             e.unit_code,
             JoinList(e.tags),
             e.address};
      row_status = WriteStrings(*writer, row);
      ++n;
      return row_status.ok();
    }));
  } else if (kind == ImportKind::kInspectors) {
    SUNLIT_RETURN_IF_ERROR(tx->ScanInspectors([&](const core::Inspector& p) {
      row = {p.code,
             p.name,
             p.department_code,
             p.unit_code,
             p.region ? std::to_string(p.region) : std::string(),
             p.certificate_no,
             DateOrEmpty(p.certificate_expiry),
             JoinList(p.qualifications),
             p.expert ? "yes" : "no",
             p.leader ? "yes" : "no",
             std::string(core::WireName(p.status))};
      row_status = WriteStrings(*writer, row);
      ++n;
      return row_status.ok();
    }));
  } else {
    SUNLIT_RETURN_IF_ERROR(tx->ScanItems([&](const core::InspectionItem& t) {
      std::vector<std::string> types;
      for (core::EntityType et : t.object_types) types.emplace_back(core::WireName(et));
      row = {t.department_code,
             t.code,
             t.name,
             t.legal_basis,
             JoinList(types),
             JoinList(t.industry_prefixes),
             JoinList(t.tags),
             t.method,
             t.qualification,
             t.exemption == core::CapExemption::kNone ? ""
                                                       : std::string(core::WireName(t.exemption)),
             t.valid ? "valid" : "void"};
      row_status = WriteStrings(*writer, row);
      ++n;
      return row_status.ok();
    }));
  }
  SUNLIT_RETURN_IF_ERROR(row_status);
  SUNLIT_RETURN_IF_ERROR(writer->Close());
  return n;
}

}  // namespace sunlit::app
