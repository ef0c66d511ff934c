// Server: the request pipeline around the route table (see server.h for the order of
// checks) on cpp-httplib, and RegisterAllRoutes — the one list of the API's areas.
#include "http/server.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <sys/socket.h>
#include <thread>

#include "http/errors.h"
#include "http/routes.h"
#include "http/static_files.h"

namespace sunlit::http {

void RegisterAllRoutes(Router& router, app::Services& services) {
  RegisterSystemRoutes(router, services);
  RegisterAccessRoutes(router, services);
  RegisterWorkflowRoutes(router, services);
  RegisterResultsRoutes(router, services);
  RegisterPublicRoutes(router, services);
  // Later areas add one line each here (and a declaration in routes.h).
}

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The value of cookie `name` in a Cookie header ("" when absent).
std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view part = header.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    pos = end + 1;
  }
  return {};
}

bool IsJsonContentType(std::string_view ct) {
  const size_t semi = ct.find(';');
  std::string_view base = ct.substr(0, semi);
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  return IEquals(base, "application/json");
}

// For the log: printable ASCII kept, everything else escaped; at most `max` bytes.
std::string Sanitize(std::string_view s, size_t max = 200) {
  std::string out;
  for (const char ch : s) {
    if (out.size() >= max) {
      out += "…";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += ch;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

std::string UtcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Response HttpError(int status, std::string_view code, std::string_view message) {
  return Response(ErrorBody(code, message), status);
}

// cpp-httplib as Debian builds it listens with a backlog of 5: a burst of new connections
// (a load test, a busy morning) overflows it and clients wait for SYN retransmits (1 s, 3 s …).
// Listening again on the bound socket raises the backlog (Linux updates it in place).
class HttpServer final : public httplib::Server {
 public:
  void RaiseBacklog(int backlog) {
    const int fd = svr_sock_;
    if (fd >= 0) ::listen(fd, backlog);
  }
};

// The pause before retry `n` (1, 2, …): 20 ms · 2^(n−1), at most 500 ms, times a random
// factor in [0.5, 1.5) so that requests that collided do not collide again in step.
std::chrono::microseconds RetryDelay(int n) {
  thread_local std::minstd_rand rng(std::random_device{}());
  const int64_t base_us = std::min<int64_t>(int64_t{20000} << std::min(n - 1, 10), 500000);
  // Timing only (never a draw): a plain modulo of a small PRNG is jitter enough.
  return std::chrono::microseconds(base_us / 2 + static_cast<int64_t>(rng() % (base_us + 1)));
}

int DefaultThreads() {
  // cpp-httplib keeps a worker per open keep-alive connection: the pool must exceed the
  // connections expected at once (a browser opens up to 6), or the rest wait. Idle workers
  // cost a little resident stack each.
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<int>(std::clamp(64u * hw, 256u, 1024u));
}

}  // namespace

Server::Server(app::Services& services, ServerOptions options)
    : services_(services), options_(std::move(options)) {}

Server::~Server() { Stop(); }

std::string Server::url() const { return "http://" + options_.host + ":" + std::to_string(port_); }

void Server::Log(std::string_view line) const {
  if (options_.log) {
    options_.log(line);
    return;
  }
  std::string l(line);
  l += '\n';
  std::fwrite(l.data(), 1, l.size(), stderr);  // one write: lines do not interleave
}

Status Server::Start() {
  if (started_) return FailedPrecondition("the server is already running");
  if (!options_.web_dir.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(web_root_, CanonicalWebRoot(options_.web_dir));
  }
  RegisterAllRoutes(router_, services_);
  SUNLIT_RETURN_IF_ERROR(router_.Check());

  http_ = std::make_unique<HttpServer>();
  const int threads = options_.threads > 0 ? options_.threads : DefaultThreads();
  http_->new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  http_->set_keep_alive_max_count(static_cast<size_t>(options_.keep_alive_max_requests));
  http_->set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  http_->set_read_timeout(options_.read_timeout_seconds, 0);
  http_->set_write_timeout(options_.write_timeout_seconds, 0);
  http_->set_payload_max_length(router_.MaxBody());
  http_->set_tcp_nodelay(true);
  http_->set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "no-referrer"}});

  auto handler = [this](const httplib::Request& in, httplib::Response& out) { Handle(in, out); };
  // GET and HEAD carry no body: they are answered before cpp-httplib's own routing (which
  // runs a std::regex per request); the others need the body read, which happens after.
  http_->set_pre_routing_handler([this](const httplib::Request& in, httplib::Response& out) {
    if (in.method != "GET" && in.method != "HEAD") return httplib::Server::HandlerResponse::Unhandled;
    Handle(in, out);
    return httplib::Server::HandlerResponse::Handled;
  });
  http_->Get(".*", handler);
  http_->Post(".*", handler);
  http_->Put(".*", handler);
  http_->Patch(".*", handler);
  http_->Delete(".*", handler);
  http_->Options(".*", handler);
  // A body larger than the route allows is refused before it is sent when the client asks
  // first (Expect: 100-continue), and after reading otherwise (the server-wide payload limit
  // bounds what is read).
  http_->set_expect_100_continue_handler([this](const httplib::Request& in,
                                                httplib::Response& out) {
    Router::Match m = router_.Find(in.method, in.path);
    const auto len = in.get_header_value<uint64_t>("Content-Length");
    if (m.route == nullptr || len <= m.route->max_body) return 100;
    out.status = 413;  // cpp-httplib writes `out` as the final answer, the body unread
    out.set_header("Connection", "close");
    out.set_content(
        ErrorBody(kCodePayloadTooLarge,
                  "the request body is larger than " + std::to_string(m.route->max_body) + " bytes")
            .dump(),
        "application/json; charset=utf-8");
    return 413;
  });
  // Errors cpp-httplib answers itself (bad request line, URI too long, payload over the
  // server limit, 413 after Expect) get the JSON error body too.
  http_->set_error_handler([this](const httplib::Request& in, httplib::Response& out) {
    if (!out.body.empty()) return;
    std::string_view code = "bad_request";
    std::string_view message = "bad request";
    switch (out.status) {
      case 404:
        code = kCodeNotFound;
        message = "not found";
        break;
      case 413:
        code = kCodePayloadTooLarge;
        message = "the request body is too large";
        break;
      case 414:
        code = "uri_too_long";
        message = "the request URI is too long";
        break;
      default:
        break;
    }
    out.set_content(ErrorBody(code, message).dump(), "application/json; charset=utf-8");
    out.set_header("Cache-Control", "no-store");
    if (options_.access_log) {
      Log(UtcNow() + " " + Sanitize(in.method, 16) + " " + Sanitize(in.path) + " " +
          std::to_string(out.status) + " 0ms user=- ip=" + Sanitize(in.remote_addr, 64));
    }
  });
  http_->set_exception_handler(
      [this](const httplib::Request& in, httplib::Response& out, std::exception_ptr) {
        Log("exception outside a handler for " + Sanitize(in.path));
        out.status = 500;
        out.set_content(ErrorBody(kCodeInternal, "internal error").dump(),
                        "application/json; charset=utf-8");
      });

  port_ = options_.port;
  if (options_.port == 0) {
    port_ = http_->bind_to_any_port(options_.host);
    if (port_ <= 0) return Unavailable("cannot listen on " + options_.host);
  } else if (!http_->bind_to_port(options_.host, options_.port)) {
    return Unavailable("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                       " (in use, or not an address of this machine)");
  }
  static_cast<HttpServer*>(http_.get())->RaiseBacklog(1024);
  started_ = true;
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  return Status::Ok();
}

void Server::Stop() {
  if (!started_.exchange(false)) return;
  http_->stop();
  if (thread_.joinable()) thread_.join();
}

void Server::Wait() {
  if (thread_.joinable()) thread_.join();
}

void Server::Handle(const httplib::Request& in, httplib::Response& out) {
  const auto t0 = std::chrono::steady_clock::now();
  Request req;
  req.method_ = in.method;
  req.path_ = in.path;
  req.client_ip_ = in.remote_addr;
  req.query_ = &in.params;
  req.body_ = &in.body;
  req.header_ = [&in](std::string_view name) { return in.get_header_value(std::string(name)); };

  const Route* route = nullptr;
  bool clear_cookie = false;
  auto pipeline = [&]() -> Response {
    // Each attempt starts from the request as received.
    req.caller_ = {};
    req.via_session_ = false;
    req.session_token_.clear();
    req.csrf_token_.clear();
    req.json_ = nullptr;
    clear_cookie = false;
    Router::Match m = router_.Find(in.method, in.path);
    if (m.route == nullptr) {
      if (!m.allowed_methods.empty()) {
        std::string allow;
        for (const std::string& a : m.allowed_methods) allow += (allow.empty() ? "" : ", ") + a;
        Response r =
            HttpError(405, kCodeMethodNotAllowed,
                      "method " + in.method + " is not allowed here (allowed: " + allow + ")");
        r.Header("Allow", allow);
        return r;
      }
      const bool api = in.path == "/api" || StartsWith(in.path, "/api/");
      if (!api && !web_root_.empty() && (in.method == "GET" || in.method == "HEAD")) {
        return ServeStatic(web_root_, in.path);
      }
      return HttpError(404, kCodeNotFound, "no such route: " + in.method + " " + in.path);
    }
    route = m.route;
    req.params_ = std::move(m.params);

    // Credentials: a bearer token, else the session cookie.
    const std::string auth = in.get_header_value("Authorization");
    const std::string cookie = CookieValue(in.get_header_value("Cookie"), kSessionCookie);
    if (!auth.empty()) {
      if (!StartsWith(auth, "Bearer ")) {
        return Response(Unauthenticated("only Bearer tokens are accepted in Authorization"));
      }
      Result<app::Authenticated> a = services_.access->FromApiToken(auth.substr(7));
      if (!a.ok()) return Response(a.status());
      req.caller_ = std::move(a->caller);
    } else if (!cookie.empty() && !route->csrf_exempt) {
      Result<app::Authenticated> a = services_.access->FromSession(cookie);
      if (a.ok()) {
        req.caller_ = std::move(a->caller);
        req.via_session_ = true;
        req.session_token_ = cookie;
        req.csrf_token_ = std::move(a->csrf_token);
      } else if (a.status().code() == StatusCode::kUnauthenticated) {
        clear_cookie = true;
        if (route->access.kind != Access::Kind::kPublic) return Response(a.status());
      } else {
        return Response(a.status());
      }
    } else if (!cookie.empty()) {
      req.session_token_ = cookie;  // login replaces it
    }

    // The route's declared access.
    switch (route->access.kind) {
      case Access::Kind::kPublic:
        break;
      case Access::Kind::kAuthenticated:
        if (!req.caller_.authenticated()) return Response(Unauthenticated("please log in"));
        break;
      case Access::Kind::kPermission: {
        Status s = req.caller_.Require(route->access.permission);
        if (!s.ok()) return Response(s);
        break;
      }
    }

    // CSRF: state changes authenticated by the cookie carry the session's token.
    if (route->ChangesState() && req.via_session_ && !route->csrf_exempt) {
      const std::string got = in.get_header_value(std::string(kCsrfHeader));
      if (got.empty() || !app::AccessService::ConstantTimeEquals(got, req.csrf_token_)) {
        return HttpError(403, kCodeCsrf,
                         "missing or wrong CSRF token (send the header X-CSRF-Token)");
      }
    }

    // The body.
    if (in.body.size() > route->max_body) {
      return HttpError(
          413, kCodePayloadTooLarge,
          "the request body is larger than " + std::to_string(route->max_body) + " bytes");
    }
    if (!route->raw_body && !in.body.empty()) {
      if (!IsJsonContentType(in.get_header_value("Content-Type"))) {
        return HttpError(415, kCodeUnsupportedMediaType,
                         "the request body must be JSON (Content-Type: application/json)");
      }
      Result<Json> body = ParseJsonBody(in.body);
      if (!body.ok()) return Response(body.status());
      req.json_ = std::move(body).value();
    }

    try {
      return route->handler(req);
    } catch (const std::exception& e) {
      Response r = HttpError(500, kCodeInternal, "internal error");
      r.log_detail = std::string("exception: ") + e.what();
      return r;
    } catch (...) {
      Response r = HttpError(500, kCodeInternal, "internal error");
      r.log_detail = "unknown exception";
      return r;
    }
  };
  // Transient errors (the database busy beyond its timeout; on PostgreSQL a serialization
  // failure or a deadlock victim) are retried here with jittered exponential backoff, so that
  // clients see them only when they persist; a use case is one transaction that rolled back,
  // so running the request again is safe.
  Response res = pipeline();
  int retries = 0;
  while (res.retryable && retries < options_.transient_retries) {
    ++retries;
    std::this_thread::sleep_for(RetryDelay(retries));
    res = pipeline();
  }
  if (res.retryable) res.Header("Retry-After", "1");
  if (retries > 0) {
    res.log_detail += (res.log_detail.empty() ? "" : "; ") + std::string("retried ") +
                      std::to_string(retries) + "x";
  }

  // Write the response.
  out.status = res.status;
  bool has_cache_control = false;
  for (auto& [k, v] : res.headers) {
    if (IEquals(k, "Cache-Control")) has_cache_control = true;
    out.set_header(k, v);
  }
  if (!has_cache_control && (route == nullptr || !route->cacheable)) {
    out.set_header("Cache-Control", "no-store");
  }
  if (res.content_type.empty()) {
    out.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    if (res.status != 204) {
      out.set_content(res.json.dump(-1, ' ', false, Json::error_handler_t::replace),
                      "application/json; charset=utf-8");
    }
  } else {
    out.set_content(std::move(res.body), res.content_type);
  }
  if (res.status == 401) out.set_header("WWW-Authenticate", "Bearer realm=\"sunlit\"");
  const std::string secure = options_.secure_cookies ? "; Secure" : "";
  if (res.set_session) {
    out.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + *res.set_session +
                                     "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                     std::to_string(res.session_max_age) + secure);
  } else if (res.clear_session || clear_cookie) {
    out.set_header("Set-Cookie", std::string(kSessionCookie) +
                                     "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + secure);
  }

  if (options_.access_log) {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    char ms_text[32];
    std::snprintf(ms_text, sizeof ms_text, "%.1fms", ms);
    std::string user = req.caller_.authenticated() ? req.caller_.username : "-";
    if (res.set_session && res.json.is_object() && res.json.contains("user") &&
        res.json["user"].is_object() && res.json["user"].value("username", "") != "") {
      user = res.json["user"]["username"].get<std::string>();  // who just logged in
    }
    std::string line = UtcNow() + " " + Sanitize(in.method, 16) + " " + Sanitize(in.path) + " " +
                       std::to_string(res.status) + " " + ms_text + " user=" + Sanitize(user, 64) +
                       " ip=" + Sanitize(in.remote_addr, 64);
    if (!res.log_detail.empty()) line += " detail=\"" + Sanitize(res.log_detail, 300) + "\"";
    Log(line);
  }
}

}  // namespace sunlit::http
