// Test-only helpers for the core tests: reading the shared reference CSV files. Never
// included by non-test code (core has no I/O).
#ifndef SUNLIT_CORE_TEST_SUPPORT_H_
#define SUNLIT_CORE_TEST_SUPPORT_H_

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace sunlit::core::testing {

// The path of a file in the shared reference data directory.
inline std::string SharedDataPath(const std::string& name) {
  return std::string(SUNLIT_SHARED_DIR) + "/data/" + name;
}

// The whole file, or nullopt when it cannot be opened.
inline std::optional<std::string> ReadFileIfExists(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows keyed by header name.
inline std::vector<std::map<std::string, std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        record.push_back(field);
        records.push_back(record);
      }
      record.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    record.push_back(field);
    records.push_back(record);
  }
  std::vector<std::map<std::string, std::string>> rows;
  if (records.empty()) return rows;
  const std::vector<std::string>& header = records[0];
  for (size_t r = 1; r < records.size(); ++r) {
    std::map<std::string, std::string> row;
    for (size_t k = 0; k < header.size() && k < records[r].size(); ++k) {
      row[header[k]] = records[r][k];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sunlit::core::testing

#endif  // SUNLIT_CORE_TEST_SUPPORT_H_
