// AccessService against a real SQLite file, a real ledger and a hand-moved clock: password
// storage, what reaches the database and the log, scopes of the caller, escalation.
#include "app/access.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <mutex>

#include "app/services.h"
#include "store/test_backend.h"

namespace sunlit::app {
namespace {

class HandClock final : public Clock {
 public:
  std::string NowUtc() override {
    std::lock_guard<std::mutex> lock(mu_);
    return FormatUtc(now_);
  }
  void Advance(int64_t s) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += s;
  }

 private:
  std::mutex mu_;
  int64_t now_ = 1772413200;  // 2026-03-02T01:00:00Z
};

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sunlit-access-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ServicesOptions o;
    o.db_url = store::testing::TestDatabaseUrl(dir_);
    o.key_path = dir_ + "/key";
    o.files_dir = dir_ + "/files";
    o.clock = &clock_;
    o.load_directory = false;
    o.access.pwhash_opslimit = 1;
    o.access.pwhash_memlimit = 8192;
    auto s = Services::Open(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString() << s.status().detail();
    services_ = std::move(s).value();
    auto tx = services_->store->Begin();
    ASSERT_TRUE(tx.ok());
    std::vector<core::Department> d = {{"SCJG", "市场监管局", true}, {"XFJY", "消防", false}};
    ASSERT_TRUE((*tx)->UpsertDepartments(d).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  void TearDown() override {
    services_.reset();
    std::filesystem::remove_all(dir_);
  }
  AccessService& access() { return *services_->access; }
  // Every text and blob in the database, as one string (to look for leaked secrets).
  // Read through the store's portable SQL, so that it works on every backend.
  std::string DumpDatabase() {
    std::string out;
    auto tx = services_->store->BeginRead();
    EXPECT_TRUE(tx.ok());
    if (!tx.ok()) return out;
    for (const char* table : {"users", "sessions", "api_tokens", "ledger_events"}) {
      const std::string sql = std::string("SELECT * FROM ") + table;
      EXPECT_TRUE((*tx)->sql().Query(sql, {}, [&out](const store::SqlRow& r) {
                    for (int i = 0; i < r.Columns(); ++i) {
                      out.append(r.Blob(i));
                      out += '\n';
                    }
                    return true;
                  }).ok());
    }
    return out;
  }
  Result<CreatedUser> Add(const Caller& by, std::string name, std::string dept,
                          std::vector<std::string> roles, std::string password = "") {
    NewUser u;
    u.username = std::move(name);
    u.department_code = std::move(dept);
    u.roles = std::move(roles);
    u.password = std::move(password);
    return access().CreateUser(by, u);
  }

  std::string dir_;
  HandClock clock_;
  std::unique_ptr<Services> services_;
};

TEST_F(AccessTest, SecretsAreStoredOnlyAsHashes) {
  const Caller root = Caller::System();
  auto u = Add(root, "li.na", "SCJG", {"inspector"}, "a long passphrase");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  auto login = access().Login("li.na", "a long passphrase", "10.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  auto token = access().CreateApiToken(root, u->user.id, "robot", "");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  const std::string db = DumpDatabase();
  EXPECT_NE(db.find("$argon2id$"), std::string::npos);
  EXPECT_EQ(db.find("a long passphrase"), std::string::npos);
  EXPECT_EQ(db.find(login->session_token), std::string::npos);
  EXPECT_EQ(db.find(login->csrf_token), std::string::npos);
  EXPECT_EQ(db.find(token->token), std::string::npos);
  EXPECT_NE(db.find("user_created"), std::string::npos);  // the ledger event …
  auto events = ledger::Ledger::Events(*services_->store, 0, 100);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].event.subject, "user:" + std::to_string(u->user.id));
  EXPECT_EQ((*events)[0].event.body.find("li.na"), std::string::npos);  // … without the name
}

TEST_F(AccessTest, CallerTakesTheWidestScopeOfItsRoles) {
  auto u = Add(Caller::System(), "two.hats", "SCJG", {"inspector", "reviewer"});
  ASSERT_TRUE(u.ok());
  auto login = access().Login("two.hats", u->generated_password, "ip");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  const Caller& c = login->caller;
  EXPECT_EQ(c.ScopeOf(perm::kTaskRead), Scope::kDepartment);  // reviewer D beats inspector O
  EXPECT_EQ(c.ScopeOf(perm::kCheckEnter), Scope::kOwn);
  EXPECT_EQ(c.ScopeOf(perm::kUsersAdmin), Scope::kNone);
  EXPECT_EQ(c.roles, (std::vector<std::string>{"inspector", "reviewer"}));
  EXPECT_TRUE(c.CanIn(perm::kTaskRead, "SCJG"));
  EXPECT_FALSE(c.CanIn(perm::kTaskRead, "XFJY"));
}

TEST_F(AccessTest, NoEscalationAndNoReachIntoOtherDepartments) {
  auto admin = Add(Caller::System(), "dept.admin", "SCJG", {"department_admin"});
  ASSERT_TRUE(admin.ok());
  auto login = access().Login("dept.admin", admin->generated_password, "ip");
  ASSERT_TRUE(login.ok());
  const Caller& c = login->caller;
  struct Case {
    std::string dept;
    std::vector<std::string> roles;
    StatusCode want;
  } cases[] = {
      {"SCJG", {"inspector"}, StatusCode::kOk},
      {"SCJG", {"department_admin"}, StatusCode::kOk},
      {"SCJG", {"system_admin"}, StatusCode::kPermissionDenied},
      {"XFJY", {"inspector"}, StatusCode::kPermissionDenied},
      {"", {"inspector"}, StatusCode::kPermissionDenied},
      {"SCJG", {"nope"}, StatusCode::kInvalidArgument},
      {"SCJG", {}, StatusCode::kInvalidArgument},
  };
  int n = 0;
  for (const Case& k : cases) {
    auto r = Add(c, "u" + std::to_string(++n) + ".x", k.dept, k.roles);
    EXPECT_EQ(r.status().code(), k.want) << k.dept << " " << n << " " << r.status().ToString();
  }
  auto root = Add(Caller::System(), "root.user", "", {"system_admin"});
  ASSERT_TRUE(root.ok()) << root.status().ToString();
  EXPECT_EQ(access().DisableUser(c, root->user.id).code(), StatusCode::kNotFound);
  EXPECT_EQ(access().SetRoles(c, admin->user.id, {"system_admin"}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(access().DisableUser(c, admin->user.id).code(), StatusCode::kFailedPrecondition);
}

TEST_F(AccessTest, LockOutCountsConsecutiveFailuresAndExpires) {
  auto u = Add(Caller::System(), "wu.gang", "SCJG", {"reviewer"}, "the right passphrase");
  ASSERT_TRUE(u.ok());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(access().Login("wu.gang", "wrong", "1.2.3.4").status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(access().Login("wu.gang", "the right passphrase", "1.2.3.4").status().code(),
            StatusCode::kResourceExhausted);
  auto listed = access().GetUser(Caller::System(), u->user.id);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->locked);
  clock_.Advance(15 * 60);
  EXPECT_TRUE(access().Login("wu.gang", "the right passphrase", "1.2.3.4").ok());
}

TEST_F(AccessTest, PasswordPolicy) {
  EXPECT_FALSE(AccessService::CheckPasswordPolicy("short").ok());
  EXPECT_FALSE(AccessService::CheckPasswordPolicy(std::string(257, 'a')).ok());
  EXPECT_FALSE(AccessService::CheckPasswordPolicy("ten chars\n!").ok());
  EXPECT_TRUE(AccessService::CheckPasswordPolicy("十个汉字的密码也可以的").ok());
  const std::string g = AccessService::GeneratePassword();
  EXPECT_EQ(g.size(), 16u);
  EXPECT_TRUE(AccessService::CheckPasswordPolicy(g).ok());
  EXPECT_NE(g, AccessService::GeneratePassword());
}

TEST_F(AccessTest, CsrfTokenIsTiedToTheSession) {
  EXPECT_EQ(AccessService::CsrfTokenFor("a"), AccessService::CsrfTokenFor("a"));
  EXPECT_NE(AccessService::CsrfTokenFor("a"), AccessService::CsrfTokenFor("b"));
  EXPECT_TRUE(AccessService::ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(AccessService::ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(AccessService::ConstantTimeEquals("abc", "abcd"));
}

TEST_F(AccessTest, ProductionHashingTakesTensOfMilliseconds) {
  // The stored string records the parameters: a hash made with production settings says so.
  AccessOptions prod;
  AccessService real(*services_->store, *services_->ledger, clock_, prod);
  NewUser u;
  u.username = "prod.hash";
  u.department_code = "SCJG";
  u.roles = {"inspector"};
  u.password = "production passphrase";
  ASSERT_TRUE(real.CreateUser(Caller::System(), u).ok());
  EXPECT_NE(DumpDatabase().find("$argon2id$v=19$m=65536,t=2,p=1$"), std::string::npos);
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(real.Login("prod.hash", "production passphrase", "ip").ok());
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GT(ms, 10.0);  // not accidentally cheap
  EXPECT_LT(ms, 2000.0);
}

}  // namespace
}  // namespace sunlit::app
