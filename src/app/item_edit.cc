#include "app/item_edit.h"

#include <stdlib.h>

#include <filesystem>

#include "app/import.h"
#include "app/task_internal.h"
#include "core/field_error.h"
#include "io/table_writer.h"

namespace sunlit::app {
namespace {

bool HasSeparator(std::string_view s) {
  for (std::string_view sep : {",", ";", "|", "，", "；", "、"}) {
    if (s.find(sep) != std::string_view::npos) return true;
  }
  return false;
}

Result<std::string> JoinList(std::string_view field, const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (HasSeparator(p)) {
      return InvalidField(field, std::string(field) + ": \"" + p + "\" contains a separator");
    }
    if (!out.empty()) out += ';';
    out += p;
  }
  return out;
}

}  // namespace

Result<SavedItem> SaveItem(Services& s, const Caller& caller, const ItemEdit& item) {
  SUNLIT_RETURN_IF_ERROR(caller.RequireIn(perm::kItemsWrite, item.department));
  SUNLIT_ASSIGN_OR_RETURN(std::string types, JoinList("object_types", item.object_types));
  SUNLIT_ASSIGN_OR_RETURN(std::string industries, JoinList("industries", item.industries));
  SUNLIT_ASSIGN_OR_RETURN(std::string tags, JoinList("tags", item.tags));

  char tmpl[] = "/tmp/sunlit-item-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return Internal("internal error", "mkdtemp failed");
  const std::string dir = tmpl;
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  const std::string path = dir + "/console-item.csv";
  {
    io::WriteOptions w;
    w.format = io::WriteFormat::kCsv;
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<io::TableWriter> out, io::CreateTable(path, w));
    SUNLIT_RETURN_IF_ERROR(out->WriteRow({"department", "code", "name", "legal_basis",
                                          "object_types", "industries", "tags", "method",
                                          "qualification", "exemption", "valid"}));
    SUNLIT_RETURN_IF_ERROR(out->WriteRow({item.department, item.code, item.name,
                                          item.legal_basis, types, industries, tags,
                                          item.method, item.qualification, item.exemption,
                                          item.valid ? "valid" : "void"}));
    SUNLIT_RETURN_IF_ERROR(out->Close());
  }
  ImportOptions options;
  options.actor = caller.Actor();
  options.today = internal::Today(*s.clock);
  SUNLIT_ASSIGN_OR_RETURN(ImportReport report,
                          Import(*s.store, ImportKind::kItems, path, options));
  if (!report.written) {
    for (const Problem& p : report.first_problems) {
      if (p.severity != Severity::kError) continue;
      const std::string field = p.column_name.empty() ? "item" : p.column_name;
      return InvalidField(field, field + ": " + p.reason);
    }
    return InvalidArgument("the item was not saved");
  }
  return SavedItem{.created = report.counts.created > 0,
                   .changed = report.counts.created > 0 || report.counts.updated > 0};
}

}  // namespace sunlit::app
