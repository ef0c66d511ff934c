#include "http/wire.h"

#include <gtest/gtest.h>

namespace sunlit::http {
namespace {

TEST(WireTest, ParsesAHeadWithQueryAndHeaders) {
  WireRequest r;
  size_t n = 0;
  const std::string head =
      "GET /api/v1/public/results?code=91430302MA4L&name=%E6%B9%98+x&flag HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nX-Thing:  spaced value \t\r\nContent-Length: 3\r\n\r\nabc";
  ASSERT_EQ(ParseRequestHead(head, &r, &n), HeadParse::kOk);
  EXPECT_EQ(n, head.size() - 3);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/api/v1/public/results");
  EXPECT_EQ(r.query.find("code")->second, "91430302MA4L");
  EXPECT_EQ(r.query.find("name")->second, "湘 x");
  EXPECT_EQ(r.query.count("flag"), 1u);
  EXPECT_EQ(r.Header("x-thing"), "spaced value");
  EXPECT_EQ(r.content_length, 3u);
  EXPECT_TRUE(r.keep_alive);
  EXPECT_FALSE(r.http10);
}

TEST(WireTest, IncompleteUntilTheBlankLine) {
  WireRequest r;
  size_t n = 0;
  EXPECT_EQ(ParseRequestHead("GET / HTTP/1.1\r\nHost: x\r\n", &r, &n), HeadParse::kIncomplete);
  EXPECT_EQ(ParseRequestHead("", &r, &n), HeadParse::kIncomplete);
}

TEST(WireTest, RefusesMalformedHeads) {
  WireRequest r;
  size_t n = 0;
  for (const char* bad : {
           "GET\r\n\r\n",                                      // no target
           "GET  / HTTP/1.1\r\n\r\n",                          // empty target
           "GET x HTTP/1.1\r\n\r\n",                           // not origin-form
           "G(T / HTTP/1.1\r\n\r\n",                           // bad method
           "GET / FTP/1.0\r\n\r\n",                            // not HTTP
           "GET / HTTP/1.1\r\nNoColon\r\n\r\n",                // header without a colon
           "GET / HTTP/1.1\r\n folded: x\r\n\r\n",             // obsolete folding
           "GET / HTTP/1.1\r\nA: b\x01\r\n\r\n",               // control character
           "GET /%zz HTTP/1.1\r\n\r\n",                        // bad escape
           "GET /%00 HTTP/1.1\r\n\r\n",                        // NUL
           "GET /?a=%4 HTTP/1.1\r\n\r\n",                      // truncated escape
           "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",     // not a number
           "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",     // trailing junk
           "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",  // conflicting
       }) {
    EXPECT_EQ(ParseRequestHead(bad, &r, &n), HeadParse::kBad) << bad;
  }
}

TEST(WireTest, LimitsAndUnsupportedFeatures) {
  WireRequest r;
  size_t n = 0;
  EXPECT_EQ(ParseRequestHead("GET /" + std::string(kMaxTargetBytes, 'a') + " HTTP/1.1\r\n\r\n", &r,
                             &n),
            HeadParse::kUriTooLong);
  EXPECT_EQ(ParseRequestHead("GET /" + std::string(kMaxTargetBytes + 100, 'a'), &r, &n),
            HeadParse::kUriTooLong);
  std::string big = "GET / HTTP/1.1\r\n";
  while (big.size() < kMaxHeadBytes) big += "X-Pad: " + std::string(100, 'p') + "\r\n";
  EXPECT_EQ(ParseRequestHead(big, &r, &n), HeadParse::kTooLarge);
  EXPECT_EQ(ParseRequestHead(big + "\r\n", &r, &n), HeadParse::kTooLarge);
  std::string many = "GET / HTTP/1.1\r\n";
  for (size_t i = 0; i <= kMaxHeaders; ++i) many += "A: b\r\n";
  EXPECT_EQ(ParseRequestHead(many + "\r\n", &r, &n), HeadParse::kTooLarge);
  EXPECT_EQ(ParseRequestHead("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", &r, &n),
            HeadParse::kNotImplemented);
  EXPECT_EQ(ParseRequestHead("GET / HTTP/2.0\r\n\r\n", &r, &n), HeadParse::kNotImplemented);
}

TEST(WireTest, ConnectionAndExpect) {
  WireRequest r;
  size_t n = 0;
  ASSERT_EQ(ParseRequestHead("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n", &r, &n),
            HeadParse::kOk);
  EXPECT_FALSE(r.keep_alive);
  ASSERT_EQ(ParseRequestHead("GET / HTTP/1.0\r\n\r\n", &r, &n), HeadParse::kOk);
  EXPECT_TRUE(r.http10);
  EXPECT_FALSE(r.keep_alive);
  ASSERT_EQ(ParseRequestHead("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &r, &n),
            HeadParse::kOk);
  EXPECT_TRUE(r.keep_alive);
  ASSERT_EQ(ParseRequestHead("PUT / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 9\r\n\r\n",
                             &r, &n),
            HeadParse::kOk);
  EXPECT_TRUE(r.expect_continue);
}

TEST(WireTest, PercentDecodeAndQuery) {
  std::string out;
  EXPECT_TRUE(PercentDecode("/a%2Fb+c", false, &out));
  EXPECT_EQ(out, "/a/b+c");
  EXPECT_TRUE(PercentDecode("a+b%20c", true, &out));
  EXPECT_EQ(out, "a b c");
  EXPECT_FALSE(PercentDecode("%", false, &out));
  EXPECT_FALSE(PercentDecode("%a", false, &out));
  std::multimap<std::string, std::string> q;
  EXPECT_TRUE(ParseQuery("a=1&&a=2&b=&=x", &q));
  EXPECT_EQ(q.count("a"), 2u);
  EXPECT_EQ(q.find("b")->second, "");
  EXPECT_EQ(q.find("")->second, "x");
}

TEST(WireTest, WritesAResponse) {
  std::string out;
  AppendResponse(200, {{"Content-Type", "text/plain"}}, "hello", false, true, &out);
  EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
  out.clear();
  AppendResponse(404, {}, "gone", /*head_only=*/true, /*keep_alive=*/false, &out);
  EXPECT_EQ(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nConnection: close\r\n\r\n");
  out.clear();
  AppendResponse(204, {}, "", false, true, &out);
  EXPECT_EQ(out, "HTTP/1.1 204 No Content\r\n\r\n");
}

}  // namespace
}  // namespace sunlit::http
