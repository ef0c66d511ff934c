// TableWriter implementations: a buffered CSV writer (write(2) of 1 MB blocks) and an XLSX
// writer over libxlsxwriter in constant-memory mode.
#include "io/table_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "io/file_status.h"
#include "io/text_util.h"

namespace sunlit::io {
namespace {

constexpr size_t kCsvBuffer = size_t{1} << 20;
constexpr size_t kMaxCellChars = 32767;  // Excel's limit for one cell

constexpr std::array<bool, 256> MakeNeedsQuote() {
  std::array<bool, 256> t{};
  t[static_cast<uint8_t>(',')] = true;
  t[static_cast<uint8_t>('"')] = true;
  t[static_cast<uint8_t>('\r')] = true;
  t[static_cast<uint8_t>('\n')] = true;
  return t;
}
constexpr std::array<bool, 256> kNeedsQuote = MakeNeedsQuote();

bool NeedsQuotes(std::string_view f) {
  for (char c : f) {
    if (kNeedsQuote[static_cast<uint8_t>(c)]) return true;
  }
  return false;
}

// True when a row written without quotes would read back as a blank line: every field empty
// or only spaces and tabs (readers skip such lines, as Excel writes ",,,," for empty rows).
// Such a row gets its first field quoted, so that it stays a row ("" or " ",\t …).
bool WouldReadAsBlank(const std::vector<std::string_view>& fields) {
  for (std::string_view f : fields) {
    for (char c : f) {
      if (c != ' ' && c != '\t') return false;
    }
  }
  return true;
}

class CsvWriter final : public TableWriter {
 public:
  CsvWriter(int fd, bool owns_fd, std::string path, bool crlf)
      : fd_(fd),
        owns_fd_(owns_fd),
        path_(std::move(path)),
        crlf_(crlf),
        buf_(std::make_unique_for_overwrite<char[]>(kCsvBuffer)),
        cap_(kCsvBuffer) {}
  ~CsvWriter() override {
    if (closed_) return;
    if (error_.ok()) Flush().IgnoreError();
    if (owns_fd_) ::close(fd_);
  }
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  Status WriteBom() {
    std::memcpy(buf_.get(), "\xEF\xBB\xBF", 3);
    used_ = 3;
    return Status::Ok();
  }

  Status WriteRow(const std::vector<std::string_view>& fields) override {
    if (closed_) return FailedPrecondition("the table is already closed");
    if (!error_.ok()) return error_;
    size_t need = 4;  // line end, or the quotes of a row that would read as blank
    for (std::string_view f : fields) need += 2 * f.size() + 3;
    if (cap_ - used_ < need) {
      SUNLIT_RETURN_IF_ERROR(Flush());
      if (cap_ < need) {
        buf_ = std::make_unique_for_overwrite<char[]>(need);
        cap_ = need;
      }
    }
    char* p = buf_.get() + used_;
    const bool quote_first = WouldReadAsBlank(fields);
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) *p++ = ',';
      const std::string_view f = fields[i];
      if (NeedsQuotes(f) || (i == 0 && quote_first)) {
        *p++ = '"';
        for (char c : f) {
          if (c == '"') *p++ = '"';
          *p++ = c;
        }
        *p++ = '"';
      } else {
        std::memcpy(p, f.data(), f.size());
        p += f.size();
      }
    }
    if (crlf_) *p++ = '\r';
    *p++ = '\n';
    used_ = static_cast<size_t>(p - buf_.get());
    if (used_ >= kCsvBuffer) return Flush();
    return Status::Ok();
  }

  Status Close() override {
    if (closed_) return FailedPrecondition("the table is already closed");
    closed_ = true;
    Status s = error_.ok() ? Flush() : error_;
    if (owns_fd_ && ::close(fd_) != 0 && s.ok()) {
      s = internal::FileError("cannot write the output file", path_, errno, StatusCode::kInternal);
    }
    return s;
  }

 private:
  Status Flush() {
    size_t done = 0;
    while (done < used_) {
      const ssize_t n = ::write(fd_, buf_.get() + done, used_ - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = internal::FileError("cannot write the output file", path_, errno,
                                     StatusCode::kInternal);
        return error_;
      }
      done += static_cast<size_t>(n);
    }
    used_ = 0;
    return Status::Ok();
  }

  const int fd_;
  const bool owns_fd_;
  const std::string path_;
  const bool crlf_;
  std::unique_ptr<char[]> buf_;
  size_t cap_;
  size_t used_ = 0;
  bool closed_ = false;
  Status error_;
};

// Copies `f` to `out`, protecting text that Excel would read as one of its _xHHHH_ escapes
// ("_x0041_" would show as "A"): the leading '_' becomes "_x005F_". libxlsxwriter escapes
// control characters itself.
void EscapeForExcel(std::string_view f, std::string* out) {
  out->clear();
  size_t at = f.find("_x");
  if (at == std::string_view::npos) {
    out->assign(f);
    return;
  }
  auto is_hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  size_t done = 0;
  for (; at != std::string_view::npos; at = f.find("_x", at + 1)) {
    if (at + 6 >= f.size() || f[at + 6] != '_' || !is_hex(f[at + 2]) || !is_hex(f[at + 3]) ||
        !is_hex(f[at + 4]) || !is_hex(f[at + 5])) {
      continue;
    }
    out->append(f.substr(done, at - done));
    out->append("_x005F");
    done = at;
  }
  out->append(f.substr(done));
}

class XlsxWriter final : public TableWriter {
 public:
  explicit XlsxWriter(std::string path) : path_(std::move(path)) {}
  ~XlsxWriter() override {
    if (workbook_ != nullptr) lxw_workbook_free(workbook_);
  }
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  Status Open(const std::string& sheet_name) {
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;
    workbook_ = workbook_new_opt(path_.c_str(), &options);
    if (workbook_ == nullptr) return Internal("cannot start the XLSX file", path_);
    const std::string name = sheet_name.empty() ? "Sheet1" : sheet_name;
    const lxw_error e = workbook_validate_sheet_name(workbook_, name.c_str());
    if (e != LXW_NO_ERROR) {
      return InvalidArgument("invalid sheet name: " + std::string(lxw_strerror(e)));
    }
    sheet_ = workbook_add_worksheet(workbook_, name.c_str());
    if (sheet_ == nullptr) return Internal("cannot start the XLSX file", "add_worksheet");
    return Status::Ok();
  }

  Status WriteRow(const std::vector<std::string_view>& fields) override {
    if (workbook_ == nullptr) return FailedPrecondition("the table is already closed");
    if (!error_.ok()) return error_;
    if (row_ >= LXW_ROW_MAX) {
      return InvalidArgument("an XLSX sheet holds at most 1048576 rows: export to CSV instead");
    }
    if (fields.size() > LXW_COL_MAX) {
      return InvalidArgument("an XLSX sheet holds at most 16384 columns");
    }
    // Check every field first: a rejected row writes nothing.
    const int64_t row_number = static_cast<int64_t>(row_) + 1;
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string_view f = fields[i];
      auto where = [&] {
        return "row " + std::to_string(row_number) + ", column " + std::to_string(i + 1);
      };
      if (!internal::IsValidUtf8(f)) return InvalidArgument(where() + ": text is not valid UTF-8");
      size_t chars = 0;
      for (char c : f) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
      if (chars > kMaxCellChars) {
        return InvalidArgument(where() + ": text longer than Excel's 32767 characters");
      }
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string_view f = fields[i];
      if (f.empty()) continue;
      EscapeForExcel(f, &scratch_);
      const lxw_error e = worksheet_write_string(sheet_, row_, static_cast<lxw_col_t>(i),
                                                 scratch_.c_str(), nullptr);
      if (e != LXW_NO_ERROR) {
        error_ = Internal("cannot write the XLSX file", lxw_strerror(e));
        return error_;
      }
    }
    ++row_;
    return Status::Ok();
  }

  Status Close() override {
    if (workbook_ == nullptr) return FailedPrecondition("the table is already closed");
    const lxw_error e = workbook_close(workbook_);  // frees the workbook, whatever happens
    workbook_ = nullptr;
    if (!error_.ok()) return error_;
    if (e != LXW_NO_ERROR) {
      return Internal("cannot write the XLSX file (" + std::string(lxw_strerror(e)) + ")", path_);
    }
    return Status::Ok();
  }

 private:
  const std::string path_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_row_t row_ = 0;
  std::string scratch_;
  Status error_;
};

int CreateFile(const std::string& path) {
  return ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

}  // namespace

Result<std::unique_ptr<TableWriter>> CreateTable(const std::string& path,
                                                 const WriteOptions& options) {
  if (options.format == WriteFormat::kXlsx) {
    if (path == "-") return InvalidArgument("XLSX cannot be written to standard output");
    const int fd = CreateFile(path);
    if (fd < 0) return internal::FileError("cannot create the output file", path, errno);
    ::close(fd);
    auto writer = std::make_unique<XlsxWriter>(path);
    SUNLIT_RETURN_IF_ERROR(writer->Open(options.sheet_name));
    return std::unique_ptr<TableWriter>(std::move(writer));
  }
  int fd = STDOUT_FILENO;
  const bool to_stdout = path == "-";
  if (!to_stdout) {
    fd = CreateFile(path);
    if (fd < 0) return internal::FileError("cannot create the output file", path, errno);
  }
  auto writer =
      std::make_unique<CsvWriter>(fd, !to_stdout, to_stdout ? "<stdout>" : path, options.crlf);
  if (options.bom) SUNLIT_RETURN_IF_ERROR(writer->WriteBom());
  return std::unique_ptr<TableWriter>(std::move(writer));
}

}  // namespace sunlit::io
