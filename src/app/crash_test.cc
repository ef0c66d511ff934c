// Crash safety of the use cases (docs/robustness.md): a child process runs an import, a
// freeze, a draw, a result entry or a publication on a real database and is killed with
// SIGKILL at a named crash point (core/crash_point.h) — after some of the transaction's
// writes, between an event and its checkpoint, just before and just after the commit. The
// parent then reopens the database like a restarted server and checks that nothing
// half-done is visible (the database is exactly as before, or the step is complete with its
// log entries), that the transparency log verifies, and that retrying the step gives the
// same outcome (the same draw record hash as a run that was never interrupted). A last test
// kills a child at random moments of a stream of whole workflows and checks the log against
// the tables after every kill.
//
// The database is a parameter (Backend): every test runs on SQLite (in app_test) and on
// PostgreSQL (in app_test_pg, a fresh database per test on the server of
// SUNLIT_TEST_PG_URL[_FILE]; skipped when none is configured, failed when one was required).
// On PostgreSQL a killed child leaves server sessions that end their transaction when they
// notice the closed socket; the parent waits for them to be gone before it looks
// (store/test_backend.h WaitForNoSessions), as a restarted server would find them.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/assignment_service.h"
#include "app/caller.h"
#include "app/demo_data.h"
#include "app/gen.h"
#include "app/results.h"
#include "app/review.h"
#include "app/services.h"
#include "app/tasks.h"
#include "core/crash_point.h"
#include "draw/protocol.h"
#include "ledger/ledger.h"
#include "store/test_backend.h"

namespace sunlit::app {
namespace {

#define CR_ASSERT_OK(expr)                                          \
  do {                                                              \
    const auto& cr_r_ = (expr);                                     \
    ASSERT_TRUE(StatusOf(cr_r_).ok())                               \
        << StatusOf(cr_r_).ToString() << " [" << StatusOf(cr_r_).detail() << "]"; \
  } while (0)

const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

// A database for one test: `url(dir)` names a fresh, empty database (dir is the test's
// temporary directory, for backends that keep files).
struct Backend {
  std::string name;  // "sqlite" or "postgres" (store::testing::BackendSkipReason)
  std::function<std::string(const std::string& dir)> url;
  bool postgres = false;
};
std::ostream& operator<<(std::ostream& os, const Backend& b) { return os << b.name; }

Backend Sqlite() {
  return {"sqlite", [](const std::string& dir) { return "sqlite:" + dir + "/t.db"; }, false};
}
Backend Postgres() {
  return {"postgres", [](const std::string&) { return store::testing::FreshPostgresDatabaseUrl(); },
          true};
}

class FixedClock final : public Clock {
 public:
  std::string NowUtc() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Set(std::string now) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = std::move(now);
  }

 private:
  std::mutex mu_;
  std::string now_ = "2026-01-05T02:00:00Z";
};

// The same secret every time, in every process: a freeze retried after a crash commits to
// the same secret, so its draw can be compared with an uninterrupted one.
class ConstantSecrets final : public SecretSource {
 public:
  Status Generate(draw::Secret* out) override {
    out->fill(0xA5);
    return Status::Ok();
  }
};

Caller StaffOf(std::string department, std::vector<std::string_view> permissions,
               Scope scope = Scope::kDepartment, std::string inspector_code = "") {
  Caller c;
  c.user_id = 7;
  c.username = "crash-" + department + (inspector_code.empty() ? "" : "-" + inspector_code);
  c.department_code = std::move(department);
  c.inspector_code = std::move(inspector_code);
  c.roles = {"test"};
  for (std::string_view p : permissions) c.scopes.emplace(std::string(p), scope);
  return c;
}

Caller Lead() {
  return StaffOf("SCJG", {perm::kTaskRead, perm::kTaskWrite, perm::kPlanRead, perm::kPlanWrite});
}
Caller Reviewer() { return StaffOf("SCJG", {perm::kCheckReview, perm::kTaskRead}); }
Caller Publisher() { return StaffOf("SCJG", {perm::kCheckPublish, perm::kTaskRead}); }

// A small random task of the bureau over 雨湖区: five checks, two SCJG inspectors each.
TaskDraft Draft(int n) {
  TaskDraft d;
  d.bureau = "XT";
  d.title = "2026年度雨湖区市场主体抽查第" + std::to_string(n) + "批";
  d.kind = TaskKind::kRandom;
  d.lead_department = "SCJG";
  TaskItem item;
  item.department_code = "SCJG";
  item.code = "SCJG-001";
  d.items = {item};
  d.scope.region_prefixes = {"430302"};
  d.stratify = index::Stratify::kRiskClass;
  d.quotas = {{"A", draw::Quota::Kind::kCount, 1},
              {"B", draw::Quota::Kind::kCount, 1},
              {"C", draw::Quota::Kind::kCount, 1},
              {"D", draw::Quota::Kind::kCount, 2}};
  d.reserve = 1;
  d.team = {{"SCJG", 2}};
  d.window_start = core::Date::FromYmd(2026, 3, 1);
  d.window_end = core::Date::FromYmd(2026, 4, 30);
  d.contact = {"王科长", "0731-5555 0000", "湘潭市岳塘区"};
  return d;
}

constexpr char kFreezeTime[] = "2026-01-05T02:00:00Z";
constexpr char kLotteryPublic[] = "2026-01-05T03:00:00Z";
constexpr char kAfterLottery[] = "2026-01-05T04:00:00Z";
constexpr char kInWindow[] = "2026-03-10T02:00:00Z";

std::vector<RandomnessSource> Sources() {
  return {{"中国福利彩票 福彩3D", "2026005期", "3个开奖号码，按开奖顺序", kLotteryPublic}};
}
draw::Sources Values() { return {{4, 8, 1}}; }

// What a reader can see of the whole workflow, as one comparable text: row counts of every
// table a step writes, task and check states with versions, and the log's size.
Result<std::string> Fingerprint(store::Store& store) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
  std::string out;
  for (const char* table :
       {"entities", "batches", "tasks", "checks", "check_inspectors", "assignments",
        "draw_pools", "draw_pool_chunks", "draw_entries", "check_results",
        "check_result_revisions", "check_reviews", "publications", "credit_entries",
        "ledger_events", "ledger_checkpoints"}) {
    SUNLIT_ASSIGN_OR_RETURN(std::optional<int64_t> n,
                            tx->sql().QueryInt(std::string("SELECT COUNT(*) FROM ") + table));
    out += std::string(table) + "=" + std::to_string(n.value_or(-1)) + " ";
  }
  SUNLIT_RETURN_IF_ERROR(tx->sql().Query(
      "SELECT number, state, version FROM tasks ORDER BY number", {},
      [&](const store::SqlRow& r) {
        out += "\ntask " + r.String(0) + " " + r.String(1) + " v" + std::to_string(r.Int(2));
        return true;
      }));
  SUNLIT_RETURN_IF_ERROR(tx->sql().Query(
      "SELECT id, state, version FROM checks ORDER BY id", {}, [&](const store::SqlRow& r) {
        out += "\ncheck " + std::to_string(r.Int(0)) + " " + r.String(1) + " v" +
               std::to_string(r.Int(2));
        return true;
      }));
  SUNLIT_RETURN_IF_ERROR(tx->sql().Query(
      "SELECT draw_id, state FROM draw_pools ORDER BY draw_id", {}, [&](const store::SqlRow& r) {
        out += "\npool " + r.String(0) + " " + r.String(1);
        return true;
      }));
  return out;
}

// The log against the tables: every fact has exactly its events, no more, no fewer.
Status LogMatchesTables(store::Store& store) {
  SUNLIT_RETURN_IF_ERROR(ledger::Ledger::Verify(store).status());
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
  auto count = [&](const std::string& sql) -> Result<int64_t> {
    SUNLIT_ASSIGN_OR_RETURN(std::optional<int64_t> n, tx->sql().QueryInt(sql));
    return n.value_or(0);
  };
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"task_created", "SELECT COUNT(*) FROM tasks"},
      {"pool_frozen", "SELECT COUNT(*) FROM draw_pools"},
      {"task_frozen", "SELECT COUNT(*) FROM tasks WHERE state <> 'draft'"},
      {"randomness_entered", "SELECT COUNT(*) FROM draw_pools WHERE state <> 'frozen'"},
      {"draw_done", "SELECT COUNT(*) FROM draw_pools WHERE state = 'drawn'"},
      {"task_drawn",
       "SELECT COUNT(*) FROM tasks WHERE state NOT IN ('draft', 'frozen')"},
      {"assignment", "SELECT COUNT(*) FROM assignments"},
      {"result_entered", "SELECT COUNT(*) FROM check_result_revisions"},
      {"result_approved", "SELECT COUNT(*) FROM check_reviews WHERE decision = 'approve'"},
      {"result_published", "SELECT COUNT(*) FROM publications"},
  };
  for (const auto& [kind, sql] : pairs) {
    SUNLIT_ASSIGN_OR_RETURN(int64_t rows, count(sql));
    SUNLIT_ASSIGN_OR_RETURN(
        int64_t events,
        count("SELECT COUNT(*) FROM ledger_events WHERE kind = '" + kind + "'"));
    if (rows != events) {
      return DataLoss(kind + ": " + std::to_string(events) + " events for " +
                      std::to_string(rows) + " rows");
    }
  }
  SUNLIT_ASSIGN_OR_RETURN(int64_t drawn_checks,
                          count("SELECT COUNT(*) FROM checks WHERE origin = 'drawn'"));
  SUNLIT_ASSIGN_OR_RETURN(int64_t selected,
                          count("SELECT COUNT(*) FROM draw_entries WHERE role = 'selected'"));
  if (drawn_checks != selected) {
    return DataLoss(std::to_string(drawn_checks) + " drawn checks for " +
                    std::to_string(selected) + " selected entries");
  }
  return Status::Ok();
}

class CrashTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    bool required = false;
    const std::string skip = store::testing::BackendSkipReason(GetParam().name, &required);
    if (!skip.empty()) {
      if (required) FAIL() << skip;
      GTEST_SKIP() << skip;
    }
    char tmpl[] = "/tmp/sunlit-crash-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    url_ = GetParam().url(dir_);
    CR_ASSERT_OK(Open());
    const core::Date today = core::Date::FromYmd(2026, 1, 4);
    {
      auto tx = s().store->Begin();
      CR_ASSERT_OK(tx);
      CR_ASSERT_OK((*tx)->UpsertDepartments(DemoDepartments()));
      CR_ASSERT_OK((*tx)->UpsertUnits(DemoUnits()));
      auto batch = (*tx)->BeginBatch({"test", "crash test", "test"});
      CR_ASSERT_OK(batch);
      CR_ASSERT_OK((*tx)->UpsertInspectors(DemoInspectors(11, today), *batch));
      CR_ASSERT_OK((*tx)->UpsertItems(DemoItems(), *batch));
      CR_ASSERT_OK((*tx)->Commit());
    }
    GenOptions gen;
    gen.count = 1500;
    gen.seed = 5;
    gen.region_prefix = "4303";
    gen.today = today;
    csv_ = dir_ + "/entities.csv";
    CR_ASSERT_OK(GenerateEntities(gen, csv_));
  }

  void TearDown() override {
    services_.reset();
    if (dir_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // After a child was killed: on PostgreSQL, waits until its server sessions are gone.
  void AfterTheKill() {
    if (!GetParam().postgres) return;
    const Status gone = store::testing::WaitForNoSessions(url_);
    EXPECT_TRUE(gone.ok()) << gone.ToString() << " [" << gone.detail() << "]";
  }

  ServicesOptions Options() {
    ServicesOptions o;
    o.db_url = url_;
    o.key_path = dir_ + "/ledger.key";
    o.files_dir = dir_ + "/files";
    o.clock = &clock_;
    o.secrets = &secrets_;
    return o;
  }
  Status Open() {
    services_.reset();
    SUNLIT_ASSIGN_OR_RETURN(services_, Services::Open(Options()));
    return Status::Ok();
  }
  Services& s() { return *services_; }

  Status ImportEntities(Services& s) {
    ImportOptions o;
    o.today = core::Date::FromYmd(2026, 1, 4);
    SUNLIT_ASSIGN_OR_RETURN(ImportReport r,
                            s.directory->Import(*s.store, ImportKind::kEntities, csv_, o));
    if (!r.written) return Internal("the import wrote nothing");
    return Status::Ok();
  }

  // Runs `op` in a child process with crash point `point` armed, the way `sunlit serve`
  // would run it: the child opens the database itself. Returns true when the child died of
  // SIGKILL (the point was reached); false when it finished. The parent's Services are
  // closed during the child's life (no thread and no open database across fork) and
  // reopened afterwards, like a restarted server.
  bool KilledAt(const std::string& point, const std::function<Status(Services&)>& op) {
    services_.reset();
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
      ArmCrashPointForTesting(point);
      Result<std::unique_ptr<Services>> child = Services::Open(Options());
      if (!child.ok()) _exit(3);
      const Status st = op(**child);
      if (!st.ok()) std::fprintf(stderr, "child: %s\n", st.ToString().c_str());
      _exit(st.ok() ? 0 : 4);
    }
    int wstatus = 0;
    EXPECT_EQ(waitpid(pid, &wstatus, 0), pid);
    AfterTheKill();
    const Status reopened = Open();
    EXPECT_TRUE(reopened.ok()) << reopened.ToString() << " " << reopened.detail();
    const bool killed = WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL;
    if (!killed) {
      ADD_FAILURE() << point << ": the child was not killed (exit status "
                    << (WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1) << ")";
    }
    return killed;
  }

  // Kills a child running `op` at each of `before` (crash points ahead of the commit) and
  // expects the database unchanged and the log whole after each; then at `after` (just
  // after the commit) and expects the step complete.
  void KillAround(const std::vector<std::string>& before, const std::string& after,
                  const std::function<Status(Services&)>& op) {
    auto start = Fingerprint(*s().store);
    CR_ASSERT_OK(start);
    for (const std::string& point : before) {
      SCOPED_TRACE(point);
      ASSERT_TRUE(KilledAt(point, op));
      auto now = Fingerprint(*s().store);
      CR_ASSERT_OK(now);
      EXPECT_EQ(*now, *start) << "killed at " << point << ": something half-done is visible";
      CR_ASSERT_OK(LogMatchesTables(*s().store));
    }
    if (after.empty()) return;
    SCOPED_TRACE(after);
    ASSERT_TRUE(KilledAt(after, op));
    auto now = Fingerprint(*s().store);
    CR_ASSERT_OK(now);
    EXPECT_NE(*now, *start) << "killed after the commit, yet nothing was kept";
    CR_ASSERT_OK(LogMatchesTables(*s().store));
  }

  // Everything up to a drawn, staffed task; returns its number.
  Result<std::string> UpToAssigned(Services& s, int n) {
    clock_.Set(kFreezeTime);
    SUNLIT_ASSIGN_OR_RETURN(Task t, CreateTask(s, Lead(), Draft(n)));
    SUNLIT_RETURN_IF_ERROR(FreezeTask(s, Lead(), t.number, Sources()).status());
    clock_.Set(kAfterLottery);
    SUNLIT_RETURN_IF_ERROR(EnterTaskRandomness(s, Lead(), t.number, Values()).status());
    SUNLIT_RETURN_IF_ERROR(DrawTask(s, Lead(), t.number).status());
    SUNLIT_ASSIGN_OR_RETURN(AssignmentOutcome a, AssignTask(s, Lead(), t.number));
    if (!a.feasible) return Internal("assignment infeasible: " + a.explanation);
    return t.number;
  }

  std::string dir_;
  std::string url_;
  std::string csv_;
  FixedClock clock_;
  ConstantSecrets secrets_;
  std::unique_ptr<Services> services_;
};

// The record hash of `number` as stored.
Result<std::string> RecordHash(Services& s, const std::string& number) {
  SUNLIT_ASSIGN_OR_RETURN(DrawnTask d, DrawTask(s, Lead(), number));
  return draw::ToHex(d.outcome.record_hash);
}

EnterResultRequest ResultFor(const Check& check) {
  EnterResultRequest req;
  req.check_id = check.id;
  req.version = check.version;
  req.result.checked_on = core::Date::FromYmd(2026, 3, 9);
  req.result.methods = {core::CheckMethod::kOnSite};
  req.result.category_code = "no_problem";
  req.result.summary = "现场检查，未发现问题";
  req.result.items = {{"SCJG", "SCJG-001", "", true, "", ""}};
  return req;
}

Caller InspectorOf(const Check& check) {
  std::string code = check.inspectors.empty() ? "" : check.inspectors[0].inspector_code;
  return StaffOf("SCJG", {perm::kCheckEnter}, Scope::kOwn, code);
}

TEST_P(CrashTest, KilledImportWritesNothingAndTheRetryWritesEverything) {
  KillAround({"import.after_chunk", "import.before_commit"}, "",
             [this](Services& s) { return ImportEntities(s); });
  auto count = [&]() -> int64_t {
    auto tx = s().store->BeginRead();
    if (!tx.ok()) return -1;
    auto n = (*tx)->CountEntities();
    return n.ok() ? *n : -1;
  };
  EXPECT_EQ(count(), 0);
  ASSERT_TRUE(KilledAt("import.after_commit", [this](Services& s) { return ImportEntities(s); }));
  EXPECT_EQ(count(), 1500);
  // The retry (the operator runs the same import again) changes nothing.
  ImportOptions o;
  o.today = core::Date::FromYmd(2026, 1, 4);
  auto again = s().directory->Import(*s().store, ImportKind::kEntities, csv_, o);
  CR_ASSERT_OK(again);
  EXPECT_EQ(again->counts.created, 0);
  EXPECT_EQ(again->counts.unchanged, 1500);
  CR_ASSERT_OK(LogMatchesTables(*s().store));
}

TEST_P(CrashTest, KilledFreezeAndDrawLeaveNothingHalfDoneAndRedrawTheSameRecord) {
  // The reference: the same task frozen and drawn without interruption, in a database of
  // its own.
  std::string reference_hash;
  {
    CR_ASSERT_OK(ImportEntities(s()));
    auto number = UpToAssigned(s(), 1);
    CR_ASSERT_OK(number);
    auto h = RecordHash(s(), *number);
    CR_ASSERT_OK(h);
    reference_hash = *h;
  }
  services_.reset();
  std::filesystem::remove_all(dir_ + "/files");
  const std::string old_url = url_;
  url_ = GetParam().url(dir_ + "/second");
  std::filesystem::create_directories(dir_ + "/second");
  CR_ASSERT_OK(Open());
  {
    auto tx = s().store->Begin();
    CR_ASSERT_OK(tx);
    CR_ASSERT_OK((*tx)->UpsertDepartments(DemoDepartments()));
    CR_ASSERT_OK((*tx)->UpsertUnits(DemoUnits()));
    auto batch = (*tx)->BeginBatch({"test", "crash test", "test"});
    CR_ASSERT_OK(batch);
    CR_ASSERT_OK((*tx)->UpsertInspectors(DemoInspectors(11, core::Date::FromYmd(2026, 1, 4)),
                                         *batch));
    CR_ASSERT_OK((*tx)->UpsertItems(DemoItems(), *batch));
    CR_ASSERT_OK((*tx)->Commit());
  }
  CR_ASSERT_OK(ImportEntities(s()));
  clock_.Set(kFreezeTime);
  auto t = CreateTask(s(), Lead(), Draft(1));
  CR_ASSERT_OK(t);
  const std::string number = t->number;

  // Freeze: killed with the pool written, between pool_frozen and its checkpoint, between
  // the two events, before the commit — nothing; just after — frozen.
  auto freeze = [&](Services& s) { return FreezeTask(s, Lead(), number, Sources()).status(); };
  KillAround({"freeze.after_pool", "ledger.after_event#1", "ledger.after_event#2",
              "task_freeze.before_commit"},
             "task_freeze.after_commit", freeze);
  auto frozen = GetTask(s(), Lead(), number);
  CR_ASSERT_OK(frozen);
  EXPECT_EQ(frozen->state, TaskState::kFrozen);
  CR_ASSERT_OK(freeze(s()));  // the retry answers with the frozen task, logs nothing more
  CR_ASSERT_OK(LogMatchesTables(*s().store));

  clock_.Set(kAfterLottery);
  CR_ASSERT_OK(EnterTaskRandomness(s(), Lead(), number, Values()));

  // Draw: killed with the record and entries written, with the checks written, between
  // draw_done and its checkpoint, between the two events, before the commit — nothing; just
  // after — drawn.
  auto draw = [&](Services& s) { return DrawTask(s, Lead(), number).status(); };
  KillAround({"draw.after_entries", "task_draw.after_checks", "ledger.after_event#1",
              "ledger.after_event#2", "task_draw.before_commit"},
             "task_draw.after_commit", draw);
  auto hash = RecordHash(s(), number);  // the retry: the stored record
  CR_ASSERT_OK(hash);
  EXPECT_EQ(*hash, reference_hash) << "the draw after crashes differs from the uninterrupted one";
  auto draw_done = ledger::Ledger::Events(*s().store, 0, 1000);
  CR_ASSERT_OK(draw_done);
  int done = 0;
  for (const auto& e : *draw_done) {
    if (e.event.kind == "draw_done") {
      ++done;
      EXPECT_NE(e.event.body.find(reference_hash), std::string::npos);
    }
  }
  EXPECT_EQ(done, 1);
  CR_ASSERT_OK(LogMatchesTables(*s().store));
  (void)old_url;
}

TEST_P(CrashTest, KilledResultEntryReviewAndPublicationLeaveNothingHalfDone) {
  CR_ASSERT_OK(ImportEntities(s()));
  auto number = UpToAssigned(s(), 1);
  CR_ASSERT_OK(number);
  clock_.Set(kInWindow);
  auto checks = ListChecks(s(), Lead(), *number);
  CR_ASSERT_OK(checks);
  ASSERT_FALSE(checks->checks.empty());
  const Check check = checks->checks[0];
  const EnterResultRequest req = ResultFor(check);
  const Caller inspector = InspectorOf(check);

  auto enter = [&](Services& s) { return EnterResult(s, inspector, req).status(); };
  KillAround({"result.after_save", "ledger.after_event", "result.before_commit"},
             "result.after_commit", enter);
  auto entered = GetResult(s(), Reviewer(), check.id);
  CR_ASSERT_OK(entered);
  EXPECT_EQ(entered->revision, 1);
  // The same request again: it was kept, so the version it names is stale — a conflict, not
  // a second revision.
  EXPECT_EQ(EnterResult(s(), inspector, req).status().code(), StatusCode::kAborted);
  CR_ASSERT_OK(LogMatchesTables(*s().store));

  auto approved = Approve(s(), Reviewer(), {check.id, entered->version, "同意"});
  CR_ASSERT_OK(approved);
  const PublishRequest pub{check.id, approved->version};
  auto publish = [&](Services& s) { return Publish(s, Publisher(), pub).status(); };
  KillAround({"publish.after_row", "ledger.after_event", "publish.before_commit"},
             "publish.after_commit", publish);
  auto published = GetResult(s(), Reviewer(), check.id);
  CR_ASSERT_OK(published);
  EXPECT_EQ(published->state, "published");
  EXPECT_EQ(Publish(s(), Publisher(), pub).status().code(), StatusCode::kFailedPrecondition);
  CR_ASSERT_OK(LogMatchesTables(*s().store));
}

// One step of the stream: moves the first unfinished task one step on (or starts a new
// one). Resumable: after a kill it continues from what the database holds.
Status StreamStep(Services& s, FixedClock& clock, int* created) {
  SUNLIT_ASSIGN_OR_RETURN(std::vector<Task> tasks, ListTasks(s, Lead(), {}));
  for (const Task& t : tasks) {
    switch (t.state) {
      case TaskState::kDraft:
        clock.Set(kFreezeTime);
        return FreezeTask(s, Lead(), t.number, Sources()).status();
      case TaskState::kFrozen: {
        clock.Set(kAfterLottery);
        SUNLIT_ASSIGN_OR_RETURN(DrawView v, s.draws->GetDraw(t.number));
        if (v.stage == DrawStage::kFrozen) {
          return EnterTaskRandomness(s, Lead(), t.number, Values()).status();
        }
        return DrawTask(s, Lead(), t.number).status();
      }
      case TaskState::kDrawn:
        clock.Set(kAfterLottery);
        return AssignTask(s, Lead(), t.number).status();
      case TaskState::kAssigned: {
        clock.Set(kInWindow);
        SUNLIT_ASSIGN_OR_RETURN(TaskChecks checks, ListChecks(s, Lead(), t.number));
        for (const Check& c : checks.checks) {
          if (c.state == "assigned") return EnterResult(s, InspectorOf(c), ResultFor(c)).status();
          if (c.state == "entered") {
            return Approve(s, Reviewer(), {c.id, c.version, "同意"}).status();
          }
          if (c.state == "reviewed") return Publish(s, Publisher(), {c.id, c.version}).status();
        }
        continue;  // every check published: this task is done
      }
      default:
        continue;
    }
  }
  clock.Set(kFreezeTime);
  ++*created;
  return CreateTask(s, Lead(), Draft(static_cast<int>(tasks.size()) + 1)).status();
}

TEST_P(CrashTest, RandomKillsDuringAStreamOfWorkflowsLoseNothing) {
  CR_ASSERT_OK(ImportEntities(s()));
  // Fixed seed: the same delays on every run (where the kill lands still varies with the
  // machine's speed, which is the point).
  std::mt19937 rng(20261123);
  constexpr int kRounds = 12;
  int completed_rounds = 0;
  int64_t last_events = 0;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    services_.reset();
    std::fflush(nullptr);
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    const pid_t pid = fork();
    if (pid == 0) {
      close(ready[0]);
      Result<std::unique_ptr<Services>> child = Services::Open(Options());
      if (!child.ok()) _exit(3);
      // Open (the directory loaded): the kill below lands in the stream, not in start-up.
      const char byte = 'r';
      if (write(ready[1], &byte, 1) != 1) _exit(5);
      int created = 0;
      while (created < 50) {
        const Status st = StreamStep(**child, clock_, &created);
        if (!st.ok()) {
          std::fprintf(stderr, "stream step: %s [%s]\n", st.ToString().c_str(),
                       st.detail().c_str());
          _exit(4);
        }
      }
      _exit(0);
    }
    close(ready[1]);
    char byte = 0;
    ASSERT_EQ(read(ready[0], &byte, 1), 1) << "the child did not start";
    close(ready[0]);
    const int delay_ms = 10 + static_cast<int>(rng() % 291);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(wstatus)) << "the stream stopped by itself with status "
                                      << (WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
    AfterTheKill();
    CR_ASSERT_OK(Open());
    CR_ASSERT_OK(LogMatchesTables(*s().store));
    auto size = ledger::Ledger::Events(*s().store, 0, 1 << 20);
    CR_ASSERT_OK(size);
    EXPECT_GE(static_cast<int64_t>(size->size()), last_events) << "events were lost";
    last_events = static_cast<int64_t>(size->size());
    std::printf("round %d: killed %d ms into the stream, %lld events\n", round, delay_ms,
                static_cast<long long>(last_events));
    ++completed_rounds;
  }
  EXPECT_EQ(completed_rounds, kRounds);
  // The stream moved on between kills (each round starts from what the last one kept).
  EXPECT_GT(last_events, 12);
  // And it can finish what the last kill interrupted.
  int created = 0;
  for (int i = 0; i < 40; ++i) CR_ASSERT_OK(StreamStep(s(), clock_, &created));
  CR_ASSERT_OK(LogMatchesTables(*s().store));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, CrashTest, ::testing::Values(Sqlite()),
                         [](const auto& p) { return p.param.name; });
INSTANTIATE_TEST_SUITE_P(Postgres, CrashTest, ::testing::Values(Postgres()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace sunlit::app
