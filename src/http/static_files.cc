// Static files: path checks first, then the canonical path must stay under the root (so a
// symlink cannot lead out), then the bytes.
#include "http/static_files.h"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/field_error.h"

namespace sunlit::http {
namespace {

constexpr size_t kMaxStaticFile = 64u << 20;

std::string_view ContentType(std::string_view name) {
  const size_t dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "ttf") return "font/ttf";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "wasm") return "application/wasm";
  if (ext == "webmanifest") return "application/manifest+json";
  return "application/octet-stream";
}

std::optional<std::string> RealPath(const std::string& p) {
  char buf[PATH_MAX];
  if (realpath(p.c_str(), buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

bool IsRegularFile(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Response NotFoundResponse() { return Response(NotFound("not found")); }

}  // namespace

Result<std::string> CanonicalWebRoot(const std::string& dir) {
  std::optional<std::string> real = RealPath(dir);
  struct stat st {};
  if (!real || stat(real->c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return InvalidArgument("the web directory " + dir + " does not exist");
  }
  return *real;
}

bool AcceptsGzip(std::string_view v) {
  size_t pos = 0;
  while (pos < v.size()) {
    size_t end = v.find(',', pos);
    if (end == std::string_view::npos) end = v.size();
    std::string_view part = v.substr(pos, end - pos);
    pos = end + 1;
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const size_t semi = part.find(';');
    std::string_view name = part.substr(0, semi);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != "gzip" && name != "x-gzip") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view params = part.substr(semi + 1);
    while (!params.empty() && params.front() == ' ') params.remove_prefix(1);
    // q=0, q=0.0, q=0.00 … refuse; any other q accepts.
    if (params.rfind("q=0", 0) == 0 &&
        params.find_first_not_of("0.", 2) == std::string_view::npos) {
      return false;
    }
    return true;
  }
  return false;
}

Response ServeStatic(const std::string& root, std::string_view url_path, bool accepts_gzip) {
  std::vector<std::string_view> segs;
  if (!SplitPath(url_path, &segs)) return Response(InvalidArgument("invalid path"));
  std::string rel;
  for (size_t i = 0; i < segs.size(); ++i) {
    const std::string_view s = segs[i];
    if (s == ".." || s == "." || s.find('\\') != std::string_view::npos ||
        s.find('\0') != std::string_view::npos) {
      return Response(InvalidArgument("invalid path"));
    }
    if (s.empty()) {
      if (i + 1 == segs.size()) break;  // a trailing slash
      return Response(InvalidArgument("invalid path"));
    }
    if (s.front() == '.') return NotFoundResponse();
    rel += '/';
    rel += s;
  }
  std::string file = root + (rel.empty() ? "/index.html" : rel);
  if (!IsRegularFile(file)) {
    const std::string_view last = segs.empty() ? "" : segs.back();
    if (last.find('.') != std::string_view::npos) return NotFoundResponse();
    file = root + "/index.html";  // a route of the single-page app
  }
  std::optional<std::string> real = RealPath(file);
  if (!real || real->compare(0, root.size() + 1, root + "/") != 0 || !IsRegularFile(*real)) {
    return NotFoundResponse();
  }
  // A precompressed variant from the build, under the root like the file itself.
  std::optional<std::string> gz = RealPath(*real + ".gz");
  const bool have_gz = gz && gz->compare(0, root.size() + 1, root + "/") == 0 &&
                       IsRegularFile(*gz);
  const bool send_gz = have_gz && accepts_gzip;
  std::ifstream in(send_gz ? *gz : *real, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) return NotFoundResponse();
  std::string body = std::move(bytes).str();
  if (body.size() > kMaxStaticFile) return NotFoundResponse();
  const std::string_view type = ContentType(*real);
  Response r = Response::Bytes(std::move(body), std::string(type));
  if (type.rfind("text/html", 0) == 0) {
    r.Header("Content-Security-Policy", std::string(kHtmlCsp));
    r.Header("Cache-Control", "no-cache");
  } else if (rel.rfind("/assets/", 0) == 0) {
    r.Header("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    r.Header("Cache-Control", "no-cache");
  }
  if (have_gz) r.Header("Vary", "Accept-Encoding");
  if (send_gz) r.Header("Content-Encoding", "gzip");
  return r;
}

}  // namespace sunlit::http
