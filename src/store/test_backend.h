// Test support: the database URL a test should use, for the backend chosen by the
// environment, so that the same test executables run on SQLite and on PostgreSQL.
//
//   SUNLIT_TEST_BACKEND      "sqlite" (default) or "postgresql"
//   SUNLIT_TEST_PG_URL       a PostgreSQL server URL (any database on it), or
//   SUNLIT_TEST_PG_URL_FILE  a file holding that URL (written by scripts/pg-test, the ctest
//                            fixture of `make test`)
//
// On PostgreSQL every call creates a new database (sunlit_t_<pid>_<n>), dropped when the
// test that created it ends (and, at the latest, when the program exits). When PostgreSQL was chosen but no server is configured or reachable,
// the current test fails (ADD_FAILURE): a run that was supposed to exercise PostgreSQL must
// not pass without it. Only test executables include this header.
#ifndef SUNLIT_STORE_TEST_BACKEND_H_
#define SUNLIT_STORE_TEST_BACKEND_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_scratch.h"

namespace sunlit::store::testing {

// The PostgreSQL server URL of the environment; "" when none is configured.
inline std::string TestPostgresServerUrl() {
  if (const char* url = std::getenv("SUNLIT_TEST_PG_URL"); url != nullptr && *url != '\0') {
    return url;
  }
  if (const char* file = std::getenv("SUNLIT_TEST_PG_URL_FILE");
      file != nullptr && *file != '\0') {
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    return url;
  }
  return "";
}

// True when SUNLIT_TEST_BACKEND asks for PostgreSQL.
inline bool TestBackendIsPostgres() {
  const char* b = std::getenv("SUNLIT_TEST_BACKEND");
  return b != nullptr && (std::string_view(b) == "postgresql" || std::string_view(b) == "postgres");
}

// True when SUNLIT_TEST_PG_REQUIRED=1 (the ctest fixture of `make test`): a PostgreSQL test
// that finds no server fails instead of skipping.
inline bool TestPostgresRequired() {
  const char* r = std::getenv("SUNLIT_TEST_PG_REQUIRED");
  return r != nullptr && std::string_view(r) == "1";
}

// For suites parameterised by backend that name theirs explicitly (crash and concurrency
// tests): why the instance for `backend` ("sqlite" or "postgres") must not run in this
// process, or "" to run it. Each backend runs once per `make test`: the SQLite instance in
// the plain run, not again in the SUNLIT_TEST_BACKEND=postgresql run; the PostgreSQL
// instance wherever a server is configured (in `make test`: the _pg run). A PostgreSQL
// instance without a server is skipped, unless PostgreSQL was asked for
// (SUNLIT_TEST_BACKEND=postgresql or SUNLIT_TEST_PG_REQUIRED=1): then *failed is set too.
inline std::string BackendSkipReason(std::string_view backend, bool* failed) {
  *failed = false;
  if (backend == "sqlite") {
    return TestBackendIsPostgres() ? "SUNLIT_TEST_BACKEND=postgresql: SQLite runs in the plain run"
                                   : "";
  }
  if (!TestPostgresServerUrl().empty()) return "";
  *failed = TestBackendIsPostgres() || TestPostgresRequired();
  return "no PostgreSQL server: set SUNLIT_TEST_PG_URL or SUNLIT_TEST_PG_URL_FILE";
}

// The databases created by this process, dropped at exit.
class ScratchDatabases {
 public:
  static ScratchDatabases& Get() {
    static ScratchDatabases* const d = new ScratchDatabases();
    return *d;
  }
  // A new, empty database on `server`; its URL, or "" (and a test failure) when it cannot be
  // created.
  std::string Create(const std::string& server) {
    std::string name;
    {
      std::lock_guard<std::mutex> lock(mu_);
      name = "sunlit_t_" + std::to_string(::getpid()) + "_" + std::to_string(++count_);
      if (!registered_) {
        registered_ = true;
        std::atexit([] { Get().DropAll(); });
        ::testing::UnitTest::GetInstance()->listeners().Append(new DropAtTestEnd());
      }
      names_.push_back(name);
      server_ = server;
    }
    const Status s = postgres::CreateDatabase(server, name);
    if (!s.ok()) {
      ADD_FAILURE() << "cannot create a PostgreSQL test database on "
                    << server << ": " << s.ToString() << " [" << s.detail() << "]";
      return "";
    }
    return postgres::WithDatabase(server, name);
  }
  void DropAll() {
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& name : names_) postgres::DropDatabase(server_, name).IgnoreError();
    names_.clear();
  }

 private:
  // Drops the databases of a test when it ends (after its fixture is destroyed).
  class DropAtTestEnd : public ::testing::EmptyTestEventListener {
    void OnTestEnd(const ::testing::TestInfo&) override { Get().DropAll(); }
  };

  std::mutex mu_;
  bool registered_ = false;
  std::string server_;
  std::vector<std::string> names_;
  int count_ = 0;
};

// A fresh database URL for a test: "sqlite:<dir>/<sqlite_file>" on SQLite (the directory is
// the test's own temporary directory), a new scratch database on PostgreSQL.
inline std::string TestDatabaseUrl(const std::string& dir, std::string_view sqlite_file = "t.db") {
  if (!TestBackendIsPostgres()) return "sqlite:" + dir + "/" + std::string(sqlite_file);
  const std::string server = TestPostgresServerUrl();
  if (server.empty()) {
    ADD_FAILURE() << "SUNLIT_TEST_BACKEND=postgresql but neither SUNLIT_TEST_PG_URL nor "
                     "SUNLIT_TEST_PG_URL_FILE names a server";
    return "postgresql://unconfigured-test-server/none";
  }
  const std::string url = ScratchDatabases::Get().Create(server);
  return url.empty() ? "postgresql://unreachable-test-server/none" : url;
}

// A fresh PostgreSQL database on the configured server whatever SUNLIT_TEST_BACKEND says
// (dropped when the test ends); "" (and a test failure) when none can be created.
inline std::string FreshPostgresDatabaseUrl() {
  const std::string server = TestPostgresServerUrl();
  if (server.empty()) {
    ADD_FAILURE() << "no PostgreSQL server configured";
    return "";
  }
  return ScratchDatabases::Get().Create(server);
}

// After a process that used the PostgreSQL database `url` was killed: waits until the
// server has ended every session on that database (their transactions rolled back, their
// locks released), polling pg_stat_activity every 10 ms for at most `timeout_ms`. A killed
// client's backend notices the closed socket at once, but ends a moment later; a check run
// in that moment would wait on its locks. kUnavailable when sessions remain.
// REQUIRES: this process has no connection of its own open on that database.
inline Status WaitForNoSessions(const std::string& url, int timeout_ms = 10000) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgConnection> conn,
                          postgres::PgConnection::Open(url));
  int64_t others = -1;
  for (int waited = 0;; waited += 10) {
    SUNLIT_ASSIGN_OR_RETURN(
        others, conn->QueryInt("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                               "current_database() AND pid <> pg_backend_pid()",
                               {}, -1));
    if (others == 0) return Status::Ok();
    if (waited >= timeout_ms) break;
    ::usleep(10 * 1000);
  }
  return Unavailable(std::to_string(others) + " sessions of a killed process remain after " +
                          std::to_string(timeout_ms) + " ms");
}

}  // namespace sunlit::store::testing

#endif  // SUNLIT_STORE_TEST_BACKEND_H_
