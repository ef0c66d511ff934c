// Unified social credit code (统一社会信用代码), GB 32100-2015, with the GB 11714
// organisation-code check of characters 9–17.
//
// Validation never fixes a code; NormalizeUscc only trims, converts full-width to half-width
// and lower to upper case, and says what it did.
#ifndef SUNLIT_CORE_USCC_H_
#define SUNLIT_CORE_USCC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sunlit::core {

// The 31 characters of GB 32100 (no I, O, S, V, Z).
inline constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
inline constexpr size_t kUsccLength = 18;

enum class UsccProblem {
  kNone,
  kLength,          // not 18 characters
  kCharacter,       // a character outside the alphabet (position given)
  kCheckCharacter,  // character 18 does not match the GB 32100 check
  kOrgCodeCheck,    // characters 9–17 fail the GB 11714 check (GB 32100 check passes)
};

struct UsccVerdict {
  UsccProblem problem = UsccProblem::kNone;
  int position = 0;    // 1-based position of the offending character, 0 when not applicable
  std::string reason;  // English, for users, e.g. "check character is 'N', expected 'L'"
  bool ok() const { return problem == UsccProblem::kNone; }
};

// Validates `code` exactly as given (call NormalizeUscc first for user input). Checks in
// this order: length, alphabet, GB 32100 check character, GB 11714 check.
UsccVerdict ValidateUscc(std::string_view code);

// Fast path for bulk work: true when ValidateUscc(code).problem is kNone or, with
// `allow_org_check_failure`, kOrgCodeCheck.
bool IsValidUscc(std::string_view code, bool allow_org_check_failure = false);

// The GB 32100 check character for the first 17 characters.
// REQUIRES: first17.size() == 17, all in kUsccAlphabet.
char UsccCheckCharacter(std::string_view first17);
// The GB 11714 check character ('0'–'9' or 'X') for the 8-character organisation body.
// REQUIRES: body.size() == 8, digits or upper-case letters.
char OrgCodeCheckCharacter(std::string_view body);

struct NormalizedUscc {
  std::string code;
  // What was changed, for the report: "trimmed whitespace", "full-width characters
  // converted to half-width", "lower-case letters converted to upper case".
  std::vector<std::string> changes;
  bool changed() const { return !changes.empty(); }
};
NormalizedUscc NormalizeUscc(std::string_view raw);

// Accessors. REQUIRES: a code of length 18 (ValidateUscc passed at least the length check).
struct UsccParts {
  char authority = 0;                 // 登记管理部门码, e.g. '9'
  char category = 0;                  // 机构类别码, e.g. '1'
  std::string_view authority_name;    // "工商/市场监管"; "未知" when not in the table
  std::string_view category_name;     // "企业", "个体工商户" …; "未知" when not in the table
  int32_t region = 0;                 // characters 3–8 as a number (may be an old code)
  std::string_view org_code;          // characters 9–17
};
UsccParts DescribeUscc(std::string_view code);

}  // namespace sunlit::core

#endif  // SUNLIT_CORE_USCC_H_
