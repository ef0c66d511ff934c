// Directory search for the staff console: filtered, paged lists of entities and inspectors,
// one entity's or inspector's record with its change history, and the whole directory as a
// file (the export of `sunlit export`). Permission directory.read, which every standard role
// holds for every department (docs/access.md: the directory is shared, not scoped).
//
// Paging: limit 1 … 100 (default 20), offset 0 … kMaxDirectoryOffset — past that a search
// must be narrowed (kInvalidArgument says so): ordered paging by offset costs a walk of the
// skipped rows. `total` counts at most kDirectoryCountCap rows; `total_capped` says when the
// real number is larger. Filters are validated here (kInvalidArgument naming the field).
// Thread-safety: every function may be called concurrently.
#ifndef SUNLIT_APP_DIRECTORY_SEARCH_H_
#define SUNLIT_APP_DIRECTORY_SEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/import.h"
#include "app/services.h"
#include "core/directory.h"
#include "core/result.h"
#include "io/table_writer.h"
#include "store/repo/directory_repo.h"
#include "store/store.h"

namespace sunlit::app {

inline constexpr int64_t kMaxDirectoryLimit = 100;
inline constexpr int64_t kMaxDirectoryOffset = 10000;
inline constexpr int64_t kDirectoryCountCap = 10000;

// Raw filter values as the API receives them ("" = no filter).
struct EntityQuery {
  std::string code_prefix;      // 1–18 characters of a 统一社会信用代码 (upper-cased)
  std::string name_prefix;      // 1–100 bytes, no control characters
  std::string region_prefix;    // 1–6 digits
  std::string industry_prefix;  // 1–5 letters/digits
  std::string type;             // wire or Chinese name (core::ParseEntityType)
  std::string status;           // core::ParseRegistrationStatus
  std::string risk;             // A/B/C/D, or U for unclassified
  int64_t limit = 20;
  int64_t offset = 0;
};

struct InspectorQuery {
  std::string code_prefix;
  std::string name_prefix;
  std::string department;
  std::string region_prefix;
  std::string status;  // core::ParseInspectorStatus
  int64_t limit = 20;
  int64_t offset = 0;
};

template <typename Row>
struct DirectoryPage {
  std::vector<Row> items;
  int64_t total = 0;
  bool total_capped = false;
  int64_t limit = 0;
  int64_t offset = 0;
};

Result<DirectoryPage<store::repo::EntitySearchRow>> SearchEntities(Services& s,
                                                                   const Caller& caller,
                                                                   const EntityQuery& q);
Result<DirectoryPage<store::repo::InspectorSearchRow>> SearchInspectors(
    Services& s, const Caller& caller, const InspectorQuery& q);

struct EntityRecord {
  core::Entity entity;
  std::vector<store::Change> history;  // oldest first, as the store keeps it
};
struct InspectorRecord {
  core::Inspector inspector;
  std::vector<store::Change> history;
};
// kNotFound for an unknown code.
Result<EntityRecord> GetEntity(Services& s, const Caller& caller, std::string_view code);
Result<InspectorRecord> GetInspector(Services& s, const Caller& caller, std::string_view code);

// Writes the whole directory of `kind` (entities or inspectors) to `path` as CSV or XLSX with
// Chinese headers (re-importable: app::Export). Returns the number of rows.
Result<int64_t> ExportDirectory(Services& s, const Caller& caller, ImportKind kind,
                                io::WriteFormat format, const std::string& path);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DIRECTORY_SEARCH_H_
