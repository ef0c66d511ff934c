// Test support for every HTTP test: the real server on 127.0.0.1:<ephemeral> over
// app::Services on a temporary SQLite database with a hand-moved clock, users of any role
// in any department, and a client that logs in through the API and then carries the session
// cookie and the CSRF header like the web UI does.
//
//   auto server = TestServer::Start();            // ASSERT_TRUE(server.ok()) …
//   TestClient admin = (*server)->As(app::role::kDepartmentAdmin, "SCJG");
//   Reply r = admin.Post("/api/v1/users", {{"username", "li.si"}, {"roles", {"inspector"}}});
//   EXPECT_EQ(r.status, 201) << r.body;
//   EXPECT_EQ((*server)->Anonymous().Get("/api/v1/users").ErrorCode(), "unauthenticated");
//
// Not thread-safe except where noted; one TestServer per test (each has its own database).
#ifndef SUNLIT_HTTP_TEST_SERVER_H_
#define SUNLIT_HTTP_TEST_SERVER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/services.h"
#include "core/directory.h"
#include "core/result.h"
#include "http/json.h"
#include "http/router.h"
#include "http/server.h"

namespace sunlit::http::testing {

// The password of every user made by TestServer.
inline constexpr std::string_view kTestPassword = "correct horse battery";

// A clock the test moves by hand. Thread-safe.
class TestClock final : public app::Clock {
 public:
  explicit TestClock(std::string utc);  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string NowUtc() override;
  void Set(std::string utc);
  void Advance(int64_t seconds);

 private:
  std::mutex mu_;
  int64_t now_ = 0;
};

// One HTTP response.
struct Reply {
  int status = 0;  // 0 = no response (connection failed)
  std::string body;
  Json json;  // the parsed body; null when empty or not JSON
  std::vector<std::pair<std::string, std::string>> headers;

  // A header's value, case-insensitive ("" when absent; the first when repeated).
  std::string Header(std::string_view name) const;
  // json["error"]["code"] / ["message"] / ["field"], "" when absent.
  std::string ErrorCode() const;
  std::string ErrorMessage() const;
  std::string ErrorField() const;
};

// An HTTP client for one user (or nobody). Cheap to copy.
class TestClient {
 public:
  explicit TestClient(int port) : port_(port) {}

  // JSON requests. With a session, state-changing ones carry X-CSRF-Token (unless
  // set_send_csrf(false)); with a bearer token, Authorization.
  Reply Get(const std::string& path_and_query);
  Reply Post(const std::string& path, const Json& body = Json::object());
  Reply Put(const std::string& path, const Json& body = Json::object());
  Reply Patch(const std::string& path, const Json& body = Json::object());
  Reply Delete(const std::string& path);
  // Anything: raw body and content type ("" = none), extra headers; the session cookie,
  // CSRF header and bearer token are added as for the calls above.
  Reply Send(const std::string& method, const std::string& path, const std::string& body,
             const std::string& content_type,
             const std::vector<std::pair<std::string, std::string>>& headers = {});

  // POST /api/v1/session; on 200 keeps the cookie and CSRF token.
  Reply Login(std::string_view username, std::string_view password);
  void UseBearer(std::string token) { bearer_ = std::move(token); }

  bool logged_in() const { return !cookie_.empty(); }
  const std::string& cookie() const { return cookie_; }  // the session token
  const std::string& csrf() const { return csrf_; }
  void set_cookie(std::string c) { cookie_ = std::move(c); }
  void set_csrf(std::string c) { csrf_ = std::move(c); }
  void set_send_csrf(bool on) { send_csrf_ = on; }

 private:
  int port_;
  std::string cookie_;
  std::string csrf_;
  std::string bearer_;
  bool send_csrf_ = true;
};

struct TestUser {
  int64_t id = 0;
  std::string username;
  std::string password;
  std::string department;
  std::vector<std::string> roles;
  std::string inspector_code;
};

struct TestServerOptions {
  // Departments created before the server starts.
  std::vector<core::Department> departments = {{"SCJG", "湘潭市市场监督管理局", true},
                                               {"XFJY", "湘潭市消防救援支队", false},
                                               {"WSJK", "湘潭市卫生健康委员会", false}};
  std::string start_time = "2026-03-02T01:00:00Z";
  // The database: "" = a new SQLite file in the test's temporary directory; otherwise the
  // URL of an empty database (e.g. a fresh PostgreSQL database).
  std::string db_url;
  // The server's worker threads (handlers run at once).
  int threads = 16;
  // Cheap hashing (tests log in hundreds of times) and a generous per-ip limit (every test
  // client is 127.0.0.1); lock-out as in production.
  app::AccessOptions access = FastAccessOptions();
  std::string web_dir;
  // Extra routes (tests of the framework add their own); called before the server starts.
  std::function<void(Router&, app::Services&)> extra_routes;
  // Called with the Services before the server starts (to load fixtures).
  std::function<Status(app::Services&)> setup;

  static app::AccessOptions FastAccessOptions();
};

// ---- directories ----------------------------------------------------------------------------
// The demo's units, inspectors (3 per unit) and item lists, and 2 000 entities of 湘潭市
// (4303) generated with seed 9 and imported through the directory (so the in-memory index
// has them), as of 2026-03-01. For TestServerOptions::setup; the departments come from the
// options (app::DemoDepartments() for the demo's).
Status LoadDemoDirectory(app::Services& s);

// ---- a task seeded straight into the tables -------------------------------------------------
// For route tests that need checks with teams but not the draw that makes them: written by
// SeedTask in one transaction, bypassing the use cases (no log events).

// A checksum-valid credit code of 湘潭市雨湖区 (91430302…), different for each n < 10 000;
// `body` is the first 4 characters of the organisation code (e.g. "MA4W"), so that the
// fixtures of different tests do not share codes.
std::string FixtureCode(std::string_view body, int n);

struct SeededCheck {
  std::string state = "assigned";
  std::vector<std::string> team;  // inspector codes, all of SCJG
};
struct SeededTask {
  std::string code_body = "MA4W";   // FixtureCode's body
  std::string entity_name;          // entity i is named entity_name + i
  int entities = 0;                 // entities 1..entities, region 430302, industry 5211
  std::string address = "雨湖区";   // every entity's address …
  bool numbered_address = false;    // … followed by "i号" when set
  std::string title;                // of task XT-2026-0001 (SCJG lead, XFJY partner)
  std::vector<SeededCheck> checks;  // check k on entity k, region 430302, unit U1
};
// Writes the entities, inspectors I-001–I-003 (SCJG, 430302), item SCJG-001 and the task
// (state assigned, window 2026-09-01 – 2026-11-30) with its checks and teams.
Status SeedTask(app::Services& s, const SeededTask& task);

class TestServer {
 public:
  static Result<std::unique_ptr<TestServer>> Start(TestServerOptions options = {});
  ~TestServer();  // stops the server, removes the database

  app::Services& services() { return *services_; }
  TestClock& clock() { return clock_; }
  Server& server() { return *server_; }
  const Router& router() { return server_->router(); }
  int port() const { return server_->port(); }
  const std::string& dir() const { return dir_; }

  // Creates a user (as the local operator) with password kTestPassword.
  Result<TestUser> AddUser(const std::string& username, const std::string& department,
                           const std::vector<std::string>& roles,
                           const std::string& inspector_code = "");
  // A client logged in as the user with `role` in `department` (the user "<role>.<dept>",
  // lower case, is created at first use).
  TestClient As(std::string_view role, std::string_view department = "SCJG");
  TestClient Login(const TestUser& user);
  TestClient Anonymous() { return TestClient(port()); }

  // The server's log lines so far (access log and errors). Thread-safe.
  std::vector<std::string> LogLines() const;
  std::string LogText() const;

 private:
  TestServer(std::string start_time);

  std::string dir_;
  TestClock clock_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<Server> server_;
  std::map<std::string, TestUser> users_;
  mutable std::mutex log_mu_;
  std::vector<std::string> log_;
};

}  // namespace sunlit::http::testing

#endif  // SUNLIT_HTTP_TEST_SERVER_H_
