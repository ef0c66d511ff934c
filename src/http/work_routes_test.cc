// The work-list routes on a real server: an inspector's own checks (only theirs, in the
// order of what needs them, grouped open/done), a user not linked to an inspector, the review
// and publication queues following a result through approval, scoping to the department,
// and bad queries answered with a JSON 4xx naming the field.
#include <gtest/gtest.h>

#include "app/access.h"
#include "http/test_server.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;

std::string Code(int n) { return testing::FixtureCode("MA4W", n); }

// Task XT-2026-0001 (SCJG, XFJY partner) with checks 1–3: 1 and 2 staffed by I-001 and I-002,
// 3 by I-003 alone; a cancelled check 4 staffed by I-001.
Status Fixture(app::Services& s) {
  return testing::SeedTask(s, {.code_body = "MA4W",
                               .entity_name = "湘潭测试超市",
                               .entities = 4,
                               .numbered_address = true,
                               .title = "超市抽查",
                               .checks = {{"assigned", {"I-001", "I-002"}},
                                          {"assigned", {"I-001", "I-002"}},
                                          {"assigned", {"I-003"}},
                                          {"cancelled", {"I-001"}}}});
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
  Reply entered =
      inspector_a_.Put("/api/v1/checks/1/result", Record(mine.json["items"][0]["version"]));
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
  EXPECT_EQ(CheckIds(inspector_a_.Get("/api/v1/me/checks?group=done")), (std::vector<int64_t>{1}));
  EXPECT_EQ(CheckIds(inspector_a_.Get("/api/v1/me/checks?group=open")), (std::vector<int64_t>{2}));
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

  ASSERT_EQ(
      reviewer.Post("/api/v1/checks/1/approve", {{"version", entered.json["version"]}}).status,
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
