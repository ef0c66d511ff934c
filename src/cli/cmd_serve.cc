// `sunlit serve`: the platform on one address until SIGINT or SIGTERM.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <memory>
#include <string>

#include "app/services.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/db_flags.h"
#include "http/server.h"

namespace sunlit::cli {
namespace {

// "HOST:PORT" (HOST may be empty for 127.0.0.1, or "[v6]").
bool ParseListen(const std::string& s, std::string* host, int* port) {
  const size_t colon = s.rfind(':');
  if (colon == std::string::npos) return false;
  *host = s.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  if (host->empty()) *host = "127.0.0.1";
  const std::string p = s.substr(colon + 1);
  if (p.empty() || p.size() > 5) return false;
  int v = 0;
  for (const char c : p) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v > 65535) return false;
  *port = v;
  return true;
}

}  // namespace

int RunServe(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 2, {"db", "listen", "web", "threads", kKeyFileFlag, kFilesDirFlag},
                                  {"secure-cookies", "quiet"});
  if (!args.ok()) return Fail(args.status(), 2);
  if (!args->positional().empty()) {
    return Fail(
        "usage: sunlit serve [--db URL] [--listen HOST:PORT] [--web DIR] [--threads N] "
        "[--key-file PATH] [--files-dir DIR] [--secure-cookies] [--quiet]",
        2);
  }
  http::ServerOptions options;
  if (!ParseListen(args->Get("listen", "127.0.0.1:8080"), &options.host, &options.port)) {
    return Fail("--listen must be HOST:PORT, e.g. 127.0.0.1:8080", 2);
  }
  if (args->Has("threads")) {
    const std::string t = args->Get("threads");
    int n = 0;
    for (const char c : t) n = (c >= '0' && c <= '9' && n < 100000) ? n * 10 + (c - '0') : -1;
    if (t.empty() || n < 1 || n > 4096) return Fail("--threads must be between 1 and 4096", 2);
    options.threads = n;
  }
  options.web_dir = args->Get("web");
  options.secure_cookies = args->Has("secure-cookies");
  options.access_log = !args->Has("quiet");

  // Block the stop signals in every thread (the server's threads inherit the mask); this
  // thread waits for them with sigwait and stops the server cleanly.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // The signing key and evidence files as for every command (cli/db_flags.h).
  Result<app::ServicesOptions> so_or = ServicesOptionsOf(*args);
  if (!so_or.ok()) return Fail(so_or.status(), 2);
  const app::ServicesOptions& so = *so_or;
  Result<std::unique_ptr<app::Services>> services = app::Services::Open(so);
  if (!services.ok()) return Fail(services.status());
  (*services)->access->PurgeExpiredSessions().status().IgnoreError();

  http::Server server(**services, options);
  Status s = server.Start();
  if (!s.ok()) return Fail(s);
  std::printf("Sunlit (阳光监管) is serving %s on %s\n", so.db_url.c_str(), server.url().c_str());
  std::printf("  API: %s/api/v1 (OpenAPI: %s/api/v1/openapi.json)\n", server.url().c_str(),
              server.url().c_str());
  if (!options.web_dir.empty()) std::printf("  web: %s/\n", server.url().c_str());
  std::printf(
      "  log in: POST /api/v1/session {\"username\":…,\"password\":…}; "
      "stop with Ctrl-C\n");
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::fprintf(stderr, "sunlit serve: %s received, stopping\n",
               sig == SIGINT ? "SIGINT" : "SIGTERM");
  server.Stop();
  return 0;
}

}  // namespace sunlit::cli
