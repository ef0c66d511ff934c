// The body of PUT /api/v1/checks/{id}/result (docs/api.md) read into the use case's request.
// A pure function of the JSON, apart from the route so that the fuzz target
// (fuzz/json_fuzz.cc) and tests can call it.
#ifndef SUNLIT_HTTP_RESULT_BODY_H_
#define SUNLIT_HTTP_RESULT_BODY_H_

#include <cstdint>

#include "app/results.h"
#include "core/result.h"
#include "http/json.h"

namespace sunlit::http {

// Reads {version, checked_on, methods[], category, summary?, follow_up, follow_up_note?,
// category_set?, items:[{department, item, name?, checked, problems?, action?}]} from `in`
// into a request for check `check_id`. Errors: kInvalidArgument naming the first bad field
// (JsonReader's rules; methods outside on_site, documents, online, agency, testing,
// other_results; no items); unknown members are errors.
Result<app::EnterResultRequest> ReadResultBody(JsonReader& in, int64_t check_id);

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_RESULT_BODY_H_
