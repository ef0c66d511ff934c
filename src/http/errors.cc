// Status → HTTP: the one mapping (see errors.h for the table and why).
#include "http/errors.h"

#include "core/field_error.h"

namespace sunlit::http {

int HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kAborted:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return IsTooLarge(s) ? 413 : 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kUnimplemented:
      return 501;
    case StatusCode::kDataLoss:
    case StatusCode::kInternal:
      break;
  }
  return 500;
}

Json ErrorBody(std::string_view code, std::string_view message, std::string_view field) {
  Json e = {{"code", code}, {"message", message}};
  if (!field.empty()) e["field"] = field;
  return Json{{"error", std::move(e)}};
}

Json ErrorBodyOf(const Status& s) {
  const int status = HttpStatusOf(s);
  if (status >= 500 && status != 503 && status != 501) {
    return ErrorBody(kCodeInternal, "internal error");
  }
  if (status == 413) return ErrorBody(kCodePayloadTooLarge, s.message(), FieldOf(s));
  return ErrorBody(StatusCodeName(s.code()), s.message(), FieldOf(s));
}

}  // namespace sunlit::http
