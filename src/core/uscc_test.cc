// Tests for GB 32100 / GB 11714 validation, normalisation and DescribeUscc.
#include "core/uscc.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/test_support.h"

namespace sunlit::core {
namespace {

TEST(UsccTest, SharedExamples) {
  const auto text = testing::ReadFileIfExists(testing::SharedDataPath("uscc_examples.csv"));
  if (!text) GTEST_SKIP() << "shared uscc_examples.csv not present";
  const auto rows = testing::ParseCsv(*text);
  ASSERT_GE(rows.size(), 10u);
  for (const auto& row : rows) {
    const std::string& code = row.at("code");
    const std::string& valid = row.at("valid");
    SCOPED_TRACE(code + " " + row.at("note"));
    const UsccVerdict v = ValidateUscc(code);
    if (valid.rfind("true", 0) == 0) {
      EXPECT_TRUE(v.ok()) << v.reason;
      EXPECT_TRUE(IsValidUscc(code));
    } else {
      ASSERT_EQ(valid.rfind("false", 0), 0u) << "unexpected valid column";
      EXPECT_FALSE(v.ok());
      EXPECT_FALSE(IsValidUscc(code));
      EXPECT_FALSE(v.reason.empty());
      if (valid.find("GB 11714") != std::string::npos) {
        EXPECT_EQ(v.problem, UsccProblem::kOrgCodeCheck);
        EXPECT_TRUE(IsValidUscc(code, /*allow_org_check_failure=*/true));
      }
    }
  }
}

struct ValidateCase {
  std::string code;
  UsccProblem problem;
  int position;
  std::string reason;
};

TEST(UsccTest, ValidateReportsProblemPositionAndReason) {
  const std::vector<ValidateCase> cases = {
      {"914403001922038216", UsccProblem::kNone, 0, ""},
      {"92340602MA2PBMEM24", UsccProblem::kNone, 0, ""},
      {"9131012056010553X5", UsccProblem::kNone, 0, ""},
      {"91430302100000040N", UsccProblem::kNone, 0, ""},  // org check digit '0'
      {"", UsccProblem::kLength, 0, "code is empty, expected 18 characters"},
      {"12345", UsccProblem::kLength, 0, "length is 5, expected 18"},
      {"91440300708461136", UsccProblem::kLength, 0, "length is 17, expected 18"},
      {"91440300708461136TT", UsccProblem::kLength, 0, "length is 19, expected 18"},
      // Length is checked before the alphabet.
      {"9144030070846113I", UsccProblem::kLength, 0, "length is 17, expected 18"},
      {"中国", UsccProblem::kLength, 0, "length is 2, expected 18"},
      {"91110000600037341N", UsccProblem::kCheckCharacter, 18,
       "check character is 'N', expected 'L'"},
      {"914403001922038217", UsccProblem::kCheckCharacter, 18,
       "check character is '7', expected '6'"},
      {"91310000631295002H", UsccProblem::kOrgCodeCheck, 17,
       "characters 9-17 fail the GB 11714 organisation-code check (check digit '2', "
       "expected '1')"},
      {"9111000060003IOZSV", UsccProblem::kCharacter, 14,
       "character 'I' at position 14 is not allowed (not in the GB 32100 character set)"},
      {"914403001922O38216", UsccProblem::kCharacter, 13,
       "character 'O' at position 13 is not allowed (not in the GB 32100 character set)"},
      {"Z14403001922038216", UsccProblem::kCharacter, 1,
       "character 'Z' at position 1 is not allowed (not in the GB 32100 character set)"},
      {"91440300708461136t", UsccProblem::kCharacter, 18,
       "character 't' at position 18 is not allowed (lower-case letter; GB 32100 codes are "
       "upper case)"},
      {"914403007084 1136T", UsccProblem::kCharacter, 13,
       "character ' ' at position 13 is not allowed (whitespace inside the code)"},
      {"91440300\t08461136T", UsccProblem::kCharacter, 9,
       "character U+0009 at position 9 is not allowed (whitespace inside the code)"},
      {"91440300\xFF"
       "08461136T",
       UsccProblem::kCharacter, 9,
       "character byte 0xFF at position 9 is not allowed (not in the GB 32100 character set)"},
      // Characters, not bytes: a full-width digit is one character at its position.
      {"９1440300708461136T", UsccProblem::kCharacter, 1,
       "character '９' at position 1 is not allowed (full-width character; GB 32100 codes are "
       "half-width)"},
      {"91440300708461136中", UsccProblem::kCharacter, 18,
       "character '中' at position 18 is not allowed (not in the GB 32100 character set)"},
      // The first bad character wins, whether ASCII or not.
      {"9144030070846113中I", UsccProblem::kCharacter, 17,
       "character '中' at position 17 is not allowed (not in the GB 32100 character set)"},
      {"914403007084611I中T", UsccProblem::kCharacter, 16,
       "character 'I' at position 16 is not allowed (not in the GB 32100 character set)"},
  };
  for (const ValidateCase& c : cases) {
    SCOPED_TRACE(c.code);
    const UsccVerdict v = ValidateUscc(c.code);
    EXPECT_EQ(v.problem, c.problem);
    EXPECT_EQ(v.position, c.position);
    EXPECT_EQ(v.reason, c.reason);
    EXPECT_EQ(v.ok(), c.problem == UsccProblem::kNone);
    EXPECT_EQ(IsValidUscc(c.code), c.problem == UsccProblem::kNone);
    EXPECT_EQ(IsValidUscc(c.code, true),
              c.problem == UsccProblem::kNone || c.problem == UsccProblem::kOrgCodeCheck);
  }
}

TEST(UsccTest, EachExcludedLetterIsRejected) {
  for (char bad : std::string("IOSVZ")) {
    std::string code = "914403001922038216";
    code[4] = bad;
    const UsccVerdict v = ValidateUscc(code);
    EXPECT_EQ(v.problem, UsccProblem::kCharacter) << bad;
    EXPECT_EQ(v.position, 5) << bad;
  }
}

TEST(UsccTest, CheckCharacters) {
  struct Case {
    std::string first17;
    char check;
  };
  const std::vector<Case> cases = {
      {"91440300192203821", '6'}, {"91440300708461136", 'T'}, {"91330100799655058", 'B'},
      {"91110000710926094", 'P'}, {"12120000401359081", '6'}, {"92340602MA2PBMEM2", '4'},
      {"91110000600037341", 'L'}, {"00000000000000000", '0'},
  };
  for (const Case& c : cases) EXPECT_EQ(UsccCheckCharacter(c.first17), c.check) << c.first17;

  struct OrgCase {
    std::string body;
    char check;
  };
  const std::vector<OrgCase> org = {
      {"19220382", '1'}, {"70846113", '6'}, {"MA2PBMEM", '2'}, {"56010553", 'X'},
      {"10000018", 'X'}, {"10000004", '0'}, {"63129500", '1'}, {"40135908", '1'},
  };
  for (const OrgCase& c : org) EXPECT_EQ(OrgCodeCheckCharacter(c.body), c.check) << c.body;
}

// Every weight is non-zero modulo the prime 31, so GB 32100 catches every single-character
// substitution in the first 17 characters.
TEST(UsccTest, EverySingleSubstitutionIsDetected) {
  const std::string valid = "92340602MA2PBMEM24";
  ASSERT_TRUE(IsValidUscc(valid));
  int tried = 0;
  for (size_t pos = 0; pos < 17; ++pos) {
    for (char c : kUsccAlphabet) {
      if (c == valid[pos]) continue;
      std::string code = valid;
      code[pos] = c;
      EXPECT_EQ(ValidateUscc(code).problem, UsccProblem::kCheckCharacter) << code;
      ++tried;
    }
  }
  EXPECT_EQ(tried, 17 * 30);
}

// IsValidUscc is an independent fast path; it must agree with ValidateUscc everywhere.
TEST(UsccTest, IsValidAgreesWithValidateOnRandomStrings) {
  std::mt19937 rng(20240101);  // fixed seed: the same strings every run
  const auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::string noise = std::string(kUsccAlphabet) + "IOSVZabcxyz -\t\x80\xFF";
  int valid = 0;
  int org_only = 0;
  int invalid = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string code;
    const size_t kind = pick(4);
    if (kind == 3) {
      const size_t len = pick(22);
      for (size_t k = 0; k < len; ++k) code += noise[pick(noise.size())];
    } else {
      for (size_t k = 0; k < 17; ++k) code += kUsccAlphabet[pick(kUsccAlphabet.size())];
      if (kind >= 1) code[16] = OrgCodeCheckCharacter(std::string_view(code).substr(8, 8));
      code += UsccCheckCharacter(code);
      if (kind == 2) code[pick(18)] = noise[pick(noise.size())];  // maybe break it
    }
    const UsccVerdict v = ValidateUscc(code);
    ASSERT_EQ(IsValidUscc(code), v.ok()) << code << ": " << v.reason;
    ASSERT_EQ(IsValidUscc(code, true), v.ok() || v.problem == UsccProblem::kOrgCodeCheck) << code;
    ASSERT_EQ(v.ok(), v.reason.empty()) << code;
    if (v.ok()) ++valid;
    if (v.problem == UsccProblem::kOrgCodeCheck) ++org_only;
    if (!v.ok() && v.problem != UsccProblem::kOrgCodeCheck) ++invalid;
  }
  // The generator exercises every outcome (otherwise the agreement above proves little).
  EXPECT_GT(valid, 1000);
  EXPECT_GT(org_only, 1000);
  EXPECT_GT(invalid, 1000);
}

struct NormalizeCase {
  std::string raw;
  std::string code;
  std::vector<std::string> changes;
};

TEST(UsccTest, Normalize) {
  const std::string trimmed = "trimmed whitespace";
  const std::string widened = "full-width characters converted to half-width";
  const std::string lowered = "lower-case letters converted to upper case";
  const std::vector<NormalizeCase> cases = {
      {"91440300708461136T", "91440300708461136T", {}},
      {"  91440300708461136T\t\r\n", "91440300708461136T", {trimmed}},
      {"\u3000"
       "91440300708461136T"
       "\u3000",
       "91440300708461136T",
       {trimmed}},
      {"91440300708461136t", "91440300708461136T", {lowered}},
      {"９１４４０３００７０８４６１１３６Ｔ", "91440300708461136T", {widened}},
      {"\u3000９１４４０３００７０８４６１１３６ｔ ",
       "91440300708461136T",
       {trimmed, widened, lowered}},
      {"ma2pbmem", "MA2PBMEM", {lowered}},
      // Inside the code nothing is removed: validation must see and report it.
      {"9144 0300", "9144 0300", {}},
      {"9144\u30000300", "9144\u30000300", {}},
      {"", "", {}},
      {" \u3000 ", "", {trimmed}},
      // Other text passes through unchanged, malformed bytes included.
      {"中国\xFF", "中国\xFF", {}},
      {"！～", "!~", {widened}},
  };
  for (const NormalizeCase& c : cases) {
    SCOPED_TRACE(c.raw);
    const NormalizedUscc n = NormalizeUscc(c.raw);
    EXPECT_EQ(n.code, c.code);
    EXPECT_EQ(n.changes, c.changes);
    EXPECT_EQ(n.changed(), !c.changes.empty());
  }
  EXPECT_TRUE(IsValidUscc(NormalizeUscc(" ９２３４０６０２ｍａ２ｐｂｍｅｍ２４ ").code));
}

struct DescribeCase {
  std::string code;
  char authority;
  char category;
  std::string authority_name;
  std::string category_name;
  int32_t region;
  std::string org_code;
};

TEST(UsccTest, Describe) {
  const std::vector<DescribeCase> cases = {
      {"92340602MA2PBMEM24", '9', '2', "工商/市场监管", "个体工商户", 340602, "MA2PBMEM2"},
      {"121200004013590816", '1', '2', "机构编制", "事业单位", 120000, "401359081"},
      {"914403001922038216", '9', '1', "工商/市场监管", "企业", 440300, "192203821"},
      {"931000000000000000", '9', '3', "工商/市场监管", "农民专业合作社", 100000, "000000000"},
      {"531000000000000000", '5', '3', "民政", "基金会", 100000, "000000000"},
      {"351000000000000000", '3', '5', "司法行政", "仲裁委员会", 100000, "000000000"},
      {"291000000000000000", '2', '9', "外交", "其他", 100000, "000000000"},
      {"N21000000000000000", 'N', '2', "农业", "类别2", 100000, "000000000"},
      {"A11000000000000000", 'A', '1', "中央军委改革和编制办公室", "类别1", 100000, "000000000"},
      {"Y11000000000000000", 'Y', '1', "其他", "类别1", 100000, "000000000"},
      // Not in the table.
      {"991000000000000000", '9', '9', "工商/市场监管", "未知", 100000, "000000000"},
      {"Y21000000000000000", 'Y', '2', "其他", "未知", 100000, "000000000"},
      {"B11000000000000000", 'B', '1', "未知", "未知", 100000, "000000000"},
      {"0A1000000000000000", '0', 'A', "未知", "未知", 100000, "000000000"},
      // Region characters that are not digits give 0.
      {"9143A30210000004XX", '9', '1', "工商/市场监管", "企业", 0, "10000004X"},
  };
  for (const DescribeCase& c : cases) {
    SCOPED_TRACE(c.code);
    const UsccParts p = DescribeUscc(c.code);
    EXPECT_EQ(p.authority, c.authority);
    EXPECT_EQ(p.category, c.category);
    EXPECT_EQ(p.authority_name, c.authority_name);
    EXPECT_EQ(p.category_name, c.category_name);
    EXPECT_EQ(p.region, c.region);
    EXPECT_EQ(p.org_code, c.org_code);
  }
}

TEST(UsccTest, DescribeShortCodeDoesNotCrash) {
  const UsccParts p = DescribeUscc("91");
  EXPECT_EQ(p.authority_name, "未知");
  EXPECT_EQ(p.region, 0);
  EXPECT_TRUE(p.org_code.empty());
}

}  // namespace
}  // namespace sunlit::core
