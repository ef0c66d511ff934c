// Errors that name the input field at fault, and errors for input that is too large.
//
// A Status has a user-safe message and a detail for logs only. Two facts about input errors
// are safe and useful to a client — which field was wrong, and that something was too
// large — so they travel in a fixed prefix of the detail ("field=NAME" and "too_large")
// that http/errors.cc reads; the rest of the detail is still never sent.
#ifndef SUNLIT_CORE_FIELD_ERROR_H_
#define SUNLIT_CORE_FIELD_ERROR_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace sunlit {

// kInvalidArgument about `field` (e.g. "title", "items[2].code"). The message should name
// the field too, since it is what a person reads.
inline Status InvalidField(std::string_view field, std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "field=" + std::string(field));
}

// Any code, naming `field` (e.g. kAlreadyExists for a taken username).
inline Status FieldStatus(StatusCode code, std::string_view field, std::string message) {
  return Status(code, std::move(message), "field=" + std::string(field));
}

// kResourceExhausted for input that is too large (an upload, a list): HTTP 413, not 429.
inline Status TooLarge(std::string message) {
  return Status(StatusCode::kResourceExhausted, std::move(message), "too_large");
}

// The field named by `s`, or "" when none.
inline std::string_view FieldOf(const Status& s) {
  std::string_view d = s.detail();
  constexpr std::string_view kPrefix = "field=";
  if (d.substr(0, kPrefix.size()) != kPrefix) return {};
  d.remove_prefix(kPrefix.size());
  return d.substr(0, d.find(';'));
}

inline bool IsTooLarge(const Status& s) {
  return s.code() == StatusCode::kResourceExhausted && s.detail().rfind("too_large", 0) == 0;
}

}  // namespace sunlit

#endif  // SUNLIT_CORE_FIELD_ERROR_H_
