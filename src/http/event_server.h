// EventServer: HTTP/1.1 over epoll — a few event-loop threads own every connection (accept,
// read, parse, write, keep-alive, timeouts) and a pool of worker threads runs the handlers
// that may block (database writes, password hashing, exports). Requests the application
// marks as short (a bounded read, e.g. the public result lookup) run on the loop thread
// itself, without a hand-over. docs/decisions/0010-event-driven-http.md says why (a thread
// per connection spent more time switching threads and polling than answering).
//
// Protocol: as wire.h (Content-Length bodies, keep-alive, pipelining, Expect: 100-continue,
// HTTP/1.0 closes). Protocol errors are answered by `on_error` (the application's JSON error
// body) and the connection is closed. Limits: the head (wire.h), the body (`max_body`, and
// per request through `check_body` before it is read), connections (`max_connections`: more
// are accepted and closed at once), read/write/keep-alive timeouts, requests per connection.
//
// Thread-safety: Start/Stop from one controlling thread (Stop also from another, once).
// Handlers run concurrently on loop and worker threads.
#ifndef SUNLIT_HTTP_EVENT_SERVER_H_
#define SUNLIT_HTTP_EVENT_SERVER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/status.h"
#include "http/wire.h"

namespace sunlit::http {

// What a handler answers.
struct WireReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // without Content-Length
  std::string body;
  bool close = false;  // close the connection after this response
};

struct EventServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;      // 0 = an ephemeral port
  int loops = 0;     // event-loop threads; 0 = the number of cores (at least 1)
  int workers = 64;  // threads for handlers that may block (>= 1)
  int read_timeout_seconds = 10;        // a started request must arrive within this
  int write_timeout_seconds = 10;       // a response must make progress within this
  int keep_alive_timeout_seconds = 5;   // an idle connection is closed after this
  int keep_alive_max_requests = 1000;   // then the connection closes
  size_t max_body = 1 << 20;            // any request body larger is refused (413)
  int max_connections = 10000;
  int backlog = 1024;

  // Runs a complete request. REQUIRED.
  std::function<void(WireRequest&, WireReply*)> handle;
  // True when `handle` may run on the loop thread for this request (short, bounded work).
  std::function<bool(const WireRequest&)> run_inline;
  // Called once the head is parsed, before the body is read: false refuses the request with
  // `*reply` (e.g. 413 for a body larger than its route allows); the connection then closes.
  std::function<bool(const WireRequest&, WireReply*)> check_body;
  // The body of a protocol error (400, 413, 414, 431, 501, 505) with `message`. REQUIRED.
  std::function<void(int status, std::string_view message, const WireRequest&, WireReply*)>
      on_error;
};

class EventServer {
 public:
  explicit EventServer(EventServerOptions options);
  ~EventServer();  // Stop()
  EventServer(const EventServer&) = delete;
  EventServer& operator=(const EventServer&) = delete;

  // Binds, listens and starts the threads. kUnavailable when the address cannot be bound.
  Status Start();
  int port() const { return port_; }
  // Stops accepting, lets requests in flight finish (at most a few seconds), closes every
  // connection and joins the threads. Idempotent.
  void Stop();

 private:
  struct Conn;
  class Loop;
  class WorkerPool;

  EventServerOptions options_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> started_{false};
  std::atomic<int> connections_{0};
  std::vector<std::unique_ptr<Loop>> loops_;
  std::unique_ptr<WorkerPool> workers_;
};

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_EVENT_SERVER_H_
