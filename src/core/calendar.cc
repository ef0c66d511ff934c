// Working-day calendar: the schedule text format (parse/format) and working-day arithmetic.
#include "core/calendar.h"

#include <algorithm>
#include <cassert>

#include "core/embedded_data.h"

namespace sunlit::core {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Splits off the first whitespace-separated token of `*rest`.
std::string_view NextToken(std::string_view* rest) {
  *rest = Trim(*rest);
  size_t n = 0;
  while (n < rest->size() && !IsSpace((*rest)[n])) ++n;
  const std::string_view token = rest->substr(0, n);
  rest->remove_prefix(n);
  *rest = Trim(*rest);
  return token;
}

std::string KindKeyword(DayKind kind) { return kind == DayKind::kHolidayOff ? "off" : "work"; }

Status NoSchedule(int year) {
  return OutOfRange("no holiday schedule for " + std::to_string(year) +
                    ": import the State Council notice first (sunlit import holidays)");
}

// Working-day test against one year's day map, for a date known to lie in that year.
bool IsWorking(const std::map<int32_t, DayKind>& days, Date d) {
  const auto it = days.find(d.days());
  if (it == days.end()) return !d.IsWeekend();
  return it->second == DayKind::kAdjustedWorkday;
}

}  // namespace

Result<HolidayYear> ParseScheduleText(std::string_view text) {
  HolidayYear out;
  bool have_year = false;
  bool have_notice = false;
  std::map<int32_t, int> line_of;  // date -> line that listed it, for duplicate messages
  int line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    std::string_view rest = line;
    const std::string_view keyword = NextToken(&rest);

    if (keyword == "year") {
      if (have_year) return InvalidArgument(where + "'year' given twice");
      const std::string_view y = NextToken(&rest);
      bool digits = y.size() == 4;
      int value = 0;
      for (size_t i = 0; digits && i < y.size(); ++i) {
        digits = y[i] >= '0' && y[i] <= '9';
        value = value * 10 + (y[i] - '0');
      }
      if (!digits || !rest.empty() || value < 1900 || value > 2999) {
        return InvalidArgument(where + "expected 'year YYYY' (1900-2999)");
      }
      out.year = value;
      have_year = true;
      continue;
    }
    if (keyword == "notice") {
      if (have_notice) return InvalidArgument(where + "'notice' given twice");
      if (rest.empty()) return InvalidArgument(where + "'notice' needs the notice's title or URL");
      out.notice = std::string(rest);
      have_notice = true;
      continue;
    }
    if (keyword != "off" && keyword != "work") {
      return InvalidArgument(where + "unknown keyword '" + std::string(keyword) +
                             "' (expected year, notice, off or work)");
    }
    const DayKind kind = keyword == "off" ? DayKind::kHolidayOff : DayKind::kAdjustedWorkday;
    if (!have_year) {
      return InvalidArgument(where + "'" + std::string(keyword) + "' before the 'year' line");
    }
    const std::string_view name = NextToken(&rest);
    if (name.empty() || Date::Parse(name.substr(0, 10)).ok()) {
      return InvalidArgument(where + "'" + std::string(keyword) +
                             "' needs a holiday name before the dates");
    }
    if (rest.empty()) {
      return InvalidArgument(where + "'" + std::string(keyword) + " " + std::string(name) +
                             "' lists no dates");
    }
    while (!rest.empty()) {
      const std::string_view token = NextToken(&rest);
      const size_t dots = token.find("..");
      const std::string_view first_text = token.substr(0, dots);
      const std::string_view last_text =
          dots == std::string_view::npos ? token : token.substr(dots + 2);
      Result<Date> first = Date::Parse(first_text);
      Result<Date> last = Date::Parse(last_text);
      for (const auto* r : {&first, &last}) {
        if (!r->ok()) {
          return InvalidArgument(where + "bad date '" + std::string(token) +
                                 "': " + r->status().message());
        }
      }
      if (*last < *first) {
        return InvalidArgument(where + "range '" + std::string(token) + "' ends before it starts");
      }
      for (Date d = *first; d <= *last; d = d.AddDays(1)) {
        if (d.year() != out.year) {
          return InvalidArgument(where + "date " + d.ToString() + " is not in year " +
                                 std::to_string(out.year));
        }
        const auto [it, inserted] = line_of.emplace(d.days(), line_no);
        if (!inserted) {
          return InvalidArgument(where + "date " + d.ToString() + " is already listed on line " +
                                 std::to_string(it->second));
        }
        out.days.push_back(HolidayDay{d, kind, std::string(name)});
      }
    }
  }
  if (!have_year) return InvalidArgument("schedule has no 'year' line");
  std::sort(out.days.begin(), out.days.end(),
            [](const HolidayDay& a, const HolidayDay& b) { return a.date < b.date; });
  return out;
}

std::string FormatScheduleText(const HolidayYear& year) {
  std::vector<HolidayDay> days = year.days;
  std::stable_sort(days.begin(), days.end(),
                   [](const HolidayDay& a, const HolidayDay& b) { return a.date < b.date; });
  // Holidays in order of their first day; for each, its days off then its working days.
  std::vector<std::string> names;
  for (const HolidayDay& d : days) {
    if (std::find(names.begin(), names.end(), d.name) == names.end()) names.push_back(d.name);
  }
  std::string out = "year " + std::to_string(year.year) + "\n";
  if (!year.notice.empty()) out += "notice " + year.notice + "\n";
  for (const std::string& name : names) {
    for (const DayKind kind : {DayKind::kHolidayOff, DayKind::kAdjustedWorkday}) {
      std::string line;
      for (size_t i = 0; i < days.size(); ++i) {
        if (days[i].name != name || days[i].kind != kind) continue;
        // Merge a run of consecutive days of the same holiday and kind into a range.
        size_t j = i;
        while (j + 1 < days.size() && days[j + 1].name == name && days[j + 1].kind == kind &&
               days[j + 1].date == days[j].date.AddDays(1)) {
          ++j;
        }
        line += " " + days[i].date.ToString();
        if (j > i) line += ".." + days[j].date.ToString();
        i = j;
      }
      if (!line.empty()) out += KindKeyword(kind) + " " + name + line + "\n";
    }
  }
  return out;
}

HolidaySchedule BuiltinSchedule() {
  static const HolidaySchedule schedule = [] {
    HolidaySchedule s;
    for (const char* file : {"cn-2024.txt", "cn-2025.txt", "cn-2026.txt"}) {
      Result<HolidayYear> y = ParseScheduleText(embedded::Find(file));
      assert(y.ok());  // checked by calendar_test; an error is a build defect
      if (y.ok()) s.push_back(std::move(y).value());
    }
    std::sort(s.begin(), s.end(),
              [](const HolidayYear& a, const HolidayYear& b) { return a.year < b.year; });
    return s;
  }();
  return schedule;
}

WorkCalendar::WorkCalendar(const HolidaySchedule& schedule) {
  for (const HolidayYear& y : schedule) {
    std::map<int32_t, DayKind>& days = years_[y.year];
    days.clear();
    for (const HolidayDay& d : y.days) {
      if (d.date.year() == y.year) days[d.date.days()] = d.kind;
    }
  }
}

bool WorkCalendar::HasYear(int year) const { return years_.count(year) != 0; }

std::vector<int> WorkCalendar::Years() const {
  std::vector<int> out;
  out.reserve(years_.size());
  for (const auto& [year, days] : years_) out.push_back(year);
  return out;
}

Result<bool> WorkCalendar::IsWorkingDay(Date d) const {
  const auto it = years_.find(d.year());
  if (it == years_.end()) return NoSchedule(d.year());
  return IsWorking(it->second, d);
}

Result<Date> WorkCalendar::AddWorkingDays(Date from, int n) const {
  const int step = n < 0 ? -1 : 1;
  int64_t remaining = n < 0 ? -static_cast<int64_t>(n) : n;
  Date d = from;
  // The year's day map is looked up once per year crossed, not once per day.
  int year = 0;
  const std::map<int32_t, DayKind>* days = nullptr;
  while (remaining > 0) {
    d = d.AddDays(step);
    if (days == nullptr || d.year() != year) {
      year = d.year();
      const auto it = years_.find(year);
      if (it == years_.end()) return NoSchedule(year);
      days = &it->second;
    }
    if (IsWorking(*days, d)) --remaining;
  }
  return d;
}

Result<int> WorkCalendar::WorkingDaysBetween(Date from, Date to) const {
  if (to < from) {
    SUNLIT_ASSIGN_OR_RETURN(const int n, WorkingDaysBetween(to, from));
    return -n;
  }
  int count = 0;
  int year = 0;
  const std::map<int32_t, DayKind>* days = nullptr;
  for (Date d = from.AddDays(1); d <= to; d = d.AddDays(1)) {
    if (days == nullptr || d.year() != year) {
      year = d.year();
      const auto it = years_.find(year);
      if (it == years_.end()) return NoSchedule(year);
      days = &it->second;
    }
    if (IsWorking(*days, d)) ++count;
  }
  return count;
}

}  // namespace sunlit::core
