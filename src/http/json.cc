// JsonReader and ParseJsonBody: nlohmann/json exceptions end here.
#include "http/json.h"

#include <algorithm>
#include <limits>

#include "core/date.h"
#include "core/field_error.h"

namespace sunlit::http {
namespace {

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string TypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "another type";
  }
}

std::string JoinAllowed(std::span<const std::string_view> allowed) {
  std::string out;
  for (std::string_view a : allowed) {
    if (!out.empty()) out += ", ";
    out += a;
  }
  return out;
}

}  // namespace

JsonReader::JsonReader(const Json& value, std::string path)
    : value_(value), path_(std::move(path)) {
  if (!value_.is_object()) {
    error_ = path_.empty() ? InvalidField("", "the request body must be a JSON object")
                           : InvalidField(path_, path_ + " must be an object");
  }
}

std::string JsonReader::PathOf(std::string_view field) const {
  return path_.empty() ? std::string(field) : path_ + "." + std::string(field);
}

void JsonReader::Fail(std::string_view field, std::string message) {
  if (error_.ok()) error_ = InvalidField(PathOf(field), std::move(message));
}

bool JsonReader::Has(std::string_view field) const {
  if (!value_.is_object()) return false;
  auto it = value_.find(field);
  return it != value_.end() && !it->is_null();
}

const Json* JsonReader::Member(std::string_view field, bool required) {
  if (!error_.ok()) return nullptr;
  read_.emplace(field);
  auto it = value_.find(field);
  if (it == value_.end() || it->is_null()) {
    if (required) Fail(field, PathOf(field) + " is required");
    return nullptr;
  }
  return &*it;
}

bool JsonReader::CheckText(std::string_view field, const std::string& s, const TextRule& rule) {
  if (Utf8Chars(s) > rule.max_chars) {
    Fail(field,
         PathOf(field) + " must be at most " + std::to_string(rule.max_chars) + " characters");
    return false;
  }
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      if (rule.multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
      Fail(field, PathOf(field) + " may not contain control characters");
      return false;
    }
  }
  return true;
}

std::string JsonReader::String(std::string_view field, TextRule rule) {
  const Json* v = Member(field, true);
  if (v == nullptr) return {};
  if (!v->is_string()) {
    Fail(field, PathOf(field) + " must be a string, not " + TypeName(*v));
    return {};
  }
  const std::string& s = v->get_ref<const std::string&>();
  if (!CheckText(field, s, rule)) return {};
  if (!rule.allow_empty && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    Fail(field, PathOf(field) + " may not be empty");
    return {};
  }
  return s;
}

std::optional<std::string> JsonReader::OptString(std::string_view field, TextRule rule) {
  const Json* v = Member(field, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Fail(field, PathOf(field) + " must be a string, not " + TypeName(*v));
    return std::nullopt;
  }
  const std::string& s = v->get_ref<const std::string&>();
  rule.allow_empty = true;
  if (!CheckText(field, s, rule)) return std::nullopt;
  return s;
}

int64_t JsonReader::Int(std::string_view field, int64_t min, int64_t max) {
  return OptIntImpl(field, min, max, true).value_or(0);
}

std::optional<int64_t> JsonReader::OptInt(std::string_view field, int64_t min, int64_t max) {
  return OptIntImpl(field, min, max, false);
}

std::optional<int64_t> JsonReader::OptIntImpl(std::string_view field, int64_t min, int64_t max,
                                              bool required) {
  const Json* v = Member(field, required);
  if (v == nullptr) return std::nullopt;
  int64_t n = 0;
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() &&
        v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      Fail(field, PathOf(field) + " must be between " + std::to_string(min) + " and " +
                      std::to_string(max));
      return std::nullopt;
    }
    n = v->get<int64_t>();
  } else {
    Fail(field, PathOf(field) + " must be an integer, not " + TypeName(*v));
    return std::nullopt;
  }
  if (n < min || n > max) {
    Fail(field,
         PathOf(field) + " must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

bool JsonReader::Bool(std::string_view field) { return OptBoolImpl(field, true).value_or(false); }

std::optional<bool> JsonReader::OptBool(std::string_view field) {
  return OptBoolImpl(field, false);
}

std::optional<bool> JsonReader::OptBoolImpl(std::string_view field, bool required) {
  const Json* v = Member(field, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(field, PathOf(field) + " must be true or false, not " + TypeName(*v));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::string JsonReader::Enum(std::string_view field,
                             std::initializer_list<std::string_view> allowed) {
  return Enum(field, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

std::string JsonReader::Enum(std::string_view field, std::span<const std::string_view> allowed) {
  return OptEnumImpl(field, allowed, true).value_or(std::string());
}

std::optional<std::string> JsonReader::OptEnum(std::string_view field,
                                               std::initializer_list<std::string_view> allowed) {
  return OptEnumImpl(field, std::span<const std::string_view>(allowed.begin(), allowed.size()),
                     false);
}

std::optional<std::string> JsonReader::OptEnumImpl(std::string_view field,
                                                   std::span<const std::string_view> allowed,
                                                   bool required) {
  const Json* v = Member(field, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string() || std::find(allowed.begin(), allowed.end(),
                                   v->get_ref<const std::string&>()) == allowed.end()) {
    Fail(field, PathOf(field) + " must be one of: " + JoinAllowed(allowed));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::string JsonReader::Date(std::string_view field) {
  return OptDateImpl(field, true).value_or(std::string());
}

std::optional<std::string> JsonReader::OptDate(std::string_view field) {
  return OptDateImpl(field, false);
}

std::optional<std::string> JsonReader::OptDateImpl(std::string_view field, bool required) {
  const Json* v = Member(field, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string() || !core::Date::Parse(v->get_ref<const std::string&>()).ok()) {
    Fail(field, PathOf(field) + " must be a date YYYY-MM-DD");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::vector<std::string> JsonReader::Strings(std::string_view field, ListRule rule) {
  std::vector<std::string> out;
  const Json* v = Member(field, true);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    Fail(field, PathOf(field) + " must be an array of strings, not " + TypeName(*v));
    return out;
  }
  if (v->size() > rule.max_items) {
    Fail(field, PathOf(field) + " may have at most " + std::to_string(rule.max_items) + " items");
    return out;
  }
  if (v->empty() && !rule.allow_empty) {
    Fail(field, PathOf(field) + " needs at least one item");
    return out;
  }
  TextRule text{rule.max_chars, false, false};
  for (size_t i = 0; i < v->size(); ++i) {
    const Json& item = (*v)[i];
    const std::string name = std::string(field) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      Fail(name, PathOf(name) + " must be a string, not " + TypeName(item));
      return {};
    }
    const std::string& s = item.get_ref<const std::string&>();
    if (!CheckText(name, s, text)) return {};
    if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
      Fail(name, PathOf(name) + " may not be empty");
      return {};
    }
    out.push_back(s);
  }
  return out;
}

std::vector<int64_t> JsonReader::Ints(std::string_view field, size_t max_items, int64_t min,
                                      int64_t max) {
  std::vector<int64_t> out;
  const Json* v = Member(field, true);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    Fail(field, PathOf(field) + " must be an array of integers, not " + TypeName(*v));
    return out;
  }
  if (v->size() > max_items) {
    Fail(field, PathOf(field) + " may have at most " + std::to_string(max_items) + " items");
    return out;
  }
  for (size_t i = 0; i < v->size(); ++i) {
    const Json& item = (*v)[i];
    const std::string name = PathOf(std::string(field) + "[" + std::to_string(i) + "]");
    if (!item.is_number_integer() ||
        (item.is_number_unsigned() &&
         item.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
      Fail(std::string(field) + "[" + std::to_string(i) + "]", name + " must be an integer");
      return {};
    }
    const int64_t n = item.get<int64_t>();
    if (n < min || n > max) {
      Fail(std::string(field) + "[" + std::to_string(i) + "]",
           name + " must be between " + std::to_string(min) + " and " + std::to_string(max));
      return {};
    }
    out.push_back(n);
  }
  return out;
}

void JsonReader::Object(std::string_view field, const std::function<void(JsonReader&)>& fn) {
  const Json* v = Member(field, true);
  if (v == nullptr) return;
  JsonReader child(*v, PathOf(field));
  if (child.ok()) fn(child);
  Status s = child.Finish();
  if (!s.ok() && error_.ok()) error_ = std::move(s);
}

void JsonReader::Objects(std::string_view field, size_t max_items,
                         const std::function<void(JsonReader&)>& fn, bool allow_empty) {
  const Json* v = Member(field, true);
  if (v == nullptr) return;
  if (!v->is_array()) {
    Fail(field, PathOf(field) + " must be an array of objects, not " + TypeName(*v));
    return;
  }
  if (v->size() > max_items) {
    Fail(field, PathOf(field) + " may have at most " + std::to_string(max_items) + " items");
    return;
  }
  if (v->empty() && !allow_empty) {
    Fail(field, PathOf(field) + " needs at least one item");
    return;
  }
  for (size_t i = 0; i < v->size() && error_.ok(); ++i) {
    JsonReader child((*v)[i], PathOf(std::string(field) + "[" + std::to_string(i) + "]"));
    if (child.ok()) fn(child);
    Status s = child.Finish();
    if (!s.ok()) error_ = std::move(s);
  }
}

const Json* JsonReader::Raw(std::string_view field) { return Member(field, false); }

Status JsonReader::Finish() {
  if (!error_.ok()) return error_;
  if (!allow_unknown_) {
    for (auto it = value_.begin(); it != value_.end(); ++it) {
      if (read_.find(it.key()) == read_.end()) {
        return InvalidField(PathOf(it.key()), "unknown field \"" + PathOf(it.key()) + "\"");
      }
    }
  }
  return Status::Ok();
}

Result<Json> ParseJsonBody(std::string_view body, int max_depth) {
  // Nesting is checked before parsing so that a hostile body cannot make anything deep.
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return InvalidField("", "malformed JSON at byte " + std::to_string(i) +
                                    ": nested deeper than " + std::to_string(max_depth));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  try {
    return Json::parse(body.begin(), body.end());
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 5:
    // syntax error while parsing value - invalid literal; last read: '…'": keep the kind of
    // problem, drop what was read (the client's own bytes are not echoed back).
    std::string reason = "syntax error";
    const size_t dash = what.find(" - ");
    const size_t last = what.find("; last read");
    if (dash != std::string::npos) {
      reason =
          what.substr(dash + 3, last == std::string::npos ? std::string::npos : last - dash - 3);
    }
    if (reason.size() > 120) reason.resize(120);
    return InvalidField("", "malformed JSON at byte " + std::to_string(e.byte) + ": " + reason);
  } catch (const std::exception&) {
    return InvalidField("", "malformed JSON");
  }
}

Json Paged(Json items, int64_t total, const Page& page) {
  return Json{{"items", std::move(items)},
              {"total", total},
              {"limit", page.limit},
              {"offset", page.offset}};
}

std::vector<std::string> OptStrings(JsonReader& in, std::string_view field, ListRule rule) {
  if (!in.Has(field)) {
    in.Raw(field);
    return {};
  }
  return in.Strings(field, rule);
}

}  // namespace sunlit::http
