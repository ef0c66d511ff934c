// Assignment input and result to and from JSON; nlohmann/json and its exceptions stay inside
// this file.
#include "draw/assignment_json.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

namespace sunlit::draw {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// A key of an object and whether it may be left out.
struct Key {
  std::string_view name;
  bool optional = false;
};

constexpr Key kInputKeys[] = {{"protocol"},
                              {"seed"},
                              {"check_date"},
                              {"team"},
                              {"required_qualifications"},
                              {"cross_unit"},
                              {"workload_cap"},
                              {"allow_previous", true},
                              {"inspectors"},
                              {"entities"}};
constexpr Key kInspectorKeys[] = {
    {"code"},           {"department"},  {"unit"}, {"status"}, {"certificate_expiry", true},
    {"qualifications"}, {"current_load"}};
constexpr Key kEntityKeys[] = {
    {"code"}, {"jurisdiction_unit"}, {"conflicts"}, {"previous_inspectors"}};
constexpr Key kResultKeys[] = {{"protocol"}, {"seed"},  {"feasible"},
                               {"teams"},    {"loads"}, {"unstaffed"}};
constexpr Key kTeamKeys[] = {{"entity"}, {"team"}};
constexpr Key kLoadKeys[] = {{"code"}, {"department"}, {"new"}, {"total"}};
constexpr Key kUnstaffedKeys[] = {{"entity"}, {"slots"}};
constexpr Key kSlotKeys[] = {
    {"department"}, {"required"}, {"assigned"}, {"inspectors"}, {"excluded"}};

constexpr int64_t kMaxCount = int64_t{1} << 52;  // counts in a result; exact in any JSON

// Errors name the document ("input" or "result") and the field.
class Parser {
 public:
  explicit Parser(std::string_view doc) : doc_(doc) {}

  Status Malformed(const std::string& what) const {
    return InvalidArgument(std::string(doc_) + ": " + what);
  }

  Status CheckKeys(const Json& obj, std::span<const Key> keys, const std::string& where) const {
    if (!obj.is_object()) return Malformed(where + " must be an object");
    for (const auto& item : obj.items()) {
      bool known = false;
      for (const Key& k : keys) known = known || item.key() == k.name;
      if (!known) return Malformed(where + " has an unknown key '" + item.key() + "'");
    }
    for (const Key& k : keys) {
      if (!k.optional && !obj.contains(std::string(k.name))) {
        return Malformed(where + " lacks the key '" + std::string(k.name) + "'");
      }
    }
    return Status::Ok();
  }

  Result<std::string> String(const Json& v, const std::string& where) const {
    if (!v.is_string()) return Malformed(where + " must be a string");
    return v.get<std::string>();
  }
  Result<bool> Bool(const Json& v, const std::string& where) const {
    if (!v.is_boolean()) return Malformed(where + " must be true or false");
    return v.get<bool>();
  }
  Result<int64_t> Int(const Json& v, const std::string& where, int64_t lo, int64_t hi) const {
    const std::string range =
        " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (v.is_number_unsigned()) {
      const auto u = v.get<uint64_t>();
      if (u > static_cast<uint64_t>(hi) || static_cast<int64_t>(u) < lo) {
        return Malformed(where + range);
      }
      return static_cast<int64_t>(u);
    }
    if (v.is_number_integer()) {
      const auto i = v.get<int64_t>();
      if (i < lo || i > hi) return Malformed(where + range);
      return i;
    }
    return Malformed(where + range);
  }
  Result<Digest> Hex(const Json& v, const std::string& where) const {
    SUNLIT_ASSIGN_OR_RETURN(const std::string s, String(v, where));
    Digest out{};
    if (s.find_first_of("ABCDEF") != std::string::npos || !ParseHex(s, out)) {
      return Malformed(where + " must be 64 lower-case hexadecimal digits");
    }
    return out;
  }
  Result<core::Date> Date(const Json& v, const std::string& where) const {
    SUNLIT_ASSIGN_OR_RETURN(const std::string s, String(v, where));
    Result<core::Date> d = core::Date::Parse(s);
    if (!d.ok()) return Malformed(where + " must be a date YYYY-MM-DD: " + d.status().message());
    return *d;
  }
  Result<std::vector<std::string>> Strings(const Json& v, const std::string& where) const {
    if (!v.is_array()) return Malformed(where + " must be an array of strings");
    std::vector<std::string> out;
    out.reserve(v.size());
    for (size_t k = 0; k < v.size(); ++k) {
      SUNLIT_ASSIGN_OR_RETURN(std::string s, String(v[k], where + "[" + std::to_string(k) + "]"));
      out.push_back(std::move(s));
    }
    return out;
  }
  Status Array(const Json& v, const std::string& where) const {
    return v.is_array() ? Status::Ok() : Malformed(where + " must be an array");
  }

 private:
  std::string_view doc_;
};

// Builds the document from SAX events, refusing a key given twice in one object (the same
// builder as record_json.cc's: nlohmann's parser callback costs quadratic time on large
// arrays of objects).
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
    if (stack_.back()->contains(k)) {
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

Result<Json> ParseStrict(std::string_view text, const Parser& p) {
  Json j;
  StrictDomBuilder builder(&j);
  const bool ok = Json::sax_parse(text.begin(), text.end(), &builder,
                                  nlohmann::detail::input_format_t::json, /*strict=*/true,
                                  /*ignore_comments=*/false);
  if (!builder.duplicate().empty()) {
    return p.Malformed("the key '" + builder.duplicate() + "' appears twice in an object");
  }
  if (!ok) {
    return p.Malformed("not valid JSON (at byte " + std::to_string(builder.error_position()) + ")");
  }
  return j;
}

Status CheckProtocol(const Parser& p, const Json& j) {
  SUNLIT_ASSIGN_OR_RETURN(const std::string protocol, p.String(j.at("protocol"), "protocol"));
  if (protocol != kAssignProtocolV1) {
    return p.Malformed("protocol must be \"" + std::string(kAssignProtocolV1) + "\"");
  }
  return Status::Ok();
}

Result<AssignmentInput> InputFromJson(const Json& j) {
  const Parser p("input");
  SUNLIT_RETURN_IF_ERROR(p.CheckKeys(j, kInputKeys, "the document"));
  SUNLIT_RETURN_IF_ERROR(CheckProtocol(p, j));
  AssignmentInput in;
  SUNLIT_ASSIGN_OR_RETURN(in.seed, p.Hex(j.at("seed"), "seed"));
  SUNLIT_ASSIGN_OR_RETURN(in.check_date, p.Date(j.at("check_date"), "check_date"));
  const Json& team = j.at("team");
  if (!team.is_object()) return p.Malformed("team must be an object");
  for (const auto& item : team.items()) {
    SUNLIT_ASSIGN_OR_RETURN(const int64_t n,
                            p.Int(item.value(), "team." + item.key(), 1, kMaxTeamPerDepartment));
    in.team.emplace(item.key(), n);
  }
  const Json& req = j.at("required_qualifications");
  if (!req.is_object()) return p.Malformed("required_qualifications must be an object");
  for (const auto& item : req.items()) {
    SUNLIT_ASSIGN_OR_RETURN(auto tags,
                            p.Strings(item.value(), "required_qualifications." + item.key()));
    in.required_qualifications.emplace(item.key(), std::move(tags));
  }
  SUNLIT_ASSIGN_OR_RETURN(in.cross_unit, p.Bool(j.at("cross_unit"), "cross_unit"));
  SUNLIT_ASSIGN_OR_RETURN(in.workload_cap,
                          p.Int(j.at("workload_cap"), "workload_cap", 1, kMaxWorkloadCap));
  if (j.contains("allow_previous")) {
    SUNLIT_ASSIGN_OR_RETURN(in.allow_previous, p.Bool(j.at("allow_previous"), "allow_previous"));
  }
  const Json& inspectors = j.at("inspectors");
  SUNLIT_RETURN_IF_ERROR(p.Array(inspectors, "inspectors"));
  in.inspectors.reserve(inspectors.size());
  for (size_t k = 0; k < inspectors.size(); ++k) {
    const Json& o = inspectors[k];
    const std::string w = "inspectors[" + std::to_string(k) + "]";
    SUNLIT_RETURN_IF_ERROR(p.CheckKeys(o, kInspectorKeys, w));
    AssignInspector i;
    SUNLIT_ASSIGN_OR_RETURN(i.code, p.String(o.at("code"), w + ".code"));
    SUNLIT_ASSIGN_OR_RETURN(i.department, p.String(o.at("department"), w + ".department"));
    SUNLIT_ASSIGN_OR_RETURN(i.unit, p.String(o.at("unit"), w + ".unit"));
    SUNLIT_ASSIGN_OR_RETURN(const std::string status, p.String(o.at("status"), w + ".status"));
    if (status == "active") {
      i.status = core::InspectorStatus::kActive;
    } else if (status == "suspended") {
      i.status = core::InspectorStatus::kSuspended;
    } else if (status == "left") {
      i.status = core::InspectorStatus::kLeft;
    } else {
      return p.Malformed(w + ".status must be \"active\", \"suspended\" or \"left\"");
    }
    if (o.contains("certificate_expiry") && !o.at("certificate_expiry").is_null()) {
      SUNLIT_ASSIGN_OR_RETURN(i.certificate_expiry,
                              p.Date(o.at("certificate_expiry"), w + ".certificate_expiry"));
    }
    SUNLIT_ASSIGN_OR_RETURN(i.qualifications,
                            p.Strings(o.at("qualifications"), w + ".qualifications"));
    SUNLIT_ASSIGN_OR_RETURN(i.current_load,
                            p.Int(o.at("current_load"), w + ".current_load", 0, kMaxCurrentLoad));
    in.inspectors.push_back(std::move(i));
  }
  const Json& entities = j.at("entities");
  SUNLIT_RETURN_IF_ERROR(p.Array(entities, "entities"));
  in.entities.reserve(entities.size());
  for (size_t k = 0; k < entities.size(); ++k) {
    const Json& o = entities[k];
    const std::string w = "entities[" + std::to_string(k) + "]";
    SUNLIT_RETURN_IF_ERROR(p.CheckKeys(o, kEntityKeys, w));
    AssignEntity e;
    SUNLIT_ASSIGN_OR_RETURN(e.code, p.String(o.at("code"), w + ".code"));
    SUNLIT_ASSIGN_OR_RETURN(e.jurisdiction_unit,
                            p.String(o.at("jurisdiction_unit"), w + ".jurisdiction_unit"));
    SUNLIT_ASSIGN_OR_RETURN(e.conflicts, p.Strings(o.at("conflicts"), w + ".conflicts"));
    SUNLIT_ASSIGN_OR_RETURN(e.previous_inspectors,
                            p.Strings(o.at("previous_inspectors"), w + ".previous_inspectors"));
    in.entities.push_back(std::move(e));
  }
  return in;
}

Result<AssignmentResult> ResultFromJson(const Json& j) {
  const Parser p("result");
  SUNLIT_RETURN_IF_ERROR(p.CheckKeys(j, kResultKeys, "the document"));
  SUNLIT_RETURN_IF_ERROR(CheckProtocol(p, j));
  AssignmentResult r;
  r.protocol = std::string(kAssignProtocolV1);
  SUNLIT_ASSIGN_OR_RETURN(r.seed, p.Hex(j.at("seed"), "seed"));
  SUNLIT_ASSIGN_OR_RETURN(r.feasible, p.Bool(j.at("feasible"), "feasible"));
  const Json& teams = j.at("teams");
  SUNLIT_RETURN_IF_ERROR(p.Array(teams, "teams"));
  r.teams.reserve(teams.size());
  for (size_t k = 0; k < teams.size(); ++k) {
    const std::string w = "teams[" + std::to_string(k) + "]";
    SUNLIT_RETURN_IF_ERROR(p.CheckKeys(teams[k], kTeamKeys, w));
    EntityTeam t;
    SUNLIT_ASSIGN_OR_RETURN(t.entity, p.String(teams[k].at("entity"), w + ".entity"));
    const Json& team = teams[k].at("team");
    if (!team.is_object()) return p.Malformed(w + ".team must be an object");
    for (const auto& item : team.items()) {
      DepartmentTeam d;
      d.department = item.key();
      SUNLIT_ASSIGN_OR_RETURN(d.inspectors, p.Strings(item.value(), w + ".team." + item.key()));
      t.departments.push_back(std::move(d));
    }
    r.teams.push_back(std::move(t));
  }
  const Json& loads = j.at("loads");
  SUNLIT_RETURN_IF_ERROR(p.Array(loads, "loads"));
  r.loads.reserve(loads.size());
  for (size_t k = 0; k < loads.size(); ++k) {
    const std::string w = "loads[" + std::to_string(k) + "]";
    const Json& o = loads[k];
    SUNLIT_RETURN_IF_ERROR(p.CheckKeys(o, kLoadKeys, w));
    InspectorLoad l;
    SUNLIT_ASSIGN_OR_RETURN(l.code, p.String(o.at("code"), w + ".code"));
    SUNLIT_ASSIGN_OR_RETURN(l.department, p.String(o.at("department"), w + ".department"));
    SUNLIT_ASSIGN_OR_RETURN(l.new_load, p.Int(o.at("new"), w + ".new", 0, kMaxCount));
    SUNLIT_ASSIGN_OR_RETURN(l.total_load, p.Int(o.at("total"), w + ".total", 0, kMaxCount));
    r.loads.push_back(std::move(l));
  }
  const Json& unstaffed = j.at("unstaffed");
  SUNLIT_RETURN_IF_ERROR(p.Array(unstaffed, "unstaffed"));
  for (size_t k = 0; k < unstaffed.size(); ++k) {
    const std::string w = "unstaffed[" + std::to_string(k) + "]";
    SUNLIT_RETURN_IF_ERROR(p.CheckKeys(unstaffed[k], kUnstaffedKeys, w));
    UnstaffedEntity u;
    SUNLIT_ASSIGN_OR_RETURN(u.entity, p.String(unstaffed[k].at("entity"), w + ".entity"));
    const Json& slots = unstaffed[k].at("slots");
    SUNLIT_RETURN_IF_ERROR(p.Array(slots, w + ".slots"));
    for (size_t s = 0; s < slots.size(); ++s) {
      const std::string ws = w + ".slots[" + std::to_string(s) + "]";
      const Json& o = slots[s];
      SUNLIT_RETURN_IF_ERROR(p.CheckKeys(o, kSlotKeys, ws));
      SlotExplanation x;
      SUNLIT_ASSIGN_OR_RETURN(x.department, p.String(o.at("department"), ws + ".department"));
      SUNLIT_ASSIGN_OR_RETURN(x.required, p.Int(o.at("required"), ws + ".required", 0, kMaxCount));
      SUNLIT_ASSIGN_OR_RETURN(x.assigned, p.Int(o.at("assigned"), ws + ".assigned", 0, kMaxCount));
      SUNLIT_ASSIGN_OR_RETURN(x.inspectors,
                              p.Int(o.at("inspectors"), ws + ".inspectors", 0, kMaxCount));
      Key reasons[kExclusionReasons];
      for (size_t r_i = 0; r_i < kExclusionReasons; ++r_i) {
        reasons[r_i] = {ExclusionReasonName(static_cast<ExclusionReason>(r_i))};
      }
      const Json& excluded = o.at("excluded");
      SUNLIT_RETURN_IF_ERROR(p.CheckKeys(excluded, reasons, ws + ".excluded"));
      for (size_t r_i = 0; r_i < kExclusionReasons; ++r_i) {
        const std::string name(reasons[r_i].name);
        SUNLIT_ASSIGN_OR_RETURN(x.excluded[r_i],
                                p.Int(excluded.at(name), ws + ".excluded." + name, 0, kMaxCount));
      }
      u.slots.push_back(std::move(x));
    }
    r.unstaffed.push_back(std::move(u));
  }
  return r;
}

std::string Dump(const OrderedJson& j) {
  // Invalid UTF-8 (only possible in a document built by hand) becomes U+FFFD, not an error.
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

OrderedJson StringArray(const std::vector<std::string>& v) {
  OrderedJson a = OrderedJson::array();
  for (const std::string& s : v) a.push_back(s);
  return a;
}

}  // namespace

std::string AssignmentInputToJson(const AssignmentInput& in) {
  try {
    OrderedJson j;
    j["protocol"] = kAssignProtocolV1;
    j["seed"] = ToHex(in.seed);
    j["check_date"] = in.check_date.ToString();
    OrderedJson team = OrderedJson::object();
    for (const auto& [dept, n] : in.team) team[dept] = n;
    j["team"] = std::move(team);
    OrderedJson req = OrderedJson::object();
    for (const auto& [dept, tags] : in.required_qualifications) req[dept] = StringArray(tags);
    j["required_qualifications"] = std::move(req);
    j["cross_unit"] = in.cross_unit;
    j["workload_cap"] = in.workload_cap;
    j["allow_previous"] = in.allow_previous;
    OrderedJson inspectors = OrderedJson::array();
    for (const AssignInspector& i : in.inspectors) {
      OrderedJson o;
      o["code"] = i.code;
      o["department"] = i.department;
      o["unit"] = i.unit;
      o["status"] = core::WireName(i.status);
      o["certificate_expiry"] =
          i.certificate_expiry ? OrderedJson(i.certificate_expiry->ToString()) : OrderedJson();
      o["qualifications"] = StringArray(i.qualifications);
      o["current_load"] = i.current_load;
      inspectors.push_back(std::move(o));
    }
    j["inspectors"] = std::move(inspectors);
    OrderedJson entities = OrderedJson::array();
    for (const AssignEntity& e : in.entities) {
      OrderedJson o;
      o["code"] = e.code;
      o["jurisdiction_unit"] = e.jurisdiction_unit;
      o["conflicts"] = StringArray(e.conflicts);
      o["previous_inspectors"] = StringArray(e.previous_inspectors);
      entities.push_back(std::move(o));
    }
    j["entities"] = std::move(entities);
    return Dump(j);
  } catch (const std::exception&) {
    return "{}\n";  // only allocation failure can get here
  }
}

std::string AssignmentResultToJson(const AssignmentResult& r) {
  try {
    OrderedJson j;
    j["protocol"] = r.protocol;
    j["seed"] = ToHex(r.seed);
    j["feasible"] = r.feasible;
    OrderedJson teams = OrderedJson::array();
    for (const EntityTeam& t : r.teams) {
      OrderedJson o;
      o["entity"] = t.entity;
      OrderedJson team = OrderedJson::object();
      for (const DepartmentTeam& d : t.departments) team[d.department] = StringArray(d.inspectors);
      o["team"] = std::move(team);
      teams.push_back(std::move(o));
    }
    j["teams"] = std::move(teams);
    OrderedJson loads = OrderedJson::array();
    for (const InspectorLoad& l : r.loads) {
      OrderedJson o;
      o["code"] = l.code;
      o["department"] = l.department;
      o["new"] = l.new_load;
      o["total"] = l.total_load;
      loads.push_back(std::move(o));
    }
    j["loads"] = std::move(loads);
    OrderedJson unstaffed = OrderedJson::array();
    for (const UnstaffedEntity& u : r.unstaffed) {
      OrderedJson o;
      o["entity"] = u.entity;
      OrderedJson slots = OrderedJson::array();
      for (const SlotExplanation& x : u.slots) {
        OrderedJson s;
        s["department"] = x.department;
        s["required"] = x.required;
        s["assigned"] = x.assigned;
        s["inspectors"] = x.inspectors;
        OrderedJson excluded;
        for (size_t k = 0; k < kExclusionReasons; ++k) {
          excluded[std::string(ExclusionReasonName(static_cast<ExclusionReason>(k)))] =
              x.excluded[k];
        }
        s["excluded"] = std::move(excluded);
        slots.push_back(std::move(s));
      }
      o["slots"] = std::move(slots);
      unstaffed.push_back(std::move(o));
    }
    j["unstaffed"] = std::move(unstaffed);
    return Dump(j);
  } catch (const std::exception&) {
    return "{}\n";
  }
}

Result<AssignmentInput> AssignmentInputFromJson(std::string_view json) {
  try {
    const Parser p("input");
    SUNLIT_ASSIGN_OR_RETURN(const Json j, ParseStrict(json, p));
    return InputFromJson(j);
  } catch (const std::exception& e) {
    return InvalidArgument("input: malformed", e.what());
  }
}

Result<AssignmentResult> AssignmentResultFromJson(std::string_view json) {
  try {
    const Parser p("result");
    SUNLIT_ASSIGN_OR_RETURN(const Json j, ParseStrict(json, p));
    return ResultFromJson(j);
  } catch (const std::exception& e) {
    return InvalidArgument("result: malformed", e.what());
  }
}

}  // namespace sunlit::draw
