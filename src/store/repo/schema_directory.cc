// Migration 7: indexes behind the console's directory search (store/repo/directory_repo.h).
// Inspectors (thousands of rows, edited one by one): name. Entities get no secondary index:
// three of them (name, region, industry) made the 10 M import 13 s → 35–42 s even when the
// bulk path rebuilds them after loading (docs/benchmarks.md), and the import of a province's
// directory is the operation that must stay fast; entity search filters scan the table in
// code order and stop at the page and the count cap. Portable SQL.
#include "store/repo/schema.h"

namespace sunlit::store::repo {

const std::string_view kSchemaDirectorySearch = R"sql(
CREATE INDEX inspectors_name ON inspectors(name, code);
)sql";

}  // namespace sunlit::store::repo
