// Scratch databases on a PostgreSQL server: for tests, benchmarks and tools that need a
// fresh, empty database and drop it afterwards.
#ifndef SUNLIT_STORE_POSTGRES_PG_SCRATCH_H_
#define SUNLIT_STORE_POSTGRES_PG_SCRATCH_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace sunlit::store::postgres {

// `server_url` ("postgresql://user@host:port/db?opts") with its database replaced by `db`.
std::string WithDatabase(std::string_view server_url, std::string_view db);

// Creates database `name` (letters, digits and '_' only) on the server of `server_url`;
// OK when it already exists.
Status CreateDatabase(std::string_view server_url, std::string_view name);
// Drops database `name`, ending its other sessions first; OK when it does not exist.
Status DropDatabase(std::string_view server_url, std::string_view name);

}  // namespace sunlit::store::postgres

#endif  // SUNLIT_STORE_POSTGRES_PG_SCRATCH_H_
