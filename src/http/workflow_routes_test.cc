// The workflow routes on a real server: a task from draft to drawn checks over HTTP, department
// scoping and an inspector's own view, input errors naming the field, plans and checklists.
#include <gtest/gtest.h>


#include "app/access.h"
#include "app/demo_data.h"
#include "app/gen.h"
#include "draw/sha256.h"
#include "http/test_server.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;

std::unique_ptr<TestServer> MustStart() {
  TestServerOptions o;
  o.departments = app::DemoDepartments();
  o.setup = testing::LoadDemoDirectory;
  auto s = TestServer::Start(std::move(o));
  EXPECT_TRUE(s.ok()) << s.status().ToString() << " " << s.status().detail();
  return s.ok() ? std::move(s).value() : nullptr;
}

Json Draft() {
  return Json{
      {"bureau", "XT"},
      {"title", "2026年雨湖区联合抽查"},
      {"kind", "random"},
      {"lead_department", "SCJG"},
      {"partner_departments", {"XFJY"}},
      {"items",
       {{{"department", "SCJG"}, {"code", "SCJG-001"}},
        {{"department", "XFJY"}, {"code", "XFJY-001"}}}},
      {"scope", {{"region_prefixes", {"430302"}}}},
      {"quotas",
       {{{"stratum", "A"}, {"kind", "bp"}, {"value", 300}},
        {{"stratum", "B"}, {"kind", "bp"}, {"value", 500}},
        {{"stratum", "C"}, {"kind", "count"}, {"value", 10}},
        {{"stratum", "D"}, {"kind", "count"}, {"value", 5}}}},
      {"reserve", 2},
      {"team", {{{"department", "SCJG"}, {"count", 1}}, {{"department", "XFJY"}, {"count", 1}}}},
      {"window_start", "2026-04-01"},
      {"window_end", "2026-05-31"},
      {"materials", {"营业执照", "消防安全制度"}},
      {"contact", {{"name", "王科长"}, {"phone", "0731-55550000"}}}};
}

TEST(WorkflowRoutesTest, ATaskFromDraftToDrawnChecks) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient lead = server->As(app::role::kDepartmentAdmin, "SCJG");
  Reply created = lead.Post("/api/v1/tasks", Draft());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string number = created.json["number"];
  EXPECT_EQ(number, "XT-2026-0001");
  EXPECT_EQ(created.json["state"], "draft");
  EXPECT_EQ(created.json["items"][0]["name"], "企业公示信息情况检查");
  const std::string base = "/api/v1/tasks/" + number;

  // Departments: the partner sees it, another department is told nothing.
  TestClient partner = server->As(app::role::kPartnerStaff, "XFJY");
  EXPECT_EQ(partner.Get(base).status, 200);
  TestClient other = server->As(app::role::kPartnerStaff, "WSJK");
  Reply hidden = other.Get(base);
  EXPECT_EQ(hidden.status, 404) << hidden.body;
  EXPECT_EQ(partner.Post(base + "/freeze", {{"sources", Json::array()}}).status, 403);
  Reply listed = other.Get("/api/v1/tasks");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json["total"], 0);

  // Freeze → randomness (after the lottery) → draw.
  Json source = {{"name", "中国福利彩票 福彩3D"},
                 {"issue", "2026060期"},
                 {"how_written", "3个开奖号码，按开奖顺序"},
                 {"available_at", "2026-03-02T10:30:00+08:00"}};
  Reply frozen = lead.Post(base + "/freeze", {{"sources", {source}}});
  ASSERT_EQ(frozen.status, 200) << frozen.body;
  EXPECT_EQ(frozen.json["task"]["state"], "frozen");
  EXPECT_GT(frozen.json["pool"]["pool_size"].get<int64_t>(), 50);
  Reply early = lead.Post(base + "/randomness", {{"values", {{3, 9, 1}}}});
  EXPECT_EQ(early.status, 409) << early.body;
  server->clock().Advance(2 * 3600);
  lead = server->As(app::role::kDepartmentAdmin, "SCJG");  // the idle session ended
  Reply bad_values = lead.Post(base + "/randomness", {{"values", {{-3}}}});
  EXPECT_EQ(bad_values.status, 400);
  EXPECT_EQ(bad_values.ErrorField(), "values");
  Reply k = lead.Post(base + "/randomness", {{"values", {{3, 9, 1}}}});
  ASSERT_EQ(k.status, 200) << k.body;
  EXPECT_EQ(k.json["randomness"], "1.3.9./");
  Reply drawn = lead.Post(base + "/draw", Json::object());
  ASSERT_EQ(drawn.status, 200) << drawn.body;
  EXPECT_EQ(drawn.json["task"]["state"], "drawn");
  const int64_t checks = drawn.json["checks"];
  EXPECT_GT(checks, 0);
  Reply again = lead.Post(base + "/draw", Json::object());
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json["record_hash"], drawn.json["record_hash"]);
  EXPECT_FALSE(again.json["computed_now"].get<bool>());

  Reply list = lead.Get(base + "/checks");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["checks_total"], checks);
  ASSERT_EQ(list.json["items"].size(), static_cast<size_t>(checks));
  const std::string first = list.json["items"][0]["entity_code"];

  // An inspector with no assignment sees neither the task nor its checks.
  TestClient inspector = server->As(app::role::kInspector, "SCJG");
  EXPECT_EQ(inspector.Get(base + "/checks").status, 404);
  Reply mine = inspector.Get("/api/v1/tasks");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json["total"], 0);

  // Alternates: only for a closure reason, named by the field.
  Reply why = lead.Post(base + "/alternates", {{"entity_code", first}, {"reason", "不想查"}});
  EXPECT_EQ(why.status, 400);
  EXPECT_EQ(why.ErrorField(), "reason");
  Reply alt = lead.Post(
      base + "/alternates",
      {{"entity_code", first}, {"reason", "deregistered"}, {"note", "公示系统显示已注销"}});
  ASSERT_EQ(alt.status, 201) << alt.body;
  EXPECT_EQ(alt.json["origin"], "alternate");
  EXPECT_EQ(alt.json["origin_ref"], first);

  // No notice before the team exists.
  Reply notice = lead.Get(base + "/checks/" + first + "/notice");
  EXPECT_EQ(notice.status, 409) << notice.body;

  // Assignment: every pending check staffed, the documents downloadable byte for byte.
  Reply assigned = lead.Post(base + "/assignment", Json::object());
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  ASSERT_TRUE(assigned.json["feasible"].get<bool>()) << assigned.body;
  EXPECT_EQ(assigned.json["task"]["state"], "assigned");
  Reply runs = lead.Get(base + "/assignments");
  ASSERT_EQ(runs.status, 200);
  ASSERT_EQ(runs.json["items"].size(), 1u);
  Reply input = lead.Get(base + "/assignments/1/input");
  ASSERT_EQ(input.status, 200);
  EXPECT_EQ(draw::ToHex(draw::Sha256Of(input.body)), assigned.json["input_hash"]);
  Reply result = lead.Get(base + "/assignments/1/result");
  EXPECT_EQ(draw::ToHex(draw::Sha256Of(result.body)), assigned.json["result_hash"]);
  EXPECT_EQ(lead.Get(base + "/assignments/1/secret").status, 400);
  EXPECT_EQ(lead.Get(base + "/assignments/7/input").status, 404);

  // The notice of a staffed check, as a page.
  Reply after = lead.Get(base + "/checks");
  ASSERT_EQ(after.status, 200);
  Json staffed;
  for (const Json& c : after.json["items"]) {
    if (c["state"] == "assigned") {
      staffed = c;
      break;
    }
  }
  ASSERT_FALSE(staffed.is_null());
  const std::string code = staffed["entity_code"];
  Reply page = lead.Get(base + "/checks/" + code + "/notice");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("检查通知书"), std::string::npos);

  // An inspector on that team sees that check and its notice, and no other check.
  const std::string member = staffed["inspectors"][0]["inspector_code"];
  auto user = server->AddUser("zf.member", staffed["inspectors"][0]["department"],
                              {std::string(app::role::kInspector)}, member);
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  TestClient own = server->Login(*user);
  Reply own_checks = own.Get(base + "/checks");
  ASSERT_EQ(own_checks.status, 200) << own_checks.body;
  for (const Json& c : own_checks.json["items"]) {
    bool on = false;
    for (const Json& m : c["inspectors"]) on = on || m["inspector_code"] == member;
    EXPECT_TRUE(on) << c.dump();
  }
  EXPECT_EQ(own.Get(base + "/checks/" + code + "/notice?format=json").status, 200);
  // They may declare a conflict for themselves, not for a colleague.
  Reply self = own.Post("/api/v1/conflicts",
                        {{"inspector_code", member}, {"entity_code", code}, {"reason", "亲属"}});
  EXPECT_EQ(self.status, 201) << self.body;
  Reply colleague =
      own.Post("/api/v1/conflicts",
               {{"inspector_code", "SCJG-0002"}, {"entity_code", code}, {"reason", "x"}});
  EXPECT_EQ(colleague.status, 403) << colleague.body;

  // Swaps and widenings go through the same checks as the use cases.
  Reply swap = lead.Post(base + "/checks/" + code + "/swap",
                         {{"remove", member}, {"add", "NOBODY"}, {"reason", "病假"}});
  EXPECT_EQ(swap.status, 404) << swap.body;
  Reply widen =
      lead.Post(base + "/widenings",
                {{"scope", "neighbour_county"}, {"regions", {430304}}, {"reason", "执法人员不足"}});
  EXPECT_EQ(widen.status, 201) << widen.body;
  partner = server->As(app::role::kPartnerStaff, "XFJY");  // its session idled out
  Reply widenings = partner.Get(base + "/widenings");
  ASSERT_EQ(widenings.status, 200);
  EXPECT_EQ(widenings.json["items"].size(), 1u);
  // The counties still open to a neighbour_county widening: not 岳塘区 any more.
  ASSERT_TRUE(widenings.json["candidates"].is_array()) << widenings.body;
  EXPECT_FALSE(widenings.json["candidates"].empty()) << widenings.body;
  for (const Json& c : widenings.json["candidates"]) {
    EXPECT_NE(c["code"], 430304) << widenings.body;
    EXPECT_FALSE(c["name"].get<std::string>().empty());
  }
}

TEST(WorkflowRoutesTest, InputErrorsNameTheField) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient lead = server->As(app::role::kDepartmentAdmin, "SCJG");
  Json d = Draft();
  d["colour"] = "red";
  Reply unknown = lead.Post("/api/v1/tasks", d);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.ErrorField(), "colour");
  d = Draft();
  d["quotas"][0]["kind"] = "percent";
  Reply kind = lead.Post("/api/v1/tasks", d);
  EXPECT_EQ(kind.status, 400);
  EXPECT_EQ(kind.ErrorField(), "quotas[0].kind");
  d = Draft();
  d["team"] = {{{"department", "SCJG"}, {"count", 2}}};
  Reply team = lead.Post("/api/v1/tasks", d);
  EXPECT_EQ(team.status, 400);
  EXPECT_NE(team.ErrorMessage().find("XFJY"), std::string::npos) << team.body;
  d = Draft();
  d["window_start"] = "2026-02-30";
  EXPECT_EQ(lead.Post("/api/v1/tasks", d).ErrorField(), "window_start");
  d = Draft();
  d["lead_department"] = "XFJY";
  EXPECT_EQ(lead.Post("/api/v1/tasks", d).status, 403);
  Reply stale = lead.Post("/api/v1/tasks", Draft());
  ASSERT_EQ(stale.status, 201);
  Json update = Draft();
  update["version"] = 99;
  Reply conflict = lead.Put("/api/v1/tasks/" + stale.json["number"].get<std::string>(), update);
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.ErrorCode(), "aborted");
}

TEST(WorkflowRoutesTest, PlansAndChecklists) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient fire = server->As(app::role::kDepartmentAdmin, "XFJY");
  Reply p = fire.Post("/api/v1/plans", {{"kind", "department_annual"},
                                        {"year", 2027},
                                        {"department", "XFJY"},
                                        {"region", 430300},
                                        {"title", "2027年度消防安全抽查计划"},
                                        {"tasks",
                                         {{{"title", "人员密集场所检查"},
                                           {"items", {"XFJY:XFJY-002"}},
                                           {"ratio_bp", 500},
                                           {"timing", "二季度"}}}}});
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(p.json["due_date"], "2026-12-31");
  const std::string id = std::to_string(p.json["id"].get<int64_t>());
  EXPECT_EQ(server->Anonymous().Get("/api/v1/plans/" + id).status, 404);  // a draft
  Reply filed = fire.Post("/api/v1/plans/" + id + "/file", {{"version", p.json["version"]}});
  ASSERT_EQ(filed.status, 200) << filed.body;
  Reply pub = fire.Post("/api/v1/plans/" + id + "/publish", {{"version", filed.json["version"]}});
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(server->Anonymous().Get("/api/v1/plans/" + id).status, 200);
  TestClient bureau = server->As(app::role::kSystemAdmin, "SCJG");
  Reply lines = bureau.Get("/api/v1/plan-deadlines?year=2027&city=430300");
  ASSERT_EQ(lines.status, 200) << lines.body;
  EXPECT_EQ(lines.json["items"].size(), 6u + 5u);
  EXPECT_EQ(bureau.Get("/api/v1/plan-deadlines").status, 400);

  TestClient lead = server->As(app::role::kDepartmentAdmin, "SCJG");
  Json fuel = {{"code", "fuel-station"},
               {"name", "加油站"},
               {"industry_prefixes", {"5265"}},
               {"tags", {"fuel_retail"}}};
  Reply c1 = lead.Post("/api/v1/checklists", fuel);
  ASSERT_EQ(c1.status, 201) << c1.body;
  EXPECT_EQ(c1.json["version"], 1);
  Reply c2 = lead.Post("/api/v1/checklists", fuel);
  ASSERT_EQ(c2.status, 200) << c2.body;
  EXPECT_FALSE(c2.json["new_version"].get<bool>());
  EXPECT_EQ(fire.Post("/api/v1/checklists", fuel).status, 403);
  Reply got = server->Anonymous().Get("/api/v1/checklists/fuel-station");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json["departments"].size(), 4u);
  Reply items = server->Anonymous().Get("/api/v1/items?department=SW");
  ASSERT_EQ(items.status, 200);
  EXPECT_EQ(items.json["items"].size(), 3u);
}

}  // namespace
}  // namespace sunlit::http
