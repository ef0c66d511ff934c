// Draw records to and from JSON; nlohmann/json and its exceptions stay inside this file.
#include "draw/record_json.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

namespace sunlit::draw {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr std::string_view kRecordKeys[] = {"protocol", "draw_id", "pool_size",  "pool_root",
                                            "strata",   "params",  "randomness", "commitment",
                                            "secret",   "seed",    "entries"};
constexpr std::string_view kStratumKeys[] = {"label", "size"};
constexpr std::string_view kEntryKeys[] = {"stratum", "code", "role", "rank"};

Status Malformed(const std::string& what) { return InvalidArgument("record: " + what); }

// Checks that `obj` is an object with exactly `keys`.
Status CheckKeys(const Json& obj, std::span<const std::string_view> keys,
                 const std::string& where) {
  if (!obj.is_object()) return Malformed(where + " must be an object");
  for (const auto& item : obj.items()) {
    bool known = false;
    for (const std::string_view k : keys) known = known || item.key() == k;
    if (!known) return Malformed(where + " has an unknown key '" + item.key() + "'");
  }
  for (const std::string_view k : keys) {
    if (!obj.contains(std::string(k))) {
      return Malformed(where + " lacks the key '" + std::string(k) + "'");
    }
  }
  return Status::Ok();
}

Result<std::string> GetString(const Json& obj, std::string_view key, const std::string& where) {
  const Json& v = obj.at(std::string(key));
  if (!v.is_string()) return Malformed(where + "." + std::string(key) + " must be a string");
  return v.get<std::string>();
}

Result<uint64_t> GetUnsigned(const Json& obj, std::string_view key, const std::string& where) {
  const Json& v = obj.at(std::string(key));
  if (!v.is_number_unsigned()) {
    return Malformed(where + "." + std::string(key) + " must be a non-negative integer");
  }
  return v.get<uint64_t>();
}

// 64 lower-case hex digits.
template <size_t N>
Result<std::array<uint8_t, N>> GetHex(const Json& obj, std::string_view key,
                                      const std::string& where) {
  SUNLIT_ASSIGN_OR_RETURN(std::string s, GetString(obj, key, where));
  std::array<uint8_t, N> out{};
  const bool lower = s.find_first_of("ABCDEF") == std::string::npos;
  if (!lower || !ParseHex(s, out)) {
    return Malformed(where + "." + std::string(key) + " must be " + std::to_string(2 * N) +
                     " lower-case hexadecimal digits");
  }
  return out;
}

Result<DrawRecord> FromJsonValue(const Json& j) {
  SUNLIT_RETURN_IF_ERROR(CheckKeys(j, kRecordKeys, "the record"));
  const std::string top = "record";
  DrawRecord r;
  SUNLIT_ASSIGN_OR_RETURN(r.protocol, GetString(j, "protocol", top));
  SUNLIT_ASSIGN_OR_RETURN(r.draw_id, GetString(j, "draw_id", top));
  SUNLIT_ASSIGN_OR_RETURN(r.pool_size, GetUnsigned(j, "pool_size", top));
  SUNLIT_ASSIGN_OR_RETURN(r.pool_root, GetHex<32>(j, "pool_root", top));
  const Json& strata = j.at("strata");
  if (!strata.is_array()) return Malformed("strata must be an array");
  for (size_t i = 0; i < strata.size(); ++i) {
    const std::string where = "strata[" + std::to_string(i) + "]";
    SUNLIT_RETURN_IF_ERROR(CheckKeys(strata[i], kStratumKeys, where));
    StratumSize s;
    SUNLIT_ASSIGN_OR_RETURN(s.label, GetString(strata[i], "label", where));
    if (!IsValidStratumLabel(s.label)) return Malformed(where + ".label is not a valid label");
    SUNLIT_ASSIGN_OR_RETURN(s.size, GetUnsigned(strata[i], "size", where));
    r.strata.push_back(std::move(s));
  }
  SUNLIT_ASSIGN_OR_RETURN(r.params, GetString(j, "params", top));
  SUNLIT_ASSIGN_OR_RETURN(r.randomness, GetString(j, "randomness", top));
  SUNLIT_ASSIGN_OR_RETURN(r.commitment, GetHex<32>(j, "commitment", top));
  SUNLIT_ASSIGN_OR_RETURN(r.secret, GetHex<32>(j, "secret", top));
  SUNLIT_ASSIGN_OR_RETURN(r.seed, GetHex<32>(j, "seed", top));
  const Json& entries = j.at("entries");
  if (!entries.is_array()) return Malformed("entries must be an array");
  r.entries.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string where = "entries[" + std::to_string(i) + "]";
    SUNLIT_RETURN_IF_ERROR(CheckKeys(entries[i], kEntryKeys, where));
    DrawEntry e;
    SUNLIT_ASSIGN_OR_RETURN(e.stratum, GetString(entries[i], "stratum", where));
    if (!IsValidStratumLabel(e.stratum)) return Malformed(where + ".stratum is not a valid label");
    SUNLIT_ASSIGN_OR_RETURN(e.code, GetString(entries[i], "code", where));
    if (e.code.size() != kCodeLength) return Malformed(where + ".code must be 18 characters");
    SUNLIT_ASSIGN_OR_RETURN(const std::string role, GetString(entries[i], "role", where));
    if (role == "selected") {
      e.role = EntryRole::kSelected;
    } else if (role == "alternate") {
      e.role = EntryRole::kAlternate;
    } else {
      return Malformed(where + ".role must be \"selected\" or \"alternate\"");
    }
    SUNLIT_ASSIGN_OR_RETURN(e.rank, GetHex<32>(entries[i], "rank", where));
    r.entries.push_back(std::move(e));
  }
  return r;
}

}  // namespace

std::string RecordToJson(const DrawRecord& record) {
  try {
    OrderedJson j;
    j["protocol"] = record.protocol;
    j["draw_id"] = record.draw_id;
    j["pool_size"] = record.pool_size;
    j["pool_root"] = ToHex(record.pool_root);
    OrderedJson strata = OrderedJson::array();
    for (const StratumSize& s : record.strata) {
      OrderedJson o;
      o["label"] = s.label;
      o["size"] = s.size;
      strata.push_back(std::move(o));
    }
    j["strata"] = std::move(strata);
    j["params"] = record.params;
    j["randomness"] = record.randomness;
    j["commitment"] = ToHex(record.commitment);
    j["secret"] = ToHex(record.secret);
    j["seed"] = ToHex(record.seed);
    OrderedJson entries = OrderedJson::array();
    for (const DrawEntry& e : record.entries) {
      OrderedJson o;
      o["stratum"] = e.stratum;
      o["code"] = e.code;
      o["role"] = e.role == EntryRole::kSelected ? "selected" : "alternate";
      o["rank"] = ToHex(e.rank);
      entries.push_back(std::move(o));
    }
    j["entries"] = std::move(entries);
    // Invalid UTF-8 (only possible in a record built by hand) becomes U+FFFD, not an error.
    return j.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
  } catch (const std::exception&) {
    // Only allocation failure can get here.
    return "{}\n";
  }
}

namespace {

// Builds the document from SAX events, refusing a key given twice in one object. (nlohmann's
// parser callback did the same but cost time quadratic in the size of an array of objects:
// 17 s for a 250 000-entry record.)
class StrictDomBuilder final : public nlohmann::json_sax<Json> {
 public:
  explicit StrictDomBuilder(Json* root) : root_(root) {}

  bool null() override { return Add(Json(nullptr)); }
  bool boolean(bool v) override { return Add(Json(v)); }
  bool number_integer(number_integer_t v) override { return Add(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Add(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return Add(Json(v)); }
  bool string(string_t& v) override { return Add(Json(std::move(v))); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override {
    Json* obj = Place(Json::object());
    if (obj == nullptr) return false;
    stack_.push_back(obj);
    return true;
  }
  bool key(string_t& k) override {
    Json* obj = stack_.back();
    if (obj->contains(k)) {
      duplicate_ = k;
      return false;
    }
    key_ = std::move(k);
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    Json* arr = Place(Json::array());
    if (arr == nullptr) return false;
    stack_.push_back(arr);
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    error_position_ = position;
    return false;
  }

  const std::string& duplicate() const { return duplicate_; }
  std::size_t error_position() const { return error_position_; }

 private:
  bool Add(Json v) { return Place(std::move(v)) != nullptr; }
  // Puts `v` where the parser is (root, array element or object member); returns it.
  Json* Place(Json v) {
    if (stack_.empty()) {
      if (placed_root_) return nullptr;
      placed_root_ = true;
      *root_ = std::move(v);
      return root_;
    }
    Json* parent = stack_.back();
    if (parent->is_array()) {
      parent->push_back(std::move(v));
      return &parent->back();
    }
    Json& slot = (*parent)[key_];
    slot = std::move(v);
    return &slot;
  }

  Json* root_;
  bool placed_root_ = false;
  std::vector<Json*> stack_;
  std::string key_;
  std::string duplicate_;
  std::size_t error_position_ = 0;
};

}  // namespace

Result<DrawRecord> RecordFromJson(std::string_view json) {
  try {
    Json j;
    StrictDomBuilder builder(&j);
    const bool ok = Json::sax_parse(json.begin(), json.end(), &builder,
                                    nlohmann::detail::input_format_t::json, /*strict=*/true,
                                    /*ignore_comments=*/false);
    if (!builder.duplicate().empty()) {
      return Malformed("the key '" + builder.duplicate() + "' appears twice in an object");
    }
    if (!ok) {
      return InvalidArgument("record: not valid JSON (at byte " +
                             std::to_string(builder.error_position()) + ")");
    }
    return FromJsonValue(j);
  } catch (const std::exception& e) {
    return InvalidArgument("record: malformed", e.what());
  }
}

}  // namespace sunlit::draw
