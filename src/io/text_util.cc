// UTF-8 validation with an ASCII fast path, and trimming, for the table readers and writers.
#include "io/text_util.h"

#include <cstdint>
#include <cstring>

namespace sunlit::io::internal {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;
constexpr uint64_t kLowBits = 0x0101010101010101ULL;

// True when one of the 8 bytes of `w` is >= 0x80 or zero (the zero test can report the wrong
// byte, never a wrong answer to "is there one").
inline bool HasSpecialByte(uint64_t w) {
  return ((w & kHighBits) | ((w - kLowBits) & ~w & kHighBits)) != 0;
}

}  // namespace

size_t FirstNonAsciiOrNul(const char* s, size_t n) {
  size_t i = 0;
  for (;;) {
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      if (HasSpecialByte(w)) break;
      i += 8;
    }
    const size_t stop = i + 8 <= n ? i + 8 : n;
    for (; i < stop; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == 0 || c >= 0x80) return i;
    }
    if (i >= n) return n;
  }
}

size_t FindInvalidUtf8(const char* s, size_t n, bool* truncated) {
  *truncated = false;
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  size_t i = 0;
  while (i < n) {
    const unsigned c = u[i];
    if (c < 0x80) {
      if (c == 0) return i;
      ++i;
      while (i + 8 <= n) {
        uint64_t w;
        std::memcpy(&w, s + i, 8);
        if (HasSpecialByte(w)) break;
        i += 8;
      }
      continue;
    }
    // The common case in Chinese text: a run of three-byte sequences (U+1000..U+FFFF minus
    // the surrogates), checked with one comparison each.
    if (c >= 0xE1 && c != 0xED && c <= 0xEF) {
      size_t k = i;
      while (k + 3 <= n) {
        const uint32_t w = u[k] | (uint32_t{u[k + 1]} << 8) | (uint32_t{u[k + 2]} << 16);
        if ((w & 0xC0C0F0) != 0x8080E0 || u[k] == 0xE0 || u[k] == 0xED) break;
        k += 3;
      }
      if (k > i) {
        i = k;
        continue;
      }
    }
    size_t len = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3;
      lo = 0xA0;  // no overlong forms
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = 3;
    } else if (c == 0xED) {
      len = 3;
      hi = 0x9F;  // no UTF-16 surrogates
    } else if (c == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4;
      hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + 1 >= n) {
      *truncated = true;
      return i;
    }
    if (u[i + 1] < lo || u[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (i + k >= n) {
        *truncated = true;
        return i;
      }
      if ((u[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return n;
}

std::string_view TrimCell(std::string_view s) {
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  for (;;) {
    if (s.empty()) return s;
    const char c = s.front();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace) || s.starts_with(kBom)) {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (s.empty()) return s;
    const char c = s.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace) || s.ends_with(kBom)) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
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

}  // namespace sunlit::io::internal
