// Task use cases: validation of drafts, numbering, freeze and draw in one transaction with the
// task's own rows, alternates and targeted checks. nlohmann/json stays in this file (bodies of
// ledger events); the task's columns are encoded in task_internal.cc.
#include "app/tasks.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <utility>

#include "app/checklists.h"
#include "app/reference.h"
#include "app/task_internal.h"
#include "core/crash_point.h"
#include "core/region.h"
#include "core/uscc.h"
#include "store/repo/workflow_repo.h"

namespace sunlit::app {
namespace {

using Json = nlohmann::json;
using internal::Log;
using internal::ValidateText;

constexpr size_t kMaxPartners = 30;
constexpr size_t kMaxItems = 200;
constexpr size_t kMaxQuotas = 5;
constexpr int64_t kMaxReserve = 1000;
constexpr int32_t kMaxCooldownDays = 3650;
constexpr size_t kMaxMaterials = 30;
constexpr int32_t kMaxWorkloadCap = 10000;
constexpr int32_t kMinTeam = 2;  // 行政处罚法第四十二条: 执法人员不得少于两人

Status ValidateBureau(std::string_view b) {
  if (b.empty() || b.size() > 16)
    return InvalidArgument("the bureau code must be 1 to 16 characters");
  for (const char c : b) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
      return InvalidArgument("the bureau code may hold only A-Z and 0-9");
    }
  }
  return Status::Ok();
}

std::string TaskNumber(std::string_view bureau, int32_t year, int32_t seq) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "-%04d-%04d", year, seq);
  return std::string(bureau) + buf;
}

template <typename T>
void SortUnique(std::vector<T>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

bool LabelAllowed(index::Stratify s, std::string_view label) {
  if (s == index::Stratify::kNone) return label.empty();
  return label == "A" || label == "B" || label == "C" || label == "D" || label == "U";
}

std::string Percent(int64_t bp) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld %%", static_cast<long long>(bp / 100),
                static_cast<long long>(bp % 100));
  return buf;
}

// The current item lists, by (department, code).
using Catalogue = std::map<std::pair<std::string, std::string>, core::InspectionItem>;

Result<Catalogue> LoadCatalogue(store::Transaction& tx) {
  Catalogue out;
  SUNLIT_RETURN_IF_ERROR(tx.ScanItems([&](const core::InspectionItem& i) {
    out[{i.department_code, i.code}] = i;
    return true;
  }));
  return out;
}

// Validates `d` and brings it to its stored form: sorted and canonical lists, items pinned to
// their current versions (from the checklist when `load_checklist` and one is named).
Status Normalise(store::Transaction& tx, const ReferenceData& ref, const WorkflowPolicy& policy,
                 core::Date today, bool load_checklist, TaskDraft* d) {
  SUNLIT_RETURN_IF_ERROR(ValidateBureau(d->bureau));
  SUNLIT_RETURN_IF_ERROR(ValidateText("the title", d->title, 200, true));
  if (ref.departments.count(d->lead_department) == 0) {
    return InvalidArgument("there is no department \"" + d->lead_department.substr(0, 40) + "\"");
  }
  if (d->partner_departments.size() > kMaxPartners) {
    return InvalidArgument("a task has at most 30 partner departments");
  }
  std::set<std::string> participants = {d->lead_department};
  for (const std::string& p : d->partner_departments) {
    if (ref.departments.count(p) == 0) {
      return InvalidArgument("there is no department \"" + p.substr(0, 40) + "\"");
    }
    if (!participants.insert(p).second) {
      return InvalidArgument("department " + p + " is named twice (the lead is not a partner)");
    }
  }
  std::sort(d->partner_departments.begin(), d->partner_departments.end());
  if (d->plan_id != 0) {
    SUNLIT_ASSIGN_OR_RETURN(std::optional<store::PlanRow> plan,
                            store::GetPlan(tx.sql(), d->plan_id));
    if (!plan.has_value()) return InvalidArgument("there is no plan " + std::to_string(d->plan_id));
  }

  // ---- items ----
  if (load_checklist && !d->checklist_code.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(IndustryChecklist list,
                            LoadChecklistIn(tx, d->checklist_code, d->checklist_version));
    d->checklist_version = list.version;
    d->items.clear();
    for (const ChecklistItem& i : list.items) {
      TaskItem t;
      t.department_code = i.department_code;
      t.code = i.item_code;
      d->items.push_back(std::move(t));
    }
  }
  if (d->checklist_code.empty()) d->checklist_version = 0;
  if (d->items.empty()) return InvalidArgument("a task needs at least one item");
  if (d->items.size() > kMaxItems) return InvalidArgument("a task has at most 200 items");
  SUNLIT_ASSIGN_OR_RETURN(const Catalogue catalogue, LoadCatalogue(tx));
  std::set<std::pair<std::string, std::string>> seen;
  std::set<std::string> missing_departments;
  std::set<std::string> item_departments;
  for (TaskItem& t : d->items) {
    const auto it = catalogue.find({t.department_code, t.code});
    if (it == catalogue.end()) {
      return InvalidArgument("there is no item " + t.code.substr(0, 40) + " of department " +
                             t.department_code.substr(0, 40));
    }
    const core::InspectionItem& item = it->second;
    if (!item.valid) {
      return InvalidArgument("item " + t.code + " of " + t.department_code +
                             " is void (已作废) in its current version " +
                             std::to_string(item.version));
    }
    if (!seen.insert({t.department_code, t.code}).second) {
      return InvalidArgument("item " + t.code + " of " + t.department_code + " is named twice");
    }
    if (participants.count(t.department_code) == 0) missing_departments.insert(t.department_code);
    item_departments.insert(t.department_code);
    t.version = item.version;
    t.name = item.name;
    t.legal_basis = item.legal_basis;
    t.method = item.method;
    t.qualification = item.qualification;
    t.exemption = item.exemption;
  }
  if (!missing_departments.empty()) {
    std::string names;
    for (const std::string& m : missing_departments) names += (names.empty() ? "" : ", ") + m;
    return InvalidArgument("items belong to departments that do not take part: " + names +
                           " (add them as partners)");
  }
  std::sort(d->items.begin(), d->items.end(), [](const TaskItem& a, const TaskItem& b) {
    return std::tie(a.department_code, a.code) < std::tie(b.department_code, b.code);
  });

  // ---- team ----
  if (d->team.empty()) return InvalidArgument("the team composition is required");
  std::set<std::string> team_departments;
  int64_t total = 0;
  for (const TeamSlot& slot : d->team) {
    if (participants.count(slot.department_code) == 0) {
      return InvalidArgument("team: department " + slot.department_code.substr(0, 40) +
                             " does not take part in the task");
    }
    if (!team_departments.insert(slot.department_code).second) {
      return InvalidArgument("team: department " + slot.department_code + " is named twice");
    }
    if (slot.count < 1) {
      return InvalidArgument("team: department " + slot.department_code +
                             " needs at least one inspector");
    }
    total += slot.count;
  }
  if (total < kMinTeam) {
    return InvalidArgument(
        "a team needs at least two inspectors (行政处罚法: 执法人员不得少于两人)");
  }
  if (total > policy.max_team_size) {
    return InvalidArgument("a team has at most " + std::to_string(policy.max_team_size) +
                           " inspectors");
  }
  for (const std::string& dept : item_departments) {
    if (team_departments.count(dept) == 0) {
      return InvalidArgument("team: department " + dept +
                             " owns items of the task and needs an inspector in each team");
    }
  }
  std::sort(d->team.begin(), d->team.end(), [](const TeamSlot& a, const TeamSlot& b) {
    return a.department_code < b.department_code;
  });

  // ---- scope, quotas, exclusions ----
  if (d->kind == TaskKind::kTargeted) {
    if (!d->quotas.empty() || d->reserve != 0 || d->annual_cap || d->joint_industry_cap ||
        d->cooldown_days != 0 || !d->exclude_codes.empty() || !d->scope.region_prefixes.empty()) {
      return InvalidArgument(
          "a targeted task is not drawn: it has no scope, quotas, reserve or exclusions");
    }
    d->scope = PoolScope{};
    d->stratify = index::Stratify::kNone;
  } else {
    if (d->scope.region_prefixes.empty()) {
      return InvalidArgument("the scope needs at least one region (GB/T 2260 prefix)");
    }
    for (std::string& p : d->scope.region_prefixes) {
      Result<std::string> c = core::CanonicalRegionPrefix(p);
      if (!c.ok() || ref.regions.CountiesWithin(*c).empty()) {
        return InvalidArgument("scope: \"" + p.substr(0, 20) + "\" is not a known region");
      }
      p = *c;
    }
    SortUnique(&d->scope.region_prefixes);
    for (std::string& p : d->scope.industry_prefixes) {
      Result<std::string> c = ref.industries.CanonicalPrefix(p);
      if (!c.ok()) {
        return InvalidArgument("scope: industry \"" + p.substr(0, 20) +
                               "\": " + c.status().message());
      }
      p = *c;
    }
    SortUnique(&d->scope.industry_prefixes);
    for (const std::string& t : d->scope.tags_any) {
      SUNLIT_RETURN_IF_ERROR(ValidateText("scope: a tag", t, 60, true));
    }
    SortUnique(&d->scope.tags_any);
    SortUnique(&d->scope.types);
    SortUnique(&d->scope.risks);
    if (d->scope.statuses.empty()) d->scope.statuses = {core::RegistrationStatus::kActive};
    SortUnique(&d->scope.statuses);

    if (d->quotas.empty()) return InvalidArgument("at least one quota is required");
    if (d->quotas.size() > kMaxQuotas) return InvalidArgument("at most 5 quotas");
    bool any = false;
    for (const draw::Quota& q : d->quotas) {
      if (!LabelAllowed(d->stratify, q.stratum)) {
        return InvalidArgument(d->stratify == index::Stratify::kNone
                                   ? "without stratification the one quota has the label \"\""
                                   : "quota label \"" + q.stratum.substr(0, 20) +
                                         "\" is not a risk class (A, B, C, D or U)");
      }
      any = any || q.value > 0;
    }
    SUNLIT_RETURN_IF_ERROR(draw::ValidateQuotas(d->quotas));
    if (!any) return InvalidArgument("every quota is zero: nothing would be drawn");
    std::sort(d->quotas.begin(), d->quotas.end(),
              [](const draw::Quota& a, const draw::Quota& b) { return a.stratum < b.stratum; });
    if (d->reserve < 0 || d->reserve > kMaxReserve) {
      return InvalidArgument("the reserve (alternates per stratum) must be 0 to 1000");
    }
    if (d->cooldown_days < 0 || d->cooldown_days > kMaxCooldownDays) {
      return InvalidArgument("cool-down days must be 0 to 3650");
    }
    if (d->exclude_codes.size() > kMaxExcludedCodes) {
      return InvalidArgument("at most 10000 codes can be excluded by name");
    }
    for (const std::string& c : d->exclude_codes) {
      if (!core::IsValidUscc(c, true)) {
        return InvalidArgument("excluded code \"" + c.substr(0, 20) +
                               "\" is not a valid credit code");
      }
    }
    SortUnique(&d->exclude_codes);
    if (d->joint_industry_cap && d->kind != TaskKind::kJointIndustry) {
      return InvalidArgument("the one-joint-check-a-year rule applies to joint industry tasks");
    }
  }

  // ---- window and options ----
  if (d->window_end < d->window_start) {
    return InvalidArgument("the check window ends before it starts");
  }
  if (d->window_end - d->window_start + 1 > policy.max_window_days) {
    return InvalidArgument("the check window is longer than " +
                           std::to_string(policy.max_window_days) + " days");
  }
  if (d->window_end < today) {
    return InvalidArgument("the check window ended on " + d->window_end.ToString());
  }
  if (d->workload_cap < 0 || d->workload_cap > kMaxWorkloadCap) {
    return InvalidArgument("the workload cap must be 0 (none) to 10000");
  }
  if (d->materials.size() > kMaxMaterials) return InvalidArgument("at most 30 materials");
  for (const std::string& m : d->materials) {
    SUNLIT_RETURN_IF_ERROR(ValidateText("a material", m, 200, true));
  }
  SUNLIT_RETURN_IF_ERROR(ValidateText("the contact's name", d->contact.name, 60, false));
  SUNLIT_RETURN_IF_ERROR(ValidateText("the contact's phone", d->contact.phone, 40, false));
  SUNLIT_RETURN_IF_ERROR(ValidateText("the contact's address", d->contact.address, 200, false));
  return Status::Ok();
}

bool CapExempt(const TaskDraft& d) {
  return !d.items.empty() && std::all_of(d.items.begin(), d.items.end(), [](const TaskItem& i) {
    return i.exemption != core::CapExemption::kNone;
  });
}

std::vector<std::string> Warnings(const WorkflowPolicy& policy, const Task& t) {
  std::vector<std::string> out;
  const TaskDraft& d = t.draft;
  if (d.stratify == index::Stratify::kRiskClass) {
    for (const draw::Quota& q : d.quotas) {
      if (q.kind != draw::Quota::Kind::kBasisPoints || q.stratum.size() != 1) continue;
      const int i = q.stratum[0] - 'A';
      if (i < 0 || i > 3) continue;
      const RatioRange& r = policy.risk_ratio_bp[static_cast<size_t>(i)];
      if (q.value < r.min_bp || q.value > r.max_bp) {
        out.push_back("class " + q.stratum + " ratio " + Percent(q.value) +
                      " is outside the configured " + Percent(r.min_bp) + " – " +
                      Percent(r.max_bp));
      }
    }
  }
  if (d.kind == TaskKind::kJointIndustry && !d.joint_industry_cap && !t.cap_exempt) {
    out.push_back("一业一查: the one-joint-check-a-year rule is off for this task");
  }
  if (d.kind == TaskKind::kJointIndustry && d.partner_departments.empty()) {
    out.push_back("a joint industry task with one department only");
  }
  return out;
}

Result<Task> Decorated(const WorkflowPolicy& policy, const store::TaskRow& row) {
  SUNLIT_ASSIGN_OR_RETURN(Task t, internal::TaskFromRow(row));
  t.warnings = Warnings(policy, t);
  return t;
}

Result<store::TaskRow> RowOf(store::Transaction& tx, std::string_view number) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::TaskRow> row, store::FindTask(tx.sql(), number));
  if (!row.has_value()) return NotFound("there is no task " + std::string(number));
  return *std::move(row);
}

// The entity's snapshot for a new check: what the directory says now.
Status FillEntity(store::Transaction& tx, std::string_view code, store::CheckRow* c) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<core::Entity> e, tx.FindEntity(code));
  c->entity_code = std::string(code);
  if (!e.has_value())
    return NotFound("there is no entity " + std::string(code) + " in the directory");
  c->entity_name = e->name;
  c->region = e->region;
  c->unit_code = e->unit_code;
  c->entity_address = e->address;
  return Status::Ok();
}

Status ValidateReference(std::string_view ref) {
  SUNLIT_RETURN_IF_ERROR(ValidateText("the reference", ref, 100, true));
  if (ref.find(' ') != std::string_view::npos) {
    return InvalidArgument("the reference must not contain spaces");
  }
  return Status::Ok();
}

}  // namespace

std::string_view ChineseName(ReplaceReason r) {
  switch (r) {
    case ReplaceReason::kDeregistered:
      return "已注销";
    case ReplaceReason::kRevoked:
      return "已吊销";
    case ReplaceReason::kSuspended:
      return "停业/歇业";
    case ReplaceReason::kLiquidating:
      return "清算中";
    case ReplaceReason::kMovedOut:
      return "已迁出";
  }
  return "已注销";
}

bool ParseReplaceReason(std::string_view s, ReplaceReason* out) {
  struct Name {
    std::string_view wire;
    ReplaceReason reason;
  };
  static constexpr Name kNames[] = {{"deregistered", ReplaceReason::kDeregistered},
                                    {"revoked", ReplaceReason::kRevoked},
                                    {"suspended", ReplaceReason::kSuspended},
                                    {"liquidating", ReplaceReason::kLiquidating},
                                    {"moved_out", ReplaceReason::kMovedOut}};
  for (const Name& n : kNames) {
    if (s == n.wire || s == ChineseName(n.reason)) {
      *out = n.reason;
      return true;
    }
  }
  return false;
}

std::string_view WireName(TargetedOrigin o) {
  switch (o) {
    case TargetedOrigin::kComplaint:
      return "complaint";
    case TargetedOrigin::kReport:
      return "report";
    case TargetedOrigin::kReferral:
      return "referral";
    case TargetedOrigin::kMonitoring:
      return "monitoring";
  }
  return "complaint";
}

bool ParseTargetedOrigin(std::string_view s, TargetedOrigin* out) {
  for (TargetedOrigin o : {TargetedOrigin::kComplaint, TargetedOrigin::kReport,
                           TargetedOrigin::kReferral, TargetedOrigin::kMonitoring}) {
    if (s == WireName(o)) {
      *out = o;
      return true;
    }
  }
  return false;
}

std::string ListPublicFrom(const Task& task) {
  if (task.drawn_at.empty() && task.assigned_at.empty()) return "";
  if (task.draft.confidential) return task.draft.window_start.ToString();
  const std::string& at = task.drawn_at.empty() ? task.assigned_at : task.drawn_at;
  Result<int64_t> s = ParseUtcSeconds(at);
  return s.ok() ? ChinaDate(*s).ToString() : "";
}

// ---- drafts -------------------------------------------------------------------------------

Result<Task> CreateTask(Services& s, const Caller& caller, const TaskDraft& draft) {
  SUNLIT_RETURN_IF_ERROR(caller.RequireIn(perm::kTaskWrite, draft.lead_department));
  const std::string now = s.clock->NowUtc();
  const core::Date today = internal::Today(*s.clock);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  TaskDraft d = draft;
  SUNLIT_RETURN_IF_ERROR(Normalise(*tx, ref, s.policy, today, true, &d));

  store::TaskRow row;
  row.bureau = d.bureau;
  row.year = today.year();
  SUNLIT_ASSIGN_OR_RETURN(row.seq, store::NextTaskSeq(tx->sql(), row.bureau, row.year));
  row.number = TaskNumber(row.bureau, row.year, row.seq);
  SUNLIT_RETURN_IF_ERROR(internal::EncodeDraft(d, &row));
  row.state = std::string(WireName(TaskState::kDraft));
  row.created_at = row.updated_at = now;
  row.created_by = caller.Actor();
  SUNLIT_ASSIGN_OR_RETURN(row.id, store::InsertTask(tx->sql(), row, d.partner_departments));
  Json departments = Json::parse(row.departments);
  SUNLIT_RETURN_IF_ERROR(Log(*s.ledger, *tx, "task_created", row.number,
                             Json{{"number", row.number},
                                  {"kind", row.kind},
                                  {"title", row.title},
                                  {"lead", row.lead_department},
                                  {"departments", departments},
                                  {"plan_id", row.plan_id},
                                  {"content_hash", internal::ContentHash(row)},
                                  {"actor", row.created_by}}
                                 .dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return Decorated(s.policy, row);
}

Result<Task> UpdateTask(Services& s, const Caller& caller, std::string_view number, int64_t version,
                        const TaskDraft& draft) {
  const std::string now = s.clock->NowUtc();
  const core::Date today = internal::Today(*s.clock);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  SUNLIT_RETURN_IF_ERROR(caller.RequireIn(perm::kTaskWrite, draft.lead_department));
  if (task.state != TaskState::kDraft) return internal::WrongState(task, "be edited");
  if (task.version != version) {
    return Aborted("task " + task.number + " was changed by someone else meanwhile (version " +
                   std::to_string(task.version) + ", you had " + std::to_string(version) +
                   "); reload and retry");
  }
  if (draft.bureau != task.draft.bureau) {
    return InvalidArgument("the bureau of a task cannot change (it is part of its number)");
  }
  if ((draft.kind == TaskKind::kTargeted) != (task.draft.kind == TaskKind::kTargeted)) {
    return InvalidArgument("a task cannot become or stop being targeted");
  }
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  TaskDraft d = draft;
  SUNLIT_RETURN_IF_ERROR(Normalise(*tx, ref, s.policy, today, true, &d));
  SUNLIT_ASSIGN_OR_RETURN(store::TaskRow row, RowOf(*tx, number));
  SUNLIT_RETURN_IF_ERROR(internal::EncodeDraft(d, &row));
  row.updated_at = now;
  row.version = version;
  SUNLIT_ASSIGN_OR_RETURN(row.version, store::UpdateTask(tx->sql(), row, &d.partner_departments));
  SUNLIT_RETURN_IF_ERROR(Log(*s.ledger, *tx, "task_updated", row.number,
                             Json{{"number", row.number},
                                  {"version", row.version},
                                  {"content_hash", internal::ContentHash(row)},
                                  {"actor", caller.Actor()}}
                                 .dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return Decorated(s.policy, row);
}

Result<Task> GetTask(Services& s, const Caller& caller, std::string_view number) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  internal::Reach reach = internal::Reach::kNone;
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadReadable(*tx, caller, number, &reach));
  task.warnings = Warnings(s.policy, task);
  return task;
}

Result<std::vector<Task>> ListTasks(Services& s, const Caller& caller,
                                    const TaskListFilter& filter) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kTaskRead));
  store::TaskFilter f;
  f.year = filter.year;
  if (filter.state.has_value()) f.state = std::string(WireName(*filter.state));
  if (filter.kind.has_value()) f.kind = std::string(WireName(*filter.kind));
  f.limit = filter.limit;
  f.offset = filter.offset;
  switch (caller.ScopeOf(perm::kTaskRead)) {
    case Scope::kAll:
      f.department_code = filter.department_code;
      break;
    case Scope::kDepartment:
      if (!filter.department_code.empty() && filter.department_code != caller.department_code) {
        return PermissionDenied("you are not allowed to do this for another department",
                                "task.read outside department");
      }
      if (caller.department_code.empty()) return std::vector<Task>{};
      f.department_code = caller.department_code;
      break;
    case Scope::kOwn:
      if (caller.inspector_code.empty()) return std::vector<Task>{};
      f.inspector_code = caller.inspector_code;
      break;
    case Scope::kNone:
      return std::vector<Task>{};
  }
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::TaskRow> rows, store::ListTasks(tx->sql(), f));
  std::vector<Task> out;
  out.reserve(rows.size());
  for (const store::TaskRow& row : rows) {
    SUNLIT_ASSIGN_OR_RETURN(Task t, Decorated(s.policy, row));
    out.push_back(std::move(t));
  }
  return out;
}

// ---- freeze, randomness, draw ---------------------------------------------------------------

Result<FrozenTask> FreezeTask(Services& s, const Caller& caller, std::string_view number,
                              const std::vector<RandomnessSource>& sources) {
  const std::string now = s.clock->NowUtc();
  const core::Date today = internal::Today(*s.clock);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  if (task.draft.kind == TaskKind::kTargeted) {
    return FailedPrecondition("task " + task.number + " is targeted: it is not drawn");
  }
  if (task.state != TaskState::kDraft) {
    // Done already (perhaps by a request whose answer was lost): report it as it stands.
    tx.reset();
    SUNLIT_ASSIGN_OR_RETURN(DrawView view, s.draws->GetDraw(task.number));
    task.warnings = Warnings(s.policy, task);
    return FrozenTask{std::move(task), std::move(view.pool)};
  }
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  TaskDraft d = task.draft;
  SUNLIT_RETURN_IF_ERROR(Normalise(*tx, ref, s.policy, today, false, &d));
  const bool cap_exempt = CapExempt(d);

  FreezeRequest request;
  request.draw_id = task.number;
  request.scope = d.scope;
  request.stratify = d.stratify;
  request.quotas = d.quotas;
  request.reserve = d.reserve;
  request.cooldown_days = d.cooldown_days;
  request.annual_cap = d.annual_cap;
  request.exclude_codes = d.exclude_codes;
  if (d.kind == TaskKind::kJointIndustry && d.joint_industry_cap && !cap_exempt) {
    request.joint_industry_cap = true;
    SUNLIT_ASSIGN_OR_RETURN(
        request.joint_industry_checked,
        store::JointIndustryCheckedCodes(tx->sql(), d.window_start.year(), task.id));
  }
  request.sources = sources;
  request.actor = caller.Actor();
  SUNLIT_ASSIGN_OR_RETURN(FrozenPool pool, s.draws->FreezeIn(*tx, request));

  SUNLIT_ASSIGN_OR_RETURN(store::TaskRow row, RowOf(*tx, number));
  SUNLIT_RETURN_IF_ERROR(internal::EncodeDraft(d, &row));
  row.state = std::string(WireName(TaskState::kFrozen));
  row.frozen_at = row.updated_at = now;
  SUNLIT_ASSIGN_OR_RETURN(row.version, store::UpdateTask(tx->sql(), row));
  Json items = Json::array();
  for (const TaskItem& i : d.items) {
    items.push_back(i.department_code + ":" + i.code + "@" + std::to_string(i.version));
  }
  SUNLIT_RETURN_IF_ERROR(Log(*s.ledger, *tx, "task_frozen", row.number,
                             Json{{"number", row.number},
                                  {"content_hash", internal::ContentHash(row)},
                                  {"items", items},
                                  {"cap_exempt", row.cap_exempt},
                                  {"window", row.window_start + ".." + row.window_end},
                                  {"confidential", row.confidential},
                                  {"pool_size", pool.pool_size},
                                  {"actor", caller.Actor()}}
                                 .dump()));
  CrashPoint("task_freeze.before_commit");
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  CrashPoint("task_freeze.after_commit");
  SUNLIT_ASSIGN_OR_RETURN(Task frozen, Decorated(s.policy, row));
  return FrozenTask{std::move(frozen), std::move(pool)};
}

Result<std::string> EnterTaskRandomness(Services& s, const Caller& caller, std::string_view number,
                                        const draw::Sources& values) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  if (task.state != TaskState::kFrozen) return internal::WrongState(task, "take randomness");
  SUNLIT_ASSIGN_OR_RETURN(std::string k,
                          s.draws->EnterRandomnessIn(*tx, task.number, values, caller.Actor()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return k;
}

Result<DrawnTask> DrawTask(Services& s, const Caller& caller, std::string_view number) {
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  if (task.draft.kind == TaskKind::kTargeted) {
    return FailedPrecondition("task " + task.number + " is targeted: it is not drawn");
  }
  if (task.state == TaskState::kDraft)
    return internal::WrongState(task, "be drawn before it is frozen");
  if (task.state != TaskState::kFrozen) {
    // Drawn already: the stored record, and the checks it created.
    SUNLIT_ASSIGN_OR_RETURN(DrawOutcome outcome, s.draws->DrawIn(*tx, task.number, caller.Actor()));
    SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckRow> checks,
                            store::TaskChecks(tx->sql(), task.id));
    const int64_t drawn = std::count_if(
        checks.begin(), checks.end(), [](const store::CheckRow& c) { return c.origin == "drawn"; });
    task.warnings = Warnings(s.policy, task);
    return DrawnTask{std::move(task), std::move(outcome), drawn};
  }
  SUNLIT_ASSIGN_OR_RETURN(DrawOutcome outcome, s.draws->DrawIn(*tx, task.number, caller.Actor()));
  std::vector<std::string> selected;
  for (const draw::DrawEntry& e : outcome.record.entries) {
    if (e.role == draw::EntryRole::kSelected) selected.push_back(e.code);
  }
  // One batched read for the snapshots of every selected entity.
  SUNLIT_ASSIGN_OR_RETURN(auto snapshots, store::EntitySnapshots(tx->sql(), selected));
  std::vector<store::CheckRow> checks;
  for (const draw::DrawEntry& e : outcome.record.entries) {
    if (e.role != draw::EntryRole::kSelected) continue;
    store::CheckRow c;
    c.task_id = task.id;
    c.entity_code = e.code;
    // Frozen from the in-memory directory, so it was there; gone since means the store and
    // the directory disagree. Keep the check (it was drawn) with what is known: the code.
    if (auto it = snapshots.find(e.code); it != snapshots.end()) {
      c.entity_name = it->second.name;
      c.region = it->second.region;
      c.unit_code = it->second.unit_code;
      c.entity_address = it->second.address;
    }
    c.origin = std::string(WireName(CheckOrigin::kDrawn));
    c.stratum = e.stratum;
    c.rank = draw::ToHex(e.rank);
    c.state = "pending";
    c.created_at = now;
    checks.push_back(std::move(c));
  }
  SUNLIT_RETURN_IF_ERROR(store::InsertChecks(tx->sql(), checks));
  CrashPoint("task_draw.after_checks");
  SUNLIT_ASSIGN_OR_RETURN(store::TaskRow row, RowOf(*tx, number));
  row.state = std::string(WireName(TaskState::kDrawn));
  row.drawn_at = row.updated_at = now;
  SUNLIT_ASSIGN_OR_RETURN(row.version, store::UpdateTask(tx->sql(), row));
  SUNLIT_RETURN_IF_ERROR(
      Log(*s.ledger, *tx, "task_drawn", row.number,
          Json{{"number", row.number},
               {"record_hash", draw::ToHex(outcome.record_hash)},
               {"checks", checks.size()},
               {"confidential", row.confidential},
               {"list_public_from", row.confidential ? row.window_start : now.substr(0, 10)},
               {"actor", caller.Actor()}}
              .dump()));
  CrashPoint("task_draw.before_commit");
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  CrashPoint("task_draw.after_commit");
  SUNLIT_ASSIGN_OR_RETURN(Task drawn, Decorated(s.policy, row));
  return DrawnTask{std::move(drawn), std::move(outcome), static_cast<int64_t>(checks.size())};
}

// ---- checks -----------------------------------------------------------------------------------

Result<TaskChecks> ListChecks(Services& s, const Caller& caller, std::string_view number) {
  const core::Date today = internal::Today(*s.clock);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  internal::Reach reach = internal::Reach::kNone;
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadReadable(*tx, caller, number, &reach));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckRow> rows, store::TaskChecks(tx->sql(), task.id));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckInspectorRow> team,
                          store::TaskCheckInspectors(tx->sql(), task.id));
  TaskChecks out;
  for (const store::CheckRow& r : rows) {
    if (r.state == "cancelled") {
      ++out.cancelled;
    } else {
      ++out.total;
    }
  }
  std::map<int64_t, std::vector<CheckInspector>> by_check;
  for (const store::CheckInspectorRow& m : team) {
    by_check[m.check_id].push_back({m.inspector_code, m.department_code, m.assigned_at});
  }
  // Everything for the lead and partners (a confidential list only once the window opens,
  // or for its organisers); otherwise an inspector's own checks, or nothing but the counts.
  const bool full = reach == internal::Reach::kFull && internal::MaySeeList(caller, task, today);
  const bool own_only = !full && !caller.inspector_code.empty();
  out.listed = full || own_only;
  for (const store::CheckRow& r : rows) {
    auto it = by_check.find(r.id);
    if (!full) {
      if (!own_only || it == by_check.end()) continue;
      const bool mine = std::any_of(
          it->second.begin(), it->second.end(),
          [&](const CheckInspector& m) { return m.inspector_code == caller.inspector_code; });
      if (!mine) continue;
    }
    Check c = internal::CheckFromRow(r, task.number);
    if (it != by_check.end()) c.inspectors = it->second;
    out.checks.push_back(std::move(c));
  }
  return out;
}

Result<Check> ReplaceWithAlternate(Services& s, const Caller& caller, std::string_view number,
                                   std::string_view entity_code, ReplaceReason reason,
                                   std::string_view note) {
  SUNLIT_RETURN_IF_ERROR(ValidateText("the note", note, 500, false));
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  if (task.state != TaskState::kDrawn && task.state != TaskState::kAssigned) {
    return internal::WrongState(task, "replace a check by an alternate");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::CheckRow> old,
                          store::FindCheck(tx->sql(), task.id, entity_code));
  if (!old.has_value()) {
    return NotFound(std::string(entity_code) + " is not checked in task " + task.number);
  }
  if (old->origin == "targeted") return InvalidArgument("a targeted check has no alternate");
  if (old->state != "pending" && old->state != "assigned") {
    return FailedPrecondition("the check of " + old->entity_code + " is " + old->state +
                              ": only a check whose results are not entered can be replaced");
  }
  std::string why(ChineseName(reason));
  if (!note.empty()) why += "；" + std::string(note);
  SUNLIT_ASSIGN_OR_RETURN(AlternateUse use, s.draws->UseAlternateIn(*tx, task.number, entity_code,
                                                                    why, caller.Actor()));
  SUNLIT_RETURN_IF_ERROR(
      store::UpdateCheckState(tx->sql(), old->id, old->version, "cancelled", why).status());
  store::CheckRow c;
  c.task_id = task.id;
  if (Status found = FillEntity(*tx, use.alternate_code, &c); !found.ok()) c.entity_name.clear();
  c.origin = std::string(WireName(CheckOrigin::kAlternate));
  c.origin_ref = old->entity_code;
  c.stratum = use.stratum;
  c.rank = use.alternate_rank;
  c.state = "pending";
  c.created_at = now;
  SUNLIT_ASSIGN_OR_RETURN(c.id, store::InsertCheck(tx->sql(), c));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return internal::CheckFromRow(c, task.number);
}

Result<Check> AddTargetedCheck(Services& s, const Caller& caller, std::string_view number,
                               std::string_view entity_code, TargetedOrigin origin,
                               std::string_view reference) {
  SUNLIT_RETURN_IF_ERROR(ValidateReference(reference));
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  if (task.draft.kind != TaskKind::kTargeted) {
    return FailedPrecondition("task " + task.number +
                              " is drawn at random: targeted checks go into a targeted task");
  }
  if (task.state != TaskState::kDraft && task.state != TaskState::kAssigned) {
    return internal::WrongState(task, "take a targeted check");
  }
  store::CheckRow c;
  c.task_id = task.id;
  SUNLIT_RETURN_IF_ERROR(FillEntity(*tx, entity_code, &c));
  c.origin = std::string(WireName(CheckOrigin::kTargeted));
  c.origin_ref = std::string(WireName(origin)) + ":" + std::string(reference);
  c.state = "pending";
  c.created_at = now;
  Result<int64_t> id = store::InsertCheck(tx->sql(), c);
  if (!id.ok() && id.status().code() == StatusCode::kAlreadyExists) {
    return AlreadyExists(std::string(entity_code) + " is already checked in task " + task.number);
  }
  SUNLIT_RETURN_IF_ERROR(id.status());
  c.id = *id;
  Json body = {{"number", task.number},
               {"check_id", c.id},
               {"origin", std::string(WireName(origin))},
               {"reference", std::string(reference)},
               {"drawn", false},
               {"actor", caller.Actor()}};
  // A confidential task does not tell the public whom it will visit.
  if (!task.draft.confidential) body["entity_code"] = c.entity_code;
  SUNLIT_RETURN_IF_ERROR(Log(*s.ledger, *tx, "targeted_check_added", task.number, body.dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return internal::CheckFromRow(c, task.number);
}

Result<Task> CloseTask(Services& s, const Caller& caller, std::string_view number) {
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  if (task.state != TaskState::kAssigned) return internal::WrongState(task, "be closed");
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckRow> checks,
                          store::TaskChecks(tx->sql(), task.id));
  int64_t open = 0;
  for (const store::CheckRow& c : checks) {
    if (c.state != "published" && c.state != "cancelled") ++open;
  }
  if (open > 0) {
    return FailedPrecondition("task " + task.number + " has " + std::to_string(open) +
                              " check(s) not yet published");
  }
  SUNLIT_ASSIGN_OR_RETURN(store::TaskRow row, RowOf(*tx, number));
  row.state = std::string(WireName(TaskState::kClosed));
  row.updated_at = now;
  SUNLIT_ASSIGN_OR_RETURN(row.version, store::UpdateTask(tx->sql(), row));
  SUNLIT_RETURN_IF_ERROR(Log(
      *s.ledger, *tx, "task_closed", row.number,
      Json{{"number", row.number}, {"checks", checks.size()}, {"actor", caller.Actor()}}.dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return Decorated(s.policy, row);
}

}  // namespace sunlit::app
