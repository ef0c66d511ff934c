// Static files of the web UI (the built Vite app): a URL path resolved safely under a root.
#ifndef SUNLIT_HTTP_STATIC_FILES_H_
#define SUNLIT_HTTP_STATIC_FILES_H_

#include <string>
#include <string_view>

#include "http/router.h"

namespace sunlit::http {

// The canonical absolute form of `dir` (kInvalidArgument when it is not a directory).
Result<std::string> CanonicalWebRoot(const std::string& dir);

// Serves `url_path` (decoded, starting with '/') from `root` (a CanonicalWebRoot):
// "/" → index.html; a path whose last segment has no '.' and names no file → index.html (the
// single-page app's own routes); otherwise the file itself. Refused: any ".." or "."
// segment, a backslash or NUL (400 invalid_argument); hidden names (".git"), files outside
// the root through symlinks, anything not a regular file (404). HTML gets the
// Content-Security-Policy; hashed assets under /assets/ are cacheable for a year.
// When `accepts_gzip` and the build left a precompressed `<file>.gz` beside the file (web/
// scripts/precompress.mjs), that is sent with Content-Encoding: gzip; both variants carry
// Vary: Accept-Encoding.
Response ServeStatic(const std::string& root, std::string_view url_path, bool accepts_gzip = false);

// Whether an Accept-Encoding header value accepts gzip (listed, and not with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

// The Content-Security-Policy of the web UI's HTML.
inline constexpr std::string_view kHtmlCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_STATIC_FILES_H_
