// Text helpers shared by the readers and writers of io/ (private to the module).
//
// All functions are pure and safe on any bytes.
#ifndef SUNLIT_IO_TEXT_UTIL_H_
#define SUNLIT_IO_TEXT_UTIL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sunlit::io::internal {

// Returns the offset of the first byte that is >= 0x80 or NUL, or `n` if there is none.
// Reads 8 bytes at a time: this is the fast path of every validation.
size_t FirstNonAsciiOrNul(const char* s, size_t n);

// Returns the offset of the first byte that does not start a valid UTF-8 sequence (overlong
// forms, surrogates, code points above U+10FFFF and NUL are invalid), or `n` if `s` is valid.
// When the only problem is a sequence cut off by the end of `s`, `*truncated` is set to true
// (so that a caller looking at a block of a larger file can ignore it); otherwise false.
size_t FindInvalidUtf8(const char* s, size_t n, bool* truncated);
inline bool IsValidUtf8(std::string_view s) {
  bool truncated = false;
  return FindInvalidUtf8(s.data(), s.size(), &truncated) == s.size();
}

// Returns `s` without surrounding whitespace: ASCII space, tab, CR, LF, the ideographic space
// U+3000 and the byte-order mark U+FEFF (which Excel leaves at the start of a file).
std::string_view TrimCell(std::string_view s);

// Appends the UTF-8 encoding of `cp` to `out`. REQUIRES: cp <= 0x10FFFF.
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace sunlit::io::internal

#endif  // SUNLIT_IO_TEXT_UTIL_H_
