// The results routes on a real server: the whole path entry → return → re-entry → approval
// → publication with versions and CSRF; every kind of bad input getting its 4xx with a JSON
// error body (malformed JSON, wrong types, missing and unknown fields, unknown enum values,
// overlong strings, oversized uploads, path traversal, another department, someone else's
// check); evidence round trip; credit, restriction, referral and statistics routes.
#include <gtest/gtest.h>

#include "app/access.h"
#include "http/test_server.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;

std::string Code(int n) { return testing::FixtureCode("MA4L", n); }

// Entities 1–5, the SCJG item list, task 1 (SCJG, XFJY partner) with checks 1–3; check 1 and
// 2 are staffed by I-001 (SCJG) and I-002 (SCJG), check 3 by I-003.
Status Fixture(app::Services& s) {
  return testing::SeedTask(s, {.code_body = "MA4L",
                               .entity_name = "湘潭测试餐饮店",
                               .entities = 5,
                               .title = "餐饮店抽查",
                               .checks = {{"assigned", {"I-001", "I-002"}},
                                          {"assigned", {"I-001", "I-002"}},
                                          {"assigned", {"I-003"}}}});
}

Json Record(int64_t version) {
  return Json{{"version", version},
              {"checked_on", "2026-09-28"},
              {"methods", {"on_site"}},
              {"category", "no_problem"},
              {"summary", "现场检查"},
              {"follow_up", "none"},
              {"items", {{{"department", "SCJG"}, {"item", "SCJG-001"}, {"checked", true}}}}};
}

class ResultsRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestServerOptions o;
    o.start_time = "2026-09-28T02:00:00Z";
    o.setup = Fixture;
    auto s = TestServer::Start(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status().ToString() << " " << s.status().detail();
    server_ = std::move(s).value();
    auto a = server_->AddUser("insp.a", "SCJG", {"inspector"}, "I-001");
    auto b = server_->AddUser("insp.b", "SCJG", {"inspector"}, "I-002");
    ASSERT_TRUE(a.ok() && b.ok());
    inspector_a_ = server_->Login(*a);
    inspector_b_ = server_->Login(*b);
  }

  std::unique_ptr<TestServer> server_;
  TestClient inspector_a_{0};
  TestClient inspector_b_{0};
};

TEST_F(ResultsRoutesTest, EnterReturnReEnterApprovePublish) {
  Reply r = inspector_a_.Put("/api/v1/checks/1/result", Record(1));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["state"], "entered");
  EXPECT_EQ(r.json["result"]["closure"]["closed"], true);
  EXPECT_EQ(r.json["deadline"]["due"], "2026-10-30");
  const int64_t v = r.json["version"];
  // B edits from the same stale version: 409 aborted, A's record stands.
  Reply stale = inspector_b_.Put("/api/v1/checks/1/result", Record(1));
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.ErrorCode(), "aborted");

  TestClient reviewer = server_->As(app::role::kReviewer, "SCJG");
  Reply ret = reviewer.Post("/api/v1/checks/1/return", {{"version", v}, {"opinion", "补充"}});
  ASSERT_EQ(ret.status, 200) << ret.body;
  Reply again = inspector_b_.Put("/api/v1/checks/1/result", Record(ret.json["version"]));
  ASSERT_EQ(again.status, 200) << again.body;
  Reply ok = reviewer.Post("/api/v1/checks/1/approve", {{"version", again.json["version"]}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["state"], "reviewed");
  Reply pub = reviewer.Post("/api/v1/checks/1/publish", {{"version", ok.json["version"]}});
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.json["publication"]["on_time"], true);
  // Without the CSRF header a cookie-authenticated change is refused.
  TestClient no_csrf = reviewer;
  no_csrf.set_send_csrf(false);
  EXPECT_EQ(no_csrf.Post("/api/v1/checks/2/approve", {{"version", 1}}).ErrorCode(), "csrf_failed");
  // The public sees it.
  Reply p = server_->Anonymous().Get("/api/v1/public/results?code=" + Code(1));
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json["total"], 1);
  EXPECT_EQ(p.json["items"][0]["task"], "XT-2026-0001");
}

TEST_F(ResultsRoutesTest, BadInputGetsA4xxWithAJsonBody) {
  struct Case {
    const char* what;
    std::string body;
    int status;
    const char* code;
    const char* field;  // "" = not checked
  };
  auto with = [](const std::function<void(Json&)>& change) {
    Json j = Record(1);
    change(j);
    return j.dump();
  };
  const std::vector<Case> cases = {
      {"malformed JSON", "{\"version\": 1,", 400, "invalid_argument", ""},
      {"not an object", "[1,2]", 400, "invalid_argument", ""},
      {"wrong type", with([](Json& j) { j["version"] = "1"; }), 400, "invalid_argument", "version"},
      {"missing field", with([](Json& j) { j.erase("category"); }), 400, "invalid_argument",
       "category"},
      {"unknown field", with([](Json& j) { j["grade"] = "A"; }), 400, "invalid_argument", "grade"},
      {"unknown enum", with([](Json& j) { j["follow_up"] = "later"; }), 400, "invalid_argument",
       "follow_up"},
      {"unknown method", with([](Json& j) { j["methods"] = {"telepathy"}; }), 400,
       "invalid_argument", "methods[0]"},
      {"unknown category", with([](Json& j) { j["category"] = "great"; }), 400, "invalid_argument",
       "category"},
      {"overlong summary", with([](Json& j) { j["summary"] = std::string(4001, 'x'); }), 400,
       "invalid_argument", "summary"},
      {"control character", with([](Json& j) { j["category"] = "no\x01problem"; }), 400,
       "invalid_argument", "category"},
      {"bad date", with([](Json& j) { j["checked_on"] = "2026-02-30"; }), 400, "invalid_argument",
       "checked_on"},
      {"no items", with([](Json& j) { j["items"] = Json::array(); }), 400, "invalid_argument",
       "items"},
      {"item of no list", with([](Json& j) { j["items"][0]["item"] = "../../etc"; }), 400,
       "invalid_argument", ""},
      {"future day", with([](Json& j) { j["checked_on"] = "2026-12-01"; }), 400, "invalid_argument",
       "checked_on"},
  };
  for (const Case& c : cases) {
    Reply r = inspector_a_.Send("PUT", "/api/v1/checks/1/result", c.body, "application/json");
    SCOPED_TRACE(std::string(c.what) + ": " + r.body);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(r.ErrorCode(), c.code);
    EXPECT_FALSE(r.ErrorMessage().empty());
    if (std::string(c.field).size() > 0) {
      EXPECT_EQ(r.ErrorField(), c.field);
    }
  }
  // Not JSON at all.
  Reply form = inspector_a_.Send("PUT", "/api/v1/checks/1/result", "a=b",
                                 "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 415);
  // Ids that are not ids, and paths that try to climb.
  for (const char* path : {"/api/v1/checks/abc/result", "/api/v1/checks/-1/result",
                           "/api/v1/checks/1%20OR%201=1/result"}) {
    Reply r = inspector_a_.Get(path);
    EXPECT_EQ(r.status, 400) << path << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument") << path;
  }
  for (const char* path :
       {"/api/v1/evidence/..%2F..%2Fetc%2Fpasswd", "/api/v1/evidence/../../etc/passwd",
        "/api/v1/evidence/1/../../../etc/passwd"}) {
    Reply r = inspector_a_.Get(path);
    EXPECT_GE(r.status, 400) << path;
    EXPECT_LT(r.status, 500) << path;
    EXPECT_TRUE(r.json.contains("error")) << path << " " << r.body;
  }
  // Someone else's check (same department): 403; another department: 404; nobody: 401.
  TestClient other = server_->As(app::role::kInspector, "WSJK");
  EXPECT_EQ(inspector_a_.Put("/api/v1/checks/3/result", Record(1)).ErrorCode(),
            "permission_denied");
  EXPECT_EQ(other.Put("/api/v1/checks/1/result", Record(1)).ErrorCode(), "not_found");
  EXPECT_EQ(other.Get("/api/v1/checks/1/result").status, 404);
  EXPECT_EQ(server_->Anonymous().Get("/api/v1/checks/1/result").status, 401);
  TestClient reviewer_ws = server_->As(app::role::kReviewer, "WSJK");
  EXPECT_EQ(reviewer_ws.Post("/api/v1/checks/1/approve", {{"version", 1}}).status, 404);
}

TEST_F(ResultsRoutesTest, TextIsStoredVerbatim) {
  Json j = Record(1);
  const std::string evil = "<script>alert('x')</script>'; DROP TABLE checks; -- 你好 &amp;";
  j["summary"] = evil;
  j["items"][0]["action"] = evil;
  j["category"] = "corrected";
  j["items"][0]["problems"] = "<b>未亮照</b>";
  Reply r = inspector_a_.Put("/api/v1/checks/1/result", j);
  ASSERT_EQ(r.status, 200) << r.body;
  Reply back = inspector_a_.Get("/api/v1/checks/1/result");
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(back.json["result"]["summary"], evil);
  EXPECT_EQ(back.json["result"]["items"][0]["action"], evil);
  EXPECT_EQ(back.Header("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(ResultsRoutesTest, EvidenceRoundTripAndLimits) {
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "pixels";
  Reply up = inspector_a_.Send("POST", "/api/v1/checks/1/evidence?name=%E7%8E%B0%E5%9C%BA%22.png",
                               png, "image/png");
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json["size"], static_cast<int64_t>(png.size()));
  EXPECT_EQ(up.json["original_name"], "现场\".png");
  const std::string url = up.json["url"];
  Reply down = inspector_b_.Get(url);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, png);
  EXPECT_EQ(down.Header("Content-Type"), "image/png");
  EXPECT_EQ(down.Header("X-Content-SHA256"), up.json["sha256"]);
  const std::string disposition = down.Header("Content-Disposition");
  // The user's name travels only percent-encoded (RFC 5987; httplib's client decodes it
  // again); the quoted name is ours.
  EXPECT_EQ(disposition.rfind("attachment; filename=\"evidence-1.png\"; filename*=UTF-8''", 0), 0u)
      << disposition;

  Reply wrong = inspector_a_.Send("POST", "/api/v1/checks/1/evidence", png, "image/jpeg");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  Reply html = inspector_a_.Send("POST", "/api/v1/checks/1/evidence", "<html>", "text/html");
  EXPECT_EQ(html.status, 400) << html.body;
  const std::string huge = "%PDF-" + std::string(20 * 1024 * 1024, 'x');
  Reply big = inspector_a_.Send("POST", "/api/v1/checks/1/evidence", huge, "application/pdf");
  EXPECT_EQ(big.status, 413) << big.body.substr(0, 200);
  EXPECT_EQ(big.ErrorCode(), "payload_too_large");
  Reply someone_elses = inspector_a_.Send("POST", "/api/v1/checks/3/evidence", png, "image/png");
  EXPECT_EQ(someone_elses.status, 403);
  EXPECT_EQ(server_->As(app::role::kInspector, "WSJK").Get(url).status, 404);
}

TEST_F(ResultsRoutesTest, CreditRestrictionReferralAndStatistics) {
  TestClient admin = server_->As(app::role::kDepartmentAdmin, "SCJG");
  Reply p =
      admin.Post("/api/v1/credit/entries",
                 {{"list", "abnormal"}, {"entity_code", Code(2)}, {"reason_code", "unreachable"}});
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(p.json["decision_due"], "2026-10-16");
  Reply bad_list =
      admin.Post("/api/v1/credit/entries",
                 {{"list", "grey"}, {"entity_code", Code(2)}, {"reason_code", "unreachable"}});
  EXPECT_EQ(bad_list.ErrorField(), "list");
  Reply d = admin.Post(
      "/api/v1/credit/entries/" + std::to_string(p.json["id"].get<int64_t>()) + "/decision",
      {{"version", p.json["version"]}, {"list", true}, {"decision_ref", "潭市监异字〔2026〕1号"}});
  ASSERT_EQ(d.status, 200) << d.body;
  // Any department may ask; the fire brigade's partner staff included.
  TestClient fire = server_->As(app::role::kPartnerStaff, "XFJY");
  Reply q = fire.Get("/api/v1/restrictions/" + Code(2));
  ASSERT_EQ(q.status, 200) << q.body;
  EXPECT_EQ(q.json["restricted"], true);
  EXPECT_EQ(q.json["restrictions"][0]["since"], "2026-09-28");
  EXPECT_EQ(q.json["restrictions"][0]["department_name"], "湘潭市市场监督管理局");
  EXPECT_EQ(fire.Get("/api/v1/restrictions/" + Code(3)).json["restricted"], false);
  EXPECT_EQ(fire.Get("/api/v1/restrictions/not-a-code").status, 400);
  EXPECT_EQ(server_->Anonymous().Get("/api/v1/restrictions/" + Code(2)).status, 401);

  Reply sent = admin.Post("/api/v1/referrals", {{"check_id", 1},
                                                {"to_department", "XFJY"},
                                                {"subject", "安全出口锁闭"},
                                                {"feedback_days", 5}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(sent.json["feedback_due"], "2026-10-10");
  Reply inbox = fire.Get("/api/v1/referrals?direction=in");
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  EXPECT_EQ(inbox.json["total"], 1);
  Reply answered =
      fire.Post("/api/v1/referrals/" + std::to_string(sent.json["id"].get<int64_t>()) + "/feedback",
                {{"version", sent.json["version"]}, {"feedback", "已整改"}});
  EXPECT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(admin
                .Post("/api/v1/referrals",
                      {{"to_department", "XFJY"}, {"subject", "x"}, {"feedback_days", 61}})
                .ErrorField(),
            "feedback_days");

  ASSERT_EQ(inspector_a_.Put("/api/v1/checks/1/result", Record(1)).status, 200);
  Reply stats = admin.Get("/api/v1/stats?year=2026&group=department");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.json["total"]["to_check"], 3);
  EXPECT_EQ(stats.json["total"]["entered"], 1);
  EXPECT_EQ(stats.json["total"]["completion_rate"], 0.0);
  Reply csv = admin.Get("/api/v1/stats/export?year=2026&group=task&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.Header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF任务编号,任务名称,应检查", 0), 0u) << csv.body;
  Reply xlsx = admin.Get("/api/v1/stats/export?year=2026&format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);
  EXPECT_EQ(admin.Get("/api/v1/stats/export?format=pdf").ErrorField(), "format");
  EXPECT_EQ(admin.Get("/api/v1/stats?group=planet").ErrorField(), "group");
  Reply deadlines = admin.Get("/api/v1/results/deadlines?filter=warning");
  ASSERT_EQ(deadlines.status, 200) << deadlines.body;
  EXPECT_EQ(deadlines.json["total"], 0);
  EXPECT_EQ(inspector_a_.Get("/api/v1/stats").status, 403);
}

}  // namespace
}  // namespace sunlit::http
