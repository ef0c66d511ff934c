// The access routes on a real server: tokens, lock-out, rate limits, session lifetimes,
// department scoping, escalation, what is kept out of logs and responses.
#include <gtest/gtest.h>

#include "app/access.h"
#include "http/test_server.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;

std::unique_ptr<TestServer> MustStart(TestServerOptions options = {}) {
  auto s = TestServer::Start(std::move(options));
  EXPECT_TRUE(s.ok()) << s.status().ToString() << " " << s.status().detail();
  return s.ok() ? std::move(s).value() : nullptr;
}

TEST(AccessRoutesTest, ApiTokenWorksWithoutCsrfAndStopsWhenRevoked) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient admin = server->As(app::role::kDepartmentAdmin, "SCJG");
  auto bot = server->AddUser("import.bot", "SCJG", {"department_admin"});
  ASSERT_TRUE(bot.ok());
  Reply created = admin.Post("/api/v1/tokens", {{"user_id", bot->id}, {"name", "nightly import"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = created.json["token"];
  EXPECT_EQ(token.rfind("slt_", 0), 0u);
  EXPECT_EQ(created.json["info"]["username"], "import.bot");

  TestClient machine = server->Anonymous();
  machine.UseBearer(token);
  Reply me = machine.Get("/api/v1/session");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json["user"]["username"], "import.bot");
  EXPECT_FALSE(me.json.contains("csrf_token"));
  // A state change with no CSRF header: fine for a bearer token.
  Reply u = machine.Post("/api/v1/users", {{"username", "made.by.bot"}, {"roles", {"inspector"}}});
  EXPECT_EQ(u.status, 201) << u.body;

  Reply list = admin.Get("/api/v1/tokens");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json["items"].size(), 1u);
  EXPECT_EQ(list.body.find(token), std::string::npos);  // shown once, never listed
  const int64_t id = created.json["info"]["id"];
  EXPECT_EQ(admin.Delete("/api/v1/tokens/" + std::to_string(id)).status, 204);
  Reply after = machine.Get("/api/v1/session");
  EXPECT_EQ(after.status, 401) << after.body;
  EXPECT_EQ(after.ErrorCode(), "unauthenticated");

  TestClient forged = server->Anonymous();
  forged.UseBearer("slt_" + std::string(43, 'A'));
  EXPECT_EQ(forged.Get("/api/v1/session").status, 401);
  // Even a public route refuses explicit bad credentials.
  EXPECT_EQ(forged.Get("/api/v1/health").status, 401);
}

TEST(AccessRoutesTest, LockOutAfterRepeatedFailures) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AddUser("li.lei", "SCJG", {"inspector"}).ok());
  TestClient c = server->Anonymous();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Login("li.lei", "wrong password!").status, 401);
  Reply locked = c.Login("li.lei", testing::kTestPassword);
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.ErrorCode(), "resource_exhausted");
  server->clock().Advance(15 * 60 + 1);
  EXPECT_EQ(c.Login("li.lei", testing::kTestPassword).status, 200);
  // A success resets the counter: four more failures do not lock.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(c.Login("li.lei", "wrong password!").status, 401);
  EXPECT_EQ(c.Login("li.lei", testing::kTestPassword).status, 200);
}

TEST(AccessRoutesTest, FailuresPerIpAreRateLimited) {
  TestServerOptions o;
  o.access.ip_max_failures = 3;
  auto server = MustStart(std::move(o));
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AddUser("han.mei", "SCJG", {"inspector"}).ok());
  TestClient c = server->Anonymous();
  EXPECT_EQ(c.Login("a.one", "wrong password!").status, 401);
  EXPECT_EQ(c.Login("a.two", "wrong password!").status, 401);
  EXPECT_EQ(c.Login("a.three", "wrong password!").status, 401);
  Reply limited = c.Login("han.mei", testing::kTestPassword);
  EXPECT_EQ(limited.status, 429) << limited.body;
  server->clock().Advance(15 * 60 + 1);
  EXPECT_EQ(c.Login("han.mei", testing::kTestPassword).status, 200);
}

TEST(AccessRoutesTest, SessionsExpireWhenIdleAndAtTheirEnd) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient c = server->As(app::role::kReviewer, "SCJG");
  ASSERT_TRUE(c.logged_in());
  server->clock().Advance(2 * 3600 - 10);
  EXPECT_EQ(c.Get("/api/v1/session").status, 200);  // used: the idle timer restarts
  server->clock().Advance(2 * 3600 - 10);
  EXPECT_EQ(c.Get("/api/v1/session").status, 200);
  server->clock().Advance(2 * 3600 + 1);
  Reply idle = c.Get("/api/v1/session");
  EXPECT_EQ(idle.status, 401) << idle.body;
  EXPECT_NE(idle.ErrorMessage().find("expired"), std::string::npos);
  EXPECT_NE(idle.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);

  TestClient d = server->As(app::role::kReviewer, "SCJG");
  for (int h = 1; h < 12; ++h) {
    server->clock().Advance(3600);
    ASSERT_EQ(d.Get("/api/v1/session").status, 200) << h;
  }
  server->clock().Advance(3600);
  EXPECT_EQ(d.Get("/api/v1/session").status, 401);  // 12 hours after login, however active
  // An expired cookie on a public route: served as anonymous, the cookie is cleared.
  Reply pub = d.Get("/api/v1/health");
  EXPECT_EQ(pub.status, 200);
  EXPECT_NE(pub.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
}

TEST(AccessRoutesTest, DepartmentAdministratorsStayInTheirDepartment) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient scjg = server->As(app::role::kDepartmentAdmin, "SCJG");
  auto other = server->AddUser("fire.officer", "XFJY", {"partner_staff"});
  ASSERT_TRUE(other.ok());

  Reply r = scjg.Post("/api/v1/users",
                      {{"username", "x.fire"}, {"department", "XFJY"}, {"roles", {"inspector"}}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.ErrorCode(), "permission_denied");
  r = scjg.Post("/api/v1/users", {{"username", "x.root"}, {"roles", {"system_admin"}}});
  EXPECT_EQ(r.status, 403) << r.body;  // no escalation
  r = scjg.Post("/api/v1/users", {{"username", "x.ok"}, {"roles", {"inspector", "reviewer"}}});
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["user"]["department"], "SCJG");
  ASSERT_TRUE(r.json.contains("generated_password"));
  const std::string generated = r.json["generated_password"];
  EXPECT_EQ(server->Anonymous().Login("x.ok", generated).status, 200);

  // Users of another department are invisible and untouchable.
  const std::string other_path = "/api/v1/users/" + std::to_string(other->id);
  EXPECT_EQ(scjg.Get(other_path).status, 404);
  EXPECT_EQ(scjg.Post(other_path + "/disable").status, 404);
  EXPECT_EQ(scjg.Put(other_path + "/roles", {{"roles", {"inspector"}}}).status, 404);
  EXPECT_EQ(scjg.Post("/api/v1/tokens", {{"user_id", other->id}, {"name", "t"}}).status, 404);
  Reply list = scjg.Get("/api/v1/users");
  ASSERT_EQ(list.status, 200);
  for (const Json& u : list.json["items"]) EXPECT_EQ(u["department"], "SCJG") << u.dump();
  EXPECT_EQ(list.body.find("fire.officer"), std::string::npos);

  // The system administrator sees both.
  TestClient root = server->As(app::role::kSystemAdmin, "SCJG");
  EXPECT_EQ(root.Get(other_path).status, 200);
}

TEST(AccessRoutesTest, DisablingEndsSessionsAndTokens) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient admin = server->As(app::role::kDepartmentAdmin, "SCJG");
  auto user = server->AddUser("zhou.qi", "SCJG", {"inspector"});
  ASSERT_TRUE(user.ok());
  TestClient u = server->Login(*user);
  ASSERT_EQ(u.Get("/api/v1/session").status, 200);
  Reply d = admin.Post("/api/v1/users/" + std::to_string(user->id) + "/disable");
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json["disabled"], true);
  EXPECT_EQ(u.Get("/api/v1/session").status, 401);
  EXPECT_EQ(server->Anonymous().Login("zhou.qi", testing::kTestPassword).status, 401);
  Reply e = admin.Post("/api/v1/users/" + std::to_string(user->id) + "/enable");
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(server->Anonymous().Login("zhou.qi", testing::kTestPassword).status, 200);
}

TEST(AccessRoutesTest, ChangePasswordKeepsThisSessionAndEndsOthers) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  auto user = server->AddUser("sun.ba", "SCJG", {"reviewer"});
  ASSERT_TRUE(user.ok());
  TestClient a = server->Login(*user);
  TestClient b = server->Login(*user);
  Reply wrong = a.Post("/api/v1/me/password",
                       {{"old_password", "not it at all"}, {"new_password", "a new passphrase"}});
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_EQ(wrong.ErrorField(), "old_password");
  Reply weak = a.Post("/api/v1/me/password",
                      {{"old_password", testing::kTestPassword}, {"new_password", "short"}});
  EXPECT_EQ(weak.status, 400) << weak.body;
  Reply ok = a.Post("/api/v1/me/password", {{"old_password", testing::kTestPassword},
                                            {"new_password", "a new passphrase"}});
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(a.Get("/api/v1/session").status, 200);
  EXPECT_EQ(b.Get("/api/v1/session").status, 401);
  EXPECT_EQ(server->Anonymous().Login("sun.ba", testing::kTestPassword).status, 401);
  EXPECT_EQ(server->Anonymous().Login("sun.ba", "a new passphrase").status, 200);
}

TEST(AccessRoutesTest, TextIsStoredVerbatim) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient admin = server->As(app::role::kSystemAdmin, "SCJG");
  const std::string name = "<script>alert('x')</script>'; DROP TABLE users; --";
  Reply r = admin.Post("/api/v1/users", {{"username", "odd.name"},
                                         {"display_name", name},
                                         {"department", "SCJG"},
                                         {"roles", {"inspector"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  Reply got = admin.Get("/api/v1/users/" + std::to_string(r.json["user"]["id"].get<int64_t>()));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json["display_name"], name);
  EXPECT_EQ(admin.Get("/api/v1/users").status, 200);  // the table is still there
  Reply ctl = admin.Post("/api/v1/users", {{"username", "ctl.name"},
                                           {"display_name", "a\u0001b"},
                                           {"department", "SCJG"},
                                           {"roles", {"inspector"}}});
  EXPECT_EQ(ctl.status, 400);
  EXPECT_EQ(ctl.ErrorField(), "display_name");
  Reply taken =
      admin.Post("/api/v1/users",
                 {{"username", "odd.name"}, {"department", "SCJG"}, {"roles", {"inspector"}}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.ErrorField(), "username");
}

TEST(AccessRoutesTest, SecretsNeverReachLogsOrLists) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient admin = server->As(app::role::kSystemAdmin, "SCJG");
  const std::string pw = "my very secret passphrase";
  Reply r = admin.Post("/api/v1/users", {{"username", "secret.keeper"},
                                         {"department", "SCJG"},
                                         {"roles", {"inspector"}},
                                         {"password", pw}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body.find(pw), std::string::npos);
  EXPECT_FALSE(r.json.contains("generated_password"));
  TestClient user = server->Anonymous();
  ASSERT_EQ(user.Login("secret.keeper", pw).status, 200);
  EXPECT_EQ(user.Login("secret.keeper", pw + "x").status, 401);
  ASSERT_EQ(user.Login("secret.keeper", pw).status, 200);
  Reply tok = admin.Post("/api/v1/tokens", {{"user_id", r.json["user"]["id"]}, {"name", "robot"}});
  ASSERT_EQ(tok.status, 201);
  const std::string token = tok.json["token"];
  TestClient bot = server->Anonymous();
  bot.UseBearer(token);
  EXPECT_EQ(bot.Get("/api/v1/session?token=" + token).status, 200);
  Reply users = admin.Get("/api/v1/users");
  EXPECT_EQ(users.body.find("argon2"), std::string::npos);

  const std::string log = server->LogText();
  EXPECT_NE(log.find("POST /api/v1/session 200"), std::string::npos) << log;
  EXPECT_NE(log.find("user=secret.keeper"), std::string::npos) << log;
  for (const std::string& secret : {pw, token, user.cookie(), user.csrf(), admin.cookie(),
                                    admin.csrf(), std::string(testing::kTestPassword)}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "leaked: " << secret;
  }
}

TEST(AccessRoutesTest, RolesAndDepartmentsAreListed) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient c = server->As(app::role::kInspector, "SCJG");
  Reply roles = c.Get("/api/v1/roles");
  ASSERT_EQ(roles.status, 200) << roles.body;
  std::set<std::string> codes;
  for (const Json& r : roles.json["items"]) codes.insert(r["code"].get<std::string>());
  EXPECT_EQ(codes, (std::set<std::string>{"department_admin", "inspector", "partner_staff",
                                          "reviewer", "system_admin"}));
  Reply deps = c.Get("/api/v1/departments");
  ASSERT_EQ(deps.status, 200) << deps.body;
  EXPECT_EQ(deps.json["items"].size(), 3u);
}

}  // namespace
}  // namespace sunlit::http
