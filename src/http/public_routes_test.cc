// The public routes on a real server, without login: results by code and name, paging and
// bad queries, tasks and drawn lists (a confidential list hidden until after its check
// period), draws with record and pool downloads, ledger checkpoint, events and a proof.
#include <gtest/gtest.h>

#include "app/access.h"
#include "core/uscc.h"
#include "draw/sha256.h"
#include "http/test_server.h"
#include "ledger/ledger_json.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;

std::string Code(int n) {
  std::string body = "MA4L";
  int v = n;
  for (int i = 0; i < 4; ++i) {
    body.push_back(static_cast<char>('0' + v % 10));
    v /= 10;
  }
  const std::string org = body + core::OrgCodeCheckCharacter(body);
  const std::string first17 = "91430302" + org;
  return first17 + core::UsccCheckCharacter(first17);
}

// Entities 1–30, item SCJG-X; task XT-2026-0001 (open) with a published result for entity 1; task
// XT-2026-0002 (confidential, checks until 2026-10-30) with a check of entity 2.
Status Fixture(app::Services& s) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"test", "fixture", "test"}));
  std::vector<core::Entity> entities;
  for (int i = 1; i <= 30; ++i) {
    core::Entity e;
    e.code = Code(i);
    e.name = "湘潭公开测试商行" + std::to_string(i);
    e.region = 430302;
    e.industry = "5211";
    e.address = "雨湖区";
    entities.push_back(e);
  }
  SUNLIT_RETURN_IF_ERROR(tx->UpsertEntities(entities, batch).status());
  std::vector<core::Inspector> inspectors;
  for (const char* code : {"I-001"}) {
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
  item.code = "SCJG-X";
  item.name = "亮照经营";
  item.legal_basis = "《市场主体登记管理条例》";
  item.method = "实地检查";
  SUNLIT_RETURN_IF_ERROR(tx->UpsertItems(std::vector<core::InspectionItem>{item}, batch).status());
  store::Sql& sql = tx->sql();
  for (int t = 1; t <= 2; ++t) {
    const std::string number = "XT-2026-000" + std::to_string(t);
    SUNLIT_ASSIGN_OR_RETURN(
        int64_t task,
        sql.InsertReturningId(
            "INSERT INTO tasks (number, bureau, year, seq, title, kind, lead_department, "
            "departments, items, scope, quotas, exclusions, team, options, window_start, "
            "window_end, confidential, state, created_at, created_by, updated_at) VALUES "
            "(?, 'XT', 2026, ?, '<b>抽查</b>', 'random', 'SCJG', '[\"SCJG\"]', '[]', '{}', "
            "'[]', '[]', '{}', '{}', '2026-09-01', '2026-10-30', ?, 'assigned', "
            "'2026-09-01T00:00:00Z', 'test', '2026-09-01T00:00:00Z') RETURNING id",
            {std::string_view(number), int64_t{t}, int64_t{t == 2 ? 1 : 0}}));
    const std::string code = Code(t);
    const std::string name = "湘潭公开测试商行" + std::to_string(t);
    SUNLIT_RETURN_IF_ERROR(
        sql.Exec("INSERT INTO checks (task_id, entity_code, entity_name, region, unit_code, "
                 "origin, state, created_at) VALUES (?, ?, ?, 430302, 'U1', 'drawn', 'assigned', "
                 "'2026-09-01T00:00:00Z')",
                 {task, std::string_view(code), std::string_view(name)})
            .status());
  }
  return tx->Commit();
}

class PublicRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestServerOptions o;
    o.start_time = "2026-09-28T02:00:00Z";
    o.setup = Fixture;
    auto s = TestServer::Start(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status().ToString() << " " << s.status().detail();
    server_ = std::move(s).value();
    // Publish entity 1's result through the API.
    auto insp = server_->AddUser("insp.one", "SCJG", {"inspector"}, "I-001");
    ASSERT_TRUE(insp.ok());
    {
      auto tx = server_->services().store->Begin();
      ASSERT_TRUE(tx.ok());
      ASSERT_TRUE((*tx)
                      ->sql()
                      .Exec("INSERT INTO check_inspectors (check_id, inspector_code, "
                            "department_code, assigned_at) VALUES (1, 'I-001', 'SCJG', 'x')")
                      .ok());
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    TestClient inspector = server_->Login(*insp);
    Reply r = inspector.Put("/api/v1/checks/1/result",
                            {{"version", 1},
                             {"checked_on", "2026-09-28"},
                             {"methods", {"on_site"}},
                             {"category", "corrected"},
                             {"follow_up", "none"},
                             {"items",
                              {{{"department", "SCJG"},
                                {"item", "SCJG-X"},
                                {"checked", true},
                                {"problems", "<img src=x onerror=alert(1)>"}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    TestClient reviewer = server_->As(app::role::kReviewer, "SCJG");
    Reply a = reviewer.Post("/api/v1/checks/1/approve", {{"version", r.json["version"]}});
    ASSERT_EQ(a.status, 200) << a.body;
    Reply p = reviewer.Post("/api/v1/checks/1/publish", {{"version", a.json["version"]}});
    ASSERT_EQ(p.status, 200) << p.body;
  }

  std::unique_ptr<TestServer> server_;
};

TEST_F(PublicRoutesTest, ResultsByCodeAndName) {
  TestClient anyone = server_->Anonymous();
  Reply r = anyone.Get("/api/v1/public/results?code=" + Code(1));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.body.find("<img"), std::string::npos) << "escaped in the document";
  EXPECT_EQ(r.json["items"][0]["items"][0]["problems"], "<img src=x onerror=alert(1)>");
  EXPECT_EQ(r.json["total"], 1);
  EXPECT_EQ(r.json["limit"], 20);
  r = anyone.Get("/api/v1/public/results?name=%E6%B9%98%E6%BD%AD%E5%85%AC%E5%BC%80");  // 湘潭公开
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["total"], 1);
  struct Case {
    std::string query;
    const char* field;
  };
  const std::vector<Case> bad = {
      {"", "code"},
      {"?code=" + Code(1) + "&name=x", "code"},
      {"?code=91430302MA4L00001X", "code"},
      {"?code=%27%20OR%201%3D1%20--", "code"},
      {"?code=" + Code(1) + "&limit=101", "limit"},
      {"?code=" + Code(1) + "&offset=-1", "offset"},
      {"?code=" + Code(1) + "&limit=abc", "limit"},
      {"?name=x", "name"},
  };
  for (const Case& c : bad) {
    Reply e = anyone.Get("/api/v1/public/results" + c.query);
    EXPECT_EQ(e.status, 400) << c.query << " " << e.body;
    EXPECT_EQ(e.ErrorField(), c.field) << c.query;
  }
  EXPECT_EQ(anyone.Get("/api/v1/public/results?code=" + Code(9)).json["total"], 0);
  EXPECT_EQ(anyone.Post("/api/v1/public/results").status, 405);
}

TEST_F(PublicRoutesTest, TasksAndTheConfidentialList) {
  TestClient anyone = server_->Anonymous();
  Reply tasks = anyone.Get("/api/v1/public/tasks?year=2026");
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  EXPECT_EQ(tasks.json["total"], 2);
  EXPECT_EQ(tasks.body.find("<b>"), std::string::npos);
  EXPECT_EQ(anyone.Get("/api/v1/public/tasks/XT-2026-0001/checks").status, 200);
  Reply hidden = anyone.Get("/api/v1/public/tasks/XT-2026-0002/checks");
  EXPECT_EQ(hidden.status, 403) << hidden.body;
  EXPECT_NE(hidden.ErrorMessage().find("2026-10-31"), std::string::npos);
  server_->clock().Set("2026-10-31T02:00:00Z");
  Reply shown = anyone.Get("/api/v1/public/tasks/XT-2026-0002/checks");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json["checks"][0]["entity_code"], Code(2));
  for (const char* path :
       {"/api/v1/public/tasks/..%2F..%2Fetc%2Fpasswd/checks", "/api/v1/public/tasks/%00/checks",
        "/api/v1/public/draws/..%2Fx/pool.csv", "/api/v1/public/draws/a.b/record.json"}) {
    Reply r = anyone.Get(path);
    EXPECT_GE(r.status, 400) << path;
    EXPECT_LT(r.status, 500) << path;
    EXPECT_TRUE(r.json.contains("error")) << path << " " << r.body;
  }
  EXPECT_EQ(anyone.Get("/api/v1/public/tasks/XT-2099-0001").status, 404);
  EXPECT_EQ(anyone.Get("/api/v1/public/draws/XT-2099-0001").status, 404);
  EXPECT_EQ(anyone.Get("/api/v1/public/plans").json["total"], 0);
}

TEST_F(PublicRoutesTest, LedgerCheckpointEventsAndProof) {
  TestClient anyone = server_->Anonymous();
  Reply cp = anyone.Get("/api/v1/public/ledger/checkpoint");
  ASSERT_EQ(cp.status, 200) << cp.body;
  const int64_t size = cp.json["size"];
  ASSERT_GE(size, 3);
  Reply events = anyone.Get("/api/v1/public/ledger/events?from=0&count=100");
  ASSERT_EQ(events.status, 200);
  EXPECT_EQ(static_cast<int64_t>(events.json["events"].size()), size);
  Reply proof = anyone.Get("/api/v1/public/ledger/proofs/" + std::to_string(size - 1));
  ASSERT_EQ(proof.status, 200) << proof.body;
  auto doc = ledger::ProofFromJson(proof.body);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  std::array<uint8_t, 32> key{};
  ASSERT_TRUE(draw::ParseHex(cp.json["public_key"].get<std::string>(), key));
  EXPECT_TRUE(ledger::VerifyProofDocument(*doc, key).ok());
  EXPECT_EQ(doc->event->event.kind, "result_published");
  EXPECT_EQ(anyone.Get("/api/v1/public/ledger/proofs/-1").status, 400);
  EXPECT_EQ(anyone.Get("/api/v1/public/ledger/proofs/99999").status, 404);
  EXPECT_EQ(anyone.Get("/api/v1/public/ledger/events?count=0").ErrorField(), "count");
}

}  // namespace
}  // namespace sunlit::http
