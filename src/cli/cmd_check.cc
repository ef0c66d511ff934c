// `sunlit check`: the data standards from the command line (credit codes, working days).
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/reference.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "core/calendar.h"
#include "core/uscc.h"
#include "store/store.h"

namespace sunlit::cli {
namespace {

int CheckUscc(const Args& args) {
  if (args.positional().size() < 2) return Fail("usage: sunlit check uscc CODE...", 2);
  bool all_ok = true;
  for (size_t i = 1; i < args.positional().size(); ++i) {
    const std::string& raw = args.positional()[i];
    const core::NormalizedUscc n = core::NormalizeUscc(raw);
    const core::UsccVerdict v = core::ValidateUscc(n.code);
    std::string note;
    for (const std::string& c : n.changes) note += (note.empty() ? "" : ", ") + c;
    if (v.ok()) {
      if (n.changed()) {
        std::printf("%s\tok\tnormalised to %s (%s)\n", raw.c_str(), n.code.c_str(),
                    note.c_str());
      } else {
        std::printf("%s\tok\n", raw.c_str());
      }
    } else {
      all_ok = false;
      std::printf("%s\tinvalid\t%s\n", raw.c_str(), v.reason.c_str());
    }
  }
  return all_ok ? 0 : 1;
}

// The calendar of the database when one is named (or the default one exists), else the
// schedules built into the product.
Result<core::WorkCalendar> LoadCalendar(const Args& args) {
  std::string url = args.Get("db");
  if (url.empty()) {
    struct stat st;
    if (stat("var/sunlit.db", &st) == 0) url = std::string(store::kDefaultUrl);
  }
  if (url.empty()) return core::WorkCalendar(core::BuiltinSchedule());
  SUNLIT_ASSIGN_OR_RETURN(auto store, store::Open(url));
  SUNLIT_RETURN_IF_ERROR(app::EnsureReferenceData(*store));
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(auto schedule, tx->LoadCalendar());
  return core::WorkCalendar(schedule);
}

bool ParseInt(const std::string& s, int* out) {
  if (s.empty() || s.size() > 6) return false;
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (*end != '\0') return false;
  *out = static_cast<int>(v);
  return true;
}

int CheckWorkdays(const Args& args) {
  const auto& p = args.positional();
  constexpr char kUsage[] =
      "usage: sunlit check workdays add DATE N | sunlit check workdays count FROM TO";
  if (p.size() != 4) return Fail(kUsage, 2);
  Result<core::WorkCalendar> calendar = LoadCalendar(args);
  if (!calendar.ok()) return Fail(calendar.status());
  Result<core::Date> from = core::Date::Parse(p[2]);
  if (!from.ok()) return Fail(p[2] + ": " + from.status().message(), 2);
  if (p[1] == "add") {
    int n = 0;
    if (!ParseInt(p[3], &n) || n < 0) return Fail("N must be a non-negative integer", 2);
    Result<core::Date> d = calendar->AddWorkingDays(*from, n);
    if (!d.ok()) return Fail(d.status());
    std::printf("%s\n", d->ToString().c_str());
    return 0;
  }
  if (p[1] == "count") {
    Result<core::Date> to = core::Date::Parse(p[3]);
    if (!to.ok()) return Fail(p[3] + ": " + to.status().message(), 2);
    Result<int> n = calendar->WorkingDaysBetween(*from, *to);
    if (!n.ok()) return Fail(n.status());
    std::printf("%d\n", *n);
    return 0;
  }
  return Fail(kUsage, 2);
}

}  // namespace

int RunCheck(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 2, {"db"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  if (args->positional().empty()) return Fail("usage: sunlit check uscc|workdays ...", 2);
  const std::string& what = args->positional()[0];
  if (what == "uscc") return CheckUscc(*args);
  if (what == "workdays") return CheckWorkdays(*args);
  return Fail("unknown check \"" + what + "\" (uscc, workdays)", 2);
}

}  // namespace sunlit::cli
