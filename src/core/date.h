// Date: a civil (proleptic Gregorian) calendar day, stored as days since 1970-01-01.
//
// Pure value type; no time zones (every date in the product is a date in China).
#ifndef SUNLIT_CORE_DATE_H_
#define SUNLIT_CORE_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sunlit::core {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int32_t days) { return Date(days); }
  // REQUIRES: a valid civil date (use Parse for untrusted input).
  static Date FromYmd(int year, int month, int day);

  // Parses exactly "YYYY-MM-DD" (years 1900–2999). Anything else, or a day that does not
  // exist (2025-02-29), is kInvalidArgument with a message naming the problem.
  static Result<Date> Parse(std::string_view text);

  constexpr int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  // ISO weekday: 1 = Monday … 7 = Sunday.
  int weekday() const;
  bool IsWeekend() const { return weekday() >= 6; }

  // "YYYY-MM-DD".
  std::string ToString() const;

  constexpr Date AddDays(int32_t n) const { return Date(days_ + n); }
  friend constexpr auto operator<=>(Date a, Date b) = default;
  friend constexpr int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// Days-from-civil and civil-from-days (H. Hinnant's algorithms), exposed for tests.
int32_t DaysFromCivil(int year, int month, int day);
void CivilFromDays(int32_t days, int* year, int* month, int* day);

}  // namespace sunlit::core

#endif  // SUNLIT_CORE_DATE_H_
