// TableWriter: writes a table to CSV (UTF-8, optional BOM for Excel) or XLSX (libxlsxwriter).
#ifndef SUNLIT_IO_TABLE_WRITER_H_
#define SUNLIT_IO_TABLE_WRITER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace sunlit::io {

enum class WriteFormat { kCsv, kXlsx };

struct WriteOptions {
  WriteFormat format = WriteFormat::kCsv;
  bool bom = false;   // CSV only: start with a UTF-8 BOM (Excel on Windows needs it)
  bool crlf = false;  // CSV only: end lines with CR LF (RFC 4180) instead of LF
  std::string sheet_name = "Sheet1";  // XLSX only
};

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  // Writes one row. CSV fields are quoted when they contain , " CR or LF (and a row made of
  // one empty field is written as "" so that it does not read back as a blank line). XLSX
  // cells are always strings (a credit code never turns into a number); empty fields leave
  // the cell empty. Errors: kInvalidArgument for what the format cannot hold (XLSX: more than
  // 1048576 rows or 16384 columns, text that is not UTF-8, a cell longer than 32767
  // characters), a write failure (kResourceExhausted for a full disk, else kInternal). After a
  // write failure every later call returns it again.
  virtual Status WriteRow(const std::vector<std::string_view>& fields) = 0;
  // Flushes and closes; the file is complete only after Close() returned OK. Calling it again
  // returns kFailedPrecondition. Destroying an unclosed writer leaves an incomplete file.
  virtual Status Close() = 0;
};

// Creates (truncating) `path`; "-" means standard output (CSV only). XLSX is written at
// Close() (libxlsxwriter, constant-memory mode: rows go to a temporary file as they come);
// the path is created at once so that an unwritable path fails here, not at the end.
Result<std::unique_ptr<TableWriter>> CreateTable(const std::string& path,
                                                 const WriteOptions& options);

}  // namespace sunlit::io

#endif  // SUNLIT_IO_TABLE_WRITER_H_
