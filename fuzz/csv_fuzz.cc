// Fuzz target: the CSV reader (io/csv_reader.h through io/table_reader.h's contract).
//
// Input: one option byte, then the file. The option byte picks the encoding (auto, UTF-8,
// GB18030), the tiny block size of the second reader (4..35 bytes) and a small record limit
// or the default one.
//
// Invariants:
//   - every record has exactly as many fields as the header, valid UTF-8, and a row number
//     greater than the previous one (and than the header's);
//   - errors name a row; after a sticky error (unclosed quote, over-long record) the same
//     error comes back;
//   - with a forced encoding, a reader with 1 MB blocks and one with tiny blocks (every
//     record crosses a block boundary) return the very same records and errors;
//   - Rewind() gives the same sequence again;
//   - a file read without error, written back by the product's CSV writer (with or without
//     BOM and CRLF) and read again, gives the same header and the same fields.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_file.h"
#include "io/csv_reader.h"
#include "io/table_reader.h"
#include "io/table_writer.h"

namespace {

using sunlit::io::Encoding;
using sunlit::io::ReadOptions;
using sunlit::io::Record;
using sunlit::io::TableReader;

// What a reader returned, record by record, for comparing readers.
struct Outcome {
  bool opened = false;
  std::string open_error;
  std::vector<std::string> header;
  std::vector<std::string> events;  // "row N: field|field…" or "error: message"
  std::vector<std::vector<std::string>> records;
  bool any_error = false;
};

// At most this many records and errors are read from one file (a file of N bytes has at
// most about N records, so this only bounds pathological inputs).
constexpr size_t kMaxEvents = 4096;

// The sticky errors are one condition seen through two block sizes: a record that does not
// end within the record limit. A reader that holds the whole rest of the file in its block
// sees the end of the file ("a quoted field is not closed") or the complete record ("record
// longer than N bytes"); one with a smaller block meets the limit while the record is still
// open ("record longer than N bytes (column C opens a quote: is it ever closed?)"). All stop
// reading at the same row, so they compare equal here.
std::string Normalise(const std::string& event) {
  if (event.find("a quoted field is not closed") == std::string::npos &&
      event.find("record longer than") == std::string::npos) {
    return event;
  }
  const size_t row_end = event.find_first_of(",:", 11);  // after "error: row N"
  return event.substr(0, row_end) + ": record without an end within the limit";
}

std::string Join(const std::vector<std::string_view>& fields) {
  std::string s;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) s += '\x1f';
    s.append(fields[i]);
  }
  return s;
}

void ReadAll(TableReader& reader, Outcome* out) {
  Record rec;
  int64_t last_row = 0;
  std::string last_error;
  int repeats = 0;
  for (size_t n = 0; n < kMaxEvents; ++n) {
    sunlit::Result<bool> more = reader.Next(&rec);
    if (!more.ok()) {
      const std::string msg = more.status().message();
      FUZZ_CHECK(msg.find("row ") != std::string::npos, "error without a row: %s", msg.c_str());
      out->events.push_back("error: " + msg);
      out->any_error = true;
      // A sticky error repeats; stop after seeing it come back.
      if (msg == last_error && ++repeats >= 2) return;
      last_error = msg;
      continue;
    }
    if (!*more) return;
    FUZZ_CHECK(rec.fields.size() == out->header.size(), "row %lld has %zu fields, header %zu",
               static_cast<long long>(rec.row), rec.fields.size(), out->header.size());
    FUZZ_CHECK(rec.row > last_row && rec.row >= 2, "row %lld after row %lld",
               static_cast<long long>(rec.row), static_cast<long long>(last_row));
    last_row = rec.row;
    for (std::string_view f : rec.fields) {
      FUZZ_CHECK(sunlit::fuzz::IsUtf8(f), "row %lld: a field is not UTF-8",
                 static_cast<long long>(rec.row));
    }
    out->events.push_back("row " + std::to_string(rec.row) + ": " + Join(rec.fields));
    out->records.emplace_back(rec.fields.begin(), rec.fields.end());
  }
}

Outcome Read(const std::string& path, const ReadOptions& options, size_t block_size,
             bool rewind_check) {
  Outcome out;
  auto reader = sunlit::io::internal::OpenCsv(path, options, block_size);
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
    FUZZ_CHECK(again.events == out.events, "Rewind gave a different sequence (%zu vs %zu events)",
               again.events.size(), out.events.size());
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > (1 << 16)) return 0;
  static sunlit::fuzz::MemFile file("csv");
  static sunlit::fuzz::MemFile copy("csv-copy");
  const uint8_t opt = data[0];
  file.Set(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));

  ReadOptions options;
  const Encoding encodings[] = {Encoding::kAuto, Encoding::kUtf8, Encoding::kGb18030,
                                Encoding::kUtf8};
  options.encoding = encodings[opt & 3];
  const size_t tiny_block = 4 + ((opt >> 2) & 31);
  if (opt & 0x80) options.max_record_bytes = 64;

  const Outcome big = Read(file.path(), options, sunlit::io::internal::kDefaultCsvBlockSize, true);
  const Outcome tiny = Read(file.path(), options, tiny_block, false);
  if (options.encoding != Encoding::kAuto) {
    FUZZ_CHECK(Normalise("error: " + big.open_error) == Normalise("error: " + tiny.open_error),
               "open: '%s' vs '%s' (block %zu)", big.open_error.c_str(), tiny.open_error.c_str(),
               tiny_block);
    FUZZ_CHECK(big.header == tiny.header, "headers differ (block %zu)", tiny_block);
    const size_t n = std::min(big.events.size(), tiny.events.size());
    for (size_t i = 0; i < n; ++i) {
      FUZZ_CHECK(Normalise(big.events[i]) == Normalise(tiny.events[i]),
                 "event %zu: '%s' vs '%s' (block %zu)", i, big.events[i].c_str(),
                 tiny.events[i].c_str(), tiny_block);
    }
    FUZZ_CHECK(big.events.size() == tiny.events.size(), "%zu vs %zu events (block %zu)",
               big.events.size(), tiny.events.size(), tiny_block);
  }

  // Round trip through the product's writer.
  if (!big.opened || big.any_error) return 0;
  sunlit::io::WriteOptions wopt;
  wopt.bom = (opt & 0x20) != 0;
  wopt.crlf = (opt & 0x40) != 0;
  {
    auto writer = sunlit::io::CreateTable(copy.path(), wopt);
    FUZZ_CHECK(writer.ok(), "CreateTable: %s", writer.status().message().c_str());
    std::vector<std::string_view> row(big.header.begin(), big.header.end());
    FUZZ_CHECK((*writer)->WriteRow(row).ok(), "header not written");
    for (const auto& r : big.records) {
      row.assign(r.begin(), r.end());
      FUZZ_CHECK((*writer)->WriteRow(row).ok(), "row not written");
    }
    FUZZ_CHECK((*writer)->Close().ok(), "Close failed");
  }
  ReadOptions ropt;
  ropt.encoding = Encoding::kUtf8;
  const Outcome back = Read(copy.path(), ropt, sunlit::io::internal::kDefaultCsvBlockSize, false);
  FUZZ_CHECK(back.opened, "the written file does not open: %s", back.open_error.c_str());
  FUZZ_CHECK(back.header == big.header, "header changed in the round trip");
  FUZZ_CHECK(!back.any_error, "the written file reads with an error: %s",
             back.events.empty() ? "" : back.events.back().c_str());
  FUZZ_CHECK(back.records.size() == big.records.size(), "%zu records read back, %zu written",
             back.records.size(), big.records.size());
  for (size_t i = 0; i < back.records.size(); ++i) {
    FUZZ_CHECK(back.records[i] == big.records[i], "record %zu changed in the round trip", i);
  }
  return 0;
}
