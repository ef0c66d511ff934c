// Strict readers of JSON request bodies, for route handlers.
//
// A JsonReader reads the members of one JSON object. Each read checks presence, type and
// limits; the first problem is remembered (later reads return defaults and do nothing) and
// Finish() returns it as kInvalidArgument naming the field ("items[2].code") — or complains
// about a member nobody read (a typo in a field name is an error, not silently ignored).
//
//   JsonReader in = req.Body();
//   std::string title = in.String("title", {.max_chars = 100});
//   int64_t year = in.Int("year", 2000, 2100);
//   std::string kind = in.Enum("kind", {"random", "joint_industry", "targeted"});
//   std::vector<std::string> items = in.Strings("items", {.max_items = 50, .max_chars = 40});
//   in.Objects("quotas", 8, [&](JsonReader& q) { quotas.push_back({q.String("stratum"),
//                                                                  q.Int("count", 0, 1e6)}); });
//   if (Status s = in.Finish(); !s.ok()) return s;   // 400 {"error":{…,"field":"year"}}
//
// Text rules (every String read): valid UTF-8 (the parser guarantees it), at most
// `max_chars` code points, no control characters (multiline text may hold \n, \r, \t), and a
// required string must hold a non-space character. Text is stored verbatim — SQL
// metacharacters and HTML are data, bound as parameters and escaped when shown.
//
// Thread-safety: a value used by one handler.
#ifndef SUNLIT_HTTP_JSON_H_
#define SUNLIT_HTTP_JSON_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace sunlit::http {

using Json = nlohmann::json;

struct TextRule {
  size_t max_chars = 200;
  bool multiline = false;    // allow \n, \r and \t
  bool allow_empty = false;  // a required string may be "" (or only spaces)
};

struct ListRule {
  size_t max_items = 100;
  size_t max_chars = 200;   // per string item
  bool allow_empty = true;  // the list may have no items
};

class JsonReader {
 public:
  // `value` must outlive the reader. Not an object: the first read (or Finish) fails with
  // "the request body must be a JSON object" (or "PATH must be an object").
  explicit JsonReader(const Json& value, std::string path = {});

  bool Has(std::string_view field) const;  // present and not null

  // Required: present, not null, right type. Optional: absent or null → nullopt.
  std::string String(std::string_view field, TextRule rule = {});
  std::optional<std::string> OptString(std::string_view field, TextRule rule = {});
  int64_t Int(std::string_view field, int64_t min, int64_t max);
  std::optional<int64_t> OptInt(std::string_view field, int64_t min, int64_t max);
  bool Bool(std::string_view field);
  std::optional<bool> OptBool(std::string_view field);
  // One of `allowed` (exact, case-sensitive).
  std::string Enum(std::string_view field, std::initializer_list<std::string_view> allowed);
  std::string Enum(std::string_view field, std::span<const std::string_view> allowed);
  std::optional<std::string> OptEnum(std::string_view field,
                                     std::initializer_list<std::string_view> allowed);
  // "YYYY-MM-DD" (a real calendar day).
  std::string Date(std::string_view field);
  std::optional<std::string> OptDate(std::string_view field);
  // Arrays of strings / integers (required; use Has() for optional lists).
  std::vector<std::string> Strings(std::string_view field, ListRule rule = {});
  std::vector<int64_t> Ints(std::string_view field, size_t max_items, int64_t min, int64_t max);
  // A nested object: `fn` reads it with a reader whose errors name "field.member".
  void Object(std::string_view field, const std::function<void(JsonReader&)>& fn);
  // An array of objects: `fn` is called for each, errors name "field[i].member".
  void Objects(std::string_view field, size_t max_items, const std::function<void(JsonReader&)>& fn,
               bool allow_empty = true);
  // The raw value for free-form members (marks it as read); nullptr when absent.
  const Json* Raw(std::string_view field);

  // Records an error of the caller's own (e.g. a cross-field rule) unless one is recorded.
  void Fail(std::string_view field, std::string message);
  // Unknown members are not an error (for bodies that carry extra data on purpose).
  void AllowUnknownFields() { allow_unknown_ = true; }

  bool ok() const { return error_.ok(); }
  // The first error; else kInvalidArgument for the first member that was never read
  // (unless AllowUnknownFields); else OK.
  Status Finish();

 private:
  const Json* Member(std::string_view field, bool required);
  std::string PathOf(std::string_view field) const;
  bool CheckText(std::string_view field, const std::string& s, const TextRule& rule);
  std::optional<int64_t> OptIntImpl(std::string_view field, int64_t min, int64_t max,
                                    bool required);
  std::optional<bool> OptBoolImpl(std::string_view field, bool required);
  std::optional<std::string> OptEnumImpl(std::string_view field,
                                         std::span<const std::string_view> allowed, bool required);
  std::optional<std::string> OptDateImpl(std::string_view field, bool required);

  const Json& value_;
  std::string path_;
  std::set<std::string, std::less<>> read_;
  Status error_;
  bool allow_unknown_ = false;
};

// An optional array of strings: absent or null → {} (and the member counts as read).
std::vector<std::string> OptStrings(JsonReader& in, std::string_view field, ListRule rule);

// An optional array of at most 10 enum names (each ≤ 20 characters) parsed by `parse`;
// absent or null → {}. An unknown name fails `field` with "field: unknown value \"x\"".
template <typename Enum>
std::vector<Enum> EnumList(JsonReader& in, std::string_view field,
                           bool (*parse)(std::string_view, Enum*)) {
  std::vector<Enum> out;
  if (!in.Has(field)) {
    in.Raw(field);
    return out;
  }
  for (const std::string& s : in.Strings(field, {.max_items = 10, .max_chars = 20})) {
    Enum e{};
    if (!parse(s, &e)) {
      in.Fail(field, std::string(field) + ": unknown value \"" + s + "\"");
      return out;
    }
    out.push_back(e);
  }
  return out;
}

// Parses a request body: strict JSON (RFC 8259), nesting at most `max_depth`. Errors:
// kInvalidArgument "malformed JSON at byte N: …" (never echoing the input).
Result<Json> ParseJsonBody(std::string_view body, int max_depth = 32);

// The paging convention of list routes ({"items":[…],"total":N,"limit":L,"offset":O}).
struct Page {
  int64_t limit = 50;
  int64_t offset = 0;
};
Json Paged(Json items, int64_t total, const Page& page);

}  // namespace sunlit::http

#endif  // SUNLIT_HTTP_JSON_H_
