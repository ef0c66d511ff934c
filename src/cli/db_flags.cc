// The --key-file / --files-dir resolution shared by the commands (db_flags.h).
#include "cli/db_flags.h"

#include <cstdlib>

#include "ledger/ledger.h"
#include "store/store.h"

namespace sunlit::cli {

Result<std::string> KeyFilePath(const Args& args) {
  if (std::string flag = args.Get(kKeyFileFlag); !flag.empty()) return flag;
  if (const char* env = std::getenv("SUNLIT_KEY_FILE"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  Result<std::string> def = ledger::DefaultKeyPath(args.Get("db", store::kDefaultUrl));
  if (!def.ok()) {
    return InvalidArgument(def.status().message() + " (--key-file PATH or SUNLIT_KEY_FILE)");
  }
  return def;
}

Result<app::ServicesOptions> ServicesOptionsOf(const Args& args) {
  app::ServicesOptions so;
  so.db_url = args.Get("db", store::kDefaultUrl);
  SUNLIT_ASSIGN_OR_RETURN(so.key_path, KeyFilePath(args));
  so.files_dir = args.Get(kFilesDirFlag);  // "" = $SUNLIT_FILES_DIR or the default
  return so;
}

}  // namespace sunlit::cli
