// Test-only helpers for the draw tests: random valid codes and pools, and the protocol's
// worked example. Never included by non-test code.
#ifndef SUNLIT_DRAW_TEST_SUPPORT_H_
#define SUNLIT_DRAW_TEST_SUPPORT_H_

#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/uscc.h"
#include "draw/protocol.h"

namespace sunlit::draw::testing {

// A random code with a correct GB 32100 check character.
inline std::string RandomCode(std::mt19937_64& rng) {
  std::string code(17, '0');
  for (char& c : code) c = core::kUsccAlphabet[rng() % core::kUsccAlphabet.size()];
  code.push_back(core::UsccCheckCharacter(code));
  return code;
}

// `n` distinct random codes.
inline std::vector<std::string> RandomCodes(std::mt19937_64& rng, size_t n) {
  std::set<std::string> seen;
  std::vector<std::string> codes;
  codes.reserve(n);
  while (codes.size() < n) {
    std::string c = RandomCode(rng);
    if (seen.insert(c).second) codes.push_back(std::move(c));
  }
  return codes;
}

inline Secret SecretFrom(uint8_t first) {
  Secret s;
  for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<uint8_t>(first + i);
  return s;
}

inline Secret RandomSecret(std::mt19937_64& rng) {
  Secret s;
  for (uint8_t& b : s) b = static_cast<uint8_t>(rng());
  return s;
}

// DRAW-PROTOCOL.md §6.
inline DrawInput WorkedExample() {
  DrawInput in;
  in.candidates = {
      {"91430302NY31NN604U", "A"}, {"91430302MB2KLRPMXB", "B"}, {"91430302L7XYQN5Y4A", "B"},
      {"914303025FGQN85B35", "A"}, {"91430302WLCQXP5X57", "B"}, {"914303022F95MPWG33", "B"},
      {"91430302X37XWX5G17", "A"}, {"91430302TNWN4DY082", "B"}, {"91430304JFMC62RQ7R", "B"},
      {"91430304XB52CY712W", "A"}, {"91430304L7DGEEX95E", "B"}, {"914303047HFKMRPM17", "B"},
  };
  in.params.draw_id = "XT-2026-0001";
  in.params.quotas = {{"A", Quota::Kind::kCount, 1}, {"B", Quota::Kind::kBasisPoints, 2500}};
  in.params.reserve = 1;
  in.params.sources = {{9319}, {2, 5, 12, 8, 10}, {9, 18, 26, 34, 41, 45}};
  in.params.secret = SecretFrom(0);
  return in;
}

}  // namespace sunlit::draw::testing

#endif  // SUNLIT_DRAW_TEST_SUPPORT_H_
