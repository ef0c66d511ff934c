// XLSX side of TableReader (private to io/; use OpenTable).
//
// Reads the first visible worksheet (the first worksheet if all are hidden). The sheet XML is
// streamed from the zip through expat, a chunk at a time, so memory holds the shared strings
// and a few hundred rows, not the sheet. Cell values become text:
//   - strings (shared, inline, formula results) as they are, rich-text runs concatenated,
//     phonetic runs dropped, Excel's _xHHHH_ escapes decoded;
//   - booleans as TRUE / FALSE;
//   - numbers as written in the file, except that an integer in exponent form
//     ("1.2345E+17") is written out in plain digits, and that a number whose cell style is a
//     date format becomes YYYY-MM-DD (plus " HH:MM:SS" when it has a time of day).
// The header is the first non-blank row; a record is padded with empty fields to the header's
// width; a non-blank cell beyond that width is an error for that record (reading goes on).
// Rows are numbered as in the sheet. position()/size() count rows, size() coming from the
// sheet's <dimension> when the file has one.
//
// Thread-compatible: one reader per thread.
#ifndef SUNLIT_IO_XLSX_READER_H_
#define SUNLIT_IO_XLSX_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "io/table_reader.h"

namespace sunlit::io::internal {

// No part of the workbook may inflate to more than this (a zip bomb guard). Shared strings are
// further limited to 16M of them, each at most max_record_bytes long.
inline constexpr uint64_t kDefaultXlsxMaxUncompressed = uint64_t{2} << 30;

// Opens the workbook at `path`. Errors: kNotFound, kInvalidArgument ("not a valid XLSX file:
// ..." for anything that is not a readable workbook, "the first worksheet is empty").
Result<std::unique_ptr<TableReader>> OpenXlsx(
    const std::string& path, const ReadOptions& options,
    uint64_t max_uncompressed = kDefaultXlsxMaxUncompressed);

// Exposed for tests.
// Converts Excel's serial day number `number` (1900 or 1904 date system) to "YYYY-MM-DD",
// plus " HH:MM:SS" when it has a fraction of a day. Returns false (leaving `out` alone) for
// text that is not a number or lies outside 1900-01-01 .. 9999-12-31, and for Excel's
// phantom day 1900-02-29 (serial 60).
bool ExcelSerialToDate(std::string_view number, bool date1904, std::string* out);
// True when the built-in number format `id` shows a date: 14-22, and the CJK date formats
// 27-36 and 50-58.
bool IsDateFormatId(int id);
// True when the custom format `code` shows a date: it has y or d outside quotes, escapes and
// [brackets].
bool IsDateFormatCode(std::string_view code);
// "1.2345E+17" -> "123450000000000000": an integer in exponent form, in plain digits (at most
// 30). Anything else comes back unchanged.
std::string PlainNumber(std::string_view number);

}  // namespace sunlit::io::internal

#endif  // SUNLIT_IO_XLSX_READER_H_
