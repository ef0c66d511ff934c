// Rules for free text that people type into the product (results, opinions, reasons): valid
// UTF-8, a byte limit, no control characters (line breaks and tabs only where a field is
// multi-line). Text is stored verbatim — HTML and SQL metacharacters included — and escaped
// by whoever shows it; these rules never rewrite text.
#ifndef SUNLIT_CORE_TEXT_RULES_H_
#define SUNLIT_CORE_TEXT_RULES_H_

#include <cstddef>
#include <string_view>

#include "core/status.h"

namespace sunlit::core {

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points above
// U+10FFFF). NUL is allowed here; ValidateText refuses it as a control character.
bool IsValidUtf8(std::string_view s);

struct TextRule {
  size_t max_bytes = 500;
  bool required = false;   // refuse empty or whitespace-only text
  bool multiline = false;  // allow LF, CR and TAB
};

// OK when `text` satisfies `rule`; otherwise kInvalidArgument whose message names `field`
// ("summary is longer than 4000 bytes", "reason is required", "opinion is not valid UTF-8",
// "name contains a control character").
Status ValidateText(std::string_view field, std::string_view text, const TextRule& rule);

}  // namespace sunlit::core

#endif  // SUNLIT_CORE_TEXT_RULES_H_
