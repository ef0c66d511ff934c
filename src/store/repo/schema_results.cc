// Migration 6: results, review, publication, credit lists, referrals — owned by the
// results repositories.
#include "store/repo/schema.h"

namespace sunlit::store::repo {

extern const std::string_view kSchemaResults = R"sql(
CREATE TABLE result_categories (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;
)sql";

}  // namespace sunlit::store::repo
