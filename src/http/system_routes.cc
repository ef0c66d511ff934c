// GET /api/v1/health and GET /api/v1/openapi.json.
#include <memory>
#include <mutex>

#include "http/openapi.h"
#include "http/routes.h"

namespace sunlit::http {

void RegisterSystemRoutes(Router& router, app::Services& services) {
  router.Add({.method = "GET",
              .path = "/api/v1/health",
              .summary = "Liveness and the database schema version",
              .tag = "system",
              .access = Access::Public(),
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"status", {{"type", "string"}}},
                                    {"schema_version", {{"type", "integer"}}}}}},
              .fast = true,
              .handler = [&services](Request&) -> Response {
                return Json{{"status", "ok"}, {"schema_version", services.store->SchemaVersion()}};
              }});
  // Generated once, at the first request (the table is complete and read-only by then).
  struct Cache {
    std::once_flag once;
    std::string text;
  };
  auto cache = std::make_shared<Cache>();
  router.Add({.method = "GET",
              .path = "/api/v1/openapi.json",
              .summary = "This API as an OpenAPI 3.0 document",
              .tag = "system",
              .access = Access::Public(),
              .cacheable = true,
              .handler = [&router, cache](Request&) -> Response {
                std::call_once(cache->once, [&] { cache->text = OpenApiDocument(router).dump(); });
                Response r = Response::Bytes(cache->text, "application/json; charset=utf-8");
                r.Header("Cache-Control", "no-cache");
                return r;
              }});
}

}  // namespace sunlit::http
