// Tests for civil-date arithmetic, parsing and formatting.
#include "core/date.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sunlit::core {
namespace {

TEST(DateTest, KnownDays) {
  struct Case {
    int y, m, d;
    int32_t days;
    int weekday;
  };
  const std::vector<Case> cases = {
      {1970, 1, 1, 0, 4},      {1969, 12, 31, -1, 3},     {2000, 3, 1, 11017, 3},
      {1900, 1, 1, -25567, 1}, {2024, 2, 29, 19782, 4},   {2026, 2, 14, 20498, 6},
      {2026, 2, 15, 20499, 7}, {2999, 12, 31, 376199, 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.y) + "-" + std::to_string(c.m) + "-" + std::to_string(c.d));
    EXPECT_EQ(DaysFromCivil(c.y, c.m, c.d), c.days);
    const Date date = Date::FromYmd(c.y, c.m, c.d);
    EXPECT_EQ(date.days(), c.days);
    EXPECT_EQ(date.year(), c.y);
    EXPECT_EQ(date.month(), c.m);
    EXPECT_EQ(date.day(), c.d);
    EXPECT_EQ(date.weekday(), c.weekday);
    EXPECT_EQ(date.IsWeekend(), c.weekday >= 6);
  }
}

TEST(DateTest, CivilRoundTripEveryDayOf1900To2999) {
  int y = 1900, m = 1, d = 1;
  const int32_t first = DaysFromCivil(1900, 1, 1);
  const int32_t last = DaysFromCivil(2999, 12, 31);
  int prev_weekday = Date::FromDays(first - 1).weekday();
  for (int32_t n = first; n <= last; ++n) {
    CivilFromDays(n, &y, &m, &d);
    ASSERT_EQ(DaysFromCivil(y, m, d), n);
    const int wd = Date::FromDays(n).weekday();
    ASSERT_EQ(wd, prev_weekday % 7 + 1);
    prev_weekday = wd;
  }
  EXPECT_EQ(y, 2999);
}

TEST(DateTest, Parse) {
  struct Case {
    std::string text;
    std::string error;  // empty = valid
  };
  const std::vector<Case> cases = {
      {"2025-01-31", ""},
      {"2024-02-29", ""},
      {"2000-02-29", ""},
      {"1900-01-01", ""},
      {"2999-12-31", ""},
      {"2025-02-29", "day does not exist in that month"},
      {"1900-02-29", "day does not exist in that month"},
      {"2025-04-31", "day does not exist in that month"},
      {"2025-01-00", "day does not exist in that month"},
      {"2025-13-01", "month out of range 01-12"},
      {"2025-00-01", "month out of range 01-12"},
      {"1899-12-31", "year out of range 1900-2999"},
      {"3000-01-01", "year out of range 1900-2999"},
      {"2025-1-01", "date must be written YYYY-MM-DD"},
      {"2025/01/01", "date must be written YYYY-MM-DD"},
      {"20250101", "date must be written YYYY-MM-DD"},
      {"2025-01-0a", "date must be written YYYY-MM-DD"},
      {" 2025-01-01", "date must be written YYYY-MM-DD"},
      {"", "date must be written YYYY-MM-DD"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const Result<Date> r = Date::Parse(c.text);
    if (c.error.empty()) {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(r->ToString(), c.text);
    } else {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(r.status().message(), c.error);
    }
  }
}

TEST(DateTest, ArithmeticAndOrder) {
  const Date a = Date::FromYmd(2024, 12, 31);
  const Date b = a.AddDays(1);
  EXPECT_EQ(b.ToString(), "2025-01-01");
  EXPECT_EQ(b - a, 1);
  EXPECT_EQ(a - b, -1);
  EXPECT_LT(a, b);
  EXPECT_EQ(a.AddDays(-366).ToString(), "2023-12-31");
  EXPECT_EQ(Date().ToString(), "1970-01-01");
}

}  // namespace
}  // namespace sunlit::core
