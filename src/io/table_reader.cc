// OpenTable: chooses the CSV or the XLSX reader for a file (by content, then by extension);
// ParseEncoding.
#include "io/table_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <string>

#include "io/csv_reader.h"
#include "io/file_status.h"
#include "io/xlsx_reader.h"

namespace sunlit::io {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool ParseEncoding(std::string_view s, Encoding* out) {
  const std::string e = Lower(s);
  if (e == "auto") {
    *out = Encoding::kAuto;
  } else if (e == "utf-8" || e == "utf8") {
    *out = Encoding::kUtf8;
  } else if (e == "gbk" || e == "gb18030" || e == "gb2312" || e == "cp936") {
    *out = Encoding::kGb18030;
  } else {
    return false;
  }
  return true;
}

Result<std::unique_ptr<TableReader>> OpenTable(const std::string& path,
                                               const ReadOptions& options) {
  Format format = options.format;
  if (format == Format::kAuto) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return internal::FileError("cannot open the file", path, errno);
    unsigned char magic[8] = {};
    size_t got = 0;
    while (got < sizeof(magic)) {
      const ssize_t n = ::read(fd, magic + got, sizeof(magic) - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    ::close(fd);
    const std::string_view head(reinterpret_cast<const char*>(magic), got);
    const std::string lower_path = Lower(path);
    if (head == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
      return InvalidArgument(
          "this is an old .xls workbook (Excel 97-2003) or a password-protected one: save it "
          "as .xlsx without a password, or as CSV",
          path);
    }
    // A zip is a workbook; so is a file named .xlsx (if it is not a zip, the XLSX reader says
    // so, which is clearer than CSV errors about binary bytes).
    const bool zip = head.starts_with("PK\x03\x04") || head.starts_with("PK\x05\x06");
    const bool xlsx_name = lower_path.ends_with(".xlsx") || lower_path.ends_with(".xlsm");
    format = zip || xlsx_name ? Format::kXlsx : Format::kCsv;
  }
  if (format == Format::kXlsx) return internal::OpenXlsx(path, options);
  return internal::OpenCsv(path, options);
}

}  // namespace sunlit::io
