// Status: the outcome of a fallible operation, as a value (leveldb / Abseil style).
//
// A Status carries a canonical code, a message that is safe to show to any user (citizens
// included: no SQL, no paths, no stack traces) and an optional internal detail meant only
// for the server log. Expected failures are returned, never thrown.
#ifndef SUNLIT_CORE_STATUS_H_
#define SUNLIT_CORE_STATUS_H_

#include <string>
#include <string_view>
#include <utility>

namespace sunlit {

// Canonical error codes, independent of HTTP; http/ maps them to statuses in one place.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong (bad code, bad file, bad JSON)
  kNotFound,            // the thing asked for does not exist
  kAlreadyExists,       // creating something that exists
  kFailedPrecondition,  // the system is not in a state that allows this (e.g. not frozen)
  kAborted,             // a concurrent change won (version conflict); retrying may help
  kPermissionDenied,    // authenticated but not allowed
  kUnauthenticated,     // no valid credentials
  kResourceExhausted,   // size limits, rate limits
  kOutOfRange,          // e.g. a date outside the calendar's known years
  kUnavailable,         // transient: database busy, peer down
  kDataLoss,            // stored data failed an integrity check
  kUnimplemented,
  kInternal,            // a bug or an unexpected environment failure
};

// Returns the stable lower-case name of `code`, e.g. "invalid_argument".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  // REQUIRES: code != kOk. `message` is shown to users; `detail` goes only to logs.
  Status(StatusCode code, std::string message, std::string detail = {})
      : code_(code), message_(std::move(message)), detail_(std::move(detail)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& detail() const { return detail_; }

  // "invalid_argument: message" (detail excluded), or "ok".
  std::string ToString() const;

  // Explicitly discards the status where ignoring it is a decision, not an accident.
  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string detail_;
};

inline Status InvalidArgument(std::string m, std::string d = {}) {
  return {StatusCode::kInvalidArgument, std::move(m), std::move(d)};
}
inline Status NotFound(std::string m, std::string d = {}) {
  return {StatusCode::kNotFound, std::move(m), std::move(d)};
}
inline Status AlreadyExists(std::string m, std::string d = {}) {
  return {StatusCode::kAlreadyExists, std::move(m), std::move(d)};
}
inline Status FailedPrecondition(std::string m, std::string d = {}) {
  return {StatusCode::kFailedPrecondition, std::move(m), std::move(d)};
}
inline Status OutOfRange(std::string m, std::string d = {}) {
  return {StatusCode::kOutOfRange, std::move(m), std::move(d)};
}
inline Status Aborted(std::string m, std::string d = {}) {
  return {StatusCode::kAborted, std::move(m), std::move(d)};
}
inline Status Unavailable(std::string m, std::string d = {}) {
  return {StatusCode::kUnavailable, std::move(m), std::move(d)};
}
inline Status DataLoss(std::string m, std::string d = {}) {
  return {StatusCode::kDataLoss, std::move(m), std::move(d)};
}
inline Status ResourceExhausted(std::string m, std::string d = {}) {
  return {StatusCode::kResourceExhausted, std::move(m), std::move(d)};
}
inline Status PermissionDenied(std::string m, std::string d = {}) {
  return {StatusCode::kPermissionDenied, std::move(m), std::move(d)};
}
inline Status Unauthenticated(std::string m, std::string d = {}) {
  return {StatusCode::kUnauthenticated, std::move(m), std::move(d)};
}
inline Status Internal(std::string m, std::string d = {}) {
  return {StatusCode::kInternal, std::move(m), std::move(d)};
}

}  // namespace sunlit

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define SUNLIT_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::sunlit::Status sunlit_status_ = (expr); \
    if (!sunlit_status_.ok()) return sunlit_status_; \
  } while (0)

#endif  // SUNLIT_CORE_STATUS_H_
