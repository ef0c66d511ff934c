// TableWriter: writes a table to CSV (UTF-8, optional BOM for Excel) or XLSX (libxlsxwriter).
#ifndef SUNLIT_IO_TABLE_WRITER_H_
#define SUNLIT_IO_TABLE_WRITER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/result.h"

namespace sunlit::io {

enum class WriteFormat { kCsv, kXlsx };

struct WriteOptions {
  WriteFormat format = WriteFormat::kCsv;
  bool bom = false;            // CSV only: start with a UTF-8 BOM (Excel on Windows needs it)
  std::string sheet_name = "Sheet1";  // XLSX only
};

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  // Writes one row. CSV fields are quoted when they contain , " CR or LF.
  virtual Status WriteRow(const std::vector<std::string_view>& fields) = 0;
  // Flushes and closes; the file is complete only after Close() returned OK.
  virtual Status Close() = 0;
};

// Creates (truncating) `path`; "-" means standard output (CSV only).
Result<std::unique_ptr<TableWriter>> CreateTable(const std::string& path,
                                                 const WriteOptions& options);

}  // namespace sunlit::io

#endif  // SUNLIT_IO_TABLE_WRITER_H_
