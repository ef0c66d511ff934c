// Wire: HTTP/1.1 messages as bytes — parsing a request head, decoding its target, writing a
// response — for the event-driven server (event_server.h). Pure functions, no I/O, so that
// the parser is unit-tested and fuzzed on its own.
//
// What is accepted (RFC 9112, the subset browsers and API clients send):
//   request-line  METHOD SP request-target SP "HTTP/1.1" | "HTTP/1.0" CRLF
//   header lines  name ":" OWS value OWS CRLF   (no obsolete line folding)
//   body          Content-Length only; Transfer-Encoding is refused (501), since no client
//                 of the API sends a chunked request
// Limits: the head (request line + headers) at most kMaxHeadBytes, the target at most
// kMaxTargetBytes (414), at most kMaxHeaders headers.
//
// Thread-safety: stateless functions; a WireRequest is used by one thread at a time.
#ifndef SUNLIT_HTTP_WIRE_H_
#define SUNLIT_HTTP_WIRE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sunlit::http {

inline constexpr size_t kMaxHeadBytes = 16 * 1024;
inline constexpr size_t kMaxTargetBytes = 8 * 1024;
inline constexpr size_t kMaxHeaders = 100;

// One parsed request.
struct WireRequest {
  std::string method;  // as sent, e.g. "GET"
  std::string target;  // as sent, e.g. "/api/v1/x?a=1"
  std::string path;    // percent-decoded, without the query
  std::multimap<std::string, std::string> query;  // decoded ('+' is a space)
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;
  std::string remote_addr;  // the peer's IP address
  bool http10 = false;      // HTTP/1.0: the connection closes after the response
  bool keep_alive = true;   // false when the client asked to close
  bool expect_continue = false;  // "Expect: 100-continue"
  uint64_t content_length = 0;

  // The first header of that name (case-insensitive), "" when absent.
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
};

// The outcome of parsing a request head.
enum class HeadParse {
  kIncomplete,  // no blank line yet and under the limit: read more
  kOk,          // `*head_bytes` bytes form the head; the body follows
  kBad,         // malformed (400)
  kTooLarge,    // the head exceeds kMaxHeadBytes (431)
  kUriTooLong,  // the target exceeds kMaxTargetBytes (414)
  kNotImplemented,  // Transfer-Encoding or an HTTP version other than 1.0/1.1 (501/505)
};

// Parses the head at the start of `buf` into `out` (method, target, path, query, headers,
// content_length, keep_alive, expect_continue, http10). On kOk `*head_bytes` is the length
// of the head including the blank line.
HeadParse ParseRequestHead(std::string_view buf, WireRequest* out, size_t* head_bytes);

// Percent-decodes `in` ('+' becomes a space when `plus_is_space`). False for a malformed
// escape or a decoded NUL byte.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out);

// Parses "a=1&b=%20x" into `out` (decoded). False for a malformed escape.
bool ParseQuery(std::string_view query, std::multimap<std::string, std::string>* out);

// The reason phrase of a status ("Unknown" for others).
std::string_view ReasonPhrase(int status);

// Appends a whole response to `out`: status line, `headers`, Content-Length (always, also
// for HEAD, where the body itself is left out), Connection: close when !keep_alive, blank
// line, body.
void AppendResponse(int status, const std::vector<std::pair<std::string, std::string>>& headers,
                    std::string_view body, bool head_only, bool keep_alive, std::string* out);

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_WIRE_H_
