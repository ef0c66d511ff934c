// Working-day calendar (工作日), data-driven: weekends are off unless declared an adjusted
// working day (调休上班); public holidays are off. Each year's schedule comes from that
// year's State Council notice; a year without a schedule is unknown, never guessed.
#ifndef SUNLIT_CORE_CALENDAR_H_
#define SUNLIT_CORE_CALENDAR_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace sunlit::core {

enum class DayKind {
  kHolidayOff,       // 放假 (holiday_off)
  kAdjustedWorkday,  // 调休上班 (adjusted_workday)
};

struct HolidayDay {
  Date date;
  DayKind kind = DayKind::kHolidayOff;
  std::string name;  // 春节, 国庆节 …
  friend bool operator==(const HolidayDay&, const HolidayDay&) = default;
};

// One year's schedule, from one notice.
struct HolidayYear {
  int year = 0;
  std::string notice;  // the notice's title or URL
  std::vector<HolidayDay> days;  // sorted by date, each date at most once
  friend bool operator==(const HolidayYear&, const HolidayYear&) = default;
};

// Schedules by year, ascending.
using HolidaySchedule = std::vector<HolidayYear>;

// Parses the product's own schedule format (docs/formats.md, data/calendar/*.txt):
//   # comment
//   year 2026
//   notice 国务院办公厅关于2026年部分节假日安排的通知
//   off 春节 2026-02-15..2026-02-23
//   work 春节 2026-02-14 2026-02-28
// Errors name the line. Dates must fall in the declared year.
Result<HolidayYear> ParseScheduleText(std::string_view text);
// Writes `year` in the same format (ranges merged), so Parse(Format(y)) == y.
// REQUIRES: names non-empty without whitespace, notice on one line, dates in `year.year`,
// each date once (everything ParseScheduleText produces).
std::string FormatScheduleText(const HolidayYear& year);

// The schedules compiled into the product (data/calendar/cn-*.txt): 2024, 2025, 2026.
HolidaySchedule BuiltinSchedule();

class WorkCalendar {
 public:
  WorkCalendar() = default;
  // Days outside their entry's year are ignored (ParseScheduleText rejects them); a later
  // entry for the same year replaces an earlier one.
  explicit WorkCalendar(const HolidaySchedule& schedule);

  bool HasYear(int year) const;
  // Years with a schedule, ascending.
  std::vector<int> Years() const;

  // kOutOfRange naming the year when `d` falls in a year without a schedule.
  Result<bool> IsWorkingDay(Date d) const;
  // The date `n` working days after `from`, counting from the day after `from` (n >= 0;
  // n == 0 returns `from`; n < 0 counts backwards from the day before). kOutOfRange when the
  // count reaches a year with no schedule.
  Result<Date> AddWorkingDays(Date from, int n) const;
  // The number of working days in (from, to]; negative of (to, from] when to < from.
  Result<int> WorkingDaysBetween(Date from, Date to) const;

 private:
  std::map<int, std::map<int32_t, DayKind>> years_;  // year -> day number -> kind
};

}  // namespace sunlit::core

#endif  // SUNLIT_CORE_CALENDAR_H_
