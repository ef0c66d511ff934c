// The task row's JSON columns and the access rules shared by the task use cases.
// nlohmann/json and its exceptions stay in this file.
#include "app/task_internal.h"

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>

#include "draw/sha256.h"

namespace sunlit::app {

std::string_view WireName(TaskKind kind) {
  switch (kind) {
    case TaskKind::kRandom:
      return "random";
    case TaskKind::kJointIndustry:
      return "joint_industry";
    case TaskKind::kTargeted:
      return "targeted";
  }
  return "random";
}

std::string_view WireName(TaskState state) {
  switch (state) {
    case TaskState::kDraft:
      return "draft";
    case TaskState::kFrozen:
      return "frozen";
    case TaskState::kDrawn:
      return "drawn";
    case TaskState::kAssigned:
      return "assigned";
    case TaskState::kClosed:
      return "closed";
  }
  return "draft";
}

bool ParseTaskKind(std::string_view s, TaskKind* out) {
  for (TaskKind k : {TaskKind::kRandom, TaskKind::kJointIndustry, TaskKind::kTargeted}) {
    if (s == WireName(k)) {
      *out = k;
      return true;
    }
  }
  return false;
}

bool ParseTaskState(std::string_view s, TaskState* out) {
  for (TaskState k : {TaskState::kDraft, TaskState::kFrozen, TaskState::kDrawn,
                      TaskState::kAssigned, TaskState::kClosed}) {
    if (s == WireName(k)) {
      *out = k;
      return true;
    }
  }
  return false;
}

std::string_view WireName(CheckOrigin origin) {
  switch (origin) {
    case CheckOrigin::kDrawn:
      return "drawn";
    case CheckOrigin::kAlternate:
      return "alternate";
    case CheckOrigin::kTargeted:
      return "targeted";
  }
  return "drawn";
}

namespace internal {
namespace {

using Json = nlohmann::json;

Status Damaged(const std::string& number, std::string what) {
  return DataLoss("stored data is damaged", "task " + number + ": " + std::move(what));
}

std::string RiskLabel(core::RiskClass r) {
  return r == core::RiskClass::kNone ? "U" : std::string(core::WireName(r));
}

bool ParseRiskLabel(std::string_view s, core::RiskClass* out) {
  if (s == "U") {
    *out = core::RiskClass::kNone;
    return true;
  }
  return core::ParseRiskClass(s, out);
}

template <typename Enum>
Json Wire(const std::vector<Enum>& values) {
  Json j = Json::array();
  for (const Enum v : values) j.push_back(std::string(core::WireName(v)));
  return j;
}

template <typename Enum>
std::vector<Enum> Unwire(const Json& j, bool (*parse)(std::string_view, Enum*)) {
  std::vector<Enum> out;
  for (const Json& v : j) {
    Enum e{};
    if (!parse(v.get<std::string>(), &e)) throw std::runtime_error("bad enum");
    out.push_back(e);
  }
  return out;
}

Result<std::string> Dump(const Json& j) {
  try {
    return j.dump();
  } catch (const std::exception&) {
    return InvalidArgument("a text field is not valid UTF-8");
  }
}

}  // namespace

core::Date Today(Clock& clock) {
  Result<int64_t> s = ParseUtcSeconds(clock.NowUtc());
  return ChinaDate(s.ok() ? *s : 0);
}

Status EncodeDraft(const TaskDraft& d, store::TaskRow* row) {
  row->title = d.title;
  row->kind = std::string(WireName(d.kind));
  row->plan_id = d.plan_id;
  row->lead_department = d.lead_department;
  std::vector<std::string> departments = d.partner_departments;
  departments.push_back(d.lead_department);
  std::sort(departments.begin(), departments.end());
  SUNLIT_ASSIGN_OR_RETURN(row->departments, Dump(Json(departments)));

  Json items = Json::array();
  bool all_exempt = !d.items.empty();
  for (const TaskItem& i : d.items) {
    items.push_back({{"department", i.department_code},
                     {"code", i.code},
                     {"version", i.version},
                     {"name", i.name},
                     {"legal_basis", i.legal_basis},
                     {"method", i.method},
                     {"qualification", i.qualification},
                     {"exemption", std::string(core::WireName(i.exemption))}});
    all_exempt = all_exempt && i.exemption != core::CapExemption::kNone;
  }
  SUNLIT_ASSIGN_OR_RETURN(row->items, Dump(items));
  row->cap_exempt = all_exempt;

  Json risks = Json::array();
  for (const core::RiskClass r : d.scope.risks) risks.push_back(RiskLabel(r));
  SUNLIT_ASSIGN_OR_RETURN(row->scope, Dump(Json{{"region_prefixes", d.scope.region_prefixes},
                                                {"industry_prefixes", d.scope.industry_prefixes},
                                                {"types", Wire(d.scope.types)},
                                                {"tags_any", d.scope.tags_any},
                                                {"statuses", Wire(d.scope.statuses)},
                                                {"risks", risks}}));
  Json quotas = Json::array();
  for (const draw::Quota& q : d.quotas) {
    quotas.push_back({{"stratum", q.stratum},
                      {"kind", q.kind == draw::Quota::Kind::kCount ? "count" : "bp"},
                      {"value", q.value}});
  }
  SUNLIT_ASSIGN_OR_RETURN(
      row->quotas,
      Dump(Json{{"stratify", d.stratify == index::Stratify::kRiskClass ? "risk_class" : "none"},
                {"quotas", quotas},
                {"reserve", d.reserve}}));
  SUNLIT_ASSIGN_OR_RETURN(row->exclusions, Dump(Json{{"cooldown_days", d.cooldown_days},
                                                     {"annual_cap", d.annual_cap},
                                                     {"joint_industry_cap", d.joint_industry_cap},
                                                     {"exclude_codes", d.exclude_codes}}));
  Json team = Json::array();
  for (const TeamSlot& t : d.team) {
    team.push_back({{"department", t.department_code}, {"count", t.count}});
  }
  SUNLIT_ASSIGN_OR_RETURN(row->team, Dump(team));
  SUNLIT_ASSIGN_OR_RETURN(
      row->options,
      Dump(Json{
          {"cross_unit", d.cross_unit},
          {"workload_cap", d.workload_cap},
          {"materials", d.materials},
          {"contact",
           {{"name", d.contact.name}, {"phone", d.contact.phone}, {"address", d.contact.address}}},
          {"checklist", {{"code", d.checklist_code}, {"version", d.checklist_version}}}}));
  row->window_start = d.window_start.ToString();
  row->window_end = d.window_end.ToString();
  row->confidential = d.confidential;
  return Status::Ok();
}

Result<Task> TaskFromRow(const store::TaskRow& row) {
  Task t;
  t.id = row.id;
  t.number = row.number;
  t.year = row.year;
  t.seq = row.seq;
  if (!ParseTaskState(row.state, &t.state)) return Damaged(row.number, "state");
  TaskDraft& d = t.draft;
  d.bureau = row.bureau;
  d.plan_id = row.plan_id;
  d.title = row.title;
  if (!ParseTaskKind(row.kind, &d.kind)) return Damaged(row.number, "kind");
  d.lead_department = row.lead_department;
  try {
    t.departments = Json::parse(row.departments).get<std::vector<std::string>>();
    for (const std::string& dept : t.departments) {
      if (dept != row.lead_department) d.partner_departments.push_back(dept);
    }
    for (const Json& i : Json::parse(row.items)) {
      TaskItem item;
      item.department_code = i.at("department").get<std::string>();
      item.code = i.at("code").get<std::string>();
      item.version = i.at("version").get<int32_t>();
      item.name = i.at("name").get<std::string>();
      item.legal_basis = i.at("legal_basis").get<std::string>();
      item.method = i.at("method").get<std::string>();
      item.qualification = i.at("qualification").get<std::string>();
      if (!core::ParseCapExemption(i.at("exemption").get<std::string>(), &item.exemption)) {
        return Damaged(row.number, "item exemption");
      }
      d.items.push_back(std::move(item));
    }
    const Json scope = Json::parse(row.scope);
    d.scope.region_prefixes = scope.at("region_prefixes").get<std::vector<std::string>>();
    d.scope.industry_prefixes = scope.at("industry_prefixes").get<std::vector<std::string>>();
    d.scope.types = Unwire<core::EntityType>(scope.at("types"), core::ParseEntityType);
    d.scope.tags_any = scope.at("tags_any").get<std::vector<std::string>>();
    d.scope.statuses =
        Unwire<core::RegistrationStatus>(scope.at("statuses"), core::ParseRegistrationStatus);
    d.scope.risks = Unwire<core::RiskClass>(scope.at("risks"), ParseRiskLabel);
    const Json quotas = Json::parse(row.quotas);
    d.stratify = quotas.at("stratify").get<std::string>() == "risk_class"
                     ? index::Stratify::kRiskClass
                     : index::Stratify::kNone;
    for (const Json& q : quotas.at("quotas")) {
      draw::Quota quota;
      quota.stratum = q.at("stratum").get<std::string>();
      quota.kind = q.at("kind").get<std::string>() == "count" ? draw::Quota::Kind::kCount
                                                              : draw::Quota::Kind::kBasisPoints;
      quota.value = q.at("value").get<int64_t>();
      d.quotas.push_back(std::move(quota));
    }
    d.reserve = quotas.at("reserve").get<int64_t>();
    const Json ex = Json::parse(row.exclusions);
    d.cooldown_days = ex.at("cooldown_days").get<int32_t>();
    d.annual_cap = ex.at("annual_cap").get<bool>();
    d.joint_industry_cap = ex.at("joint_industry_cap").get<bool>();
    d.exclude_codes = ex.at("exclude_codes").get<std::vector<std::string>>();
    for (const Json& slot : Json::parse(row.team)) {
      d.team.push_back({slot.at("department").get<std::string>(), slot.at("count").get<int32_t>()});
    }
    const Json options = Json::parse(row.options);
    d.cross_unit = options.at("cross_unit").get<bool>();
    d.workload_cap = options.at("workload_cap").get<int32_t>();
    d.materials = options.at("materials").get<std::vector<std::string>>();
    const Json& contact = options.at("contact");
    d.contact.name = contact.at("name").get<std::string>();
    d.contact.phone = contact.at("phone").get<std::string>();
    d.contact.address = contact.at("address").get<std::string>();
    d.checklist_code = options.at("checklist").at("code").get<std::string>();
    d.checklist_version = options.at("checklist").at("version").get<int32_t>();
  } catch (const std::exception& e) {
    return Damaged(row.number, std::string("content: ") + e.what());
  }
  Result<core::Date> start = core::Date::Parse(row.window_start);
  Result<core::Date> end = core::Date::Parse(row.window_end);
  if (!start.ok() || !end.ok()) return Damaged(row.number, "window");
  d.window_start = *start;
  d.window_end = *end;
  d.confidential = row.confidential;
  t.cap_exempt = row.cap_exempt;
  t.created_at = row.created_at;
  t.created_by = row.created_by;
  t.updated_at = row.updated_at;
  t.frozen_at = row.frozen_at;
  t.drawn_at = row.drawn_at;
  t.assigned_at = row.assigned_at;
  t.version = row.version;
  return t;
}

std::string ContentHash(const store::TaskRow& row) {
  // One canonical object of the content columns (each already canonical JSON).
  std::string text = "sunlit-task-v1\n";
  for (const std::string* part :
       {&row.number, &row.title, &row.kind, &row.lead_department, &row.departments, &row.items,
        &row.scope, &row.quotas, &row.exclusions, &row.team, &row.options, &row.window_start,
        &row.window_end}) {
    text += std::to_string(part->size());
    text += ':';
    text += *part;
    text += '\n';
  }
  text += row.confidential ? "confidential\n" : "public\n";
  return draw::ToHex(draw::Sha256Of(text));
}

Check CheckFromRow(const store::CheckRow& row, std::string_view task_number) {
  Check c;
  c.id = row.id;
  c.task_number = std::string(task_number);
  c.entity_code = row.entity_code;
  c.entity_name = row.entity_name;
  c.region = row.region;
  c.unit_code = row.unit_code;
  c.entity_address = row.entity_address;
  c.origin = row.origin == "alternate"  ? CheckOrigin::kAlternate
             : row.origin == "targeted" ? CheckOrigin::kTargeted
                                        : CheckOrigin::kDrawn;
  c.origin_ref = row.origin_ref;
  c.stratum = row.stratum;
  c.rank = row.rank;
  c.state = row.state;
  c.cancel_reason = row.cancel_reason;
  c.created_at = row.created_at;
  c.version = row.version;
  return c;
}

Reach ReadReach(const Caller& caller, const Task& task, bool assigned) {
  switch (caller.ScopeOf(perm::kTaskRead)) {
    case Scope::kAll:
      return Reach::kFull;
    case Scope::kDepartment:
      for (const std::string& d : task.departments) {
        if (caller.CanIn(perm::kTaskRead, d)) return Reach::kFull;
      }
      return Reach::kNone;
    case Scope::kOwn:
      return assigned && !caller.inspector_code.empty() ? Reach::kOwn : Reach::kNone;
    case Scope::kNone:
      return Reach::kNone;
  }
  return Reach::kNone;
}

Status RequireLead(const Caller& caller, const Task& task) {
  return caller.RequireIn(perm::kTaskWrite, task.draft.lead_department);
}

bool MaySeeList(const Caller& caller, const Task& task, core::Date today) {
  if (!task.draft.confidential || today >= task.draft.window_start) return true;
  return caller.ScopeOf(perm::kTaskRead) == Scope::kAll ||
         caller.CanIn(perm::kTaskWrite, task.draft.lead_department);
}

Result<Task> LoadReadable(store::Transaction& tx, const Caller& caller, std::string_view number,
                          Reach* reach) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kTaskRead));
  const Status unknown = NotFound("there is no task " + std::string(number));
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::TaskRow> row, store::FindTask(tx.sql(), number));
  if (!row.has_value()) return unknown;
  SUNLIT_ASSIGN_OR_RETURN(Task task, TaskFromRow(*row));
  bool assigned = false;
  if (caller.ScopeOf(perm::kTaskRead) == Scope::kOwn && !caller.inspector_code.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(std::vector<int64_t> mine,
                            store::InspectorCheckIds(tx.sql(), task.id, caller.inspector_code));
    assigned = !mine.empty();
  }
  *reach = ReadReach(caller, task, assigned);
  if (*reach == Reach::kNone) return unknown;
  return task;
}

Result<Task> LoadWritable(store::Transaction& tx, const Caller& caller, std::string_view number) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kTaskWrite));
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::TaskRow> row, store::FindTask(tx.sql(), number));
  if (!row.has_value()) return NotFound("there is no task " + std::string(number));
  SUNLIT_ASSIGN_OR_RETURN(Task task, TaskFromRow(*row));
  Status lead = RequireLead(caller, task);
  if (!lead.ok()) {
    // Partners may know the task exists; others are told nothing more than "not found".
    Reach reach = ReadReach(caller, task, false);
    if (reach == Reach::kNone) return NotFound("there is no task " + std::string(number));
    return lead;
  }
  return task;
}

Status Log(ledger::Ledger& ledger, store::Transaction& tx, std::string_view kind,
           std::string_view subject, std::string body) {
  ledger::Event event;
  event.kind = std::string(kind);
  event.subject = std::string(subject);
  event.body = std::move(body);
  return ledger.Append(tx, event).status();
}

Status WrongState(const Task& task, std::string_view step) {
  return FailedPrecondition("task " + task.number + " is " + std::string(WireName(task.state)) +
                            ": it cannot " + std::string(step));
}

Status ValidateText(std::string_view what, std::string_view text, size_t max_bytes, bool required) {
  size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
  if (required && start == text.size()) {
    return InvalidArgument(std::string(what) + " is required");
  }
  if (text.size() > max_bytes) {
    return InvalidArgument(std::string(what) + " is longer than " + std::to_string(max_bytes) +
                           " bytes");
  }
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) {
      return InvalidArgument(std::string(what) + " contains a control character");
    }
  }
  return Status::Ok();
}

}  // namespace internal
}  // namespace sunlit::app
