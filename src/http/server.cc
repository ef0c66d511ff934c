// Server: the request pipeline around the route table (see server.h for the order of
// checks) on the event-driven HTTP server (event_server.h), and RegisterAllRoutes — the one
// list of the API's areas.
#include "http/server.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <sys/socket.h>
#include <thread>

#include "http/errors.h"
#include "http/event_server.h"
#include "http/routes.h"
#include "http/static_files.h"

namespace sunlit::http {

void RegisterAllRoutes(Router& router, app::Services& services) {
  RegisterSystemRoutes(router, services);
  RegisterAccessRoutes(router, services);
  RegisterWorkflowRoutes(router, services);
  RegisterResultsRoutes(router, services);
  RegisterPublicRoutes(router, services);
  RegisterConsoleRoutes(router, services);
  RegisterWorkRoutes(router, services);
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

// The pause before retry `n` (1, 2, …): 20 ms · 2^(n−1), at most 500 ms, times a random
// factor in [0.5, 1.5) so that requests that collided do not collide again in step.
std::chrono::microseconds RetryDelay(int n) {
  thread_local std::minstd_rand rng(std::random_device{}());
  const int64_t base_us = std::min<int64_t>(int64_t{20000} << std::min(n - 1, 10), 500000);
  // Timing only (never a draw): a plain modulo of a small PRNG is jitter enough.
  return std::chrono::microseconds(base_us / 2 + static_cast<int64_t>(rng() % (base_us + 1)));
}

int DefaultWorkers() {
  // Workers run the handlers that may wait (writes behind the writer lock, password hashing,
  // exports); the event loops hold the connections, so this does not bound them.
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<int>(std::clamp(16u * hw, 32u, 256u));
}

// Headers every response carries.
void AddDefaultHeaders(WireReply* out) {
  out->headers.emplace_back("X-Content-Type-Options", "nosniff");
  out->headers.emplace_back("X-Frame-Options", "DENY");
  out->headers.emplace_back("Referrer-Policy", "no-referrer");
}

void SetJson(WireReply* out, std::string body) {
  out->headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  out->body = std::move(body);
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

  EventServerOptions eo;
  eo.host = options_.host;
  eo.port = options_.port;
  eo.workers = options_.threads > 0 ? options_.threads : DefaultWorkers();
  eo.read_timeout_seconds = options_.read_timeout_seconds;
  eo.write_timeout_seconds = options_.write_timeout_seconds;
  eo.keep_alive_timeout_seconds = options_.keep_alive_timeout_seconds;
  eo.keep_alive_max_requests = options_.keep_alive_max_requests;
  eo.max_body = router_.MaxBody();
  eo.handle = [this](WireRequest& in, WireReply* out) { Handle(in, out); };
  // Routes declared `fast` (bounded reads such as the public lookup) run on the event loop.
  // Their paths are literal (no {params}), so a comparison decides it.
  for (const Route& r : router_.routes()) {
    if (r.fast && r.path.find('{') == std::string::npos) fast_paths_.push_back(r.path);
  }
  eo.run_inline = [this](const WireRequest& in) {
    if (in.method != "GET" && in.method != "HEAD") return false;
    return std::find(fast_paths_.begin(), fast_paths_.end(), in.path) != fast_paths_.end();
  };
  // A body larger than its route allows is refused before it is read (and before
  // "100 Continue" when the client asks first).
  eo.check_body = [this](const WireRequest& in, WireReply* out) {
    const Router::Match m = router_.Find(in.method, in.path);
    if (m.route == nullptr || in.content_length <= m.route->max_body) return true;
    out->status = 413;
    AddDefaultHeaders(out);
    out->headers.emplace_back("Cache-Control", "no-store");
    SetJson(out, ErrorBody(kCodePayloadTooLarge, "the request body is larger than " +
                                                     std::to_string(m.route->max_body) + " bytes")
                     .dump());
    return false;
  };
  // Errors of the protocol itself (malformed request, head or URI too long, timeouts) get
  // the JSON error body too.
  eo.on_error = [this](int status, std::string_view message, const WireRequest& in,
                       WireReply* out) {
    std::string_view code = "bad_request";
    switch (status) {
      case 408: code = "request_timeout"; break;
      case 413: code = kCodePayloadTooLarge; break;
      case 414: code = "uri_too_long"; break;
      case 431: code = "header_too_large"; break;
      case 501: code = "not_implemented"; break;
      default: break;
    }
    out->status = status;
    AddDefaultHeaders(out);
    out->headers.emplace_back("Cache-Control", "no-store");
    SetJson(out, ErrorBody(code, message).dump());
    if (options_.access_log) {
      Log(UtcNow() + " " + Sanitize(in.method, 16) + " " + Sanitize(in.path) + " " +
          std::to_string(status) + " 0ms user=- ip=" + Sanitize(in.remote_addr, 64));
    }
  };
  http_ = std::make_unique<EventServer>(std::move(eo));
  SUNLIT_RETURN_IF_ERROR(http_->Start());
  port_ = http_->port();
  started_ = true;
  return Status::Ok();
}

void Server::Stop() {
  if (!started_.exchange(false)) return;
  http_->Stop();
  std::lock_guard<std::mutex> lock(stop_mu_);
  stopped_ = true;
  stop_cv_.notify_all();
}

void Server::Wait() {
  std::unique_lock<std::mutex> lock(stop_mu_);
  stop_cv_.wait(lock, [this] { return stopped_; });
}

void Server::Handle(WireRequest& in, WireReply* out) {
  const auto t0 = std::chrono::steady_clock::now();
  Request req;
  req.method_ = in.method == "HEAD" ? "GET" : in.method;  // HEAD: GET without the body
  req.path_ = in.path;
  req.client_ip_ = in.remote_addr;
  req.query_ = &in.query;
  req.body_ = &in.body;
  req.header_ = [&in](std::string_view name) { return in.Header(name); };

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
    Router::Match m = router_.Find(req.method_, in.path);
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
        return ServeStatic(web_root_, in.path, AcceptsGzip(in.Header("Accept-Encoding")));
      }
      return HttpError(404, kCodeNotFound, "no such route: " + in.method + " " + in.path);
    }
    route = m.route;
    req.params_ = std::move(m.params);

    // Credentials: a bearer token, else the session cookie.
    const std::string auth = in.Header("Authorization");
    const std::string cookie = CookieValue(in.Header("Cookie"), kSessionCookie);
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
      const std::string got = in.Header(kCsrfHeader);
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
      if (!IsJsonContentType(in.Header("Content-Type"))) {
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
  // Not on a `fast` route: it runs on an event loop, which must never sleep (and a bounded
  // read does not wait for locks anyway).
  while (res.retryable && retries < options_.transient_retries &&
         (route == nullptr || !route->fast)) {
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
  out->status = res.status;
  AddDefaultHeaders(out);
  bool has_cache_control = false;
  for (auto& [k, v] : res.headers) {
    if (IEquals(k, "Cache-Control")) has_cache_control = true;
    out->headers.emplace_back(std::move(k), std::move(v));
  }
  if (!has_cache_control && (route == nullptr || !route->cacheable)) {
    out->headers.emplace_back("Cache-Control", "no-store");
  }
  if (res.content_type.empty()) {
    out->headers.emplace_back("Content-Security-Policy",
                              "default-src 'none'; frame-ancestors 'none'");
    if (res.status != 204) {
      SetJson(out, res.json.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
  } else {
    out->headers.emplace_back("Content-Type", std::move(res.content_type));
    out->body = std::move(res.body);
  }
  if (res.status == 401) out->headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sunlit\"");
  const std::string secure = options_.secure_cookies ? "; Secure" : "";
  if (res.set_session) {
    out->headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + *res.set_session +
                                                "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                                std::to_string(res.session_max_age) + secure);
  } else if (res.clear_session || clear_cookie) {
    out->headers.emplace_back("Set-Cookie",
                              std::string(kSessionCookie) +
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
