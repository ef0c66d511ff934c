// Column schemas of the import/export files: canonical English names, the Chinese headers
// bureaus use, and the mapping of a file's header onto them (docs/formats.md lists them).
#ifndef SUNLIT_APP_COLUMNS_H_
#define SUNLIT_APP_COLUMNS_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sunlit::app {

struct ColumnSpec {
  std::string_view name;     // canonical English header, e.g. "code"
  std::string_view chinese;  // the Chinese header written on export, e.g. "统一社会信用代码"
  std::vector<std::string_view> aliases;  // further accepted headers (case-insensitive ASCII)
  bool required = false;
};

std::span<const ColumnSpec> EntityColumns();
std::span<const ColumnSpec> InspectorColumns();
std::span<const ColumnSpec> ItemColumns();
std::span<const ColumnSpec> UnitColumns();
std::span<const ColumnSpec> RegionColumns();
std::span<const ColumnSpec> IndustryColumns();
std::span<const ColumnSpec> HolidayColumns();

// Where each spec'd column sits in a file: index[i] is the 0-based field index of spec i,
// or -1 when the file lacks it.
struct HeaderMap {
  std::vector<int> index;
  std::vector<std::string> header;     // the file's header cells
  std::vector<std::string> unknown;    // header cells that match no spec (ignored)
  int Find(size_t spec) const { return index[spec]; }
};

// Maps `header` onto `specs`. Errors (kInvalidArgument, message for the user): a required
// column missing ("missing required column code (统一社会信用代码)"), a column given twice.
Result<HeaderMap> MapHeader(const std::vector<std::string>& header,
                            std::span<const ColumnSpec> specs);

// Field helpers shared by the row parsers.
std::string_view Trim(std::string_view s);
// Splits a list field on ';' '；' ',' '，' '、' '|' and whitespace-trims; empty parts dropped;
// the result sorted and unique.
std::vector<std::string> SplitList(std::string_view s);
// The same into `out`, reusing the strings (and their capacity) already there.
void SplitListInto(std::string_view s, std::vector<std::string>* out);
std::string JoinList(const std::vector<std::string>& v, std::string_view sep = ";");
// "1"/"true"/"yes"/"是"/"Y" → true; "0"/"false"/"no"/"否"/"N"/"" → false; else false + !ok.
bool ParseBool(std::string_view s, bool* out);
// Number of Unicode code points in valid UTF-8 `s`.
size_t Utf8Length(std::string_view s);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_COLUMNS_H_
