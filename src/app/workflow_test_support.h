// Test support for the workflow use cases (tasks, plans, checklists, notices, assignment):
// a temporary SQLite database with the Xiangtan demo's departments, units, inspectors and
// item lists, a generated directory of entities, a real ledger, a clock the test moves and
// counting secrets. Only test files include this header.
#ifndef SUNLIT_APP_WORKFLOW_TEST_SUPPORT_H_
#define SUNLIT_APP_WORKFLOW_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/demo_data.h"
#include "app/gen.h"
#include "app/services.h"
#include "app/tasks.h"
#include "ledger/ledger.h"
#include "store/test_backend.h"

namespace sunlit::app::testing {

inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

#define WF_ASSERT_OK(expr)                                            \
  do {                                                                \
    const auto& wf_r_ = (expr);                                       \
    ASSERT_TRUE(::sunlit::app::testing::StatusOf(wf_r_).ok())         \
        << ::sunlit::app::testing::StatusOf(wf_r_).ToString() << " [" \
        << ::sunlit::app::testing::StatusOf(wf_r_).detail() << "]";   \
  } while (0)
#define WF_EXPECT_OK(expr)                                            \
  do {                                                                \
    const auto& wf_r_ = (expr);                                       \
    EXPECT_TRUE(::sunlit::app::testing::StatusOf(wf_r_).ok())         \
        << ::sunlit::app::testing::StatusOf(wf_r_).ToString() << " [" \
        << ::sunlit::app::testing::StatusOf(wf_r_).detail() << "]";   \
  } while (0)
// Expects `expr` to fail with `code` and a message containing `text`.
#define WF_EXPECT_ERROR(expr, want_code, want_text)                                   \
  do {                                                                                \
    const auto& wf_r_ = (expr);                                                       \
    const Status& wf_s_ = ::sunlit::app::testing::StatusOf(wf_r_);                    \
    EXPECT_EQ(wf_s_.code(), want_code) << wf_s_.ToString();                           \
    EXPECT_NE(wf_s_.message().find(want_text), std::string::npos) << wf_s_.message(); \
  } while (0)

class WorkflowClock final : public Clock {
 public:
  explicit WorkflowClock(std::string now) : now_(std::move(now)) {}
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
  std::string now_;
};

class WorkflowSecrets final : public SecretSource {
 public:
  Status Generate(draw::Secret* out) override {
    out->fill(0x5A);
    (*out)[0] = static_cast<uint8_t>(++n_);
    return Status::Ok();
  }

 private:
  std::atomic<int> n_{0};
};

// A caller of one department with the given permissions at the given scope.
inline Caller StaffOf(std::string department, std::vector<std::string_view> permissions,
                      Scope scope = Scope::kDepartment, std::string inspector_code = "") {
  Caller c;
  c.user_id = 7;
  c.username = "user-" + department + (inspector_code.empty() ? "" : "-" + inspector_code);
  c.department_code = std::move(department);
  c.inspector_code = std::move(inspector_code);
  c.roles = {"test"};
  for (std::string_view p : permissions) c.scopes.emplace(std::string(p), scope);
  return c;
}

// An item of a task by department and code.
inline TaskItem It(std::string department, std::string code) {
  TaskItem i;
  i.department_code = std::move(department);
  i.code = std::move(code);
  return i;
}

// 2026-01-05 10:00 Beijing time: the year's first tasks are drafted.
inline constexpr char kJanuary[] = "2026-01-05T02:00:00Z";

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sunlit-workflow-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ServicesOptions options;
    options.db_url = store::testing::TestDatabaseUrl(dir_);  // SUNLIT_TEST_BACKEND
    options.key_path = dir_ + "/ledger.key";
    options.files_dir = dir_ + "/files";
    options.clock = &clock_;
    options.secrets = &secrets_;
    auto s = Services::Open(options);
    WF_ASSERT_OK(s);
    services_ = std::move(s).value();
    const core::Date today = core::Date::FromYmd(2026, 1, 4);
    {
      auto tx = services_->store->Begin();
      WF_ASSERT_OK(tx);
      WF_ASSERT_OK((*tx)->UpsertDepartments(DemoDepartments()));
      WF_ASSERT_OK((*tx)->UpsertUnits(DemoUnits()));
      auto batch = (*tx)->BeginBatch({"test", "workflow test", "test"});
      WF_ASSERT_OK(batch);
      WF_ASSERT_OK((*tx)->UpsertInspectors(DemoInspectors(11, today), *batch));
      WF_ASSERT_OK((*tx)->UpsertItems(DemoItems(), *batch));
      WF_ASSERT_OK((*tx)->Commit());
    }
    GenOptions gen;
    gen.count = EntityCount();
    gen.seed = 5;
    gen.region_prefix = "4303";
    gen.today = today;
    const std::string csv = dir_ + "/entities.csv";
    WF_ASSERT_OK(GenerateEntities(gen, csv));
    ImportOptions import;
    import.today = today;
    auto report =
        services_->directory->Import(*services_->store, ImportKind::kEntities, csv, import);
    WF_ASSERT_OK(report);
    ASSERT_TRUE(report->written);
  }

  void TearDown() override {
    if (services_ != nullptr) WF_EXPECT_OK(ledger::Ledger::Verify(*services_->store));
    services_.reset();
    std::filesystem::remove_all(dir_);
  }

  virtual int64_t EntityCount() const { return 3000; }

  Services& s() { return *services_; }

  // The bureau's task officer: task.write and task.read in SCJG.
  static Caller Lead() {
    return StaffOf("SCJG", {perm::kTaskRead, perm::kTaskWrite, perm::kPlanRead, perm::kPlanWrite,
                            perm::kItemsWrite, perm::kDirectoryWrite});
  }

  // A random task of SCJG with 消防 (XFJY) as partner over 雨湖区, risk-stratified.
  static TaskDraft RandomDraft() {
    TaskDraft d;
    d.bureau = "XT";
    d.title = "2026年度雨湖区市场主体联合抽查";
    d.kind = TaskKind::kRandom;
    d.lead_department = "SCJG";
    d.partner_departments = {"XFJY"};
    d.items = {It("SCJG", "SCJG-001"), It("SCJG", "SCJG-002"), It("XFJY", "XFJY-001")};
    d.scope.region_prefixes = {"430302"};
    d.stratify = index::Stratify::kRiskClass;
    d.quotas = {{"A", draw::Quota::Kind::kBasisPoints, 300},
                {"B", draw::Quota::Kind::kBasisPoints, 500},
                {"C", draw::Quota::Kind::kBasisPoints, 2000},
                {"D", draw::Quota::Kind::kBasisPoints, 5000}};
    d.reserve = 3;
    d.team = {{"SCJG", 1}, {"XFJY", 1}};
    d.window_start = core::Date::FromYmd(2026, 3, 1);
    d.window_end = core::Date::FromYmd(2026, 4, 30);
    d.materials = {"营业执照副本", "年度报告"};
    d.contact = {"王科长", "0731-5555 0000", "湘潭市岳塘区"};
    return d;
  }

  // One lottery issue, public an hour after the clock's time.
  std::vector<RandomnessSource> Sources() {
    const int64_t now = ParseUtcSeconds(clock_.NowUtc()).value();
    return {{"中国福利彩票 福彩3D", "2026010期", "3个开奖号码，按开奖顺序", FormatUtc(now + 3600)}};
  }
  static draw::Sources Values() { return {{4, 8, 1}}; }

  // Freeze, enter the randomness once the lottery is public (the clock moves two hours on),
  // draw.
  Result<DrawnTask> FreezeAndDraw(const std::string& number, const Caller& caller) {
    SUNLIT_RETURN_IF_ERROR(FreezeTask(s(), caller, number, Sources()).status());
    const int64_t now = ParseUtcSeconds(clock_.NowUtc()).value();
    clock_.Set(FormatUtc(now + 7200));
    SUNLIT_RETURN_IF_ERROR(EnterTaskRandomness(s(), caller, number, Values()).status());
    return DrawTask(s(), caller, number);
  }

  std::vector<ledger::StoredEvent> Events(std::string_view kind) {
    std::vector<ledger::StoredEvent> out;
    auto events = ledger::Ledger::Events(*services_->store, 0, 1000000);
    EXPECT_TRUE(events.ok());
    if (!events.ok()) return out;
    for (const ledger::StoredEvent& e : *events) {
      if (e.event.kind == kind) out.push_back(e);
    }
    return out;
  }

  std::string dir_;
  WorkflowClock clock_{kJanuary};
  WorkflowSecrets secrets_;
  std::unique_ptr<Services> services_;
};

}  // namespace sunlit::app::testing

#endif  // SUNLIT_APP_WORKFLOW_TEST_SUPPORT_H_
