// Import use cases against a real SQLite file: good and bad files in UTF-8, GBK and XLSX.
#include "app/import.h"

#include <iconv.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/export.h"
#include "app/gen.h"
#include "core/uscc.h"
#include "gtest/gtest.h"
#include "io/table_writer.h"
#include "store/test_backend.h"

namespace sunlit::app {
namespace {

namespace fs = std::filesystem;

// A checksum-valid code for region `region` and an organisation body of 8 characters.
std::string MakeCode(std::string_view prefix2, std::string_view region, std::string body) {
  body += core::OrgCodeCheckCharacter(body);
  std::string first17 = std::string(prefix2) + std::string(region) + body;
  return first17 + core::UsccCheckCharacter(first17);
}

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sunlit-import-XXXXXX";
    dir_ = mkdtemp(tmpl);
    auto s = store::Open(store::testing::TestDatabaseUrl(dir_));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    options_.today = core::Date::FromYmd(2026, 11, 23);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  ImportReport Run(ImportKind kind, const std::string& path) {
    Result<ImportReport> r = Import(*store_, kind, path, options_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ImportReport{};
  }

  int64_t Count() {
    auto tx = store_->BeginRead();
    EXPECT_TRUE(tx.ok());
    auto n = (*tx)->CountEntities();
    return n.ok() ? *n : -1;
  }

  // Units and departments the entity rows below refer to.
  void ImportUnits() {
    const std::string path = Write(
        "units.csv",
        "department,department_name,market_supervision,code,name,region\n"
        "SCJG,湘潭市市场监督管理局,yes,430302-S01,雨湖区城关市场监管所,430302\n"
        "XFJY,湘潭市消防救援支队,no,XFJY-430300,湘潭市消防救援支队,430300\n");
    ImportReport r = Run(ImportKind::kUnits, path);
    ASSERT_TRUE(r.written);
  }

  bool HasProblem(const ImportReport& r, int64_t row, int column, std::string_view needle) {
    for (const Problem& p : r.first_problems) {
      if (p.row == row && p.column == column && p.reason.find(needle) != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  ImportOptions options_;
  const std::string a_ = MakeCode("91", "430302", "MA4L0001");
  const std::string b_ = MakeCode("92", "430302", "L7XYQN50");
  const std::string c_ = MakeCode("93", "430321", "NY31NN60");
  const std::string header_ = "code,name,type,region,industry,risk,last_inspected\n";
};

TEST_F(ImportTest, GoodUtf8FileIsImported) {
  const std::string path = Write("e.csv", header_ + a_ + ",湘潭华信建材有限公司,enterprise,"
                                                     "430302,5161,B,2025-03-01\n" +
                                              b_ + ",雨湖区鑫源百货商店,个体工商户,430302,F5211,A,\n");
  ImportReport r = Run(ImportKind::kEntities, path);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.counts.created, 2);
  EXPECT_EQ(r.errors, 0);
  auto tx = store_->BeginRead();
  ASSERT_TRUE(tx.ok());
  auto e = (*tx)->FindEntity(b_);
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->name, "雨湖区鑫源百货商店");
  EXPECT_EQ((*e)->type, core::EntityType::kIndividual);
  EXPECT_EQ((*e)->industry, "5211");
  EXPECT_EQ((*e)->risk, core::RiskClass::kA);
  EXPECT_FALSE((*e)->last_inspected.has_value());
}

TEST_F(ImportTest, ChineseHeadersWithBomAndGbkAreDetected) {
  const std::string content =
      "统一社会信用代码,名称,主体类型,行政区划,行业代码,信用风险分类,最近检查日期\n" + a_ +
      ",湘潭华信建材有限公司,企业,430302,5161,C,2025-03-01\n";
  ImportReport r1 = Run(ImportKind::kEntities, Write("bom.csv", "\xEF\xBB\xBF" + content));
  EXPECT_TRUE(r1.written);
  EXPECT_EQ(r1.counts.created, 1);
  ImportReport r2 = Run(ImportKind::kEntities, Write("gbk.csv", ToGbk(content)));
  EXPECT_TRUE(r2.written);
  EXPECT_EQ(r2.counts.unchanged, 1);  // same row, other encoding: nothing changed
}

TEST_F(ImportTest, XlsxIsImported) {
  const std::string path = dir_ + "/e.xlsx";
  io::WriteOptions w;
  w.format = io::WriteFormat::kXlsx;
  auto writer = io::CreateTable(path, w);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->WriteRow({"统一社会信用代码", "名称", "主体类型", "行政区划",
                                   "行业代码", "信用风险分类"}).ok());
  ASSERT_TRUE((*writer)->WriteRow({c_, "湘潭县绿野种植专业合作社", "农民专业合作社", "430321",
                                   "0141", "D"}).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  ImportReport r = Run(ImportKind::kEntities, path);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.counts.created, 1);
}

TEST_F(ImportTest, AnyInvalidRowMeansNothingIsWritten) {
  ASSERT_TRUE(Run(ImportKind::kEntities,
                  Write("ok.csv", header_ + a_ + ",甲公司,enterprise,430302,5161,B,\n"))
                  .written);
  std::string bad_code = a_;
  bad_code[17] = bad_code[17] == '0' ? '1' : '0';
  const std::string path =
      Write("bad.csv", header_ + b_ + ",乙商店,individual,430302,5211,A,\n" + bad_code +
                           ",丙公司,enterprise,430302,5161,B,\n" + c_ +
                           ",丁合作社,cooperative,439999,0141,Z,2025-13-01\n" + a_ +
                           ",甲公司改名,enterprise,430302,9999,B,\n");
  ImportReport r = Run(ImportKind::kEntities, path);
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.rejected, 3);
  EXPECT_TRUE(HasProblem(r, 3, 1, "check character"));
  EXPECT_TRUE(HasProblem(r, 4, 4, "unknown region"));
  EXPECT_TRUE(HasProblem(r, 4, 6, "risk class"));
  EXPECT_TRUE(HasProblem(r, 4, 7, "month"));
  EXPECT_TRUE(HasProblem(r, 5, 5, "industry"));
  EXPECT_EQ(Count(), 1);  // unchanged: the good row of bad.csv was not written either
  auto tx = store_->BeginRead();
  auto e = (*tx)->FindEntity(a_);
  EXPECT_EQ((*e)->name, "甲公司");
}

TEST_F(ImportTest, SkipInvalidImportsTheValidRows) {
  options_.skip_invalid = true;
  const std::string path = Write("mixed.csv", header_ + a_ + ",甲公司,enterprise,430302,5161,B,\n" +
                                                  "123,乙,enterprise,430302,5161,B,\n");
  ImportReport r = Run(ImportKind::kEntities, path);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.rejected, 1);
  EXPECT_EQ(r.counts.created, 1);
  EXPECT_TRUE(HasProblem(r, 3, 1, "length"));
}

TEST_F(ImportTest, DuplicateCodesInOneFileAreErrors) {
  const std::string path =
      Write("dup.csv", header_ + a_ + ",甲,enterprise,430302,5161,B,\n" + b_ +
                           ",乙,individual,430302,5211,B,\n" + a_ + ",甲2,enterprise,430302,5161,B,\n");
  ImportReport r = Run(ImportKind::kEntities, path);
  EXPECT_FALSE(r.written);
  EXPECT_TRUE(HasProblem(r, 4, 1, "also in row 2"));
  EXPECT_EQ(Count(), 0);
}

// Duplicates far apart in a file longer than one block of the duplicate check (which sorts
// codes in blocks and merges them): each later copy is reported against the first.
TEST_F(ImportTest, DuplicatesAcrossABigFileAreAllFound) {
  GenOptions gen;
  gen.count = 140000;
  gen.seed = 9;
  gen.region_prefix = "4303";
  gen.today = options_.today;
  const std::string generated = dir_ + "/gen.csv";
  ASSERT_TRUE(GenerateEntities(gen, generated).ok());
  std::vector<std::string> lines;
  {
    std::ifstream in(generated);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  ASSERT_EQ(lines.size(), 140001u);
  // Line i of the file is row i + 1. Copies of rows 2 and 70001 at the end, one of row 2 in
  // the middle; a row with a changed name but the same code counts too.
  const auto code_of = [&](size_t row) { return lines[row - 1].substr(0, 18); };
  std::string renamed = lines[70000];
  renamed.replace(19, renamed.find(',', 19) - 19, "改名商店");
  lines.insert(lines.begin() + 100000, lines[1]);  // now row 100001
  lines.push_back(renamed);                        // row 140003
  lines.push_back(lines[1]);                       // row 140004
  std::string content;
  for (const std::string& l : lines) content += l + "\n";
  const std::string path = Write("dups.csv", content);
  ASSERT_EQ(code_of(100001), code_of(2));

  ImportReport r = Run(ImportKind::kEntities, path);
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.rows, 140003);
  EXPECT_EQ(r.rejected, 3);
  EXPECT_TRUE(HasProblem(r, 100001, 1, "duplicate code: also in row 2"));
  EXPECT_TRUE(HasProblem(r, 140004, 1, "duplicate code: also in row 2"));
  EXPECT_TRUE(HasProblem(r, 140003, 1, "duplicate code: also in row 70001"));
  EXPECT_EQ(Count(), 0);

  options_.skip_invalid = true;
  r = Run(ImportKind::kEntities, path);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.rejected, 3);
  EXPECT_EQ(r.counts.created, 140000);
  EXPECT_EQ(Count(), 140000);
  auto tx = store_->BeginRead();
  auto kept = (*tx)->FindEntity(code_of(70001));
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_NE((*kept)->name, "改名商店");  // the first copy is the one kept
}

TEST_F(ImportTest, ReimportUpsertsAndRecordsChanges) {
  ASSERT_TRUE(Run(ImportKind::kEntities,
                  Write("v1.csv", header_ + a_ + ",甲公司,enterprise,430302,5161,B,\n" + b_ +
                                      ",乙商店,individual,430302,5211,A,\n"))
                  .written);
  ImportReport r = Run(ImportKind::kEntities,
                       Write("v2.csv", header_ + a_ + ",甲公司,enterprise,430302,5161,D,2026-05-06\n" +
                                           b_ + ",乙商店,individual,430302,5211,A,\n" + c_ +
                                           ",丙社,cooperative,430321,0141,,\n"));
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.counts.created, 1);
  EXPECT_EQ(r.counts.updated, 1);
  EXPECT_EQ(r.counts.unchanged, 1);
  auto tx = store_->BeginRead();
  auto h = (*tx)->EntityHistory(a_);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].field, "risk");
  EXPECT_EQ((*h)[0].old_value, "B");
  EXPECT_EQ((*h)[0].new_value, "D");
  EXPECT_EQ((*h)[1].field, "last_inspected");
  EXPECT_EQ((*h)[1].new_value, "2026-05-06");
}

TEST_F(ImportTest, NormalisationIsReportedNotSilent) {
  std::string fullwidth;
  for (char ch : a_) {  // Ａ = U+FF21: EF BC A1 …
    const unsigned cp = 0xFF01 + static_cast<unsigned>(ch - '!');
    fullwidth += static_cast<char>(0xE0 | (cp >> 12));
    fullwidth += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    fullwidth += static_cast<char>(0x80 | (cp & 0x3F));
  }
  ImportReport r = Run(ImportKind::kEntities,
                       Write("fw.csv", header_ + " " + fullwidth + " ,甲,enterprise,430302,5161,B,\n"));
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.warnings, 1);
  EXPECT_TRUE(HasProblem(r, 2, 1, "normalised to " + a_));
  auto tx = store_->BeginRead();
  EXPECT_TRUE((*(*tx)->FindEntity(a_)).has_value());
}

TEST_F(ImportTest, FutureDatesAndOrgCodeFailures) {
  // 91310000631295002H passes GB 32100 but fails GB 11714: a warning unless strict.
  const std::string odd = "91310000631295002H";
  const std::string row = odd + ",某公司,enterprise,430302,5161,B,\n";
  ImportReport lenient = Run(ImportKind::kEntities, Write("o.csv", header_ + row));
  EXPECT_TRUE(lenient.written);
  EXPECT_EQ(lenient.warnings, 2);  // GB 11714, and region 310000 of the code is not in the table
  options_.strict_org_code = true;
  ImportReport strict = Run(ImportKind::kEntities, Write("o2.csv", header_ + row));
  EXPECT_FALSE(strict.written);
  ImportReport future = Run(ImportKind::kEntities,
                            Write("f.csv", header_ + b_ + ",乙,individual,430302,5211,A,2027-01-01\n"));
  EXPECT_FALSE(future.written);
  EXPECT_TRUE(HasProblem(future, 2, 7, "future"));
}

TEST_F(ImportTest, MalformedFilesFailWithRowAndNothingChanges) {
  struct Case {
    const char* name;
    std::string content;
    const char* needle;
  };
  const std::vector<Case> cases = {
      {"quote.csv", header_ + a_ + ",\"甲,enterprise,430302,5161,B,\n", "row 2"},
      {"cols.csv", header_ + a_ + ",甲,enterprise,430302\n", "row 2"},
      {"empty.csv", "", "empty"},
      {"missing.csv", "code,name,type\n" + a_ + ",甲,enterprise\n", "region"},
      {"mixed.csv", header_ + a_ + ",甲,enterprise,430302,5161,B,\n" + b_ + "," +
                        ToGbk("乙商店") + ",individual,430302,5211,A,\n",
       "row 2, column 2"},
      {"zip.xlsx", std::string("PK\x03\x04", 4) + std::string(200, 'x'), "XLSX"},
  };
  for (const Case& c : cases) {
    Result<ImportReport> r = Import(*store_, ImportKind::kEntities, Write(c.name, c.content),
                                    options_);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_NE(r.status().message().find(c.needle), std::string::npos)
        << c.name << ": " << r.status().message();
    EXPECT_EQ(Count(), 0) << c.name;
  }
}

TEST_F(ImportTest, HundredMegabyteLineIsRefused) {
  const std::string path = dir_ + "/long.csv";
  {
    std::ofstream f(path, std::ios::binary);
    f << header_;
    std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 100; ++i) f << chunk;
    f << "\n";
  }
  Result<ImportReport> r = Import(*store_, ImportKind::kEntities, path, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("row 2"), std::string::npos) << r.status().message();
  EXPECT_EQ(Count(), 0);
}

TEST_F(ImportTest, InspectorsAndItemsNeedKnownDepartments) {
  ImportUnits();
  const std::string inspectors =
      "code,name,department,unit,certificate_no,certificate_expiry,qualifications,expert,leader\n"
      "P001,张伟,SCJG,430302-S01,43030220190001,2028-12-31,food;general,是,否\n"
      "P002,李娜,XFJY,XFJY-430300,43030020200002,2027-06-30,fire,no,yes\n"
      "P003,王强,WSJK,,43030020200003,2027-06-30,,no,no\n";
  ImportReport r = Run(ImportKind::kInspectors, Write("p.csv", inspectors));
  EXPECT_FALSE(r.written);
  EXPECT_TRUE(HasProblem(r, 4, 3, "unknown department"));
  options_.skip_invalid = true;
  r = Run(ImportKind::kInspectors, Write("p.csv", inspectors));
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.counts.created, 2);
  const std::string items =
      "部门编码,事项编码,抽查事项,抽查依据,抽查对象类型,行业范围,监管标签,检查方式,执法资格要求,年度上限豁免类别,是否有效\n"
      "SCJG,SJ-001,企业公示信息情况检查,《企业信息公示暂行条例》,企业;农民专业合作社,,,书面检查,general,,有效\n"
      "XFJY,XF-001,消防安全检查,《中华人民共和国消防法》,,F5265,fuel_retail,实地检查,fire,public_safety,有效\n";
  r = Run(ImportKind::kItems, Write("t.csv", items));
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.counts.created, 2);
  auto tx = store_->BeginRead();
  std::vector<core::InspectionItem> got;
  ASSERT_TRUE((*tx)->ScanItems([&](const core::InspectionItem& t) {
    got.push_back(t);
    return true;
  }).ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].industry_prefixes, std::vector<std::string>{"5265"});
  EXPECT_EQ(got[1].exemption, core::CapExemption::kPublicSafety);
}

TEST_F(ImportTest, HolidaysFromCsvAndOwnFormat) {
  const std::string csv =
      "date,kind,holiday_name,year,notice_url\n"
      "2027-01-01,holiday_off,元旦,2027,notice\n"
      "2027-02-06,adjusted_workday,春节,2027,notice\n";
  ImportReport r = Run(ImportKind::kHolidays, Write("h.csv", csv));
  EXPECT_TRUE(r.written);
  const std::string txt = "year 2028\nnotice test\noff 元旦 2028-01-01\n";
  r = Run(ImportKind::kHolidays, Write("h2028.txt", txt));
  EXPECT_TRUE(r.written);
  auto tx = store_->BeginRead();
  auto schedule = (*tx)->LoadCalendar();
  ASSERT_TRUE(schedule.ok());
  core::WorkCalendar cal(*schedule);
  EXPECT_TRUE(cal.HasYear(2026));
  EXPECT_TRUE(cal.HasYear(2027));
  EXPECT_TRUE(cal.HasYear(2028));
  EXPECT_EQ(*cal.IsWorkingDay(core::Date::FromYmd(2027, 2, 6)), true);  // a Saturday
  EXPECT_EQ(*cal.IsWorkingDay(core::Date::FromYmd(2027, 1, 1)), false);
}

TEST_F(ImportTest, SharedHolidayFactsMatchTheBuiltinSchedule) {
  const std::string path = std::string(SUNLIT_SHARED_DIR) + "/data/cn_holidays_2024_2026.csv";
  if (!fs::exists(path)) GTEST_SKIP() << "shared data not present";
  ImportReport r = Run(ImportKind::kHolidays, path);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.counts.created + r.counts.updated + r.counts.unchanged, 3);
  auto tx = store_->BeginRead();
  auto schedule = (*tx)->LoadCalendar();
  ASSERT_TRUE(schedule.ok());
  const core::HolidaySchedule builtin = core::BuiltinSchedule();
  ASSERT_EQ(schedule->size(), builtin.size());
  for (size_t i = 0; i < builtin.size(); ++i) {
    ASSERT_EQ((*schedule)[i].days.size(), builtin[i].days.size());
    for (size_t d = 0; d < builtin[i].days.size(); ++d) {
      EXPECT_EQ((*schedule)[i].days[d].date, builtin[i].days[d].date);
      EXPECT_EQ((*schedule)[i].days[d].kind, builtin[i].days[d].kind);
    }
  }
}

TEST_F(ImportTest, ExportRoundTripsThroughImport) {
  ASSERT_TRUE(Run(ImportKind::kEntities,
                  Write("v1.csv", "code,name,type,region,industry,risk,last_inspected,tags\n" +
                                      a_ + ",\"甲,公司\",enterprise,430302,5161,B,2025-01-02,"
                                           "fuel_retail;catering\n" +
                                      b_ + ",乙商店,individual,430302,5211,,,\n"))
                  .written);
  for (auto format : {io::WriteFormat::kCsv, io::WriteFormat::kXlsx}) {
    ExportOptions eo;
    eo.write.format = format;
    eo.chinese_headers = format == io::WriteFormat::kXlsx;
    const std::string out =
        dir_ + (format == io::WriteFormat::kCsv ? "/out.csv" : "/out.xlsx");
    Result<int64_t> n = Export(*store_, ImportKind::kEntities, out, eo);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_EQ(*n, 2);
    ImportReport r = Run(ImportKind::kEntities, out);
    EXPECT_TRUE(r.written);
    EXPECT_EQ(r.counts.unchanged, 2) << out;
  }
}

}  // namespace
}  // namespace sunlit::app
