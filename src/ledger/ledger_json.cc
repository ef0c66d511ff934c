// Proof documents and event lines to and from JSON; nlohmann/json and its exceptions stay
// inside this file.
#include "ledger/ledger_json.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <vector>

#include "draw/merkle.h"
#include "draw/sha256.h"

namespace sunlit::ledger {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr std::string_view kProofKeys[] = {"format", "seq",        "size",       "leaf_hash",
                                           "path",   "checkpoint", "public_key", "event"};
constexpr std::string_view kCheckpointKeys[] = {"size", "root", "at", "key_id", "signature"};
constexpr std::string_view kEventKeys[] = {"at", "kind", "subject", "body"};
// Far more than a proof of any log that fits in 63-bit sizes needs.
constexpr size_t kMaxPathLength = 64;
constexpr uint64_t kMaxSize = uint64_t{1} << 62;

Status Malformed(const std::string& what) { return InvalidArgument("proof: " + what); }

// Checks that `obj` is an object with exactly `keys`, of which `optional` may be absent.
Status CheckKeys(const Json& obj, std::span<const std::string_view> keys, const std::string& where,
                 std::string_view optional = {}) {
  if (!obj.is_object()) return Malformed(where + " must be an object");
  for (const auto& item : obj.items()) {
    bool known = false;
    for (const std::string_view k : keys) known = known || item.key() == k;
    if (!known) return Malformed(where + " has an unknown key '" + item.key() + "'");
  }
  for (const std::string_view k : keys) {
    if (k != optional && !obj.contains(std::string(k))) {
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

Result<int64_t> GetCount(const Json& obj, std::string_view key, const std::string& where) {
  const Json& v = obj.at(std::string(key));
  if (!v.is_number_unsigned() || v.get<uint64_t>() > kMaxSize) {
    return Malformed(where + "." + std::string(key) + " must be a non-negative integer");
  }
  return static_cast<int64_t>(v.get<uint64_t>());
}

// 2 * N lower-case hex digits.
template <size_t N>
Result<std::array<uint8_t, N>> HexBytes(const std::string& s, const std::string& what) {
  std::array<uint8_t, N> out{};
  const bool lower = s.find_first_of("ABCDEF") == std::string::npos;
  if (!lower || !draw::ParseHex(s, out)) {
    return Malformed(what + " must be " + std::to_string(2 * N) + " lower-case hexadecimal digits");
  }
  return out;
}

template <size_t N>
Result<std::array<uint8_t, N>> GetHex(const Json& obj, std::string_view key,
                                      const std::string& where) {
  SUNLIT_ASSIGN_OR_RETURN(std::string s, GetString(obj, key, where));
  return HexBytes<N>(s, where + "." + std::string(key));
}

Result<ProofDocument> FromJsonValue(const Json& j) {
  const std::string top = "proof";
  SUNLIT_RETURN_IF_ERROR(CheckKeys(j, kProofKeys, top, "event"));
  SUNLIT_ASSIGN_OR_RETURN(const std::string format, GetString(j, "format", top));
  if (format != kProofFormat) {
    return Malformed("format must be \"" + std::string(kProofFormat) + "\"");
  }
  ProofDocument doc;
  InclusionProof& p = doc.proof;
  SUNLIT_ASSIGN_OR_RETURN(p.seq, GetCount(j, "seq", top));
  SUNLIT_ASSIGN_OR_RETURN(p.size, GetCount(j, "size", top));
  SUNLIT_ASSIGN_OR_RETURN(p.leaf_hash, GetHex<32>(j, "leaf_hash", top));
  const Json& path = j.at("path");
  if (!path.is_array() || path.size() > kMaxPathLength) {
    return Malformed("path must be an array of at most 64 hashes");
  }
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string where = "path[" + std::to_string(i) + "]";
    if (!path[i].is_string()) return Malformed(where + " must be a string");
    SUNLIT_ASSIGN_OR_RETURN(Hash h, HexBytes<32>(path[i].get<std::string>(), where));
    p.path.push_back(h);
  }
  const Json& cp = j.at("checkpoint");
  SUNLIT_RETURN_IF_ERROR(CheckKeys(cp, kCheckpointKeys, "checkpoint"));
  SUNLIT_ASSIGN_OR_RETURN(p.checkpoint.size, GetCount(cp, "size", "checkpoint"));
  SUNLIT_ASSIGN_OR_RETURN(p.checkpoint.root, GetHex<32>(cp, "root", "checkpoint"));
  SUNLIT_ASSIGN_OR_RETURN(p.checkpoint.at, GetString(cp, "at", "checkpoint"));
  SUNLIT_ASSIGN_OR_RETURN(p.checkpoint.key_id, GetString(cp, "key_id", "checkpoint"));
  SUNLIT_ASSIGN_OR_RETURN(p.checkpoint.signature, GetHex<64>(cp, "signature", "checkpoint"));
  SUNLIT_ASSIGN_OR_RETURN(doc.public_key, GetHex<32>(j, "public_key", top));
  if (j.contains("event")) {
    const Json& ev = j.at("event");
    SUNLIT_RETURN_IF_ERROR(CheckKeys(ev, kEventKeys, "event"));
    StoredEvent e;
    e.seq = p.seq;
    e.leaf_hash = p.leaf_hash;
    SUNLIT_ASSIGN_OR_RETURN(e.at, GetString(ev, "at", "event"));
    SUNLIT_ASSIGN_OR_RETURN(e.event.kind, GetString(ev, "kind", "event"));
    SUNLIT_ASSIGN_OR_RETURN(e.event.subject, GetString(ev, "subject", "event"));
    SUNLIT_ASSIGN_OR_RETURN(e.event.body, GetString(ev, "body", "event"));
    doc.event = std::move(e);
  }
  return doc;
}

}  // namespace

std::string ProofToJson(const ProofDocument& doc) {
  try {
    const InclusionProof& p = doc.proof;
    OrderedJson j;
    j["format"] = kProofFormat;
    j["seq"] = p.seq;
    j["size"] = p.size;
    j["leaf_hash"] = draw::ToHex(p.leaf_hash);
    OrderedJson path = OrderedJson::array();
    for (const Hash& h : p.path) path.push_back(draw::ToHex(h));
    j["path"] = std::move(path);
    OrderedJson cp;
    cp["size"] = p.checkpoint.size;
    cp["root"] = draw::ToHex(p.checkpoint.root);
    cp["at"] = p.checkpoint.at;
    cp["key_id"] = p.checkpoint.key_id;
    cp["signature"] = draw::ToHex(p.checkpoint.signature);
    j["checkpoint"] = std::move(cp);
    j["public_key"] = draw::ToHex(doc.public_key);
    if (doc.event.has_value()) {
      OrderedJson ev;
      ev["at"] = doc.event->at;
      ev["kind"] = doc.event->event.kind;
      ev["subject"] = doc.event->event.subject;
      ev["body"] = doc.event->event.body;
      j["event"] = std::move(ev);
    }
    // Stored events are valid UTF-8 (Append checks); anything else becomes U+FFFD and then
    // fails verification, as it should.
    return j.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
  } catch (const std::exception&) {
    return "{}\n";  // only allocation failure gets here
  }
}

Result<ProofDocument> ProofFromJson(std::string_view json) {
  try {
    // A key given twice is rejected rather than silently resolved to one of its values.
    std::vector<std::set<std::string>> keys;
    bool duplicate = false;
    std::string duplicate_key;
    const Json::parser_callback_t cb = [&](int, Json::parse_event_t event, Json& parsed) {
      switch (event) {
        case Json::parse_event_t::object_start:
          keys.emplace_back();
          break;
        case Json::parse_event_t::object_end:
          if (!keys.empty()) keys.pop_back();
          break;
        case Json::parse_event_t::key:
          if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second &&
              !duplicate) {
            duplicate = true;
            duplicate_key = parsed.get<std::string>();
          }
          break;
        default:
          break;
      }
      return true;
    };
    const Json j = Json::parse(json.begin(), json.end(), cb, /*allow_exceptions=*/true,
                               /*ignore_comments=*/false);
    if (duplicate) return Malformed("the key '" + duplicate_key + "' appears twice in an object");
    return FromJsonValue(j);
  } catch (const Json::parse_error& e) {
    return InvalidArgument("proof: not valid JSON (at byte " + std::to_string(e.byte) + ")",
                           e.what());
  } catch (const std::exception& e) {
    return InvalidArgument("proof: malformed", e.what());
  }
}

Status VerifyProofDocument(const ProofDocument& doc, const std::array<uint8_t, 32>& public_key) {
  if (doc.event.has_value()) {
    const StoredEvent& e = *doc.event;
    if (draw::LeafHash(LeafBytes(doc.proof.seq, e.at, e.event)) != doc.proof.leaf_hash) {
      return DataLoss("the event's content does not hash to the proof's leaf hash");
    }
  }
  return Ledger::VerifyProof(doc.proof, public_key);
}

std::string EventToJson(const StoredEvent& event) {
  try {
    OrderedJson j;
    j["seq"] = event.seq;
    j["at"] = event.at;
    j["kind"] = event.event.kind;
    j["subject"] = event.event.subject;
    j["body"] = event.event.body;
    j["leaf_hash"] = draw::ToHex(event.leaf_hash);
    return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  } catch (const std::exception&) {
    return "{}";  // only allocation failure gets here
  }
}

}  // namespace sunlit::ledger
