// End-to-end workflow benchmark on a real SQLite store, through the use cases (app/tasks.h,
// app/assignment_service.h): a task drawing 30 000 entities from a generated directory and
// staffing each with a team of two from 3 000 inspectors. Setup (generating and importing
// the directories, drafting the task) is not timed; then freeze → randomness → draw (with the
// checks) → assignment (with the teams) are, each a real transaction with its log entries.
// Prints "<name> <value>" lines (docs/benchmarks.md).
//
//   sunlit_workflow_e2e [--entities N] [--draw N] [--inspectors N] [--dir DIR] [--db URL]
//   defaults: 300 000 entities in 湘潭市 (4303), draw 30 000, 3 000 inspectors, a temp dir,
//   a SQLite file in it; --db postgresql://… runs the same on an empty PostgreSQL database
//   (the generated files and the ledger key stay in the directory)
#include <stdlib.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/assignment_service.h"
#include "app/demo_data.h"
#include "app/gen.h"
#include "app/import.h"
#include "app/services.h"
#include "app/tasks.h"

namespace {

using Steady = std::chrono::steady_clock;
using sunlit::Result;
using sunlit::Status;
namespace app = sunlit::app;

double Ms(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

int Fail(const Status& s) {
  std::fprintf(stderr, "workflow_e2e: %s (%s)\n", s.message().c_str(), s.detail().c_str());
  return 1;
}

class BenchClock final : public app::Clock {
 public:
  std::string NowUtc() override { return app::FormatUtc(now_); }
  void Set(int64_t s) { now_ = s; }
  int64_t now() const { return now_; }

 private:
  int64_t now_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  int64_t entities = 300000, to_draw = 30000, inspectors = 3000;
  std::string dir, db_url;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--entities")
      entities = std::atoll(argv[i + 1]);
    else if (flag == "--draw")
      to_draw = std::atoll(argv[i + 1]);
    else if (flag == "--inspectors")
      inspectors = std::atoll(argv[i + 1]);
    else if (flag == "--dir")
      dir = argv[i + 1];
    else if (flag == "--db")
      db_url = argv[i + 1];
    else {
      std::fprintf(stderr,
                   "usage: sunlit_workflow_e2e [--entities N] [--draw N] "
                   "[--inspectors N] [--dir DIR] [--db URL]\n");
      return 2;
    }
  }
  bool remove = false;
  if (dir.empty()) {
    char tmpl[] = "/tmp/sunlit-workflow-e2e-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return 1;
    dir = tmpl;
    remove = true;
  }
  const sunlit::core::Date today = sunlit::core::Date::FromYmd(2026, 3, 1);
  BenchClock clock;
  clock.Set(app::ParseUtcSeconds("2026-03-02T01:00:00Z").value());
  app::ServicesOptions options;
  options.db_url = db_url.empty() ? "sqlite:" + dir + "/bench.db" : db_url;
  options.key_path = dir + "/ledger.key";
  options.files_dir = dir + "/files";
  options.clock = &clock;
  auto services = app::Services::Open(options);
  if (!services.ok()) return Fail(services.status());
  app::Services& s = **services;

  // ---- setup (not timed) ----
  const auto t_setup = Steady::now();
  {
    auto tx = s.store->Begin();
    if (!tx.ok()) return Fail(tx.status());
    if (Status st = (*tx)->UpsertDepartments(app::DemoDepartments()).status(); !st.ok())
      return Fail(st);
    if (Status st = (*tx)->UpsertUnits(app::DemoUnits()).status(); !st.ok()) return Fail(st);
    auto batch = (*tx)->BeginBatch({"bench", "workflow_e2e", "bench"});
    if (!batch.ok()) return Fail(batch.status());
    if (Status st = (*tx)->UpsertItems(app::DemoItems(), *batch).status(); !st.ok())
      return Fail(st);
    if (Status st = (*tx)->Commit(); !st.ok()) return Fail(st);
  }
  app::GenOptions gen;
  gen.seed = 2026;
  gen.region_prefix = "4303";
  gen.today = today;
  gen.count = entities;
  if (Status st = app::GenerateEntities(gen, dir + "/entities.csv"); !st.ok()) return Fail(st);
  gen.count = inspectors;
  if (Status st = app::GenerateInspectors(gen, dir + "/inspectors.csv"); !st.ok()) return Fail(st);
  app::ImportOptions import;
  import.today = today;
  auto e = s.directory->Import(*s.store, app::ImportKind::kEntities, dir + "/entities.csv", import);
  if (!e.ok()) return Fail(e.status());
  auto i = app::Import(*s.store, app::ImportKind::kInspectors, dir + "/inspectors.csv", import);
  if (!i.ok()) return Fail(i.status());
  if (!e->written || !i->written) {
    std::fprintf(stderr, "workflow_e2e: the generated files were not imported\n");
    return 1;
  }

  const app::Caller lead = app::Caller::System("bench");
  app::TaskDraft d;
  d.bureau = "XT";
  d.title = "湘潭市市场主体部门联合双随机抽查（基准）";
  d.kind = app::TaskKind::kRandom;
  d.lead_department = "SCJG";
  d.partner_departments = {"XFJY"};
  app::TaskItem a, b;
  a.department_code = "SCJG";
  a.code = "SCJG-001";
  b.department_code = "XFJY";
  b.code = "XFJY-001";
  d.items = {a, b};
  d.scope.region_prefixes = {"4303"};
  d.stratify = sunlit::index::Stratify::kNone;
  d.quotas = {{"", sunlit::draw::Quota::Kind::kCount, to_draw}};
  d.reserve = 50;
  d.cooldown_days = 365;
  d.annual_cap = true;
  d.team = {{"SCJG", 1}, {"XFJY", 1}};
  d.window_start = sunlit::core::Date::FromYmd(2026, 4, 1);
  d.window_end = sunlit::core::Date::FromYmd(2026, 6, 30);
  auto task = app::CreateTask(s, lead, d);
  if (!task.ok()) return Fail(task.status());
  std::printf("setup_ms %.0f\n", Ms(t_setup, Steady::now()));
  std::printf("entities %" PRId64 "\ninspectors %" PRId64 "\n", entities, inspectors);

  // ---- timed ----
  const std::vector<app::RandomnessSource> sources = {{"中国福利彩票 福彩3D", "2026057期",
                                                       "3个开奖号码，按开奖顺序",
                                                       app::FormatUtc(clock.now() + 3600)}};
  const auto t0 = Steady::now();
  auto frozen = app::FreezeTask(s, lead, task->number, sources);
  if (!frozen.ok()) return Fail(frozen.status());
  const auto t1 = Steady::now();
  clock.Set(clock.now() + 7200);  // the lottery has drawn
  auto k = app::EnterTaskRandomness(s, lead, task->number, {{5, 0, 8}});
  if (!k.ok()) return Fail(k.status());
  const auto t2 = Steady::now();
  auto drawn = app::DrawTask(s, lead, task->number);
  if (!drawn.ok()) return Fail(drawn.status());
  const auto t3 = Steady::now();
  auto assigned = app::AssignTask(s, lead, task->number);
  if (!assigned.ok()) return Fail(assigned.status());
  const auto t4 = Steady::now();

  std::printf("pool_size %" PRIu64 "\n", frozen->pool.pool_size);
  std::printf("checks %" PRId64 "\n", drawn->checks);
  std::printf("feasible %d\nstaffed %" PRId64 "\naugmented %" PRId64 "\n",
              assigned->feasible ? 1 : 0, assigned->staffed, assigned->augmented);
  if (!assigned->feasible) std::printf("explanation %s\n", assigned->explanation.c_str());
  std::printf("freeze_ms %.0f\n", Ms(t0, t1));
  std::printf("randomness_ms %.0f\n", Ms(t1, t2));
  std::printf("draw_ms %.0f\n", Ms(t2, t3));
  std::printf("assign_ms %.0f\n", Ms(t3, t4));
  std::printf("freeze_to_assignment_ms %.0f\n", Ms(t0, t4));

  const auto t5 = Steady::now();
  auto verified = app::VerifyStoredAssignments(*s.store, task->number);
  if (!verified.ok()) return Fail(verified.status());
  std::printf("verify_stored_assignment_ms %.0f\n", Ms(t5, Steady::now()));
  services->reset();
  if (remove) std::filesystem::remove_all(dir);
  return 0;
}
