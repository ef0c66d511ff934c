// JsonReader and ParseJsonBody: each reader's checks and the field each error names; the one
// Status → HTTP mapping.
#include "http/json.h"

#include <gtest/gtest.h>

#include "core/field_error.h"
#include "http/errors.h"

namespace sunlit::http {
namespace {

// The error of reading `body` with `read`, as "field: message" ("ok" when none).
std::string ErrorOf(const std::string& body, const std::function<void(JsonReader&)>& read) {
  Result<Json> j = ParseJsonBody(body);
  if (!j.ok()) return "parse: " + j.status().message();
  JsonReader in(*j);
  read(in);
  Status s = in.Finish();
  if (s.ok()) return "ok";
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  return std::string(FieldOf(s)) + ": " + s.message();
}

TEST(JsonReaderTest, EachReaderChecksItsField) {
  struct Case {
    const char* body;
    std::function<void(JsonReader&)> read;
    const char* want;
  } cases[] = {
      {R"({"t":"标题"})", [](JsonReader& r) { EXPECT_EQ(r.String("t"), "标题"); }, "ok"},
      {R"({})", [](JsonReader& r) { r.String("t"); }, "t: t is required"},
      {R"({"t":null})", [](JsonReader& r) { r.String("t"); }, "t: t is required"},
      {R"({"t":5})", [](JsonReader& r) { r.String("t"); }, "t: t must be a string, not a number"},
      {R"({"t":"  "})", [](JsonReader& r) { r.String("t"); }, "t: t may not be empty"},
      {R"({"t":"一二三四"})", [](JsonReader& r) { r.String("t", {.max_chars = 3}); },
       "t: t must be at most 3 characters"},
      {R"({"t":"一二三"})", [](JsonReader& r) { r.String("t", {.max_chars = 3}); }, "ok"},
      {R"({"t":"a\nb"})", [](JsonReader& r) { r.String("t"); },
       "t: t may not contain control characters"},
      {R"({"t":"a\nb"})", [](JsonReader& r) { r.String("t", {.multiline = true}); }, "ok"},
      {R"({"t":"<b>'; DROP TABLE x;--"})",
       [](JsonReader& r) { EXPECT_EQ(r.String("t"), "<b>'; DROP TABLE x;--"); }, "ok"},
      {R"({})", [](JsonReader& r) { EXPECT_FALSE(r.OptString("t").has_value()); }, "ok"},
      {R"({"n":7})", [](JsonReader& r) { EXPECT_EQ(r.Int("n", 1, 9), 7); }, "ok"},
      {R"({"n":10})", [](JsonReader& r) { r.Int("n", 1, 9); }, "n: n must be between 1 and 9"},
      {R"({"n":1.5})", [](JsonReader& r) { r.Int("n", 1, 9); },
       "n: n must be an integer, not a number"},
      {R"({"n":"7"})", [](JsonReader& r) { r.Int("n", 1, 9); },
       "n: n must be an integer, not a string"},
      {R"({"n":18446744073709551615})", [](JsonReader& r) { r.Int("n", 0, 9); },
       "n: n must be between 0 and 9"},
      {R"({"b":true})", [](JsonReader& r) { EXPECT_TRUE(r.Bool("b")); }, "ok"},
      {R"({"b":1})", [](JsonReader& r) { r.Bool("b"); },
       "b: b must be true or false, not a number"},
      {R"({"k":"random"})", [](JsonReader& r) { r.Enum("k", {"random", "joint"}); }, "ok"},
      {R"({"k":"Random"})", [](JsonReader& r) { r.Enum("k", {"random", "joint"}); },
       "k: k must be one of: random, joint"},
      {R"({"d":"2026-02-30"})", [](JsonReader& r) { r.Date("d"); },
       "d: d must be a date YYYY-MM-DD"},
      {R"({"d":"2026-02-28"})", [](JsonReader& r) { r.Date("d"); }, "ok"},
      {R"({"l":["a","b"]})",
       [](JsonReader& r) { EXPECT_EQ(r.Strings("l").size(), 2u); }, "ok"},
      {R"({"l":["a",3]})", [](JsonReader& r) { r.Strings("l"); },
       "l[1]: l[1] must be a string, not a number"},
      {R"({"l":["a","b","c"]})", [](JsonReader& r) { r.Strings("l", {.max_items = 2}); },
       "l: l may have at most 2 items"},
      {R"({"l":[]})", [](JsonReader& r) { r.Strings("l", {.allow_empty = false}); },
       "l: l needs at least one item"},
      {R"({"l":[1,2,30]})", [](JsonReader& r) { r.Ints("l", 5, 0, 10); },
       "l[2]: l[2] must be between 0 and 10"},
      {R"({"q":[{"s":"A","n":1},{"s":"B","n":-1}]})",
       [](JsonReader& r) {
         r.Objects("q", 10, [](JsonReader& q) {
           q.String("s");
           q.Int("n", 0, 100);
         });
       },
       "q[1].n: q[1].n must be between 0 and 100"},
      {R"({"o":{"a":1,"zz":2}})",
       [](JsonReader& r) { r.Object("o", [](JsonReader& o) { o.Int("a", 0, 5); }); },
       "o.zz: unknown field \"o.zz\""},
      {R"({"o":[]})", [](JsonReader& r) { r.Object("o", [](JsonReader&) {}); },
       "o: o must be an object"},
      {R"({"a":"x","extra":1})", [](JsonReader& r) { r.String("a"); },
       "extra: unknown field \"extra\""},
      {R"({"a":"x","extra":1})",
       [](JsonReader& r) {
         r.AllowUnknownFields();
         r.String("a");
       },
       "ok"},
      {R"([1])", [](JsonReader& r) { r.String("a"); }, ": the request body must be a JSON object"},
      {R"({"a":1,"b":2})",
       [](JsonReader& r) {
         r.Int("a", 0, 5);
         r.Int("b", 0, 5);
         r.Fail("b", "b must be larger than a");  // a cross-field rule
       },
       "b: b must be larger than a"},
  };
  for (const Case& c : cases) EXPECT_EQ(ErrorOf(c.body, c.read), c.want) << c.body;
}

TEST(JsonReaderTest, FirstErrorWins) {
  EXPECT_EQ(ErrorOf(R"({"a":"x","b":"y"})",
                    [](JsonReader& r) {
                      r.Int("a", 0, 1);
                      r.Int("b", 0, 1);
                    }),
            "a: a must be an integer, not a string");
}

TEST(ParseJsonBodyTest, MalformedInputIsNamedWithoutEchoingIt) {
  for (const char* body : {"{", "{\"a\":}", "nul", "{\"a\":1,}", "{'a':1}", "\"\xff\""}) {
    Result<Json> j = ParseJsonBody(body);
    ASSERT_FALSE(j.ok()) << body;
    EXPECT_EQ(j.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(j.status().message().rfind("malformed JSON at byte ", 0), 0u) << j.status().message();
  }
  Result<Json> secret = ParseJsonBody("{\"password\": hunter2}");
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().message().find("hunter2"), std::string::npos);
  EXPECT_FALSE(ParseJsonBody(std::string(33, '[') + std::string(33, ']')).ok());
  EXPECT_TRUE(ParseJsonBody(std::string(32, '[') + std::string(32, ']')).ok());
  EXPECT_TRUE(ParseJsonBody(R"({"s":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})").ok());
}

TEST(ErrorsTest, OneMappingFromStatusToHttp) {
  struct Case {
    Status s;
    int http;
    const char* code;
  } cases[] = {
      {InvalidArgument("x"), 400, "invalid_argument"},
      {OutOfRange("x"), 400, "out_of_range"},
      {Unauthenticated("x"), 401, "unauthenticated"},
      {PermissionDenied("x"), 403, "permission_denied"},
      {NotFound("x"), 404, "not_found"},
      {AlreadyExists("x"), 409, "already_exists"},
      {Aborted("x"), 409, "aborted"},
      {FailedPrecondition("x"), 409, "failed_precondition"},
      {ResourceExhausted("x"), 429, "resource_exhausted"},
      {TooLarge("x"), 413, "payload_too_large"},
      {Unavailable("x"), 503, "unavailable"},
      {Internal("x", "secret detail"), 500, "internal"},
      {DataLoss("x"), 500, "internal"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(HttpStatusOf(c.s), c.http) << c.s.ToString();
    const Json body = ErrorBodyOf(c.s);
    EXPECT_EQ(body["error"]["code"], c.code) << c.s.ToString();
    EXPECT_EQ(body.dump().find("secret detail"), std::string::npos);
  }
  const Json named = ErrorBodyOf(InvalidField("items[2].code", "bad code"));
  EXPECT_EQ(named["error"]["field"], "items[2].code");
  EXPECT_EQ(named["error"]["message"], "bad code");
  EXPECT_FALSE(ErrorBodyOf(InvalidArgument("x", "field-less detail"))["error"].contains("field"));
  EXPECT_EQ(ErrorBodyOf(Internal("table users is corrupt"))["error"]["message"], "internal error");
}

}  // namespace
}  // namespace sunlit::http
