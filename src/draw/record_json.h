// The draw record as JSON, the form in which it is published and archived (schema in
// docs/draw.md). Writing is deterministic: fixed key order, lower-case hex, two-space indent.
// Parsing is strict: exactly the documented keys, each once, with the documented types.
//
// Thread-safe; no exception escapes.
#ifndef SUNLIT_DRAW_RECORD_JSON_H_
#define SUNLIT_DRAW_RECORD_JSON_H_

#include <string>
#include <string_view>

#include "core/result.h"
#include "draw/protocol.h"

namespace sunlit::draw {

// The record as a JSON document ending with a newline.
std::string RecordToJson(const DrawRecord& record);

// The record in `json`. kInvalidArgument "record: ..." naming the first problem for
// anything malformed: not JSON, a missing, repeated or unknown key, a wrong type, hex that is
// not 64 lower-case digits, a code that is not 18 characters, an invalid stratum label, an
// unknown role. Says nothing about whether the draw is right: that is VerifyRecord's job.
Result<DrawRecord> RecordFromJson(std::string_view json);

}  // namespace sunlit::draw

#endif  // SUNLIT_DRAW_RECORD_JSON_H_
