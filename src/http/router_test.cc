// Router: matching, specificity, 405 detection and the checks on a bad route table.
#include "http/router.h"

#include <gtest/gtest.h>

namespace sunlit::http {
namespace {

Route R(std::string method, std::string path) {
  return Route{.method = std::move(method),
               .path = std::move(path),
               .summary = "s",
               .tag = "t",
               .handler = [](Request&) -> Response { return Json::object(); }};
}

TEST(RouterTest, LiteralSegmentsWinOverParams) {
  Router r;
  r.Add(R("GET", "/api/v1/users/{id}"));
  r.Add(R("GET", "/api/v1/users/me"));
  ASSERT_TRUE(r.Check().ok());
  Router::Match m = r.Find("GET", "/api/v1/users/me");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->path, "/api/v1/users/me");
  m = r.Find("GET", "/api/v1/users/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->path, "/api/v1/users/{id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "42");
}

TEST(RouterTest, OtherMethodIsReportedForA405) {
  Router r;
  r.Add(R("GET", "/api/v1/x"));
  r.Add(R("DELETE", "/api/v1/x"));
  Router::Match m = r.Find("POST", "/api/v1/x");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"DELETE", "GET"}));
  m = r.Find("GET", "/api/v1/y");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed_methods.empty());
  EXPECT_NE(r.Find("HEAD", "/api/v1/x").route, nullptr);
}

TEST(RouterTest, EmptySegmentsDoNotMatchParams) {
  Router r;
  r.Add(R("GET", "/api/v1/users/{id}"));
  EXPECT_EQ(r.Find("GET", "/api/v1/users/").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/api/v1/users").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/api/v1/users/1/x").route, nullptr);
}

TEST(RouterTest, BadTablesAreRefused) {
  struct Case {
    const char* name;
    Route route;
  } cases[] = {
      {"method", R("FETCH", "/api/v1/a")},
      {"prefix", R("GET", "/v1/a")},
      {"partial param", R("GET", "/api/v1/a{b}")},
      {"empty segment", R("GET", "/api/v1//a")},
  };
  for (auto& c : cases) {
    Router r;
    r.Add(c.route);
    EXPECT_FALSE(r.Check().ok()) << c.name;
  }
  Router dup;
  dup.Add(R("GET", "/api/v1/a/{x}"));
  dup.Add(R("GET", "/api/v1/a/{y}"));
  EXPECT_FALSE(dup.Check().ok());
  Router perm;
  Route p = R("GET", "/api/v1/a");
  p.access = Access::Permission("no.such");
  perm.Add(p);
  EXPECT_FALSE(perm.Check().ok());
}

}  // namespace
}  // namespace sunlit::http
