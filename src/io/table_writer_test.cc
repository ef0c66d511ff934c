// Tests for the table writers: CSV bytes (quoting, BOM, CRLF, standard output), write
// failures, and the XLSX writer's limits.
#include "io/table_writer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "io/table_reader.h"
#include "io/test_support.h"

namespace sunlit::io {
namespace {

using testing::ReadFile;
using testing::TempDir;

using Rows = std::vector<std::vector<std::string_view>>;

TEST(CsvWriterTest, Bytes) {
  const struct {
    std::string name;
    WriteOptions options;
    Rows rows;
    std::string expected;
  } cases[] = {
      {"plain", {}, {{"a", "b"}, {"1", "长沙"}}, "a,b\n1,长沙\n"},
      {"quoting",
       {},
       {{"a,b", "say \"hi\"", "line\nbreak", "cr\r", "", " spaced "}},
       "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\r\",, spaced \n"},
      {"lone_empty_field_is_quoted", {}, {{"h"}, {""}, {"x"}}, "h\n\"\"\nx\n"},
      {"empty_row", {}, {{}, {"x"}}, "\nx\n"},
      // Found by fuzz/csv_fuzz.cc: a row of empty or blank fields was written as ",\n" or
      // " ,\t\n", which every reader skips as a blank line, so the row was lost.
      {"blank_looking_row_is_quoted",
       {},
       {{"h1", "h2"}, {"", ""}, {" ", "\t"}, {"", "x"}},
       "h1,h2\n\"\",\n\" \",\t\n,x\n"},
      {"bom", {WriteFormat::kCsv, true}, {{"名称"}}, "\xEF\xBB\xBF名称\n"},
      {"crlf", {WriteFormat::kCsv, false, true}, {{"a", "b"}, {"1", "2"}}, "a,b\r\n1,2\r\n"},
  };
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = dir.Path(c.name + ".csv");
    auto writer = CreateTable(path, c.options);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (const auto& row : c.rows) ASSERT_TRUE((*writer)->WriteRow(row).ok());
    ASSERT_TRUE((*writer)->Close().ok());
    EXPECT_EQ(ReadFile(path), c.expected);
  }
}

// Whatever the writer writes, the reader reads back: rows that look blank included.
TEST(CsvWriterTest, BlankLookingRowsReadBack) {
  const Rows rows = {{"code", "name"}, {"", ""}, {" ", "\t"}, {"", " x "}};
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("blank.csv");
  {
    auto writer = CreateTable(path, {});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (const auto& row : rows) ASSERT_TRUE((*writer)->WriteRow(row).ok());
    ASSERT_TRUE((*writer)->Close().ok());
  }
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Record rec;
  for (size_t i = 1; i < rows.size(); ++i) {
    SCOPED_TRACE(i);
    Result<bool> more = (*reader)->Next(&rec);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    ASSERT_TRUE(*more);
    EXPECT_EQ(rec.fields, rows[i]);
    EXPECT_EQ(rec.row, static_cast<int64_t>(i + 1));
  }
  Result<bool> more = (*reader)->Next(&rec);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
}

TEST(CsvWriterTest, LargeOutputCrossesTheBuffer) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("big.csv");
  auto writer = CreateTable(path, {});
  ASSERT_TRUE(writer.ok());
  const std::string huge(3 << 20, 'x');  // one field larger than the buffer
  ASSERT_TRUE((*writer)->WriteRow({"h"}).ok());
  for (int i = 0; i < 100000; ++i) ASSERT_TRUE((*writer)->WriteRow({"91430100MA4L1234XY"}).ok());
  ASSERT_TRUE((*writer)->WriteRow({huge}).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  const std::string bytes = ReadFile(path);
  EXPECT_EQ(bytes.size(), 2 + 100000 * 19 + huge.size() + 1);
  EXPECT_EQ(bytes.substr(bytes.size() - 3), "xx\n");
}

TEST(CsvWriterTest, StandardOutput) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("stdout.csv");
  std::fflush(stdout);
  const int saved = ::dup(STDOUT_FILENO);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ::dup2(fd, STDOUT_FILENO);
  ::close(fd);
  Status s;
  {
    auto writer = CreateTable("-", {});
    if (writer.ok()) {
      s = (*writer)->WriteRow({"a", "b,c"});
      if (s.ok()) s = (*writer)->Close();
    } else {
      s = writer.status();
    }
  }
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(ReadFile(path), "a,\"b,c\"\n");
}

TEST(CsvWriterTest, Errors) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  auto missing_dir = CreateTable(dir.Path("no/such/dir.csv"), {});
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_EQ(missing_dir.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing_dir.status().message(),
            "cannot create the output file (No such file or directory)");

  // A full disk: /dev/full fails every write with ENOSPC.
  if (::access("/dev/full", W_OK) == 0) {
    auto writer = CreateTable("/dev/full", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->WriteRow({"a"}).ok());  // buffered
    const Status s = (*writer)->Close();
    EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
    EXPECT_EQ(s.message(), "cannot write the output file (No space left on device)");
  }

  auto writer = CreateTable(dir.Path("x.csv"), {});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ((*writer)->Close().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*writer)->WriteRow({"a"}).code(), StatusCode::kFailedPrecondition);
}

TEST(XlsxWriterTest, Errors) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  WriteOptions xlsx;
  xlsx.format = WriteFormat::kXlsx;

  auto to_stdout = CreateTable("-", xlsx);
  ASSERT_FALSE(to_stdout.ok());
  EXPECT_EQ(to_stdout.status().message(), "XLSX cannot be written to standard output");

  auto missing_dir = CreateTable(dir.Path("no/such.xlsx"), xlsx);
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_EQ(missing_dir.status().code(), StatusCode::kNotFound);

  WriteOptions bad_name = xlsx;
  bad_name.sheet_name = "a/b";
  auto bad = CreateTable(dir.Path("bad.xlsx"), bad_name);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);

  auto writer = CreateTable(dir.Path("w.xlsx"), xlsx);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->WriteRow({"h1", "h2"}).ok());
  const Status not_utf8 = (*writer)->WriteRow({"ok", "\xFF"});
  EXPECT_EQ(not_utf8.message(), "row 2, column 2: text is not valid UTF-8");
  const std::string too_long(40000, 'x');
  const Status long_cell = (*writer)->WriteRow({too_long});
  EXPECT_EQ(long_cell.message(), "row 2, column 1: text longer than Excel's 32767 characters");
  ASSERT_TRUE((*writer)->WriteRow({"still", "fine"}).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ((*writer)->Close().code(), StatusCode::kFailedPrecondition);

  auto reader = OpenTable(dir.Path("w.xlsx"));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(testing::DumpRecords(reader->get()), "2:still|fine\n");  // rejected rows: nothing
}

TEST(XlsxWriterTest, ControlCharactersSurviveTheRoundTrip) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  WriteOptions xlsx;
  xlsx.format = WriteFormat::kXlsx;
  const std::string path = dir.Path("ctl.xlsx");
  auto writer = CreateTable(path, xlsx);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->WriteRow({"h"}).ok());
  ASSERT_TRUE((*writer)->WriteRow({"a\x01z\x1F"}).ok());
  ASSERT_TRUE((*writer)->WriteRow({"_x0041_ and _x005F_ and _xZZ"}).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(testing::DumpRecords(reader->get()), "2:a\x01z\x1F\n3:_x0041_ and _x005F_ and _xZZ\n");
}

}  // namespace
}  // namespace sunlit::io
