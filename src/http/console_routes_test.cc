// The console routes on a real server: the wizard's pool count agrees with the pool the
// freeze then builds, names the bad field, and is refused without task.write.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <thread>

#include "app/access.h"
#include "app/demo_data.h"
#include "app/departments.h"
#include "app/gen.h"
#include "app/import.h"
#include "app/units.h"
#include "http/test_server.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;

// A server over the demo's departments with the fixture directory above.
Result<std::unique_ptr<TestServer>> StartWithFixtures() {
  TestServerOptions o;
  o.departments = app::DemoDepartments();
  o.setup = testing::LoadDemoDirectory;
  return TestServer::Start(std::move(o));
}

TEST(ConsoleRoutesTest, PoolPreviewCountsThePoolTheFreezeBuilds) {
  auto started = StartWithFixtures();
  ASSERT_TRUE(started.ok()) << started.status().ToString() << " " << started.status().detail();
  TestServer& server = **started;
  TestClient lead = server.As(app::role::kDepartmentAdmin, "SCJG");

  const Json scope = {{"region_prefixes", {"430302"}}};
  Reply preview = lead.Post("/api/v1/pool-preview", {{"scope", scope}, {"stratify", "risk_class"}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  const int64_t size = preview.json["size"];
  EXPECT_GT(size, 50);
  EXPECT_EQ(preview.json["directory_size"], 2000);
  int64_t sum = 0;
  for (const auto& [label, n] : preview.json["strata"].items()) {
    EXPECT_NE(std::string("ABCDU").find(label), std::string::npos) << label;
    sum += n.get<int64_t>();
  }
  EXPECT_EQ(sum, size);
  // The whole city has more; unstratified, one stratum "".
  Reply city = lead.Post("/api/v1/pool-preview", {{"scope", {{"region_prefixes", {"4303"}}}}});
  ASSERT_EQ(city.status, 200) << city.body;
  EXPECT_GT(city.json["size"].get<int64_t>(), size);
  EXPECT_EQ(city.json["strata"].size(), 1u);
  EXPECT_TRUE(city.json["strata"].contains(""));
  // The tags the directory knows, for the wizard's tag filter; a tag narrows the city's pool.
  ASSERT_TRUE(city.json["tags"].is_array()) << city.body;
  ASSERT_FALSE(city.json["tags"].empty());
  const std::string tag = city.json["tags"][0];
  Reply tagged = lead.Post("/api/v1/pool-preview",
                           {{"scope", {{"region_prefixes", {"4303"}}, {"tags_any", {tag}}}}});
  ASSERT_EQ(tagged.status, 200) << tagged.body;
  EXPECT_GT(tagged.json["size"].get<int64_t>(), 0) << tag;
  EXPECT_LT(tagged.json["size"].get<int64_t>(), city.json["size"].get<int64_t>()) << tag;

  // The task with that scope freezes a pool of exactly that size.
  Json draft = {{"bureau", "XT"},
                {"title", "预览核对"},
                {"kind", "random"},
                {"lead_department", "SCJG"},
                {"items", {{{"department", "SCJG"}, {"code", "SCJG-001"}}}},
                {"scope", scope},
                {"stratify", "risk_class"},
                {"quotas", {{{"stratum", "A"}, {"kind", "count"}, {"value", 1}}}},
                {"team", {{{"department", "SCJG"}, {"count", 2}}}},
                {"window_start", "2026-04-01"},
                {"window_end", "2026-05-31"}};
  Reply created = lead.Post("/api/v1/tasks", draft);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string number = created.json["number"];
  Json source = {{"name", "中国福利彩票 福彩3D"},
                 {"issue", "2026060期"},
                 {"how_written", "3个开奖号码，按开奖顺序"},
                 {"available_at", "2026-03-02T10:30:00+08:00"}};
  Reply frozen = lead.Post("/api/v1/tasks/" + number + "/freeze", {{"sources", {source}}});
  ASSERT_EQ(frozen.status, 200) << frozen.body;
  EXPECT_EQ(frozen.json["pool"]["pool_size"], size);
  EXPECT_EQ(frozen.json["pool"]["strata"], preview.json["strata"]);

  // Bad input names the field; nothing is a 500.
  Reply bad_risk = lead.Post("/api/v1/pool-preview", {{"scope", {{"risks", {"Z"}}}}});
  EXPECT_EQ(bad_risk.status, 400) << bad_risk.body;
  EXPECT_EQ(bad_risk.ErrorField(), "scope.risks");
  Reply bad_region = lead.Post("/api/v1/pool-preview", {{"scope", {{"region_prefixes", {"99x"}}}}});
  EXPECT_EQ(bad_region.status, 400) << bad_region.body;
  Reply unknown = lead.Post("/api/v1/pool-preview", {{"sneaky", true}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.ErrorField(), "sneaky");

  // task.write only.
  TestClient reviewer = server.As(app::role::kReviewer, "SCJG");
  EXPECT_EQ(reviewer.Post("/api/v1/pool-preview", {{"scope", scope}}).ErrorCode(),
            "permission_denied");
  EXPECT_EQ(server.Anonymous().Post("/api/v1/pool-preview", {{"scope", scope}}).status, 401);
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

TEST(ConsoleRoutesTest, EntityDirectorySearchPagesFiltersAndShowsHistory) {
  auto started = StartWithFixtures();
  ASSERT_TRUE(started.ok()) << started.status().ToString() << " " << started.status().detail();
  TestServer& server = **started;
  // directory.read is held by every standard role for every department.
  TestClient inspector = server.As(app::role::kInspector, "SCJG");

  Reply all = inspector.Get("/api/v1/entities?limit=50");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json["total"], 2000);
  EXPECT_EQ(all.json["total_capped"], false);
  ASSERT_EQ(all.json["items"].size(), 50u);
  for (size_t i = 1; i < 50; ++i) {
    EXPECT_LT(all.json["items"][i - 1]["code"].get<std::string>(),
              all.json["items"][i]["code"].get<std::string>());
  }
  // The next page continues in code order.
  Reply next = inspector.Get("/api/v1/entities?limit=50&offset=50");
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_LT(all.json["items"][49]["code"].get<std::string>(),
            next.json["items"][0]["code"].get<std::string>());

  // Region prefix: every row inside, and the count agrees with the pool preview's directory.
  Reply county = inspector.Get("/api/v1/entities?region=430302&limit=100");
  ASSERT_EQ(county.status, 200) << county.body;
  const int64_t in_county = county.json["total"];
  EXPECT_GT(in_county, 0);
  EXPECT_LT(in_county, 2000);
  for (const Json& e : county.json["items"]) EXPECT_EQ(e["region"], 430302);

  // Name prefix (UTF-8, the first two characters of a real name) and risk.
  const std::string name = all.json["items"][0]["name"];
  ASSERT_GE(name.size(), 6u);
  Reply by_name = inspector.Get("/api/v1/entities?name=" + UrlEncode(name.substr(0, 6)));
  ASSERT_EQ(by_name.status, 200) << by_name.body;
  EXPECT_GE(by_name.json["total"].get<int64_t>(), 1);
  for (const Json& e : by_name.json["items"]) {
    EXPECT_EQ(e["name"].get<std::string>().substr(0, 6), name.substr(0, 6));
  }
  Reply risk_a = inspector.Get("/api/v1/entities?risk=A&region=4303&limit=100");
  ASSERT_EQ(risk_a.status, 200) << risk_a.body;
  for (const Json& e : risk_a.json["items"]) EXPECT_EQ(e["risk"], "A");
  // The code prefix of one code finds exactly it (lower case accepted).
  std::string code = all.json["items"][3]["code"];
  std::string lower = code;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Reply one = inspector.Get("/api/v1/entities?code=" + lower);
  ASSERT_EQ(one.status, 200) << one.body;
  ASSERT_EQ(one.json["total"], 1);
  EXPECT_EQ(one.json["items"][0]["code"], code);

  // A change to the entity shows in its history.
  {
    auto tx = server.services().store->Begin();
    ASSERT_TRUE(tx.ok());
    auto e = (*tx)->FindEntity(code);
    ASSERT_TRUE(e.ok() && e->has_value());
    core::Entity changed = **e;
    changed.risk = changed.risk == core::RiskClass::kD ? core::RiskClass::kA : core::RiskClass::kD;
    auto batch = (*tx)->BeginBatch({"test", "risk change", "test"});
    ASSERT_TRUE(batch.ok());
    ASSERT_TRUE((*tx)->UpsertEntities(std::span(&changed, 1), *batch).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  Reply detail = inspector.Get("/api/v1/entities/" + code);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(detail.json["code"], code);
  EXPECT_FALSE(detail.json["address"].get<std::string>().empty());
  ASSERT_GE(detail.json["history"].size(), 1u);
  EXPECT_EQ(detail.json["history"].back()["field"], "risk");

  // Bad input names the field; unknown codes are 404; nothing is a 500.
  EXPECT_EQ(inspector.Get("/api/v1/entities?region=43x").ErrorField(), "region");
  EXPECT_EQ(inspector.Get("/api/v1/entities?risk=Z").ErrorField(), "risk");
  EXPECT_EQ(inspector.Get("/api/v1/entities?type=spaceship").ErrorField(), "type");
  EXPECT_EQ(inspector.Get("/api/v1/entities?code=%27%20OR%201%3D1").ErrorField(), "code");
  EXPECT_EQ(inspector.Get("/api/v1/entities?offset=20000").ErrorField(), "offset");
  EXPECT_EQ(inspector.Get("/api/v1/entities?limit=1000").status, 400);
  EXPECT_EQ(inspector.Get("/api/v1/entities/91430300MA4L000000").status, 404);
  EXPECT_EQ(server.Anonymous().Get("/api/v1/entities").status, 401);

  // Export: an XLSX (a ZIP) and a CSV with every row and Chinese headers.
  Reply xlsx = inspector.Get("/api/v1/entities/export?format=xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body.substr(0, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.Header("Content-Disposition").find("sunlit-entities.xlsx"), std::string::npos);
  Reply csv = inspector.Get("/api/v1/entities/export?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("统一社会信用代码"), std::string::npos);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 2001);
  EXPECT_EQ(inspector.Get("/api/v1/entities/export?format=pdf").ErrorField(), "format");
}

TEST(ConsoleRoutesTest, InspectorDirectorySearchAndRecord) {
  auto started = StartWithFixtures();
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  TestServer& server = **started;
  TestClient reviewer = server.As(app::role::kReviewer, "SCJG");

  Reply all = reviewer.Get("/api/v1/inspectors?limit=100");
  ASSERT_EQ(all.status, 200) << all.body;
  const int64_t total = all.json["total"];
  ASSERT_GT(total, 0);
  const std::string dept = all.json["items"][0]["department"];
  Reply of_dept = reviewer.Get("/api/v1/inspectors?department=" + dept + "&limit=100");
  ASSERT_EQ(of_dept.status, 200);
  EXPECT_LE(of_dept.json["total"].get<int64_t>(), total);
  for (const Json& i : of_dept.json["items"]) EXPECT_EQ(i["department"], dept);
  const std::string code = all.json["items"][0]["code"];
  Reply detail = reviewer.Get("/api/v1/inspectors/" + code);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(detail.json["code"], code);
  EXPECT_TRUE(detail.json["history"].is_array());
  EXPECT_EQ(reviewer.Get("/api/v1/inspectors/NOBODY").status, 404);
  EXPECT_EQ(reviewer.Get("/api/v1/inspectors?status=bored").ErrorField(), "status");
  Reply xlsx = reviewer.Get("/api/v1/inspectors/export");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

TEST(ConsoleRoutesTest, DashboardCountsTasksByStageAndTheRiskMix) {
  auto started = StartWithFixtures();
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  TestServer& server = **started;
  TestClient lead = server.As(app::role::kDepartmentAdmin, "SCJG");

  Reply before = lead.Get("/api/v1/dashboard?year=2026");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json["year"], 2026);
  EXPECT_EQ(before.json["tasks_by_state"]["draft"], 0);
  EXPECT_EQ(before.json["tasks_by_state"].size(), 5u);
  EXPECT_TRUE(before.json["problems_by_industry"].empty());
  // The risk mix is the active directory by class: the same as an unrestricted pool.
  Reply pool = lead.Post("/api/v1/pool-preview", {{"stratify", "risk_class"}});
  ASSERT_EQ(pool.status, 200) << pool.body;
  EXPECT_EQ(before.json["risk_mix"], pool.json["strata"]);
  EXPECT_EQ(before.json["directory_size"], 2000);

  Json draft = {{"bureau", "XT"},
                {"title", "看板核对"},
                {"kind", "random"},
                {"lead_department", "SCJG"},
                {"items", {{{"department", "SCJG"}, {"code", "SCJG-001"}}}},
                {"scope", {{"region_prefixes", {"430302"}}}},
                {"stratify", "risk_class"},
                {"quotas", {{{"stratum", "A"}, {"kind", "count"}, {"value", 1}}}},
                {"team", {{{"department", "SCJG"}, {"count", 2}}}},
                {"window_start", "2026-04-01"},
                {"window_end", "2026-05-31"}};
  Reply created = lead.Post("/api/v1/tasks", draft);
  ASSERT_EQ(created.status, 201) << created.body;
  Reply after = lead.Get("/api/v1/dashboard?year=2026");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.json["tasks_by_state"]["draft"], 1);
  EXPECT_EQ(after.json["tasks_by_kind"]["random"], 1);
  // Another department's administrator does not see the SCJG task.
  TestClient other = server.As(app::role::kDepartmentAdmin, "XFJY");
  Reply theirs = other.Get("/api/v1/dashboard?year=2026");
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(theirs.json["tasks_by_state"]["draft"], 0);

  EXPECT_EQ(lead.Get("/api/v1/dashboard?year=1999").status, 400);
  EXPECT_EQ(server.As(app::role::kInspector, "SCJG").Get("/api/v1/dashboard").ErrorCode(),
            "permission_denied");
}

TEST(ConsoleRoutesTest, UploadImportsAllOrNothingWithTheRowReport) {
  auto started = StartWithFixtures();
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  TestServer& server = **started;
  TestClient lead = server.As(app::role::kDepartmentAdmin, "SCJG");

  // Two rows, the second with a bad credit code: nothing is written, the row is named.
  Reply one = lead.Get("/api/v1/entities?limit=1");
  ASSERT_EQ(one.status, 200);
  const std::string code = one.json["items"][0]["code"];
  const std::string header =
      "code,name,type,region,industry,risk,last_inspected,status,unit,tags,address\n";
  const std::string good = code + ",改名后的企业,enterprise,430302,5211,B,,active,,,湘潭市雨湖区\n";
  const std::string bad = "91430300XXXXXXXXXX,坏代码企业,enterprise,430302,5211,B,,active,,,湘潭\n";
  Reply refused =
      lead.Send("POST", "/api/v1/imports/entities?name=e.csv", header + good + bad, "text/csv");
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.json["written"], false);
  EXPECT_EQ(refused.json["rejected"], 1);
  ASSERT_FALSE(refused.json["problems"].empty());
  EXPECT_EQ(refused.json["problems"][0]["row"], 3);
  EXPECT_EQ(refused.json["problems"][0]["column_name"], "code");
  EXPECT_NE(lead.Get("/api/v1/entities/" + code).json["name"], "改名后的企业");

  // The good row alone: written, the change in the entity's history, the index in step.
  Reply done = lead.Send("POST", "/api/v1/imports/entities?name=..%2F..%2Fetc%2Fe.csv",
                         header + good, "text/csv");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json["written"], true);
  EXPECT_EQ(done.json["updated"], 1);
  Reply after = lead.Get("/api/v1/entities/" + code);
  EXPECT_EQ(after.json["name"], "改名后的企业");
  bool renamed = false;
  for (const Json& c : after.json["history"]) {
    if (c["field"] == "name" && c["new_value"] == "改名后的企业") renamed = true;
  }
  EXPECT_TRUE(renamed) << after.json["history"].dump();

  // Who may: not a partner department, not inspectors without system scope, not anonymous.
  EXPECT_EQ(server.As(app::role::kDepartmentAdmin, "XFJY")
                .Send("POST", "/api/v1/imports/entities", header + good, "text/csv")
                .ErrorCode(),
            "permission_denied");
  EXPECT_EQ(lead.Send("POST", "/api/v1/imports/inspectors", "code\n", "text/csv").ErrorCode(),
            "permission_denied");
  EXPECT_EQ(server.As(app::role::kReviewer, "SCJG")
                .Send("POST", "/api/v1/imports/entities", header + good, "text/csv")
                .ErrorCode(),
            "permission_denied");
  EXPECT_EQ(lead.Send("POST", "/api/v1/imports/spaceships", "x", "text/csv").ErrorField(), "kind");
  EXPECT_EQ(lead.Send("POST", "/api/v1/imports/holidays", "x", "text/csv").status, 400);
  EXPECT_EQ(lead.Send("POST", "/api/v1/imports/entities", "", "text/csv").ErrorField(), "file");
  EXPECT_EQ(server.Anonymous().Send("POST", "/api/v1/imports/entities", "x", "text/csv").status,
            401);
}

// Polls an import job until it has finished (or ~60 s have passed).
Reply PollJob(TestClient& c, const std::string& location) {
  Reply r;
  for (int i = 0; i < 6000; ++i) {
    r = c.Get(location);
    if (r.status != 200 || r.json["state"] != "running") return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return r;
}

TEST(ConsoleRoutesTest, AnImportJobReportsProgressAndEndsWithTheSameReport) {
  auto started = StartWithFixtures();
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  TestServer& server = **started;
  TestClient lead = server.As(app::role::kDepartmentAdmin, "SCJG");
  const std::string county = "/api/v1/entities?region=430381&limit=1";
  const int64_t before = lead.Get(county).json["total"];

  // A file of 9 000 new entities of 湘乡市 (other codes than the fixtures').
  char tmpl[] = "/tmp/sunlit-importjob-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  app::GenOptions gen;
  gen.count = 9000;
  gen.seed = 77;
  gen.region_prefix = "430381";
  gen.today = core::Date::FromYmd(2026, 3, 1);
  ASSERT_TRUE(app::GenerateEntities(gen, dir + "/big.csv").ok());
  std::ifstream in(dir + "/big.csv", std::ios::binary);
  const std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove_all(dir);

  Reply accepted =
      lead.Send("POST", "/api/v1/imports/entities?name=big.csv&job=1", good, "text/csv");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string location = accepted.Header("Location");
  ASSERT_EQ(location, "/api/v1/imports/jobs/" + std::to_string(accepted.json["id"].get<int64_t>()));
  EXPECT_EQ(accepted.json["bytes_uploaded"], static_cast<int64_t>(good.size()));
  // Only its owner sees it (another user of the same department too gets 404).
  EXPECT_EQ(server.As(app::role::kSystemAdmin, "SCJG").Get(location).status, 404);
  Reply done = PollJob(lead, location);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json["state"], "done") << done.body;
  EXPECT_EQ(done.json["phase"], "done");
  EXPECT_EQ(done.json["rows_total"], 9000);
  EXPECT_EQ(done.json["rows_done"], 9000);
  EXPECT_EQ(done.json["rows_written"], 9000);
  EXPECT_EQ(done.json["bytes_read"], done.json["bytes_total"]);
  EXPECT_EQ(done.json["report"]["written"], true);
  EXPECT_EQ(done.json["report"]["created"], 9000);
  EXPECT_FALSE(done.json.contains("error"));
  EXPECT_EQ(lead.Get(county).json["total"], before + 9000);

  // A file with a bad row, as a job and synchronously: the same row report, nothing written.
  Reply one = lead.Get("/api/v1/entities?limit=1");
  const std::string code = one.json["items"][0]["code"];
  const std::string header =
      "code,name,type,region,industry,risk,last_inspected,status,unit,tags,address\n";
  const std::string bad_file =
      header + code + ",改名后的企业,enterprise,430302,5211,B,,active,,,湘潭市雨湖区\n" +
      "91430300XXXXXXXXXX,坏代码企业,enterprise,430302,5211,B,,active,,,湘潭\n";
  Reply sync = lead.Send("POST", "/api/v1/imports/entities?name=e.csv", bad_file, "text/csv");
  ASSERT_EQ(sync.status, 200) << sync.body;
  Reply job = lead.Send("POST", "/api/v1/imports/entities?name=e.csv", bad_file, "text/csv",
                        {{"Prefer", "respond-async"}});
  ASSERT_EQ(job.status, 202) << job.body;
  Reply failed = PollJob(lead, job.Header("Location"));
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_EQ(failed.json["state"], "failed");
  EXPECT_EQ(failed.json["report"], sync.json);
  EXPECT_EQ(failed.json["report"]["written"], false);
  EXPECT_EQ(failed.json["report"]["problems"][0]["row"], 3);
  EXPECT_NE(lead.Get("/api/v1/entities/" + code).json["name"], "改名后的企业");
  EXPECT_EQ(lead.Get(county).json["total"], before + 9000);

  // A file the import cannot read at all: failed with the API's error shape.
  Reply unreadable = lead.Send("POST", "/api/v1/imports/entities?job=1", "name\nx\n", "text/csv");
  ASSERT_EQ(unreadable.status, 202) << unreadable.body;
  Reply broken = PollJob(lead, unreadable.Header("Location"));
  EXPECT_EQ(broken.json["state"], "failed");
  EXPECT_EQ(broken.json["error"]["code"], "invalid_argument") << broken.body;
  EXPECT_FALSE(broken.json["error"]["message"].get<std::string>().empty());

  // Refused before any job starts; unknown jobs are 404.
  EXPECT_EQ(server.As(app::role::kDepartmentAdmin, "XFJY")
                .Send("POST", "/api/v1/imports/entities?job=1", good, "text/csv")
                .ErrorCode(),
            "permission_denied");
  EXPECT_EQ(lead.Get("/api/v1/imports/jobs/999999").ErrorCode(), "not_found");
  EXPECT_EQ(server.Anonymous().Get(location).status, 401);
}

TEST(ConsoleRoutesTest, ItemsAreCreatedAndVersionedUnderTheImportRules) {
  auto started = StartWithFixtures();
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  TestServer& server = **started;
  TestClient lead = server.As(app::role::kDepartmentAdmin, "SCJG");

  Json item = {{"name", "电梯维护保养情况检查"},
               {"legal_basis", "《特种设备安全法》第四十五条"},
               {"object_types", {"enterprise"}},
               {"industries", {"7040"}},
               {"method", "现场检查"}};
  Reply created = lead.Put("/api/v1/items/SCJG/SCJG-T01", item);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["changed"], true);
  Reply same = lead.Put("/api/v1/items/SCJG/SCJG-T01", item);
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.json["changed"], false);
  item["method"] = "现场检查、书面检查";
  Reply changed = lead.Put("/api/v1/items/SCJG/SCJG-T01", item);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json["changed"], true);
  Reply history = lead.Get("/api/v1/items/SCJG/SCJG-T01/history");
  ASSERT_EQ(history.status, 200) << history.body;
  ASSERT_EQ(history.json["items"].size(), 2u);
  EXPECT_EQ(history.json["items"][1]["version"], 2);
  EXPECT_EQ(history.json["items"][1]["method"], "现场检查、书面检查");

  // The import's rules name the field; another department's list is out of reach.
  Json bad = item;
  bad["object_types"] = {"spaceship"};
  EXPECT_EQ(lead.Put("/api/v1/items/SCJG/SCJG-T02", bad).ErrorField(), "object_types");
  Json no_basis = item;
  no_basis["legal_basis"] = "";
  EXPECT_EQ(lead.Put("/api/v1/items/SCJG/SCJG-T02", no_basis).ErrorField(), "legal_basis");
  Json sep = item;
  sep["tags"] = {"a,b"};
  EXPECT_EQ(lead.Put("/api/v1/items/SCJG/SCJG-T02", sep).ErrorField(), "tags");
  Reply other = lead.Put("/api/v1/items/XFJY/XFJY-T01", item);
  EXPECT_TRUE(other.status == 403 || other.status == 404) << other.body;
  EXPECT_EQ(
      server.As(app::role::kReviewer, "SCJG").Put("/api/v1/items/SCJG/SCJG-T03", item).ErrorCode(),
      "permission_denied");
}

TEST(ConsoleRoutesTest, TheSystemAdministratorCreatesAndRenamesDepartments) {
  TestServerOptions o;
  o.departments = app::DemoDepartments();
  auto started = TestServer::Start(std::move(o));
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  TestServer& server = **started;
  TestClient admin = server.As(app::role::kSystemAdmin, "SCJG");

  Reply created = admin.Put("/api/v1/departments/WJW", {{"name", "湘潭市卫生健康委员会"}});
  ASSERT_EQ(created.status, 201) << created.body;
  Reply renamed = admin.Put("/api/v1/departments/WJW", {{"name", "湘潭市卫健委"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json["created"], false);
  bool listed = false;
  const Reply list = admin.Get("/api/v1/departments");
  for (const Json& d : list.json["items"]) {
    if (d["code"] == "WJW") listed = d["name"] == "湘潭市卫健委";
  }
  EXPECT_TRUE(listed) << list.body;
  // Created and renamed: two events in the public log (an unchanged save would add none).
  EXPECT_EQ(admin.Put("/api/v1/departments/WJW", {{"name", "湘潭市卫健委"}}).status, 200);
  Reply events = server.Anonymous().Get("/api/v1/public/ledger/events?from=0&count=100");
  int saved = 0;
  for (const Json& e : events.json["events"]) {
    if (e.value("kind", "") == app::kEventDepartmentSaved) ++saved;
  }
  EXPECT_EQ(saved, 2) << events.body;
  EXPECT_EQ(admin.Put("/api/v1/departments/wjw", {{"name", "x"}}).ErrorField(), "code");
  EXPECT_EQ(admin.Put("/api/v1/departments/WJW", {{"name", ""}}).ErrorField(), "name");
  // A department administrator holds users.admin for their own department only.
  EXPECT_EQ(server.As(app::role::kDepartmentAdmin, "SCJG")
                .Put("/api/v1/departments/WJW", {{"name", "改名"}})
                .ErrorCode(),
            "permission_denied");
}

TEST(ConsoleRoutesTest, UnitsAreManagedWithinTheDepartmentAndLogged) {
  TestServerOptions o;
  o.departments = app::DemoDepartments();
  auto started = TestServer::Start(std::move(o));
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  TestServer& server = **started;
  TestClient lead = server.As(app::role::kDepartmentAdmin, "SCJG");
  TestClient admin = server.As(app::role::kSystemAdmin, "SCJG");

  const Json unit = {
      {"code", "SCJG-430302-09"}, {"name", "雨湖区市场监管局测试所"}, {"region", "430302"}};
  Reply created = lead.Post("/api/v1/units", unit);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["department"], "SCJG");  // the caller's own by default
  EXPECT_EQ(lead.Post("/api/v1/units", unit).ErrorCode(), "already_exists");
  Reply list = lead.Get("/api/v1/units?department=SCJG");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json["items"].size(), 1u);
  EXPECT_EQ(list.json["items"][0]["name"], "雨湖区市场监管局测试所");
  EXPECT_EQ(list.json["items"][0]["region"], "430302");
  EXPECT_TRUE(server.As(app::role::kInspector, "SCJG").Get("/api/v1/units").status == 200);

  Reply renamed =
      lead.Put("/api/v1/units/SCJG-430302-09", {{"name", "雨湖区城正街所"}, {"region", "430302"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json["changed"], true);
  EXPECT_EQ(renamed.json["department"], "SCJG");
  Reply same =
      lead.Put("/api/v1/units/SCJG-430302-09", {{"name", "雨湖区城正街所"}, {"region", "430302"}});
  EXPECT_EQ(same.json["changed"], false);

  // Field errors name the field.
  EXPECT_EQ(lead.Post("/api/v1/units", {{"code", "a b"}, {"name", "x"}, {"region", "430302"}})
                .ErrorField(),
            "code");
  EXPECT_EQ(lead.Post("/api/v1/units", {{"code", "SCJG-X"}, {"name", ""}, {"region", "430302"}})
                .ErrorField(),
            "name");
  EXPECT_EQ(lead.Post("/api/v1/units", {{"code", "SCJG-X"}, {"name", "x"}, {"region", "999999"}})
                .ErrorField(),
            "region");
  EXPECT_EQ(lead.Post("/api/v1/units", {{"code", "SCJG-X"}, {"name", "x"}, {"region", "43ab"}})
                .ErrorField(),
            "region");
  EXPECT_EQ(
      lead.Post("/api/v1/units",
                {{"code", "SCJG-X"}, {"name", "x"}, {"region", "430302"}, {"department", "NOPE"}})
          .ErrorField(),
      "department");

  // A department administrator stays in their department; the system administrator does not.
  const Json fire = {{"code", "XFJY-430302-01"},
                     {"name", "雨湖区消防大队"},
                     {"region", "430302"},
                     {"department", "XFJY"}};
  EXPECT_EQ(lead.Post("/api/v1/units", fire).ErrorCode(), "permission_denied");
  ASSERT_EQ(admin.Post("/api/v1/units", fire).status, 201);
  EXPECT_EQ(
      lead.Put("/api/v1/units/XFJY-430302-01", {{"name", "改"}, {"region", "430302"}}).ErrorCode(),
      "not_found");
  EXPECT_EQ(admin
                .Put("/api/v1/units/XFJY-430302-01",
                     {{"name", "雨湖区消防救援大队"}, {"region", "430302"}})
                .status,
            200);
  EXPECT_EQ(lead.Put("/api/v1/units/NOPE-1", {{"name", "x"}, {"region", "430302"}}).status, 404);
  EXPECT_EQ(server.As(app::role::kReviewer, "SCJG").Post("/api/v1/units", unit).ErrorCode(),
            "permission_denied");

  // Every change is in the public log: created twice (SCJG, XFJY), renamed twice; the
  // unchanged save adds nothing.
  Reply events = server.Anonymous().Get("/api/v1/public/ledger/events?from=0&count=100");
  ASSERT_EQ(events.status, 200) << events.body;
  int saved = 0;
  for (const Json& e : events.json["events"]) {
    if (e.value("kind", "") == app::kEventUnitSaved) ++saved;
  }
  EXPECT_EQ(saved, 4) << events.body;
}

}  // namespace
}  // namespace sunlit::http
