// One place that turns errno values from file operations into Status codes and messages.
#include "io/file_status.h"

#include <cerrno>
#include <cstring>

namespace sunlit::io::internal {

Status FileError(std::string_view what, const std::string& path, int err, StatusCode fallback) {
  std::string message = std::string(what) + " (" + std::strerror(err) + ")";
  StatusCode code = fallback;
  if (err == ENOENT) code = StatusCode::kNotFound;
  if (err == EACCES || err == EPERM) code = StatusCode::kPermissionDenied;
  if (err == ENOSPC || err == EDQUOT) code = StatusCode::kResourceExhausted;
  return Status(code, std::move(message), path);
}

}  // namespace sunlit::io::internal
