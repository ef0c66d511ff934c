// Fuzz target: the XLSX reader (io/xlsx_reader.h through io/table_reader.h's contract).
//
// Input: an .xlsx file. A custom mutator keeps inputs valid zips: it unpacks the workbook,
// mutates one part (the worksheets, shared strings, styles, workbook and relationships
// first) with libFuzzer's mutator and packs it again, so that the XML parsers behind the zip
// are what gets explored; one mutation in eight works on the raw bytes instead (damaged zips).
// The seeds are the product's own exports (sunlit export … --format xlsx) and a hand-built
// workbook with shared strings, rich text, styles, dates and numbers (fuzz/README.md).
//
// Invariants:
//   - every record has exactly as many fields as the header, valid UTF-8, and a row number
//     greater than the previous one; errors name a row (or say the file is damaged);
//   - the reader ends: a damaged part is an error, never an endless loop, and a part that
//     inflates beyond the cap (1 MiB here) is refused;
//   - Rewind() gives the same sequence again;
//   - a workbook read without error, written by the product's XLSX writer and read again,
//     gives the same header and fields (cells the writer cannot hold, such as text longer
//     than Excel's 32 767 characters, are skipped by the check).
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_file.h"
#include "io/table_reader.h"
#include "io/table_writer.h"
#include "io/xlsx_reader.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace {

using sunlit::io::ReadOptions;
using sunlit::io::Record;
using sunlit::io::TableReader;

constexpr uint64_t kMaxUncompressed = 1 << 20;
constexpr size_t kMaxEvents = 4096;

struct Outcome {
  bool opened = false;
  std::string open_error;
  std::vector<std::string> header;
  std::vector<std::string> events;
  std::vector<std::vector<std::string>> records;
  bool any_error = false;
};

void ReadAll(TableReader& reader, Outcome* out) {
  Record rec;
  int64_t last_row = 0;
  std::string last_error;
  for (size_t n = 0; n < kMaxEvents; ++n) {
    sunlit::Result<bool> more = reader.Next(&rec);
    if (!more.ok()) {
      const std::string msg = more.status().message();
      FUZZ_CHECK(msg.find("row ") != std::string::npos || msg.find("XLSX") != std::string::npos,
                 "error names neither a row nor the file: %s", msg.c_str());
      out->events.push_back("error: " + msg);
      out->any_error = true;
      if (msg == last_error) return;  // a sticky error came back
      last_error = msg;
      continue;
    }
    if (!*more) return;
    FUZZ_CHECK(rec.fields.size() == out->header.size(), "row %lld has %zu fields, header %zu",
               static_cast<long long>(rec.row), rec.fields.size(), out->header.size());
    FUZZ_CHECK(rec.row > last_row, "row %lld after row %lld", static_cast<long long>(rec.row),
               static_cast<long long>(last_row));
    last_row = rec.row;
    std::string event = "row " + std::to_string(rec.row) + ":";
    for (std::string_view f : rec.fields) {
      FUZZ_CHECK(sunlit::fuzz::IsUtf8(f), "row %lld: a field is not UTF-8",
                 static_cast<long long>(rec.row));
      event.append(f);
      event += '\x1f';
    }
    out->events.push_back(std::move(event));
    out->records.emplace_back(rec.fields.begin(), rec.fields.end());
  }
}

Outcome Read(const std::string& path, bool rewind_check) {
  Outcome out;
  ReadOptions options;
  options.format = sunlit::io::Format::kXlsx;
  auto reader = sunlit::io::internal::OpenXlsx(path, options, kMaxUncompressed);
  if (!reader.ok()) {
    out.open_error = reader.status().message();
    FUZZ_CHECK(!out.open_error.empty(), "an open error without a message");
    return out;
  }
  out.opened = true;
  out.header = (*reader)->header();
  for (const std::string& h : out.header) FUZZ_CHECK(sunlit::fuzz::IsUtf8(h), "header not UTF-8");
  ReadAll(**reader, &out);
  if (rewind_check) {
    FUZZ_CHECK((*reader)->Rewind().ok(), "Rewind failed");
    Outcome again;
    again.header = out.header;
    ReadAll(**reader, &again);
    FUZZ_CHECK(again.events == out.events, "Rewind gave a different sequence (%zu vs %zu)",
               again.events.size(), out.events.size());
  }
  return out;
}

// ---- zip in memory, for the mutator ------------------------------------------------------

struct Part {
  std::string name;
  std::string data;
};

bool Unzip(const uint8_t* data, size_t size, std::vector<Part>* parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(data, size, 0, &error);
  if (src == nullptr) return false;
  zip_t* zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (zip == nullptr) {
    zip_source_free(src);
    return false;
  }
  bool ok = true;
  const zip_int64_t n = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; ok && i < n && i < 64; ++i) {
    zip_stat_t st;
    if (zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
        st.size > kMaxUncompressed) {
      ok = false;
      break;
    }
    zip_file_t* f = zip_fopen_index(zip, static_cast<zip_uint64_t>(i), 0);
    if (f == nullptr) {
      ok = false;
      break;
    }
    Part p{st.name, std::string(st.size, '\0')};
    ok = zip_fread(f, p.data.data(), st.size) == static_cast<zip_int64_t>(st.size);
    zip_fclose(f);
    parts->push_back(std::move(p));
  }
  zip_discard(zip);  // also frees src
  return ok && !parts->empty();
}

bool Zip(const std::vector<Part>& parts, std::string* out) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (src == nullptr) return false;
  zip_t* zip = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  if (zip == nullptr) {
    zip_source_free(src);
    return false;
  }
  zip_source_keep(src);
  for (const Part& p : parts) {
    zip_source_t* s = zip_source_buffer(zip, p.data.data(), p.data.size(), 0);
    if (s == nullptr || zip_file_add(zip, p.name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(s);
      zip_discard(zip);
      zip_source_free(src);
      return false;
    }
  }
  if (zip_close(zip) != 0) {
    zip_discard(zip);
    zip_source_free(src);
    return false;
  }
  bool ok = zip_source_open(src) == 0;
  out->clear();
  char buf[65536];
  while (ok) {
    const zip_int64_t n = zip_source_read(src, buf, sizeof buf);
    if (n < 0) ok = false;
    if (n <= 0) break;
    out->append(buf, static_cast<size_t>(n));
  }
  zip_source_close(src);
  zip_source_free(src);
  return ok;
}

bool Interesting(const std::string& name) {
  for (const char* s : {"sheet", "sharedStrings", "styles", "workbook", ".rels"}) {
    if (name.find(s) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  std::vector<Part> parts;
  if (seed % 8 == 0 || !Unzip(data, size, &parts)) return LLVMFuzzerMutate(data, size, max_size);
  std::vector<size_t> pick;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (Interesting(parts[i].name)) pick.push_back(i);
  }
  if (pick.empty() || (seed >> 3) % 10 == 0) {
    pick.clear();
    for (size_t i = 0; i < parts.size(); ++i) pick.push_back(i);
  }
  Part& part = parts[pick[(seed >> 8) % pick.size()]];
  const size_t room = part.data.size() + 256;
  part.data.resize(room);
  const size_t n = LLVMFuzzerMutate(reinterpret_cast<uint8_t*>(part.data.data()), room - 256, room);
  part.data.resize(n);
  std::string packed;
  if (!Zip(parts, &packed) || packed.size() > max_size) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  std::memcpy(data, packed.data(), packed.size());
  return packed.size();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 18)) return 0;
  static sunlit::fuzz::MemFile file("xlsx");
  static sunlit::fuzz::MemFile copy("xlsx-copy");
  file.Set(std::string_view(reinterpret_cast<const char*>(data), size));
  const Outcome in = Read(file.path(), /*rewind_check=*/true);
  if (!in.opened || in.any_error) return 0;

  // Round trip through the product's XLSX writer.
  sunlit::io::WriteOptions wopt;
  wopt.format = sunlit::io::WriteFormat::kXlsx;
  {
    auto writer = sunlit::io::CreateTable(copy.path(), wopt);
    FUZZ_CHECK(writer.ok(), "CreateTable: %s", writer.status().message().c_str());
    std::vector<std::string_view> row(in.header.begin(), in.header.end());
    if (!(*writer)->WriteRow(row).ok()) return 0;  // a cell the writer cannot hold
    for (const auto& r : in.records) {
      row.assign(r.begin(), r.end());
      if (!(*writer)->WriteRow(row).ok()) return 0;
    }
    const sunlit::Status closed = (*writer)->Close();
    FUZZ_CHECK(closed.ok(), "Close: %s", closed.message().c_str());
  }
  const Outcome back = Read(copy.path(), /*rewind_check=*/false);
  FUZZ_CHECK(back.opened, "the written workbook does not open: %s", back.open_error.c_str());
  FUZZ_CHECK(back.header == in.header, "header changed in the round trip");
  FUZZ_CHECK(!back.any_error, "the written workbook reads with an error: %s",
             back.events.empty() ? "" : back.events.back().c_str());
  FUZZ_CHECK(back.records.size() == in.records.size(), "%zu records read back, %zu written",
             back.records.size(), in.records.size());
  for (size_t i = 0; i < back.records.size(); ++i) {
    FUZZ_CHECK(back.records[i] == in.records[i], "record %zu changed in the round trip", i);
  }
  return 0;
}
