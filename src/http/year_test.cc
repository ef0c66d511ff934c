// The whole year over the real HTTP API: a real server on 127.0.0.1:0 with a temporary SQLite
// database, users of every role logged in through the API, and the clock moved by hand through
// 2026: plan → industry checklist → joint task → freeze (the lottery announced in the future)
// → randomness → draw (the list hidden while confidential) → assignment (a staffing that
// greedy matching alone would miss, and an infeasible task with its explanation) → notice →
// results → review → publication on time and overdue → 经营异常名录 proposal → restriction
// query → public search → the transparency log and the stored assignments verified.
// Setup data (departments, units, items, ~20 inspectors, 300 entities) goes in through the
// store and the directory; every step after that goes through HTTP routes only.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <vector>

#include "app/access.h"
#include "app/assignment_service.h"
#include "app/demo_data.h"
#include "app/gen.h"
#include "core/uscc.h"
#include "draw/assignment.h"
#include "draw/sha256.h"
#include "http/test_server.h"
#include "ledger/ledger.h"
#include "ledger/ledger_json.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;
using testing::TestUser;

// A checksum-valid credit code, different for each n.
std::string Code(int n) {
  static const char kDigits[] = "0123456789";
  std::string body = "MA4Y";
  int v = n;
  for (int i = 0; i < 4; ++i) {
    body.push_back(kDigits[v % 10]);
    v /= 10;
  }
  const std::string org = body + core::OrgCodeCheckCharacter(body);
  const std::string first17 = "91430300" + org;
  return first17 + core::UsccCheckCharacter(first17);
}

constexpr int kEntities = 300;
constexpr int kFuelStations = 40;  // entities 1–40: 加油站 in 雨湖区 (430302)

// Every qualification the department's items require.
std::vector<std::string> QualificationsOf(const std::string& department) {
  std::set<std::string> q;
  for (const core::InspectionItem& i : app::DemoItems()) {
    if (i.department_code == department && !i.qualification.empty()) q.insert(i.qualification);
  }
  return {q.begin(), q.end()};
}

core::Inspector MakeInspector(const std::string& code, const std::string& department,
                              int32_t region) {
  core::Inspector i;
  i.code = code;
  i.name = "执法人员" + code;
  i.department_code = department;
  i.unit_code = "430300-" + department;
  if (department == "SCJG") i.unit_code = "430300-ZD";
  i.region = region;
  i.certificate_no = "ZF4303" + code;
  i.certificate_expiry = core::Date::FromYmd(2029, 12, 31);
  i.qualifications = QualificationsOf(department);
  return i;
}

// The demo's departments, units and item lists; 22 inspectors (SCJG 8 in 雨湖区 430302 and 4
// in 岳塘区 430304, XFJY 6, SW 1 and YJGL 1 in 430302, WSJK 2 in 430304);
// 300 entities, of which 40 fuel stations in 430302 and the rest shops in 430304.
Status Fixture(app::Services& s) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_RETURN_IF_ERROR(tx->UpsertUnits(app::DemoUnits()).status());
  SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"test", "year fixture", "test"}));
  SUNLIT_RETURN_IF_ERROR(tx->UpsertItems(app::DemoItems(), batch).status());
  std::vector<core::Inspector> inspectors;
  for (int i = 1; i <= 12; ++i) {
    inspectors.push_back(
        MakeInspector("SCJG-" + std::string(i < 10 ? "00" : "0") + std::to_string(i), "SCJG",
                      i <= 8 ? 430302 : 430304));
  }
  for (int i = 1; i <= 6; ++i) {
    inspectors.push_back(MakeInspector("XFJY-00" + std::to_string(i), "XFJY", 430302));
  }
  inspectors.push_back(MakeInspector("WSJK-001", "WSJK", 430304));
  inspectors.push_back(MakeInspector("WSJK-002", "WSJK", 430304));
  inspectors.push_back(MakeInspector("SW-001", "SW", 430302));
  inspectors.push_back(MakeInspector("YJGL-001", "YJGL", 430302));
  SUNLIT_RETURN_IF_ERROR(tx->UpsertInspectors(inspectors, batch).status());
  std::vector<core::Entity> entities;
  const core::RiskClass risks[] = {core::RiskClass::kA, core::RiskClass::kB, core::RiskClass::kC,
                                   core::RiskClass::kD};
  for (int n = 1; n <= kEntities; ++n) {
    core::Entity e;
    e.code = Code(n);
    e.risk = risks[n % 4];
    if (n <= kFuelStations) {
      e.name = "湘潭雨湖加油站" + std::to_string(n);
      e.region = 430302;
      e.industry = "5265";
      e.tags = {"fuel_retail"};
      e.unit_code = "430302-JK";
      e.address = "雨湖区加油路" + std::to_string(n) + "号";
    } else {
      e.name = "湘潭岳塘商店" + std::to_string(n);
      e.region = 430304;
      e.industry = "5211";
      e.unit_code = "430304-GX";
      e.address = "岳塘区商业街" + std::to_string(n) + "号";
    }
    entities.push_back(e);
  }
  SUNLIT_RETURN_IF_ERROR(tx->UpsertEntities(entities, batch).status());
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return s.directory->Load(*s.store);
}

// A check's team in one department, as inspector codes.
std::vector<std::string> TeamOf(const Json& check, const std::string& department) {
  std::vector<std::string> out;
  for (const Json& m : check["inspectors"]) {
    if (m["department"] == department) out.push_back(m["inspector_code"]);
  }
  return out;
}

// A result record checking every item of the task (`items` as in the task's JSON).
Json ResultBody(const Json& version, const std::string& day, const std::string& category,
                const Json& task_items) {
  Json items = Json::array();
  for (const Json& i : task_items) {
    items.push_back({{"department", i["department"]}, {"item", i["code"]}, {"checked", true}});
  }
  return Json{{"version", version},
              {"checked_on", day},
              {"methods", {"on_site"}},
              {"category", category},
              {"summary", "现场检查加油机计量与消防设施"},
              {"follow_up", "none"},
              {"items", items}};
}

class YearTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestServerOptions o;
    o.departments = app::DemoDepartments();
    o.start_time = "2026-01-05T01:00:00Z";
    o.setup = Fixture;
    auto s = TestServer::Start(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status().ToString() << " " << s.status().detail();
    server_ = std::move(s).value();
  }

  // Fresh sessions after the clock moved (idle sessions end).
  TestClient Admin(const std::string& dept = "SCJG") {
    return server_->As(app::role::kDepartmentAdmin, dept);
  }
  TestClient Reviewer() { return server_->As(app::role::kReviewer, "SCJG"); }

  std::unique_ptr<TestServer> server_;
};

TEST_F(YearTest, TheWholeYearOverHttp) {
  TestClient anyone = server_->Anonymous();

  // ---- January: the department's annual plan and the county joint plan ------------------
  TestClient lead = Admin();
  Reply plan = lead.Post("/api/v1/plans", {{"kind", "department_annual"},
                                           {"year", 2026},
                                           {"department", "SCJG"},
                                           {"region", 430300},
                                           {"title", "2026年度市场监管双随机抽查计划"},
                                           {"tasks",
                                            {{{"title", "加油站一业一查"},
                                              {"items", {"SCJG:SCJG-010"}},
                                              {"ratio_bp", 1000},
                                              {"timing", "二季度"}}}}});
  ASSERT_EQ(plan.status, 201) << plan.body;
  EXPECT_EQ(plan.json["state"], "draft");
  const std::string plan_id = std::to_string(plan.json["id"].get<int64_t>());
  EXPECT_FALSE(plan.json["due_date"].get<std::string>().empty()) << plan.body;
  EXPECT_EQ(anyone.Get("/api/v1/plans/" + plan_id).status, 404);  // a draft is not public
  Reply filed =
      lead.Post("/api/v1/plans/" + plan_id + "/file", {{"version", plan.json["version"]}});
  ASSERT_EQ(filed.status, 200) << filed.body;
  Reply published_plan =
      lead.Post("/api/v1/plans/" + plan_id + "/publish", {{"version", filed.json["version"]}});
  ASSERT_EQ(published_plan.status, 200) << published_plan.body;
  Reply public_plans = anyone.Get("/api/v1/public/plans");
  ASSERT_EQ(public_plans.status, 200) << public_plans.body;
  EXPECT_EQ(public_plans.json["total"], 1);

  // ---- the 一业一查 checklist of fuel stations ---------------------------------------------
  Reply checklist = lead.Post("/api/v1/checklists", {{"code", "fuel-station"},
                                                     {"name", "加油站"},
                                                     {"industry_prefixes", {"5265"}},
                                                     {"tags", {"fuel_retail"}}});
  ASSERT_EQ(checklist.status, 201) << checklist.body;
  Reply got_checklist = anyone.Get("/api/v1/checklists/fuel-station");
  ASSERT_EQ(got_checklist.status, 200) << got_checklist.body;
  EXPECT_GE(got_checklist.json["departments"].size(), 2u);

  // ---- March: the joint fuel-station task, confidential until its window ends ----------
  server_->clock().Set("2026-03-02T01:00:00Z");
  lead = Admin();
  Json draft = {{"bureau", "XT"},
                {"title", "2026年加油站<一业一查>联合抽查 & 消防"},
                {"kind", "random"},
                {"lead_department", "SCJG"},
                {"partner_departments", {"XFJY", "SW", "YJGL"}},
                {"checklist", {{"code", "fuel-station"}}},  // its items, all four departments'
                {"scope", {{"region_prefixes", {"430302"}}, {"tags_any", {"fuel_retail"}}}},
                {"stratify", "none"},
                {"quotas", {{{"stratum", ""}, {"kind", "count"}, {"value", 8}}}},
                {"team",
                 {{{"department", "SCJG"}, {"count", 2}},
                  {{"department", "XFJY"}, {"count", 1}},
                  {{"department", "SW"}, {"count", 1}},
                  {{"department", "YJGL"}, {"count", 1}}}},
                {"window_start", "2026-04-01"},
                {"window_end", "2026-05-31"},
                {"confidential", true},
                {"materials", {"营业执照", "计量器具检定证书", "消防安全制度"}},
                {"contact", {{"name", "王科长"}, {"phone", "0731-55550000"}}}};
  Reply created = lead.Post("/api/v1/tasks", draft);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string number = created.json["number"];
  EXPECT_EQ(created.json["state"], "draft");
  std::set<std::string> task_items;
  for (const Json& i : created.json["items"]) {
    task_items.insert(i["department"].get<std::string>() + ":" + i["code"].get<std::string>());
  }
  for (const char* want : {"SCJG:SCJG-010", "XFJY:XFJY-001", "SW:SW-001", "YJGL:YJGL-001"}) {
    EXPECT_EQ(task_items.count(want), 1u) << want << " " << created.body;
  }
  const std::string base = "/api/v1/tasks/" + number;

  // Freeze with the lottery of 10:30 Beijing time (02:30Z), 90 minutes in the future.
  Json source = {{"name", "中国福利彩票 福彩3D"},
                 {"issue", "2026060期"},
                 {"how_written", "3个开奖号码，按开奖顺序"},
                 {"available_at", "2026-03-02T10:30:00+08:00"}};
  Reply frozen = lead.Post(base + "/freeze", {{"sources", {source}}});
  ASSERT_EQ(frozen.status, 200) << frozen.body;
  EXPECT_EQ(frozen.json["task"]["state"], "frozen");
  EXPECT_EQ(frozen.json["pool"]["pool_size"], kFuelStations) << frozen.body;
  Reply early = lead.Post(base + "/randomness", {{"values", {{4, 0, 7}}}});
  EXPECT_EQ(early.status, 409) << early.body;
  server_->clock().Advance(2 * 3600);
  lead = Admin();
  Reply k = lead.Post(base + "/randomness", {{"values", {{4, 0, 7}}}});
  ASSERT_EQ(k.status, 200) << k.body;
  Reply drawn = lead.Post(base + "/draw", Json::object());
  ASSERT_EQ(drawn.status, 200) << drawn.body;
  EXPECT_EQ(drawn.json["task"]["state"], "drawn");
  EXPECT_EQ(drawn.json["checks"], 8);

  // The drawn list is hidden from the public while confidential; the draw itself is public.
  Reply hidden = anyone.Get("/api/v1/public/tasks/" + number + "/checks");
  EXPECT_EQ(hidden.status, 403) << hidden.body;
  EXPECT_NE(hidden.ErrorMessage().find("2026-06-01"), std::string::npos) << hidden.body;
  EXPECT_EQ(hidden.body.find(Code(1).substr(0, 8) + "MA4Y"), std::string::npos);
  Reply public_draw = anyone.Get("/api/v1/public/draws/" + number);
  EXPECT_EQ(public_draw.status, 200) << public_draw.body;

  // ---- assignment: every check staffed, the notice names the team --------------------------
  Reply assigned = lead.Post(base + "/assignment", Json::object());
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  ASSERT_TRUE(assigned.json["feasible"].get<bool>()) << assigned.body;
  EXPECT_EQ(assigned.json["task"]["state"], "assigned");
  Reply checks = lead.Get(base + "/checks");
  ASSERT_EQ(checks.status, 200) << checks.body;
  ASSERT_EQ(checks.json["items"].size(), 8u);
  for (const Json& c : checks.json["items"]) {
    EXPECT_EQ(c["state"], "assigned") << c.dump();
    EXPECT_EQ(TeamOf(c, "SCJG").size(), 2u) << c.dump();
    EXPECT_EQ(TeamOf(c, "XFJY").size(), 1u) << c.dump();
    EXPECT_EQ(TeamOf(c, "SW"), std::vector<std::string>{"SW-001"}) << c.dump();
  }
  const Json first = checks.json["items"][0];
  const Json second = checks.json["items"][1];
  const std::string first_code = first["entity_code"];
  Reply notice = lead.Get(base + "/checks/" + first_code + "/notice");
  ASSERT_EQ(notice.status, 200) << notice.body;
  EXPECT_EQ(notice.Header("Content-Type"), "text/html; charset=utf-8");
  for (const Json& m : first["inspectors"]) {
    const std::string cert = "ZF4303" + m["inspector_code"].get<std::string>();
    EXPECT_NE(notice.body.find(cert), std::string::npos) << cert;
  }
  EXPECT_EQ(notice.body.find("<一业一查>"), std::string::npos) << "the title is escaped";
  EXPECT_NE(notice.body.find("&lt;一业一查&gt;"), std::string::npos);
  EXPECT_NE(notice.body.find("&amp; 消防"), std::string::npos);

  // ---- the greedy-fails staffing and the infeasible task (卫健, 2 inspectors, cap 1) --------
  // Each is frozen with the evening's lottery, drawn after it.
  auto health_task = [&](const std::string& title, int count, const std::string& day,
                         const std::vector<std::string>& exclude = {}) {
    Json d = {
        {"bureau", "XT"},
        {"title", title},
        {"kind", "random"},
        {"lead_department", "SCJG"},
        {"partner_departments", {"WSJK"}},
        {"items",
         {{{"department", "SCJG"}, {"code", "SCJG-001"}},
          {{"department", "WSJK"}, {"code", "WSJK-001"}}}},
        {"scope", {{"region_prefixes", {"430304"}}}},
        {"stratify", "none"},
        {"quotas", {{{"stratum", ""}, {"kind", "count"}, {"value", count}}}},
        {"team", {{{"department", "SCJG"}, {"count", 1}}, {{"department", "WSJK"}, {"count", 1}}}},
        {"workload_cap", 1},
        {"window_start", "2026-04-01"},
        {"window_end", "2026-06-30"}};
    if (!exclude.empty()) d["exclude_codes"] = exclude;
    Reply r = lead.Post("/api/v1/tasks", d);
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string n = r.json["number"];
    Json src = {{"name", "中国福利彩票 福彩3D"},
                {"issue", day},
                {"how_written", "3个开奖号码，按开奖顺序"},
                {"available_at", day + "T20:30:00+08:00"}};
    Reply fr = lead.Post("/api/v1/tasks/" + n + "/freeze", {{"sources", {src}}});
    EXPECT_EQ(fr.status, 200) << fr.body;
    server_->clock().Set(day + "T13:00:00Z");
    lead = Admin();
    EXPECT_EQ(lead.Post("/api/v1/tasks/" + n + "/randomness", {{"values", {{1, 5, 9}}}}).status,
              200);
    Reply dr = lead.Post("/api/v1/tasks/" + n + "/draw", Json::object());
    EXPECT_EQ(dr.status, 200) << dr.body;
    EXPECT_EQ(dr.json["checks"], count);
    return n;
  };
  // Two checks, two 卫健 inspectors, one check each. Phase 1 (greedy) gives the first business
  // in draw order the first inspector in the seeded order (docs/assignment.md: equal loads
  // are ordered by AssignmentKey(seed, code, load), the seed being SHA-256 of the draw
  // record); the other one declares a conflict with the second business, which then has no
  // one left after phase 1. The augmenting search moves the first business to the other
  // inspector and staffs both.
  const std::string greedy = health_task("2026年卫健联合抽查（甲）", 2, "2026-03-02");
  Reply greedy_checks = lead.Get("/api/v1/tasks/" + greedy + "/checks");
  ASSERT_EQ(greedy_checks.status, 200);
  ASSERT_EQ(greedy_checks.json["items"].size(), 2u);
  Json g1 = greedy_checks.json["items"][0];
  Json g2 = greedy_checks.json["items"][1];
  if (g1["rank"].get<std::string>() > g2["rank"].get<std::string>()) std::swap(g1, g2);
  Reply record = anyone.Get("/api/v1/public/draws/" + greedy + "/record.json");
  ASSERT_EQ(record.status, 200) << record.body;
  const draw::Digest seed = draw::Sha256Of(record.body);
  const bool one_first =
      draw::AssignmentKey(seed, "WSJK-001", 0) < draw::AssignmentKey(seed, "WSJK-002", 0);
  const std::string greedy_pick = one_first ? "WSJK-001" : "WSJK-002";
  const std::string other = one_first ? "WSJK-002" : "WSJK-001";
  TestClient health = Admin("WSJK");
  Reply conflict = health.Post("/api/v1/conflicts", {{"inspector_code", other},
                                                     {"entity_code", g2["entity_code"]},
                                                     {"reason", "近亲属在该店任职"}});
  ASSERT_EQ(conflict.status, 201) << conflict.body;
  Reply staffed = lead.Post("/api/v1/tasks/" + greedy + "/assignment", Json::object());
  ASSERT_EQ(staffed.status, 200) << staffed.body;
  ASSERT_TRUE(staffed.json["feasible"].get<bool>()) << staffed.body;
  EXPECT_EQ(staffed.json["seed"], draw::ToHex(seed)) << "the seed is the record's hash";
  EXPECT_EQ(staffed.json["staffed"], 2);
  Reply after = lead.Get("/api/v1/tasks/" + greedy + "/checks");
  ASSERT_EQ(after.status, 200);
  for (const Json& c : after.json["items"]) {
    const std::vector<std::string> w = TeamOf(c, "WSJK");
    ASSERT_EQ(w.size(), 1u) << c.dump();
    EXPECT_EQ(w[0], c["entity_code"] == g2["entity_code"] ? greedy_pick : other) << c.dump();
  }

  // Three checks, two 卫健 inspectors, one check each: infeasible, nothing stored, explained.
  // The first task's two businesses are left out: drawn again, one of them would exclude an
  // inspector as its previous one or for the declared conflict before the workload cap (the
  // freeze's secret is new each run, so which businesses are drawn is not fixed).
  const std::string short_task =
      health_task("2026年卫健联合抽查（乙）", 3, "2026-03-03",
                  {g1["entity_code"].get<std::string>(), g2["entity_code"].get<std::string>()});
  Reply infeasible = lead.Post("/api/v1/tasks/" + short_task + "/assignment", Json::object());
  ASSERT_EQ(infeasible.status, 200) << infeasible.body;
  EXPECT_FALSE(infeasible.json["feasible"].get<bool>());
  EXPECT_EQ(infeasible.json["run"], 0);
  EXPECT_NE(infeasible.json["explanation"].get<std::string>().find("1 of 3"), std::string::npos)
      << infeasible.body;
  ASSERT_EQ(infeasible.json["unstaffed"].size(), 1u) << infeasible.body;
  const Json slot = infeasible.json["unstaffed"][0]["slots"][0];
  EXPECT_EQ(slot["department"], "WSJK");
  EXPECT_EQ(slot["required"], 1);
  EXPECT_EQ(slot["assigned"], 0);
  EXPECT_EQ(slot["inspectors"], 2);
  EXPECT_EQ(slot["excluded"]["workload"], 2) << slot.dump();
  EXPECT_EQ(infeasible.json["task"]["state"], "drawn");
  Reply no_runs = lead.Get("/api/v1/tasks/" + short_task + "/assignments");
  ASSERT_EQ(no_runs.status, 200);
  EXPECT_EQ(no_runs.json["items"].size(), 0u);

  // ---- April: the inspectors check and enter results --------------------------------------
  server_->clock().Set("2026-04-15T02:00:00Z");
  const std::string member = TeamOf(first, "SCJG")[0];
  auto inspector_user = server_->AddUser("zf.first", "SCJG", {"inspector"}, member);
  ASSERT_TRUE(inspector_user.ok()) << inspector_user.status().ToString();
  TestClient inspector = server_->Login(*inspector_user);
  // The inspector sees only the checks of teams they are on.
  Reply own = inspector.Get(base + "/checks");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_GE(own.json["items"].size(), 1u);
  for (const Json& c : own.json["items"]) {
    const std::vector<std::string> t = TeamOf(c, "SCJG");
    EXPECT_NE(std::find(t.begin(), t.end(), member), t.end()) << c.dump();
  }
  const std::string first_id = std::to_string(first["id"].get<int64_t>());
  Reply entered = inspector.Put(
      "/api/v1/checks/" + first_id + "/result",
      ResultBody(first["version"], "2026-04-14", "no_problem", drawn.json["task"]["items"]));
  ASSERT_EQ(entered.status, 200) << entered.body;
  EXPECT_EQ(entered.json["state"], "entered");
  const std::string due = entered.json["deadline"]["due"];
  EXPECT_GT(due, "2026-04-14");
  EXPECT_LT(due, "2026-06-01");

  // A partner's staff cannot review; the reviewer approves and publishes within the deadline.
  TestClient fire = server_->As(app::role::kPartnerStaff, "XFJY");
  EXPECT_GE(
      fire.Post("/api/v1/checks/" + first_id + "/approve", {{"version", entered.json["version"]}})
          .status,
      400);
  TestClient reviewer = Reviewer();
  Reply ok = reviewer.Post("/api/v1/checks/" + first_id + "/approve",
                           {{"version", entered.json["version"]}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["state"], "reviewed");
  Reply pub =
      reviewer.Post("/api/v1/checks/" + first_id + "/publish", {{"version", ok.json["version"]}});
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.json["publication"]["on_time"], true) << pub.body;

  // The second check: a problem found and entered, returned once, then approved — and
  // published only after its deadline passed.
  const std::string second_id = std::to_string(second["id"].get<int64_t>());
  const std::string second_member = TeamOf(second, "SCJG")[0];
  auto second_user = server_->AddUser("zf.second", "SCJG", {"inspector"}, second_member);
  ASSERT_TRUE(second_user.ok());
  TestClient inspector2 = server_->Login(*second_user);
  Json problem =
      ResultBody(second["version"], "2026-04-14", "corrected", drawn.json["task"]["items"]);
  for (Json& i : problem["items"]) {
    if (i["item"] == "SCJG-010") {
      i["problems"] = "加油机计量误差超出允许范围";
      i["action"] = "责令当场整改";
    }
  }
  Reply entered2 = inspector2.Put("/api/v1/checks/" + second_id + "/result", problem);
  ASSERT_EQ(entered2.status, 200) << entered2.body;
  Reply returned =
      reviewer.Post("/api/v1/checks/" + second_id + "/return",
                    {{"version", entered2.json["version"]}, {"opinion", "补充整改情况"}});
  ASSERT_EQ(returned.status, 200) << returned.body;
  problem["version"] = returned.json["version"];
  Reply reentered = inspector2.Put("/api/v1/checks/" + second_id + "/result", problem);
  ASSERT_EQ(reentered.status, 200) << reentered.body;
  Reply ok2 = reviewer.Post("/api/v1/checks/" + second_id + "/approve",
                            {{"version", reentered.json["version"]}});
  ASSERT_EQ(ok2.status, 200) << ok2.body;

  // ---- June: past the deadline ---------------------------------------------------------------
  server_->clock().Set("2026-06-30T02:00:00Z");
  lead = Admin();
  Reply overdue_list = lead.Get("/api/v1/results/deadlines?filter=overdue");
  ASSERT_EQ(overdue_list.status, 200) << overdue_list.body;
  EXPECT_GE(overdue_list.json["total"].get<int64_t>(), 1) << overdue_list.body;
  reviewer = Reviewer();
  Reply late =
      reviewer.Post("/api/v1/checks/" + second_id + "/publish", {{"version", ok2.json["version"]}});
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(late.json["publication"]["on_time"], false) << late.body;

  // ---- the drawn list is public after the window; public search finds only published ------
  Reply shown = anyone.Get("/api/v1/public/tasks/" + number + "/checks");
  EXPECT_EQ(shown.status, 200) << shown.body;
  Reply found = anyone.Get("/api/v1/public/results?code=" + first_code);
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(found.json["total"], 1);
  EXPECT_EQ(found.json["items"][0]["task"], number);
  const std::string unpublished = checks.json["items"][2]["entity_code"];
  EXPECT_EQ(anyone.Get("/api/v1/public/results?code=" + unpublished).json["total"], 0);
  Reply by_task = anyone.Get("/api/v1/public/results?task=" + number);
  if (by_task.status == 200) {
    EXPECT_EQ(by_task.json["total"], 2) << by_task.body;
  }

  // ---- 经营异常名录: proposed, decided; the restriction answers any department ---------------
  const std::string second_code = second["entity_code"];
  TestClient restriction_asker = server_->As(app::role::kPartnerStaff, "XFJY");
  Reply before = restriction_asker.Get("/api/v1/restrictions/" + second_code);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json["restricted"], false);
  Reply proposal = lead.Post(
      "/api/v1/credit/entries",
      {{"list", "abnormal"}, {"entity_code", second_code}, {"reason_code", "unreachable"}});
  ASSERT_EQ(proposal.status, 201) << proposal.body;
  EXPECT_GT(proposal.json["decision_due"].get<std::string>(), "2026-06-30");
  Reply decided = lead.Post(
      "/api/v1/credit/entries/" + std::to_string(proposal.json["id"].get<int64_t>()) + "/decision",
      {{"version", proposal.json["version"]},
       {"list", true},
       {"decision_ref", "潭市监异字〔2026〕7号"}});
  ASSERT_EQ(decided.status, 200) << decided.body;
  Reply restricted = restriction_asker.Get("/api/v1/restrictions/" + second_code);
  ASSERT_EQ(restricted.status, 200) << restricted.body;
  EXPECT_EQ(restricted.json["restricted"], true);
  EXPECT_EQ(restricted.json["restrictions"][0]["since"], "2026-06-30");
  EXPECT_EQ(restricted.json["restrictions"][0]["department_name"], "湘潭市市场监督管理局");

  // ---- the log and the assignments verify ----------------------------------------------------
  Reply cp = anyone.Get("/api/v1/public/ledger/checkpoint");
  ASSERT_EQ(cp.status, 200) << cp.body;
  const int64_t size = cp.json["size"];
  ASSERT_GE(size, 10);
  Reply proof = anyone.Get("/api/v1/public/ledger/proofs/" + std::to_string(size - 1));
  ASSERT_EQ(proof.status, 200) << proof.body;
  auto doc = ledger::ProofFromJson(proof.body);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  std::array<uint8_t, 32> key{};
  ASSERT_TRUE(draw::ParseHex(cp.json["public_key"].get<std::string>(), key));
  EXPECT_TRUE(ledger::VerifyProofDocument(*doc, key).ok());
  auto verified = ledger::Ledger::Verify(*server_->services().store);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString() << " " << verified.status().detail();
  EXPECT_EQ(verified->size, size);
  for (const std::string& n : {number, greedy}) {
    auto runs = app::VerifyStoredAssignments(*server_->services().store, n);
    ASSERT_TRUE(runs.ok()) << n << ": " << runs.status().ToString();
    EXPECT_EQ(*runs, 1) << n;
  }
  // The infeasible run stored nothing, so there is nothing to verify.
  auto none = app::VerifyStoredAssignments(*server_->services().store, short_task);
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound) << none.status().ToString();
}

}  // namespace
}  // namespace sunlit::http
