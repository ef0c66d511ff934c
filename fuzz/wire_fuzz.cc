// Fuzz target: the HTTP/1.1 request-head parser of the event-driven server (src/http/wire.h),
// which reads bytes from any client before anything else. Invariants: no crash or sanitizer
// finding; a parsed head lies inside the input and ends with the blank line; the decoded
// path starts with '/' and holds no NUL; the parse does not depend on bytes after the head;
// a request rebuilt from the parsed fields parses to the same fields.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/wire.h"

using sunlit::http::HeadParse;
using sunlit::http::ParseRequestHead;
using sunlit::http::WireRequest;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  WireRequest r;
  size_t head = 0;
  const HeadParse p = ParseRequestHead(in, &r, &head);
  if (p != HeadParse::kOk) return 0;
  FUZZ_CHECK(head >= 4 && head <= in.size(), "head %zu of %zu bytes", head, in.size());
  FUZZ_CHECK(in.substr(head - 4, 4) == "\r\n\r\n", "the head ends with the blank line");
  FUZZ_CHECK(head <= sunlit::http::kMaxHeadBytes, "head within the limit");
  FUZZ_CHECK(!r.path.empty() && r.path[0] == '/', "decoded path starts with '/'");
  FUZZ_CHECK(r.path.find('\0') == std::string::npos, "no NUL in the path");
  FUZZ_CHECK(r.headers.size() <= sunlit::http::kMaxHeaders, "header count within the limit");

  // Only the head matters: the same head followed by other bytes parses the same.
  WireRequest again;
  size_t head2 = 0;
  const std::string with_tail = std::string(in.substr(0, head)) + "GARBAGE";
  FUZZ_CHECK(ParseRequestHead(with_tail, &again, &head2) == HeadParse::kOk && head2 == head,
             "the bytes after the head change the parse");
  FUZZ_CHECK(again.method == r.method && again.path == r.path && again.query == r.query &&
                 again.headers == r.headers && again.content_length == r.content_length &&
                 again.keep_alive == r.keep_alive,
             "the parse is not deterministic");

  // Rebuilt from its fields (the target verbatim), the request parses to the same fields.
  std::string rebuilt = r.method + " " + r.target + (r.http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
  for (const auto& [k, v] : r.headers) rebuilt += k + ": " + v + "\r\n";
  rebuilt += "\r\n";
  WireRequest third;
  size_t head3 = 0;
  FUZZ_CHECK(ParseRequestHead(rebuilt, &third, &head3) == HeadParse::kOk, "rebuilt head refused");
  FUZZ_CHECK(third.path == r.path && third.query == r.query && third.headers == r.headers &&
                 third.content_length == r.content_length && third.keep_alive == r.keep_alive &&
                 third.expect_continue == r.expect_continue,
             "the rebuilt head parses differently");
  return 0;
}
