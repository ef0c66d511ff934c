// CodeSet against a brute-force duplicate check, with blocks small enough that runs are
// merged at every level.
#include "app/code_set.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "core/uscc.h"
#include "gtest/gtest.h"

namespace sunlit::app {
namespace {

using Report = std::tuple<std::string, int64_t, int64_t>;  // code, row, first row

std::vector<Report> Expected(const std::vector<std::string>& codes) {
  std::map<std::string, int64_t> first;
  std::vector<Report> out;
  for (size_t i = 0; i < codes.size(); ++i) {
    const int64_t row = static_cast<int64_t>(i) + 2;
    auto [it, inserted] = first.emplace(codes[i], row);
    if (!inserted) out.emplace_back(codes[i], row, it->second);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Report> Found(CodeSet& set) {
  std::vector<Report> out;
  set.ForEachDuplicate([&](int64_t row, const std::string& code, int64_t first_row) {
    out.emplace_back(code, row, first_row);
  });
  return out;
}

TEST(CodeSetTest, FindsEveryRepeatInCodeThenRowOrder) {
  std::mt19937_64 random(42);
  // A pool of codes over the whole alphabet, including its first and last characters.
  std::vector<std::string> pool = {std::string(18, '0'), std::string(18, 'Y')};
  for (int i = 0; i < 300; ++i) {
    std::string code(18, '0');
    for (char& c : code) c = core::kUsccAlphabet[random() % core::kUsccAlphabet.size()];
    pool.push_back(code);
  }
  for (const size_t block :
       {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{64}, size_t{5000}}) {
    for (const size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{100}, size_t{1000}}) {
      SCOPED_TRACE("block " + std::to_string(block) + ", codes " + std::to_string(n));
      std::vector<std::string> codes;
      CodeSet set(block);
      for (size_t i = 0; i < n; ++i) {
        codes.push_back(pool[random() % pool.size()]);
        set.Add(codes.back(), static_cast<int64_t>(i) + 2);
      }
      EXPECT_EQ(Found(set), Expected(codes));
      EXPECT_TRUE(Found(set).empty());  // emptied
    }
  }
}

TEST(CodeSetTest, KeepsRowsUpToTheLimitAndCodesExactly) {
  CodeSet set(2);
  const std::string a = "91430302MA4L0001XY";
  const std::string b = "91430302MA4L0001Y0";  // next to `a` in code order
  set.Add(b, CodeSet::kMaxRow);
  set.Add(a, 7);
  set.Add(b, 3);
  set.Add(a, CodeSet::kMaxRow - 1);
  const std::vector<Report> want = {{a, CodeSet::kMaxRow - 1, 7}, {b, CodeSet::kMaxRow, 3}};
  EXPECT_EQ(Found(set), want);
}

}  // namespace
}  // namespace sunlit::app
