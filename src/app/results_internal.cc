// Shared helpers of the results use cases: time, calendar, check access, ledger, JSON.
#include "app/results_internal.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "app/draw_service.h"
#include "core/field_error.h"
#include "core/uscc.h"
#include "draw/sha256.h"
#include "ledger/ledger.h"

namespace sunlit::app::internal {

namespace repo = store::repo;

std::string Now(Services& s) { return s.clock->NowUtc(); }

Result<core::Date> Today(Services& s) {
  const std::string now = s.clock->NowUtc();
  Result<int64_t> seconds = ParseUtcSeconds(now);
  if (!seconds.ok()) return Internal("the clock is broken", "clock gave \"" + now + "\"");
  return ChinaDate(*seconds);
}

Result<core::WorkCalendar> LoadCalendar(store::Transaction& tx) {
  SUNLIT_ASSIGN_OR_RETURN(core::HolidaySchedule schedule, tx.LoadCalendar());
  return core::WorkCalendar(schedule);
}

bool CheckContext::Assigned(const Caller& caller) const {
  if (caller.inspector_code.empty()) return false;
  return std::any_of(team.begin(), team.end(), [&](const repo::CheckInspector& i) {
    return i.inspector_code == caller.inspector_code;
  });
}

std::vector<std::string> CheckContext::Departments() const {
  std::set<std::string> d;
  d.insert(check.lead_department);
  for (const std::string& t : task_departments) d.insert(t);
  for (const repo::CheckInspector& i : team) d.insert(i.department_code);
  return {d.begin(), d.end()};
}

bool CheckContext::HasDepartment(std::string_view department) const {
  for (const std::string& d : Departments()) {
    if (d == department) return true;
  }
  return false;
}

bool CheckContext::TakesPart(const Caller& caller, std::string_view permission) const {
  // Scope kOwn reaches only the checks the caller is on the team of.
  if (caller.ScopeOf(permission) == Scope::kOwn) return Assigned(caller);
  for (const std::string& d : Departments()) {
    if (caller.CanIn(permission, d)) return true;
  }
  return false;
}

namespace {

// The task's JSON columns as the workflow use cases write them; anything else reads as
// "not given" (the results rules then fall back to the item lists).
void ParseTask(std::string_view departments, std::string_view items, CheckContext* c) {
  const nlohmann::json d = nlohmann::json::parse(departments, nullptr, false);
  if (d.is_array()) {
    for (const nlohmann::json& v : d) {
      if (v.is_string()) c->task_departments.push_back(v.get<std::string>());
    }
  }
  const nlohmann::json i = nlohmann::json::parse(items, nullptr, false);
  if (i.is_array()) {
    for (const nlohmann::json& v : i) {
      if (!v.is_object()) continue;
      auto dep = v.find("department");
      auto code = v.find("code");
      if (dep == v.end() || code == v.end() || !dep->is_string() || !code->is_string()) continue;
      TaskItemRef ref;
      ref.department_code = dep->get<std::string>();
      ref.code = code->get<std::string>();
      if (auto name = v.find("name"); name != v.end() && name->is_string()) {
        ref.name = name->get<std::string>();
      }
      c->task_items.push_back(std::move(ref));
    }
  }
}

}  // namespace

Result<CheckContext> LoadCheck(store::Transaction& tx, int64_t check_id) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::CheckView> check,
                          repo::FindCheck(tx.sql(), check_id));
  if (!check) return NotFound("there is no check " + std::to_string(check_id));
  CheckContext c;
  c.check = std::move(*check);
  SUNLIT_ASSIGN_OR_RETURN(c.team, repo::CheckInspectors(tx.sql(), check_id));
  ParseTask(c.check.task_departments, c.check.task_items, &c);
  return c;
}

namespace {

// A check of a department the caller does not belong to is not revealed (404, as for an
// unknown id: docs/api.md); within a taking-part department the refusal says why (403).
Status Refuse(const Caller& caller, const CheckContext& c, std::string message,
              std::string detail) {
  if (!caller.department_code.empty() && !c.HasDepartment(caller.department_code)) {
    return NotFound("there is no check " + std::to_string(c.check.id), std::move(detail));
  }
  return PermissionDenied(std::move(message), std::move(detail));
}

}  // namespace

Status RequireAssignedInspector(const Caller& caller, const CheckContext& c) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCheckEnter));
  if (c.Assigned(caller)) return Status::Ok();
  return Refuse(caller, c, "only the inspectors assigned to this check may enter its result",
                "user " + caller.Actor() + " (inspector '" + caller.inspector_code +
                    "') is not on the team of check " + std::to_string(c.check.id));
}

Status RequireTakingPart(const Caller& caller, std::string_view permission, const CheckContext& c) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(permission));
  if (c.TakesPart(caller, permission)) return Status::Ok();
  return Refuse(caller, c, "you are not allowed to do this for this check",
                "permission " + std::string(permission) + " of '" + caller.Actor() + "' (" +
                    caller.department_code + ") does not reach check " +
                    std::to_string(c.check.id));
}

Status RequireReader(const Caller& caller, const CheckContext& c) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  if (caller.Can(perm::kCheckEnter) && c.Assigned(caller)) return Status::Ok();
  for (std::string_view p : {perm::kCheckReview, perm::kCheckPublish, perm::kTaskRead}) {
    if (c.TakesPart(caller, p)) return Status::Ok();
  }
  return Refuse(caller, c, "you are not allowed to see this check",
                "user " + caller.Actor() + " has no access to check " + std::to_string(c.check.id));
}

Result<std::string> ParseEntityCode(std::string_view raw) {
  if (raw.size() > 64) return InvalidField("code", "code: not a unified social credit code");
  const core::NormalizedUscc n = core::NormalizeUscc(raw);
  const core::UsccVerdict v = core::ValidateUscc(n.code);
  if (!v.ok() && v.problem != core::UsccProblem::kOrgCodeCheck) {
    return InvalidField("code", "code: " + v.reason);
  }
  return n.code;
}

Status Log(Services& s, store::Transaction& tx, std::string_view kind, std::string_view subject,
           std::string body) {
  ledger::Event event;
  event.kind = std::string(kind);
  event.subject = std::string(subject);
  event.body = std::move(body);
  return s.ledger->Append(tx, event).status();
}

std::string Sha256Hex(std::string_view bytes) { return draw::ToHex(draw::Sha256Of(bytes)); }

namespace {

// nlohmann::json's dump() escaping (the ledger's canonical form), optionally HTML-safe.
void AppendEscaped(std::string_view s, bool html_safe, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '<':
      case '>':
      case '&':
        if (html_safe) {
          out->append("\\u00");
          out->push_back(kHex[(static_cast<unsigned char>(c) >> 4) & 0xF]);
          out->push_back(kHex[static_cast<unsigned char>(c) & 0xF]);
        } else {
          out->push_back(c);
        }
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[(static_cast<unsigned char>(c) >> 4) & 0xF]);
          out->push_back(kHex[static_cast<unsigned char>(c) & 0xF]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

std::string JsonString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendEscaped(s, /*html_safe=*/true, &out);
  return out;
}

// ---- JsonObject ------------------------------------------------------------------------

JsonObject& JsonObject::Str(std::string_view key, std::string_view value) {
  std::string v;
  AppendEscaped(value, html_safe_, &v);
  fields_[std::string(key)] = std::move(v);
  return *this;
}

JsonObject& JsonObject::Int(std::string_view key, int64_t value) {
  fields_[std::string(key)] = std::to_string(value);
  return *this;
}

JsonObject& JsonObject::Bool(std::string_view key, bool value) {
  fields_[std::string(key)] = value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::Null(std::string_view key) {
  fields_[std::string(key)] = "null";
  return *this;
}

JsonObject& JsonObject::Raw(std::string_view key, std::string json) {
  fields_[std::string(key)] = std::move(json);
  return *this;
}

JsonObject& JsonObject::Strs(std::string_view key, const std::vector<std::string>& values) {
  std::string v = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) v.push_back(',');
    AppendEscaped(values[i], html_safe_, &v);
  }
  v.push_back(']');
  fields_[std::string(key)] = std::move(v);
  return *this;
}

std::string JsonObject::Dump() const {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : fields_) {
    if (!first) out.push_back(',');
    first = false;
    AppendEscaped(key, html_safe_, &out);
    out.push_back(':');
    out.append(value);
  }
  out.push_back('}');
  return out;
}

std::string JsonArray(const std::vector<std::string>& raw_items) {
  std::string out = "[";
  for (size_t i = 0; i < raw_items.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(raw_items[i]);
  }
  out.push_back(']');
  return out;
}

std::string CanonicalResultJson(int64_t check_id, const core::CheckResult& r) {
  std::vector<std::string> items;
  for (const core::ItemResult& it : r.items) {
    items.push_back(JsonObject(false)
                        .Str("department", it.department_code)
                        .Str("item", it.item_code)
                        .Str("name", it.item_name)
                        .Bool("checked", it.checked)
                        .Str("problems", it.problems)
                        .Str("action", it.action)
                        .Dump());
  }
  std::vector<std::string> methods;
  for (const core::CheckMethod m : r.methods) methods.emplace_back(core::WireName(m));
  return JsonObject(false)
      .Int("check_id", check_id)
      .Str("checked_on", r.checked_on.ToString())
      .Strs("methods", methods)
      .Int("category_set", r.category_set)
      .Str("category", r.category_code)
      .Str("summary", r.summary)
      .Str("follow_up", core::WireName(r.follow_up))
      .Str("follow_up_note", r.follow_up_note)
      .Raw("items", JsonArray(items))
      .Dump();
}

Result<std::string> PublicDocument(store::Transaction& tx, const CheckContext& c,
                                   const repo::StoredResult& r, std::string_view published_on) {
  SUNLIT_ASSIGN_OR_RETURN(std::vector<core::Department> departments, tx.LoadDepartments());
  std::vector<std::string> names;
  for (const std::string& code : c.Departments()) {
    std::string name = code;
    for (const core::Department& d : departments) {
      if (d.code == code) name = d.name;
    }
    names.push_back(std::move(name));
  }
  SUNLIT_ASSIGN_OR_RETURN(std::optional<core::ResultCategorySet> set,
                          repo::LoadCategorySet(tx.sql(), r.result.category_set));
  std::string category_name = r.result.category_code;
  if (set) {
    if (const core::ResultCategory* cat = set->Find(r.result.category_code)) {
      category_name = cat->name;
    }
  }
  return PublicDocumentOf(c.check, r, names, category_name, published_on);
}

std::string PublicDocumentOf(const repo::CheckView& check, const repo::StoredResult& r,
                             const std::vector<std::string>& department_names,
                             std::string_view category_name, std::string_view published_on) {
  std::vector<std::string> methods;
  for (const core::CheckMethod m : r.result.methods) methods.emplace_back(core::ChineseName(m));
  std::vector<std::string> items;
  for (const core::ItemResult& it : r.result.items) {
    items.push_back(JsonObject(true)
                        .Str("name", it.item_name)
                        .Bool("checked", it.checked)
                        .Str("problems", it.problems)
                        .Str("action", it.action)
                        .Dump());
  }
  return JsonObject(true)
      .Int("check_id", check.id)
      .Str("entity_code", check.entity_code)
      .Str("entity_name", check.entity_name)
      .Str("task", check.task_number)
      .Str("task_title", check.task_title)
      .Strs("departments", department_names)
      .Str("checked_on", r.result.checked_on.ToString())
      .Strs("methods", methods)
      .Str("category", r.result.category_code)
      .Str("category_name", category_name)
      .Str("follow_up", core::ChineseName(r.result.follow_up))
      .Str("closure", r.closed ? "已完结" : "未完结")
      .Str("closed_on", r.closed_on)
      .Raw("items", JsonArray(items))
      .Str("published_on", published_on)
      .Dump();
}

// ---- the staff view ----------------------------------------------------------------------

Result<ResultView> BuildView(Services& s, store::Transaction& tx, const CheckContext& c) {
  ResultView v;
  const repo::CheckView& k = c.check;
  v.check_id = k.id;
  v.version = k.version;
  v.state = k.state;
  v.task_id = k.task_id;
  v.task_number = k.task_number;
  v.task_title = k.task_title;
  v.lead_department = k.lead_department;
  v.entity_code = k.entity_code;
  v.entity_name = k.entity_name;
  v.region = k.region;
  for (const repo::CheckInspector& i : c.team) v.inspectors.push_back(i.inspector_code);
  v.departments = c.Departments();
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::StoredResult> stored,
                          repo::FindResult(tx.sql(), k.id));
  if (stored) {
    v.has_result = true;
    v.result = stored->result;
    v.closed = stored->closed;
    v.closed_on = stored->closed_on;
    v.closure_note = stored->closure_note;
    v.revision = stored->revision;
    v.content_sha256 = stored->content_sha256;
    v.entered_by = stored->entered_by;
    v.entered_at = stored->entered_at;
    v.publish_due = stored->publish_due;
    SUNLIT_ASSIGN_OR_RETURN(std::optional<core::ResultCategorySet> set,
                            repo::LoadCategorySet(tx.sql(), stored->result.category_set));
    if (set) {
      if (const core::ResultCategory* cat = set->Find(stored->result.category_code)) {
        v.category_name = cat->name;
      }
    }
    if (k.state != "published") {
      Result<core::Date> due = core::Date::Parse(stored->publish_due);
      SUNLIT_ASSIGN_OR_RETURN(core::Date today, Today(s));
      SUNLIT_ASSIGN_OR_RETURN(core::WorkCalendar calendar, LoadCalendar(tx));
      if (due.ok()) {
        Result<core::DeadlineView> d =
            core::AssessDeadline(calendar, *due, today, core::kPublicationWarningWorkingDays);
        if (d.ok()) {
          v.deadline = *d;
        } else {
          v.deadline_error = d.status().message();
        }
      }
    }
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::EvidenceRow> evidence,
                          repo::ListEvidence(tx.sql(), k.id));
  for (repo::EvidenceRow& e : evidence) {
    v.evidence.push_back({e.id, e.check_id, std::move(e.sha256), e.size, std::move(e.content_type),
                          std::move(e.original_name), std::move(e.note), std::move(e.uploaded_by),
                          std::move(e.uploaded_at)});
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::ReviewRow> reviews, repo::ListReviews(tx.sql(), k.id));
  for (repo::ReviewRow& r : reviews) {
    v.reviews.push_back({r.approve, std::move(r.opinion), r.revision, std::move(r.reviewer),
                         std::move(r.department_code), std::move(r.at)});
  }
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::PublicationRow> pub,
                          repo::FindPublication(tx.sql(), k.id));
  if (pub) {
    v.publication = PublicationInfo{pub->published_on, pub->published_at, pub->published_by,
                                    pub->department_code, pub->on_time};
  }
  return v;
}

}  // namespace sunlit::app::internal
