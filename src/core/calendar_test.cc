// Tests for the schedule format and working-day arithmetic over the built-in 2024–2026 data.
#include "core/calendar.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/embedded_data.h"
#include "core/test_support.h"

namespace sunlit::core {
namespace {

Date D(std::string_view text) {
  const Result<Date> d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Date();
}

const WorkCalendar& Builtin() {
  static const WorkCalendar calendar(BuiltinSchedule());
  return calendar;
}

TEST(CalendarTest, BuiltinYears) {
  const HolidaySchedule s = BuiltinSchedule();
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].year, 2024);
  EXPECT_EQ(s[1].year, 2025);
  EXPECT_EQ(s[2].year, 2026);
  EXPECT_EQ(s[2].notice, "国务院办公厅关于2026年部分节假日安排的通知");
  EXPECT_EQ(Builtin().Years(), (std::vector<int>{2024, 2025, 2026}));
  EXPECT_TRUE(Builtin().HasYear(2025));
  EXPECT_FALSE(Builtin().HasYear(2027));
  EXPECT_FALSE(Builtin().HasYear(2023));
  for (const HolidayYear& y : s) {
    for (size_t i = 1; i < y.days.size(); ++i) EXPECT_LT(y.days[i - 1].date, y.days[i].date);
    for (const HolidayDay& d : y.days) {
      EXPECT_EQ(d.date.year(), y.year);
      // Adjusted working days are always weekend days (a weekday would be a typo).
      if (d.kind == DayKind::kAdjustedWorkday) {
        EXPECT_TRUE(d.date.IsWeekend()) << d.date.ToString();
      }
    }
  }
}

TEST(CalendarTest, SpringFestivalAndNationalDay) {
  struct Case {
    std::string date;
    bool working;
  };
  const std::vector<Case> cases = {
      // 2024 Spring Festival: off 02-10..02-17, working Sundays 02-04 and 02-18.
      {"2024-02-03", false},
      {"2024-02-04", true},
      {"2024-02-09", true},
      {"2024-02-10", false},
      {"2024-02-14", false},
      {"2024-02-16", false},
      {"2024-02-17", false},
      {"2024-02-18", true},
      {"2024-02-19", true},
      {"2024-02-24", false},
      // 2024 National Day: off 10-01..10-07, working 09-29 (Sun) and 10-12 (Sat).
      {"2024-09-28", false},
      {"2024-09-29", true},
      {"2024-09-30", true},
      {"2024-10-01", false},
      {"2024-10-07", false},
      {"2024-10-08", true},
      {"2024-10-12", true},
      {"2024-10-13", false},
      // 2025 Spring Festival: off 01-28..02-04, working 01-26 (Sun) and 02-08 (Sat).
      {"2025-01-25", false},
      {"2025-01-26", true},
      {"2025-01-27", true},
      {"2025-01-28", false},
      {"2025-02-04", false},
      {"2025-02-05", true},
      {"2025-02-08", true},
      {"2025-02-09", false},
      // 2025 National Day and Mid-Autumn: off 10-01..10-08, working 09-28 (Sun), 10-11 (Sat).
      {"2025-09-27", false},
      {"2025-09-28", true},
      {"2025-10-01", false},
      {"2025-10-08", false},
      {"2025-10-09", true},
      {"2025-10-11", true},
      {"2025-10-12", false},
      // 2026 Spring Festival: off 02-15..02-23, working Saturdays 02-14 and 02-28.
      {"2026-02-13", true},
      {"2026-02-14", true},
      {"2026-02-15", false},
      {"2026-02-23", false},
      {"2026-02-24", true},
      {"2026-02-28", true},
      {"2026-03-01", false},
      {"2026-02-21", false},
      // 2026 National Day: off 10-01..10-07, working 09-20 (Sun) and 10-10 (Sat).
      {"2026-09-20", true},
      {"2026-10-01", false},
      {"2026-10-07", false},
      {"2026-10-08", true},
      {"2026-10-10", true},
      {"2026-10-11", false},
      // Ordinary days.
      {"2025-03-12", true},
      {"2025-03-15", false},
      {"2025-03-16", false},
      {"2024-01-01", false},
      {"2025-01-01", false},
      {"2026-01-01", false},
      {"2026-01-04", true},
  };
  for (const Case& c : cases) {
    const Result<bool> w = Builtin().IsWorkingDay(D(c.date));
    ASSERT_TRUE(w.ok()) << c.date << " " << w.status().ToString();
    EXPECT_EQ(*w, c.working) << c.date;
  }
}

TEST(CalendarTest, AddWorkingDays) {
  struct Case {
    std::string from;
    int n;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"2026-02-13", 0, "2026-02-13"},
      {"2026-02-13", 1, "2026-02-14"},  // adjusted working Saturday
      {"2026-02-13", 2, "2026-02-24"},
      {"2026-02-14", 1, "2026-02-24"},
      {"2026-02-13", 20, "2026-03-19"},
      {"2025-09-26", 1, "2025-09-28"},
      {"2025-09-30", 1, "2025-10-09"},
      {"2025-09-19", 10, "2025-10-10"},
      {"2024-12-31", 1, "2025-01-02"},  // crosses a year, skips New Year's Day
      {"2024-01-01", 400, "2025-08-08"},
      {"2025-03-15", 1, "2025-03-17"},  // from a Saturday
      {"2026-02-24", -1, "2026-02-14"},
      {"2026-02-14", -1, "2026-02-13"},
      {"2025-01-02", -1, "2024-12-31"},
  };
  for (const Case& c : cases) {
    const Result<Date> r = Builtin().AddWorkingDays(D(c.from), c.n);
    ASSERT_TRUE(r.ok()) << c.from << " + " << c.n << ": " << r.status().ToString();
    EXPECT_EQ(r->ToString(), c.expected) << c.from << " + " << c.n;
  }
}

TEST(CalendarTest, WorkingDaysBetween) {
  struct Case {
    std::string from;
    std::string to;
    int expected;
  };
  const std::vector<Case> cases = {
      {"2026-02-13", "2026-02-24", 2},   {"2026-02-24", "2026-02-13", -2},
      {"2026-02-13", "2026-02-13", 0},   {"2026-02-13", "2026-02-14", 1},
      {"2026-02-14", "2026-02-23", 0},   {"2023-12-31", "2024-12-31", 251},
      {"2024-12-31", "2025-12-31", 248}, {"2025-12-31", "2026-12-31", 248},
      {"2025-09-30", "2025-10-09", 1},
  };
  for (const Case& c : cases) {
    const Result<int> r = Builtin().WorkingDaysBetween(D(c.from), D(c.to));
    ASSERT_TRUE(r.ok()) << c.from << ".." << c.to << ": " << r.status().ToString();
    EXPECT_EQ(*r, c.expected) << c.from << ".." << c.to;
  }
  // AddWorkingDays and WorkingDaysBetween are inverse.
  for (int n = 0; n <= 400; n += 7) {
    const Result<Date> to = Builtin().AddWorkingDays(D("2024-03-01"), n);
    ASSERT_TRUE(to.ok());
    EXPECT_EQ(*Builtin().WorkingDaysBetween(D("2024-03-01"), *to), n);
  }
}

TEST(CalendarTest, UnknownYearsAreOutOfRange) {
  const std::string msg_2027 =
      "no holiday schedule for 2027: import the State Council notice first (sunlit import "
      "holidays)";
  const Result<Date> add = Builtin().AddWorkingDays(D("2026-12-25"), 10);
  ASSERT_FALSE(add.ok());
  EXPECT_EQ(add.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(add.status().message(), msg_2027);
  const Result<int> between = Builtin().WorkingDaysBetween(D("2026-12-01"), D("2027-01-05"));
  ASSERT_FALSE(between.ok());
  EXPECT_EQ(between.status().code(), StatusCode::kOutOfRange);
  const Result<bool> day = Builtin().IsWorkingDay(D("2027-01-04"));
  ASSERT_FALSE(day.ok());
  EXPECT_EQ(day.status().message(), msg_2027);
  const Result<bool> before = Builtin().IsWorkingDay(D("2023-12-29"));
  ASSERT_FALSE(before.ok());
  EXPECT_NE(before.status().message().find("2023"), std::string::npos);
  const Result<Date> back = Builtin().AddWorkingDays(D("2024-01-03"), -3);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), StatusCode::kOutOfRange);
  // Within the known years right up to the edge is fine.
  EXPECT_EQ(Builtin().AddWorkingDays(D("2026-12-30"), 1)->ToString(), "2026-12-31");
  EXPECT_TRUE(Builtin().AddWorkingDays(D("2030-01-01"), 0).ok());
  const WorkCalendar empty;
  EXPECT_FALSE(empty.IsWorkingDay(D("2025-03-12")).ok());
  EXPECT_TRUE(empty.Years().empty());
}

TEST(CalendarTest, FormatRoundTripsAndMatchesTheDataFiles) {
  for (const HolidayYear& y : BuiltinSchedule()) {
    const std::string text = FormatScheduleText(y);
    const Result<HolidayYear> back = ParseScheduleText(text);
    ASSERT_TRUE(back.ok()) << back.status().ToString() << "\n" << text;
    EXPECT_EQ(*back, y);
    // The data files are written the way Format writes (plus comments).
    std::string data(embedded::Find("cn-" + std::to_string(y.year) + ".txt"));
    std::string uncommented;
    size_t pos = 0;
    while (pos < data.size()) {
      size_t nl = data.find('\n', pos);
      if (nl == std::string::npos) nl = data.size();
      const std::string line = data.substr(pos, nl - pos);
      if (!line.empty() && line[0] != '#') uncommented += line + "\n";
      pos = nl + 1;
    }
    EXPECT_EQ(text, uncommented);
  }
  const HolidayYear y{2030, "", {{Date::FromYmd(2030, 1, 1), DayKind::kHolidayOff, "元旦"}}};
  EXPECT_EQ(FormatScheduleText(y), "year 2030\noff 元旦 2030-01-01\n");
  EXPECT_EQ(*ParseScheduleText(FormatScheduleText(y)), y);
}

TEST(CalendarTest, ParseAcceptsLayoutVariations) {
  const Result<HolidayYear> y = ParseScheduleText(
      "\r\n  # comment\r\nyear 2030\r\nnotice  a notice with spaces \r\n"
      "work 春节 2030-02-02\r\noff\t春节\t2030-02-03..2030-02-05   2030-02-07\r\n\r\n");
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_EQ(y->year, 2030);
  EXPECT_EQ(y->notice, "a notice with spaces");
  ASSERT_EQ(y->days.size(), 5u);
  EXPECT_EQ(y->days[0], (HolidayDay{Date::FromYmd(2030, 2, 2), DayKind::kAdjustedWorkday, "春节"}));
  EXPECT_EQ(y->days[4], (HolidayDay{Date::FromYmd(2030, 2, 7), DayKind::kHolidayOff, "春节"}));
  const Result<HolidayYear> bare = ParseScheduleText("year 2031\n");
  ASSERT_TRUE(bare.ok());
  EXPECT_TRUE(bare->days.empty());
}

TEST(CalendarTest, ParseErrorsNameTheLine) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "schedule has no 'year' line"},
      {"# only a comment\n", "schedule has no 'year' line"},
      {"off 元旦 2026-01-01\n", "line 1: 'off' before the 'year' line"},
      {"year 2026\nyear 2026\n", "line 2: 'year' given twice"},
      {"year 26\n", "line 1: expected 'year YYYY' (1900-2999)"},
      {"year 2026 2027\n", "line 1: expected 'year YYYY' (1900-2999)"},
      {"year abcd\n", "line 1: expected 'year YYYY' (1900-2999)"},
      {"year 1899\n", "line 1: expected 'year YYYY' (1900-2999)"},
      {"year 2026\nnotice\n", "line 2: 'notice' needs the notice's title or URL"},
      {"year 2026\nnotice a\nnotice b\n", "line 3: 'notice' given twice"},
      {"# c\n\nyear 2026\nholiday 元旦 2026-01-01\n",
       "line 4: unknown keyword 'holiday' (expected year, notice, off or work)"},
      {"year 2026\noff 2026-01-01\n", "line 2: 'off' needs a holiday name before the dates"},
      {"year 2026\nwork\n", "line 2: 'work' needs a holiday name before the dates"},
      {"year 2026\noff 元旦\n", "line 2: 'off 元旦' lists no dates"},
      {"year 2026\n\n\n\noff 元旦 2026-1-1\n",
       "line 5: bad date '2026-1-1': date must be written YYYY-MM-DD"},
      {"year 2026\noff 元旦 2026-02-30\n",
       "line 2: bad date '2026-02-30': day does not exist in that month"},
      {"year 2026\noff 元旦 2026-01-01..2026-01-32\n",
       "line 2: bad date '2026-01-01..2026-01-32': day does not exist in that month"},
      {"year 2026\noff 元旦 2026-01-03..2026-01-01\n",
       "line 2: range '2026-01-03..2026-01-01' ends before it starts"},
      {"year 2026\noff 元旦 2025-12-31..2026-01-01\n",
       "line 2: date 2025-12-31 is not in year 2026"},
      {"year 2026\nwork 春节 2027-02-14\n", "line 2: date 2027-02-14 is not in year 2026"},
      {"year 2026\noff 春节 2026-02-15..2026-02-23\nwork 春节 2026-02-14 2026-02-15\n",
       "line 3: date 2026-02-15 is already listed on line 2"},
      {"year 2026\noff 元旦 2026-01-01 2026-01-01\n",
       "line 2: date 2026-01-01 is already listed on line 2"},
  };
  for (const Case& c : cases) {
    const Result<HolidayYear> r = ParseScheduleText(c.text);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), c.message);
  }
}

TEST(CalendarTest, WorkCalendarConstructorRules) {
  // Days outside their entry's year are ignored; a later entry for a year replaces an earlier.
  const HolidaySchedule s = {
      {2030, "", {{Date::FromYmd(2030, 1, 1), DayKind::kHolidayOff, "元旦"}}},
      {2030,
       "",
       {{Date::FromYmd(2030, 1, 2), DayKind::kHolidayOff, "元旦"},
        {Date::FromYmd(2031, 1, 1), DayKind::kHolidayOff, "元旦"}}},
  };
  const WorkCalendar c(s);
  EXPECT_EQ(c.Years(), std::vector<int>{2030});
  EXPECT_TRUE(*c.IsWorkingDay(Date::FromYmd(2030, 1, 1)));  // a Tuesday, no longer off
  EXPECT_FALSE(*c.IsWorkingDay(Date::FromYmd(2030, 1, 2)));
  EXPECT_FALSE(c.IsWorkingDay(Date::FromYmd(2031, 1, 1)).ok());
}

// Every row of the shared reference table is in the built-in schedule and nothing else is;
// and every day of 2024–2026 follows the rule (weekday and not off) or adjusted workday.
TEST(CalendarTest, BuiltinAgreesWithSharedReference) {
  const auto text = testing::ReadFileIfExists(testing::SharedDataPath("cn_holidays_2024_2026.csv"));
  if (!text) GTEST_SKIP() << "shared cn_holidays_2024_2026.csv not present";
  const auto rows = testing::ParseCsv(*text);
  ASSERT_GT(rows.size(), 100u);
  std::set<int32_t> off;
  std::set<int32_t> work;
  size_t builtin_days = 0;
  const HolidaySchedule s = BuiltinSchedule();
  for (const HolidayYear& y : s) builtin_days += y.days.size();
  EXPECT_EQ(builtin_days, rows.size());
  for (const auto& row : rows) {
    SCOPED_TRACE(row.at("date"));
    const Date d = D(row.at("date"));
    const std::string& kind = row.at("kind");
    ASSERT_TRUE(kind == "holiday_off" || kind == "adjusted_workday");
    const DayKind k = kind == "holiday_off" ? DayKind::kHolidayOff : DayKind::kAdjustedWorkday;
    (k == DayKind::kHolidayOff ? off : work).insert(d.days());
    EXPECT_EQ(std::to_string(d.year()), row.at("year"));
    bool found = false;
    for (const HolidayYear& y : s) {
      for (const HolidayDay& h : y.days) {
        if (h.date != d) continue;
        found = true;
        EXPECT_EQ(h.kind, k);
        EXPECT_EQ(h.name, row.at("holiday_name"));
      }
    }
    EXPECT_TRUE(found);
  }
  for (Date d = Date::FromYmd(2024, 1, 1); d <= Date::FromYmd(2026, 12, 31); d = d.AddDays(1)) {
    const bool expected = (!d.IsWeekend() && off.count(d.days()) == 0) || work.count(d.days()) != 0;
    ASSERT_EQ(*Builtin().IsWorkingDay(d), expected) << d.ToString();
  }
}

}  // namespace
}  // namespace sunlit::core
