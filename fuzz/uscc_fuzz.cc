// Fuzz target: credit-code validation and normalisation (core/uscc.h).
//
// Invariants, for any bytes x:
//   - ValidateUscc, IsValidUscc (both modes) and an independent re-implementation of the
//     GB 32100 and GB 11714 checks written here from the standard agree;
//   - the verdict's position and the reason fit the problem (1..18, non-empty reason);
//   - NormalizeUscc is idempotent: normalising its output changes nothing more;
//   - a code that validates normalises to itself with no change reported;
//   - replacing the check character of a kCheckCharacter code with UsccCheckCharacter's
//     makes the GB 32100 check pass;
//   - DescribeUscc of a valid code names a known authority.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/uscc.h"
#include "fuzz_check.h"

namespace {

using sunlit::core::UsccProblem;

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int RefValue(char c) {
  const size_t p = kAlphabet.find(c);
  return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

// GB 32100-2015 §5: weights 3^(i) mod 31, check = 31 - (sum mod 31), 31 -> 0.
char RefCheck(std::string_view first17) {
  int weight = 1, sum = 0;
  for (char c : first17) {
    sum += RefValue(c) * weight;
    weight = weight * 3 % 31;
  }
  return kAlphabet[static_cast<size_t>((31 - sum % 31) % 31)];
}

// GB 11714-1997: weights 3 7 9 10 5 8 4 2, check = 11 - (sum mod 11), 10 -> X, 11 -> 0.
char RefOrgCheck(std::string_view body) {
  static const int kW[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    const char c = body[i];
    const int v = (c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10;
    sum += v * kW[i];
  }
  const int r = 11 - sum % 11;
  return r == 10 ? 'X' : r == 11 ? '0' : static_cast<char>('0' + r);
}

// The reference verdict for a byte string that is exactly 18 ASCII bytes (else kLength or
// kCharacter, which the reference does not try to order).
UsccProblem RefProblem(std::string_view s) {
  if (s.size() != 18) return UsccProblem::kLength;
  for (char c : s) {
    if (RefValue(c) < 0) return UsccProblem::kCharacter;
  }
  if (RefCheck(s.substr(0, 17)) != s[17]) return UsccProblem::kCheckCharacter;
  if (RefOrgCheck(s.substr(8, 8)) != s[16]) return UsccProblem::kOrgCodeCheck;
  return UsccProblem::kNone;
}

void CheckCode(std::string_view x) {
  const sunlit::core::UsccVerdict v = sunlit::core::ValidateUscc(x);
  const bool valid = sunlit::core::IsValidUscc(x);
  const bool valid_lax = sunlit::core::IsValidUscc(x, /*allow_org_check_failure=*/true);
  FUZZ_CHECK(valid == v.ok(), "IsValidUscc %d, ValidateUscc problem %d", valid,
             static_cast<int>(v.problem));
  FUZZ_CHECK(valid_lax == (v.ok() || v.problem == UsccProblem::kOrgCodeCheck),
             "lax IsValidUscc %d, ValidateUscc problem %d", valid_lax, static_cast<int>(v.problem));
  FUZZ_CHECK(v.ok() == v.reason.empty(), "reason '%s' for problem %d", v.reason.c_str(),
             static_cast<int>(v.problem));

  const UsccProblem ref = RefProblem(x);
  bool ascii18 = x.size() == 18;
  for (char c : x) ascii18 = ascii18 && static_cast<unsigned char>(c) < 0x80;
  if (ascii18 || ref >= UsccProblem::kCheckCharacter) {
    FUZZ_CHECK(v.problem == ref, "problem %d, reference %d", static_cast<int>(v.problem),
               static_cast<int>(ref));
  } else {
    FUZZ_CHECK(v.problem == UsccProblem::kLength || v.problem == UsccProblem::kCharacter,
               "problem %d for a non-ASCII or wrong-length input", static_cast<int>(v.problem));
  }
  switch (v.problem) {
    case UsccProblem::kNone:
    case UsccProblem::kLength:
      FUZZ_CHECK(v.position == 0, "position %d", v.position);
      break;
    case UsccProblem::kCharacter:
      FUZZ_CHECK(v.position >= 1 && v.position <= 18, "position %d", v.position);
      break;
    case UsccProblem::kCheckCharacter: {
      FUZZ_CHECK(v.position == 18, "position %d", v.position);
      std::string fixed(x);
      fixed[17] = sunlit::core::UsccCheckCharacter(fixed.substr(0, 17));
      FUZZ_CHECK(sunlit::core::IsValidUscc(fixed, true), "fixed check character rejected");
      break;
    }
    case UsccProblem::kOrgCodeCheck:
      FUZZ_CHECK(v.position == 17, "position %d", v.position);
      FUZZ_CHECK(sunlit::core::OrgCodeCheckCharacter(x.substr(8, 8)) != x[16],
                 "org check character matches");
      break;
  }
  if (v.ok()) {
    const sunlit::core::UsccParts parts = sunlit::core::DescribeUscc(x);
    FUZZ_CHECK(parts.authority == x[0] && parts.category == x[1], "parts of %.*s",
               static_cast<int>(x.size()), x.data());
    FUZZ_CHECK(parts.org_code == x.substr(8, 9), "org code");
    FUZZ_CHECK(!parts.authority_name.empty() && !parts.category_name.empty(), "names");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  CheckCode(raw);

  const sunlit::core::NormalizedUscc n = sunlit::core::NormalizeUscc(raw);
  // Every change reported removes or replaces bytes; no change reported, no byte changed.
  FUZZ_CHECK(n.changed() == (n.code != raw), "changes reported: %zu, text changed: %d",
             n.changes.size(), n.code != raw);
  CheckCode(n.code);

  const sunlit::core::NormalizedUscc again = sunlit::core::NormalizeUscc(n.code);
  FUZZ_CHECK(again.code == n.code, "not idempotent: '%s' -> '%s'", n.code.c_str(),
             again.code.c_str());
  FUZZ_CHECK(!again.changed(), "second normalisation reports '%s'", again.changes[0].c_str());

  if (sunlit::core::ValidateUscc(raw).ok()) {
    FUZZ_CHECK(n.code == raw && !n.changed(), "a valid code was changed by normalisation");
  }
  return 0;
}
