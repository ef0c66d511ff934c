// The role × route table: every registered route — including routes other areas add later —
// is called anonymously and as each standard role, and the answer must be 401/403 exactly
// where the route's declared access says, and never a 5xx. Path parameters are filled with
// an id that does not exist and bodies with {}, so allowed calls end in 2xx/400/404/409.
#include <gtest/gtest.h>

#include <regex>

#include "app/access.h"
#include "http/test_server.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;

// "/api/v1/users/{id}" → "/api/v1/users/999999".
std::string Concrete(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex("\\{[^}/]+\\}"), "999999");
}

TEST(RoleMatrixTest, EveryRouteDeniesExactlyWhereItsAccessSays) {
  auto started = testing::TestServer::Start();
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  testing::TestServer& server = **started;
  const std::vector<std::string> roles = {
      std::string(app::role::kSystemAdmin), std::string(app::role::kDepartmentAdmin),
      std::string(app::role::kReviewer), std::string(app::role::kInspector),
      std::string(app::role::kPartnerStaff)};
  // Each role's permissions, as the server reports them at login.
  std::map<std::string, Json> permissions;
  for (const std::string& role : roles) {
    const std::string dept = role == app::role::kPartnerStaff ? "XFJY" : "SCJG";
    TestClient c = server.As(role, dept);
    Reply me = c.Get("/api/v1/session");
    ASSERT_EQ(me.status, 200) << role << " " << me.body;
    permissions[role] = me.json["permissions"];
  }

  int checked = 0;
  for (const Route& route : server.router().routes()) {
    const std::string path = Concrete(route.path);
    const bool has_body = route.ChangesState();
    for (const std::string& who : std::vector<std::string>{"anonymous"}) {
      TestClient anon = server.Anonymous();
      Reply r = has_body ? anon.Send(route.method, path, "{}", "application/json")
                         : anon.Send(route.method, path, "", "");
      SCOPED_TRACE(route.method + " " + route.path + " as " + who + ": " + r.body);
      ASSERT_NE(r.status, 0);
      EXPECT_LT(r.status, 500);
      if (route.access.kind == Access::Kind::kPublic) {
        EXPECT_NE(r.status, 401);
        EXPECT_NE(r.status, 403);
      } else {
        EXPECT_EQ(r.status, 401);
        EXPECT_EQ(r.ErrorCode(), "unauthenticated");
      }
      ++checked;
    }
    for (const std::string& role : roles) {
      const std::string dept = role == app::role::kPartnerStaff ? "XFJY" : "SCJG";
      // A fresh session per call: a route may end the session (logout) or change the user.
      TestClient c = server.As(role, dept);
      Reply r = has_body ? c.Send(route.method, path, "{}", "application/json")
                         : c.Send(route.method, path, "", "");
      SCOPED_TRACE(route.method + " " + route.path + " as " + role + ": " + r.body);
      ASSERT_NE(r.status, 0);
      EXPECT_LT(r.status, 500);
      EXPECT_NE(r.status, 401);
      const bool allowed = route.access.kind != Access::Kind::kPermission ||
                           permissions[role].contains(route.access.permission);
      if (allowed) {
        EXPECT_NE(r.status, 403);
      } else {
        EXPECT_EQ(r.status, 403);
        EXPECT_EQ(r.ErrorCode(), "permission_denied");
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(server.router().routes().size() * (roles.size() + 1)));
}

}  // namespace
}  // namespace sunlit::http
