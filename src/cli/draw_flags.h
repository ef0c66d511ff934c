// Flag values shared by the draw commands (files and database): integers, quotas and the
// numbers of public randomness sources.
#ifndef SUNLIT_CLI_DRAW_FLAGS_H_
#define SUNLIT_CLI_DRAW_FLAGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "draw/protocol.h"

namespace sunlit::cli {

// Decimal digits only (no sign, at most 19 digits).
bool ParseUint(std::string_view s, uint64_t* out);
// "LABEL:count:N" or "LABEL:bp:B" (LABEL may be empty).
Result<draw::Quota> ParseQuota(const std::string& text);
// Each "--source 'N N N'" value → one source, in command-line order; at least one source,
// each with at least one non-negative integer.
Result<draw::Sources> ParseSourceNumbers(const std::vector<std::string>& flags);

}  // namespace sunlit::cli

#endif  // SUNLIT_CLI_DRAW_FLAGS_H_
