// sunlit_http_load: a small closed-loop HTTP/1.1 load generator (keep-alive, one epoll
// thread) for when wrk is not installed. Each of C connections sends GET PATH, reads the whole
// response (Content-Length), and sends the next; prints requests per second and latency
// percentiles. Loopback only.
//
//   sunlit_http_load --port 8080 --path /api/v1/health --connections 200 --seconds 10
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Conn {
  int fd = -1;
  std::string in;
  Clock::time_point sent;
  long done = 0;  // responses received
};

int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);  // EINPROGRESS
  return fd;
}

// Bytes of a complete response at the start of `s`, or 0 when incomplete.
size_t Complete(const std::string& s) {
  const size_t end = s.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  size_t len = 0;
  const char* k = "content-length:";
  for (size_t i = 0; i < end; ++i) {
    if (strncasecmp(s.data() + i, k, std::strlen(k)) == 0) {
      len = std::strtoul(s.data() + i + std::strlen(k), nullptr, 10);
      break;
    }
  }
  return s.size() >= end + 4 + len ? end + 4 + len : 0;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 8080, conns = 200, seconds = 10;
  std::string path = "/api/v1/health";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string f = argv[i];
    if (f == "--port")
      port = std::atoi(argv[i + 1]);
    else if (f == "--connections")
      conns = std::atoi(argv[i + 1]);
    else if (f == "--seconds")
      seconds = std::atoi(argv[i + 1]);
    else if (f == "--path")
      path = argv[i + 1];
  }
  const std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const int ep = epoll_create1(0);
  std::vector<Conn> cs(static_cast<size_t>(conns));
  for (size_t i = 0; i < cs.size(); ++i) {
    cs[i].fd = Connect(port);
    epoll_event e{};
    e.events = EPOLLOUT;
    e.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &e);
  }
  std::vector<double> lat;
  lat.reserve(1 << 22);
  long errors = 0;
  std::vector<int> status_counts(600, 0);
  const auto start = Clock::now();
  const auto stop = start + std::chrono::seconds(seconds);
  std::vector<epoll_event> evs(1024);
  char buf[65536];
  while (Clock::now() < stop) {
    const int n = epoll_wait(ep, evs.data(), static_cast<int>(evs.size()), 100);
    for (int k = 0; k < n; ++k) {
      Conn& c = cs[evs[static_cast<size_t>(k)].data.u64];
      if (evs[static_cast<size_t>(k)].events & EPOLLOUT) {  // connected: send the first request
        c.sent = Clock::now();
        if (write(c.fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) ++errors;
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.u64 = evs[static_cast<size_t>(k)].data.u64;
        epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &e);
        continue;
      }
      const ssize_t r = read(c.fd, buf, sizeof buf);
      if (r <= 0) {  // closed by the server: reconnect
        ++errors;
        epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        close(c.fd);
        c.in.clear();
        c.fd = Connect(port);
        epoll_event e{};
        e.events = EPOLLOUT;
        e.data.u64 = evs[static_cast<size_t>(k)].data.u64;
        epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &e);
        continue;
      }
      c.in.append(buf, static_cast<size_t>(r));
      while (const size_t done = Complete(c.in)) {
        const int status = std::atoi(c.in.c_str() + 9);
        if (status > 0 && status < 600) ++status_counts[static_cast<size_t>(status)];
        c.in.erase(0, done);
        ++c.done;
        const auto now = Clock::now();
        lat.push_back(std::chrono::duration<double, std::milli>(now - c.sent).count());
        c.sent = now;
        if (write(c.fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) ++errors;
      }
    }
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) {
    return lat.empty() ? 0.0
                       : lat[std::min(lat.size() - 1,
                                      static_cast<size_t>(p * static_cast<double>(lat.size())))];
  };
  std::printf(
      "%zu requests in %.1f s: %.0f requests/s; latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f; "
      "reconnects/errors %ld\n",
      lat.size(), secs, static_cast<double>(lat.size()) / secs, pct(0.5), pct(0.9), pct(0.99),
      lat.empty() ? 0.0 : lat.back(), errors);
  // A connection never answered waited the whole run: count it, or a server that serves only
  // some connections would look fast.
  long starved = 0;
  for (const Conn& c : cs) starved += c.done == 0;
  std::printf("  connections answered: %ld of %d%s\n", conns - starved, conns,
              starved > 0 ? " (the others waited the whole run)" : "");
  for (size_t s = 0; s < status_counts.size(); ++s) {
    if (status_counts[s] > 0) std::printf("  status %zu: %d\n", s, status_counts[s]);
  }
  return 0;
}
