// TableReader: reads a table (header row + records) from a CSV or XLSX file, as UTF-8.
//
// CSV: RFC 4180 (comma, double quotes, CRLF or LF), UTF-8 with or without BOM, or GBK /
// GB18030 (detected, or forced). XLSX: the first worksheet (libzip + expat). Every error
// names the row (spreadsheet numbering: the header is row 1) and, where it applies, the
// column (1-based), so the user can find it in Excel.
//
// Rows are numbered as Excel shows them: blank rows are skipped but still counted, a quoted
// CSV field that spans lines is one row, and the header is the first non-blank row (row 1
// unless blank rows come first). Blank: a CSV line of nothing but spaces, tabs and commas; an
// XLSX row without a non-blank cell.
//
// A reader is thread-compatible (one thread at a time).
#ifndef SUNLIT_IO_TABLE_READER_H_
#define SUNLIT_IO_TABLE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sunlit::io {

enum class Encoding { kAuto, kUtf8, kGb18030 };
enum class Format { kAuto, kCsv, kXlsx };

// Parses "auto", "utf-8"/"utf8", "gbk"/"gb18030"/"gb2312" (case-insensitive).
bool ParseEncoding(std::string_view s, Encoding* out);

struct ReadOptions {
  Encoding encoding = Encoding::kAuto;
  Format format = Format::kAuto;  // kAuto: by content (ZIP magic = XLSX), then by extension
  // A record longer than this (bytes) is an error, not an allocation spree.
  size_t max_record_bytes = 1 << 20;
};

// One record. Fields are UTF-8 and stay valid until the next call to Next() or Rewind().
struct Record {
  int64_t row = 0;  // spreadsheet row number (header = 1)
  std::vector<std::string_view> fields;
};

class TableReader {
 public:
  virtual ~TableReader() = default;

  // The header row (UTF-8, BOM removed, surrounding spaces trimmed).
  virtual const std::vector<std::string>& header() const = 0;
  // The encoding in use (after detection); kUtf8 for XLSX.
  virtual Encoding encoding() const = 0;

  // Reads the next record into `out`. Returns false at the end of the table. Errors
  // (kInvalidArgument): unbalanced quotes, wrong number of fields, invalid bytes in the
  // encoding, over-long records — the message names row and column.
  // Entirely blank lines are skipped.
  // After an error about one record, calling Next() again goes on with the following one.
  // After an error that leaves the reader unable to find the next record (a quote never
  // closed, a CSV record over max_record_bytes, a damaged XLSX), it returns that error again.
  virtual Result<bool> Next(Record* out) = 0;

  // Starts again at the first record after the header.
  virtual Status Rewind() = 0;

  // Progress: bytes consumed and total (for a progress line); XLSX reports rows.
  virtual int64_t position() const = 0;
  virtual int64_t size() const = 0;
};

// Opens `path`. Errors: kNotFound (no such file), kInvalidArgument (empty file, no header,
// corrupt XLSX, undecodable header), each with a message fit for the user.
Result<std::unique_ptr<TableReader>> OpenTable(const std::string& path,
                                               const ReadOptions& options = {});

}  // namespace sunlit::io

#endif  // SUNLIT_IO_TABLE_READER_H_
