// Migration 7: indexes behind the console's directory search (store/repo/directory_repo.h).
// Each prefix filter (name, region, industry) reads an index range that is already in the
// order the page is returned in, so a broad prefix on ten million entities answers its first
// page without sorting; the count stops at its cap. Inspectors: name. Portable SQL.
#include "store/repo/schema.h"

namespace sunlit::store::repo {

const std::string_view kSchemaDirectorySearch = R"sql(
CREATE INDEX entities_name ON entities(name, code);
CREATE INDEX entities_region ON entities(region, code);
CREATE INDEX entities_industry ON entities(industry, code);
CREATE INDEX inspectors_name ON inspectors(name, code);
)sql";

}  // namespace sunlit::store::repo
