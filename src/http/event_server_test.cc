// EventServer over real sockets on 127.0.0.1: keep-alive, pipelining across inline and worker
// requests, bodies and 100-continue, limits with a readable error reply, HTTP/1.0, HEAD,
// timeouts, the per-connection request cap and a clean stop with a request in flight.
#include "http/event_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace sunlit::http {
namespace {

class Raw {
 public:
  explicit Raw(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Raw() { ::close(fd_); }
  bool ok() const { return ok_; }
  bool Send(std::string_view s) {
    while (!s.empty()) {
      const ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // Reads until `count` complete responses arrived, EOF, or `ms` passed without data.
  std::string Read(int count, int ms = 3000) {
    std::string got;
    while (Complete(got) < count) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, ms) <= 0) break;
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        eof_ = true;
        break;
      }
      got.append(buf, static_cast<size_t>(n));
    }
    return got;
  }
  // Whatever arrives until `ms` pass without data.
  std::string ReadFor(int ms) {
    std::string got;
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, ms) <= 0) break;
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        eof_ = true;
        break;
      }
      got.append(buf, static_cast<size_t>(n));
    }
    return got;
  }
  // True when the server closed the connection (EOF within `ms`).
  bool Closed(int ms = 3000) {
    if (eof_) return true;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return false;
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  // Complete final (non-1xx) responses in `s`, by Content-Length.
  static int Complete(const std::string& s) {
    int n = 0;
    size_t pos = 0;
    for (;;) {
      const size_t end = s.find("\r\n\r\n", pos);
      if (end == std::string::npos) return n;
      const std::string head = s.substr(pos, end - pos);
      size_t len = 0;
      const size_t cl = head.find("Content-Length: ");
      if (cl != std::string::npos) len = std::stoul(head.substr(cl + 16));
      if (head.rfind("HTTP/1.1 100", 0) == 0) len = 0;
      if (s.size() < end + 4 + len) return n;
      if (head.rfind("HTTP/1.1 100", 0) != 0) ++n;
      pos = end + 4 + len;
    }
  }
  int fd_ = -1;
  bool ok_ = false;
  bool eof_ = false;
};

class EventServerTest : public ::testing::Test {
 protected:
  void StartWith(EventServerOptions o) {
    o.host = "127.0.0.1";
    o.port = 0;
    o.loops = 2;
    o.workers = 4;
    if (!o.handle) {
      o.handle = [this](WireRequest& r, WireReply* out) {
        if (r.path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ++handled_;
        out->headers.emplace_back("Content-Type", "text/plain");
        out->body = r.method + " " + r.path + " [" + r.body + "]";
        if (auto it = r.query.find("q"); it != r.query.end()) out->body += " q=" + it->second;
      };
    }
    o.run_inline = [](const WireRequest& r) { return r.path == "/fast"; };
    o.on_error = [](int status, std::string_view message, const WireRequest&, WireReply* out) {
      out->status = status;
      out->body = "{\"error\":\"" + std::string(message) + "\"}";
    };
    server_ = std::make_unique<EventServer>(std::move(o));
    ASSERT_TRUE(server_->Start().ok());
  }
  void SetUp() override {}
  void TearDown() override {
    if (server_) server_->Stop();
  }
  std::unique_ptr<EventServer> server_;
  std::atomic<int> handled_{0};
};

TEST_F(EventServerTest, KeepAliveAndPipelining) {
  StartWith({});
  Raw c(server_->port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.Send("GET /fast?q=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string a = c.Read(1);
  EXPECT_NE(a.find("HTTP/1.1 200 OK"), std::string::npos) << a;
  EXPECT_NE(a.find("GET /fast [] q=1"), std::string::npos) << a;
  // Three at once, inline and on workers: answered in order on the same connection.
  ASSERT_TRUE(c.Send(
      "GET /slow HTTP/1.1\r\n\r\nGET /fast HTTP/1.1\r\n\r\nPOST /w HTTP/1.1\r\n"
      "Content-Length: 4\r\n\r\nbody"));
  std::string b = c.Read(3);
  const size_t s1 = b.find("GET /slow []");
  const size_t s2 = b.find("GET /fast []");
  const size_t s3 = b.find("POST /w [body]");
  ASSERT_NE(s1, std::string::npos) << b;
  ASSERT_NE(s2, std::string::npos) << b;
  ASSERT_NE(s3, std::string::npos) << b;
  EXPECT_LT(s1, s2);
  EXPECT_LT(s2, s3);
  EXPECT_EQ(b.find("Connection: close"), std::string::npos);
  EXPECT_FALSE(c.Closed(100));
}

TEST_F(EventServerTest, BodyArrivingInPiecesAndExpectContinue) {
  StartWith({});
  Raw c(server_->port());
  ASSERT_TRUE(c.Send("PUT /x HTTP/1.1\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n"));
  const std::string cont = c.ReadFor(300);  // the interim reply, nothing final yet
  EXPECT_EQ(cont, "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(c.Send("01234"));
  ASSERT_TRUE(c.Send("56789"));
  std::string r = c.Read(1);
  EXPECT_NE(r.find("PUT /x [0123456789]"), std::string::npos) << r;
}

TEST_F(EventServerTest, TooLargeBodyIsRefusedAndTheReplyStillArrives) {
  EventServerOptions o;
  o.max_body = 1000;
  StartWith(std::move(o));
  Raw c(server_->port());
  // The client sends everything before reading, as simple clients do.
  ASSERT_TRUE(c.Send("POST /x HTTP/1.1\r\nContent-Length: 200000\r\n\r\n"));
  c.Send(std::string(200000, 'x'));
  std::string r = c.Read(1);
  EXPECT_NE(r.find("HTTP/1.1 413 "), std::string::npos) << r.substr(0, 200);
  EXPECT_NE(r.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(c.Closed());
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(EventServerTest, CheckBodyRefusesBeforeTheBody) {
  EventServerOptions o;
  o.check_body = [](const WireRequest& r, WireReply* out) {
    if (r.content_length <= 5) return true;
    out->status = 413;
    out->body = "route limit";
    return false;
  };
  StartWith(std::move(o));
  Raw c(server_->port());
  ASSERT_TRUE(c.Send("POST /x HTTP/1.1\r\nContent-Length: 6\r\nExpect: 100-continue\r\n\r\n"));
  std::string r = c.Read(1);
  EXPECT_EQ(r.find("100 Continue"), std::string::npos) << r;
  EXPECT_NE(r.find("413"), std::string::npos) << r;
  EXPECT_NE(r.find("route limit"), std::string::npos) << r;
}

TEST_F(EventServerTest, ProtocolErrorsGetTheErrorBodyAndClose) {
  StartWith({});
  {
    Raw c(server_->port());
    ASSERT_TRUE(c.Send("BLAH\r\n\r\n"));
    std::string r = c.Read(1);
    EXPECT_NE(r.find("HTTP/1.1 400 Bad Request"), std::string::npos) << r;
    EXPECT_NE(r.find("{\"error\":\"bad request\"}"), std::string::npos) << r;
    EXPECT_TRUE(c.Closed());
  }
  {
    Raw c(server_->port());
    ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nX: " + std::string(kMaxHeadBytes, 'a') + "\r\n\r\n"));
    EXPECT_NE(c.Read(1).find("HTTP/1.1 431 "), std::string::npos);
  }
  {
    Raw c(server_->port());
    ASSERT_TRUE(c.Send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
    EXPECT_NE(c.Read(1).find("HTTP/1.1 501 "), std::string::npos);
  }
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(EventServerTest, Http10HeadAndRequestCap) {
  EventServerOptions o;
  o.keep_alive_max_requests = 2;
  StartWith(std::move(o));
  {
    Raw c(server_->port());
    ASSERT_TRUE(c.Send("GET /fast HTTP/1.0\r\n\r\n"));
    std::string r = c.Read(1);
    EXPECT_NE(r.find("Connection: close"), std::string::npos) << r;
    EXPECT_TRUE(c.Closed());
  }
  {
    Raw c(server_->port());
    ASSERT_TRUE(c.Send("HEAD /fast HTTP/1.1\r\n\r\n"));
    std::string r = c.ReadFor(300);
    EXPECT_NE(r.find("Content-Length: 13"), std::string::npos) << r;  // of "HEAD /fast []"
    EXPECT_EQ(r.find("[]"), std::string::npos) << r;                  // but no body
    ASSERT_TRUE(c.Send("GET /fast HTTP/1.1\r\n\r\n"));
    std::string r2 = c.Read(1);
    EXPECT_NE(r2.find("Connection: close"), std::string::npos) << r2;  // the 2nd request
    EXPECT_TRUE(c.Closed());
  }
}

TEST_F(EventServerTest, SlowRequestTimesOutWith408) {
  EventServerOptions o;
  o.read_timeout_seconds = 1;
  StartWith(std::move(o));
  Raw c(server_->port());
  ASSERT_TRUE(c.Send("GET /fast HTTP/1.1\r\nHost: x\r\n"));  // never finished
  std::string r = c.Read(1, 4000);
  EXPECT_NE(r.find("HTTP/1.1 408 "), std::string::npos) << r;
  EXPECT_TRUE(c.Closed());
}

TEST_F(EventServerTest, StopLetsARequestInFlightFinish) {
  StartWith({});
  Raw c(server_->port());
  ASSERT_TRUE(c.Send("GET /slow HTTP/1.1\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the worker has it
  std::thread stopper([this] { server_->Stop(); });
  std::string r = c.Read(1);
  stopper.join();
  EXPECT_NE(r.find("GET /slow []"), std::string::npos) << r;
  EXPECT_TRUE(c.Closed());
  Raw late(server_->port());
  EXPECT_FALSE(late.ok() && late.Send("GET /fast HTTP/1.1\r\n\r\n") && !late.Read(1, 300).empty());
}

}  // namespace
}  // namespace sunlit::http
