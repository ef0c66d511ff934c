// OpenApiDocument: one operation per route; errors share one schema.
#include "http/openapi.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace sunlit::http {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string OperationId(const Route& r) {
  std::string id = Lower(r.method);
  for (const char c : r.path) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += c;
    } else if (id.back() != '_') {
      id += '_';
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

Json ErrorRef(std::string description) {
  return Json{
      {"description", std::move(description)},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

}  // namespace

std::vector<std::string> PathParams(std::string_view pattern) {
  std::vector<std::string> out;
  std::vector<std::string_view> segs;
  if (!SplitPath(pattern, &segs)) return out;
  for (std::string_view s : segs) {
    if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
      out.emplace_back(s.substr(1, s.size() - 2));
    }
  }
  return out;
}

Json OpenApiDocument(const Router& router) {
  Json paths = Json::object();
  std::set<std::string> tags;
  for (const Route& r : router.routes()) {
    tags.insert(r.tag);
    Json op = {{"summary", r.summary},
               {"tags", {r.tag}},
               {"operationId", OperationId(r)},
               {"x-sunlit-access", r.access.Describe()},
               {"x-sunlit-csrf", r.ChangesState() && !r.csrf_exempt}};
    if (r.access.kind == Access::Kind::kPublic) {
      op["security"] = Json::array();
    } else {
      op["security"] =
          Json::array({Json{{"session", Json::array()}}, Json{{"bearer", Json::array()}}});
    }
    Json params = Json::array();
    for (const std::string& p : PathParams(r.path)) {
      params.push_back(
          {{"name", p}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    if (r.ChangesState() && !r.csrf_exempt && r.access.kind != Access::Kind::kPublic) {
      params.push_back({{"name", "X-CSRF-Token"},
                        {"in", "header"},
                        {"required", false},
                        {"description", "required with a session cookie, not with a bearer token"},
                        {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!r.request_schema.is_null()) {
      const std::string type = r.raw_body ? "application/octet-stream" : "application/json";
      op["requestBody"] = {{"required", true},
                           {"content", {{type, {{"schema", r.request_schema}}}}}};
      op["x-sunlit-max-body"] = r.max_body;
    }
    Json responses = Json::object();
    const Json schema = r.response_schema.is_null() ? Json{{"type", "object"}} : r.response_schema;
    if (r.success_status == 204) {
      responses["204"] = {{"description", "done"}};
    } else {
      responses[std::to_string(r.success_status)] = {
          {"description", "success"}, {"content", {{"application/json", {{"schema", schema}}}}}};
    }
    responses["400"] = ErrorRef("invalid input");
    if (r.access.kind != Access::Kind::kPublic) responses["401"] = ErrorRef("not logged in");
    if (r.access.kind == Access::Kind::kPermission || r.ChangesState()) {
      responses["403"] = ErrorRef("not allowed, or a missing or wrong CSRF token");
    }
    if (!r.request_schema.is_null()) responses["413"] = ErrorRef("body too large");
    responses["default"] = ErrorRef("other errors (docs/api.md)");
    op["responses"] = std::move(responses);
    paths[r.path][Lower(r.method)] = std::move(op);
  }
  Json tag_list = Json::array();
  for (const std::string& t : tags) tag_list.push_back({{"name", t}});
  return Json{{"openapi", "3.0.3"},
              {"info",
               {{"title", "Sunlit (阳光监管) API"},
                {"version", "1"},
                {"description",
                 "Conventions (authentication, CSRF, errors, paging, limits): docs/api.md"}}},
              {"servers", Json::array({Json{{"url", "/"}}})},
              {"tags", std::move(tag_list)},
              {"paths", std::move(paths)},
              {"components",
               {{"securitySchemes",
                 {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "sunlit_session"}}},
                  {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
                {"schemas",
                 {{"Error",
                   {{"type", "object"},
                    {"required", {"error"}},
                    {"properties",
                     {{"error",
                       {{"type", "object"},
                        {"required", {"code", "message"}},
                        {"properties",
                         {{"code", {{"type", "string"}}},
                          {"message", {{"type", "string"}}},
                          {"field", {{"type", "string"}}}}}}}}}}}}}}}};
}

}  // namespace sunlit::http
