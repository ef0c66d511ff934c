// Test-only: a Services on a temporary SQLite database with a hand-moved clock, the
// departments, entities and items the results tests use, and rows of the workflow tables
// (plans, tasks, checks, check_inspectors) inserted directly, so these tests need nothing
// from the workflow use cases. Never included by production code.
#ifndef SUNLIT_APP_RESULTS_FIXTURE_H_
#define SUNLIT_APP_RESULTS_FIXTURE_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "core/uscc.h"
#include "store/store.h"
#include "store/test_backend.h"

namespace sunlit::app::testing {

#define RESULTS_ASSERT_OK(expr)                                    \
  do {                                                             \
    const auto& r_ = (expr);                                       \
    ASSERT_TRUE(::sunlit::app::testing::StatusOf(r_).ok())         \
        << ::sunlit::app::testing::StatusOf(r_).ToString() << " [" \
        << ::sunlit::app::testing::StatusOf(r_).detail() << "]";   \
  } while (0)
#define RESULTS_EXPECT_CODE(expr, want)                            \
  do {                                                             \
    const auto& r_ = (expr);                                       \
    EXPECT_EQ(::sunlit::app::testing::StatusOf(r_).code(), (want)) \
        << ::sunlit::app::testing::StatusOf(r_).ToString() << " [" \
        << ::sunlit::app::testing::StatusOf(r_).detail() << "]";   \
  } while (0)

inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

// A clock the test moves by hand.
class TestClock final : public Clock {
 public:
  explicit TestClock(std::string now) : now_(std::move(now)) {}
  std::string NowUtc() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  // `day` at 10:00 in Beijing.
  void SetDay(const std::string& day) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = day + "T02:00:00Z";
  }

 private:
  std::mutex mu_;
  std::string now_;
};

// A checksum-valid credit code of a Xiangtan (430302) enterprise, different for each n.
inline std::string TestCode(int n) {
  static const char kDigits[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string body = "MA4L";
  int v = n;
  for (int i = 0; i < 4; ++i) {
    body.push_back(kDigits[v % 10]);
    v /= 10;
  }
  const std::string org = body + core::OrgCodeCheckCharacter(body);
  const std::string first17 = "91430302" + org;
  return first17 + core::UsccCheckCharacter(first17);
}

inline Caller MakeCaller(std::string username, std::string department, std::string inspector,
                         std::vector<std::pair<std::string_view, Scope>> scopes) {
  Caller c;
  c.user_id = 1;
  c.username = std::move(username);
  c.department_code = std::move(department);
  c.inspector_code = std::move(inspector);
  for (const auto& [p, s] : scopes) c.scopes.emplace(std::string(p), s);
  return c;
}

class ResultsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sunlit-results-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ServicesOptions o;
    o.db_url = store::testing::TestDatabaseUrl(dir_, "s.db");  // SUNLIT_TEST_BACKEND
    o.key_path = dir_ + "/ledger.key";
    o.files_dir = dir_ + "/files";
    o.clock = &clock_;
    auto s = Services::Open(o);
    RESULTS_ASSERT_OK(s);
    s_ = std::move(s).value();
    auto tx = s_->store->Begin();
    RESULTS_ASSERT_OK(tx);
    const std::vector<core::Department> departments = {
        {"SCJG", "湘潭市市场监督管理局", true},
        {"XF", "湘潭市消防救援支队", false},
        {"JY", "湘潭市教育局", false},
    };
    RESULTS_ASSERT_OK((*tx)->UpsertDepartments(departments));
    auto batch = (*tx)->BeginBatch({"test", "fixture", "test"});
    RESULTS_ASSERT_OK(batch);
    std::vector<core::Entity> entities;
    for (int i = 1; i <= 20; ++i) {
      core::Entity e;
      e.code = TestCode(i);
      e.name = "湘潭测试商贸有限公司" + std::to_string(i);
      e.region = i % 2 == 0 ? 430302 : 430304;
      e.industry = "5211";
      e.address = "湘潭市雨湖区测试路" + std::to_string(i) + "号";
      entities.push_back(e);
    }
    RESULTS_ASSERT_OK((*tx)->UpsertEntities(entities, *batch));
    std::vector<core::InspectionItem> items;
    core::InspectionItem a;
    a.department_code = "SCJG";
    a.code = "SCJG-001";
    a.name = "营业执照（登记证）规范使用情况的检查";
    a.legal_basis = "《市场主体登记管理条例》";
    a.method = "实地检查";
    items.push_back(a);
    core::InspectionItem b = a;
    b.code = "SCJG-002";
    b.name = "企业信息公示情况的检查";
    items.push_back(b);
    core::InspectionItem c = a;
    c.department_code = "XF";
    c.code = "XF-001";
    c.name = "消防安全检查";
    items.push_back(c);
    RESULTS_ASSERT_OK((*tx)->UpsertItems(items, *batch));
    RESULTS_ASSERT_OK((*tx)->Commit());
  }

  void TearDown() override {
    s_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Inserts a task; returns its id.
  int64_t AddTask(const std::string& number, const std::string& lead, bool confidential,
                  const std::string& window_start, const std::string& window_end,
                  const std::string& state = "assigned", const std::string& departments_json = "[]",
                  const std::string& items_json = "[]") {
    auto tx = s_->store->Begin();
    EXPECT_TRUE(tx.ok());
    const int64_t seq = ++task_seq_;
    auto id = (*tx)->sql().InsertReturningId(
        "INSERT INTO tasks (number, bureau, year, seq, title, kind, lead_department, "
        "departments, items, scope, quotas, exclusions, team, options, window_start, "
        "window_end, confidential, state, created_at, created_by, updated_at) VALUES "
        "(?, 'XT', 2026, ?, ?, 'random', ?, ?, ?, '{}', '[]', '[]', '{}', '{}', ?, ?, ?, "
        "?, '2026-09-01T00:00:00Z', 'test', '2026-09-01T00:00:00Z') RETURNING id",
        {std::string_view(number), seq,
         std::string_view("2026年第" + std::to_string(seq) + "批抽查"), std::string_view(lead),
         std::string_view(departments_json), std::string_view(items_json),
         std::string_view(window_start), std::string_view(window_end), store::Bool(confidential),
         std::string_view(state)});
    EXPECT_TRUE(id.ok()) << id.status().ToString() << id.status().detail();
    EXPECT_TRUE((*tx)->Commit().ok());
    return id.ok() ? *id : 0;
  }

  // Inserts a check of entity TestCode(n) with its team; returns its id.
  int64_t AddCheck(int64_t task_id, int n,
                   const std::vector<std::pair<std::string, std::string>>& team,
                   const std::string& state = "assigned") {
    auto tx = s_->store->Begin();
    EXPECT_TRUE(tx.ok());
    const std::string code = TestCode(n);
    const std::string name = "湘潭测试商贸有限公司" + std::to_string(n);
    auto id = (*tx)->sql().InsertReturningId(
        "INSERT INTO checks (task_id, entity_code, entity_name, region, unit_code, origin, "
        "state, created_at) VALUES (?, ?, ?, ?, 'SCJG-430302-01', 'drawn', ?, "
        "'2026-09-01T00:00:00Z') RETURNING id",
        {task_id, std::string_view(code), std::string_view(name),
         int64_t{n % 2 == 0 ? 430302 : 430304}, std::string_view(state)});
    EXPECT_TRUE(id.ok()) << id.status().ToString() << id.status().detail();
    for (const auto& [inspector, department] : team) {
      auto r = (*tx)->sql().Exec(
          "INSERT INTO check_inspectors (check_id, inspector_code, department_code, "
          "assigned_at) VALUES (?, ?, ?, '2026-09-01T00:00:00Z')",
          {*id, std::string_view(inspector), std::string_view(department)});
      EXPECT_TRUE(r.ok()) << r.status().ToString();
    }
    EXPECT_TRUE((*tx)->Commit().ok());
    return id.ok() ? *id : 0;
  }

  // The ledger kinds appended so far, in order.
  std::vector<std::string> LedgerKinds() {
    std::vector<std::string> out;
    auto events = ledger::Ledger::Events(*s_->store, 0, 1 << 20);
    EXPECT_TRUE(events.ok());
    if (events.ok()) {
      for (const ledger::StoredEvent& e : *events) out.push_back(e.event.kind);
    }
    return out;
  }

  std::string dir_;
  TestClock clock_{"2026-09-28T02:00:00Z"};
  std::unique_ptr<Services> s_;
  int64_t task_seq_ = 0;

  const Caller inspector_a_ =
      MakeCaller("insp_a", "SCJG", "I-001",
                 {{perm::kCheckEnter, Scope::kOwn}, {perm::kTaskRead, Scope::kDepartment}});
  const Caller inspector_b_ =
      MakeCaller("insp_b", "SCJG", "I-002",
                 {{perm::kCheckEnter, Scope::kOwn}, {perm::kTaskRead, Scope::kDepartment}});
  const Caller inspector_x_ =
      MakeCaller("insp_x", "SCJG", "I-009", {{perm::kCheckEnter, Scope::kOwn}});
  const Caller reviewer_ = MakeCaller("rev", "SCJG", "",
                                      {{perm::kCheckReview, Scope::kDepartment},
                                       {perm::kCheckPublish, Scope::kDepartment},
                                       {perm::kStatsRead, Scope::kDepartment},
                                       {perm::kTaskRead, Scope::kDepartment}});
  const Caller other_reviewer_ = MakeCaller("rev_jy", "JY", "",
                                            {{perm::kCheckReview, Scope::kDepartment},
                                             {perm::kCheckPublish, Scope::kDepartment},
                                             {perm::kStatsRead, Scope::kDepartment}});
  const Caller credit_officer_ = MakeCaller("credit", "SCJG", "",
                                            {{perm::kCreditPropose, Scope::kDepartment},
                                             {perm::kCreditDecide, Scope::kDepartment},
                                             {perm::kReferralWrite, Scope::kDepartment}});
  const Caller fire_ = MakeCaller("xf", "XF", "", {{perm::kReferralWrite, Scope::kDepartment}});
  const Caller education_ = MakeCaller("jy", "JY", "", {{perm::kTaskRead, Scope::kDepartment}});
};

}  // namespace sunlit::app::testing

#endif  // SUNLIT_APP_RESULTS_FIXTURE_H_
