// Static files of the web UI through the real server: index, assets, the single-page app's
// own routes, and every way out of the web directory refused.
#include "http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "http/test_server.h"

namespace sunlit::http {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sunlit-web-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    Write(dir_ / "web/index.html", "<!doctype html><title>阳光监管</title>");
    Write(dir_ / "web/assets/app-1234.js", "console.log(1)");
    Write(dir_ / "web/.env", "SECRET=1");
    Write(dir_ / "secret.txt", "outside the web root");
    fs::create_symlink(dir_ / "secret.txt", dir_ / "web/link.txt");
    testing::TestServerOptions o;
    o.web_dir = (dir_ / "web").string();
    auto s = testing::TestServer::Start(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s).value();
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }
  testing::Reply Get(const std::string& path) { return server_->Anonymous().Get(path); }

  fs::path dir_;
  std::unique_ptr<testing::TestServer> server_;
};

TEST_F(StaticFilesTest, ServesIndexAssetsAndAppRoutes) {
  testing::Reply r = Get("/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("阳光监管"), std::string::npos);
  EXPECT_NE(r.Header("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(r.Header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
  r = Get("/assets/app-1234.js");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.Header("Content-Type").find("javascript"), std::string::npos);
  EXPECT_NE(r.Header("Cache-Control").find("immutable"), std::string::npos);
  r = Get("/tasks/42");  // a route of the single-page app
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<title>"), std::string::npos);
  EXPECT_EQ(Get("/missing.js").status, 404);
  EXPECT_EQ(Get("/api/v1/missing").ErrorCode(), "not_found");  // never index.html for the API
}

TEST_F(StaticFilesTest, RefusesEveryWayOut) {
  struct Case {
    std::string path;
    int status;
  } cases[] = {
      {"/../secret.txt", 400},
      {"/%2e%2e/secret.txt", 400},
      {"/assets/..%2f..%2fsecret.txt", 400},
      {"/assets/%2e%2e/%2e%2e/secret.txt", 400},
      {"/..%5csecret.txt", 400},
      {"/index.html%00.js", 400},
      {"/.env", 404},
      {"/link.txt", 404},
      {"/assets//app-1234.js", 400},
  };
  for (const Case& c : cases) {
    testing::Reply r = Get(c.path);
    EXPECT_EQ(r.status, c.status) << c.path << " " << r.body;
    EXPECT_FALSE(r.ErrorCode().empty()) << c.path;
    EXPECT_EQ(r.body.find("outside the web root"), std::string::npos) << c.path;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << c.path;
  }
}

TEST(StaticFilesUnitTest, ResolvesOnlyUnderTheRoot) {
  Response r = ServeStatic("/nonexistent-root", "/../../etc/passwd");
  EXPECT_EQ(r.status, 400);
  r = ServeStatic("/nonexistent-root", "/index.html");
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(CanonicalWebRoot("/nonexistent-root").ok());
}

}  // namespace
}  // namespace sunlit::http

namespace sunlit::http {
namespace {

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

TEST(StaticGzipTest, PrecompressedVariantOnlyWhenAccepted) {
  char tmpl[] = "/tmp/sunlit-web-gz-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path dir = tmpl;
  Write(dir / "assets/app-1.js", "console.log('plain')");
  Write(dir / "assets/app-1.js.gz", "GZIP-BYTES");
  Write(dir / "assets/other-2.js", "no variant");
  Write(dir / "index.html", "<!doctype html>");
  const std::string root = CanonicalWebRoot(dir.string()).value();

  Response gz = ServeStatic(root, "/assets/app-1.js", true);
  EXPECT_EQ(gz.body, "GZIP-BYTES");
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(gz, "Vary"), "Accept-Encoding");
  EXPECT_NE(gz.content_type.find("javascript"), std::string::npos);  // the file's own type

  Response plain = ServeStatic(root, "/assets/app-1.js", false);
  EXPECT_EQ(plain.body, "console.log('plain')");
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");

  Response none = ServeStatic(root, "/assets/other-2.js", true);
  EXPECT_EQ(none.body, "no variant");
  EXPECT_EQ(HeaderOf(none, "Content-Encoding"), "");
  fs::remove_all(dir);
}

TEST(StaticGzipTest, AcceptEncoding) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0.000"));
  EXPECT_FALSE(AcceptsGzip("gzipx"));
}

}  // namespace
}  // namespace sunlit::http
