// The access routes: login/logout/the current user, users, roles, departments, API tokens.
// Thin: read and check the input, call app::AccessService, shape the JSON.
#include <algorithm>

#include "app/access.h"
#include "http/routes.h"

namespace sunlit::http {
namespace {

Json UserJson(const app::UserInfo& u) {
  return Json{{"id", u.id},
              {"username", u.username},
              {"display_name", u.display_name},
              {"department", u.department_code},
              {"inspector_code", u.inspector_code},
              {"roles", u.roles},
              {"disabled", u.disabled},
              {"locked", u.locked},
              {"created_at", u.created_at},
              {"created_by", u.created_by},
              {"password_changed_at", u.password_changed_at}};
}

Json PermissionsJson(const app::Caller& c) {
  Json p = Json::object();
  for (const auto& [perm, scope] : c.scopes) p[perm] = app::ScopeName(scope);
  return p;
}

// The body of GET/POST /session: who is logged in and what they may do.
Json MeJson(const app::Caller& c, const std::string& csrf) {
  Json j = {{"user",
             {{"id", c.user_id},
              {"username", c.username},
              {"department", c.department_code},
              {"inspector_code", c.inspector_code}}},
            {"roles", c.roles},
            {"permissions", PermissionsJson(c)}};
  if (!csrf.empty()) j["csrf_token"] = csrf;
  return j;
}

Json TokenJson(const app::ApiTokenInfo& t) {
  return Json{{"id", t.id},
              {"user_id", t.user_id},
              {"username", t.username},
              {"name", t.name},
              {"prefix", t.prefix},
              {"created_at", t.created_at},
              {"created_by", t.created_by},
              {"expires_at", t.expires_at},
              {"revoked_at", t.revoked_at},
              {"last_used_at", t.last_used_at}};
}

const Json kUserSchema = {{"type", "object"},
                          {"properties",
                           {{"id", {{"type", "integer"}}},
                            {"username", {{"type", "string"}}},
                            {"display_name", {{"type", "string"}}},
                            {"department", {{"type", "string"}}},
                            {"inspector_code", {{"type", "string"}}},
                            {"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                            {"disabled", {{"type", "boolean"}}},
                            {"locked", {{"type", "boolean"}}}}}};

const Json kMeSchema = {
    {"type", "object"},
    {"properties",
     {{"user", {{"type", "object"}}},
      {"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}},
      {"permissions",
       {{"type", "object"},
        {"additionalProperties", {{"type", "string"}, {"enum", {"own", "department", "all"}}}}}},
      {"csrf_token", {{"type", "string"}}}}}};

Json ListSchema(const Json& item) {
  return Json{{"type", "object"},
              {"properties",
               {{"items", {{"type", "array"}, {"items", item}}},
                {"total", {{"type", "integer"}}},
                {"limit", {{"type", "integer"}}},
                {"offset", {{"type", "integer"}}}}}};
}

template <typename T, typename F>
Json PageOf(const std::vector<T>& all, const Page& page, F to_json) {
  Json items = Json::array();
  const auto begin = std::min<size_t>(all.size(), static_cast<size_t>(page.offset));
  const auto end = std::min<size_t>(all.size(), begin + static_cast<size_t>(page.limit));
  for (size_t i = begin; i < end; ++i) items.push_back(to_json(all[i]));
  return Paged(std::move(items), static_cast<int64_t>(all.size()), page);
}

const TextRule kPasswordRule{.max_chars = 256, .multiline = false, .allow_empty = true};

}  // namespace

void RegisterAccessRoutes(Router& router, app::Services& services) {
  app::AccessService& access = *services.access;
  const Access users_admin = Access::Permission(app::perm::kUsersAdmin);

  // --- session ---------------------------------------------------------------------------
  router.Add({.method = "POST",
              .path = "/api/v1/session",
              .summary = "Log in: sets the session cookie, returns the user and the CSRF token",
              .tag = "access",
              .access = Access::Public(),
              .request_schema = {{"type", "object"},
                                 {"required", {"username", "password"}},
                                 {"properties",
                                  {{"username", {{"type", "string"}}},
                                   {"password", {{"type", "string"}}}}}},
              .response_schema = kMeSchema,
              .max_body = 4096,
              .csrf_exempt = true,
              .handler = [&access](Request& req) -> Response {
                JsonReader in = req.Body();
                const std::string username = in.String("username", {.max_chars = 64});
                const std::string password = in.String("password", kPasswordRule);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(app::LoginResult login,
                                        access.Login(username, password, req.client_ip()));
                if (!req.session_token().empty()) access.Logout(req.session_token()).IgnoreError();
                Json body = MeJson(login.caller, login.csrf_token);
                body["expires_at"] = login.expires_at;
                Response r(std::move(body));
                r.set_session = login.session_token;
                r.session_max_age = login.max_age_seconds;
                return r;
              }});
  router.Add(
      {.method = "GET",
       .path = "/api/v1/session",
       .summary = "The current user, roles, permissions and (with a cookie) CSRF token",
       .tag = "access",
       .access = Access::Authenticated(),
       .response_schema = kMeSchema,
       .handler = [](Request& req) -> Response { return MeJson(req.caller(), req.csrf_token()); }});
  router.Add({.method = "DELETE",
              .path = "/api/v1/session",
              .summary = "Log out: ends the session and clears the cookie",
              .tag = "access",
              .access = Access::Authenticated(),
              .success_status = 204,
              .handler = [&access](Request& req) -> Response {
                if (req.via_session()) SUNLIT_RETURN_IF_ERROR(access.Logout(req.session_token()));
                Response r = Response::NoContent();
                r.clear_session = true;
                return r;
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/me/password",
              .summary = "Change one's own password (ends one's other sessions)",
              .tag = "access",
              .access = Access::Authenticated(),
              .request_schema = {{"type", "object"},
                                 {"required", {"old_password", "new_password"}},
                                 {"properties",
                                  {{"old_password", {{"type", "string"}}},
                                   {"new_password", {{"type", "string"}}}}}},
              .max_body = 4096,
              .success_status = 204,
              .handler = [&access](Request& req) -> Response {
                JsonReader in = req.Body();
                const std::string old_password = in.String("old_password", kPasswordRule);
                const std::string new_password = in.String("new_password", kPasswordRule);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_RETURN_IF_ERROR(access.ChangePassword(req.caller(), old_password,
                                                             new_password, req.session_token()));
                return Response::NoContent();
              }});

  // --- users -----------------------------------------------------------------------------
  router.Add({.method = "GET",
              .path = "/api/v1/users",
              .summary = "Users (all, or of the caller's department)",
              .tag = "access",
              .access = users_admin,
              .response_schema = ListSchema(kUserSchema),
              .handler = [&access](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(Page page, req.Paging(100, 1000));
                SUNLIT_ASSIGN_OR_RETURN(auto users, access.ListUsers(req.caller()));
                return PageOf(users, page, UserJson);
              }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/users",
       .summary = "Create a user (a password is generated and returned once when none is given)",
       .tag = "access",
       .access = users_admin,
       .request_schema = {{"type", "object"},
                          {"required", {"username", "roles"}},
                          {"properties",
                           {{"username", {{"type", "string"}}},
                            {"display_name", {{"type", "string"}}},
                            {"department", {{"type", "string"}}},
                            {"inspector_code", {{"type", "string"}}},
                            {"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                            {"password", {{"type", "string"}}}}}},
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"user", kUserSchema}, {"generated_password", {{"type", "string"}}}}}},
       .max_body = 8192,
       .success_status = 201,
       .handler = [&access](Request& req) -> Response {
         JsonReader in = req.Body();
         app::NewUser u;
         u.username = in.String("username", {.max_chars = 64});
         u.display_name = in.OptString("display_name", {.max_chars = 64}).value_or("");
         u.department_code =
             in.OptString("department", {.max_chars = 32}).value_or(req.caller().department_code);
         u.inspector_code = in.OptString("inspector_code", {.max_chars = 64}).value_or("");
         u.roles = in.Strings("roles", {.max_items = 10, .max_chars = 64, .allow_empty = false});
         u.password = in.OptString("password", kPasswordRule).value_or("");
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_ASSIGN_OR_RETURN(app::CreatedUser created, access.CreateUser(req.caller(), u));
         Json body = {{"user", UserJson(created.user)}};
         if (!created.generated_password.empty()) {
           body["generated_password"] = created.generated_password;
         }
         return Response(std::move(body), 201);
       }});
  router.Add({.method = "GET",
              .path = "/api/v1/users/{id}",
              .summary = "One user",
              .tag = "access",
              .access = users_admin,
              .response_schema = kUserSchema,
              .handler = [&access](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_ASSIGN_OR_RETURN(app::UserInfo u, access.GetUser(req.caller(), id));
                return UserJson(u);
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/users/{id}/disable",
              .summary = "Disable a user: ends their sessions, revokes their API tokens",
              .tag = "access",
              .access = users_admin,
              .response_schema = kUserSchema,
              .handler = [&access](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_RETURN_IF_ERROR(access.DisableUser(req.caller(), id));
                SUNLIT_ASSIGN_OR_RETURN(app::UserInfo u, access.GetUser(req.caller(), id));
                return UserJson(u);
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/users/{id}/enable",
              .summary = "Enable a disabled user",
              .tag = "access",
              .access = users_admin,
              .response_schema = kUserSchema,
              .handler = [&access](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_RETURN_IF_ERROR(access.EnableUser(req.caller(), id));
                SUNLIT_ASSIGN_OR_RETURN(app::UserInfo u, access.GetUser(req.caller(), id));
                return UserJson(u);
              }});
  router.Add(
      {.method = "PUT",
       .path = "/api/v1/users/{id}/roles",
       .summary = "Replace a user's roles",
       .tag = "access",
       .access = users_admin,
       .request_schema = {{"type", "object"},
                          {"required", {"roles"}},
                          {"properties",
                           {{"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
       .response_schema = kUserSchema,
       .max_body = 4096,
       .handler = [&access](Request& req) -> Response {
         SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
         JsonReader in = req.Body();
         auto roles = in.Strings("roles", {.max_items = 10, .max_chars = 64, .allow_empty = false});
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_ASSIGN_OR_RETURN(app::UserInfo u, access.SetRoles(req.caller(), id, roles));
         return UserJson(u);
       }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/users/{id}/password",
       .summary = "Reset a user's password (generated and returned once when none is given)",
       .tag = "access",
       .access = users_admin,
       .request_schema = {{"type", "object"}, {"properties", {{"password", {{"type", "string"}}}}}},
       .response_schema = {{"type", "object"},
                           {"properties", {{"generated_password", {{"type", "string"}}}}}},
       .max_body = 4096,
       .handler = [&access](Request& req) -> Response {
         SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
         std::string password;
         if (!req.json().is_null()) {
           JsonReader in = req.Body();
           password = in.OptString("password", kPasswordRule).value_or("");
           SUNLIT_RETURN_IF_ERROR(in.Finish());
         }
         SUNLIT_ASSIGN_OR_RETURN(std::string generated,
                                 access.ResetPassword(req.caller(), id, password));
         Json body = Json::object();
         if (!generated.empty()) body["generated_password"] = generated;
         return body;
       }});

  // --- reference lists -----------------------------------------------------------------------
  router.Add(
      {.method = "GET",
       .path = "/api/v1/roles",
       .summary = "Roles and their permission grants",
       .tag = "access",
       .access = Access::Authenticated(),
       .response_schema = {{"type", "object"}, {"properties", {{"items", {{"type", "array"}}}}}},
       .handler = [&access](Request&) -> Response {
         SUNLIT_ASSIGN_OR_RETURN(auto roles, access.Roles());
         Json items = Json::array();
         for (const app::RoleInfo& r : roles) {
           Json grants = Json::object();
           for (const app::Grant& g : r.grants) grants[g.permission] = app::ScopeName(g.scope);
           items.push_back({{"code", r.code},
                            {"name_zh", r.name_zh},
                            {"name_en", r.name_en},
                            {"description", r.description},
                            {"builtin", r.builtin},
                            {"permissions", std::move(grants)}});
         }
         return Json{{"items", std::move(items)}};
       }});
  router.Add(
      {.method = "GET",
       .path = "/api/v1/departments",
       .summary = "Departments (the bureau and its partner departments)",
       .tag = "access",
       .access = Access::Authenticated(),
       .response_schema = {{"type", "object"}, {"properties", {{"items", {{"type", "array"}}}}}},
       .handler = [&access](Request&) -> Response {
         SUNLIT_ASSIGN_OR_RETURN(auto departments, access.Departments());
         Json items = Json::array();
         for (const core::Department& d : departments) {
           items.push_back(
               {{"code", d.code}, {"name", d.name}, {"market_supervision", d.market_supervision}});
         }
         return Json{{"items", std::move(items)}};
       }});

  // --- API tokens ------------------------------------------------------------------------
  router.Add(
      {.method = "GET",
       .path = "/api/v1/tokens",
       .summary = "API tokens: one's own, or with users.admin those of users in scope",
       .tag = "access",
       .access = Access::Authenticated(),
       .response_schema = {{"type", "object"}, {"properties", {{"items", {{"type", "array"}}}}}},
       .handler = [&access](Request& req) -> Response {
         SUNLIT_ASSIGN_OR_RETURN(auto tokens, access.ListApiTokens(req.caller()));
         Json items = Json::array();
         for (const auto& t : tokens) items.push_back(TokenJson(t));
         return Json{{"items", std::move(items)}};
       }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/tokens",
       .summary = "Create an API token for a user (the token is returned once)",
       .tag = "access",
       .access = users_admin,
       .request_schema = {{"type", "object"},
                          {"required", {"user_id", "name"}},
                          {"properties",
                           {{"user_id", {{"type", "integer"}}},
                            {"name", {{"type", "string"}}},
                            {"expires_at", {{"type", "string"}, {"format", "date-time"}}}}}},
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"token", {{"type", "string"}}}, {"info", {{"type", "object"}}}}}},
       .max_body = 4096,
       .success_status = 201,
       .handler = [&access](Request& req) -> Response {
         JsonReader in = req.Body();
         const int64_t user_id = in.Int("user_id", 1, std::numeric_limits<int64_t>::max());
         const std::string name = in.String("name", {.max_chars = 64});
         const std::string expires = in.OptString("expires_at", {.max_chars = 32}).value_or("");
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_ASSIGN_OR_RETURN(app::CreatedApiToken t,
                                 access.CreateApiToken(req.caller(), user_id, name, expires));
         return Response(Json{{"token", t.token}, {"info", TokenJson(t.info)}}, 201);
       }});
  router.Add({.method = "DELETE",
              .path = "/api/v1/tokens/{id}",
              .summary = "Revoke an API token (one's own, or of a user in one's scope)",
              .tag = "access",
              .access = Access::Authenticated(),
              .success_status = 204,
              .handler = [&access](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_RETURN_IF_ERROR(access.RevokeApiToken(req.caller(), id));
                return Response::NoContent();
              }});
}

}  // namespace sunlit::http
