// The workflow routes: plans, item lists and industry checklists, tasks (draft, freeze,
// randomness, draw, close), checks, alternates, targeted checks and notices. Thin: read and
// check the input, call the app/ use case with req.caller() (which scopes by department and
// by the inspector's own checks), shape the JSON.
#include <algorithm>
#include <cstdint>

#include "app/assignment_service.h"
#include "app/checklists.h"
#include "app/notices.h"
#include "app/plans.h"
#include "app/tasks.h"
#include "core/field_error.h"
#include "draw/sha256.h"
#include "http/routes.h"
#include "http/scope_body.h"

namespace sunlit::http {
namespace {

// ---- JSON out ------------------------------------------------------------------------------

template <typename Enum>
Json Wire(const std::vector<Enum>& values) {
  Json j = Json::array();
  for (const Enum v : values) j.push_back(std::string(core::WireName(v)));
  return j;
}

std::string RiskLabel(core::RiskClass r) {
  return r == core::RiskClass::kNone ? "U" : std::string(core::WireName(r));
}

Json DraftJson(const app::TaskDraft& d) {
  Json items = Json::array();
  for (const app::TaskItem& i : d.items) {
    items.push_back({{"department", i.department_code},
                     {"code", i.code},
                     {"version", i.version},
                     {"name", i.name},
                     {"legal_basis", i.legal_basis},
                     {"method", i.method},
                     {"qualification", i.qualification},
                     {"exemption", std::string(core::WireName(i.exemption))}});
  }
  Json risks = Json::array();
  for (const core::RiskClass r : d.scope.risks) risks.push_back(RiskLabel(r));
  Json quotas = Json::array();
  for (const draw::Quota& q : d.quotas) {
    quotas.push_back({{"stratum", q.stratum},
                      {"kind", q.kind == draw::Quota::Kind::kCount ? "count" : "bp"},
                      {"value", q.value}});
  }
  Json team = Json::array();
  for (const app::TeamSlot& t : d.team) {
    team.push_back({{"department", t.department_code}, {"count", t.count}});
  }
  Json j = {
      {"bureau", d.bureau},
      {"title", d.title},
      {"kind", std::string(app::WireName(d.kind))},
      {"lead_department", d.lead_department},
      {"partner_departments", d.partner_departments},
      {"items", items},
      {"scope",
       {{"region_prefixes", d.scope.region_prefixes},
        {"industry_prefixes", d.scope.industry_prefixes},
        {"types", Wire(d.scope.types)},
        {"tags_any", d.scope.tags_any},
        {"statuses", Wire(d.scope.statuses)},
        {"risks", risks}}},
      {"stratify", d.stratify == index::Stratify::kRiskClass ? "risk_class" : "none"},
      {"quotas", quotas},
      {"reserve", d.reserve},
      {"cooldown_days", d.cooldown_days},
      {"annual_cap", d.annual_cap},
      {"joint_industry_cap", d.joint_industry_cap},
      {"exclude_codes", d.exclude_codes},
      {"team", team},
      {"cross_unit", d.cross_unit},
      {"workload_cap", d.workload_cap},
      {"window_start", d.window_start.ToString()},
      {"window_end", d.window_end.ToString()},
      {"confidential", d.confidential},
      {"materials", d.materials},
      {"contact",
       {{"name", d.contact.name}, {"phone", d.contact.phone}, {"address", d.contact.address}}}};
  if (d.plan_id != 0) j["plan_id"] = d.plan_id;
  if (!d.checklist_code.empty()) {
    j["checklist"] = {{"code", d.checklist_code}, {"version", d.checklist_version}};
  }
  return j;
}

Json TaskJson(const app::Task& t) {
  Json j = DraftJson(t.draft);
  j["number"] = t.number;
  j["year"] = t.year;
  j["state"] = std::string(app::WireName(t.state));
  j["departments"] = t.departments;
  j["cap_exempt"] = t.cap_exempt;
  j["created_at"] = t.created_at;
  j["created_by"] = t.created_by;
  j["updated_at"] = t.updated_at;
  j["frozen_at"] = t.frozen_at;
  j["drawn_at"] = t.drawn_at;
  j["assigned_at"] = t.assigned_at;
  j["version"] = t.version;
  j["warnings"] = t.warnings;
  j["list_public_from"] = app::ListPublicFrom(t);
  return j;
}

Json CheckJson(const app::Check& c) {
  Json team = Json::array();
  for (const app::CheckInspector& m : c.inspectors) {
    team.push_back({{"inspector_code", m.inspector_code},
                    {"department", m.department_code},
                    {"assigned_at", m.assigned_at}});
  }
  return Json{{"id", c.id},
              {"task_number", c.task_number},
              {"entity_code", c.entity_code},
              {"entity_name", c.entity_name},
              {"region", c.region},
              {"unit_code", c.unit_code},
              {"entity_address", c.entity_address},
              {"origin", std::string(app::WireName(c.origin))},
              {"origin_ref", c.origin_ref},
              {"stratum", c.stratum},
              {"rank", c.rank},
              {"state", c.state},
              {"cancel_reason", c.cancel_reason},
              {"created_at", c.created_at},
              {"version", c.version},
              {"inspectors", team}};
}

Json PoolJson(const app::FrozenPool& p) {
  Json strata = Json::object();
  for (const draw::StratumSize& s : p.strata) strata[s.label] = s.size;
  Json sources = Json::array();
  for (const app::RandomnessSource& s : p.sources) {
    sources.push_back({{"name", s.name},
                       {"issue", s.issue},
                       {"how_written", s.how_written},
                       {"available_at", s.available_at}});
  }
  return Json{{"draw_id", p.draw_id},
              {"pool_root", draw::ToHex(p.pool_root)},
              {"pool_size", p.pool_size},
              {"strata", strata},
              {"params", p.params},
              {"reserve", p.reserve},
              {"sources", sources},
              {"commitment", draw::ToHex(p.commitment)},
              {"excluded",
               {{"cooled_down", p.excluded.cooled_down},
                {"annual_cap", p.excluded.annual_cap},
                {"explicit_list", p.excluded.explicit_list},
                {"joint_industry", p.joint_industry_excluded}}},
              {"frozen_at", p.frozen_at}};
}

Json PlanJson(const app::Plan& p) {
  Json tasks = Json::array();
  for (const app::PlannedTask& t : p.draft.tasks) {
    tasks.push_back({{"title", t.title},
                     {"departments", t.departments},
                     {"items", t.items},
                     {"scope", t.scope},
                     {"ratio_bp", t.ratio_bp},
                     {"timing", t.timing}});
  }
  return Json{{"id", p.id},
              {"kind", std::string(app::WireName(p.draft.kind))},
              {"year", p.draft.year},
              {"department", p.draft.department_code},
              {"region", p.draft.region},
              {"title", p.draft.title},
              {"tasks", tasks},
              {"due_date", p.due_date.ToString()},
              {"state", std::string(app::WireName(p.state))},
              {"filed_at", p.filed_at},
              {"filed_by", p.filed_by},
              {"filed_late", p.filed_late},
              {"published_at", p.published_at},
              {"created_at", p.created_at},
              {"created_by", p.created_by},
              {"updated_at", p.updated_at},
              {"version", p.version}};
}

Json ChecklistJson(const app::IndustryChecklist& c) {
  Json items = Json::array();
  for (const app::ChecklistItem& i : c.items) {
    items.push_back({{"department", i.department_code},
                     {"item", i.item_code},
                     {"item_version", i.item_version},
                     {"name", i.name},
                     {"legal_basis", i.legal_basis},
                     {"method", i.method},
                     {"qualification", i.qualification},
                     {"exemption", std::string(core::WireName(i.exemption))}});
  }
  return Json{{"code", c.definition.code},
              {"name", c.definition.name},
              {"industry_prefixes", c.definition.industry_prefixes},
              {"tags", c.definition.tags},
              {"version", c.version},
              {"items", items},
              {"departments", c.departments},
              {"cap_exempt", c.cap_exempt},
              {"entries_hash", c.entries_hash},
              {"created_at", c.created_at},
              {"created_by", c.created_by}};
}

Json ItemJson(const core::InspectionItem& i) {
  return Json{{"department", i.department_code},
              {"code", i.code},
              {"version", i.version},
              {"name", i.name},
              {"legal_basis", i.legal_basis},
              {"object_types", Wire(i.object_types)},
              {"industry_prefixes", i.industry_prefixes},
              {"tags", i.tags},
              {"method", i.method},
              {"qualification", i.qualification},
              {"exemption", std::string(core::WireName(i.exemption))},
              {"valid", i.valid}};
}

Json UnstaffedJson(const std::vector<draw::UnstaffedEntity>& unstaffed) {
  Json out = Json::array();
  for (const draw::UnstaffedEntity& u : unstaffed) {
    Json slots = Json::array();
    for (const draw::SlotExplanation& x : u.slots) {
      Json excluded = Json::object();
      for (size_t k = 0; k < draw::kExclusionReasons; ++k) {
        excluded[std::string(draw::ExclusionReasonName(static_cast<draw::ExclusionReason>(k)))] =
            x.excluded[k];
      }
      slots.push_back({{"department", x.department},
                       {"required", x.required},
                       {"assigned", x.assigned},
                       {"inspectors", x.inspectors},
                       {"excluded", excluded}});
    }
    out.push_back({{"entity", u.entity}, {"slots", slots}});
  }
  return out;
}

Json WideningJson(const app::Widening& w) {
  return Json{{"scope", std::string(app::WireName(w.scope))},
              {"regions", w.regions},
              {"reason", w.reason},
              {"at", w.at},
              {"actor", w.actor}};
}

// ---- JSON in --------------------------------------------------------------------------------

constexpr ListRule kCodes{.max_items = 200, .max_chars = 40};

core::Date DateOf(const std::string& text) {
  Result<core::Date> d = core::Date::Parse(text);
  return d.ok() ? *d : core::Date();
}

// The task draft of a request body (the fields of DraftJson that a client writes).
app::TaskDraft ReadDraft(JsonReader& in) {
  app::TaskDraft d;
  d.bureau = in.String("bureau", {.max_chars = 16});
  d.title = in.String("title", {.max_chars = 200});
  const std::string kind = in.Enum("kind", {"random", "joint_industry", "targeted"});
  app::ParseTaskKind(kind, &d.kind);
  d.lead_department = in.String("lead_department", {.max_chars = 40});
  d.partner_departments = OptStrings(in, "partner_departments", {.max_items = 30, .max_chars = 40});
  d.plan_id = in.OptInt("plan_id", 1, INT64_MAX).value_or(0);
  if (in.Has("items")) {
    in.Objects("items", 200, [&](JsonReader& i) {
      app::TaskItem item;
      item.department_code = i.String("department", {.max_chars = 40});
      item.code = i.String("code", {.max_chars = 40});
      d.items.push_back(std::move(item));
    });
  } else {
    in.Raw("items");
  }
  if (in.Has("checklist")) {
    in.Object("checklist", [&](JsonReader& c) {
      d.checklist_code = c.String("code", {.max_chars = 40});
      d.checklist_version = static_cast<int32_t>(c.OptInt("version", 0, 100000).value_or(0));
    });
  } else {
    in.Raw("checklist");
  }
  d.scope = ReadPoolScope(in);
  const std::optional<std::string> stratify = in.OptEnum("stratify", {"risk_class", "none"});
  d.stratify = stratify.value_or("risk_class") == "none" ? index::Stratify::kNone
                                                         : index::Stratify::kRiskClass;
  if (in.Has("quotas")) {
    in.Objects("quotas", 8, [&](JsonReader& q) {
      draw::Quota quota;
      quota.stratum = q.String("stratum", {.max_chars = 32, .allow_empty = true});
      quota.kind = q.Enum("kind", {"count", "bp"}) == "count" ? draw::Quota::Kind::kCount
                                                              : draw::Quota::Kind::kBasisPoints;
      quota.value = q.Int("value", 0, 100000000);
      d.quotas.push_back(std::move(quota));
    });
  } else {
    in.Raw("quotas");
  }
  d.reserve = in.OptInt("reserve", 0, 1000).value_or(0);
  d.cooldown_days = static_cast<int32_t>(in.OptInt("cooldown_days", 0, 3650).value_or(0));
  d.annual_cap = in.OptBool("annual_cap").value_or(false);
  d.joint_industry_cap = in.OptBool("joint_industry_cap").value_or(false);
  d.exclude_codes = OptStrings(in, "exclude_codes", {.max_items = 10000, .max_chars = 18});
  in.Objects(
      "team", 30,
      [&](JsonReader& t) {
        d.team.push_back({t.String("department", {.max_chars = 40}),
                          static_cast<int32_t>(t.Int("count", 1, 20))});
      },
      false);
  d.cross_unit = in.OptBool("cross_unit").value_or(false);
  d.workload_cap = static_cast<int32_t>(in.OptInt("workload_cap", 0, 10000).value_or(0));
  d.window_start = DateOf(in.Date("window_start"));
  d.window_end = DateOf(in.Date("window_end"));
  d.confidential = in.OptBool("confidential").value_or(false);
  d.materials = OptStrings(in, "materials", {.max_items = 30, .max_chars = 200});
  if (in.Has("contact")) {
    in.Object("contact", [&](JsonReader& c) {
      d.contact.name = c.OptString("name", {.max_chars = 60}).value_or("");
      d.contact.phone = c.OptString("phone", {.max_chars = 40}).value_or("");
      d.contact.address = c.OptString("address", {.max_chars = 200}).value_or("");
    });
  } else {
    in.Raw("contact");
  }
  return d;
}

app::PlanDraft ReadPlan(JsonReader& in) {
  app::PlanDraft d;
  app::ParsePlanKind(in.Enum("kind", {"department_annual", "county_joint"}), &d.kind);
  d.year = static_cast<int32_t>(in.Int("year", 2000, 2100));
  d.department_code = in.String("department", {.max_chars = 40});
  d.region = static_cast<int32_t>(in.Int("region", 110000, 829999));
  d.title = in.String("title", {.max_chars = 200});
  if (in.Has("tasks")) {
    in.Objects("tasks", 200, [&](JsonReader& t) {
      app::PlannedTask p;
      p.title = t.String("title", {.max_chars = 200});
      p.departments = OptStrings(t, "departments", {.max_items = 30, .max_chars = 40});
      p.items = OptStrings(t, "items", {.max_items = 200, .max_chars = 80});
      p.scope = t.OptString("scope", {.max_chars = 500}).value_or("");
      p.ratio_bp = t.OptInt("ratio_bp", 0, 10000).value_or(0);
      p.timing = t.OptString("timing", {.max_chars = 100}).value_or("");
      d.tasks.push_back(std::move(p));
    });
  } else {
    in.Raw("tasks");
  }
  return d;
}

const Json kObject = {{"type", "object"}};
const Json kTaskDraftSchema = {
    {"type", "object"},
    {"required",
     {"bureau", "title", "kind", "lead_department", "team", "window_start", "window_end"}},
    {"properties",
     {{"bureau", {{"type", "string"}}},
      {"title", {{"type", "string"}}},
      {"kind", {{"type", "string"}, {"enum", {"random", "joint_industry", "targeted"}}}},
      {"lead_department", {{"type", "string"}}},
      {"partner_departments", {{"type", "array"}, {"items", {{"type", "string"}}}}},
      {"items", {{"type", "array"}, {"items", kObject}}},
      {"checklist", kObject},
      {"scope", kObject},
      {"stratify", {{"type", "string"}, {"enum", {"risk_class", "none"}}}},
      {"quotas", {{"type", "array"}, {"items", kObject}}},
      {"reserve", {{"type", "integer"}}},
      {"cooldown_days", {{"type", "integer"}}},
      {"annual_cap", {{"type", "boolean"}}},
      {"joint_industry_cap", {{"type", "boolean"}}},
      {"exclude_codes", {{"type", "array"}, {"items", {{"type", "string"}}}}},
      {"team", {{"type", "array"}, {"items", kObject}}},
      {"cross_unit", {{"type", "boolean"}}},
      {"workload_cap", {{"type", "integer"}}},
      {"window_start", {{"type", "string"}, {"format", "date"}}},
      {"window_end", {{"type", "string"}, {"format", "date"}}},
      {"confidential", {{"type", "boolean"}}},
      {"materials", {{"type", "array"}, {"items", {{"type", "string"}}}}},
      {"contact", kObject}}}};

Json WithVersion(Json schema) {
  schema["required"].push_back("version");
  schema["properties"]["version"] = {{"type", "integer"}};
  return schema;
}

const Json kVersionSchema = {{"type", "object"},
                             {"required", {"version"}},
                             {"properties", {{"version", {{"type", "integer"}}}}}};

Json ListOf(Json items, int64_t total, const Page& page) {
  return Paged(std::move(items), total, page);
}

template <typename T, typename F>
Json PageOf(const std::vector<T>& all, const Page& page, F to_json) {
  Json items = Json::array();
  const auto begin = std::min<size_t>(all.size(), static_cast<size_t>(page.offset));
  const auto end = std::min<size_t>(all.size(), begin + static_cast<size_t>(page.limit));
  for (size_t i = begin; i < end; ++i) items.push_back(to_json(all[i]));
  return ListOf(std::move(items), static_cast<int64_t>(all.size()), page);
}

Result<int64_t> VersionOf(Request& req) {
  JsonReader in = req.Body();
  const int64_t version = in.Int("version", 1, INT64_MAX);
  SUNLIT_RETURN_IF_ERROR(in.Finish());
  return version;
}

}  // namespace

void RegisterWorkflowRoutes(Router& router, app::Services& services) {
  app::Services& s = services;
  const Access task_read = Access::Permission(app::perm::kTaskRead);
  const Access task_write = Access::Permission(app::perm::kTaskWrite);
  const Access plan_read = Access::Permission(app::perm::kPlanRead);
  const Access plan_write = Access::Permission(app::perm::kPlanWrite);

  // ---- plans ----------------------------------------------------------------------------
  router.Add({.method = "GET",
              .path = "/api/v1/plans",
              .summary = "Plans: published ones for everybody, drafts and filed ones for their "
                         "department (?year=&kind=&department=)",
              .tag = "plans",
              .access = Access::Public(),
              .handler = [&s](Request& req) -> Response {
                app::PlanListFilter f;
                SUNLIT_ASSIGN_OR_RETURN(int64_t year, req.QueryInt("year", 0, 0, 2100));
                f.year = static_cast<int32_t>(year);
                f.kind = req.Query("kind").value_or("");
                f.department_code = req.Query("department").value_or("");
                SUNLIT_ASSIGN_OR_RETURN(Page page, req.Paging());
                SUNLIT_ASSIGN_OR_RETURN(std::vector<app::Plan> plans,
                                        app::ListPlans(s, req.caller(), f));
                return PageOf(plans, page, PlanJson);
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/plans",
              .summary = "Draft a department's annual plan or a county's joint plan",
              .tag = "plans",
              .access = plan_write,
              .request_schema = kObject,
              .max_body = 256 * 1024,
              .success_status = 201,
              .handler = [&s](Request& req) -> Response {
                JsonReader in = req.Body();
                app::PlanDraft d = ReadPlan(in);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(app::Plan p, app::CreatePlan(s, req.caller(), d));
                return Response(PlanJson(p), 201);
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/plans/{id}",
              .summary = "One plan",
              .tag = "plans",
              .access = Access::Public(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_ASSIGN_OR_RETURN(app::Plan p, app::GetPlan(s, req.caller(), id));
                return PlanJson(p);
              }});
  router.Add({.method = "PUT",
              .path = "/api/v1/plans/{id}",
              .summary = "Edit a draft plan (with the version last read)",
              .tag = "plans",
              .access = plan_write,
              .request_schema = WithVersion(kObject),
              .max_body = 256 * 1024,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                JsonReader in = req.Body();
                const int64_t version = in.Int("version", 1, INT64_MAX);
                app::PlanDraft d = ReadPlan(in);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(app::Plan p,
                                        app::UpdatePlan(s, req.caller(), id, version, d));
                return PlanJson(p);
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/plans/{id}/file",
              .summary = "File (备案) a plan; a late filing is marked",
              .tag = "plans",
              .access = plan_write,
              .request_schema = kVersionSchema,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_ASSIGN_OR_RETURN(int64_t version, VersionOf(req));
                SUNLIT_ASSIGN_OR_RETURN(app::Plan p, app::FilePlan(s, req.caller(), id, version));
                return PlanJson(p);
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/plans/{id}/publish",
              .summary = "Publish (公示) a filed plan",
              .tag = "plans",
              .access = plan_write,
              .request_schema = kVersionSchema,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_ASSIGN_OR_RETURN(int64_t version, VersionOf(req));
                SUNLIT_ASSIGN_OR_RETURN(app::Plan p,
                                        app::PublishPlan(s, req.caller(), id, version));
                return PlanJson(p);
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/plan-deadlines",
              .summary = "Who owes which plan of a year around a city, and who is late "
                         "(?year=&city=)",
              .tag = "plans",
              .access = plan_read,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t year, req.QueryInt("year", 0, 2000, 2100));
                SUNLIT_ASSIGN_OR_RETURN(int64_t city, req.QueryInt("city", 0, 110000, 829999));
                if (year == 0 || city == 0) {
                  return InvalidArgument("year and city are required (?year=2027&city=430300)");
                }
                SUNLIT_ASSIGN_OR_RETURN(
                    std::vector<app::DeadlineLine> lines,
                    app::PlanDeadlines(s, req.caller(), static_cast<int32_t>(year),
                                       static_cast<int32_t>(city)));
                Json items = Json::array();
                for (const app::DeadlineLine& l : lines) {
                  items.push_back({{"kind", std::string(app::WireName(l.kind))},
                                   {"department", l.department_code},
                                   {"region", l.region},
                                   {"due_date", l.due_date.ToString()},
                                   {"status", std::string(app::WireName(l.status))},
                                   {"days_left", l.days_left},
                                   {"plan_id", l.plan_id},
                                   {"message", l.message}});
                }
                return Json{{"items", items}};
              }});

  // ---- item lists and industry checklists ----------------------------------------------
  router.Add(
      {.method = "GET",
       .path = "/api/v1/items",
       .summary = "A department's item list (抽查事项清单), void items marked (?department=)",
       .tag = "items",
       .access = Access::Public(),
       .cacheable = true,
       .handler = [&s](Request& req) -> Response {
         const std::optional<std::string> dept = req.Query("department");
         if (!dept.has_value()) return InvalidArgument("?department= is required");
         SUNLIT_ASSIGN_OR_RETURN(std::vector<core::InspectionItem> items, app::ListItems(s, *dept));
         Json out = Json::array();
         for (const core::InspectionItem& i : items) out.push_back(ItemJson(i));
         return Json{{"items", out}};
       }});
  router.Add({.method = "GET",
              .path = "/api/v1/items/{department}/{code}/history",
              .summary = "Every version of one item",
              .tag = "items",
              .access = Access::Public(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(
                    std::vector<core::InspectionItem> versions,
                    app::ItemHistory(s, req.Param("department"), req.Param("code")));
                Json out = Json::array();
                for (const core::InspectionItem& i : versions) out.push_back(ItemJson(i));
                return Json{{"items", out}};
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/checklists",
              .summary = "The latest version of every industry checklist (一业一查)",
              .tag = "items",
              .access = Access::Public(),
              .handler = [&s](Request&) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(std::vector<app::IndustryChecklist> all,
                                        app::ListChecklists(s));
                Json out = Json::array();
                for (const app::IndustryChecklist& c : all) out.push_back(ChecklistJson(c));
                return Json{{"items", out}};
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/checklists/{code}",
              .summary = "One industry checklist (?version=, default the latest)",
              .tag = "items",
              .access = Access::Public(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t version, req.QueryInt("version", 0, 0, 100000));
                SUNLIT_ASSIGN_OR_RETURN(
                    app::IndustryChecklist c,
                    app::GetChecklist(s, req.Param("code"), static_cast<int32_t>(version)));
                return ChecklistJson(c);
              }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/checklists",
       .summary = "Build an industry checklist from the current item lists; a new "
                  "version only when it changed",
       .tag = "items",
       .access = Access::Permission(app::perm::kItemsWrite),
       .request_schema = {{"type", "object"},
                          {"required", {"code", "name"}},
                          {"properties",
                           {{"code", {{"type", "string"}}},
                            {"name", {{"type", "string"}}},
                            {"industry_prefixes",
                             {{"type", "array"}, {"items", {{"type", "string"}}}}},
                            {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         app::ChecklistDefinition d;
         d.code = in.String("code", {.max_chars = 40});
         d.name = in.String("name", {.max_chars = 100});
         d.industry_prefixes =
             OptStrings(in, "industry_prefixes", {.max_items = 50, .max_chars = 8});
         d.tags = OptStrings(in, "tags", {.max_items = 50, .max_chars = 60});
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_ASSIGN_OR_RETURN(app::SavedChecklist saved, app::SaveChecklist(s, req.caller(), d));
         Json body = ChecklistJson(saved.checklist);
         body["new_version"] = saved.new_version;
         return Response(std::move(body), saved.new_version ? 201 : 200);
       }});

  // ---- tasks ----------------------------------------------------------------------------
  router.Add(
      {.method = "GET",
       .path = "/api/v1/tasks",
       .summary = "Tasks the caller may see (?year=&state=&kind=&department=&limit=&offset=)",
       .tag = "tasks",
       .access = task_read,
       .handler = [&s](Request& req) -> Response {
         app::TaskListFilter f;
         SUNLIT_ASSIGN_OR_RETURN(int64_t year, req.QueryInt("year", 0, 0, 2100));
         f.year = static_cast<int32_t>(year);
         if (auto st = req.Query("state")) {
           app::TaskState state;
           if (!app::ParseTaskState(*st, &state)) return InvalidField("state", "unknown state");
           f.state = state;
         }
         if (auto k = req.Query("kind")) {
           app::TaskKind kind;
           if (!app::ParseTaskKind(*k, &kind)) return InvalidField("kind", "unknown kind");
           f.kind = kind;
         }
         f.department_code = req.Query("department").value_or("");
         SUNLIT_ASSIGN_OR_RETURN(Page page, req.Paging());
         // A department sees hundreds of tasks a year at most: one read, paged here.
         f.limit = 1000;
         SUNLIT_ASSIGN_OR_RETURN(std::vector<app::Task> tasks, app::ListTasks(s, req.caller(), f));
         Json body = PageOf(tasks, page, TaskJson);
         return body;
       }});
  router.Add({.method = "POST",
              .path = "/api/v1/tasks",
              .summary = "Draft a task; its number is given here",
              .tag = "tasks",
              .access = task_write,
              .request_schema = kTaskDraftSchema,
              .max_body = 512 * 1024,
              .success_status = 201,
              .handler = [&s](Request& req) -> Response {
                JsonReader in = req.Body();
                app::TaskDraft d = ReadDraft(in);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(app::Task t, app::CreateTask(s, req.caller(), d));
                return Response(TaskJson(t), 201);
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/tasks/{number}",
              .summary = "One task",
              .tag = "tasks",
              .access = task_read,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::Task t,
                                        app::GetTask(s, req.caller(), req.Param("number")));
                return TaskJson(t);
              }});
  router.Add({.method = "PUT",
              .path = "/api/v1/tasks/{number}",
              .summary = "Edit a draft task (with the version last read)",
              .tag = "tasks",
              .access = task_write,
              .request_schema = WithVersion(kTaskDraftSchema),
              .max_body = 512 * 1024,
              .handler = [&s](Request& req) -> Response {
                JsonReader in = req.Body();
                const int64_t version = in.Int("version", 1, INT64_MAX);
                app::TaskDraft d = ReadDraft(in);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(
                    app::Task t, app::UpdateTask(s, req.caller(), req.Param("number"), version, d));
                return TaskJson(t);
              }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/tasks/{number}/freeze",
       .summary = "Freeze the task's pool with the announced randomness sources",
       .tag = "tasks",
       .access = task_write,
       .request_schema = {{"type", "object"},
                          {"required", {"sources"}},
                          {"properties", {{"sources", {{"type", "array"}, {"items", kObject}}}}}},
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         std::vector<app::RandomnessSource> sources;
         in.Objects(
             "sources", app::kMaxSources,
             [&](JsonReader& src) {
               app::RandomnessSource r;
               r.name = src.String("name", {.max_chars = 100});
               r.issue = src.String("issue", {.max_chars = 60});
               r.how_written = src.String("how_written", {.max_chars = 200});
               r.available_at = src.String("available_at", {.max_chars = 25});
               sources.push_back(std::move(r));
             },
             false);
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_ASSIGN_OR_RETURN(app::FrozenTask f,
                                 app::FreezeTask(s, req.caller(), req.Param("number"), sources));
         return Json{{"task", TaskJson(f.task)}, {"pool", PoolJson(f.pool)}};
       }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/tasks/{number}/randomness",
       .summary = "Enter the announced numbers once they are public",
       .tag = "tasks",
       .access = task_write,
       .request_schema = {{"type", "object"},
                          {"required", {"values"}},
                          {"properties",
                           {{"values",
                             {{"type", "array"},
                              {"items", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}}}}},
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         const Json* raw = in.Raw("values");
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         draw::Sources values;
         if (raw == nullptr || !raw->is_array() || raw->size() > app::kMaxSources) {
           return InvalidField("values", "values: a list of 1 to 16 lists of numbers");
         }
         for (const Json& list : *raw) {
           if (!list.is_array() || list.size() > 100) {
             return InvalidField("values", "values: each source is a list of numbers");
           }
           std::vector<uint64_t> numbers;
           for (const Json& n : list) {
             if (!n.is_number_unsigned()) {
               return InvalidField("values", "values: numbers are whole and not negative");
             }
             numbers.push_back(n.get<uint64_t>());
           }
           values.push_back(std::move(numbers));
         }
         SUNLIT_ASSIGN_OR_RETURN(
             std::string k, app::EnterTaskRandomness(s, req.caller(), req.Param("number"), values));
         return Json{{"randomness", k}};
       }});
  router.Add({.method = "POST",
              .path = "/api/v1/tasks/{number}/draw",
              .summary = "Draw the task (once) and create its checks",
              .tag = "tasks",
              .access = task_write,
              .request_schema = kObject,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::DrawnTask d,
                                        app::DrawTask(s, req.caller(), req.Param("number")));
                return Json{{"task", TaskJson(d.task)},
                            {"record_hash", draw::ToHex(d.outcome.record_hash)},
                            {"seed", draw::ToHex(d.outcome.record.seed)},
                            {"checks", d.checks},
                            {"computed_now", d.outcome.computed_now}};
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/tasks/{number}/close",
              .summary = "Close an assigned task whose checks are all published or cancelled",
              .tag = "tasks",
              .access = task_write,
              .request_schema = kObject,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::Task t,
                                        app::CloseTask(s, req.caller(), req.Param("number")));
                return TaskJson(t);
              }});

  // ---- checks ---------------------------------------------------------------------------
  router.Add({.method = "GET",
              .path = "/api/v1/tasks/{number}/checks",
              .summary = "The task's checks as the caller may see them (an inspector: their own; "
                         "a confidential list: counts until the window opens)",
              .tag = "tasks",
              .access = task_read,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(Page page, req.Paging(100, 5000));
                SUNLIT_ASSIGN_OR_RETURN(app::TaskChecks checks,
                                        app::ListChecks(s, req.caller(), req.Param("number")));
                Json body = PageOf(checks.checks, page, CheckJson);
                body["checks_total"] = checks.total;
                body["cancelled"] = checks.cancelled;
                body["listed"] = checks.listed;
                return body;
              }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/tasks/{number}/alternates",
       .summary = "Replace a closed or deregistered entity by the next alternate",
       .tag = "tasks",
       .access = task_write,
       .request_schema =
           {{"type", "object"},
            {"required", {"entity_code", "reason"}},
            {"properties",
             {{"entity_code", {{"type", "string"}}},
              {"reason",
               {{"type", "string"},
                {"enum", {"deregistered", "revoked", "suspended", "liquidating", "moved_out"}}}},
              {"note", {{"type", "string"}}}}}},
       .success_status = 201,
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         const std::string code = in.String("entity_code", {.max_chars = 18});
         const std::string reason = in.Enum(
             "reason", {"deregistered", "revoked", "suspended", "liquidating", "moved_out"});
         const std::string note = in.OptString("note", {.max_chars = 200}).value_or("");
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         app::ReplaceReason why{};
         app::ParseReplaceReason(reason, &why);
         SUNLIT_ASSIGN_OR_RETURN(
             app::Check c,
             app::ReplaceWithAlternate(s, req.caller(), req.Param("number"), code, why, note));
         return Response(CheckJson(c), 201);
       }});
  router.Add({.method = "POST",
              .path = "/api/v1/tasks/{number}/targeted-checks",
              .summary = "Add a check from a complaint, report, referral or monitoring alert "
                         "(not drawn)",
              .tag = "tasks",
              .access = task_write,
              .request_schema = {{"type", "object"},
                                 {"required", {"entity_code", "origin", "reference"}},
                                 {"properties",
                                  {{"entity_code", {{"type", "string"}}},
                                   {"origin",
                                    {{"type", "string"},
                                     {"enum", {"complaint", "report", "referral", "monitoring"}}}},
                                   {"reference", {{"type", "string"}}}}}},
              .success_status = 201,
              .handler = [&s](Request& req) -> Response {
                JsonReader in = req.Body();
                const std::string code = in.String("entity_code", {.max_chars = 18});
                const std::string origin =
                    in.Enum("origin", {"complaint", "report", "referral", "monitoring"});
                const std::string reference = in.String("reference", {.max_chars = 100});
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                app::TargetedOrigin o{};
                app::ParseTargetedOrigin(origin, &o);
                SUNLIT_ASSIGN_OR_RETURN(
                    app::Check c, app::AddTargetedCheck(s, req.caller(), req.Param("number"), code,
                                                        o, reference));
                return Response(CheckJson(c), 201);
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/tasks/{number}/checks/{entity}/notice",
              .summary = "The inspection notice (检查通知书) of one check: a printable HTML page, "
                         "or JSON with ?format=json",
              .tag = "tasks",
              .access = task_read,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(
                    app::Notice n,
                    app::BuildNotice(s, req.caller(), req.Param("number"), req.Param("entity")));
                if (req.Query("format").value_or("html") == "json") {
                  Json items = Json::array();
                  for (const app::NoticeItem& i : n.items) {
                    items.push_back({{"department", i.department_name},
                                     {"name", i.name},
                                     {"legal_basis", i.legal_basis},
                                     {"method", i.method}});
                  }
                  Json inspectors = Json::array();
                  for (const app::NoticeInspector& m : n.inspectors) {
                    inspectors.push_back({{"name", m.name},
                                          {"department", m.department_name},
                                          {"certificate_no", m.certificate_no}});
                  }
                  return Json{{"task_number", n.task_number},
                              {"task_title", n.task_title},
                              {"issuer", n.issuer},
                              {"entity_code", n.entity_code},
                              {"entity_name", n.entity_name},
                              {"entity_address", n.entity_address},
                              {"items", items},
                              {"inspectors", inspectors},
                              {"window_start", n.window_start},
                              {"window_end", n.window_end},
                              {"materials", n.materials},
                              {"contact",
                               {{"name", n.contact.name},
                                {"phone", n.contact.phone},
                                {"address", n.contact.address}}},
                              {"issued_on", n.issued_on},
                              {"drawn", n.drawn}};
                }
                return Response::Bytes(app::RenderNoticeHtml(n), "text/html; charset=utf-8");
              }});

  // ---- assignment ------------------------------------------------------------------------
  router.Add({.method = "POST",
              .path = "/api/v1/tasks/{number}/assignment",
              .summary = "Match inspectors to every pending check (sunlit-assign-v1); when no "
                         "valid teams exist nothing is stored and the answer says why",
              .tag = "assignment",
              .access = task_write,
              .request_schema = kObject,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::AssignmentOutcome o,
                                        app::AssignTask(s, req.caller(), req.Param("number")));
                Json body = {{"feasible", o.feasible},
                             {"computed_now", o.computed_now},
                             {"run", o.run},
                             {"staffed", o.staffed},
                             {"input_hash", o.input_hash},
                             {"result_hash", o.result_hash},
                             {"seed", o.seed},
                             {"task", TaskJson(o.task)}};
                if (!o.feasible) {
                  body["unstaffed"] = UnstaffedJson(o.unstaffed);
                  body["explanation"] = o.explanation;
                }
                return body;
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/tasks/{number}/assignments",
              .summary = "The task's stored assignment runs (hashes; the documents separately)",
              .tag = "assignment",
              .access = task_read,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(std::vector<app::AssignmentRun> runs,
                                        app::ListAssignments(s, req.caller(), req.Param("number")));
                Json items = Json::array();
                for (const app::AssignmentRun& r : runs) {
                  items.push_back({{"run", r.run},
                                   {"input_hash", r.input_hash},
                                   {"result_hash", r.result_hash},
                                   {"seed", r.seed},
                                   {"checks", r.checks},
                                   {"created_at", r.created_at},
                                   {"created_by", r.created_by}});
                }
                return Json{{"items", items}};
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/tasks/{number}/assignments/{run}/{document}",
              .summary = "A stored run's canonical input or result document (input | result), "
                         "byte for byte, for `sunlit verify assignment`",
              .tag = "assignment",
              .access = task_read,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t run, req.IdParam("run"));
                const std::string& document = req.Param("document");
                if (document != "input" && document != "result") {
                  return InvalidField("document", "document is input or result");
                }
                SUNLIT_ASSIGN_OR_RETURN(std::vector<app::AssignmentRun> runs,
                                        app::ListAssignments(s, req.caller(), req.Param("number")));
                for (const app::AssignmentRun& r : runs) {
                  if (r.run != run) continue;
                  return Response::Bytes(document == "input" ? r.input : r.result,
                                         "application/json; charset=utf-8");
                }
                return NotFound("there is no run " + std::to_string(run));
              }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/tasks/{number}/widenings",
       .summary = "Declare that inspectors may also come from neighbouring counties or the "
                  "city pool (跨区域随机匹配), with a reason",
       .tag = "assignment",
       .access = task_write,
       .request_schema = {{"type", "object"},
                          {"required", {"scope", "reason"}},
                          {"properties",
                           {{"scope",
                             {{"type", "string"}, {"enum", {"neighbour_county", "city_pool"}}}},
                            {"regions", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
                            {"reason", {{"type", "string"}}}}}},
       .success_status = 201,
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         const std::string scope = in.Enum("scope", {"neighbour_county", "city_pool"});
         std::vector<int64_t> regions;
         if (in.Has("regions")) {
           regions = in.Ints("regions", 10, 110000, 829999);
         } else {
           in.Raw("regions");
         }
         const std::string reason = in.String("reason", {.max_chars = 200});
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         app::WideningScope w{};
         app::ParseWideningScope(scope, &w);
         std::vector<int32_t> r32(regions.begin(), regions.end());
         SUNLIT_ASSIGN_OR_RETURN(
             app::Widening done,
             app::WidenInspectorPool(s, req.caller(), req.Param("number"), w, r32, reason));
         return Response(WideningJson(done), 201);
       }});
  router.Add({.method = "GET",
              .path = "/api/v1/tasks/{number}/widenings",
              .summary = "The task's declared widenings, and the counties a neighbour_county "
                         "widening may still name (candidates)",
              .tag = "assignment",
              .access = task_read,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(std::vector<app::Widening> all,
                                        app::ListWidenings(s, req.caller(), req.Param("number")));
                Json items = Json::array();
                for (const app::Widening& w : all) items.push_back(WideningJson(w));
                SUNLIT_ASSIGN_OR_RETURN(
                    std::vector<app::CountyChoice> counties,
                    app::WideningCandidates(s, req.caller(), req.Param("number")));
                Json candidates = Json::array();
                for (const app::CountyChoice& c : counties) {
                  candidates.push_back({{"code", c.code}, {"name", c.name}});
                }
                return Json{{"items", items}, {"candidates", candidates}};
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/tasks/{number}/checks/{entity}/swap",
              .summary = "Replace one member of a check's team, for a reason, under the same "
                         "hard constraints",
              .tag = "assignment",
              .access = task_write,
              .request_schema = {{"type", "object"},
                                 {"required", {"remove", "add", "reason"}},
                                 {"properties",
                                  {{"remove", {{"type", "string"}}},
                                   {"add", {{"type", "string"}}},
                                   {"reason", {{"type", "string"}}}}}},
              .handler = [&s](Request& req) -> Response {
                JsonReader in = req.Body();
                const std::string remove = in.String("remove", {.max_chars = 64});
                const std::string add = in.String("add", {.max_chars = 64});
                const std::string reason = in.String("reason", {.max_chars = 200});
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(
                    app::Check c, app::SwapInspector(s, req.caller(), req.Param("number"),
                                                     req.Param("entity"), remove, add, reason));
                return CheckJson(c);
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/conflicts",
              .summary = "Declare a conflict of interest (回避): by the inspector, or by their "
                         "department",
              .tag = "assignment",
              .access = Access::Authenticated(),
              .request_schema = {{"type", "object"},
                                 {"required", {"inspector_code", "entity_code", "reason"}},
                                 {"properties",
                                  {{"inspector_code", {{"type", "string"}}},
                                   {"entity_code", {{"type", "string"}}},
                                   {"reason", {{"type", "string"}}}}}},
              .success_status = 201,
              .handler = [&s](Request& req) -> Response {
                JsonReader in = req.Body();
                const std::string inspector = in.String("inspector_code", {.max_chars = 64});
                const std::string entity = in.String("entity_code", {.max_chars = 18});
                const std::string reason = in.String("reason", {.max_chars = 200});
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(
                    app::Conflict c,
                    app::DeclareConflict(s, req.caller(), inspector, entity, reason));
                return Response(Json{{"inspector_code", c.inspector_code},
                                     {"entity_code", c.entity_code},
                                     {"reason", c.reason},
                                     {"declared_at", c.declared_at},
                                     {"declared_by", c.declared_by}},
                                201);
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/conflicts",
              .summary = "Declared conflicts of the department's inspectors (?inspector=&entity=)",
              .tag = "assignment",
              .access = Access::Permission(app::perm::kDirectoryWrite),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(
                    std::vector<app::Conflict> all,
                    app::ListConflicts(s, req.caller(), req.Query("inspector").value_or(""),
                                       req.Query("entity").value_or("")));
                Json items = Json::array();
                for (const app::Conflict& c : all) {
                  items.push_back({{"inspector_code", c.inspector_code},
                                   {"entity_code", c.entity_code},
                                   {"reason", c.reason},
                                   {"declared_at", c.declared_at},
                                   {"declared_by", c.declared_by}});
                }
                return Json{{"items", items}};
              }});
}

}  // namespace sunlit::http
