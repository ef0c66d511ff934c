// The request pipeline end to end on a real server: errors are JSON with the right status,
// credentials, CSRF, body limits and parsing, security headers, the access log.
#include "http/server.h"

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

// Every error has {"error":{"code","message"}} and a JSON content type.
void ExpectJsonError(const Reply& r, int status, std::string_view code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.ErrorCode(), code) << r.body;
  EXPECT_FALSE(r.ErrorMessage().empty()) << r.body;
  EXPECT_NE(r.Header("Content-Type").find("application/json"), std::string::npos);
}

TEST(ServerTest, HealthAndSecurityHeaders) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  Reply r = server->Anonymous().Get("/api/v1/health");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["status"], "ok");
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  EXPECT_EQ(r.Header("X-Frame-Options"), "DENY");
  EXPECT_FALSE(r.Header("Content-Security-Policy").empty());
}

TEST(ServerTest, UnknownRouteAndWrongMethodAreJson) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient anon = server->Anonymous();
  ExpectJsonError(anon.Get("/api/v1/no/such/thing"), 404, "not_found");
  ExpectJsonError(anon.Get("/nothing-here"), 404, "not_found");
  Reply r = anon.Send("PATCH", "/api/v1/health", "", "");
  ExpectJsonError(r, 405, "method_not_allowed");
  EXPECT_EQ(r.Header("Allow"), "GET");
  ExpectJsonError(anon.Send("OPTIONS", "/api/v1/session", "", ""), 405, "method_not_allowed");
}

TEST(ServerTest, LoginSessionAndLogout) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AddUser("wang.wu", "SCJG", {"inspector"}).ok());
  TestClient c = server->Anonymous();
  Reply login = c.Login("wang.wu", testing::kTestPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = login.Header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(login.json["user"]["username"], "wang.wu");
  EXPECT_EQ(login.json["permissions"]["check.enter"], "own");
  EXPECT_FALSE(c.csrf().empty());
  EXPECT_EQ(login.body.find(testing::kTestPassword), std::string::npos);

  Reply me = c.Get("/api/v1/session");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json["user"]["department"], "SCJG");
  EXPECT_EQ(me.json["csrf_token"], c.csrf());

  Reply out = c.Delete("/api/v1/session");
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  ExpectJsonError(c.Get("/api/v1/session"), 401, "unauthenticated");
}

TEST(ServerTest, WrongPasswordAndUnknownUserLookAlike) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AddUser("zhao.liu", "SCJG", {"reviewer"}).ok());
  TestClient c = server->Anonymous();
  Reply wrong = c.Login("zhao.liu", "not the password");
  Reply unknown = c.Login("nobody.here", "not the password");
  ExpectJsonError(wrong, 401, "unauthenticated");
  ExpectJsonError(unknown, 401, "unauthenticated");
  EXPECT_EQ(wrong.ErrorMessage(), unknown.ErrorMessage());
  EXPECT_TRUE(wrong.Header("Set-Cookie").empty());
}

TEST(ServerTest, CsrfIsRequiredForStateChangesWithTheCookie) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient admin = server->As(app::role::kSystemAdmin, "SCJG");
  ASSERT_TRUE(admin.logged_in());
  const Json body = {{"username", "new.user"}, {"department", "SCJG"}, {"roles", {"inspector"}}};
  admin.set_send_csrf(false);
  ExpectJsonError(admin.Post("/api/v1/users", body), 403, "csrf_failed");
  admin.set_send_csrf(true);
  const std::string good = admin.csrf();
  admin.set_csrf(good.substr(0, good.size() - 1) + (good.back() == 'A' ? "B" : "A"));
  ExpectJsonError(admin.Post("/api/v1/users", body), 403, "csrf_failed");
  admin.set_csrf(good);
  Reply ok = admin.Post("/api/v1/users", body);
  EXPECT_EQ(ok.status, 201) << ok.body;
  // Reads need no token.
  admin.set_send_csrf(false);
  EXPECT_EQ(admin.Get("/api/v1/users").status, 200);
}

TEST(ServerTest, MalformedAndWrongBodiesAre400NamingTheProblem) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient admin = server->As(app::role::kSystemAdmin, "SCJG");
  Reply r = admin.Send("POST", "/api/v1/users", "{\"username\": ", "application/json");
  ExpectJsonError(r, 400, "invalid_argument");
  EXPECT_NE(r.ErrorMessage().find("malformed JSON"), std::string::npos) << r.body;

  r = admin.Send("POST", "/api/v1/users", "[1,2]", "application/json");
  ExpectJsonError(r, 400, "invalid_argument");

  r = admin.Post("/api/v1/users", {{"username", 12}, {"roles", {"inspector"}}});
  ExpectJsonError(r, 400, "invalid_argument");
  EXPECT_EQ(r.ErrorField(), "username");

  r = admin.Post("/api/v1/users", {{"roles", {"inspector"}}});
  ExpectJsonError(r, 400, "invalid_argument");
  EXPECT_EQ(r.ErrorField(), "username");

  r = admin.Post("/api/v1/users", {{"username", "a.b"}, {"roles", {"inspector"}}, {"colour", 1}});
  ExpectJsonError(r, 400, "invalid_argument");
  EXPECT_EQ(r.ErrorField(), "colour");

  r = admin.Post("/api/v1/users", {{"username", std::string(65, 'a')}, {"roles", {"inspector"}}});
  ExpectJsonError(r, 400, "invalid_argument");
  EXPECT_EQ(r.ErrorField(), "username");

  r = admin.Post("/api/v1/users", {{"username", "x.y"}, {"roles", {"no_such_role"}}});
  ExpectJsonError(r, 400, "invalid_argument");
  EXPECT_EQ(r.ErrorField(), "roles");

  std::string deep(100, '[');
  deep += std::string(100, ']');
  ExpectJsonError(admin.Send("POST", "/api/v1/users", deep, "application/json"), 400,
                  "invalid_argument");

  ExpectJsonError(admin.Send("POST", "/api/v1/users", "username=x", "text/plain"), 415,
                  "unsupported_media_type");
  ExpectJsonError(admin.Get("/api/v1/users/abc"), 400, "invalid_argument");
  ExpectJsonError(admin.Get("/api/v1/users?limit=0"), 400, "invalid_argument");
}

TEST(ServerTest, OversizedBodiesAre413Json) {
  auto server = MustStart();
  ASSERT_NE(server, nullptr);
  TestClient anon = server->Anonymous();
  const std::string big = "{\"username\":\"" + std::string(5000, 'a') + "\",\"password\":\"x\"}";
  ExpectJsonError(anon.Send("POST", "/api/v1/session", big, "application/json"), 413,
                  "payload_too_large");
  // Over the server-wide limit too: refused by cpp-httplib, still a JSON body.
  const std::string huge(2 * 1024 * 1024, 'x');
  ExpectJsonError(anon.Send("POST", "/api/v1/session", huge, "application/json"), 413,
                  "payload_too_large");
}

TEST(ServerTest, HandlerExceptionsAre500WithoutDetails) {
  TestServerOptions o;
  o.extra_routes = [](Router& r, app::Services&) {
    r.Add({.method = "GET",
           .path = "/api/v1/test/throw",
           .summary = "throws",
           .tag = "test",
           .handler = [](Request&) -> Response { throw std::runtime_error("secret internals"); }});
    r.Add({.method = "GET",
           .path = "/api/v1/test/internal",
           .summary = "internal error",
           .tag = "test",
           .handler = [](Request&) -> Response {
             return Internal("database said no", "SELECT secret FROM x");
           }});
  };
  auto server = MustStart(std::move(o));
  ASSERT_NE(server, nullptr);
  Reply r = server->Anonymous().Get("/api/v1/test/throw");
  ExpectJsonError(r, 500, "internal");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
  r = server->Anonymous().Get("/api/v1/test/internal");
  ExpectJsonError(r, 500, "internal");
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
  EXPECT_EQ(r.body.find("database said no"), std::string::npos);
  EXPECT_NE(server->LogText().find("secret internals"), std::string::npos);
}

TEST(ServerTest, UploadRoutesTakeRawBytesWithTheirOwnLimit) {
  TestServerOptions o;
  o.extra_routes = [](Router& r, app::Services&) {
    r.Add({.method = "POST",
           .path = "/api/v1/test/files/{name}",
           .summary = "an upload",
           .tag = "test",
           .access = Access::Authenticated(),
           .request_schema = {{"type", "string"}, {"format", "binary"}},
           .max_body = 256 * 1024,
           .raw_body = true,
           .handler = [](Request& req) -> Response {
             return Json{{"name", req.Param("name")}, {"bytes", req.body().size()}};
           }});
  };
  auto server = MustStart(std::move(o));
  ASSERT_NE(server, nullptr);
  TestClient c = server->As(app::role::kInspector, "SCJG");
  const std::string png(200 * 1024, '\x89');
  Reply ok = c.Send("POST", "/api/v1/test/files/photo.png", png, "image/png");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["bytes"], png.size());
  EXPECT_EQ(ok.json["name"], "photo.png");
  ExpectJsonError(c.Send("POST", "/api/v1/test/files/big.png", std::string(300 * 1024, 'x'),
                         "image/png"),
                  413, "payload_too_large");
  // Still logged in and on a working connection after the refusal.
  EXPECT_EQ(c.Get("/api/v1/session").status, 200);
  ExpectJsonError(server->Anonymous().Send("POST", "/api/v1/test/files/x.png", "x", "image/png"),
                  401, "unauthenticated");
}

}  // namespace
}  // namespace sunlit::http
