// Export use cases: `sunlit export entities|inspectors|items --format csv|xlsx`.
// The files use the import columns (docs/formats.md), so an export re-imports unchanged.
#ifndef SUNLIT_APP_EXPORT_H_
#define SUNLIT_APP_EXPORT_H_

#include <cstdint>
#include <string>

#include "app/import.h"
#include "core/result.h"
#include "io/table_writer.h"
#include "store/store.h"

namespace sunlit::app {

struct ExportOptions {
  io::WriteOptions write;
  bool chinese_headers = false;  // 统一社会信用代码 … instead of code …
};

// Writes every row of `kind` (entities, inspectors or items; else kInvalidArgument) to
// `path` ("-" = stdout for CSV) from one read snapshot. Returns the number of rows.
Result<int64_t> Export(store::Store& store, ImportKind kind, const std::string& path,
                       const ExportOptions& options);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_EXPORT_H_
