// The PostgreSQL client programs (pg_dump, pg_restore) as `sunlit backup` / `sunlit restore`
// run them: where they are found, the exact command lines, and running one.
//
// The password of a postgresql:// URL never goes on a command line (other users can read
// those in ps): the URL is passed without it and the password through PGPASSWORD in the
// child's environment only. Thread-safety: free functions; RunTool may run concurrently.
#ifndef SUNLIT_OPS_PG_TOOLS_H_
#define SUNLIT_OPS_PG_TOOLS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sunlit::ops {

struct PgConnection {
  std::string url;       // the postgresql:// URL without the password
  std::string password;  // percent-decoded; "" when the URL has none
  bool has_password = false;
};

// Splits "postgresql://user:secret@host:5432/db?sslmode=…" (or postgres://) into
// {"postgresql://user@host:5432/db?sslmode=…", "secret"}. kInvalidArgument for another
// scheme or a malformed percent escape in the password.
Result<PgConnection> SplitPgUrl(std::string_view url);

// The path of client program `name`: the first executable `name` in the ':'-separated
// directories of `path_env` (the PATH), else in the newest `<lib_root>/<major>/bin` (Debian
// keeps them in /usr/lib/postgresql/15/bin). kNotFound, naming both places, otherwise.
Result<std::string> FindPgTool(std::string_view name, std::string_view path_env,
                               std::string_view lib_root = "/usr/lib/postgresql");

struct ToolCommand {
  std::vector<std::string> argv;  // argv[0] is the program's path
  std::vector<std::string> env;   // NAME=VALUE added to (or replacing in) the environment
};

// pg_dump of the whole database in the custom format (compressed, restorable table by
// table) to `out_file`; `snapshot` ("" for none) is a pg_export_snapshot() id, so the dump
// sees exactly the state a Sunlit read transaction saw (manifest and dump agree).
ToolCommand PgDumpCommand(const std::string& pg_dump, const PgConnection& db,
                          const std::string& snapshot, const std::string& out_file);
// pg_restore of `archive` into `db` in one transaction, stopping at the first error, first
// dropping the objects the archive holds (--clean --if-exists: the target's freshly
// migrated, empty schema), without the source's owners and grants.
ToolCommand PgRestoreCommand(const std::string& pg_restore, const PgConnection& db,
                             const std::string& archive);

// Runs `command`, waits for it and returns OK when it exits with status 0; otherwise
// kUnavailable whose message names the program and its last line on stderr.
Status RunTool(const ToolCommand& command);

}  // namespace sunlit::ops

#endif  // SUNLIT_OPS_PG_TOOLS_H_
