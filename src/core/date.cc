// Civil date arithmetic. The algorithms are exact integer ones (no libc time functions, which
// depend on the process time zone).
#include "core/date.h"

#include <cstdio>

namespace sunlit::core {

int32_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int yoe = year - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int32_t z, int* year, int* month, int* day) {
  z += 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t y = yoe + era * 400;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int32_t d = doy - (153 * mp + 2) / 5 + 1;
  const int32_t m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2 ? 1 : 0);
  *month = m;
  *day = d;
}

namespace {
bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}
int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}
}  // namespace

Date Date::FromYmd(int year, int month, int day) { return Date(DaysFromCivil(year, month, day)); }

Result<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return InvalidArgument("date must be written YYYY-MM-DD");
  }
  const int y = Digits(text.substr(0, 4));
  const int m = Digits(text.substr(5, 2));
  const int d = Digits(text.substr(8, 2));
  if (y < 0 || m < 0 || d < 0) return InvalidArgument("date must be written YYYY-MM-DD");
  if (y < 1900 || y > 2999) return InvalidArgument("year out of range 1900-2999");
  if (m < 1 || m > 12) return InvalidArgument("month out of range 01-12");
  if (d < 1 || d > DaysInMonth(y, m)) return InvalidArgument("day does not exist in that month");
  return FromYmd(y, m, d);
}

int Date::year() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return y;
}
int Date::month() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return m;
}
int Date::day() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return d;
}

int Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const int32_t r = ((days_ % 7) + 7) % 7;  // 0 = Thursday
  return static_cast<int>((r + 3) % 7) + 1;
}

std::string Date::ToString() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

}  // namespace sunlit::core
