// The flags that every command working on a database shares beyond --db: where the
// transparency log's signing key and the evidence files are. A SQLite database keeps both
// beside its file; a server database (PostgreSQL) has no directory of ours, so they come from
// a flag or the environment (docs/decisions/0009-postgresql-backend.md). One resolution
// order for every command: the flag, then the environment variable, then the default beside
// a SQLite database.
#ifndef SUNLIT_CLI_DB_FLAGS_H_
#define SUNLIT_CLI_DB_FLAGS_H_

#include <string>

#include "app/services.h"
#include "cli/args.h"
#include "core/result.h"

namespace sunlit::cli {

// The value flags a command lists in Args::Parse to take them.
inline constexpr char kKeyFileFlag[] = "key-file";    // PATH of the signing key
inline constexpr char kFilesDirFlag[] = "files-dir";  // PATH of the evidence directory

// The signing key file for the database of --db: --key-file, else $SUNLIT_KEY_FILE, else
// the default beside a SQLite database (ledger::DefaultKeyPath). kInvalidArgument naming
// --key-file and SUNLIT_KEY_FILE when none applies (a server database without either).
Result<std::string> KeyFilePath(const Args& args);

// Services options for --db with the key file as above and the evidence directory from
// --files-dir (else $SUNLIT_FILES_DIR, else beside a SQLite database, as Services resolves
// it). Errors: as KeyFilePath.
Result<app::ServicesOptions> ServicesOptionsOf(const Args& args);

}  // namespace sunlit::cli

#endif  // SUNLIT_CLI_DB_FLAGS_H_
