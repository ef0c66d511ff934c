// Field helpers of the row parsers: list splitting, including into a reused vector.
#include "app/columns.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace sunlit::app {
namespace {

TEST(SplitListTest, SplitsTrimsSortsAndDropsEmptyAndRepeatedParts) {
  struct Case {
    std::string in;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"", {}},
      {" ; ,|", {}},
      {"b;a", {"a", "b"}},
      {" fuel_retail ,food_retail|fuel_retail", {"food_retail", "fuel_retail"}},
      {"食品；药品，食品、特种设备", {"特种设备", "药品", "食品"}},
      {"\u3000甲\u3000;乙", {"乙", "甲"}},
      {"a,,b", {"a", "b"}},
      {"one", {"one"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SplitList(c.in), c.want) << c.in;
    // Into a vector that already holds more, longer and fewer strings.
    for (std::vector<std::string> reused :
         {std::vector<std::string>{},
          std::vector<std::string>{"x", "yyyyyyyyyyyyyyyyyyyyyyyyy", "z", "w"},
          std::vector<std::string>{"q"}}) {
      SplitListInto(c.in, &reused);
      EXPECT_EQ(reused, c.want) << c.in;
    }
  }
}

}  // namespace
}  // namespace sunlit::app
