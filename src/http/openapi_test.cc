// The OpenAPI document is generated from the route table: every route is in it with its
// method, access and path parameters, and nothing else is.
#include "http/openapi.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "http/test_server.h"

namespace sunlit::http {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

TEST(OpenApiTest, EveryRouteIsDocumentedAndNothingElse) {
  auto server = testing::TestServer::Start();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  testing::Reply r = (*server)->Anonymous().Get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json& doc = r.json;
  EXPECT_EQ(doc["openapi"], "3.0.3");
  const Router& router = (*server)->router();
  ASSERT_GT(router.routes().size(), 10u);

  std::set<std::pair<std::string, std::string>> in_table;
  for (const Route& route : router.routes()) {
    const std::string m = Lower(route.method);
    in_table.insert({route.path, m});
    ASSERT_TRUE(doc["paths"].contains(route.path)) << route.path;
    ASSERT_TRUE(doc["paths"][route.path].contains(m)) << route.method << " " << route.path;
    const Json& op = doc["paths"][route.path][m];
    EXPECT_EQ(op["summary"], route.summary);
    EXPECT_EQ(op["x-sunlit-access"], route.access.Describe()) << route.path;
    EXPECT_EQ(op["x-sunlit-csrf"], route.ChangesState() && !route.csrf_exempt);
    std::set<std::string> declared;
    if (op.contains("parameters")) {
      for (const Json& p : op["parameters"]) {
        if (p["in"] == "path") declared.insert(p["name"].get<std::string>());
      }
    }
    const std::vector<std::string> params = PathParams(route.path);
    EXPECT_EQ(declared, std::set<std::string>(params.begin(), params.end())) << route.path;
    EXPECT_TRUE(op["responses"].contains("default"));
  }
  size_t in_doc = 0;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      ++in_doc;
      EXPECT_TRUE(in_table.count({path, method}))
          << "documented but not served: " << method << " " << path;
    }
  }
  EXPECT_EQ(in_doc, in_table.size());
}

}  // namespace
}  // namespace sunlit::http
