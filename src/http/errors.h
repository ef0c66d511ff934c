// The one mapping from Status to an HTTP response, and the JSON error body every error has:
//
//   {"error": {"code": "invalid_argument", "message": "title may not be empty", "field": "title"}}
//
// `code` is the StatusCode name, or one of the HTTP-level codes below; `message` is the
// Status message (safe for any user); `field` is present when the Status names one
// (core/field_error.h). Status::detail() is never sent: the server logs it.
//
//   kInvalidArgument, kOutOfRange   400
//   kUnauthenticated                401
//   kPermissionDenied               403
//   kNotFound                       404
//   kAlreadyExists                  409
//   kAborted                        409  (a concurrent change won: reload and retry)
//   kFailedPrecondition             409  (the object's state does not allow it: 409 rather
//                                          than 422, since it is about the resource's
//                                          current state, not the request's syntax)
//   kResourceExhausted              429, or 413 when core::IsTooLarge
//   kUnavailable                    503
//   kUnimplemented                  501
//   kDataLoss, kInternal, others    500 with the generic message "internal error"
#ifndef SUNLIT_HTTP_ERRORS_H_
#define SUNLIT_HTTP_ERRORS_H_

#include <string_view>

#include "core/status.h"
#include "http/json.h"

namespace sunlit::http {

// HTTP-level error codes (no Status behind them).
inline constexpr std::string_view kCodeNotFound = "not_found";                   // 404 no route
inline constexpr std::string_view kCodeMethodNotAllowed = "method_not_allowed";  // 405
inline constexpr std::string_view kCodePayloadTooLarge = "payload_too_large";    // 413
inline constexpr std::string_view kCodeUnsupportedMediaType = "unsupported_media_type";  // 415
inline constexpr std::string_view kCodeCsrf = "csrf_failed";                             // 403
inline constexpr std::string_view kCodeInternal = "internal";                            // 500

int HttpStatusOf(const Status& status);
// {"error":{"code":…,"message":…[,"field":…]}}
Json ErrorBody(std::string_view code, std::string_view message, std::string_view field = {});
// The body for `status` (5xx: the generic message, whatever the Status says).
Json ErrorBodyOf(const Status& status);

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_ERRORS_H_
