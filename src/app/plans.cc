// Plans: validation, the state steps with their log entries, and the deadline report.
// nlohmann/json stays in this file.
#include "app/plans.h"

#include <algorithm>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "app/reference.h"
#include "app/task_internal.h"
#include "core/region.h"
#include "draw/sha256.h"
#include "store/repo/workflow_repo.h"

namespace sunlit::app {
namespace {

using Json = nlohmann::json;
using internal::ValidateText;

constexpr size_t kMaxPlannedTasks = 200;

PlanState StateOf(std::string_view s) {
  if (s == "filed") return PlanState::kFiled;
  if (s == "published") return PlanState::kPublished;
  return PlanState::kDraft;
}

Result<std::string> BodyJson(const std::vector<PlannedTask>& tasks) {
  Json j = Json::array();
  for (const PlannedTask& t : tasks) {
    j.push_back({{"title", t.title},
                 {"departments", t.departments},
                 {"items", t.items},
                 {"scope", t.scope},
                 {"ratio_bp", t.ratio_bp},
                 {"timing", t.timing}});
  }
  try {
    return j.dump();
  } catch (const std::exception&) {
    return InvalidArgument("a text field is not valid UTF-8");
  }
}

Result<Plan> FromRow(const store::PlanRow& row) {
  Plan p;
  p.id = row.id;
  if (!ParsePlanKind(row.kind, &p.draft.kind)) {
    return DataLoss("stored data is damaged", "plan kind");
  }
  p.draft.year = row.year;
  p.draft.department_code = row.department_code;
  p.draft.region = row.region;
  p.draft.title = row.title;
  try {
    for (const Json& t : Json::parse(row.body)) {
      PlannedTask task;
      task.title = t.at("title").get<std::string>();
      task.departments = t.at("departments").get<std::vector<std::string>>();
      task.items = t.at("items").get<std::vector<std::string>>();
      task.scope = t.at("scope").get<std::string>();
      task.ratio_bp = t.at("ratio_bp").get<int64_t>();
      task.timing = t.at("timing").get<std::string>();
      p.draft.tasks.push_back(std::move(task));
    }
  } catch (const std::exception& e) {
    return DataLoss("stored data is damaged", std::string("plan body: ") + e.what());
  }
  Result<core::Date> due = core::Date::Parse(row.due_date);
  if (!due.ok()) return DataLoss("stored data is damaged", "plan due date");
  p.due_date = *due;
  p.state = StateOf(row.state);
  p.filed_at = row.filed_at;
  p.filed_by = row.filed_by;
  if (!row.filed_at.empty()) {
    Result<int64_t> at = ParseUtcSeconds(row.filed_at);
    p.filed_late = at.ok() && ChinaDate(*at) > p.due_date;
  }
  p.published_at = row.published_at;
  p.created_at = row.created_at;
  p.created_by = row.created_by;
  p.updated_at = row.updated_at;
  p.version = row.version;
  return p;
}

Status Validate(store::Transaction& tx, const ReferenceData& ref, const PlanDraft& d) {
  if (d.year < 2000 || d.year > 2100) return InvalidArgument("the year must be 2000 to 2100");
  if (ref.departments.count(d.department_code) == 0) {
    return InvalidArgument("there is no department \"" + d.department_code.substr(0, 40) + "\"");
  }
  const core::RegionRow* region = ref.regions.Find(d.region);
  if (region == nullptr) {
    return InvalidArgument("there is no region " + std::to_string(d.region));
  }
  if (d.kind == PlanKind::kCountyJoint && region->level != 3) {
    return InvalidArgument("a county's joint plan names a county (区县), not " + region->name);
  }
  SUNLIT_RETURN_IF_ERROR(ValidateText("the title", d.title, 200, true));
  if (d.tasks.size() > kMaxPlannedTasks) return InvalidArgument("a plan lists at most 200 tasks");
  std::set<std::pair<std::string, std::string>> items;
  SUNLIT_RETURN_IF_ERROR(tx.ScanItems([&](const core::InspectionItem& i) {
    items.insert({i.department_code, i.code});
    return true;
  }));
  for (size_t n = 0; n < d.tasks.size(); ++n) {
    const PlannedTask& t = d.tasks[n];
    const std::string which = "planned task " + std::to_string(n + 1);
    SUNLIT_RETURN_IF_ERROR(ValidateText(which + ": the title", t.title, 200, true));
    SUNLIT_RETURN_IF_ERROR(ValidateText(which + ": the scope", t.scope, 500, false));
    SUNLIT_RETURN_IF_ERROR(ValidateText(which + ": the timing", t.timing, 100, false));
    if (t.ratio_bp < 0 || t.ratio_bp > 10000) {
      return InvalidArgument(which + ": the ratio must be 0 to 10000 basis points");
    }
    for (const std::string& dept : t.departments) {
      if (ref.departments.count(dept) == 0) {
        return InvalidArgument(which + ": there is no department \"" + dept.substr(0, 40) + "\"");
      }
    }
    for (const std::string& item : t.items) {
      const size_t colon = item.find(':');
      if (colon == std::string::npos ||
          items.count({item.substr(0, colon), item.substr(colon + 1)}) == 0) {
        return InvalidArgument(which + ": there is no item \"" + item.substr(0, 60) +
                               "\" (write DEPARTMENT:CODE)");
      }
    }
  }
  return Status::Ok();
}

// Whether the caller may read `p` (as a draft or filed plan of its department).
bool MayRead(const Caller& caller, const Plan& p) {
  return p.state == PlanState::kPublished || caller.CanIn(perm::kPlanRead, p.draft.department_code);
}

Result<store::PlanRow> WritableRow(store::Transaction& tx, const Caller& caller, int64_t id,
                                   int64_t version) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kPlanWrite));
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::PlanRow> row, store::GetPlan(tx.sql(), id));
  const Status unknown = NotFound("there is no plan " + std::to_string(id));
  if (!row.has_value()) return unknown;
  if (!caller.CanIn(perm::kPlanWrite, row->department_code)) {
    if (row->state != "published" && !caller.CanIn(perm::kPlanRead, row->department_code)) {
      return unknown;
    }
    return caller.RequireIn(perm::kPlanWrite, row->department_code);
  }
  if (row->version != version) {
    return Aborted("plan " + std::to_string(id) +
                   " was changed by someone else meanwhile; "
                   "reload and retry");
  }
  return *std::move(row);
}

std::string PlanHash(const store::PlanRow& row) {
  return draw::ToHex(draw::Sha256Of(row.kind + "\n" + std::to_string(row.year) + "\n" +
                                    row.department_code + "\n" + std::to_string(row.region) + "\n" +
                                    row.title + "\n" + row.body));
}

Json EventBody(const store::PlanRow& row, const Plan& p, const std::string& actor) {
  return Json{{"plan_id", row.id},    {"kind", row.kind},
              {"year", row.year},     {"department", row.department_code},
              {"region", row.region}, {"due_date", row.due_date},
              {"late", p.filed_late}, {"content_hash", PlanHash(row)},
              {"actor", actor}};
}

}  // namespace

std::string_view WireName(PlanKind kind) {
  return kind == PlanKind::kCountyJoint ? "county_joint" : "department_annual";
}

std::string_view WireName(PlanState state) {
  switch (state) {
    case PlanState::kDraft:
      return "draft";
    case PlanState::kFiled:
      return "filed";
    case PlanState::kPublished:
      return "published";
  }
  return "draft";
}

bool ParsePlanKind(std::string_view s, PlanKind* out) {
  if (s == "department_annual") {
    *out = PlanKind::kDepartmentAnnual;
    return true;
  }
  if (s == "county_joint") {
    *out = PlanKind::kCountyJoint;
    return true;
  }
  return false;
}

std::string_view WireName(DeadlineStatus s) {
  switch (s) {
    case DeadlineStatus::kFiled:
      return "filed";
    case DeadlineStatus::kFiledLate:
      return "filed_late";
    case DeadlineStatus::kOpen:
      return "open";
    case DeadlineStatus::kDueSoon:
      return "due_soon";
    case DeadlineStatus::kOverdue:
      return "overdue";
  }
  return "open";
}

core::Date PlanDueDate(PlanKind kind, int32_t year) {
  return kind == PlanKind::kDepartmentAnnual ? core::Date::FromYmd(year - 1, 12, 31)
                                             : core::Date::FromYmd(year, 1, 31);
}

Result<Plan> CreatePlan(Services& s, const Caller& caller, const PlanDraft& draft) {
  SUNLIT_RETURN_IF_ERROR(caller.RequireIn(perm::kPlanWrite, draft.department_code));
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  SUNLIT_RETURN_IF_ERROR(Validate(*tx, ref, draft));
  store::PlanRow row;
  row.kind = std::string(WireName(draft.kind));
  row.year = draft.year;
  row.department_code = draft.department_code;
  row.region = draft.region;
  row.title = draft.title;
  SUNLIT_ASSIGN_OR_RETURN(row.body, BodyJson(draft.tasks));
  row.due_date = PlanDueDate(draft.kind, draft.year).ToString();
  row.state = "draft";
  row.created_at = row.updated_at = now;
  row.created_by = caller.Actor();
  Result<int64_t> id = store::InsertPlan(tx->sql(), row);
  if (!id.ok() && id.status().code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("there is already a " + row.kind + " plan for " +
                         std::to_string(row.year) + " of " + row.department_code + " in " +
                         std::to_string(row.region));
  }
  SUNLIT_RETURN_IF_ERROR(id.status());
  row.id = *id;
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return FromRow(row);
}

Result<Plan> UpdatePlan(Services& s, const Caller& caller, int64_t id, int64_t version,
                        const PlanDraft& draft) {
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(store::PlanRow row, WritableRow(*tx, caller, id, version));
  if (row.state != "draft") {
    return FailedPrecondition("plan " + std::to_string(id) + " is " + row.state +
                              ": only a draft can be edited");
  }
  if (WireName(draft.kind) != row.kind || draft.year != row.year ||
      draft.department_code != row.department_code || draft.region != row.region) {
    return InvalidArgument("the kind, year, department and region of a plan cannot change");
  }
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  SUNLIT_RETURN_IF_ERROR(Validate(*tx, ref, draft));
  row.title = draft.title;
  SUNLIT_ASSIGN_OR_RETURN(row.body, BodyJson(draft.tasks));
  row.updated_at = now;
  SUNLIT_ASSIGN_OR_RETURN(row.version, store::UpdatePlan(tx->sql(), row));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return FromRow(row);
}

Result<Plan> FilePlan(Services& s, const Caller& caller, int64_t id, int64_t version) {
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(store::PlanRow row, WritableRow(*tx, caller, id, version));
  if (row.state != "draft") {
    return FailedPrecondition("plan " + std::to_string(id) + " is already " + row.state);
  }
  row.state = "filed";
  row.filed_at = row.updated_at = now;
  row.filed_by = caller.Actor();
  SUNLIT_ASSIGN_OR_RETURN(row.version, store::UpdatePlan(tx->sql(), row));
  SUNLIT_ASSIGN_OR_RETURN(Plan plan, FromRow(row));
  SUNLIT_RETURN_IF_ERROR(internal::Log(*s.ledger, *tx, "plan_filed",
                                       "plan:" + std::to_string(row.id),
                                       EventBody(row, plan, caller.Actor()).dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return plan;
}

Result<Plan> PublishPlan(Services& s, const Caller& caller, int64_t id, int64_t version) {
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(store::PlanRow row, WritableRow(*tx, caller, id, version));
  if (row.state != "filed") {
    return FailedPrecondition("plan " + std::to_string(id) + " is " + row.state +
                              ": only a filed plan is published");
  }
  row.state = "published";
  row.published_at = row.updated_at = now;
  SUNLIT_ASSIGN_OR_RETURN(row.version, store::UpdatePlan(tx->sql(), row));
  SUNLIT_ASSIGN_OR_RETURN(Plan plan, FromRow(row));
  Json body = EventBody(row, plan, caller.Actor());
  body["title"] = row.title;
  SUNLIT_RETURN_IF_ERROR(internal::Log(*s.ledger, *tx, "plan_published",
                                       "plan:" + std::to_string(row.id), body.dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return plan;
}

Result<Plan> GetPlan(Services& s, const Caller& caller, int64_t id) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::PlanRow> row, store::GetPlan(tx->sql(), id));
  if (!row.has_value()) return NotFound("there is no plan " + std::to_string(id));
  SUNLIT_ASSIGN_OR_RETURN(Plan plan, FromRow(*row));
  if (!MayRead(caller, plan)) return NotFound("there is no plan " + std::to_string(id));
  return plan;
}

Result<std::vector<Plan>> ListPlans(Services& s, const Caller& caller,
                                    const PlanListFilter& filter) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  store::PlanFilter f;
  f.year = filter.year;
  f.kind = filter.kind;
  f.department_code = filter.department_code;
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::PlanRow> rows, store::ListPlans(tx->sql(), f));
  std::vector<Plan> out;
  for (const store::PlanRow& row : rows) {
    SUNLIT_ASSIGN_OR_RETURN(Plan p, FromRow(row));
    if (MayRead(caller, p)) out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<DeadlineLine>> PlanDeadlines(Services& s, const Caller& caller, int32_t year,
                                                int32_t city) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kPlanRead));
  if (year < 2000 || year > 2100) return InvalidArgument("the year must be 2000 to 2100");
  const core::Date today = internal::Today(*s.clock);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  const core::RegionRow* region = ref.regions.Find(city);
  if (region == nullptr || region->level != 2) {
    return InvalidArgument(std::to_string(city) + " is not a prefecture-level region (市)");
  }
  std::string market;  // the market-supervision department: files the county plans
  for (const auto& [code, d] : ref.departments) {
    if (d.market_supervision && market.empty()) market = code;
  }
  store::PlanFilter f;
  f.year = year;
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::PlanRow> rows, store::ListPlans(tx->sql(), f));
  std::map<std::tuple<std::string, std::string, int32_t>, const store::PlanRow*> filed;
  for (const store::PlanRow& r : rows) filed[{r.kind, r.department_code, r.region}] = &r;

  std::vector<DeadlineLine> lines;
  const auto add = [&](PlanKind kind, const std::string& dept, int32_t reg) {
    DeadlineLine l;
    l.kind = kind;
    l.department_code = dept;
    l.region = reg;
    l.due_date = PlanDueDate(kind, year);
    l.days_left = l.due_date - today;
    const std::string who = (kind == PlanKind::kDepartmentAnnual ? ref.departments.at(dept).name
                                                                 : ref.regions.FullName(reg)) +
                            " " + std::to_string(year) + "年度" +
                            (kind == PlanKind::kDepartmentAnnual ? "抽查计划" : "部门联合抽查计划");
    auto it = filed.find({std::string(WireName(kind)), dept, reg});
    const store::PlanRow* row = it == filed.end() ? nullptr : it->second;
    if (row != nullptr) l.plan_id = row->id;
    if (row != nullptr && !row->filed_at.empty()) {
      Result<int64_t> at = ParseUtcSeconds(row->filed_at);
      const core::Date on = at.ok() ? ChinaDate(*at) : today;
      l.status = on > l.due_date ? DeadlineStatus::kFiledLate : DeadlineStatus::kFiled;
      l.message = who + (l.status == DeadlineStatus::kFiledLate
                             ? " 逾期 " + std::to_string(on - l.due_date) + " 天报送"
                             : " 已按期报送");
    } else if (l.days_left < 0) {
      l.status = DeadlineStatus::kOverdue;
      l.message = who + " 逾期 " + std::to_string(-l.days_left) + " 天未报送（截止 " +
                  l.due_date.ToString() + "）";
    } else if (l.days_left <= s.policy.plan_warning_days) {
      l.status = DeadlineStatus::kDueSoon;
      l.message = who + " 距报送截止还有 " + std::to_string(l.days_left) + " 天（" +
                  l.due_date.ToString() + "）";
    } else {
      l.status = DeadlineStatus::kOpen;
      l.message = who + " 截止 " + l.due_date.ToString();
    }
    const bool visible =
        caller.ScopeOf(perm::kPlanRead) == Scope::kAll || caller.CanIn(perm::kPlanRead, dept);
    if (visible) lines.push_back(std::move(l));
  };
  for (const auto& [code, d] : ref.departments) add(PlanKind::kDepartmentAnnual, code, city);
  if (!market.empty()) {
    const std::string prefix = std::to_string(city).substr(0, 4);
    for (const core::RegionRow* county : ref.regions.CountiesWithin(prefix)) {
      add(PlanKind::kCountyJoint, market, county->code);
    }
  }
  const auto rank = [](DeadlineStatus st) {
    switch (st) {
      case DeadlineStatus::kOverdue:
        return 0;
      case DeadlineStatus::kDueSoon:
        return 1;
      case DeadlineStatus::kOpen:
        return 2;
      case DeadlineStatus::kFiledLate:
        return 3;
      case DeadlineStatus::kFiled:
        return 4;
    }
    return 5;
  };
  std::stable_sort(lines.begin(), lines.end(), [&](const DeadlineLine& a, const DeadlineLine& b) {
    return std::make_tuple(rank(a.status), a.due_date, static_cast<int>(a.kind), a.department_code,
                           a.region) < std::make_tuple(rank(b.status), b.due_date,
                                                       static_cast<int>(b.kind), b.department_code,
                                                       b.region);
  });
  return lines;
}

}  // namespace sunlit::app
