// Unified social credit code: GB 32100-2015 check character, GB 11714 organisation-code check,
// normalisation of user input and the authority/category tables.
#include "core/uscc.h"

#include <array>
#include <cstdio>

namespace sunlit::core {
namespace {

constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};
constexpr std::array<int, 8> kOrgWeights = {3, 7, 9, 10, 5, 8, 4, 2};

// Value of each byte in kUsccAlphabet, -1 for bytes outside it. A table rather than a search
// because IsValidUscc runs once per row of multi-million-row imports.
constexpr std::array<int8_t, 256> MakeValueTable() {
  std::array<int8_t, 256> t{};
  for (int8_t& v : t) v = -1;
  for (size_t i = 0; i < kUsccAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kUsccAlphabet[i])] = static_cast<int8_t>(i);
  }
  return t;
}
constexpr std::array<int8_t, 256> kValue = MakeValueTable();

int ValueOf(char c) { return kValue[static_cast<unsigned char>(c)]; }

// GB 11714 value of a character: digits 0–9, letters A=10 … Z=35; 0 for anything else (the
// callers have already checked the alphabet).
int OrgValueOf(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 0;
}

// Both checks over a string already known to be 18 characters of the alphabet.
char CheckCharacterUnchecked(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) {
    const int v = ValueOf(first17[i]);
    sum += (v < 0 ? 0 : v) * kWeights[i];
  }
  return kUsccAlphabet[static_cast<size_t>((31 - sum % 31) % 31)];
}

char OrgCheckUnchecked(std::string_view body) {
  int sum = 0;
  for (size_t i = 0; i < 8 && i < body.size(); ++i) sum += OrgValueOf(body[i]) * kOrgWeights[i];
  const int c = 11 - sum % 11;
  if (c == 10) return 'X';
  if (c == 11) return '0';
  return static_cast<char>('0' + c);
}

// One code point of UTF-8 text. Malformed bytes decode as themselves, one at a time, with
// `valid` false, so that no input is ever rejected by the decoder itself.
struct CodePoint {
  char32_t cp = 0;
  size_t bytes = 1;
  bool valid = true;
};

CodePoint DecodeAt(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1, true};
  size_t n = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return {b0, 1, false};
  }
  if (i + n > s.size()) return {b0, 1, false};
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {b0, 1, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, n, true};
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// How a character is shown in a reason: 'A' for printable ASCII and well-formed non-ASCII
// text, U+0009 / byte 0xFF for what would not print.
std::string Quote(std::string_view text, const CodePoint& c) {
  char buf[24];
  if (!c.valid) {
    std::snprintf(buf, sizeof buf, "byte 0x%02X", static_cast<unsigned>(c.cp));
    return buf;
  }
  if (c.cp < 0x20 || c.cp == 0x7F || c.cp == 0x3000 || c.cp == 0xA0 || c.cp == 0xFEFF) {
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c.cp));
    return buf;
  }
  std::string q = "'";
  q.append(text);
  q += "'";
  return q;
}

std::string CharacterReason(std::string_view text, const CodePoint& c, int position) {
  std::string why;
  if (c.valid && c.cp >= 'a' && c.cp <= 'z') {
    why = "lower-case letter; GB 32100 codes are upper case";
  } else if (c.valid && c.cp >= 0xFF01 && c.cp <= 0xFF5E) {
    why = "full-width character; GB 32100 codes are half-width";
  } else if (c.valid && (c.cp == ' ' || c.cp == '\t' || c.cp == 0x3000 || c.cp == 0xA0)) {
    why = "whitespace inside the code";
  } else {
    why = "not in the GB 32100 character set";
  }
  return "character " + Quote(text, c) + " at position " + std::to_string(position) +
         " is not allowed (" + why + ")";
}

bool IsTrimmable(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         cp == 0x3000 || cp == 0xA0 || cp == 0xFEFF;
}

struct CategoryEntry {
  char category;
  std::string_view name;
};
struct AuthorityEntry {
  char authority;
  std::string_view name;
  std::array<CategoryEntry, 6> categories;  // unused slots have category 0
};

// GB 32100-2015 Appendix A as given in docs/DOMAIN.md §4. Categories the table lists without
// a name get a generic one ("其他" for 9, "类别N" otherwise); see GenericCategoryName.
constexpr std::array<AuthorityEntry, 12> kAuthorities = {{
    {'1', "机构编制", {{{'1', "机关"}, {'2', "事业单位"}, {'3', "群众团体"}, {'9', "其他"}}}},
    {'2', "外交", {{{'1', ""}, {'9', ""}}}},
    {'3',
     "司法行政",
     {{{'1', "律师执业机构"},
       {'2', "公证处"},
       {'3', "基层法律服务所"},
       {'4', "司法鉴定机构"},
       {'5', "仲裁委员会"},
       {'9', ""}}}},
    {'4', "文化", {{{'1', ""}, {'9', ""}}}},
    {'5', "民政", {{{'1', "社会团体"}, {'2', "民办非企业单位"}, {'3', "基金会"}, {'9', ""}}}},
    {'6', "旅游", {{{'1', ""}, {'2', ""}, {'9', ""}}}},
    {'7', "宗教", {{{'1', ""}, {'2', ""}, {'9', ""}}}},
    {'8', "工会", {{{'1', ""}, {'9', ""}}}},
    {'9', "工商/市场监管", {{{'1', "企业"}, {'2', "个体工商户"}, {'3', "农民专业合作社"}}}},
    {'A', "中央军委改革和编制办公室", {{{'1', ""}, {'9', ""}}}},
    {'N', "农业", {{{'1', ""}, {'2', ""}, {'3', ""}, {'9', ""}}}},
    {'Y', "其他", {{{'1', ""}}}},
}};

constexpr std::string_view kUnknown = "未知";

std::string_view GenericCategoryName(char category) {
  switch (category) {
    case '1':
      return "类别1";
    case '2':
      return "类别2";
    case '3':
      return "类别3";
    case '4':
      return "类别4";
    case '5':
      return "类别5";
    case '9':
      return "其他";
    default:
      return kUnknown;
  }
}

}  // namespace

char UsccCheckCharacter(std::string_view first17) { return CheckCharacterUnchecked(first17); }

char OrgCodeCheckCharacter(std::string_view body) { return OrgCheckUnchecked(body); }

bool IsValidUscc(std::string_view code, bool allow_org_check_failure) {
  if (code.size() != kUsccLength) return false;
  int sum = 0;
  for (size_t i = 0; i < kUsccLength; ++i) {
    const int v = ValueOf(code[i]);
    if (v < 0) return false;
    if (i < 17) sum += v * kWeights[i];
  }
  if (kUsccAlphabet[static_cast<size_t>((31 - sum % 31) % 31)] != code[17]) return false;
  return allow_org_check_failure || OrgCheckUnchecked(code.substr(8, 8)) == code[16];
}

UsccVerdict ValidateUscc(std::string_view code) {
  UsccVerdict v;
  // Characters, not bytes, are counted, so that a code typed with one full-width digit is
  // reported as a bad character at its position rather than as a length of 20.
  int chars = 0;
  int bad_position = 0;
  size_t bad_offset = 0;
  CodePoint bad;
  for (size_t i = 0; i < code.size();) {
    const CodePoint c = DecodeAt(code, i);
    ++chars;
    if (bad_position == 0 && (c.cp >= 0x80 || !c.valid || ValueOf(code[i]) < 0)) {
      bad_position = chars;
      bad_offset = i;
      bad = c;
    }
    i += c.bytes;
  }
  if (chars != static_cast<int>(kUsccLength)) {
    v.problem = UsccProblem::kLength;
    v.reason = chars == 0 ? "code is empty, expected 18 characters"
                          : "length is " + std::to_string(chars) + ", expected 18";
    return v;
  }
  if (bad_position != 0) {
    v.problem = UsccProblem::kCharacter;
    v.position = bad_position;
    v.reason = CharacterReason(code.substr(bad_offset, bad.bytes), bad, bad_position);
    return v;
  }
  // 18 characters, all from the alphabet: 18 bytes.
  const char expected = CheckCharacterUnchecked(code.substr(0, 17));
  if (expected != code[17]) {
    v.problem = UsccProblem::kCheckCharacter;
    v.position = 18;
    v.reason = std::string("check character is '") + code[17] + "', expected '" + expected + "'";
    return v;
  }
  const char org_expected = OrgCheckUnchecked(code.substr(8, 8));
  if (org_expected != code[16]) {
    v.problem = UsccProblem::kOrgCodeCheck;
    v.position = 17;
    v.reason =
        std::string("characters 9-17 fail the GB 11714 organisation-code check (check digit '") +
        code[16] + "', expected '" + org_expected + "')";
    return v;
  }
  return v;
}

NormalizedUscc NormalizeUscc(std::string_view raw) {
  // Decode once; trim by code point at both ends; then map the rest.
  size_t begin = 0;
  size_t end = raw.size();
  bool trimmed = false;
  while (begin < end) {
    const CodePoint c = DecodeAt(raw, begin);
    if (!c.valid || !IsTrimmable(c.cp)) break;
    begin += c.bytes;
    trimmed = true;
  }
  // Trailing: scan forward remembering where the last non-trimmable character ended.
  size_t last_end = begin;
  for (size_t i = begin; i < end;) {
    const CodePoint c = DecodeAt(raw, i);
    i += c.bytes;
    if (!c.valid || !IsTrimmable(c.cp)) last_end = i;
  }
  if (last_end != end) trimmed = true;
  end = last_end;

  NormalizedUscc out;
  out.code.reserve(end - begin);
  bool widened = false;
  bool lowered = false;
  for (size_t i = begin; i < end;) {
    const CodePoint c = DecodeAt(raw, i);
    if (!c.valid) {
      out.code.push_back(raw[i]);
      i += 1;
      continue;
    }
    char32_t cp = c.cp;
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;
      widened = true;
    }
    if (cp >= 'a' && cp <= 'z') {
      cp -= 'a' - 'A';
      lowered = true;
    }
    if (cp == c.cp) {
      out.code.append(raw.substr(i, c.bytes));  // keep the original bytes
    } else {
      AppendUtf8(cp, &out.code);
    }
    i += c.bytes;
  }
  if (trimmed) out.changes.emplace_back("trimmed whitespace");
  if (widened) out.changes.emplace_back("full-width characters converted to half-width");
  if (lowered) out.changes.emplace_back("lower-case letters converted to upper case");
  return out;
}

UsccParts DescribeUscc(std::string_view code) {
  UsccParts p;
  p.authority_name = kUnknown;
  p.category_name = kUnknown;
  if (code.size() < kUsccLength) return p;  // contract violated; answer "unknown", not UB
  p.authority = code[0];
  p.category = code[1];
  for (const AuthorityEntry& a : kAuthorities) {
    if (a.authority != p.authority) continue;
    p.authority_name = a.name;
    for (const CategoryEntry& c : a.categories) {
      if (c.category == 0 || c.category != p.category) continue;
      p.category_name = c.name.empty() ? GenericCategoryName(c.category) : c.name;
    }
    break;
  }
  int32_t region = 0;
  for (size_t i = 2; i < 8; ++i) {
    if (code[i] < '0' || code[i] > '9') {
      region = 0;
      break;
    }
    region = region * 10 + (code[i] - '0');
  }
  p.region = region;
  p.org_code = code.substr(8, 9);
  return p;
}

}  // namespace sunlit::core
