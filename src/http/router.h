// The route table: every JSON route of the API declares what it is (method, path pattern,
// summary, tag, schemas for OpenAPI), who may call it (its Access) and its body limit; the
// server (server.h) enforces the Access, CSRF and limits before the handler runs, and the
// OpenAPI document is generated from the same table, so it cannot drift.
//
//   router.Add({
//       .method = "GET",
//       .path = "/api/v1/tasks/{id}",
//       .summary = "One task",
//       .tag = "tasks",
//       .access = Access::Permission(app::perm::kTaskRead),
//       .response_schema = {{"$ref", "#/components/schemas/Task"}},
//       .handler = [&services](Request& req) -> Response {
//         SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
//         Result<Task> t = services.tasks->Get(req.caller(), id);  // department scoping here
//         if (!t.ok()) return t.status();
//         return ToJson(*t);
//       }});
//
// Declared access is checked by the framework: kPublic lets anyone in; kAuthenticated needs
// a session or API token (else 401); kPermission needs the permission at some scope (401
// when anonymous, 403 otherwise). Finer scoping (department, own assignments) is the
// handler's, through app/ use cases that take req.caller().
//
// CSRF: a route whose method is not GET/HEAD changes state; called with a session cookie it
// needs the header X-CSRF-Token (403 csrf_failed otherwise). GET routes must not change state.
//
// Thread-safety: build the table before the server starts; after that it is read-only and
// handlers are called concurrently.
#ifndef SUNLIT_HTTP_ROUTER_H_
#define SUNLIT_HTTP_ROUTER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/caller.h"
#include "core/result.h"
#include "core/status.h"
#include "http/json.h"

namespace sunlit::http {

inline constexpr size_t kDefaultMaxBody = 64 * 1024;

// Who may call a route.
struct Access {
  enum class Kind { kPublic, kAuthenticated, kPermission };
  Kind kind = Kind::kPublic;
  std::string permission;  // for kPermission, an app::perm::k… value

  static Access Public() { return {Kind::kPublic, {}}; }
  static Access Authenticated() { return {Kind::kAuthenticated, {}}; }
  static Access Permission(std::string_view p) { return {Kind::kPermission, std::string(p)}; }
  // "public", "authenticated" or the permission.
  std::string Describe() const;
};

// One request as a handler sees it.
class Request {
 public:
  const std::string& method() const { return method_; }
  const std::string& path() const { return path_; }  // decoded, without the query
  const app::Caller& caller() const { return caller_; }
  const std::string& client_ip() const { return client_ip_; }

  // A {param} of the path pattern ("" when the pattern has none of that name).
  const std::string& Param(std::string_view name) const;
  // A {param} that must be a positive 64-bit integer (an id): kInvalidArgument naming it.
  Result<int64_t> IdParam(std::string_view name) const;

  // Query parameters (the first value when repeated).
  std::optional<std::string> Query(std::string_view name) const;
  // An integer query parameter in [min, max]; `fallback` when absent.
  Result<int64_t> QueryInt(std::string_view name, int64_t fallback, int64_t min, int64_t max) const;
  // ?limit=&offset= with limit in [1, max_limit] (default `default_limit`), offset >= 0.
  Result<Page> Paging(int64_t default_limit = 50, int64_t max_limit = 500) const;
  // A request header ("" when absent).
  std::string Header(std::string_view name) const;

  // The parsed JSON body (null when the body was empty; the framework has already answered
  // 400 for malformed JSON and 415 for a body that is not application/json).
  const Json& json() const { return json_; }
  // A strict reader over json() (see json.h).
  JsonReader Body() const { return JsonReader(json_); }
  // The raw body (for Route::raw_body routes: uploads).
  const std::string& body() const { return *body_; }

  // How the caller authenticated: a session cookie (its token, for logout) or not.
  bool via_session() const { return via_session_; }
  const std::string& session_token() const { return session_token_; }
  const std::string& csrf_token() const { return csrf_token_; }

 private:
  friend class Server;  // fills it
  std::string method_;
  std::string path_;
  app::Caller caller_;
  std::string client_ip_;
  std::vector<std::pair<std::string, std::string>> params_;
  const std::multimap<std::string, std::string>* query_ = nullptr;
  std::function<std::string(std::string_view)> header_;
  const std::string* body_ = nullptr;
  Json json_;
  bool via_session_ = false;
  std::string session_token_;
  std::string csrf_token_;
};

// What a handler returns: JSON (the default), or bytes with a content type.
struct Response {
  int status = 200;
  Json json;                 // the body when content_type is empty
  std::string body;          // the body when content_type is set
  std::string content_type;  // "" = application/json from `json`
  std::vector<std::pair<std::string, std::string>> headers;
  // Session cookie changes (only the access routes use these).
  std::optional<std::string> set_session;  // a new session token to set in the cookie
  int64_t session_max_age = 0;
  bool clear_session = false;
  // For the server log only (never sent): the Status detail of an error response.
  std::string log_detail;
  // Made from a transient error (kUnavailable: the database busy beyond its timeout, a
  // serialization failure or deadlock): the server runs the request again (server.h).
  bool retryable = false;

  Response() = default;
  Response(Json j, int s = 200) : status(s), json(std::move(j)) {}  // NOLINT: implicit
  Response(const Status& error);                                    // NOLINT: implicit

  static Response NoContent();  // 204
  static Response Bytes(std::string body, std::string content_type, int status = 200);
  Response& Header(std::string name, std::string value);
};

// Returns the error of a Result from a handler: SUNLIT_ASSIGN_OR_RETURN works too, since a
// Status converts to a Response.
using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method{};   // GET, POST, PUT, PATCH or DELETE
  std::string path{};     // "/api/v1/…", literal segments and {name} segments
  std::string summary{};  // one line, for OpenAPI
  std::string tag{};      // OpenAPI tag, e.g. "access"
  Access access{};
  Json request_schema{};   // JSON Schema of the body; null = no body
  Json response_schema{};  // JSON Schema of a success body; null = {"type":"object"}
  size_t max_body = kDefaultMaxBody;
  bool raw_body = false;   // true: the body is not JSON (uploads); any content type
  bool cacheable = false;  // false: "Cache-Control: no-store"
  // Bounded, quick work that never waits on a lock (e.g. the public lookup by code): runs on
  // the event-loop thread, without the hand-over to a worker. Only for GET routes with a
  // literal path (no {params}); ignored elsewhere.
  bool fast = false;
  // Only for login, which creates the session: no CSRF check even with a session cookie
  // (SameSite=Strict already keeps other sites' requests from carrying the cookie).
  bool csrf_exempt = false;
  int success_status = 200;  // for OpenAPI
  Handler handler{};

  bool ChangesState() const { return method != "GET" && method != "HEAD"; }
};

class Router {
 public:
  // Adds `route`. A malformed or duplicate route is recorded and reported by Check() (the
  // server refuses to start).
  void Add(Route route);
  Status Check() const;

  struct Match {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    // When route is null: whether some route has this path with another method (→ 405),
    // and which methods.
    std::vector<std::string> allowed_methods;
  };
  // The route for `method` and `path`; literal segments win over {params}.
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }
  // The largest max_body of all routes.
  size_t MaxBody() const;

 private:
  struct Pattern {
    std::vector<std::string> segments;  // "{x}" for params
  };
  std::vector<Route> routes_;
  std::vector<Pattern> patterns_;
  std::string error_;
};

// Splits "/a/b/c" into {"a","b","c"}; false for a path that is not absolute.
bool SplitPath(std::string_view path, std::vector<std::string_view>* out);

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_ROUTER_H_
