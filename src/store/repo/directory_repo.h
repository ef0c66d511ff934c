// Directory search repository: filtered, paged lists of the entity and inspector directories
// for the staff console. Portable SQL over store::Sql; read-only.
//
// Values are bound, never spliced. Entities have only their code index (migration 7 says
// why); inspectors also (name, code). Rows come in
// code order for entities (the one index they have: a filter reads in code order and stops
// after the page, never sorting its matches); inspectors in name order when a name prefix
// is given, else code order; `offset` pages through them (the console caps it, app/directory_search.h).
// Worst case (docs/benchmarks.md): only type/status/risk filters matching few rows scan the
// table.
// Counting stops at `count_cap` so that a broad filter on ten million rows stays cheap.
// Thread-safety: as the transaction the Sql belongs to.
#ifndef SUNLIT_STORE_REPO_DIRECTORY_REPO_H_
#define SUNLIT_STORE_REPO_DIRECTORY_REPO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/sql.h"

namespace sunlit::store::repo {

// Empty fields do not filter. Prefixes match the stored text bytewise (UTF-8 names too);
// region_prefix is 1–6 digits of the GB/T 2260 code. type, status and risk are stored wire
// names (risk "" = unclassified, so `risk` is optional rather than empty-means-any).
struct EntitySearch {
  std::string code_prefix;
  std::string name_prefix;
  std::string region_prefix;
  std::string industry_prefix;
  std::string type;
  std::string status;
  std::optional<std::string> risk;
};

struct EntitySearchRow {
  std::string code;
  std::string name;
  std::string type;
  std::string status;
  int32_t region = 0;
  std::string industry;
  std::string unit_code;
  std::string risk;
  std::string last_inspected;  // "" when never
};

struct InspectorSearch {
  std::string code_prefix;
  std::string name_prefix;
  std::string department_code;
  std::string region_prefix;
  std::string status;
};

struct InspectorSearchRow {
  std::string code;
  std::string name;
  std::string department_code;
  std::string unit_code;
  int32_t region = 0;
  std::string certificate_expiry;  // "" when none
  std::string qualifications;      // comma-joined
  bool expert = false;
  bool leader = false;
  std::string status;
};

// The page of rows, in the order above.
Result<std::vector<EntitySearchRow>> SearchEntities(Sql& sql, const EntitySearch& f,
                                                    int64_t limit, int64_t offset);
// How many rows match, counting at most `count_cap` (the answer is then `count_cap`).
Result<int64_t> CountEntities(Sql& sql, const EntitySearch& f, int64_t count_cap);

Result<std::vector<InspectorSearchRow>> SearchInspectors(Sql& sql, const InspectorSearch& f,
                                                         int64_t limit, int64_t offset);
Result<int64_t> CountInspectors(Sql& sql, const InspectorSearch& f, int64_t count_cap);

}  // namespace sunlit::store::repo

#endif  // SUNLIT_STORE_REPO_DIRECTORY_REPO_H_
