// `sunlit gen` (synthetic directories) and `sunlit demo` (the Xiangtan demo database).
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/demo.h"
#include "app/demo_users.h"
#include "app/gen.h"
#include "app/services.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/db_flags.h"

namespace sunlit::cli {
namespace {

void PrintDemoLogins() {
  std::printf("\nDemo logins (demo database only; fixed passwords — never use them for real):\n");
  for (const app::DemoLogin& l : app::DemoLogins()) {
    std::printf("  %-16s %-20s %s\n", l.username.c_str(), l.password.c_str(), l.what.c_str());
  }
}

bool ParseU64(const std::string& s, uint64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  *out = std::strtoull(s.c_str(), nullptr, 10);
  return true;
}

}  // namespace

int RunGen(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 2, {"count", "seed", "out", "region", "today"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  constexpr char kUsage[] =
      "usage: sunlit gen entities|inspectors --count N --seed S --out FILE.csv "
      "[--region PREFIX] [--today YYYY-MM-DD]";
  if (args->positional().size() != 1 || !args->Has("out")) return Fail(kUsage, 2);
  app::GenOptions options;
  uint64_t count = 0, seed = 1;
  if (!ParseU64(args->Get("count", "1000"), &count) || count == 0 || count > 200000000) {
    return Fail("--count must be an integer between 1 and 200000000", 2);
  }
  if (!ParseU64(args->Get("seed", "1"), &seed)) return Fail("--seed must be an integer", 2);
  options.count = static_cast<int64_t>(count);
  options.seed = seed;
  options.region_prefix = args->Get("region", "43");
  Result<core::Date> today = Today(*args);
  if (!today.ok()) return Fail("--today: " + today.status().message(), 2);
  options.today = *today;
  const std::string& kind = args->positional()[0];
  Status s;
  if (kind == "entities") {
    s = app::GenerateEntities(options, args->Get("out"));
  } else if (kind == "inspectors") {
    s = app::GenerateInspectors(options, args->Get("out"));
  } else {
    return Fail(kUsage, 2);
  }
  if (!s.ok()) return Fail(s);
  return 0;
}

namespace {

// `text` padded with spaces to `width` terminal columns (CJK characters take two).
std::string Pad(const std::string& text, size_t width) {
  size_t columns = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    columns += len >= 3 ? 2 : 1;
    i += len;
  }
  return columns >= width ? text + " " : text + std::string(width - columns, ' ');
}

void PrintSummary(const app::DemoSummary& s, const std::string& url) {
  std::printf("Sunlit (阳光监管) — %s\n\n", url.c_str());
  std::printf("检查对象名录库 (entities): %" PRId64 "\n", s.entities);
  for (const auto& [k, v] : s.entities_by_region) {
    std::printf("  %s%8" PRId64 "\n", Pad(k, 24).c_str(), v);
  }
  std::printf("  by type:");
  for (const auto& [k, v] : s.entities_by_type) std::printf("  %s %" PRId64, k.c_str(), v);
  std::printf("\n  by credit-risk class:");
  for (const auto& [k, v] : s.entities_by_risk) std::printf("  %s %" PRId64, k.c_str(), v);
  std::printf("\n\n执法检查人员名录库 (inspectors): %" PRId64 " in %" PRId64 " units\n",
              s.inspectors, s.units);
  for (const auto& [k, v] : s.inspectors_by_department) {
    std::printf("  %s%4" PRId64 "\n", Pad(k, 28).c_str(), v);
  }
  std::printf("\n抽查事项清单 (item lists): %" PRId64 " items\n", s.items);
  for (const auto& [k, v] : s.items_by_department) {
    std::printf("  %s%4" PRId64 "\n", Pad(k, 28).c_str(), v);
  }
  if (!s.checklist_title.empty()) {
    std::printf("\n一业一查 industry checklist: %s\n", s.checklist_title.c_str());
    for (const auto& line : s.checklist_lines) std::printf("  %s\n", line.c_str());
  }
  std::printf("\n工作日历 working-day calendar: years");
  for (int y : s.calendar_years) std::printf(" %d", y);
  std::printf("\n");
}

}  // namespace

int RunDemo(int argc, char** argv) {
  Result<Args> args =
      Args::Parse(argc, argv, 2, {"db", kKeyFileFlag, kFilesDirFlag, "entities", "seed", "today"},
                  {"summary", "logins", "no-year"});
  if (!args.ok()) return Fail(args.status(), 2);
  Result<app::ServicesOptions> so = ServicesOptionsOf(*args);
  if (!so.ok() && !args->Has("summary")) return Fail(so.status(), 2);
  if (args->Has("logins")) {
    // Adds the demo logins that are missing (a demo database made before they existed).
    so->load_directory = false;
    Result<std::unique_ptr<app::Services>> services = app::Services::Open(*so);
    if (!services.ok()) return Fail(services.status());
    Status s = app::CreateDemoUsers(**services);
    if (!s.ok()) return Fail(s);
    PrintDemoLogins();
    return 0;
  }
  const std::string url = args->Get("db", store::kDefaultUrl);
  Result<std::unique_ptr<store::Store>> store = store::Open(url);
  if (!store.ok()) return Fail(store.status());
  if (!args->Has("summary")) {
    app::DemoOptions options;
    uint64_t n = 0;
    if (args->Has("entities")) {
      if (!ParseU64(args->Get("entities"), &n) || n == 0 || n > 10000000) {
        return Fail("--entities must be between 1 and 10000000", 2);
      }
      options.entities = static_cast<int64_t>(n);
    }
    if (args->Has("seed") && !ParseU64(args->Get("seed"), &options.seed)) {
      return Fail("--seed must be an integer", 2);
    }
    Result<core::Date> today = Today(*args);
    if (!today.ok()) return Fail("--today: " + today.status().message(), 2);
    options.today = *today;
    options.key_path = so->key_path;
    options.files_dir = so->files_dir;
    const std::string db_path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
    const size_t slash = db_path.rfind('/');
    options.work_dir = slash == std::string::npos ? "." : db_path.substr(0, slash);
    if (url.find("://") != std::string::npos) options.work_dir = ".";  // a database server
    std::fprintf(stderr, "building the Xiangtan demo in %s …\n", (*store)->Describe().c_str());
    Status s = app::BuildDemo(**store, options);
    if (!s.ok()) return Fail(s);
    if (!args->Has("no-year")) {  // --no-year: the directory only (tests that draw their own)
      std::fprintf(stderr, "walking the demo through 2026 (simulated timestamps) …\n");
      s = app::BuildDemoYear(url, options);
      if (!s.ok()) return Fail(s);
    }
    // After the year: the inspector logins are linked to inspectors who have checks.
    so->load_directory = false;
    Result<std::unique_ptr<app::Services>> services = app::Services::Open(*so);
    if (!services.ok()) return Fail(services.status());
    s = app::CreateDemoUsers(**services);
    if (!s.ok()) return Fail(s);
  }
  Result<app::DemoSummary> summary = app::Summarize(**store);
  if (!summary.ok()) return Fail(summary.status());
  PrintSummary(*summary, url);
  if (!args->Has("summary")) PrintDemoLogins();
  return 0;
}

}  // namespace sunlit::cli
