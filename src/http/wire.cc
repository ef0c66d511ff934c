// Wire: see wire.h.
#include "http/wire.h"

#include <charconv>

namespace sunlit::http {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Whether the comma-separated header value `v` contains the token `t` (case-insensitive).
bool HasToken(std::string_view v, std::string_view t) {
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t end = v.find(',', pos);
    if (end == std::string_view::npos) end = v.size();
    std::string_view part = v.substr(pos, end - pos);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    if (IEquals(part, t)) return true;
    pos = end + 1;
  }
  return false;
}

// RFC 9110 token characters (method and header names).
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string WireRequest::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return v;
  }
  return {};
}

bool WireRequest::HasHeader(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return true;
  }
  return false;
}

bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      const char d = static_cast<char>(hi * 16 + lo);
      if (d == '\0') return false;
      out->push_back(d);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool ParseQuery(std::string_view query, std::multimap<std::string, std::string>* out) {
  size_t pos = 0;
  while (pos < query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    std::string key;
    std::string value;
    if (!PercentDecode(part.substr(0, eq), true, &key)) return false;
    if (eq != std::string_view::npos && !PercentDecode(part.substr(eq + 1), true, &value)) {
      return false;
    }
    out->emplace(std::move(key), std::move(value));
  }
  return true;
}

HeadParse ParseRequestHead(std::string_view buf, WireRequest* out, size_t* head_bytes) {
  const size_t end = buf.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    // The request line alone may already be too long to be a valid target.
    const size_t line_end = buf.find("\r\n");
    if (line_end == std::string_view::npos && buf.size() > kMaxTargetBytes + 64) {
      return HeadParse::kUriTooLong;
    }
    return buf.size() > kMaxHeadBytes ? HeadParse::kTooLarge : HeadParse::kIncomplete;
  }
  if (end + 4 > kMaxHeadBytes) return HeadParse::kTooLarge;
  *head_bytes = end + 4;
  std::string_view head = buf.substr(0, end + 2);  // every line ends with CRLF

  // Request line.
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  head.remove_prefix(eol + 2);
  const size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return HeadParse::kBad;
  const size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return HeadParse::kBad;
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  for (const char c : method) {
    if (!IsTokenChar(c)) return HeadParse::kBad;
  }
  if (target.size() > kMaxTargetBytes) return HeadParse::kUriTooLong;
  if (target.empty() || target.front() != '/') return HeadParse::kBad;
  for (const char c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return HeadParse::kBad;
  }
  if (version == "HTTP/1.1") {
    out->http10 = false;
  } else if (version == "HTTP/1.0") {
    out->http10 = true;
  } else if (version.substr(0, 5) == "HTTP/") {
    return HeadParse::kNotImplemented;
  } else {
    return HeadParse::kBad;
  }
  out->method = std::string(method);
  out->target = std::string(target);
  const size_t q = target.find('?');
  if (!PercentDecode(target.substr(0, q), false, &out->path)) return HeadParse::kBad;
  out->query.clear();
  if (q != std::string_view::npos && !ParseQuery(target.substr(q + 1), &out->query)) {
    return HeadParse::kBad;
  }

  // Headers.
  out->headers.clear();
  bool have_length = false;
  out->content_length = 0;
  while (!head.empty()) {
    eol = head.find("\r\n");
    line = head.substr(0, eol);
    head.remove_prefix(eol + 2);
    if (out->headers.size() >= kMaxHeaders) return HeadParse::kTooLarge;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return HeadParse::kBad;
    std::string_view name = line.substr(0, colon);
    for (const char c : name) {
      if (!IsTokenChar(c)) return HeadParse::kBad;  // also refuses obs-fold (leading space)
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    for (const char c : value) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f) return HeadParse::kBad;
    }
    if (IEquals(name, "Content-Length")) {
      uint64_t n = 0;
      const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || p != value.data() + value.size() || value.empty()) {
        return HeadParse::kBad;
      }
      if (have_length && n != out->content_length) return HeadParse::kBad;
      have_length = true;
      out->content_length = n;
    } else if (IEquals(name, "Transfer-Encoding")) {
      return HeadParse::kNotImplemented;
    }
    out->headers.emplace_back(std::string(name), std::string(value));
  }
  const std::string connection = out->Header("Connection");
  out->keep_alive = out->http10 ? HasToken(connection, "keep-alive") : !HasToken(connection, "close");
  out->expect_continue = IEquals(out->Header("Expect"), "100-continue");
  return HeadParse::kOk;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

void AppendResponse(int status, const std::vector<std::pair<std::string, std::string>>& headers,
                    std::string_view body, bool head_only, bool keep_alive, std::string* out) {
  char num[24];
  out->reserve(out->size() + 256 + body.size());
  out->append("HTTP/1.1 ");
  out->append(num, std::to_chars(num, num + sizeof num, status).ptr);
  out->push_back(' ');
  out->append(ReasonPhrase(status));
  out->append("\r\n");
  for (const auto& [k, v] : headers) {
    out->append(k);
    out->append(": ");
    out->append(v);
    out->append("\r\n");
  }
  if (status != 204 && status != 304 && status >= 200) {
    out->append("Content-Length: ");
    out->append(num, std::to_chars(num, num + sizeof num, body.size()).ptr);
    out->append("\r\n");
  }
  if (!keep_alive) out->append("Connection: close\r\n");
  out->append("\r\n");
  if (!head_only && status != 204 && status != 304) out->append(body);
}

}  // namespace sunlit::http
