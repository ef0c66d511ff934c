// The Register…Routes functions of the API, one per area; server.cc calls each once
// (RegisterAllRoutes). To add an area: declare its function here, define it in
// src/http/<area>_routes.cc, add one line to RegisterAllRoutes. Tests cover new routes
// automatically (the OpenAPI walk and the role × route table in http_test).
#ifndef SUNLIT_HTTP_ROUTES_H_
#define SUNLIT_HTTP_ROUTES_H_

#include "app/services.h"
#include "http/router.h"

namespace sunlit::http {

// /api/v1/health, /api/v1/openapi.json (system_routes.cc).
void RegisterSystemRoutes(Router& router, app::Services& services);
// Login, logout, the current user, users, roles, departments, API tokens (access_routes.cc).
void RegisterAccessRoutes(Router& router, app::Services& services);
// Plans, item lists and checklists, tasks, checks, alternates, targeted checks, notices,
// inspector assignment (workflow_routes.cc).
void RegisterWorkflowRoutes(Router& router, app::Services& services);
// Results, evidence, review and publication, deadlines, credit lists, restrictions,
// referrals, statistics (results_routes.cc).
void RegisterResultsRoutes(Router& router, app::Services& services);
// The public portal under /api/v1/public (public_routes.cc).
void RegisterPublicRoutes(Router& router, app::Services& services);
// What the staff console needs beyond the areas above: the wizard's pool count
// (console_routes.cc).
void RegisterConsoleRoutes(Router& router, app::Services& services);
// An inspector's own checks, the review and publication queues (work_routes.cc).
void RegisterWorkRoutes(Router& router, app::Services& services);

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_ROUTES_H_
