// The console routes on a real server: the wizard's pool count agrees with the pool the
// freeze then builds, names the bad field, and is refused without task.write.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "app/access.h"
#include "app/demo_data.h"
#include "app/gen.h"
#include "app/import.h"
#include "http/test_server.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;

// The demo's units, inspectors and items, and 2 000 generated entities of 湘潭市.
Status LoadFixtures(app::Services& s) {
  const core::Date today = core::Date::FromYmd(2026, 3, 1);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_RETURN_IF_ERROR(tx->UpsertUnits(app::DemoUnits()).status());
  SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"test", "fixtures", "test"}));
  SUNLIT_RETURN_IF_ERROR(tx->UpsertInspectors(app::DemoInspectors(3, today), batch).status());
  SUNLIT_RETURN_IF_ERROR(tx->UpsertItems(app::DemoItems(), batch).status());
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  char tmpl[] = "/tmp/sunlit-consoleroutes-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return Internal("mkdtemp");
  const std::string dir = tmpl;
  app::GenOptions gen;
  gen.count = 2000;
  gen.seed = 9;
  gen.region_prefix = "4303";
  gen.today = today;
  SUNLIT_RETURN_IF_ERROR(app::GenerateEntities(gen, dir + "/e.csv"));
  app::ImportOptions import;
  import.today = today;
  Result<app::ImportReport> report =
      s.directory->Import(*s.store, app::ImportKind::kEntities, dir + "/e.csv", import);
  std::filesystem::remove_all(dir);
  return report.status();
}

TEST(ConsoleRoutesTest, PoolPreviewCountsThePoolTheFreezeBuilds) {
  TestServerOptions o;
  o.departments = app::DemoDepartments();
  o.setup = LoadFixtures;
  auto started = TestServer::Start(std::move(o));
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
  Reply bad_risk =
      lead.Post("/api/v1/pool-preview", {{"scope", {{"risks", {"Z"}}}}});
  EXPECT_EQ(bad_risk.status, 400) << bad_risk.body;
  EXPECT_EQ(bad_risk.ErrorField(), "scope.risks");
  Reply bad_region =
      lead.Post("/api/v1/pool-preview", {{"scope", {{"region_prefixes", {"99x"}}}}});
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

}  // namespace
}  // namespace sunlit::http
