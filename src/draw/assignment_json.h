// The assignment's input and result as JSON (schema in docs/assignment.md), the forms in
// which they are published and archived. Writing is canonical: keys in the documented
// order, no whitespace, lower-case hex, one trailing newline. Parsing is strict: exactly the
// documented keys (two of them optional), each once, with the documented types.
//
// Thread-safe; no exception escapes.
#ifndef SUNLIT_DRAW_ASSIGNMENT_JSON_H_
#define SUNLIT_DRAW_ASSIGNMENT_JSON_H_

#include <string>
#include <string_view>

#include "core/result.h"
#include "draw/assignment.h"

namespace sunlit::draw {

// The canonical input document. REQUIRES: strings are valid UTF-8 (others are written with
// U+FFFD in place of the bad bytes).
std::string AssignmentInputToJson(const AssignmentInput& input);

// The input in `json`. kInvalidArgument "input: ..." naming the field of the first problem:
// not JSON, a repeated key, an unknown or missing key, a wrong type, a bad date, seed hex
// that is not 64 lower-case digits, an unknown status, a number out of range. Optional:
// `allow_previous` (default false) and an inspector's `certificate_expiry` (absent or null:
// no certificate). Semantic rules (team total >= 2, unique codes …) are
// ValidateAssignmentInput's, which Assign applies.
Result<AssignmentInput> AssignmentInputFromJson(std::string_view json);

// The canonical result document.
std::string AssignmentResultToJson(const AssignmentResult& result);

// The result in `json`; kInvalidArgument "result: ..." for anything malformed, as above.
// Says nothing about whether the assignment is right: that is VerifyAssignment's job.
Result<AssignmentResult> AssignmentResultFromJson(std::string_view json);

}  // namespace sunlit::draw

#endif  // SUNLIT_DRAW_ASSIGNMENT_JSON_H_
