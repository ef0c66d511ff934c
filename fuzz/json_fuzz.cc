// Fuzz target: JSON request bodies (http/json.h) and the reader of the largest body the
// routes take, PUT /api/v1/checks/{id}/result (http/result_body.h).
//
// Input: one byte choosing the nesting limit (1..40), then the body.
//
// Invariants:
//   - ParseJsonBody never throws; an error is kInvalidArgument "malformed JSON at byte N: …",
//     short and valid UTF-8 (the client's bytes are not echoed); a parsed value is nested no
//     deeper than the limit, and serialising and parsing it again gives the same value;
//   - ReadResultBody either fails with kInvalidArgument naming a field, or gives a request
//     within the documented limits (version >= 1, 1..6 known methods, 1..200 items, text
//     limits in characters, no control characters outside multi-line text, a real date);
//     the accepted request written back as JSON reads back to the same request; the core's
//     ValidateCheckResult judges it without crashing (OK or kInvalidArgument);
//   - a reader exercising every JsonReader read (strings, ints, bools, enums, dates, lists,
//     nested objects) returns values within the rules it was given, or an error naming a
//     field, never both.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/field_error.h"
#include "core/results.h"
#include "fuzz_check.h"
#include "fuzz_file.h"
#include "http/json.h"
#include "http/result_body.h"

namespace {

using sunlit::StatusCode;
using sunlit::http::Json;
using sunlit::http::JsonReader;

size_t Chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

int Depth(const Json& v) {
  int d = 0;
  if (v.is_array() || v.is_object()) {
    for (const auto& e : v) d = std::max(d, Depth(e));
    return d + 1;
  }
  return 0;
}

bool TextOk(std::string_view s, size_t max_chars, bool multiline) {
  if (Chars(s) > max_chars || !sunlit::fuzz::IsUtf8(s)) return false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0x7f || (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t')))) {
      return false;
    }
  }
  return true;
}

void CheckError(const sunlit::Status& s, const char* what) {
  FUZZ_CHECK(s.code() == StatusCode::kInvalidArgument, "%s: code %d: %s", what,
             static_cast<int>(s.code()), s.message().c_str());
  FUZZ_CHECK(!s.message().empty() && s.message().size() < 400 && sunlit::fuzz::IsUtf8(s.message()),
             "%s: message '%s'", what, s.message().c_str());
}

Json ResultToJson(const sunlit::app::EnterResultRequest& r) {
  Json methods = Json::array();
  for (auto m : r.result.methods) methods.push_back(std::string(sunlit::core::WireName(m)));
  Json items = Json::array();
  for (const auto& it : r.result.items) {
    items.push_back({{"department", it.department_code},
                     {"item", it.item_code},
                     {"name", it.item_name},
                     {"checked", it.checked},
                     {"problems", it.problems},
                     {"action", it.action}});
  }
  Json j = {{"version", r.version},
            {"checked_on", r.result.checked_on.ToString()},
            {"methods", methods},
            {"category", r.result.category_code},
            {"summary", r.result.summary},
            {"follow_up", std::string(sunlit::core::WireName(r.result.follow_up))},
            {"follow_up_note", r.result.follow_up_note},
            {"items", items}};
  if (r.result.category_set != 0) j["category_set"] = r.result.category_set;
  return j;
}

void CheckResultBody(const Json& body) {
  JsonReader in(body);
  auto got = sunlit::http::ReadResultBody(in, 7);
  if (!got.ok()) {
    CheckError(got.status(), "ReadResultBody");
    FUZZ_CHECK(got.status().detail().rfind("field=", 0) == 0, "no field named: %s",
               got.status().detail().c_str());
    return;
  }
  const sunlit::app::EnterResultRequest& r = *got;
  const sunlit::core::CheckResult& c = r.result;
  FUZZ_CHECK(r.check_id == 7 && r.version >= 1, "version %lld", static_cast<long long>(r.version));
  FUZZ_CHECK(c.methods.size() <= 6, "%zu methods", c.methods.size());
  FUZZ_CHECK(!c.items.empty() && c.items.size() <= sunlit::core::kMaxItemsPerResult, "%zu items",
             c.items.size());
  FUZZ_CHECK(c.category_set >= 0 && c.category_set <= 1000000, "category_set %d", c.category_set);
  FUZZ_CHECK(TextOk(c.category_code, 40, false), "category");
  FUZZ_CHECK(TextOk(c.summary, 4000, true), "summary");
  FUZZ_CHECK(TextOk(c.follow_up_note, 2000, true), "follow_up_note");
  for (const auto& it : c.items) {
    FUZZ_CHECK(TextOk(it.department_code, 100, false) && TextOk(it.item_code, 100, false) &&
                   TextOk(it.item_name, 500, false) && TextOk(it.problems, 2000, true) &&
                   TextOk(it.action, 2000, true),
               "item text outside the rules");
  }
  FUZZ_CHECK(sunlit::core::Date::Parse(c.checked_on.ToString()).ok(), "checked_on");

  // What was accepted reads back the same.
  const Json again_json = ResultToJson(r);
  JsonReader again_in(again_json);
  auto again = sunlit::http::ReadResultBody(again_in, 7);
  FUZZ_CHECK(again.ok(), "the accepted result written back is refused: %s",
             again.status().message().c_str());
  FUZZ_CHECK(again->version == r.version && again->result == r.result,
             "the accepted result reads back differently");

  const sunlit::Status v =
      sunlit::core::ValidateCheckResult(c, sunlit::core::NationalResultCategoriesV1());
  if (!v.ok()) CheckError(v, "ValidateCheckResult");
}

// Every kind of read JsonReader offers, on members named by their kind.
void CheckGenericReader(const Json& body) {
  JsonReader in(body);
  in.AllowUnknownFields();
  const std::string s = in.String("s", {.max_chars = 8});
  const auto os = in.OptString("os", {.max_chars = 3, .multiline = true});
  const int64_t i = in.Int("i", -5, 1000);
  const auto oi = in.OptInt("oi", INT64_MIN, INT64_MAX);
  const bool b = in.Bool("b");
  const std::string e = in.Enum("e", {"random", "joint_industry", "targeted"});
  const auto d = in.OptDate("d");
  const auto l =
      in.Has("l") ? in.Strings("l", {.max_items = 3, .max_chars = 4}) : std::vector<std::string>{};
  const auto n = in.Has("n") ? in.Ints("n", 4, 0, 9) : std::vector<int64_t>{};
  size_t nested = 0;
  in.Objects("a", 3, [&](JsonReader& a) {
    ++nested;
    const int64_t k = a.Int("k", 1, 2);
    if (a.ok()) FUZZ_CHECK(k >= 1 && k <= 2, "a[].k %lld", static_cast<long long>(k));
  });
  in.Object("o", [&](JsonReader& o) {
    const auto t = o.OptString("t", {.max_chars = 2});
    if (o.ok() && t) FUZZ_CHECK(TextOk(*t, 2, false), "o.t");
  });
  const sunlit::Status st = in.Finish();
  if (!st.ok()) {
    CheckError(st, "JsonReader");
    return;
  }
  FUZZ_CHECK(TextOk(s, 8, false) && s.find_first_not_of(" \t\r\n") != std::string::npos, "s '%s'",
             s.c_str());
  FUZZ_CHECK(!os || TextOk(*os, 3, true), "os");
  FUZZ_CHECK(i >= -5 && i <= 1000, "i %lld", static_cast<long long>(i));
  (void)oi;
  (void)b;
  FUZZ_CHECK(e == "random" || e == "joint_industry" || e == "targeted", "e '%s'", e.c_str());
  FUZZ_CHECK(!d || sunlit::core::Date::Parse(*d).ok(), "d '%s'", d->c_str());
  FUZZ_CHECK(l.size() <= 3, "l has %zu", l.size());
  for (const auto& x : l) FUZZ_CHECK(TextOk(x, 4, false), "l item");
  FUZZ_CHECK(n.size() <= 4, "n has %zu", n.size());
  for (int64_t x : n) FUZZ_CHECK(x >= 0 && x <= 9, "n item %lld", static_cast<long long>(x));
  FUZZ_CHECK(nested <= 3, "a has %zu", nested);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int max_depth = 1 + data[0] % 40;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = sunlit::http::ParseJsonBody(text, max_depth);
  if (!parsed.ok()) {
    CheckError(parsed.status(), "ParseJsonBody");
    FUZZ_CHECK(parsed.status().message().rfind("malformed JSON", 0) == 0, "message '%s'",
               parsed.status().message().c_str());
    return 0;
  }
  const Json& value = *parsed;
  FUZZ_CHECK(Depth(value) <= max_depth, "depth %d > %d", Depth(value), max_depth);
  const std::string dumped = value.dump();
  auto reparsed = sunlit::http::ParseJsonBody(dumped, max_depth);
  FUZZ_CHECK(reparsed.ok() && *reparsed == value, "serialised value does not parse back: %s",
             dumped.c_str());
  CheckResultBody(value);
  CheckGenericReader(value);
  return 0;
}
