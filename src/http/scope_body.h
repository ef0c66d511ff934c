// The "scope" member of a task draft (POST/PUT /api/v1/tasks) and of a pool preview (POST
// /api/v1/pool-preview) read into app::PoolScope — one reader, so that a preview counts
// exactly the pool the same draft would freeze.
#ifndef SUNLIT_HTTP_SCOPE_BODY_H_
#define SUNLIT_HTTP_SCOPE_BODY_H_

#include <string_view>

#include "app/draw_service.h"
#include "core/directory.h"
#include "http/json.h"

namespace sunlit::http {

// Reads `in`'s optional member "scope": {region_prefixes?, industry_prefixes?, types?,
// tags_any?, statuses?, risks?}. Absent members keep PoolScope's defaults (statuses: active
// only); unknown values are errors naming "scope.<member>" (JsonReader's rules).
app::PoolScope ReadPoolScope(JsonReader& in);

// A risk-class label of the API: "A"–"D", or "U" for not yet classified.
bool ParseRiskLabel(std::string_view s, core::RiskClass* out);

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_SCOPE_BODY_H_
