// Server: `sunlit serve` — the event-driven HTTP server (event_server.h) on one address, the route table of routes.h, the
// checks every request passes before its handler, static files and the OpenAPI document.
//
// Per request, in order: route lookup (404/405 JSON; non-API GETs go to the web dir when
// one is set) → credentials (Authorization: Bearer <API token>, else the `sunlit_session`
// cookie; invalid ones → 401 unless the route is public) → the route's Access (401/403) →
// CSRF for state-changing routes called with the cookie (403 csrf_failed) → body limit (413)
// and, for JSON routes, Content-Type application/json (415) and strict parsing (400) → the
// handler (exceptions → 500, logged; a transient error → the whole request again, see
// ServerOptions::transient_retries) → security headers → one access-log line (method, path
// without query, status, ms, user; never bodies, cookies, tokens or passwords).
//
// Threads: one event loop per core holds every connection; routes declared `fast` run on
// the loop, the others on a pool of ServerOptions::threads workers. Keep-alive is on. Thread-safety: Start/Stop/Wait from one controlling thread; Stop may also
// be called from another thread (e.g. a signal watcher).
#ifndef SUNLIT_HTTP_SERVER_H_
#define SUNLIT_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/services.h"
#include "core/status.h"
#include "http/router.h"
#include "http/event_server.h"

#include <condition_variable>
#include <mutex>

#include "http/wire.h"

namespace sunlit::http {

inline constexpr std::string_view kSessionCookie = "sunlit_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = an ephemeral port (see Server::port())
  // The built web UI (index.html and assets); "" = no static files.
  std::string web_dir;
  // Worker threads = handlers that may wait, run at once; 0 = 16 × cores, within [32, 256].
  // (Connections are held by the event loops, not by threads.)
  int threads = 0;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 5;
  // A connection is closed after this many requests.
  int keep_alive_max_requests = 1000;
  // Add "Secure" to the session cookie (set when TLS terminates in front of Sunlit).
  bool secure_cookies = false;
  bool access_log = true;
  // A request whose handler fails with a transient error (Response::retryable) is run again
  // up to this many more times, after 20 ms, 40 ms, 80 ms … (each ±50 %, random), before
  // its 503 goes out with Retry-After. Safe because every use case is one transaction that
  // rolls back on error. Routes declared `fast` (run on an event loop) are not retried.
  int transient_retries = 3;
  // Where log lines go (one call per line, no newline); null = stderr.
  std::function<void(std::string_view)> log;
};

// Adds every route of the product to `router`: the one list of Register…Routes calls
// (server.cc). REQUIRES: `services` outlives the router.
void RegisterAllRoutes(Router& router, app::Services& services);

class Server {
 public:
  // REQUIRES: `services` outlives the server.
  Server(app::Services& services, ServerOptions options);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Routes added here before Start() are served too (tests add their own).
  Router& router() { return router_; }

  // Registers the routes (RegisterAllRoutes, then the built-in health and OpenAPI routes),
  // binds and serves on a background thread. Errors: kInternal for a bad route table,
  // kUnavailable when the address cannot be bound, kInvalidArgument for a bad web dir.
  Status Start();
  // The bound port (after Start), e.g. the ephemeral one chosen for port 0.
  int port() const { return port_; }
  std::string url() const;
  // Stops accepting, finishes requests in flight, joins. Idempotent.
  void Stop();
  // Blocks until the server stops.
  void Wait();

 private:
  void Handle(WireRequest& in, WireReply* out);
  void Log(std::string_view line) const;

  app::Services& services_;
  ServerOptions options_;
  Router router_;
  std::string web_root_;  // canonical web_dir
  std::vector<std::string> fast_paths_;  // GET routes declared `fast` (literal paths)
  std::unique_ptr<EventServer> http_;
  std::atomic<bool> started_{false};
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopped_ = false;
  int port_ = 0;
};

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_SERVER_H_
