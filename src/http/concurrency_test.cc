// Many clients at once through the real HTTP server (docs/robustness.md): clients racing to
// freeze, enter the randomness of and draw the same task (one pool, one randomness, one
// draw; the rest get the stored answer or a clear 4xx), several tasks frozen, drawn and
// staffed in parallel, inspectors entering results on different checks and on the same
// check (one winner per version, 409 for the others, no lost update in read-modify-write
// loops), reviewers approving and publishing at once. Every response is checked: never a
// 5xx; afterwards the transparency log verifies and holds exactly one event per change.
// Also the server's own retry of transient errors (a handler that reports the database
// busy is run again, and a persisting one ends as 503 with Retry-After, never 500).
//
// The database is a parameter (Backend) like the crash tests (app/crash_test.cc): SQLite in
// http_test, PostgreSQL in http_test_pg (a fresh database per test; skipped without a
// server, failed when one was required). The lock-out test runs on the backend of
// SUNLIT_TEST_BACKEND (test_server.h), so on both too.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/access.h"
#include "app/demo_data.h"
#include "app/gen.h"
#include "http/test_server.h"
#include "ledger/ledger.h"
#include "store/postgres/pg_migrations.h"
#include "store/test_backend.h"

namespace sunlit::http {
namespace {

using testing::Reply;
using testing::TestClient;
using testing::TestServer;
using testing::TestServerOptions;
using testing::TestUser;

// A database for one test: "" = the TestServer's own temporary SQLite file; otherwise
// url() names a fresh, empty database.
struct Backend {
  std::string name;
  std::function<std::string()> url;
};
std::ostream& operator<<(std::ostream& os, const Backend& b) { return os << b.name; }

// Runs fn(0) … fn(n − 1) on n threads released at the same moment.
void Together(int n, const std::function<void(int)>& fn) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::yield();
      fn(i);
    });
  }
  while (ready.load() < n) std::this_thread::yield();
  go.store(true);
  for (std::thread& t : threads) t.join();
}

// A task of the bureau alone over 雨湖区: eight checks of two SCJG inspectors each, its
// window open from the server's first day.
Json Draft(int n) {
  return Json{{"bureau", "XT"},
              {"title", "2026年雨湖区抽查第" + std::to_string(n) + "批"},
              {"kind", "random"},
              {"lead_department", "SCJG"},
              {"items", {{{"department", "SCJG"}, {"code", "SCJG-001"}}}},
              {"scope", {{"region_prefixes", {"430302"}}}},
              {"quotas",
               {{{"stratum", "A"}, {"kind", "count"}, {"value", 1}},
                {{"stratum", "B"}, {"kind", "count"}, {"value", 1}},
                {{"stratum", "C"}, {"kind", "count"}, {"value", 3}},
                {{"stratum", "D"}, {"kind", "count"}, {"value", 3}}}},
              {"reserve", 1},
              {"team", {{{"department", "SCJG"}, {"count", 2}}}},
              {"window_start", "2026-03-02"},
              {"window_end", "2026-05-31"},
              {"contact", {{"name", "王科长"}, {"phone", "0731-55550000"}}}};
}

const Json kSource = {{"name", "中国福利彩票 福彩3D"},
                      {"issue", "2026060期"},
                      {"how_written", "3个开奖号码，按开奖顺序"},
                      {"available_at", "2026-03-02T10:30:00+08:00"}};

Json Record(int64_t version, const std::string& summary = "现场检查") {
  return Json{{"version", version},
              {"checked_on", "2026-03-02"},
              {"methods", {"on_site"}},
              {"category", "no_problem"},
              {"summary", summary},
              {"follow_up", "none"},
              {"items", {{{"department", "SCJG"}, {"item", "SCJG-001"}, {"checked", true}}}}};
}

// Every response of a test, for the checks that hold for all of them.
class Replies {
 public:
  void Add(const std::string& what, const Reply& r) {
    std::lock_guard<std::mutex> lock(mu_);
    all_.emplace_back(what, r);
  }
  // No 5xx, no dropped connection, and every error a JSON error body.
  void ExpectNoServerErrors() {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [what, r] : all_) {
      EXPECT_GT(r.status, 0) << what << ": no response";
      EXPECT_LT(r.status, 500) << what << ": " << r.body;
      if (r.status >= 400) {
        EXPECT_FALSE(r.ErrorCode().empty()) << what << ": " << r.body;
      }
    }
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return all_.size();
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<std::string, Reply>> all_;
};

class ConcurrencyTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    bool required = false;
    const std::string skip = store::testing::BackendSkipReason(GetParam().name, &required);
    if (!skip.empty()) {
      if (required) FAIL() << skip;
      GTEST_SKIP() << skip;
    }
    TestServerOptions o;
    o.departments = app::DemoDepartments();
    o.setup = testing::LoadDemoDirectory;
    url_ = GetParam().url();
    o.db_url = url_;
    o.threads = 64;
    auto s = TestServer::Start(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status().ToString() << " " << s.status().detail();
    server_ = std::move(s).value();
    lead_ = server_->As(app::role::kDepartmentAdmin, "SCJG");
    ASSERT_TRUE(lead_.logged_in());
  }

  void TearDown() override {
    if (server_ == nullptr) return;
    replies_.ExpectNoServerErrors();
    auto verified = ledger::Ledger::Verify(server_->services().store.operator*());
    EXPECT_TRUE(verified.ok()) << verified.status().ToString();
    // No request answered 503 after retries either (the log says how often it retried).
    const std::string log = server_->LogText();
    EXPECT_EQ(log.find(" 503 "), std::string::npos) << log;
    int retried = 0;
    for (size_t at = log.find("retried "); at != std::string::npos;
         at = log.find("retried ", at + 1)) {
      ++retried;
    }
    RecordProperty("retried_requests", retried);
    std::printf("%s: %zu responses, %d requests retried by the server, no 5xx\n",
                GetParam().name.c_str(), replies_.size(), retried);
  }

  Reply Post(TestClient& c, const std::string& path, const Json& body) {
    Reply r = c.Post(path, body);
    replies_.Add("POST " + path, r);
    return r;
  }
  Reply Put(TestClient& c, const std::string& path, const Json& body) {
    Reply r = c.Put(path, body);
    replies_.Add("PUT " + path, r);
    return r;
  }
  Reply Get(TestClient& c, const std::string& path) {
    Reply r = c.Get(path);
    replies_.Add("GET " + path, r);
    return r;
  }

  std::string NewTask(int n) {
    Reply r = Post(lead_, "/api/v1/tasks", Draft(n));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("number", "");
  }

  // Events of `kind` whose subject is `subject` ("" = any).
  int Events(const std::string& kind, const std::string& subject = "") {
    auto events = ledger::Ledger::Events(*server_->services().store, 0, 1 << 20);
    EXPECT_TRUE(events.ok());
    int n = 0;
    if (!events.ok()) return n;
    for (const auto& e : *events) {
      if (e.event.kind == kind && (subject.empty() || e.event.subject == subject)) ++n;
    }
    return n;
  }
  int ResultEvents(int64_t check_id) {
    auto events = ledger::Ledger::Events(*server_->services().store, 0, 1 << 20);
    EXPECT_TRUE(events.ok());
    int n = 0;
    if (!events.ok()) return n;
    const std::string needle = "\"check_id\":" + std::to_string(check_id) + ",";
    for (const auto& e : *events) {
      if (e.event.kind == "result_entered" && e.event.body.find(needle) != std::string::npos) ++n;
    }
    return n;
  }

  // The lottery has drawn: the clock two hours on, and a fresh login (the idle session
  // ended).
  void AfterTheLottery() {
    server_->clock().Advance(2 * 3600);
    lead_ = server_->As(app::role::kDepartmentAdmin, "SCJG");
  }

  // Tasks drawn and staffed in parallel, one thread each.
  std::vector<std::string> DrawnAndStaffed(int tasks) {
    // Drafted at once: every draft gets its own number.
    std::vector<std::string> numbers(static_cast<size_t>(tasks));
    Together(tasks, [&](int i) {
      TestClient c = lead_;
      Reply r = Post(c, "/api/v1/tasks", Draft(i + 1));
      EXPECT_EQ(r.status, 201) << r.body;
      numbers[static_cast<size_t>(i)] = r.json.value("number", "");
    });
    EXPECT_EQ(std::set<std::string>(numbers.begin(), numbers.end()).size(),
              static_cast<size_t>(tasks));
    std::vector<Reply> frozen(numbers.size()), drawn(numbers.size()), staffed(numbers.size());
    Together(tasks, [&](int i) {
      TestClient c = lead_;
      frozen[i] = Post(c, "/api/v1/tasks/" + numbers[i] + "/freeze", {{"sources", {kSource}}});
    });
    for (const Reply& r : frozen) EXPECT_EQ(r.status, 200) << r.body;
    AfterTheLottery();
    Together(tasks, [&](int i) {
      TestClient c = lead_;
      const std::string base = "/api/v1/tasks/" + numbers[i];
      Reply k = Post(c, base + "/randomness", {{"values", {{3, 9, 1}}}});
      EXPECT_EQ(k.status, 200) << k.body;
      drawn[i] = Post(c, base + "/draw", Json::object());
      staffed[i] = Post(c, base + "/assignment", Json::object());
    });
    std::set<std::string> hashes;
    for (int i = 0; i < tasks; ++i) {
      EXPECT_EQ(drawn[i].status, 200) << drawn[i].body;
      EXPECT_TRUE(drawn[i].json.value("computed_now", false));
      hashes.insert(drawn[i].json.value("record_hash", ""));
      EXPECT_EQ(staffed[i].status, 200) << staffed[i].body;
      EXPECT_TRUE(staffed[i].json.value("feasible", false)) << staffed[i].body;
    }
    EXPECT_EQ(hashes.size(), static_cast<size_t>(tasks)) << "two tasks drew the same record";
    EXPECT_EQ(Events("draw_done"), tasks);
    EXPECT_EQ(Events("assignment"), tasks);
    return numbers;
  }

  // A logged-in client for each inspector on the teams of `checks` (by inspector code).
  std::map<std::string, TestClient> Inspectors(const Json& checks) {
    std::map<std::string, TestClient> out;
    for (const Json& c : checks) {
      for (const Json& m : c["inspectors"]) {
        const std::string code = m["inspector_code"];
        if (out.count(code)) continue;
        std::string name = "insp-" + code;
        for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        auto u = server_->AddUser(name, "SCJG", {"inspector"}, code);
        EXPECT_TRUE(u.ok()) << u.status().ToString();
        if (u.ok()) out.emplace(code, server_->Login(*u));
      }
    }
    return out;
  }

  std::string url_;  // "" on SQLite: the TestServer's own file
  std::unique_ptr<TestServer> server_;
  TestClient lead_{0};
  Replies replies_;
};

TEST_P(ConcurrencyTest, ClientsRacingOnOneTaskFreezeEnterAndDrawItOnce) {
  const std::string number = NewTask(1);
  const std::string base = "/api/v1/tasks/" + number;
  constexpr int kClients = 16;

  std::vector<Reply> frozen(kClients);
  Together(kClients, [&](int i) {
    TestClient c = lead_;
    frozen[i] = Post(c, base + "/freeze", {{"sources", {kSource}}});
  });
  std::set<std::string> commitments;
  for (const Reply& r : frozen) {
    if (r.status == 200) {
      commitments.insert(r.json["pool"].value("commitment", "") + "/" +
                         r.json["pool"].value("pool_root", ""));
    } else {
      EXPECT_GE(r.status, 400) << r.body;
    }
  }
  ASSERT_EQ(commitments.size(), 1u) << "clients were told of different pools";
  EXPECT_NE(*commitments.begin(), "/");
  EXPECT_EQ(Events("pool_frozen", number), 1);
  EXPECT_EQ(Events("task_frozen", number), 1);

  AfterTheLottery();
  std::atomic<int> entered{0};
  Together(kClients, [&](int) {
    TestClient c = lead_;
    Reply r = Post(c, base + "/randomness", {{"values", {{3, 9, 1}}}});
    if (r.status == 200) {
      entered.fetch_add(1);
    } else {
      EXPECT_EQ(r.status, 409) << r.body;
    }
  });
  EXPECT_EQ(entered.load(), 1);
  EXPECT_EQ(Events("randomness_entered", number), 1);

  std::vector<Reply> drawn(kClients);
  Together(kClients, [&](int i) {
    TestClient c = lead_;
    drawn[i] = Post(c, base + "/draw", Json::object());
  });
  int computed = 0;
  std::set<std::string> hashes;
  int64_t checks = -1;
  for (const Reply& r : drawn) {
    if (r.status != 200) {
      EXPECT_GE(r.status, 400) << r.body;
      continue;
    }
    if (r.json.value("computed_now", false)) ++computed;
    hashes.insert(r.json.value("record_hash", ""));
    checks = r.json.value("checks", int64_t{-1});
  }
  EXPECT_EQ(computed, 1) << "exactly one request draws; the others get its record";
  ASSERT_EQ(hashes.size(), 1u);
  EXPECT_EQ(hashes.begin()->size(), 64u);
  EXPECT_EQ(Events("draw_done", number), 1);
  EXPECT_EQ(Events("task_drawn", number), 1);
  Reply list = Get(lead_, base + "/checks");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["checks_total"], checks);
  EXPECT_EQ(checks, 8);

  // Staffing it at once: one run, the others are told of it.
  std::atomic<int> runs_now{0};
  std::set<std::string> result_hashes;
  std::mutex mu;
  Together(kClients, [&](int) {
    TestClient c = lead_;
    Reply r = Post(c, base + "/assignment", Json::object());
    if (r.status != 200) {
      EXPECT_GE(r.status, 400) << r.body;
      return;
    }
    EXPECT_TRUE(r.json.value("feasible", false)) << r.body;
    if (r.json.value("computed_now", false)) runs_now.fetch_add(1);
    std::lock_guard<std::mutex> lock(mu);
    result_hashes.insert(r.json.value("result_hash", ""));
  });
  EXPECT_EQ(runs_now.load(), 1);
  EXPECT_EQ(result_hashes.size(), 1u);
  EXPECT_EQ(Events("assignment", number), 1);
}

TEST_P(ConcurrencyTest, InspectorsAndReviewersAtOnceLoseNoUpdate) {
  const std::vector<std::string> numbers = DrawnAndStaffed(3);
  Json all = Json::array();
  for (const std::string& n : numbers) {
    Reply list = Get(lead_, "/api/v1/tasks/" + n + "/checks");
    ASSERT_EQ(list.status, 200) << list.body;
    for (const Json& c : list.json["items"]) all.push_back(c);
  }
  ASSERT_EQ(all.size(), 24u);
  std::map<std::string, TestClient> inspectors = Inspectors(all);
  for (const Json& c : all) {
    for (const Json& m : c["inspectors"]) ASSERT_TRUE(inspectors.count(m["inspector_code"]));
  }
  auto inspector_of = [&](const Json& check, int which) {
    const Json& team = check["inspectors"];
    return inspectors.at(team[static_cast<size_t>(which) % team.size()]["inspector_code"]);
  };

  // 1. Different checks at once: every entry succeeds (checks 0–15).
  Together(16, [&](int i) {
    const Json& c = all[static_cast<size_t>(i)];
    TestClient client = inspector_of(c, i);
    Reply r = Put(client, "/api/v1/checks/" + std::to_string(c["id"].get<int64_t>()) + "/result",
                  Record(c["version"].get<int64_t>()));
    EXPECT_EQ(r.status, 200) << r.body;
  });

  // 2. One check, both team members from several clients each, all with the version they
  // read: exactly one wins, the others are told 409.
  const Json& contested = all[16];
  const int64_t contested_id = contested["id"];
  std::atomic<int> winners{0};
  Together(12, [&](int i) {
    TestClient client = inspector_of(contested, i);
    Reply r = Put(client, "/api/v1/checks/" + std::to_string(contested_id) + "/result",
                  Record(contested["version"].get<int64_t>(), "录入" + std::to_string(i)));
    if (r.status == 200) {
      winners.fetch_add(1);
    } else {
      EXPECT_EQ(r.status, 409) << r.body;
      EXPECT_EQ(r.ErrorCode(), "aborted") << r.body;
    }
  });
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(ResultEvents(contested_id), 1);

  // 3. Read-modify-write loops on one check by both inspectors: every successful write is
  // a revision, none is lost.
  const Json& edited = all[17];
  const int64_t edited_id = edited["id"];
  const std::string path = "/api/v1/checks/" + std::to_string(edited_id) + "/result";
  constexpr int kWritesEach = 6;
  std::atomic<int> writes{0};
  Together(2, [&](int i) {
    TestClient client = inspector_of(edited, i);
    int mine = 0;
    for (int attempt = 0; mine < kWritesEach && attempt < 200; ++attempt) {
      Reply now = Get(client, path);
      ASSERT_EQ(now.status, 200) << now.body;
      Reply r = Put(client, path,
                    Record(now.json["version"].get<int64_t>(),
                           "第" + std::to_string(i) + "人第" + std::to_string(mine) + "次"));
      if (r.status == 200) {
        ++mine;
        writes.fetch_add(1);
      } else {
        ASSERT_EQ(r.status, 409) << r.body;
      }
    }
  });
  EXPECT_EQ(writes.load(), 2 * kWritesEach);
  Reply final_state = Get(lead_, path);
  ASSERT_EQ(final_state.status, 200);
  EXPECT_EQ(final_state.json["result"]["revision"], 2 * kWritesEach);
  EXPECT_EQ(ResultEvents(edited_id), 2 * kWritesEach);

  // 4. Reviewers: several approve different checks at once (all succeed), and several
  // approve one check with the same version (one wins).
  std::vector<TestClient> reviewers;
  for (int i = 0; i < 4; ++i) {
    auto u = server_->AddUser("reviewer-" + std::to_string(i), "SCJG", {"reviewer"});
    ASSERT_TRUE(u.ok()) << u.status().ToString();
    reviewers.push_back(server_->Login(*u));
  }
  auto version_of = [&](int64_t id) {
    Reply r = Get(lead_, "/api/v1/checks/" + std::to_string(id) + "/result");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.value("version", int64_t{0});
  };
  std::vector<int64_t> versions(16);
  for (size_t i = 0; i < 16; ++i) versions[i] = version_of(all[i]["id"]);
  Together(15, [&](int i) {
    TestClient c = reviewers[static_cast<size_t>(i) % reviewers.size()];
    Reply r = Post(c, "/api/v1/checks/" + std::to_string(all[i]["id"].get<int64_t>()) + "/approve",
                   {{"version", versions[i]}});
    EXPECT_EQ(r.status, 200) << r.body;
  });
  std::atomic<int> approvals{0};
  const int64_t last_id = all[15]["id"];
  Together(8, [&](int i) {
    TestClient c = reviewers[static_cast<size_t>(i) % reviewers.size()];
    Reply r = Post(c, "/api/v1/checks/" + std::to_string(last_id) + "/approve",
                   {{"version", versions[15]}});
    if (r.status == 200) {
      approvals.fetch_add(1);
    } else {
      EXPECT_EQ(r.status, 409) << r.body;
    }
  });
  EXPECT_EQ(approvals.load(), 1);
  EXPECT_EQ(Events("result_approved"), 16);

  // 5. Publication of the sixteen at once, while inspectors keep entering the rest.
  for (size_t i = 0; i < 16; ++i) versions[i] = version_of(all[i]["id"]);
  Together(24, [&](int i) {
    if (i < 16) {
      TestClient c = reviewers[static_cast<size_t>(i) % reviewers.size()];
      Reply r =
          Post(c, "/api/v1/checks/" + std::to_string(all[i]["id"].get<int64_t>()) + "/publish",
               {{"version", versions[static_cast<size_t>(i)]}});
      EXPECT_EQ(r.status, 200) << r.body;
    } else if (i >= 18) {
      const Json& c = all[static_cast<size_t>(i)];
      TestClient client = inspector_of(c, i);
      Reply r = Put(client, "/api/v1/checks/" + std::to_string(c["id"].get<int64_t>()) + "/result",
                    Record(c["version"].get<int64_t>()));
      EXPECT_EQ(r.status, 200) << r.body;
    }
  });
  EXPECT_EQ(Events("result_published"), 16);
  EXPECT_EQ(Events("result_entered"), 16 + 1 + 2 * kWritesEach + 6);
  EXPECT_GT(replies_.size(), 100u);
}

// A real deadlock on PostgreSQL, and the server's retry that resolves it: another session
// (an operator's psql, say) holds the task's row and then asks for Sunlit's writer lock while
// a freeze, holding that lock, waits for the row. The freeze's transaction runs the deadlock
// detector first (deadlock_timeout 1 s against the other's 60 s), is the victim (SQLSTATE
// 40P01 → kUnavailable), rolls back and is run again by the server once the other session
// has committed: the client gets 200, the log says "retried 1x", the task is frozen once.
// SQLite cannot deadlock (one writer, taken at BEGIN IMMEDIATE).
TEST_P(ConcurrencyTest, ADeadlockVictimIsRetriedByTheServerAndTheClientSeesNoError) {
  if (url_.empty()) GTEST_SKIP() << "no deadlock on SQLite";
  const std::string number = NewTask(1);
  auto other = store::postgres::PgConnection::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status().detail();
  ASSERT_TRUE((*other)
                  ->Exec("BEGIN; SET LOCAL deadlock_timeout = '60s'; SELECT 1 FROM tasks "
                         "WHERE number = '" +
                         number + "' FOR UPDATE")
                  .ok());
  Reply frozen;
  std::thread client([&] {
    TestClient c = lead_;
    frozen = Post(c, "/api/v1/tasks/" + number + "/freeze", {{"sources", {kSource}}});
  });
  // The freeze is waiting for the task's row (bounded poll: 10 s).
  auto watcher = store::postgres::PgConnection::Open(url_);
  ASSERT_TRUE(watcher.ok());
  int64_t waiting = 0;
  for (int i = 0; i < 1000 && waiting == 0; ++i) {
    auto n = (*watcher)->QueryInt(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
        "current_database() AND wait_event_type = 'Lock'",
        {}, 0);
    ASSERT_TRUE(n.ok());
    waiting = *n;
    if (waiting == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(waiting, 1) << "the freeze never waited for the row";
  // Now the cycle: the other session waits for the writer lock the freeze holds.
  const Status got_lock = (*other)->Exec("SELECT pg_advisory_xact_lock(" +
                                         std::to_string(store::postgres::kWriterLockKey) + ")");
  EXPECT_TRUE(got_lock.ok()) << got_lock.detail();
  ASSERT_TRUE((*other)->Exec("COMMIT").ok());
  client.join();
  EXPECT_EQ(frozen.status, 200) << frozen.body;
  const std::string log = server_->LogText();
  EXPECT_NE(log.find("retried 1x"), std::string::npos) << log;
  EXPECT_EQ(Events("pool_frozen"), 1);
  EXPECT_EQ(Events("task_frozen"), 1);
}

// "" is the TestServer's own SQLite file here: the SQLite instance is skipped when
// SUNLIT_TEST_BACKEND=postgresql (BackendSkipReason).
INSTANTIATE_TEST_SUITE_P(Sqlite, ConcurrencyTest,
                         ::testing::Values(Backend{"sqlite", [] { return std::string(); }}),
                         [](const auto& p) { return p.param.name; });
INSTANTIATE_TEST_SUITE_P(Postgres, ConcurrencyTest,
                         ::testing::Values(Backend{"postgres",
                                                   store::testing::FreshPostgresDatabaseUrl}),
                         [](const auto& p) { return p.param.name; });

// Lock-out under concurrency: forty wrong passwords sent at once are counted like forty
// sent one by one — the account locks after five, no guess beyond the five is even checked,
// no later guess clears the lock, and the right password is refused while it lasts.
TEST(LockOutConcurrencyTest, ConcurrentWrongPasswordsCannotOutrunOrUndoTheLockOut) {
  TestServerOptions o;
  o.access.pwhash_memlimit = size_t{4} << 20;  // slow enough that the guesses overlap
  o.threads = 48;
  auto server = TestServer::Start(std::move(o));
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  auto user = (*server)->AddUser("target.user", "SCJG", {"inspector"});
  ASSERT_TRUE(user.ok());
  std::atomic<int> wrong{0};
  std::atomic<int> locked{0};
  std::atomic<int> other{0};
  Together(40, [&](int i) {
    TestClient c = (*server)->Anonymous();
    Reply r = c.Login("target.user", "guess-" + std::to_string(i));
    if (r.status == 401) {
      wrong.fetch_add(1);
    } else if (r.status == 429) {
      locked.fetch_add(1);
    } else {
      other.fetch_add(1);
      ADD_FAILURE() << r.status << " " << r.body;
    }
  });
  EXPECT_EQ(wrong.load(), 5) << "guesses checked beyond the lock-out threshold";
  EXPECT_EQ(locked.load(), 35);
  EXPECT_EQ(other.load(), 0);
  TestClient right = (*server)->Anonymous();
  Reply r = right.Login("target.user", testing::kTestPassword);
  EXPECT_EQ(r.status, 429) << "the lock-out was undone: " << r.body;
}

// The server's retry of transient errors, on a route that reports the database busy.
TEST(ServerRetryTest, TransientErrorsAreRetriedAndAPersistingOneIs503NeverA500) {
  std::atomic<int> flaky_calls{0};
  std::atomic<int> busy_calls{0};
  TestServerOptions o;
  o.extra_routes = [&](Router& router, app::Services&) {
    Route flaky;
    flaky.method = "POST";
    flaky.path = "/api/v1/test/flaky";
    flaky.summary = "fails twice with the database busy, then succeeds";
    flaky.tag = "test";
    flaky.access = Access::Public();
    flaky.request_schema = Json{{"type", "object"}};
    flaky.handler = [&](Request&) -> Response {
      if (flaky_calls.fetch_add(1) < 2) return Unavailable("the database is busy; try again later");
      return Json{{"calls", flaky_calls.load()}};
    };
    router.Add(flaky);
    Route busy = flaky;
    busy.path = "/api/v1/test/busy";
    busy.summary = "always busy";
    busy.handler = [&](Request&) -> Response {
      busy_calls.fetch_add(1);
      return Unavailable("the database is busy; try again later", "SQLITE_BUSY (test)");
    };
    router.Add(busy);
  };
  auto server = TestServer::Start(std::move(o));
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  TestClient anyone = (*server)->Anonymous();

  Reply ok = anyone.Post("/api/v1/test/flaky");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json.value("calls", 0), 3);
  EXPECT_EQ(flaky_calls.load(), 3);

  Reply busy = anyone.Post("/api/v1/test/busy");
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_EQ(busy.ErrorCode(), "unavailable");
  EXPECT_EQ(busy.Header("Retry-After"), "1");
  EXPECT_EQ(busy.body.find("SQLITE"), std::string::npos) << "the detail went to the client";
  EXPECT_EQ(busy_calls.load(), 4);  // the request and three retries
  const std::string log = (*server)->LogText();
  EXPECT_NE(log.find("retried 2x"), std::string::npos) << log;
  EXPECT_NE(log.find("retried 3x"), std::string::npos) << log;
}

}  // namespace
}  // namespace sunlit::http
