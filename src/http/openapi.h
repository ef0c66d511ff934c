// The OpenAPI 3.0 document of the API, generated from the route table (served at
// /api/v1/openapi.json). Each operation carries its access as "x-sunlit-access" ("public",
// "authenticated" or the permission) and "x-sunlit-csrf" (whether a cookie session needs the
// X-CSRF-Token header).
#ifndef SUNLIT_HTTP_OPENAPI_H_
#define SUNLIT_HTTP_OPENAPI_H_

#include "http/router.h"

namespace sunlit::http {

Json OpenApiDocument(const Router& router);

// "/api/v1/tasks/{id}" → its {param} names in order.
std::vector<std::string> PathParams(std::string_view pattern);

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_OPENAPI_H_
