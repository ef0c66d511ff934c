// Tests for the GB/T 4754-2017 industry tree, prefixes and the built-in table.
#include "core/industry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/test_support.h"

namespace sunlit::core {
namespace {

std::vector<std::string> Codes(const std::vector<const IndustryRow*>& rows) {
  std::vector<std::string> out;
  for (const IndustryRow* r : rows) out.push_back(r->code);
  return out;
}

TEST(IndustryTest, LevelOf) {
  struct Case {
    std::string code;
    int level;
  };
  const std::vector<Case> cases = {
      {"A", 1},     {"T", 1}, {"F", 1}, {"U", 0},   {"a", 0},  {"52", 2}, {"521", 3}, {"5211", 4},
      {"52111", 0}, {"5", 0}, {"", 0},  {"F52", 0}, {"5a", 0}, {"AB", 0}, {" 52", 0}, {"-52", 0},
  };
  for (const Case& c : cases) EXPECT_EQ(IndustryLevelOf(c.code), c.level) << c.code;
}

TEST(IndustryTest, BuiltinCounts) {
  const IndustryTree& t = IndustryTree::Builtin();
  int by_level[5] = {0, 0, 0, 0, 0};
  for (const IndustryRow& r : t.rows()) {
    ASSERT_GE(r.level, 1);
    ASSERT_LE(r.level, 4);
    ++by_level[r.level];
  }
  EXPECT_EQ(by_level[1], 20);
  EXPECT_EQ(by_level[2], 97);
  EXPECT_EQ(by_level[3], 473);
  EXPECT_EQ(by_level[4], 1381);
  EXPECT_EQ(t.size(), 1971u);
  EXPECT_EQ(&IndustryTree::Builtin(), &t);  // parsed once
  // Every class is within exactly one section.
  size_t classes = 0;
  for (char s = 'A'; s <= 'T'; ++s) classes += t.ClassesWithin(std::string(1, s)).size();
  EXPECT_EQ(classes, 1381u);
}

TEST(IndustryTest, FindParentSection) {
  const IndustryTree& t = IndustryTree::Builtin();
  ASSERT_NE(t.Find("52"), nullptr);
  EXPECT_EQ(t.Find("52")->name, "零售业");
  EXPECT_EQ(t.Find("52")->parent, "F");
  EXPECT_EQ(t.Find("52")->level, 2);
  ASSERT_NE(t.Find("5211"), nullptr);
  EXPECT_EQ(t.Find("5211")->name, "百货零售");
  EXPECT_EQ(t.Find("99"), nullptr);
  EXPECT_EQ(t.Find("U"), nullptr);
  ASSERT_NE(t.Parent("5211"), nullptr);
  EXPECT_EQ(t.Parent("5211")->code, "521");
  ASSERT_NE(t.Parent("521"), nullptr);
  EXPECT_EQ(t.Parent("521")->code, "52");
  ASSERT_NE(t.Parent("52"), nullptr);
  EXPECT_EQ(t.Parent("52")->code, "F");
  EXPECT_EQ(t.Parent("F"), nullptr);
  EXPECT_EQ(t.Parent("9999"), nullptr);

  struct Case {
    std::string code;
    std::string section;
  };
  const std::vector<Case> cases = {
      {"5211", "F"}, {"52", "F"}, {"F", "F"},   {"01", "A"}, {"0111", "A"}, {"97", "T"},
      {"51", "F"},   {"53", "G"}, {"9999", ""}, {"", ""},    {"X", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(t.SectionOf(c.code), c.section) << c.code;
}

TEST(IndustryTest, CanonicalPrefix) {
  const IndustryTree& t = IndustryTree::Builtin();
  struct Case {
    std::string text;
    std::string canonical;  // empty = error, then `message`
    std::string message;
  };
  const std::string malformed =
      " must be a section letter (A-T) or a 2-4 digit code, optionally after its section "
      "letter (e.g. F, 52, F52, 5211)";
  const std::vector<Case> cases = {
      {"F52", "52", ""},
      {"52", "52", ""},
      {"F", "F", ""},
      {"f", "F", ""},
      {"f52", "52", ""},
      {" F5211 ", "5211", ""},
      {"5211", "5211", ""},
      {"521", "521", ""},
      {"A01", "01", ""},
      {"A52", "", "industry 52 belongs to section F, not A"},
      {"G5211", "", "industry 5211 belongs to section F, not G"},
      {"U", "", "industry 'U' is not a GB/T 4754 section (A-T)"},
      {"99", "", "industry '99' is not a GB/T 4754-2017 code"},
      {"F9999", "", "industry 'F9999' is not a GB/T 4754-2017 code"},
      {"", "", "industry ''" + malformed},
      {"5", "", "industry '5'" + malformed},
      {"F5", "", "industry 'F5'" + malformed},
      {"52111", "", "industry '52111'" + malformed},
      {"FF", "", "industry 'FF'" + malformed},
      {"5F", "", "industry '5F'" + malformed},
      {"零售", "", "industry '零售'" + malformed},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const Result<std::string> r = t.CanonicalPrefix(c.text);
    if (c.canonical.empty()) {
      ASSERT_FALSE(r.ok()) << *r;
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(r.status().message(), c.message);
    } else {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(*r, c.canonical);
      EXPECT_EQ(t.Find(*r)->name, t.Find(c.canonical)->name);
    }
  }
  EXPECT_EQ(t.Find(*t.CanonicalPrefix("F52"))->name, "零售业");
}

TEST(IndustryTest, Matches) {
  const IndustryTree& t = IndustryTree::Builtin();
  struct Case {
    std::string code;
    std::string prefix;
    bool match;
  };
  const std::vector<Case> cases = {
      {"5211", "F", true},     {"5211", "52", true}, {"5211", "521", true}, {"5211", "5211", true},
      {"52", "F", true},       {"F", "F", true},     {"5211", "G", false},  {"5211", "53", false},
      {"5211", "5212", false}, {"52", "521", false}, {"F", "52", false},    {"5211", "", false},
      {"", "F", false},        {"9999", "F", false}, {"5311", "F", false},  {"0111", "A", true},
      {"5211", "F52", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(t.Matches(c.code, c.prefix), c.match) << c.code << " in " << c.prefix;
  }
}

TEST(IndustryTest, ClassesWithin) {
  const IndustryTree& t = IndustryTree::Builtin();
  EXPECT_EQ(Codes(t.ClassesWithin("521")),
            (std::vector<std::string>{"5211", "5212", "5213", "5219"}));
  EXPECT_EQ(Codes(t.ClassesWithin("5211")), std::vector<std::string>{"5211"});
  EXPECT_EQ(t.ClassesWithin("F").size(), 128u);
  EXPECT_EQ(t.ClassesWithin("A").size(), 72u);
  EXPECT_EQ(t.ClassesWithin("T").size(), 1u);
  EXPECT_TRUE(t.ClassesWithin("99").empty());
  EXPECT_TRUE(t.ClassesWithin("").empty());
  const auto c = t.ClassesWithin("C");
  for (size_t i = 1; i < c.size(); ++i) EXPECT_LT(c[i - 1]->code, c[i]->code);
}

TEST(IndustryTest, BuildErrors) {
  struct Case {
    std::vector<IndustryRow> rows;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{"F", "批发和零售业", 0, ""}, {"F52", "x", 0, ""}},
       "industry 'F52' is not a GB/T 4754 code (a section letter A-T or 2-4 digits)"},
      {{{"F", "", 0, ""}}, "industry 'F' has no name"},
      {{{"F", "批发和零售业", 0, ""}, {"F", "批发", 0, ""}}, "industry 'F' is listed twice"},
      {{{"F", "批发和零售业", 0, ""}, {"52", "零售业", 0, ""}},
       "industry '52' is a division and needs its section as parent"},
      {{{"F", "批发和零售业", 0, ""}, {"52", "零售业", 0, "G"}},
       "industry '52' (零售业) has no parent: 'G' is missing"},
      {{{"F", "批发和零售业", 0, ""}, {"52", "零售业", 0, "F"}, {"5211", "百货零售", 0, ""}},
       "industry '5211' (百货零售) has no parent: '521' is missing"},
      {{{"F", "批发和零售业", 0, ""}, {"52", "零售业", 0, "F"}, {"521", "综合零售", 0, "53"}},
       "industry '521' is given parent '53' but its code says '52'"},
      {{{"F", "批发和零售业", 2, ""}}, "industry 'F' is given level 2 but its code has level 1"},
      {{{"F", "批发和零售业", 0, "A"}}, "industry 'F' is a section and has no parent"},
  };
  for (const Case& c : cases) {
    const Result<IndustryTree> r = IndustryTree::Build(c.rows);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), c.message);
  }
}

TEST(IndustryTest, ParseTsv) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"# c\n52\t零售业\n", "line 2: division 52 comes before any section"},
      {"F\t批发和零售业\n52 零售业\n", "line 2: expected code<TAB>name"},
      {"F\t批发和零售业\nF52\t零售业\n",
       "line 2: 'F52' is not a GB/T 4754 code (a section letter A-T or 2-4 digits)"},
      {"F\t批发和零售业\n\n52\t\n", "line 3: '52' has no name"},
      {"F\t批发和零售业\t批发\n", "line 1: expected exactly two columns, code<TAB>name"},
  };
  for (const Case& c : cases) {
    const Result<IndustryTree> r = IndustryTree::ParseTsv(c.text);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status().message(), c.message);
  }
  // Divisions belong to the section above them, whatever their number.
  const Result<IndustryTree> t =
      IndustryTree::ParseTsv("A\t甲\r\n01\t一\r\n011\t一一\r\nB\t乙\r\n02\t二\r\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->SectionOf("011"), "A");
  EXPECT_EQ(t->SectionOf("02"), "B");
  EXPECT_EQ(t->rows()[3].code, "B");  // file order kept
}

TEST(IndustryTest, BuiltinAgreesWithSharedReference) {
  const auto text = testing::ReadFileIfExists(testing::SharedDataPath("gbt4754_2017.csv"));
  if (!text) GTEST_SKIP() << "shared gbt4754_2017.csv not present";
  const auto rows = testing::ParseCsv(*text);
  const IndustryTree& t = IndustryTree::Builtin();
  ASSERT_EQ(rows.size(), t.size());
  const std::vector<std::string> levels = {"", "section", "division", "group", "class"};
  for (const auto& row : rows) {
    const std::string& code = row.at("code");
    SCOPED_TRACE(code);
    const IndustryRow* r = t.Find(code);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->name, row.at("name"));
    EXPECT_EQ(levels[static_cast<size_t>(r->level)], row.at("level"));
    EXPECT_EQ(r->parent, row.at("parent_code"));
    EXPECT_EQ(t.SectionOf(code), row.at("section"));
    EXPECT_TRUE(t.Matches(code, row.at("section")));
  }
}

}  // namespace
}  // namespace sunlit::core
