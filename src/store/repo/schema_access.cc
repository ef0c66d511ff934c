// Migration 4: access — owned by the access repository (access_repo.h).
#include "store/repo/schema.h"

namespace sunlit::store::repo {

extern const std::string_view kSchemaAccess = R"sql(
CREATE TABLE roles (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;
)sql";

}  // namespace sunlit::store::repo
