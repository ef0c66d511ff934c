// `sunlit import` and `sunlit export`: the directories and item lists in and out of files.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "app/export.h"
#include "app/import.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "io/table_writer.h"

namespace sunlit::cli {
namespace {

std::string ProblemLine(const app::Problem& p) {
  std::string s = p.severity == app::Severity::kError ? "error: " : "warning: ";
  if (p.row > 0) s += "row " + std::to_string(p.row);
  if (p.column > 0) {
    s += ", column " + std::to_string(p.column);
    if (!p.column_name.empty()) s += " (" + p.column_name + ")";
  }
  if (p.row > 0 || p.column > 0) s += ": ";
  if (!p.value.empty()) s += "\"" + p.value + "\": ";
  s += p.reason;
  return s;
}

}  // namespace

int RunImport(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 2,
                                  {"db", "encoding", "format", "report", "today"},
                                  {"skip-invalid", "strict-org-code", "quiet"});
  if (!args.ok()) return Fail(args.status(), 2);
  if (args->positional().size() != 2) {
    return Fail("usage: sunlit import entities|inspectors|items|units|regions|industries|"
                "holidays FILE [--db URL] [--encoding auto|utf-8|gbk] [--report FILE] "
                "[--skip-invalid] [--strict-org-code]", 2);
  }
  app::ImportKind kind;
  if (!app::ParseImportKind(args->positional()[0], &kind)) {
    return Fail("unknown import kind \"" + args->positional()[0] + "\"", 2);
  }
  const std::string& path = args->positional()[1];
  app::ImportOptions options;
  if (args->Has("encoding") && !io::ParseEncoding(args->Get("encoding"), &options.read.encoding)) {
    return Fail("--encoding must be auto, utf-8 or gbk", 2);
  }
  if (args->Has("format")) {
    const std::string f = args->Get("format");
    if (f == "csv") {
      options.read.format = io::Format::kCsv;
    } else if (f == "xlsx") {
      options.read.format = io::Format::kXlsx;
    } else {
      return Fail("--format must be csv or xlsx", 2);
    }
  }
  Result<core::Date> today = Today(*args);
  if (!today.ok()) return Fail("--today: " + today.status().message(), 2);
  options.today = *today;
  options.skip_invalid = args->Has("skip-invalid");
  options.strict_org_code = args->Has("strict-org-code");

  // The report (every problem, as CSV); with --skip-invalid it holds the rejects.
  std::string report_path = args->Get("report");
  if (report_path.empty() && options.skip_invalid) report_path = path + ".rejects.csv";
  std::unique_ptr<io::TableWriter> report_writer;
  if (!report_path.empty()) {
    io::WriteOptions report_options;
    report_options.bom = true;  // Excel opens the report with its Chinese text intact
    Result<std::unique_ptr<io::TableWriter>> w = io::CreateTable(report_path, report_options);
    if (!w.ok()) return Fail("--report: " + w.status().message());
    report_writer = std::move(*w);
    report_writer->WriteRow({"row", "column", "column_name", "value", "severity", "reason"})
        .IgnoreError();
  }
  const bool quiet = args->Has("quiet");
  int64_t printed = 0;
  constexpr int64_t kMaxPrinted = 50;
  options.on_problem = [&](const app::Problem& p) {
    if (report_writer) {
      const std::string row = std::to_string(p.row), col = std::to_string(p.column);
      report_writer
          ->WriteRow({row, col, p.column_name, p.value,
                      p.severity == app::Severity::kError ? "error" : "warning", p.reason})
          .IgnoreError();
    }
    if (!quiet && printed++ < kMaxPrinted) std::fprintf(stderr, "%s\n", ProblemLine(p).c_str());
  };
  const bool tty = isatty(STDERR_FILENO) != 0;
  int last_percent = -1;
  options.progress = [&](int64_t done, int64_t total) {
    if (quiet || total < (8 << 20)) return;
    const int percent = static_cast<int>(done * 100 / total);
    if (percent == last_percent || (!tty && percent / 10 == last_percent / 10)) return;
    last_percent = percent;
    std::fprintf(stderr, tty ? "\rimporting %s: %3d%%" : "importing %s: %d%%\n",
                 std::string(app::ImportKindName(kind)).c_str(), percent);
    if (tty && percent == 100) std::fputc('\n', stderr);
  };

  Result<std::unique_ptr<store::Store>> store = store::Open(args->Get("db", store::kDefaultUrl));
  if (!store.ok()) return Fail(store.status());
  const auto start = std::chrono::steady_clock::now();
  Result<app::ImportReport> report = app::Import(**store, kind, path, options);
  if (report_writer) report_writer->Close().IgnoreError();
  if (!report.ok()) return Fail(report.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const app::ImportReport& r = *report;
  const int64_t shown = std::min<int64_t>(printed, kMaxPrinted);
  if (!quiet && r.errors + r.warnings > shown) {
    std::fprintf(stderr, "… %lld more problems%s\n",
                 static_cast<long long>(r.errors + r.warnings - shown),
                 report_path.empty() ? " (write them all with --report FILE)"
                                     : (" (all in " + report_path + ")").c_str());
  }
  const std::string kind_name(app::ImportKindName(kind));
  if (!r.written && r.rejected > 0) {
    std::fprintf(stderr,
                 "sunlit: nothing imported: %lld of %lld rows are invalid (%lld errors, %lld "
                 "warnings)%s\n",
                 static_cast<long long>(r.rejected), static_cast<long long>(r.rows),
                 static_cast<long long>(r.errors), static_cast<long long>(r.warnings),
                 options.skip_invalid ? "" : "; fix them or use --skip-invalid");
    return 1;
  }
  std::printf("imported %s: %lld rows read, %lld created, %lld updated, %lld unchanged, %lld "
              "rejected, %lld warnings (%.1f s)\n",
              kind_name.c_str(), static_cast<long long>(r.rows),
              static_cast<long long>(r.counts.created), static_cast<long long>(r.counts.updated),
              static_cast<long long>(r.counts.unchanged), static_cast<long long>(r.rejected),
              static_cast<long long>(r.warnings), seconds);
  if (r.rejected > 0 && !report_path.empty()) {
    std::printf("rejected rows written to %s\n", report_path.c_str());
  }
  return 0;
}

int RunExport(int argc, char** argv) {
  Result<Args> args =
      Args::Parse(argc, argv, 2, {"db", "format", "out"}, {"chinese-headers", "bom"});
  if (!args.ok()) return Fail(args.status(), 2);
  if (args->positional().size() != 1) {
    return Fail("usage: sunlit export entities|inspectors|items --format csv|xlsx "
                "[--out FILE] [--chinese-headers] [--bom]", 2);
  }
  app::ImportKind kind;
  if (!app::ParseImportKind(args->positional()[0], &kind) ||
      (kind != app::ImportKind::kEntities && kind != app::ImportKind::kInspectors &&
       kind != app::ImportKind::kItems)) {
    return Fail("export needs entities, inspectors or items", 2);
  }
  app::ExportOptions options;
  const std::string format = args->Get("format", "csv");
  if (format == "csv") {
    options.write.format = io::WriteFormat::kCsv;
  } else if (format == "xlsx") {
    options.write.format = io::WriteFormat::kXlsx;
    options.write.sheet_name = args->positional()[0];
  } else {
    return Fail("--format must be csv or xlsx", 2);
  }
  options.write.bom = args->Has("bom");
  options.chinese_headers = args->Has("chinese-headers");
  std::string out = args->Get("out");
  if (out.empty()) {
    if (format == "xlsx") return Fail("--out FILE is required for xlsx", 2);
    out = "-";
  }
  Result<std::unique_ptr<store::Store>> store = store::Open(args->Get("db", store::kDefaultUrl));
  if (!store.ok()) return Fail(store.status());
  Result<int64_t> n = app::Export(**store, kind, out, options);
  if (!n.ok()) return Fail(n.status());
  if (out != "-") {
    std::fprintf(stderr, "exported %lld %s to %s\n", static_cast<long long>(*n),
                 args->positional()[0].c_str(), out.c_str());
  }
  return 0;
}

}  // namespace sunlit::cli
