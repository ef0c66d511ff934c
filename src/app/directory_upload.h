// Import from the browser: a file uploaded to the console goes through exactly the import of
// `sunlit import` (app::Import via Directory::Import, so the in-memory index follows):
// all rows valid or nothing written, the row-by-row report returned either way.
//
// Who may import what (docs/access.md: directory.write is A for the system administrator,
// D for a department administrator):
// - entities: directory.write, by a caller of a market-supervision department (the directory
//   of market entities is the bureau's) or with system-wide scope;
// - inspectors: directory.write with system-wide scope (a file may name any department);
// - items: items.write with system-wide scope (same reason);
// other kinds: kInvalidArgument. kPermissionDenied otherwise.
// Thread-safety: may be called concurrently (imports are serialised by Directory).
#ifndef SUNLIT_APP_DIRECTORY_UPLOAD_H_
#define SUNLIT_APP_DIRECTORY_UPLOAD_H_

#include <functional>
#include <string>

#include "app/caller.h"
#include "app/import.h"
#include "app/services.h"
#include "core/result.h"

namespace sunlit::app {

// OK when `caller` may import `kind` from the browser (the rules above), so that a job can be
// refused before it starts.
Status MayImportUpload(Services& s, const Caller& caller, ImportKind kind);

// Imports the file at `path` (CSV in UTF-8 or GBK, or XLSX; the format is found from the
// content); the batch history names `path` as its source, so the caller should put the
// upload's own file name last in it. `on_progress` (may be empty): as
// ImportOptions::on_progress, ending with kDone after the index has followed.
Result<ImportReport> ImportUpload(
    Services& s, const Caller& caller, ImportKind kind, const std::string& path,
    const std::function<void(const ImportProgress&)>& on_progress = {});

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DIRECTORY_UPLOAD_H_
