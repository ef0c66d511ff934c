// Reference tables compiled into the binary from data/ (see cmake/embed.cmake).
#ifndef SUNLIT_CORE_EMBEDDED_DATA_H_
#define SUNLIT_CORE_EMBEDDED_DATA_H_

#include <string_view>

namespace sunlit::embedded {

// Returns the bytes of the embedded file with base name `name` (e.g. "cn-2025.txt"), or an
// empty view when no such file was embedded. The data lives for the whole program.
std::string_view Find(std::string_view name);

}  // namespace sunlit::embedded

#endif  // SUNLIT_CORE_EMBEDDED_DATA_H_
