// Tests for the GB/T 2260 region tree, prefixes and the built-in Hunan table.
#include "core/region.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/test_support.h"

namespace sunlit::core {
namespace {

std::vector<int32_t> Codes(const std::vector<const RegionRow*>& rows) {
  std::vector<int32_t> out;
  for (const RegionRow* r : rows) out.push_back(r->code);
  return out;
}

TEST(RegionTest, LevelAndParentByShape) {
  struct Case {
    int32_t code;
    int level;
    int32_t parent;
  };
  const std::vector<Case> cases = {
      {430000, 1, 0}, {430300, 2, 430000}, {430302, 3, 430300}, {110000, 1, 0}, {829999, 3, 829900},
      {820000, 1, 0}, {109999, 0, 0},      {830000, 0, 0},      {43, 0, 0},     {4303, 0, 0},
      {0, 0, 0},      {-430302, 0, 0},     {4303020, 0, 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RegionLevelOf(c.code), c.level) << c.code;
    EXPECT_EQ(RegionParentOf(c.code), c.parent) << c.code;
  }
}

TEST(RegionTest, CanonicalPrefix) {
  struct Case {
    std::string text;
    std::string canonical;  // empty = error
  };
  const std::vector<Case> cases = {
      {"43", "43"},       {"430000", "43"},     {"4303", "4303"},
      {"430300", "4303"}, {"430302", "430302"}, {" 4303 ", "4303"},
      {"11", "11"},       {"82", "82"},         {"", ""},
      {"4", ""},          {"430", ""},          {"43030", ""},
      {"4303021", ""},    {"4300", ""},         {"10", ""},
      {"83", ""},         {"00", ""},           {"000000", ""},
      {"43a3", ""},       {"-43", ""},          {"４３", ""},
      {"830000", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const Result<std::string> r = CanonicalRegionPrefix(c.text);
    if (c.canonical.empty()) {
      ASSERT_FALSE(r.ok()) << *r;
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_FALSE(r.status().message().empty());
    } else {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(*r, c.canonical);
    }
  }
  EXPECT_EQ(CanonicalRegionPrefix("4300").status().message(),
            "region '4300' is not a prefecture prefix (write the province as 2 digits)");
  EXPECT_EQ(CanonicalRegionPrefix("430").status().message(),
            "region '430' must be 2, 4 or 6 digits (e.g. 43, 4303, 430302)");
}

TEST(RegionTest, Matches) {
  struct Case {
    int32_t code;
    std::string prefix;
    bool match;
  };
  const std::vector<Case> cases = {
      {430302, "43", true},   {430302, "4303", true},  {430302, "430302", true},
      {430000, "43", true},   {430300, "4303", true},  {430302, "4304", false},
      {430302, "44", false},  {440302, "43", false},   {430302, "430304", false},
      {430302, "", false},    {430302, "430", false},  {430302, "4a", false},
      {430399, "4303", true}, {430400, "4303", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RegionMatches(c.code, c.prefix), c.match) << c.code << " " << c.prefix;
  }
}

TEST(RegionTest, BuiltinCounts) {
  const RegionTree& t = RegionTree::Builtin();
  int by_level[4] = {0, 0, 0, 0};
  for (const RegionRow& r : t.rows()) {
    ASSERT_GE(r.level, 1);
    ASSERT_LE(r.level, 3);
    ++by_level[r.level];
  }
  EXPECT_EQ(by_level[1], 1);
  EXPECT_EQ(by_level[2], 14);
  EXPECT_EQ(by_level[3], 122);
  EXPECT_EQ(t.size(), 137u);
  EXPECT_EQ(t.CountiesWithin("43").size(), 122u);
  EXPECT_EQ(t.Children(430000).size(), 14u);
  EXPECT_EQ(&RegionTree::Builtin(), &t);  // parsed once
  for (size_t i = 1; i < t.rows().size(); ++i) {
    EXPECT_LT(t.rows()[i - 1].code, t.rows()[i].code);
  }
}

TEST(RegionTest, XiangtanCounties) {
  const RegionTree& t = RegionTree::Builtin();
  const std::vector<int32_t> expected = {430302, 430304, 430321, 430381, 430382};
  EXPECT_EQ(Codes(t.CountiesWithin("4303")), expected);
  EXPECT_EQ(Codes(t.Children(430300)), expected);
  EXPECT_EQ(Codes(t.CountiesWithin("430302")), std::vector<int32_t>{430302});
  EXPECT_TRUE(t.CountiesWithin("430300").empty());  // not canonical
  EXPECT_TRUE(t.CountiesWithin("44").empty());
  EXPECT_TRUE(t.Children(430302).empty());
  EXPECT_TRUE(t.Children(999999).empty());
}

TEST(RegionTest, FindParentFullName) {
  const RegionTree& t = RegionTree::Builtin();
  ASSERT_NE(t.Find(430302), nullptr);
  EXPECT_EQ(t.Find(430302)->name, "雨湖区");
  EXPECT_EQ(t.Find(430302)->level, 3);
  EXPECT_EQ(t.Find(430302)->parent, 430300);
  EXPECT_EQ(t.Find(439999), nullptr);
  ASSERT_NE(t.Parent(430302), nullptr);
  EXPECT_EQ(t.Parent(430302)->code, 430300);
  ASSERT_NE(t.Parent(430300), nullptr);
  EXPECT_EQ(t.Parent(430300)->code, 430000);
  EXPECT_EQ(t.Parent(430000), nullptr);
  EXPECT_EQ(t.Parent(439999), nullptr);
  EXPECT_EQ(t.FullName(430302), "湖南省湘潭市雨湖区");
  EXPECT_EQ(t.FullName(430300), "湖南省湘潭市");
  EXPECT_EQ(t.FullName(430000), "湖南省");
  EXPECT_EQ(t.FullName(439999), "");
}

TEST(RegionTest, BuildErrors) {
  struct Case {
    std::vector<RegionRow> rows;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{430000, "湖南省", 0, 0}, {4303, "x", 0, 0}}, "region 4303 is not a GB/T 2260 code"},
      {{{430000, "湖南省", 0, 0}, {430000, "湖南", 0, 0}}, "region 430000 is listed twice"},
      {{{430000, "", 0, 0}}, "region 430000 has no name"},
      {{{430000, "湖南省", 0, 0}, {430302, "雨湖区", 0, 0}},
       "region 430302 (雨湖区) has no parent: 430300 is missing"},
      {{{430300, "湘潭市", 0, 0}}, "region 430300 (湘潭市) has no parent: 430000 is missing"},
      {{{430000, "湖南省", 2, 0}},
       "region 430000 is given level 2 but its code is a province code"},
      {{{430000, "湖南省", 0, 0}, {430300, "湘潭市", 0, 440000}},
       "region 430300 is given parent 440000 but its code says 430000"},
  };
  for (const Case& c : cases) {
    const Result<RegionTree> r = RegionTree::Build(c.rows);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), c.message);
  }
  // Any order, levels and parents filled in.
  const Result<RegionTree> ok = RegionTree::Build(
      {{430302, "雨湖区", 0, 0}, {430000, "湖南省", 1, 0}, {430300, "湘潭市", 0, 430000}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->rows()[0].code, 430000);
  EXPECT_EQ(ok->rows()[2].parent, 430300);
  EXPECT_EQ(ok->rows()[2].level, 3);
}

TEST(RegionTest, ParseTsvErrorsNameTheLine) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"# c\n430000\t湖南省\n4303 湘潭市\n", "line 3: expected code<TAB>name"},
      {"430000\t湖南省\n43030\t湘潭市\n", "line 2: '43030' is not a six-digit GB/T 2260 code"},
      {"430000\t湖南省\n\n430300\t\n", "line 3: region 430300 has no name"},
      {"430000\t湖南省\t省\n", "line 1: expected exactly two columns, code<TAB>name"},
      {"430000\t湖南省\n430302\t雨湖区\n",
       "region 430302 (雨湖区) has no parent: 430300 is missing"},
  };
  for (const Case& c : cases) {
    const Result<RegionTree> r = RegionTree::ParseTsv(c.text);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status().message(), c.message);
  }
  const Result<RegionTree> crlf = RegionTree::ParseTsv("430000\t湖南省\r\n430300\t湘潭市\r\n");
  ASSERT_TRUE(crlf.ok()) << crlf.status().ToString();
  EXPECT_EQ(crlf->FullName(430300), "湖南省湘潭市");
  const Result<RegionTree> empty = RegionTree::ParseTsv("# nothing\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 0u);
}

TEST(RegionTest, BuiltinAgreesWithSharedReference) {
  const auto text = testing::ReadFileIfExists(testing::SharedDataPath("hunan_regions.csv"));
  if (!text) GTEST_SKIP() << "shared hunan_regions.csv not present";
  const auto rows = testing::ParseCsv(*text);
  const RegionTree& t = RegionTree::Builtin();
  ASSERT_EQ(rows.size(), t.size());
  for (const auto& row : rows) {
    const int32_t code = std::stoi(row.at("code"));
    SCOPED_TRACE(row.at("code"));
    const RegionRow* r = t.Find(code);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->name, row.at("name"));
    const std::string& level = row.at("level");
    EXPECT_EQ(r->level, level == "province" ? 1 : level == "prefecture" ? 2 : 3);
    const std::string& parent = row.at("parent_code");
    EXPECT_EQ(r->parent, parent.empty() ? 0 : std::stoi(parent));
  }
}

}  // namespace
}  // namespace sunlit::core
