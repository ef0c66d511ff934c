// Tests for the CSV reader: encodings, RFC 4180 quoting, every error with its row and column,
// and records that straddle the internal block boundary (each case runs with tiny blocks).
#include "io/csv_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "io/table_reader.h"
#include "io/table_writer.h"
#include "io/test_support.h"

namespace sunlit::io {
namespace {

using testing::DumpRecords;
using testing::JoinHeader;
using testing::TempDir;
using testing::ToGbk;

// Block sizes every case runs with: the minimum, odd sizes that cut records, CRLF pairs and
// multi-byte characters at every offset, and the default.
const size_t kBlockSizes[] = {4, 5, 7, 13, 64, 1 << 16, internal::kDefaultCsvBlockSize};

struct CsvCase {
  std::string name;
  std::string input;
  Encoding encoding;    // requested
  std::string header;   // joined with '|', or "open! <message>" when opening fails
  std::string records;  // DumpRecords()
  Encoding detected = Encoding::kUtf8;
  size_t max_record_bytes = 1 << 20;
};

std::vector<CsvCase> Cases() {
  const std::string cn_header = "统一社会信用代码,名称\n";
  const std::string cn_row = "91430100MA4L1234XY,长沙市某某餐饮有限公司\n";
  const std::string cn_expected = "2:91430100MA4L1234XY|长沙市某某餐饮有限公司\n";
  return {
      {"utf8", cn_header + cn_row, Encoding::kAuto, "统一社会信用代码|名称", cn_expected},
      {"utf8_bom_crlf",
       "\xEF\xBB\xBF"
       "code,name\r\n1,a\r\n2,b\r\n",
       Encoding::kAuto, "code|name", "2:1|a\n3:2|b\n"},
      {"utf8_bom_forced",
       "\xEF\xBB\xBF"
       "code\n1\n",
       Encoding::kUtf8, "code", "2:1\n"},
      {"gbk_auto", ToGbk(cn_header + cn_row), Encoding::kAuto, "统一社会信用代码|名称", cn_expected,
       Encoding::kGb18030},
      {"gbk_forced", ToGbk(cn_header + cn_row), Encoding::kGb18030, "统一社会信用代码|名称",
       cn_expected, Encoding::kGb18030},
      {"gbk_crlf_quoted", ToGbk("名称,备注\r\n\"长沙,湖南\",\"一\r\n二\"\r\n"), Encoding::kAuto,
       "名称|备注", "2:长沙,湖南|一\r\n二\n", Encoding::kGb18030},
      {"gbk_detected_after_ascii_rows", "code,name\n1,a\n2,b\n" + ToGbk("3,长沙\n") + "4,d\n",
       Encoding::kAuto, "code|name", "2:1|a\n3:2|b\n4:3|长沙\n5:4|d\n", Encoding::kGb18030},
      {"gb18030_four_byte", ToGbk("名称,符号\n𠀀,€\n", "GB18030"), Encoding::kAuto, "名称|符号",
       "2:𠀀|€\n", Encoding::kGb18030},
      {"gbk_forced_as_utf8", ToGbk(cn_header), Encoding::kUtf8,
       "open! row 1, column 1: invalid UTF-8 (is the file GBK? try --encoding gbk)", ""},
      {"mixed_encodings",
       cn_header + cn_row + ToGbk("91430100MA4L5678AB,株洲某某公司\n") +
           "91430100MA4L0000CD,湘潭\n",
       Encoding::kAuto, "统一社会信用代码|名称",
       cn_expected +
           "! row 3, column 2: invalid UTF-8 (the file mixes encodings? try --encoding gbk)\n"
           "4:91430100MA4L0000CD|湘潭\n"},
      {"invalid_gbk_forced", "a,b\n1,\xFF\xFF\n2,x\n", Encoding::kGb18030, "a|b",
       "! row 2, column 2: invalid GBK/GB18030 text (is the file UTF-8? try --encoding utf-8)\n"
       "3:2|x\n",
       Encoding::kGb18030},
      {"neither_encoding", "a,b\n1,\xFF\xFF\n", Encoding::kAuto, "a|b",
       "! row 2, column 2: text that is neither UTF-8 nor GBK/GB18030\n", Encoding::kGb18030},
      {"overlong_utf8", "a\n\xC0\xAF\n", Encoding::kUtf8, "a",
       "! row 2, column 1: invalid UTF-8 (is the file GBK? try --encoding gbk)\n"},
      {"nul_byte", std::string("a,b\n1,x\0y\n2,z\n", 14), Encoding::kAuto, "a|b",
       "! row 2, column 2: a NUL byte (is this a text file?)\n3:2|z\n"},
      {"utf16",
       "\xFF\xFE"
       "a\0,\0b\0",
       Encoding::kAuto, "open! UTF-16 text is not supported: save the file as \"CSV UTF-8\" or CSV",
       ""},
      {"quotes", "a,b,c\n\"x,1\",\"line1\nline2\",\"say \"\"hi\"\"\"\n3,\"\",5\n", Encoding::kAuto,
       "a|b|c", "2:x,1|line1\nline2|say \"hi\"\n3:3||5\n"},
      {"quoted_crlf_counts_one_row", "a,b\r\n\"1\r\n2\r\n3\",x\r\ny,z\r\n", Encoding::kAuto, "a|b",
       "2:1\r\n2\r\n3|x\n3:y|z\n"},
      {"only_quotes", "a\n\"\"\"\"\n\"\"\"\"\"\"\n", Encoding::kAuto, "a", "2:\"\n3:\"\"\n"},
      {"lone_cr", "a,b\r1,2\r3,4", Encoding::kAuto, "a|b", "2:1|2\n3:3|4\n"},
      {"no_final_newline_and_trailing_comma", "a,b\n1,", Encoding::kAuto, "a|b", "2:1|\n"},
      {"quoted_at_eof", "a,b\n1,\"x\"", Encoding::kAuto, "a|b", "2:1|x\n"},
      {"unbalanced_quote", "a,b\n1,2\n3,\"open\n4,5\n", Encoding::kAuto, "a|b",
       "2:1|2\n! row 3, column 2: a quoted field is not closed\n"},
      {"unbalanced_quote_in_header", "a,\"b\n", Encoding::kAuto,
       "open! row 1, column 2: a quoted field is not closed", ""},
      {"field_count", "a,b,c\n1,2\n1,2,3\n1,2,3,4\n", Encoding::kAuto, "a|b|c",
       "! row 2: 2 fields, expected 3 (header has 3 columns)\n3:1|2|3\n"
       "! row 4: 4 fields, expected 3 (header has 3 columns)\n"},
      {"stray_quote", "a,b\n1,x\"y\n2,3\n", Encoding::kAuto, "a|b",
       "! row 2, column 2: a quote inside an unquoted field (quote the whole field and double "
       "the quote: \"a \"\"b\"\" c\")\n3:2|3\n"},
      {"text_after_closing_quote", "a,b\n\"x\"y,1\n2,3\n", Encoding::kAuto, "a|b",
       "! row 2, column 1: text after the closing quote of a quoted field\n3:2|3\n"},
      {"empty_file", "", Encoding::kAuto, "open! file is empty", ""},
      {"only_bom", "\xEF\xBB\xBF", Encoding::kAuto, "open! file is empty", ""},
      {"only_blank_lines", "\n\r\n  \n,,\n", Encoding::kAuto, "open! file is empty", ""},
      {"header_only", "a,b\n", Encoding::kAuto, "a|b", ""},
      {"header_only_no_newline", "a,b", Encoding::kAuto, "a|b", ""},
      {"blank_lines_skipped_but_counted", "\na,b\n\n1,2\n\r\n,\n \t\n3,4", Encoding::kAuto, "a|b",
       "4:1|2\n8:3|4\n"},
      {"quoted_empty_is_not_blank", "a\n\"\"\n", Encoding::kAuto, "a", "2:\n"},
      {"header_trimmed_fields_not", " code ,\"名称\xE3\x80\x80\"\n 1 , x \n", Encoding::kAuto,
       "code|名称", "2: 1 | x \n"},
      {"record_too_long", "a,b\n1,2\n12345,678901\n3,4\n", Encoding::kAuto, "a|b",
       "2:1|2\n! row 3: record longer than 10 bytes\n", Encoding::kUtf8, 10},
      {"record_of_exactly_max", "a,b\n1234,6789\n", Encoding::kAuto, "a|b", "2:1234|6789\n",
       Encoding::kUtf8, 9},
  };
}

TEST(CsvReaderTest, Cases) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  for (const CsvCase& c : Cases()) {
    const std::string path = dir.Write(c.name + ".csv", c.input);
    for (size_t block : kBlockSizes) {
      SCOPED_TRACE(c.name + ", block " + std::to_string(block));
      ReadOptions options;
      options.encoding = c.encoding;
      options.max_record_bytes = c.max_record_bytes;
      auto reader = internal::OpenCsv(path, options, block);
      if (!reader.ok()) {
        EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
        EXPECT_EQ("open! " + reader.status().message(), c.header);
        continue;
      }
      EXPECT_EQ(JoinHeader((*reader)->header()), c.header);
      EXPECT_EQ(DumpRecords(reader->get()), c.records);
      EXPECT_EQ((*reader)->encoding(), c.detected);
    }
  }
}

TEST(CsvReaderTest, RewindReadsTheSameRecordsAgain) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path =
      dir.Write("r.csv", ToGbk("名称,值\r\n长沙,1\r\n\"株\r\n洲\",2\r\n湘潭,3\r\n"));
  for (size_t block : kBlockSizes) {
    SCOPED_TRACE(block);
    auto reader = internal::OpenCsv(path, {}, block);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    const std::string first = DumpRecords(reader->get());
    EXPECT_EQ(first, "2:长沙|1\n3:株\r\n洲|2\n4:湘潭|3\n");
    EXPECT_EQ((*reader)->position(), (*reader)->size());
    ASSERT_TRUE((*reader)->Rewind().ok());
    EXPECT_EQ(DumpRecords(reader->get()), first);
    // Rewind in the middle, too.
    ASSERT_TRUE((*reader)->Rewind().ok());
    Record record;
    ASSERT_TRUE((*reader)->Next(&record).ok());
    ASSERT_TRUE((*reader)->Rewind().ok());
    EXPECT_EQ(DumpRecords(reader->get()), first);
  }
}

TEST(CsvReaderTest, RewindAfterAStickyError) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Write("r.csv", "a\n1\n\"2\n");
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok());
  const std::string expected = "2:1\n! row 3, column 1: a quoted field is not closed\n";
  EXPECT_EQ(DumpRecords(reader->get()), expected);
  ASSERT_TRUE((*reader)->Rewind().ok());
  EXPECT_EQ(DumpRecords(reader->get()), expected);
}

TEST(CsvReaderTest, PositionAndSize) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Write("p.csv", "a,b\n1,2\n3,4\n");
  auto reader = internal::OpenCsv(path, {}, 4);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->size(), 12);
  EXPECT_EQ((*reader)->position(), 4);
  Record record;
  ASSERT_TRUE((*reader)->Next(&record).ok());
  EXPECT_EQ((*reader)->position(), 8);
}

TEST(CsvReaderTest, UnclosedQuoteInALargeFileSaysWhere) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string input = "a,b\n1,2\n3,\"oops\n";
  while (input.size() < 5000) input += "5,6\n";
  const std::string path = dir.Write("q.csv", input);
  ReadOptions options;
  options.max_record_bytes = 1000;
  auto reader = internal::OpenCsv(path, options, 512);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(DumpRecords(reader->get()),
            "2:1|2\n! row 3: record longer than 1000 bytes (column 2 opens a quote: is it ever "
            "closed?)\n");
}

// A 100 MB line must be rejected after reading about one block, not the whole line.
TEST(CsvReaderTest, HundredMegabyteLineIsRejectedQuickly) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("long.csv");
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("a,b\n1,2\n", f);
    const std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 100; ++i) std::fwrite(chunk.data(), 1, chunk.size(), f);
    std::fputs(",y\n3,4\n", f);
    std::fclose(f);
  }
  const auto start = std::chrono::steady_clock::now();
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(DumpRecords(reader->get()), "2:1|2\n! row 3: record longer than 1048576 bytes\n");
  EXPECT_LT((*reader)->position(), 1 << 20);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 500);
}

// Random tables (quotes, commas, line breaks, Chinese, empty fields) written by the CSV writer
// read back identically, whatever the block size.
TEST(CsvReaderTest, RandomTablesRoundTripThroughTheWriter) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::mt19937 rng(20250601);
  const std::vector<std::string> pieces = {"a", "长沙",     ",",  "\"",   "\n", "\r\n",
                                           " ", "91430100", "𠀀", "x\"y", ""};
  for (int round = 0; round < 20; ++round) {
    const size_t columns = 1 + rng() % 5;
    std::vector<std::vector<std::string>> rows;
    std::string expected;
    std::vector<std::string> header;
    for (size_t c = 0; c < columns; ++c) header.push_back("h" + std::to_string(c));
    rows.push_back(header);
    for (int r = 0; r < 50; ++r) {
      std::vector<std::string> row;
      bool blank = true;
      for (size_t c = 0; c < columns; ++c) {
        std::string field;
        for (size_t k = rng() % 4; k > 0; --k) field += pieces[rng() % pieces.size()];
        if (field.find_first_not_of(" \t") != std::string::npos) blank = false;
        row.push_back(field);
      }
      if (blank) row[0] = "z";  // blank records are skipped by design
      expected += std::to_string(r + 2) + ":";
      for (size_t c = 0; c < columns; ++c) expected += (c ? "|" : "") + row[c];
      expected += "\n";
      rows.push_back(row);
    }
    const std::string path = dir.Path("rt" + std::to_string(round) + ".csv");
    WriteOptions wo;
    wo.bom = round % 2 == 0;
    wo.crlf = round % 3 == 0;
    auto writer = CreateTable(path, wo);
    ASSERT_TRUE(writer.ok());
    for (const auto& row : rows) {
      ASSERT_TRUE((*writer)->WriteRow(std::vector<std::string_view>(row.begin(), row.end())).ok());
    }
    ASSERT_TRUE((*writer)->Close().ok());
    for (size_t block : {size_t{4}, size_t{7}, size_t{1000}}) {
      SCOPED_TRACE("round " + std::to_string(round) + ", block " + std::to_string(block));
      auto reader = internal::OpenCsv(path, {}, block);
      ASSERT_TRUE(reader.ok()) << reader.status().ToString();
      EXPECT_EQ((*reader)->header(), header);
      EXPECT_EQ(DumpRecords(reader->get()), expected);
    }
  }
}

// Random byte soup: never a crash or a hang, and (with a forced encoding) the same records and
// errors whatever the block size.
TEST(CsvReaderTest, RandomBytesGiveTheSameResultForEveryBlockSize) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::mt19937 rng(4181);
  const std::vector<std::string> alphabet = {",",
                                             "\"",
                                             "\r",
                                             "\n",
                                             "a",
                                             " ",
                                             "\xE4\xB8\xAD",
                                             "\xB3\xA4",
                                             "\xFF",
                                             std::string(1, '\0'),
                                             "\xEF\xBB\xBF",
                                             "\xE4",
                                             "\"\""};
  for (int round = 0; round < 300; ++round) {
    std::string input;
    for (size_t n = rng() % 200; n > 0; --n) input += alphabet[rng() % alphabet.size()];
    const std::string path = dir.Write("soup.csv", input);
    for (Encoding encoding : {Encoding::kAuto, Encoding::kUtf8, Encoding::kGb18030}) {
      ReadOptions options;
      options.encoding = encoding;
      std::string first;
      for (size_t block : {size_t{4}, size_t{5}, size_t{9}, size_t{1000}}) {
        SCOPED_TRACE("round " + std::to_string(round) + ", block " + std::to_string(block));
        auto reader = internal::OpenCsv(path, options, block);
        std::string dump = reader.ok()
                               ? JoinHeader((*reader)->header()) + "\n" + DumpRecords(reader->get())
                               : "open! " + reader.status().message();
        if (encoding == Encoding::kAuto) continue;  // detection looks at one block
        if (block == 4) {
          first = dump;
        } else {
          EXPECT_EQ(dump, first);
        }
      }
    }
  }
}

TEST(TableReaderTest, ParseEncoding) {
  const struct {
    const char* text;
    bool ok;
    Encoding encoding;
  } cases[] = {
      {"auto", true, Encoding::kAuto},       {"UTF-8", true, Encoding::kUtf8},
      {"utf8", true, Encoding::kUtf8},       {"GBK", true, Encoding::kGb18030},
      {"gb18030", true, Encoding::kGb18030}, {"GB2312", true, Encoding::kGb18030},
      {"latin1", false, Encoding::kAuto},    {"", false, Encoding::kAuto},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    Encoding e = Encoding::kAuto;
    EXPECT_EQ(ParseEncoding(c.text, &e), c.ok);
    if (c.ok) {
      EXPECT_EQ(e, c.encoding);
    }
  }
}

TEST(TableReaderTest, OpenErrors) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const struct {
    std::string name;
    std::string path;
    StatusCode code;
    std::string message;
  } cases[] = {
      {"missing", dir.Path("nope.csv"), StatusCode::kNotFound,
       "cannot open the file (No such file or directory)"},
      {"directory", dir.Path(""), StatusCode::kInvalidArgument, "this is a directory, not a file"},
      {"xls", dir.Write("old.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "junk"),
       StatusCode::kInvalidArgument,
       "this is an old .xls workbook (Excel 97-2003) or a password-protected one: save it as "
       ".xlsx without a password, or as CSV"},
      {"csv_named_xlsx", dir.Write("fake.xlsx", "a,b\n1,2\n"), StatusCode::kInvalidArgument,
       "not a valid XLSX file: not a zip archive"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto reader = OpenTable(c.path);
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.status().code(), c.code);
    EXPECT_EQ(reader.status().message(), c.message);
  }
}

TEST(TableReaderTest, FormatOverride) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Write("data.xlsx", "a,b\n1,2\n");
  ReadOptions options;
  options.format = Format::kCsv;
  auto reader = OpenTable(path, options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(DumpRecords(reader->get()), "2:1|2\n");
}

}  // namespace
}  // namespace sunlit::io
