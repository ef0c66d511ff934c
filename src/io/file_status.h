// Maps a failed system call on a user's file to a Status (private to io/).
#ifndef SUNLIT_IO_FILE_STATUS_H_
#define SUNLIT_IO_FILE_STATUS_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace sunlit::io::internal {

// `what` says what failed ("cannot open the file"); the message adds strerror(err) and never
// the path, which goes to the detail. ENOENT -> kNotFound, EACCES/EPERM -> kPermissionDenied,
// ENOSPC/EDQUOT -> kResourceExhausted, anything else -> `fallback`.
Status FileError(std::string_view what, const std::string& path, int err,
                 StatusCode fallback = StatusCode::kInvalidArgument);

}  // namespace sunlit::io::internal

#endif  // SUNLIT_IO_FILE_STATUS_H_
