// Test-only helpers for the io tests: a temporary directory, GBK bytes, dumping a table.
// Never included by non-test code.
#ifndef SUNLIT_IO_TEST_SUPPORT_H_
#define SUNLIT_IO_TEST_SUPPORT_H_

#include <iconv.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "io/table_reader.h"

namespace sunlit::io::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents at destruction.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/sunlit_io_test_XXXXXX";
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }
  // Writes `bytes` to `name` and returns its path.
  std::string Write(const std::string& name, std::string_view bytes) const {
    std::ofstream out(Path(name), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return Path(name);
  }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// UTF-8 -> GBK bytes (what Excel writes for "CSV" on a Chinese Windows), or another
// encoding known to iconv. Empty on failure.
inline std::string ToGbk(std::string_view utf8, const char* encoding = "GBK") {
  iconv_t cd = iconv_open(encoding, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::string out(utf8.size() * 2 + 4, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  const size_t r = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) return {};
  out.resize(out.size() - out_left);
  return out;
}

// Reads every record: "row:f1|f2|...\n" each, "! message\n" for an error (reading goes on;
// a repeated error ends the dump, as does a runaway reader).
inline std::string DumpRecords(TableReader* reader) {
  std::string out;
  std::string last_error;
  Record record;
  for (int i = 0; i < 100000; ++i) {
    Result<bool> got = reader->Next(&record);
    if (!got.ok()) {
      if (got.status().message() == last_error) break;
      last_error = got.status().message();
      out += "! " + last_error + "\n";
      continue;
    }
    last_error.clear();
    if (!*got) break;
    out += std::to_string(record.row) + ":";
    for (size_t f = 0; f < record.fields.size(); ++f) {
      if (f > 0) out += "|";
      out += record.fields[f];
    }
    out += "\n";
  }
  return out;
}

inline std::string JoinHeader(const std::vector<std::string>& header) {
  std::string out;
  for (size_t i = 0; i < header.size(); ++i) {
    if (i > 0) out += "|";
    out += header[i];
  }
  return out;
}

}  // namespace sunlit::io::testing

#endif  // SUNLIT_IO_TEST_SUPPORT_H_
