// Text rules: a strict UTF-8 decoder and the checks every free-text field goes through.
#include "core/text_rules.h"

#include <cstdint>
#include <string>

#include "core/field_error.h"

namespace sunlit::core {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    uint32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      cp = b0 & 0x0Fu;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      cp = b0 & 0x07u;
    } else {
      return false;  // continuation byte, overlong 2-byte lead (C0, C1) or above F4
    }
    if (i + static_cast<size_t>(len) > n) return false;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((b & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

namespace {

// Only ASCII whitespace and the ideographic space U+3000 (E3 80 80).
bool Blank(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (s.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

Status ValidateText(std::string_view field, std::string_view text, const TextRule& rule) {
  const std::string name(field);
  if (rule.required && Blank(text)) return InvalidField(field, name + " is required");
  if (text.size() > rule.max_bytes) {
    return InvalidField(field,
                        name + " is longer than " + std::to_string(rule.max_bytes) + " bytes");
  }
  if (!IsValidUtf8(text)) return InvalidField(field, name + " is not valid UTF-8");
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7f) continue;
    if (rule.multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
    return InvalidField(field, name + " contains a control character");
  }
  return Status::Ok();
}

}  // namespace sunlit::core
