// Flag values shared by the draw commands.
#include "cli/draw_flags.h"

#include <sstream>

namespace sunlit::cli {

bool ParseUint(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

// "LABEL:count:N" or "LABEL:bp:B".
Result<draw::Quota> ParseQuota(const std::string& text) {
  const size_t last = text.rfind(':');
  const size_t mid = last == std::string::npos || last == 0 ? std::string::npos
                                                            : text.rfind(':', last - 1);
  if (mid == std::string::npos) {
    return InvalidArgument("--quota \"" + text + "\": expected LABEL:count:N or LABEL:bp:B");
  }
  draw::Quota q;
  q.stratum = text.substr(0, mid);
  const std::string kind = text.substr(mid + 1, last - mid - 1);
  uint64_t value = 0;
  if (!ParseUint(std::string_view(text).substr(last + 1), &value) || value > INT64_MAX) {
    return InvalidArgument("--quota \"" + text + "\": the value must be a non-negative integer");
  }
  if (kind == "count") {
    q.kind = draw::Quota::Kind::kCount;
  } else if (kind == "bp") {
    q.kind = draw::Quota::Kind::kBasisPoints;
  } else {
    return InvalidArgument("--quota \"" + text + "\": kind must be count or bp");
  }
  q.value = static_cast<int64_t>(value);
  return q;
}

// "--source 'N N N'" values → sources, in command-line order.
Result<draw::Sources> ParseSourceNumbers(const std::vector<std::string>& flags) {
  draw::Sources sources;
  for (const std::string& f : flags) {
    std::istringstream in(f);
    std::vector<uint64_t> numbers;
    std::string word;
    while (in >> word) {
      uint64_t v = 0;
      if (!ParseUint(word, &v)) {
        return InvalidArgument("--source \"" + f + "\": \"" + word +
                               "\" is not a non-negative integer");
      }
      numbers.push_back(v);
    }
    if (numbers.empty()) return InvalidArgument("--source needs at least one number");
    sources.push_back(std::move(numbers));
  }
  if (sources.empty()) return InvalidArgument("at least one --source is required");
  return sources;
}

}  // namespace sunlit::cli
