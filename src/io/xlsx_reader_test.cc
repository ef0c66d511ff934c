// Tests for the XLSX reader: hand-built workbooks (shared strings with rich text, inline
// strings, booleans, dates by style, exponent numbers, gaps), round trips through the XLSX
// writer, and damaged or hostile files.
#include "io/xlsx_reader.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <map>
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

// Writes a zip holding `parts` (name -> content) at `path`.
bool WriteZip(const std::string& path, const std::map<std::string, std::string>& parts) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (zip == nullptr) return false;
  for (const auto& [name, content] : parts) {
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    if (source == nullptr || zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(source);
      zip_discard(zip);
      return false;
    }
  }
  return zip_close(zip) == 0;
}

constexpr char kWorkbook[] = R"x(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr/>
<sheets>
 <sheet name="说明" sheetId="1" state="hidden" r:id="rId3"/>
 <sheet name="名录" sheetId="2" r:id="rId1"/>
</sheets></workbook>)x";

constexpr char kRels[] = R"x(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/data.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
<Relationship Id="rId3" Target="/xl/worksheets/hidden.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
<Relationship Id="rId2" Target="sharedStrings.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>
<Relationship Id="rId4" Target="styles.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>
</Relationships>)x";

constexpr char kStyles[] = R"x(<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2">
<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="165" formatCode="0.00_);[Red]\(0.00\)"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>
<xf numFmtId="49"/></cellXfs>
</styleSheet>)x";

constexpr char kSharedStrings[] = R"x(<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6"
 uniqueCount="6">
<si><t>统一社会信用代码</t></si>
<si><r><rPr><b/></rPr><t>名</t></r><r><t xml:space="preserve">称 </t></r></si>
<si><t>检查日期</t></si>
<si><t>长沙&amp;株洲</t><rPh sb="0" eb="2"><t>ちょうさ</t></rPh></si>
<si><t>91430100MA4L1234XY</t></si>
<si><t>line_x000D_
break _x005F_x0041_</t></si>
</sst>)x";

// Row 1 is empty, the header is row 2; column D of the header is empty (a gap), E is "备注".
constexpr char kSheet[] = R"x(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A2:E9"/>
<sheetData>
<row r="1"><c r="A1" s="1"/></row>
<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c>
 <c r="E2" t="inlineStr"><is><t>备注</t></is></c></row>
<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>3</v></c><c r="C3" s="1"><v>45658</v></c>
 <c r="E3" t="b"><v>1</v></c></row>
<row r="4"><c r="A4"><v>1.2345678901234567E+17</v></c><c r="B4" t="str"><f>A1</f><v>公式</v></c>
 <c r="C4" s="2"><v>45658.5</v></c><c r="D4" s="3"><v>3.14</v></c><c r="E4" t="e"><v>#N/A</v></c>
</row>
<row r="5"><c r="A5" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c>
 <c r="H5" t="inlineStr"><is><t> </t></is></c></row>
<row r="6"><c r="A6" t="s"><v>5</v></c><c r="F6" t="inlineStr"><is><t>越界</t></is></c></row>
<row r="7"><c r="A7" t="inlineStr"><is><t>  </t></is></c></row>
<row r="8"><c><v>1</v></c><c><v>2</v></c><c r="E8" t="b"><v>0</v></c></row>
<row r="9"><c r="A9" t="s"><v>99</v></c></row>
</sheetData></worksheet>)x";

constexpr char kHiddenSheet[] = R"x(<?xml version="1.0"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row></sheetData></worksheet>)x";

std::map<std::string, std::string> Workbook() {
  return {{"[Content_Types].xml", "<Types/>"},       {"xl/workbook.xml", kWorkbook},
          {"xl/_rels/workbook.xml.rels", kRels},     {"xl/styles.xml", kStyles},
          {"xl/sharedStrings.xml", kSharedStrings},  {"xl/worksheets/data.xml", kSheet},
          {"xl/worksheets/hidden.xml", kHiddenSheet}};
}

TEST(XlsxReaderTest, HandBuiltWorkbook) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("book.xlsx");
  ASSERT_TRUE(WriteZip(path, Workbook()));
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(JoinHeader((*reader)->header()), "统一社会信用代码|名称|检查日期||备注");
  EXPECT_EQ((*reader)->encoding(), Encoding::kUtf8);
  EXPECT_EQ((*reader)->position(), 2);
  EXPECT_EQ((*reader)->size(), 9);
  const std::string expected =
      "3:91430100MA4L1234XY|长沙&株洲|2025-01-01||TRUE\n"
      "4:123456789012345670|公式|2025-01-01 12:00:00|3.14|#N/A\n"
      "5:富文本||||\n"
      "! row 6, column 6: value outside the header's columns\n"
      "8:1|2|||FALSE\n"
      "! row 9, column 1: the cell refers to a shared string that does not exist (the file is "
      "damaged)\n";
  EXPECT_EQ(DumpRecords(reader->get()), expected);
  EXPECT_EQ((*reader)->position(), 9);
  ASSERT_TRUE((*reader)->Rewind().ok());
  EXPECT_EQ(DumpRecords(reader->get()), expected);
}

TEST(XlsxReaderTest, ExcelEscapesInSharedStrings) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  auto parts = Workbook();
  parts["xl/worksheets/data.xml"] = R"x(<worksheet><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>
<row r="2"><c r="A2" t="s"><v>5</v></c></row></sheetData></worksheet>)x";
  const std::string path = dir.Path("esc.xlsx");
  ASSERT_TRUE(WriteZip(path, parts));
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Record record;
  Result<bool> got = (*reader)->Next(&record);
  ASSERT_TRUE(got.ok() && *got);
  ASSERT_EQ(record.fields.size(), 1u);
  EXPECT_EQ(record.fields[0], "line\r\nbreak _x0041_");
}

// Found by fuzz/xlsx_fuzz.cc: a sheet whose row numbers go back gave records with
// descending row numbers, and a cell whose column goes back silently replaced a value read
// before it. Both are damage (ECMA-376 wants ascending rows and cells): an error for that row,
// row numbers kept ascending, reading goes on.
TEST(XlsxReaderTest, RowsAndCellsOutOfOrder) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("order.xlsx");
  ASSERT_TRUE(WriteZip(path, {{"xl/worksheets/sheet1.xml", R"x(<worksheet><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>
<row r="3"><c r="A3"><v>1</v></c><c r="B3"><v>2</v></c></row>
<row r="2"><c r="A2"><v>3</v></c></row>
<row r="7"><c r="B7"><v>4</v></c><c r="A7"><v>5</v></c></row>
<row r="8"><c r="A8"><v>6</v></c><c r="A8"><v>7</v></c></row>
<row><c><v>8</v></c><c><v>9</v></c></row></sheetData></worksheet>)x"}}));
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(DumpRecords(reader->get()),
            "3:1|2\n"
            "! row 4: the sheet says row 2 after row 3 (the file is damaged)\n"
            "! row 7, column 1: cells out of order (the file is damaged)\n"
            "! row 8, column 1: cells out of order (the file is damaged)\n"
            "9:8|9\n");
}

TEST(XlsxReaderTest, MinimalWorkbookWithoutRelationships) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("min.xlsx");
  ASSERT_TRUE(WriteZip(path, {{"xl/worksheets/sheet1.xml", R"x(<worksheet><sheetData>
<row><c t="inlineStr"><is><t> a </t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>
<row><c><v>1</v></c><c><v>2</v></c></row></sheetData></worksheet>)x"}}));
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(JoinHeader((*reader)->header()), "a|b");
  EXPECT_EQ(DumpRecords(reader->get()), "2:1|2\n");
}

TEST(XlsxReaderTest, RoundTripThroughTheWriter) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("out.xlsx");
  const std::vector<std::vector<std::string>> rows = {
      {"统一社会信用代码", "名称", "注册资本", "备注"},
      {"91430100MA4L1234XY", "长沙市某某餐饮有限公司", "1000000", ""},
      {"123456789012345678", "湘潭 \"引号\", 逗号", "0012", "多行\n文本"},
      {"", "", "", "只有备注"},
      {"12345678901234567890", "TRUE", "1.5E+3", "2025-01-01"},
      {"tab\there", "&<>'", "𠀀", "=1+1"},
  };
  {
    WriteOptions options;
    options.format = WriteFormat::kXlsx;
    options.sheet_name = "名录";
    auto writer = CreateTable(path, options);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (const auto& row : rows) {
      ASSERT_TRUE((*writer)->WriteRow(std::vector<std::string_view>(row.begin(), row.end())).ok());
    }
    ASSERT_TRUE((*writer)->Close().ok());
  }
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->header(), rows[0]);
  Record record;
  for (size_t i = 1; i < rows.size(); ++i) {
    SCOPED_TRACE(i);
    Result<bool> got = (*reader)->Next(&record);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_TRUE(*got);
    EXPECT_EQ(record.row, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(std::vector<std::string>(record.fields.begin(), record.fields.end()), rows[i]);
  }
  Result<bool> end = (*reader)->Next(&record);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
}

// Rows that straddle the reader's decompression chunks must come out whole (regression: a
// row cut by a chunk boundary used to be split, and its tail reported as row 1).
TEST(XlsxReaderTest, ManyRowsAcrossChunkBoundaries) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("big.xlsx");
  constexpr int kRows = 6000;
  auto cell = [](int r, int c) { return "行" + std::to_string(r) + "列" + std::to_string(c); };
  {
    WriteOptions options;
    options.format = WriteFormat::kXlsx;
    auto writer = CreateTable(path, options);
    ASSERT_TRUE(writer.ok());
    for (int r = 0; r <= kRows; ++r) {
      std::vector<std::string> row;
      for (int c = 0; c < 9; ++c) row.push_back(r == 0 ? "h" + std::to_string(c) : cell(r, c));
      ASSERT_TRUE((*writer)->WriteRow(std::vector<std::string_view>(row.begin(), row.end())).ok());
    }
    ASSERT_TRUE((*writer)->Close().ok());
  }
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  for (int pass = 0; pass < 2; ++pass) {
    Record record;
    for (int r = 1; r <= kRows; ++r) {
      Result<bool> got = (*reader)->Next(&record);
      ASSERT_TRUE(got.ok() && *got) << r;
      ASSERT_EQ(record.row, r + 1);
      ASSERT_EQ(record.fields.size(), 9u);
      for (int c = 0; c < 9; ++c) ASSERT_EQ(record.fields[c], cell(r, c)) << r << "," << c;
    }
    Result<bool> end = (*reader)->Next(&record);
    ASSERT_TRUE(end.ok());
    EXPECT_FALSE(*end);
    ASSERT_TRUE((*reader)->Rewind().ok());
  }
}

TEST(XlsxReaderTest, DamagedFiles) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  // A real workbook, then the same bytes cut short, and a PK header followed by noise.
  const std::string good = dir.Path("good.xlsx");
  ASSERT_TRUE(WriteZip(good, Workbook()));
  const std::string bytes = testing::ReadFile(good);
  std::mt19937 rng(7);
  std::string noise = "PK\x03\x04";
  for (int i = 0; i < 4096; ++i) noise += static_cast<char>(rng() & 0xFF);
  auto bad_xml = Workbook();
  bad_xml["xl/worksheets/data.xml"] = "<worksheet><sheetData><row><c><v>1</c></row>";
  auto doctype = Workbook();
  doctype["xl/sharedStrings.xml"] =
      "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaa\">]><sst><si><t>&a;</t>"
      "</si></sst>";
  const std::string bad_xml_path = dir.Path("badxml.xlsx");
  const std::string doctype_path = dir.Path("doctype.xlsx");
  const std::string plain_zip = dir.Path("plain.zip");
  const std::string empty_sheet = dir.Path("empty.xlsx");
  ASSERT_TRUE(WriteZip(bad_xml_path, bad_xml));
  ASSERT_TRUE(WriteZip(doctype_path, doctype));
  ASSERT_TRUE(WriteZip(plain_zip, {{"hello.txt", "hello"}}));
  ASSERT_TRUE(WriteZip(empty_sheet, {{"xl/worksheets/sheet1.xml",
                                      "<worksheet><sheetData>"
                                      "<row r=\"3\"/></sheetData>"
                                      "</worksheet>"}}));
  const struct {
    std::string name;
    std::string path;
    std::string message;  // expected prefix
  } cases[] = {
      {"truncated", dir.Write("truncated.xlsx", bytes.substr(0, bytes.size() / 2)),
       "not a valid XLSX file: "},
      {"truncated_end", dir.Write("cut.xlsx", bytes.substr(0, bytes.size() - 10)),
       "not a valid XLSX file: "},
      {"noise", dir.Write("noise.xlsx", noise), "not a valid XLSX file: "},
      {"bad_xml", bad_xml_path,
       "not a valid XLSX file: xl/worksheets/data.xml, line 1: mismatched tag"},
      {"doctype", doctype_path, "not a valid XLSX file: unexpected DOCTYPE in a workbook part"},
      {"plain_zip", plain_zip, "not a valid XLSX file: no worksheet found"},
      {"empty_sheet", empty_sheet, "the first worksheet is empty"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto reader = OpenTable(c.path);
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(reader.status().message().substr(0, c.message.size()), c.message)
        << reader.status().message();
  }
}

// A bit flipped inside a compressed part is caught (CRC or inflate error), whenever it is read.
TEST(XlsxReaderTest, CorruptedEntryNeverCrashes) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string good = dir.Path("good.xlsx");
  ASSERT_TRUE(WriteZip(good, Workbook()));
  const std::string bytes = testing::ReadFile(good);
  std::mt19937 rng(11);
  for (int i = 0; i < 200; ++i) {
    std::string damaged = bytes;
    damaged[rng() % damaged.size()] ^= static_cast<char>(1 << (rng() % 8));
    const std::string path = dir.Write("d.xlsx", damaged);
    auto reader = OpenTable(path);
    if (!reader.ok()) continue;
    DumpRecords(reader->get());  // must end, without crashing
  }
}

TEST(XlsxReaderTest, MissingFileWithFormatForced) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  ReadOptions options;
  options.format = Format::kXlsx;
  auto reader = OpenTable(dir.Path("nope.xlsx"), options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(reader.status().message(), "cannot open the file (No such file or directory)");
}

TEST(XlsxReaderTest, ZipBombCap) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  auto parts = Workbook();
  std::string big = "<worksheet><sheetData>";
  while (big.size() < 100000) big += "<row><c><v>1</v></c></row>";
  big += "</sheetData></worksheet>";
  parts["xl/worksheets/data.xml"] = big;
  const std::string path = dir.Path("bomb.xlsx");
  ASSERT_TRUE(WriteZip(path, parts));
  auto reader = internal::OpenXlsx(path, {}, 50000);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().message(),
            "the XLSX file is too large: xl/worksheets/data.xml inflates to more than 0 MB (is it "
            "a zip bomb?)");
}

TEST(XlsxReaderTest, LongRowIsAnErrorForThatRow) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.Path("long.xlsx");
  ASSERT_TRUE(WriteZip(path, {{"xl/worksheets/sheet1.xml",
                               "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>a</t></is>"
                               "</c></row><row><c><v>" +
                                   std::string(200, '1') +
                                   "</v></c></row><row><c><v>2</v></c></row></sheetData>"
                                   "</worksheet>"}}));
  ReadOptions options;
  options.max_record_bytes = 100;
  auto reader = OpenTable(path, options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(DumpRecords(reader->get()), "! row 2: record longer than 100 bytes\n3:2\n");
}

TEST(XlsxValuesTest, SerialDates) {
  const struct {
    const char* number;
    bool date1904;
    const char* expected;  // nullptr: not converted
  } cases[] = {
      {"1", false, "1900-01-01"},
      {"59", false, "1900-02-28"},
      {"60", false, nullptr},
      {"61", false, "1900-03-01"},
      {"45658", false, "2025-01-01"},
      {"45658.75", false, "2025-01-01 18:00:00"},
      {"45658.999999999", false, "2025-01-02"},
      {"0", false, nullptr},
      {"-1", false, nullptr},
      {"2958465", false, "9999-12-31"},
      {"2958466", false, nullptr},
      {"abc", false, nullptr},
      {"", false, nullptr},
      {"0", true, "1904-01-01"},
      {"44196", true, "2025-01-01"},
      {"1e308", false, nullptr},
      {"nan", false, nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.number);
    std::string out;
    EXPECT_EQ(internal::ExcelSerialToDate(c.number, c.date1904, &out), c.expected != nullptr);
    EXPECT_EQ(out, c.expected != nullptr ? c.expected : "");
  }
}

TEST(XlsxValuesTest, PlainNumbers) {
  const struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"1.0E+17", "100000000000000000"},
      {"1.2345678901234567E+17", "123456789012345670"},
      {"9.1430100000000002E+17", "914301000000000020"},
      {"-1.5E+3", "-1500"},
      {"1.5E+0", "1.5E+0"},
      {"1.5E-3", "1.5E-3"},
      {"1E+40", "1E+40"},
      {"0.0E+5", "0"},
      {"3.14", "3.14"},
      {"12345", "12345"},
      {"E+5", "E+5"},
      {"1.2.3E+5", "1.2.3E+5"},
      {"1.5E+", "1.5E+"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(internal::PlainNumber(c.in), c.out);
  }
}

TEST(XlsxValuesTest, DateFormats) {
  const struct {
    const char* code;
    bool date;
  } cases[] = {
      {"yyyy-mm-dd", true},
      {"yyyy\"年\"m\"月\"d\"日\"", true},
      {"[$-804]yyyy/m/d", true},
      {"[DBNum1][$-804]m\"月\"d\"日\"", true},
      {"General", false},
      {"0.00_);[Red]\\(0.00\\)", false},
      {"h:mm:ss", false},
      {"\"day\"0", false},
      {"@", false},
      {"0\\d", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    EXPECT_EQ(internal::IsDateFormatCode(c.code), c.date);
  }
  EXPECT_TRUE(internal::IsDateFormatId(14));
  EXPECT_TRUE(internal::IsDateFormatId(22));
  EXPECT_TRUE(internal::IsDateFormatId(57));
  EXPECT_FALSE(internal::IsDateFormatId(0));
  EXPECT_FALSE(internal::IsDateFormatId(49));
}

}  // namespace
}  // namespace sunlit::io
