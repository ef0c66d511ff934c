// EventServer: see event_server.h.
//
// Each loop owns its connections outright: only its thread reads, writes, times out or closes
// them. A request handed to a worker marks its connection busy (no reading, no timeout); the
// worker serialises the reply and posts it back through the loop's completion queue and
// eventfd, and the loop writes it. So a connection is never touched by two threads at once,
// and a busy connection is never freed under a worker.
#include "http/event_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <netdb.h>

namespace sunlit::http {
namespace {

using Clock = std::chrono::steady_clock;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct EventServer::Conn {
  int fd = -1;
  std::string peer;
  std::string in;       // bytes read, not yet consumed
  std::string out;      // bytes to write
  size_t out_pos = 0;
  WireRequest req;
  bool head_done = false;
  size_t head_bytes = 0;
  bool busy = false;         // a worker has its request
  bool interim = false;      // `out` is a 100 Continue, the request continues
  bool linger = false;       // after the closing reply, read and discard what still comes
  bool draining = false;     // lingering: the reply is out, reads are discarded until EOF
  bool close_after = false;  // close once `out` is written
  bool peer_closed = false;
  int requests = 0;
  int64_t deadline_ms = 0;
  uint32_t events = 0;  // the epoll interest currently registered
};

class EventServer::WorkerPool {
 public:
  explicit WorkerPool(int n) {
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~WorkerPool() { Join(); }
  void Submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
  }
  // Runs what is queued, then joins.
  void Join() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
    threads_.clear();
  }

 private:
  void Run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
        if (tasks_.empty()) return;  // stop_ and nothing left
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

class EventServer::Loop {
 public:
  Loop(EventServer& server) : server_(server), opt_(server.options_) {}
  ~Loop() {
    for (auto& [fd, c] : conns_) ::close(fd);
    if (epfd_ >= 0) ::close(epfd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
  }

  Status Init() {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epfd_ < 0 || wake_fd_ < 0) return Unavailable("cannot create an event loop");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_fd_;
    ::epoll_ctl(epfd_, EPOLL_CTL_ADD, wake_fd_, &ev);
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;
    ev.data.fd = server_.listen_fd_;
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, server_.listen_fd_, &ev) != 0) {
      return Unavailable("cannot watch the listening socket");
    }
    return Status::Ok();
  }

  void StartThread() { thread_ = std::thread([this] { Run(); }); }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  void Wake() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }
  void RequestStop() {
    stopping_.store(true);
    Wake();
  }

  // From a worker: the serialised reply of a busy connection.
  void Complete(Conn* c, std::string bytes, bool close) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_.push_back(Done{c, std::move(bytes), close});
    }
    Wake();
  }

 private:
  struct Done {
    Conn* conn;
    std::string bytes;
    bool close;
  };

  void Run() {
    epoll_event events[128];
    int64_t next_sweep = NowMs() + 250;
    int64_t stop_deadline = 0;
    for (;;) {
      const bool stopping = stopping_.load();
      if (stopping) {
        if (stop_deadline == 0) {
          stop_deadline = NowMs() + 5000;
          ::epoll_ctl(epfd_, EPOLL_CTL_DEL, server_.listen_fd_, nullptr);
        }
        if (busy_ == 0 || NowMs() > stop_deadline) break;
      }
      const int n = ::epoll_wait(epfd_, events, 128, 250);
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == wake_fd_) {
          uint64_t v;
          while (::read(wake_fd_, &v, sizeof v) > 0) {
          }
          DrainCompletions();
        } else if (fd == server_.listen_fd_) {
          if (!stopping_.load()) Accept();
        } else {
          auto it = conns_.find(fd);
          if (it == conns_.end()) continue;
          OnEvent(it->second.get(), events[i].events);
        }
      }
      const int64_t now = NowMs();
      if (now >= next_sweep) {
        Sweep(now);
        next_sweep = now + 250;
      }
    }
    DrainCompletions();
  }

  void Accept() {
    for (;;) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      const int fd = ::accept4(server_.listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len,
                               SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN (another loop took it) or a transient error
      if (server_.connections_.fetch_add(1) >= opt_.max_connections) {
        server_.connections_.fetch_sub(1);
        ::close(fd);
        continue;
      }
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      auto c = std::make_unique<Conn>();
      c->fd = fd;
      char ip[INET6_ADDRSTRLEN] = "";
      if (addr.ss_family == AF_INET) {
        ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&addr)->sin_addr, ip, sizeof ip);
      } else if (addr.ss_family == AF_INET6) {
        ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&addr)->sin6_addr, ip, sizeof ip);
      }
      c->peer = ip;
      c->deadline_ms = NowMs() + opt_.keep_alive_timeout_seconds * 1000LL;
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.fd = fd;
      c->events = ev.events;
      if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
        ::close(fd);
        server_.connections_.fetch_sub(1);
        continue;
      }
      conns_.emplace(fd, std::move(c));
    }
  }

  void SetInterest(Conn* c, uint32_t events) {
    if (c->events == events) return;
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = c->fd;
    ::epoll_ctl(epfd_, EPOLL_CTL_MOD, c->fd, &ev);
    c->events = events;
  }

  void Close(Conn* c) {
    ::epoll_ctl(epfd_, EPOLL_CTL_DEL, c->fd, nullptr);
    ::close(c->fd);
    server_.connections_.fetch_sub(1);
    conns_.erase(c->fd);  // frees c
  }

  void OnEvent(Conn* c, uint32_t events) {
    if (c->draining) {
      char buf[16384];
      for (;;) {
        const ssize_t n = ::recv(c->fd, buf, sizeof buf, 0);
        if (n > 0) continue;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        Close(c);  // EOF or error
        return;
      }
    }
    if (c->busy) {
      // Interest is 0 while a worker has the request, but a reset connection still reports
      // EPOLLHUP/EPOLLERR (level-triggered): stop watching it; the completion closes it.
      if (events & (EPOLLHUP | EPOLLERR)) {
        c->peer_closed = true;
        ::epoll_ctl(epfd_, EPOLL_CTL_DEL, c->fd, nullptr);
      }
      return;
    }
    if (events & EPOLLOUT) {
      if (!Flush(c)) return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
      if (!ReadAll(c)) return;
    }
    Process(c);
  }

  // Reads what is available. False when the connection was closed.
  bool ReadAll(Conn* c) {
    char buf[16384];
    for (;;) {
      const ssize_t n = ::recv(c->fd, buf, sizeof buf, 0);
      if (n > 0) {
        if (c->in.empty() && !c->head_done) {
          c->deadline_ms = NowMs() + opt_.read_timeout_seconds * 1000LL;
        }
        c->in.append(buf, static_cast<size_t>(n));
        if (static_cast<size_t>(n) < sizeof buf) return true;
        // Enough for any acceptable request: parse before reading more (a body larger than
        // allowed is refused by its head; the rest stays in the socket).
        if (c->in.size() > kMaxHeadBytes + opt_.max_body) return true;
        continue;
      }
      if (n == 0) {
        c->peer_closed = true;
        if (c->in.empty() || c->out_pos < c->out.size()) {
          Close(c);
          return false;
        }
        return true;  // answer what was sent, then close
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
      if (errno == EINTR) continue;
      Close(c);
      return false;
    }
  }

  // Parses and runs complete requests from `in` while the connection is free.
  void Process(Conn* c) {
    while (!c->busy && c->out_pos >= c->out.size()) {
      if (!c->head_done) {
        c->req = WireRequest{};
        const HeadParse p = ParseRequestHead(c->in, &c->req, &c->head_bytes);
        if (p == HeadParse::kIncomplete) {
          if (c->peer_closed) {
            Close(c);
            return;
          }
          SetInterest(c, EPOLLIN | EPOLLRDHUP);
          return;
        }
        if (p != HeadParse::kOk) {
          const int status = p == HeadParse::kTooLarge         ? 431
                             : p == HeadParse::kUriTooLong     ? 414
                             : p == HeadParse::kNotImplemented ? 501
                                                               : 400;
          const char* message = status == 431   ? "the request header is too large"
                                : status == 414 ? "the request URI is too long"
                                : status == 501 ? "chunked request bodies are not supported"
                                                : "bad request";
          ReplyError(c, status, message);
          return;
        }
        c->head_done = true;
        c->req.remote_addr = c->peer;
        if (c->req.content_length > opt_.max_body) {
          ReplyError(c, 413, "the request body is too large");
          return;
        }
        if (opt_.check_body) {
          WireReply refused;
          if (!opt_.check_body(c->req, &refused)) {
            refused.close = true;
            c->linger = true;
            c->in.clear();
            Send(c, std::move(refused), /*head_only=*/false);
            return;
          }
        }
        if (c->req.expect_continue && c->req.content_length > 0 &&
            c->in.size() < c->head_bytes + c->req.content_length) {
          c->out = "HTTP/1.1 100 Continue\r\n\r\n";
          c->out_pos = 0;
          c->interim = true;
          if (!Flush(c) || c->out_pos < c->out.size()) return;  // closed, or EPOLLOUT armed
        }
      }
      const size_t need = c->head_bytes + static_cast<size_t>(c->req.content_length);
      if (c->in.size() < need) {
        if (c->peer_closed) {
          Close(c);
          return;
        }
        SetInterest(c, EPOLLIN | EPOLLRDHUP);
        return;
      }
      c->req.body.assign(c->in, c->head_bytes, static_cast<size_t>(c->req.content_length));
      c->in.erase(0, need);
      c->head_done = false;
      ++c->requests;
      if (!Dispatch(c)) return;
    }
  }

  void ReplyError(Conn* c, int status, std::string_view message) {
    WireReply r;
    r.status = status;
    opt_.on_error(status, message, c->req, &r);
    r.close = true;
    c->linger = true;
    c->in.clear();
    Send(c, std::move(r), false);  // closes
  }

  static bool KeepAlive(const Conn* c, const WireReply& r, int max_requests) {
    return !r.close && c->req.keep_alive && !c->peer_closed && c->requests < max_requests;
  }

  // Runs the request of `c`, inline or on a worker. False when the connection was closed.
  bool Dispatch(Conn* c) {
    const bool head_only = c->req.method == "HEAD";
    if (opt_.run_inline && opt_.run_inline(c->req)) {
      WireReply r;
      opt_.handle(c->req, &r);
      return Send(c, std::move(r), head_only);
    }
    c->busy = true;
    ++busy_;
    SetInterest(c, 0);
    auto req = std::make_shared<WireRequest>(std::move(c->req));
    c->req = WireRequest{};
    c->req.keep_alive = req->keep_alive;
    c->req.method = req->method;
    const int max_requests = opt_.keep_alive_max_requests;
    const bool keep = req->keep_alive && !c->peer_closed && c->requests < max_requests;
    server_.workers_->Submit([this, c, req, head_only, keep] {
      WireReply r;
      opt_.handle(*req, &r);
      const bool keep_alive = keep && !r.close;
      std::string bytes;
      AppendResponse(r.status, r.headers, r.body, head_only, keep_alive, &bytes);
      Complete(c, std::move(bytes), !keep_alive);
    });
    return true;
  }

  // Writes a reply. False when the connection was closed.
  bool Send(Conn* c, WireReply r, bool head_only) {
    const bool keep_alive = KeepAlive(c, r, opt_.keep_alive_max_requests);
    c->out.clear();
    c->out_pos = 0;
    c->interim = false;
    AppendResponse(r.status, r.headers, r.body, head_only, keep_alive, &c->out);
    c->close_after = !keep_alive;
    return Flush(c);
  }

  void DrainCompletions() {
    std::vector<Done> done;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done.swap(done_);
    }
    for (Done& d : done) {
      Conn* c = d.conn;
      c->busy = false;
      --busy_;
      c->out = std::move(d.bytes);
      c->out_pos = 0;
      c->interim = false;
      c->close_after = d.close || c->peer_closed || stopping_.load();
      if (Flush(c)) Process(c);
    }
  }

  // Writes what it can of `out`. False when the connection was closed or lingers (written and
  // close_after, or an error); true otherwise (EPOLLOUT armed when not all was written).
  bool Flush(Conn* c) {
    while (c->out_pos < c->out.size()) {
      const ssize_t n = ::send(c->fd, c->out.data() + c->out_pos, c->out.size() - c->out_pos,
                               MSG_NOSIGNAL);
      if (n > 0) {
        c->out_pos += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        c->deadline_ms = NowMs() + opt_.write_timeout_seconds * 1000LL;
        SetInterest(c, EPOLLOUT | EPOLLRDHUP);
        return true;
      }
      Close(c);
      return false;
    }
    const bool interim = c->interim;
    c->interim = false;
    c->out.clear();
    c->out_pos = 0;
    if (c->close_after && !interim) {
      ::shutdown(c->fd, SHUT_WR);
      if (c->linger) {
        // The client may still be sending the body we refused; closing now would reset the
        // connection and lose the reply. Discard what comes for a while (as nginx does).
        c->draining = true;
        c->deadline_ms = NowMs() + 2000;
        SetInterest(c, EPOLLIN | EPOLLRDHUP);
      } else {
        Close(c);
      }
      return false;
    }
    const bool idle = c->in.empty() && !c->head_done;
    c->deadline_ms =
        NowMs() + (idle ? opt_.keep_alive_timeout_seconds : opt_.read_timeout_seconds) * 1000LL;
    SetInterest(c, EPOLLIN | EPOLLRDHUP);
    return true;
  }

  void Sweep(int64_t now) {
    std::vector<Conn*> expired;
    for (auto& [fd, c] : conns_) {
      if (!c->busy && now > c->deadline_ms) expired.push_back(c.get());
    }
    for (Conn* c : expired) {
      if (c->draining || c->out_pos < c->out.size()) {
        Close(c);  // lingered long enough, or the client does not read its response
      } else if (c->head_done || !c->in.empty()) {
        ReplyError(c, 408, "the request did not arrive in time");  // closes
      } else {
        Close(c);
      }
    }
  }

  EventServer& server_;
  const EventServerOptions& opt_;
  int epfd_ = -1;
  int wake_fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::map<int, std::unique_ptr<Conn>> conns_;
  int busy_ = 0;  // connections whose request a worker has (loop thread only)
  std::mutex mu_;
  std::vector<Done> done_;
};

EventServer::EventServer(EventServerOptions options) : options_(std::move(options)) {}

EventServer::~EventServer() { Stop(); }

Status EventServer::Start() {
  if (started_) return FailedPrecondition("the server is already running");
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
  addrinfo* res = nullptr;
  const std::string port = std::to_string(options_.port);
  if (::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &res) != 0 || res == nullptr) {
    return Unavailable("cannot listen on " + options_.host + " (not a numeric address)");
  }
  const int fd = ::socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  if (fd >= 0) ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const bool bound = fd >= 0 && ::bind(fd, res->ai_addr, res->ai_addrlen) == 0 &&
                     ::listen(fd, options_.backlog) == 0;
  ::freeaddrinfo(res);
  if (!bound) {
    if (fd >= 0) ::close(fd);
    return Unavailable("cannot listen on " + options_.host + ":" + port +
                       " (in use, or not an address of this machine)");
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                                           : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  listen_fd_ = fd;

  const int loops = options_.loops > 0
                        ? options_.loops
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  workers_ = std::make_unique<WorkerPool>(std::max(1, options_.workers));
  for (int i = 0; i < loops; ++i) {
    auto loop = std::make_unique<Loop>(*this);
    Status s = loop->Init();
    if (!s.ok()) {
      loops_.clear();
      workers_.reset();
      ::close(listen_fd_);
      listen_fd_ = -1;
      return s;
    }
    loops_.push_back(std::move(loop));
  }
  for (auto& loop : loops_) loop->StartThread();
  started_ = true;
  return Status::Ok();
}

void EventServer::Stop() {
  if (!started_.exchange(false)) return;
  for (auto& loop : loops_) loop->RequestStop();
  for (auto& loop : loops_) loop->Join();
  workers_->Join();  // requests still queued finish; their replies are dropped
  loops_.clear();    // closes the remaining connections
  workers_.reset();
  ::close(listen_fd_);
  listen_fd_ = -1;
}

}  // namespace sunlit::http
