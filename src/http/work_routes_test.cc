// The work-list routes on a real server: an inspector's own checks (only theirs, in the
// order of what needs them, grouped open/done), a user not linked to an inspector, the review
// and publication queues following a result through approval, scoping to the department,
// and bad queries answered with a JSON 4xx naming the field.
#include <gtest/gtest.h>

#include "app/access.h"
#include "core/uscc.h"
#include "http/test_server.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;

std::string Code(int n) {
  static const char kDigits[] = "0123456789";
  std::string body = "MA4W";
  int v = n;
  for (int i = 0; i < 4; ++i) {
    body.push_back(kDigits[v % 10]);
    v /= 10;
  }
  const std::string org = body + core::OrgCodeCheckCharacter(body);
  const std::string first17 = "91430302" + org;
  return first17 + core::UsccCheckCharacter(first17);
}

// Task XT-2026-0001 (SCJG, XFJY partner) with checks 1–3: 1 and 2 staffed by I-001 and I-002,
// 3 by I-003 alone; a cancelled check 4 staffed by I-001.
Status Fixture(app::Services& s) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"test", "fixture", "test"}));
  std::vector<core::Entity> entities;
  for (int i = 1; i <= 4; ++i) {
    core::Entity e;
    e.code = Code(i);
    e.name = "湘潭测试超市" + std::to_string(i);
    e.region = 430302;
    e.industry = "5211";
    e.address = "雨湖区" + std::to_string(i) + "号";
    entities.push_back(e);
  }
  SUNLIT_RETURN_IF_ERROR(tx->UpsertEntities(entities, batch).status());
  std::vector<core::Inspector> inspectors;
  for (const char* code : {"I-001", "I-002", "I-003"}) {
    core::Inspector i;
    i.code = code;
    i.name = std::string("执法人员") + code;
    i.department_code = "SCJG";
    i.region = 430302;
    i.certificate_no = std::string("ZF") + code;
    inspectors.push_back(i);
  }
  SUNLIT_RETURN_IF_ERROR(tx->UpsertInspectors(inspectors, batch).status());
  core::InspectionItem item;
  item.department_code = "SCJG";
  item.code = "SCJG-001";
  item.name = "营业执照公示情况";
  item.legal_basis = "《市场主体登记管理条例》";
  item.method = "实地检查";
  SUNLIT_RETURN_IF_ERROR(tx->UpsertItems(std::vector<core::InspectionItem>{item}, batch).status());
  store::Sql& sql = tx->sql();
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t task,
      sql.InsertReturningId(
          "INSERT INTO tasks (number, bureau, year, seq, title, kind, lead_department, "
          "departments, items, scope, quotas, exclusions, team, options, window_start, "
          "window_end, confidential, state, created_at, created_by, updated_at) VALUES "
          "('XT-2026-0001', 'XT', 2026, 1, '超市抽查', 'random', 'SCJG', '[\"SCJG\",\"XFJY\"]', "
          "'[]', '{}', '[]', '[]', '{}', '{}', '2026-09-01', '2026-11-30', 0, 'assigned', "
          "'2026-09-01T00:00:00Z', 'test', '2026-09-01T00:00:00Z') RETURNING id",
          {}));
  const char* states[] = {"assigned", "assigned", "assigned", "cancelled"};
  const std::vector<std::vector<const char*>> teams = {
      {"I-001", "I-002"}, {"I-001", "I-002"}, {"I-003"}, {"I-001"}};
  for (int i = 1; i <= 4; ++i) {
    const std::string code = Code(i);
    const std::string name = "湘潭测试超市" + std::to_string(i);
    SUNLIT_ASSIGN_OR_RETURN(
        int64_t check,
        sql.InsertReturningId(
            "INSERT INTO checks (task_id, entity_code, entity_name, region, unit_code, origin, "
            "state, created_at) VALUES (?, ?, ?, 430302, 'U1', 'drawn', ?, "
            "'2026-09-01T00:00:00Z') RETURNING id",
            {task, std::string_view(code), std::string_view(name),
             std::string_view(states[i - 1])}));
    for (const char* inspector : teams[static_cast<size_t>(i - 1)]) {
      SUNLIT_RETURN_IF_ERROR(
          sql.Exec("INSERT INTO check_inspectors (check_id, inspector_code, department_code, "
                   "assigned_at) VALUES (?, ?, 'SCJG', '2026-09-01T00:00:00Z')",
                   {check, std::string_view(inspector)})
              .status());
    }
  }
  return tx->Commit();
}

Json Record(int64_t version) {
  return Json{{"version", version},
              {"checked_on", "2026-09-28"},
              {"methods", {"on_site"}},
              {"category", "no_problem"},
              {"follow_up", "none"},
              {"items", {{{"department", "SCJG"}, {"item", "SCJG-001"}, {"checked", true}}}}};
}

std::vector<int64_t> CheckIds(const Reply& r) {
  std::vector<int64_t> ids;
  for (const Json& i : r.json["items"]) ids.push_back(i["check_id"].get<int64_t>());
  return ids;
}

class WorkRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestServerOptions o;
    o.start_time = "2026-09-28T02:00:00Z";
    o.setup = Fixture;
    auto s = TestServer::Start(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status().ToString() << " " << s.status().detail();
    server_ = std::move(s).value();
    auto a = server_->AddUser("insp.a", "SCJG", {"inspector"}, "I-001");
    auto c = server_->AddUser("insp.c", "SCJG", {"inspector"}, "I-003");
    ASSERT_TRUE(a.ok() && c.ok());
    inspector_a_ = server_->Login(*a);
    inspector_c_ = server_->Login(*c);
  }

  std::unique_ptr<TestServer> server_;
  TestClient inspector_a_{0};
  TestClient inspector_c_{0};
};

TEST_F(WorkRoutesTest, AnInspectorSeesOnlyTheirOwnChecksInTheOrderOfWhatNeedsThem) {
  Reply mine = inspector_a_.Get("/api/v1/me/checks");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["linked"], true);
  EXPECT_EQ(mine.json["total"], 2);
  EXPECT_EQ(CheckIds(mine), (std::vector<int64_t>{1, 2}));  // not 3 (not on the team), not 4
  const Json& first = mine.json["items"][0];
  EXPECT_EQ(first["state"], "assigned");
  EXPECT_EQ(first["task"]["number"], "XT-2026-0001");
  EXPECT_EQ(first["window"]["start"], "2026-09-01");
  EXPECT_EQ(first["window"]["end"], "2026-11-30");
  EXPECT_EQ(first["entity"]["code"], Code(1));
  EXPECT_EQ(first["entity"]["name"], "湘潭测试超市1");
  EXPECT_EQ(first["publish_due"], "");
  EXPECT_EQ(CheckIds(inspector_c_.Get("/api/v1/me/checks")), (std::vector<int64_t>{3}));
  EXPECT_EQ(inspector_a_.Get("/api/v1/me/checks?group=all").json["total"], 2);  // cancelled: no
  EXPECT_EQ(inspector_a_.Get("/api/v1/me/checks?group=done").json["total"], 0);

  // Entering check 1 moves it behind the still-assigned check 2, with its due day.
  Reply entered = inspector_a_.Put("/api/v1/checks/1/result", Record(mine.json["items"][0]["version"]));
  ASSERT_EQ(entered.status, 200) << entered.body;
  mine = inspector_a_.Get("/api/v1/me/checks");
  EXPECT_EQ(CheckIds(mine), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(mine.json["items"][1]["publish_due"], "2026-10-30");
  // Paging.
  Reply paged = inspector_a_.Get("/api/v1/me/checks?limit=1&offset=1");
  EXPECT_EQ(paged.json["total"], 2);
  EXPECT_EQ(CheckIds(paged), (std::vector<int64_t>{1}));

  // Returned comes first; approved moves to done.
  TestClient reviewer = server_->As(app::role::kReviewer, "SCJG");
  Reply ret = reviewer.Post("/api/v1/checks/1/return",
                            {{"version", entered.json["version"]}, {"opinion", "补充照片"}});
  ASSERT_EQ(ret.status, 200) << ret.body;
  mine = inspector_a_.Get("/api/v1/me/checks");
  EXPECT_EQ(CheckIds(mine), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(mine.json["items"][0]["state"], "returned");
  Reply again = inspector_a_.Put("/api/v1/checks/1/result", Record(ret.json["version"]));
  ASSERT_EQ(again.status, 200) << again.body;
  ASSERT_EQ(reviewer.Post("/api/v1/checks/1/approve", {{"version", again.json["version"]}}).status,
            200);
  EXPECT_EQ(CheckIds(inspector_a_.Get("/api/v1/me/checks?group=done")),
            (std::vector<int64_t>{1}));
  EXPECT_EQ(CheckIds(inspector_a_.Get("/api/v1/me/checks?group=open")),
            (std::vector<int64_t>{2}));
}

TEST_F(WorkRoutesTest, WhoMayListOwnChecks) {
  // Partner staff may enter results but are not linked to an inspector: an empty list.
  Reply partner = server_->As(app::role::kPartnerStaff, "XFJY").Get("/api/v1/me/checks");
  ASSERT_EQ(partner.status, 200) << partner.body;
  EXPECT_EQ(partner.json["linked"], false);
  EXPECT_EQ(partner.json["total"], 0);
  EXPECT_EQ(server_->As(app::role::kReviewer, "SCJG").Get("/api/v1/me/checks").status, 403);
  EXPECT_EQ(server_->Anonymous().Get("/api/v1/me/checks").status, 401);
  Reply bad = inspector_a_.Get("/api/v1/me/checks?group=later");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorCode(), "invalid_argument");
  EXPECT_EQ(bad.json["error"]["field"], "group");
  EXPECT_EQ(inspector_a_.Get("/api/v1/me/checks?limit=0").status, 400);
}

TEST_F(WorkRoutesTest, TheReviewAndPublicationQueuesFollowAResult) {
  TestClient reviewer = server_->As(app::role::kReviewer, "SCJG");
  EXPECT_EQ(reviewer.Get("/api/v1/results/queue?stage=review").json["total"], 0);
  Reply entered = inspector_a_.Put("/api/v1/checks/1/result", Record(1));
  ASSERT_EQ(entered.status, 200) << entered.body;

  Reply review = reviewer.Get("/api/v1/results/queue?stage=review");
  ASSERT_EQ(review.status, 200) << review.body;
  EXPECT_EQ(CheckIds(review), (std::vector<int64_t>{1}));
  EXPECT_EQ(review.json["items"][0]["deadline"]["due"], "2026-10-30");
  EXPECT_EQ(review.json["items"][0]["deadline"]["state"], "on_track");
  EXPECT_EQ(review.json["items"][0]["entity_name"], "湘潭测试超市1");
  EXPECT_EQ(reviewer.Get("/api/v1/results/queue?stage=publish").json["total"], 0);
  // Another department's reviewer does not see SCJG's result.
  EXPECT_EQ(server_->As(app::role::kReviewer, "WSJK")
                .Get("/api/v1/results/queue?stage=review")
                .json["total"],
            0);

  ASSERT_EQ(reviewer.Post("/api/v1/checks/1/approve", {{"version", entered.json["version"]}}).status,
            200);
  EXPECT_EQ(reviewer.Get("/api/v1/results/queue?stage=review").json["total"], 0);
  EXPECT_EQ(CheckIds(reviewer.Get("/api/v1/results/queue?stage=publish")),
            (std::vector<int64_t>{1}));

  // An inspector has neither permission; partner staff may publish but not review.
  EXPECT_EQ(inspector_a_.Get("/api/v1/results/queue?stage=review").ErrorCode(),
            "permission_denied");
  TestClient partner = server_->As(app::role::kPartnerStaff, "XFJY");
  EXPECT_EQ(partner.Get("/api/v1/results/queue?stage=review").status, 403);
  EXPECT_EQ(partner.Get("/api/v1/results/queue?stage=publish").status, 200);
  Reply bad = reviewer.Get("/api/v1/results/queue?stage=later");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json["error"]["field"], "stage");
  EXPECT_EQ(reviewer.Get("/api/v1/results/queue").json["error"]["field"], "stage");
  EXPECT_EQ(server_->Anonymous().Get("/api/v1/results/queue?stage=review").status, 401);
}

}  // namespace
}  // namespace sunlit::http
