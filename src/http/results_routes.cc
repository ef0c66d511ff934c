// The results routes: entry and evidence, review and publication, deadlines, credit lists
// and the restriction query, referrals, statistics. Thin: read the input strictly, call the
// app/ use case (which checks department and own-check scope), shape the JSON.
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/credit.h"
#include "app/referrals.h"
#include "app/results.h"
#include "app/review.h"
#include "app/stats.h"
#include "core/field_error.h"
#include "http/result_body.h"
#include "http/routes.h"

namespace sunlit::http {
namespace {

// ---- JSON out ----------------------------------------------------------------------------

Json DeadlineJson(const core::DeadlineView& d) {
  return Json{{"due", d.due.ToString()},
              {"working_days_left", d.working_days_left},
              {"state", std::string(core::WireName(d.state))}};
}

Json EvidenceJson(const app::EvidenceInfo& e) {
  return Json{{"id", e.id},
              {"check_id", e.check_id},
              {"sha256", e.sha256},
              {"size", e.size},
              {"content_type", e.content_type},
              {"original_name", e.original_name},
              {"note", e.note},
              {"uploaded_by", e.uploaded_by},
              {"uploaded_at", e.uploaded_at},
              {"url", "/api/v1/evidence/" + std::to_string(e.id)}};
}

Json ResultJson(const app::ResultView& v) {
  Json j = {{"check_id", v.check_id},
            {"version", v.version},
            {"state", v.state},
            {"task",
             {{"id", v.task_id},
              {"number", v.task_number},
              {"title", v.task_title},
              {"lead_department", v.lead_department}}},
            {"entity", {{"code", v.entity_code}, {"name", v.entity_name}, {"region", v.region}}},
            {"inspectors", v.inspectors},
            {"departments", v.departments},
            {"result", nullptr},
            {"deadline", nullptr},
            {"publication", nullptr}};
  if (v.has_result) {
    Json methods = Json::array();
    for (const core::CheckMethod m : v.result.methods) methods.push_back(core::WireName(m));
    Json items = Json::array();
    for (const core::ItemResult& it : v.result.items) {
      items.push_back({{"department", it.department_code},
                       {"item", it.item_code},
                       {"name", it.item_name},
                       {"checked", it.checked},
                       {"problems", it.problems},
                       {"action", it.action}});
    }
    j["result"] = {
        {"checked_on", v.result.checked_on.ToString()},
        {"methods", methods},
        {"category_set", v.result.category_set},
        {"category", v.result.category_code},
        {"category_name", v.category_name},
        {"summary", v.result.summary},
        {"follow_up", core::WireName(v.result.follow_up)},
        {"follow_up_note", v.result.follow_up_note},
        {"items", items},
        {"closure", {{"closed", v.closed}, {"closed_on", v.closed_on}, {"note", v.closure_note}}},
        {"revision", v.revision},
        {"content_sha256", v.content_sha256},
        {"entered_by", v.entered_by},
        {"entered_at", v.entered_at},
        {"publish_due", v.publish_due}};
  }
  if (v.deadline) j["deadline"] = DeadlineJson(*v.deadline);
  if (!v.deadline_error.empty()) j["deadline_error"] = v.deadline_error;
  Json evidence = Json::array();
  for (const app::EvidenceInfo& e : v.evidence) evidence.push_back(EvidenceJson(e));
  j["evidence"] = evidence;
  Json reviews = Json::array();
  for (const app::ReviewInfo& r : v.reviews) {
    reviews.push_back({{"decision", r.approve ? "approve" : "return"},
                       {"opinion", r.opinion},
                       {"revision", r.revision},
                       {"reviewer", r.reviewer},
                       {"department", r.department_code},
                       {"at", r.at}});
  }
  j["reviews"] = reviews;
  if (v.publication) {
    j["publication"] = {{"published_on", v.publication->published_on},
                        {"published_at", v.publication->published_at},
                        {"published_by", v.publication->published_by},
                        {"department", v.publication->department_code},
                        {"on_time", v.publication->on_time}};
  }
  return j;
}

Json CreditJson(const app::CreditEntry& e) {
  return Json{{"id", e.id},
              {"list", core::WireName(e.list)},
              {"list_name", core::ChineseName(e.list)},
              {"entity_code", e.entity_code},
              {"entity_name", e.entity_name},
              {"reason_code", e.reason_code},
              {"reason", e.reason},
              {"source_check_id", e.source_check_id},
              {"source_entry_id", e.source_entry_id},
              {"department", e.department_code},
              {"state", core::WireName(e.state)},
              {"proposed_on", e.proposed_on},
              {"proposed_by", e.proposed_by},
              {"decision_due", e.decision_due},
              {"decided_on", e.decided_on},
              {"decided_by", e.decided_by},
              {"decision_ref", e.decision_ref},
              {"decision_note", e.decision_note},
              {"removed_on", e.removed_on},
              {"removed_by", e.removed_by},
              {"removal_reason", e.removal_reason},
              {"version", e.version}};
}

Json ReferralJson(const app::Referral& r) {
  Json j = {{"id", r.id},
            {"check_id", r.check_id},
            {"entity_code", r.entity_code},
            {"entity_name", r.entity_name},
            {"kind", app::WireName(r.kind)},
            {"from_department", r.from_department},
            {"to_department", r.to_department},
            {"subject", r.subject},
            {"body", r.body},
            {"sent_on", r.sent_on},
            {"sent_by", r.sent_by},
            {"feedback_due", r.feedback_due},
            {"answered", r.answered},
            {"feedback", r.feedback},
            {"feedback_on", r.feedback_on},
            {"feedback_by", r.feedback_by},
            {"version", r.version},
            {"deadline", nullptr}};
  if (r.deadline) j["deadline"] = DeadlineJson(*r.deadline);
  return j;
}

Json RateJson(std::optional<double> r) { return r ? Json(*r) : Json(nullptr); }

Json StatsRowJson(const app::StatsRow& r) {
  return Json{{"key", r.key},
              {"name", r.name},
              {"to_check", r.to_check},
              {"entered", r.entered},
              {"reviewed", r.reviewed},
              {"published", r.published},
              {"problems", r.problems},
              {"on_time", r.on_time},
              {"completion_rate", RateJson(r.completion_rate())},
              {"problem_rate", RateJson(r.problem_rate())},
              {"timeliness_rate", RateJson(r.timeliness_rate())}};
}

template <typename T, typename F>
Json PageOf(const std::vector<T>& all, const Page& page, F to_json) {
  Json items = Json::array();
  const auto begin = std::min<size_t>(all.size(), static_cast<size_t>(page.offset));
  const auto end = std::min<size_t>(all.size(), begin + static_cast<size_t>(page.limit));
  for (size_t i = begin; i < end; ++i) items.push_back(to_json(all[i]));
  return Paged(std::move(items), static_cast<int64_t>(all.size()), page);
}

// ---- JSON in -----------------------------------------------------------------------------

const TextRule kLongText{.max_chars = 4000, .multiline = true, .allow_empty = true};

Result<bool> QueryBool(const Request& req, std::string_view name) {
  std::optional<std::string> v = req.Query(name);
  if (!v || v->empty()) return false;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  return InvalidField(name, std::string(name) + " must be true or false");
}

// RFC 5987 percent-encoding of a file name for Content-Disposition (only unreserved bytes
// stay as they are, so nothing a client sent can break the header).
std::string EncodeFilename(std::string_view name) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : name) {
    const auto b = static_cast<unsigned char>(ch);
    if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' ||
        b == '.' || b == '_' || b == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
    }
  }
  return out;
}

std::string_view ExtensionOf(std::string_view content_type) {
  if (content_type == "image/jpeg") return ".jpg";
  if (content_type == "image/png") return ".png";
  if (content_type == "image/webp") return ".webp";
  if (content_type == "application/pdf") return ".pdf";
  if (content_type == "video/mp4") return ".mp4";
  return "";
}

// A temporary file for an export, removed when this goes out of scope.
class TempFile {
 public:
  explicit TempFile(std::string_view suffix) {
    std::string tmpl = "/tmp/sunlit-export-XXXXXX" + std::string(suffix);
    const int fd = ::mkstemps(tmpl.data(), static_cast<int>(suffix.size()));
    if (fd >= 0) {
      ::close(fd);
      path_ = tmpl;
    }
  }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const Json kObject = {{"type", "object"}};

Json ListSchema() {
  return Json{{"type", "object"},
              {"properties",
               {{"items", {{"type", "array"}, {"items", kObject}}},
                {"total", {{"type", "integer"}}},
                {"limit", {{"type", "integer"}}},
                {"offset", {{"type", "integer"}}}}}};
}

const Json kVersionBody = {{"type", "object"},
                           {"required", {"version"}},
                           {"properties", {{"version", {{"type", "integer"}}}}}};

}  // namespace

void RegisterResultsRoutes(Router& router, app::Services& services) {
  app::Services& s = services;

  // ---- categories, entry, evidence ------------------------------------------------------
  router.Add({.method = "GET",
              .path = "/api/v1/result-categories",
              .summary = "The result category list in force (or ?version=N)",
              .tag = "results",
              .access = Access::Authenticated(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t version, req.QueryInt("version", 0, 0, 1000000));
                SUNLIT_ASSIGN_OR_RETURN(core::ResultCategorySet set,
                                        app::GetCategorySet(s, static_cast<int>(version)));
                Json cats = Json::array();
                for (const core::ResultCategory& c : set.categories) {
                  cats.push_back({{"code", c.code},
                                  {"name", c.name},
                                  {"parent", c.parent},
                                  {"selectable", c.selectable},
                                  {"problem", c.problem},
                                  {"needs_follow_up", c.needs_follow_up},
                                  {"credit_action", core::WireName(c.credit)}});
                }
                return Json{{"version", set.version},
                            {"name", set.name},
                            {"source", set.source},
                            {"effective_from", set.effective_from.ToString()},
                            {"categories", cats}};
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/checks/{id}/result",
              .summary = "A check's result record, evidence, reviews, publication and deadline",
              .tag = "results",
              .access = Access::Authenticated(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_ASSIGN_OR_RETURN(app::ResultView v, app::GetResult(s, req.caller(), id));
                return ResultJson(v);
              }});
  router.Add(
      {.method = "PUT",
       .path = "/api/v1/checks/{id}/result",
       .summary = "Enter or correct the result (assigned inspectors; version-checked)",
       .tag = "results",
       .access = Access::Permission(app::perm::kCheckEnter),
       .request_schema = {{"type", "object"},
                          {"required",
                           {"version", "checked_on", "methods", "category", "follow_up", "items"}}},
       .max_body = 2 * 1024 * 1024,
       .handler = [&s](Request& req) -> Response {
         SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
         JsonReader in = req.Body();
         SUNLIT_ASSIGN_OR_RETURN(app::EnterResultRequest r, ReadResultBody(in, id));
         SUNLIT_ASSIGN_OR_RETURN(app::ResultView v, app::EnterResult(s, req.caller(), r));
         return ResultJson(v);
       }});
  router.Add({.method = "POST",
              .path = "/api/v1/checks/{id}/result/closure",
              .summary = "Record that the follow-up is done (已完结, with the day)",
              .tag = "results",
              .access = Access::Authenticated(),
              .request_schema = kVersionBody,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                JsonReader in = req.Body();
                app::CloseFollowUpRequest r;
                r.check_id = id;
                r.version = in.Int("version", 1, INT64_MAX);
                const std::string on = in.Date("closed_on");
                r.note = in.String("note", {.max_chars = 2000, .multiline = true});
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(r.closed_on, core::Date::Parse(on));
                SUNLIT_ASSIGN_OR_RETURN(app::ResultView v, app::CloseFollowUp(s, req.caller(), r));
                return ResultJson(v);
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/checks/{id}/evidence",
              .summary = "Attach an evidence file: the body is the file, Content-Type its type "
                         "(image/jpeg, image/png, image/webp, application/pdf, video/mp4), "
                         "?name= and ?note= optional; at most 20 MiB",
              .tag = "results",
              .access = Access::Permission(app::perm::kCheckEnter),
              .max_body = static_cast<size_t>(app::kMaxEvidenceBytes),
              .raw_body = true,
              .success_status = 201,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                app::AddEvidenceRequest r;
                r.check_id = id;
                std::string type = req.Header("Content-Type");
                if (const size_t semi = type.find(';'); semi != std::string::npos)
                  type.resize(semi);
                while (!type.empty() && type.back() == ' ') type.pop_back();
                r.content_type = type;
                r.original_name = req.Query("name").value_or("");
                r.note = req.Query("note").value_or("");
                r.bytes = req.body();
                SUNLIT_ASSIGN_OR_RETURN(app::EvidenceInfo e, app::AddEvidence(s, req.caller(), r));
                return Response(EvidenceJson(e), 201);
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/evidence/{id}",
              .summary = "Download an evidence file (checked against its SHA-256)",
              .tag = "results",
              .access = Access::Authenticated(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_ASSIGN_OR_RETURN(app::EvidenceFile f, app::GetEvidence(s, req.caller(), id));
                const std::string fallback = "evidence-" + std::to_string(f.info.id) +
                                             std::string(ExtensionOf(f.info.content_type));
                const std::string name =
                    f.info.original_name.empty() ? fallback : f.info.original_name;
                Response r = Response::Bytes(std::move(f.bytes), f.info.content_type);
                r.Header("Content-Disposition", "attachment; filename=\"" + fallback +
                                                    "\"; filename*=UTF-8''" + EncodeFilename(name));
                r.Header("Content-Security-Policy", "default-src 'none'; sandbox");
                r.Header("X-Content-SHA256", f.info.sha256);
                return r;
              }});

  // ---- review and publication ------------------------------------------------------------
  auto review = [&s](bool approve) {
    return [&s, approve](Request& req) -> Response {
      SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
      JsonReader in = req.Body();
      app::ReviewRequest r;
      r.check_id = id;
      r.version = in.Int("version", 1, INT64_MAX);
      r.opinion =
          approve
              ? in.OptString("opinion", {.max_chars = 1000, .multiline = true, .allow_empty = true})
                    .value_or("")
              : in.String("opinion", {.max_chars = 1000, .multiline = true});
      SUNLIT_RETURN_IF_ERROR(in.Finish());
      SUNLIT_ASSIGN_OR_RETURN(app::ResultView v, approve ? app::Approve(s, req.caller(), r)
                                                         : app::Return(s, req.caller(), r));
      return ResultJson(v);
    };
  };
  router.Add({.method = "POST",
              .path = "/api/v1/checks/{id}/approve",
              .summary = "Approve an entered result (审核通过)",
              .tag = "results",
              .access = Access::Permission(app::perm::kCheckReview),
              .request_schema = kVersionBody,
              .handler = review(true)});
  router.Add({.method = "POST",
              .path = "/api/v1/checks/{id}/return",
              .summary = "Return an entered result to the inspectors with an opinion (退回)",
              .tag = "results",
              .access = Access::Permission(app::perm::kCheckReview),
              .request_schema = kVersionBody,
              .handler = review(false)});
  router.Add({.method = "POST",
              .path = "/api/v1/checks/{id}/publish",
              .summary = "Publish a reviewed result (公示)",
              .tag = "results",
              .access = Access::Permission(app::perm::kCheckPublish),
              .request_schema = kVersionBody,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                JsonReader in = req.Body();
                app::PublishRequest r;
                r.check_id = id;
                r.version = in.Int("version", 1, INT64_MAX);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(app::ResultView v, app::Publish(s, req.caller(), r));
                return ResultJson(v);
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/tasks/{id}/results/publish",
              .summary = "Publish every reviewed result of a task",
              .tag = "results",
              .access = Access::Permission(app::perm::kCheckPublish),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                JsonReader in = req.Body();
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(app::PublishTaskOutcome o,
                                        app::PublishTask(s, req.caller(), id));
                return Json{{"published", o.published}};
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/results/deadlines",
              .summary = "Unpublished results and their publication deadline "
                         "(?filter=all|warning|overdue)",
              .tag = "results",
              .access = Access::Permission(app::perm::kStatsRead),
              .response_schema = ListSchema(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(Page page, req.Paging(50, 500));
                const std::string f = req.Query("filter").value_or("all");
                app::DeadlineFilter filter = app::DeadlineFilter::kAll;
                if (f == "warning") {
                  filter = app::DeadlineFilter::kWarning;
                } else if (f == "overdue") {
                  filter = app::DeadlineFilter::kOverdue;
                } else if (f != "all") {
                  return Response(
                      InvalidField("filter", "filter must be one of all, warning, overdue"));
                }
                SUNLIT_ASSIGN_OR_RETURN(std::vector<app::DeadlineItem> items,
                                        app::Deadlines(s, req.caller(), filter));
                return PageOf(items, page, [](const app::DeadlineItem& d) {
                  return Json{{"check_id", d.check_id},
                              {"task_id", d.task_id},
                              {"task_number", d.task_number},
                              {"lead_department", d.lead_department},
                              {"entity_code", d.entity_code},
                              {"entity_name", d.entity_name},
                              {"state", d.state},
                              {"checked_on", d.checked_on},
                              {"deadline", DeadlineJson(d.deadline)}};
                });
              }});

  // ---- credit lists ------------------------------------------------------------------------
  router.Add({.method = "GET",
              .path = "/api/v1/credit/entries",
              .summary = "经营异常名录 / 严重违法失信名单 entries (?list=&state=&code=&overdue=)",
              .tag = "credit",
              .access = Access::Permission(app::perm::kCreditPropose),
              .response_schema = ListSchema(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(Page page, req.Paging(50, 500));
                app::CreditFilter f;
                if (auto l = req.Query("list"); l && !l->empty()) {
                  core::CreditList list;
                  if (!core::ParseCreditList(*l, &list)) {
                    return Response(InvalidField("list", "list must be abnormal or serious"));
                  }
                  f.list = list;
                }
                if (auto st = req.Query("state"); st && !st->empty()) {
                  core::CreditState state;
                  if (!core::ParseCreditState(*st, &state)) {
                    return Response(InvalidField(
                        "state", "state must be one of proposed, listed, rejected, removed"));
                  }
                  f.state = state;
                }
                f.entity_code = req.Query("code").value_or("");
                SUNLIT_ASSIGN_OR_RETURN(f.overdue_only, QueryBool(req, "overdue"));
                SUNLIT_ASSIGN_OR_RETURN(std::vector<app::CreditEntry> entries,
                                        app::ListCredit(s, req.caller(), f));
                return PageOf(entries, page, CreditJson);
              }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/credit/entries",
       .summary = "Propose a list entry (decided within 10 working days)",
       .tag = "credit",
       .access = Access::Permission(app::perm::kCreditPropose),
       .request_schema = {{"type", "object"}, {"required", {"list", "entity_code", "reason_code"}}},
       .success_status = 201,
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         app::ProposeRequest r;
         const std::string list = in.Enum("list", {"abnormal", "serious"});
         r.entity_code = in.String("entity_code", {.max_chars = 64});
         r.reason_code = in.String("reason_code", {.max_chars = 40});
         r.reason =
             in.OptString("reason", {.max_chars = 500, .multiline = true, .allow_empty = true})
                 .value_or("");
         r.source_check_id = in.OptInt("source_check_id", 1, INT64_MAX).value_or(0);
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         core::ParseCreditList(list, &r.list);
         SUNLIT_ASSIGN_OR_RETURN(app::CreditEntry e, app::Propose(s, req.caller(), r));
         return Response(CreditJson(e), 201);
       }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/credit/entries/{id}/decision",
       .summary = "Decide a proposal: list it (with the decision number) or reject it",
       .tag = "credit",
       .access = Access::Permission(app::perm::kCreditDecide),
       .request_schema = kVersionBody,
       .handler = [&s](Request& req) -> Response {
         SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
         JsonReader in = req.Body();
         app::DecideRequest r;
         r.entry_id = id;
         r.version = in.Int("version", 1, INT64_MAX);
         r.list = in.Bool("list");
         r.decision_ref =
             in.OptString("decision_ref", {.max_chars = 100, .allow_empty = true}).value_or("");
         r.note = in.OptString("note", {.max_chars = 1000, .multiline = true, .allow_empty = true})
                      .value_or("");
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_ASSIGN_OR_RETURN(app::CreditEntry e, app::Decide(s, req.caller(), r));
         return CreditJson(e);
       }});
  router.Add({.method = "POST",
              .path = "/api/v1/credit/entries/{id}/removal",
              .summary = "Take an entity off a list (移出), with the reason",
              .tag = "credit",
              .access = Access::Permission(app::perm::kCreditDecide),
              .request_schema = kVersionBody,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                JsonReader in = req.Body();
                app::RemoveRequest r;
                r.entry_id = id;
                r.version = in.Int("version", 1, INT64_MAX);
                r.reason = in.String("reason", {.max_chars = 500, .multiline = true});
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(app::CreditEntry e, app::Remove(s, req.caller(), r));
                return CreditJson(e);
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/credit/serious-proposals",
              .summary = "Propose the 严重违法失信名单 for entities 3 years on the 经营异常名录",
              .tag = "credit",
              .access = Access::Permission(app::perm::kCreditPropose),
              .handler = [&s](Request& req) -> Response {
                JsonReader in = req.Body();
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(std::vector<app::CreditEntry> made,
                                        app::ProposeSeriousAfterThreeYears(s, req.caller()));
                Json items = Json::array();
                for (const app::CreditEntry& e : made) items.push_back(CreditJson(e));
                return Json{{"proposed", items}};
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/restrictions/{code}",
              .summary = "联合惩戒: is the entity on a list now, since when, why, decided by whom",
              .tag = "credit",
              .access = Access::Authenticated(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::RestrictionAnswer a,
                                        app::Restrictions(s, req.caller(), req.Param("code")));
                Json items = Json::array();
                for (const app::Restriction& r : a.restrictions) {
                  items.push_back({{"list", core::WireName(r.list)},
                                   {"list_name", core::ChineseName(r.list)},
                                   {"since", r.since},
                                   {"reason", r.reason},
                                   {"department", r.department_code},
                                   {"department_name", r.department_name},
                                   {"decision_ref", r.decision_ref},
                                   {"entry_id", r.entry_id}});
                }
                return Json{{"entity_code", a.entity_code},
                            {"entity_name", a.entity_name},
                            {"restricted", a.restricted},
                            {"restrictions", items}};
              }});

  // ---- referrals ---------------------------------------------------------------------------
  router.Add(
      {.method = "GET",
       .path = "/api/v1/referrals",
       .summary = "Referrals (抄告/移送) sent or received (?direction=in|out&answered=&overdue=)",
       .tag = "referrals",
       .access = Access::Permission(app::perm::kReferralWrite),
       .response_schema = ListSchema(),
       .handler = [&s](Request& req) -> Response {
         SUNLIT_ASSIGN_OR_RETURN(Page page, req.Paging(50, 500));
         app::ReferralFilter f;
         const std::string dir = req.Query("direction").value_or("");
         if (dir == "in") {
           f.direction = app::ReferralFilter::Direction::kIncoming;
         } else if (dir == "out") {
           f.direction = app::ReferralFilter::Direction::kOutgoing;
         } else if (!dir.empty() && dir != "any") {
           return Response(InvalidField("direction", "direction must be in, out or any"));
         }
         if (auto a = req.Query("answered"); a && !a->empty()) {
           SUNLIT_ASSIGN_OR_RETURN(bool answered, QueryBool(req, "answered"));
           f.answered = answered;
         }
         SUNLIT_ASSIGN_OR_RETURN(f.overdue_only, QueryBool(req, "overdue"));
         SUNLIT_ASSIGN_OR_RETURN(std::vector<app::Referral> items,
                                 app::ListReferrals(s, req.caller(), f));
         return PageOf(items, page, ReferralJson);
       }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/referrals",
       .summary = "Refer a finding to another department with a feedback deadline",
       .tag = "referrals",
       .access = Access::Permission(app::perm::kReferralWrite),
       .request_schema = {{"type", "object"}, {"required", {"to_department", "subject"}}},
       .success_status = 201,
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         app::SendReferralRequest r;
         r.check_id = in.OptInt("check_id", 1, INT64_MAX).value_or(0);
         r.entity_code = in.OptString("entity_code", {.max_chars = 64}).value_or("");
         r.to_department = in.String("to_department", {.max_chars = 40});
         const std::string kind = in.OptEnum("kind", {"notify", "transfer"}).value_or("notify");
         r.subject = in.String("subject", {.max_chars = 200});
         r.body = in.OptString("body", kLongText).value_or("");
         r.feedback_days = static_cast<int>(
             in.OptInt("feedback_days", 1, core::kMaxReferralFeedbackWorkingDays).value_or(0));
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         app::ParseReferralKind(kind, &r.kind);
         SUNLIT_ASSIGN_OR_RETURN(app::Referral out, app::SendReferral(s, req.caller(), r));
         return Response(ReferralJson(out), 201);
       }});
  router.Add({.method = "POST",
              .path = "/api/v1/referrals/{id}/feedback",
              .summary = "Answer a referral (the receiving department)",
              .tag = "referrals",
              .access = Access::Permission(app::perm::kReferralWrite),
              .request_schema = kVersionBody,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                JsonReader in = req.Body();
                app::AnswerReferralRequest r;
                r.referral_id = id;
                r.version = in.Int("version", 1, INT64_MAX);
                r.feedback = in.String("feedback", kLongText);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(app::Referral out, app::AnswerReferral(s, req.caller(), r));
                return ReferralJson(out);
              }});

  // ---- statistics ----------------------------------------------------------------------------
  auto stats_request = [](const Request& req) -> Result<app::StatsRequest> {
    app::StatsRequest r;
    SUNLIT_ASSIGN_OR_RETURN(int64_t year, req.QueryInt("year", 0, 0, 2999));
    SUNLIT_ASSIGN_OR_RETURN(int64_t level, req.QueryInt("region_level", 3, 1, 3));
    r.year = static_cast<int32_t>(year);
    r.region_level = static_cast<int>(level);
    const std::string group = req.Query("group").value_or("department");
    if (!app::ParseStatsGroup(group, &r.group)) {
      return InvalidField("group", "group must be one of department, region, task, inspector");
    }
    return r;
  };
  router.Add({.method = "GET",
              .path = "/api/v1/stats",
              .summary = "Statistics by department, region, task or inspector (?year=&group=)",
              .tag = "stats",
              .access = Access::Permission(app::perm::kStatsRead),
              .handler = [&s, stats_request](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::StatsRequest r, stats_request(req));
                SUNLIT_ASSIGN_OR_RETURN(app::StatsReport report,
                                        app::ComputeStats(s, req.caller(), r));
                Json rows = Json::array();
                for (const app::StatsRow& row : report.rows) rows.push_back(StatsRowJson(row));
                return Json{{"year", report.year},
                            {"group", app::WireName(report.group)},
                            {"rows", rows},
                            {"total", StatsRowJson(report.total)}};
              }});
  router.Add(
      {.method = "GET",
       .path = "/api/v1/stats/export",
       .summary = "The same statistics as a CSV or XLSX file (?format=csv|xlsx)",
       .tag = "stats",
       .access = Access::Permission(app::perm::kStatsRead),
       .handler = [&s, stats_request](Request& req) -> Response {
         SUNLIT_ASSIGN_OR_RETURN(app::StatsRequest r, stats_request(req));
         const std::string format = req.Query("format").value_or("csv");
         if (format != "csv" && format != "xlsx") {
           return Response(InvalidField("format", "format must be csv or xlsx"));
         }
         SUNLIT_ASSIGN_OR_RETURN(app::StatsReport report, app::ComputeStats(s, req.caller(), r));
         TempFile tmp(format == "csv" ? ".csv" : ".xlsx");
         if (tmp.path().empty()) return Response(Internal("internal error", "mkstemps failed"));
         SUNLIT_RETURN_IF_ERROR(app::WriteStats(
             report, tmp.path(), format == "csv" ? io::WriteFormat::kCsv : io::WriteFormat::kXlsx));
         std::ifstream in(tmp.path(), std::ios::binary);
         std::ostringstream bytes;
         bytes << in.rdbuf();
         const std::string name = "sunlit-stats-" + std::to_string(report.year) + "-" +
                                  std::string(app::WireName(report.group)) + "." + format;
         Response out = Response::Bytes(
             bytes.str(),
             format == "csv" ? "text/csv; charset=utf-8"
                             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
         out.Header("Content-Disposition", "attachment; filename=\"" + name + "\"");
         return out;
       }});
}

}  // namespace sunlit::http
