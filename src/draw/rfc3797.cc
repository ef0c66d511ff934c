// RFC 3797 selection: MD5 of the counter-wrapped key string, exact 128-bit remainder.
#include "draw/rfc3797.h"

#include <string>

#include "draw/md5.h"

namespace sunlit::draw {
namespace {

// Positions 1..n, each present or removed; finds the k-th present one.
class RemainingPositions {
 public:
  explicit RemainingPositions(uint64_t n) : tree_(n + 1, 0), n_(n) {
    for (uint64_t i = 1; i <= n; ++i) {
      tree_[i] += 1;
      const uint64_t parent = i + (i & (~i + 1));
      if (parent <= n) tree_[parent] += tree_[i];
    }
    top_ = 1;
    while (top_ * 2 <= n) top_ *= 2;
  }

  // The k-th (1-based) present position. REQUIRES: 1 <= k <= number present.
  uint64_t Find(uint64_t k) const {
    uint64_t pos = 0;
    for (uint64_t step = top_; step > 0; step /= 2) {
      if (pos + step <= n_ && uint64_t{tree_[pos + step]} < k) {
        pos += step;
        k -= tree_[pos];
      }
    }
    return pos + 1;
  }

  void Remove(uint64_t position) {
    for (uint64_t i = position; i <= n_; i += i & (~i + 1)) tree_[i] -= 1;
  }

 private:
  std::vector<uint32_t> tree_;  // n <= kRfc3797MaxPool fits
  uint64_t n_;
  uint64_t top_;
};

}  // namespace

Result<std::vector<uint64_t>> Rfc3797SelectWithKey(uint64_t pool_size, std::string_view key,
                                                   uint64_t picks) {
  if (pool_size == 0) return InvalidArgument("the pool is empty");
  if (pool_size > kRfc3797MaxPool) {
    return InvalidArgument("RFC 3797 mode takes at most " + std::to_string(kRfc3797MaxPool) +
                           " candidates");
  }
  if (picks > pool_size) {
    return InvalidArgument("cannot pick " + std::to_string(picks) + " of " +
                           std::to_string(pool_size) + " candidates");
  }
  if (picks > kRfc3797MaxPicks) {
    return InvalidArgument("RFC 3797 allows at most 65536 picks (two-byte counter)");
  }
  RemainingPositions remaining(pool_size);
  std::vector<uint64_t> out;
  out.reserve(picks);
  for (uint64_t j = 0; j < picks; ++j) {
    const uint8_t counter[2] = {static_cast<uint8_t>(j >> 8), static_cast<uint8_t>(j)};
    Md5 md5;
    md5.Update(counter, 2);
    md5.Update(key);
    md5.Update(counter, 2);
    const Md5Digest d = md5.Finish();
    unsigned __int128 v = 0;
    for (const uint8_t b : d) v = (v << 8) | b;
    const uint64_t left = pool_size - j;
    const auto r = static_cast<uint64_t>(v % left);
    const uint64_t position = remaining.Find(r + 1);
    remaining.Remove(position);
    out.push_back(position);
  }
  return out;
}

Result<std::vector<uint64_t>> Rfc3797Select(uint64_t pool_size, const Sources& sources,
                                            uint64_t picks) {
  SUNLIT_RETURN_IF_ERROR(ValidateSources(sources));
  return Rfc3797SelectWithKey(pool_size, RandomnessString(sources), picks);
}

}  // namespace sunlit::draw
