// Router: pattern matching over path segments, and the Request/Response conveniences.
#include "http/router.h"

#include <algorithm>
#include <charconv>

#include "core/field_error.h"
#include "http/errors.h"

namespace sunlit::http {
namespace {

bool IsParam(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

bool ValidMethod(std::string_view m) {
  return m == "GET" || m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  if (s.empty() || s.size() > 19) return std::nullopt;
  if (s.front() == '+') return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string Access::Describe() const {
  switch (kind) {
    case Kind::kPublic:
      return "public";
    case Kind::kAuthenticated:
      return "authenticated";
    case Kind::kPermission:
      return permission;
  }
  return "public";
}

bool SplitPath(std::string_view path, std::vector<std::string_view>* out) {
  out->clear();
  if (path.empty() || path.front() != '/') return false;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    out->push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

// --- Request -------------------------------------------------------------------------------

const std::string& Request::Param(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : params_) {
    if (k == name) return v;
  }
  return kEmpty;
}

Result<int64_t> Request::IdParam(std::string_view name) const {
  std::optional<int64_t> v = ParseInt(Param(name));
  if (!v || *v <= 0) {
    return InvalidField(name, std::string(name) + " must be a positive integer");
  }
  return *v;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  if (query_ == nullptr) return std::nullopt;
  auto it = query_->find(std::string(name));
  if (it == query_->end()) return std::nullopt;
  return it->second;
}

Result<int64_t> Request::QueryInt(std::string_view name, int64_t fallback, int64_t min,
                                  int64_t max) const {
  std::optional<std::string> s = Query(name);
  if (!s) return fallback;
  std::optional<int64_t> v = ParseInt(*s);
  if (!v || *v < min || *v > max) {
    return InvalidField(name, std::string(name) + " must be an integer between " +
                                  std::to_string(min) + " and " + std::to_string(max));
  }
  return *v;
}

Result<Page> Request::Paging(int64_t default_limit, int64_t max_limit) const {
  Page page;
  SUNLIT_ASSIGN_OR_RETURN(page.limit, QueryInt("limit", default_limit, 1, max_limit));
  SUNLIT_ASSIGN_OR_RETURN(page.offset,
                          QueryInt("offset", 0, 0, std::numeric_limits<int32_t>::max()));
  return page;
}

std::string Request::Header(std::string_view name) const {
  return header_ ? header_(name) : std::string();
}

// --- Response ------------------------------------------------------------------------------

Response::Response(const Status& error)
    : status(HttpStatusOf(error)),
      json(ErrorBodyOf(error)),
      log_detail(error.detail()),
      retryable(error.code() == StatusCode::kUnavailable) {}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.json = nullptr;
  return r;
}

Response Response::Bytes(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.json = nullptr;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Response& Response::Header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

// --- Router --------------------------------------------------------------------------------

void Router::Add(Route route) {
  auto fail = [this, &route](const std::string& why) {
    if (error_.empty()) error_ = route.method + " " + route.path + ": " + why;
  };
  if (!ValidMethod(route.method)) fail("unknown method");
  if (route.path.rfind("/api/", 0) != 0) fail("API routes live under /api/");
  if (!route.handler) fail("no handler");
  if (route.summary.empty()) fail("no summary");
  if (route.tag.empty()) fail("no tag");
  if (route.access.kind == Access::Kind::kPermission) {
    const auto& all = app::AllPermissions();
    if (std::find(all.begin(), all.end(), route.access.permission) == all.end()) {
      fail("unknown permission " + route.access.permission);
    }
  }
  std::vector<std::string_view> segs;
  if (!SplitPath(route.path, &segs)) fail("path must start with /");
  Pattern p;
  for (std::string_view s : segs) {
    if (s.empty()) fail("empty path segment");
    if ((s.find('{') != std::string_view::npos || s.find('}') != std::string_view::npos) &&
        !IsParam(s)) {
      fail("a {param} must be a whole segment");
    }
    p.segments.emplace_back(s);
  }
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method != route.method) continue;
    const Pattern& q = patterns_[i];
    if (q.segments.size() != p.segments.size()) continue;
    bool same = true;
    for (size_t k = 0; k < p.segments.size() && same; ++k) {
      const bool a = IsParam(p.segments[k]);
      const bool b = IsParam(q.segments[k]);
      same = (a && b) || (!a && !b && p.segments[k] == q.segments[k]);
    }
    if (same) fail("duplicate of " + routes_[i].path);
  }
  routes_.push_back(std::move(route));
  patterns_.push_back(std::move(p));
}

Status Router::Check() const {
  if (error_.empty()) return Status::Ok();
  return Internal("internal error", "route table: " + error_);
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match best;
  std::vector<std::string_view> segs;
  if (!SplitPath(path, &segs)) return best;
  const std::string_view want = method == "HEAD" ? std::string_view("GET") : method;
  // Rank of a match: its segments as '0' (literal) and '1' ({param}); the smaller string is
  // the more specific route ("/users/me" beats "/users/{id}").
  std::string best_rank;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Pattern& p = patterns_[i];
    if (p.segments.size() != segs.size()) continue;
    std::string rank(segs.size(), '0');
    bool ok = true;
    for (size_t k = 0; k < segs.size() && ok; ++k) {
      if (IsParam(p.segments[k])) {
        ok = !segs[k].empty();
        rank[k] = '1';
      } else {
        ok = p.segments[k] == segs[k];
      }
    }
    if (!ok) continue;
    if (routes_[i].method != want) {
      if (std::find(best.allowed_methods.begin(), best.allowed_methods.end(), routes_[i].method) ==
          best.allowed_methods.end()) {
        best.allowed_methods.push_back(routes_[i].method);
      }
      continue;
    }
    if (best.route != nullptr && rank >= best_rank) continue;
    best.route = &routes_[i];
    best_rank = rank;
    best.params.clear();
    for (size_t k = 0; k < segs.size(); ++k) {
      if (IsParam(p.segments[k])) {
        const std::string& s = p.segments[k];
        best.params.emplace_back(s.substr(1, s.size() - 2), std::string(segs[k]));
      }
    }
  }
  if (best.route != nullptr) best.allowed_methods.clear();
  std::sort(best.allowed_methods.begin(), best.allowed_methods.end());
  return best;
}

size_t Router::MaxBody() const {
  size_t m = kDefaultMaxBody;
  for (const Route& r : routes_) m = std::max(m, r.max_body);
  return m;
}

}  // namespace sunlit::http
