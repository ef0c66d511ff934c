// RFC 3797 "Publicly Verifiable Nominations Committee (NomCom) Random Selection", for users
// who must follow that standard rather than sunlit-draw-v1.
//
// The candidates are a numbered public list 1..n. The key string K is built from the public
// random numbers exactly as in sunlit-draw-v1 (RandomnessString). Pick j = 0, 1, 2, ... is
// MD5(j as 2 bytes big-endian || K || j as 2 bytes big-endian) read as a 128-bit big-endian
// integer, taken modulo the number of candidates still unpicked; the result r selects the
// (r + 1)-th of them in list order, who is then removed.
//
// Pure and thread-safe.
#ifndef SUNLIT_DRAW_RFC3797_H_
#define SUNLIT_DRAW_RFC3797_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "draw/protocol.h"

namespace sunlit::draw {

// The counter is two bytes, so at most this many picks.
inline constexpr uint64_t kRfc3797MaxPicks = 65536;
// The list is held in memory; larger pools belong to sunlit-draw-v1.
inline constexpr uint64_t kRfc3797MaxPool = 10'000'000;

// The 1-based list positions of the first `picks` selections, in the order picked.
// kInvalidArgument when pool_size is 0 or above kRfc3797MaxPool, picks > pool_size or
// picks > kRfc3797MaxPicks, or the sources are invalid (ValidateSources).
Result<std::vector<uint64_t>> Rfc3797Select(uint64_t pool_size, const Sources& sources,
                                            uint64_t picks);

// The same with the key string given directly (it is used as is).
Result<std::vector<uint64_t>> Rfc3797SelectWithKey(uint64_t pool_size, std::string_view key,
                                                   uint64_t picks);

}  // namespace sunlit::draw

#endif  // SUNLIT_DRAW_RFC3797_H_
