// The work-list routes of the staff console: an inspector's own checks and the review and
// publication queues (app/work_queue.h). Thin: read the query strictly, call the use case
// (which checks the permission and scopes to the caller), shape the JSON.
#include <algorithm>
#include <string>

#include "app/work_queue.h"
#include "core/field_error.h"
#include "http/routes.h"

namespace sunlit::http {
namespace {

const Json kListSchema = {{"type", "object"},
                          {"properties",
                           {{"items", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                            {"total", {{"type", "integer"}}},
                            {"limit", {{"type", "integer"}}},
                            {"offset", {{"type", "integer"}}}}}};

Json MyCheckJson(const store::repo::InspectorCheckRow& r) {
  return Json{{"check_id", r.check_id},
              {"version", r.version},
              {"state", r.state},
              {"task", {{"id", r.task_id}, {"number", r.task_number}, {"title", r.task_title}}},
              {"window", {{"start", r.window_start}, {"end", r.window_end}}},
              {"entity",
               {{"code", r.entity_code},
                {"name", r.entity_name},
                {"address", r.entity_address},
                {"region", r.region}}},
              {"publish_due", r.publish_due}};
}

Json QueueItemJson(const app::DeadlineItem& d) {
  return Json{{"check_id", d.check_id},
              {"task_id", d.task_id},
              {"task_number", d.task_number},
              {"lead_department", d.lead_department},
              {"entity_code", d.entity_code},
              {"entity_name", d.entity_name},
              {"state", d.state},
              {"checked_on", d.checked_on},
              {"deadline",
               {{"due", d.deadline.due.ToString()},
                {"working_days_left", d.deadline.working_days_left},
                {"state", std::string(core::WireName(d.deadline.state))}}}};
}

}  // namespace

void RegisterWorkRoutes(Router& router, app::Services& services) {
  app::Services& s = services;
  router.Add({.method = "GET",
              .path = "/api/v1/me/checks",
              .summary = "The caller's own checks as an inspector (?group=open|done|all), "
                         "returned first, then by the end of the check period",
              .tag = "results",
              .access = Access::Permission(app::perm::kCheckEnter),
              .response_schema = kListSchema,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(Page page, req.Paging(50, 200));
                const std::string g = req.Query("group").value_or("open");
                app::MyCheckGroup group = app::MyCheckGroup::kOpen;
                if (g == "done") {
                  group = app::MyCheckGroup::kDone;
                } else if (g == "all") {
                  group = app::MyCheckGroup::kAll;
                } else if (g != "open") {
                  return Response(InvalidField("group", "group must be one of open, done, all"));
                }
                SUNLIT_ASSIGN_OR_RETURN(
                    app::MyChecksPage p,
                    app::MyChecks(s, req.caller(), group, page.limit, page.offset));
                Json items = Json::array();
                for (const auto& r : p.items) items.push_back(MyCheckJson(r));
                Json out = Paged(std::move(items), p.total, page);
                out["linked"] = p.linked;
                return out;
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/results/queue",
              .summary = "Results waiting for review (?stage=review, check.review) or for "
                         "publication (?stage=publish, check.publish), soonest due first",
              .tag = "results",
              .access = Access::Authenticated(),
              .response_schema = kListSchema,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(Page page, req.Paging(50, 500));
                const std::string st = req.Query("stage").value_or("");
                app::QueueStage stage = app::QueueStage::kReview;
                if (st == "publish") {
                  stage = app::QueueStage::kPublish;
                } else if (st != "review") {
                  return Response(InvalidField("stage", "stage must be review or publish"));
                }
                SUNLIT_ASSIGN_OR_RETURN(std::vector<app::DeadlineItem> all,
                                        app::ResultQueue(s, req.caller(), stage));
                Json items = Json::array();
                const size_t begin = std::min(all.size(), static_cast<size_t>(page.offset));
                const size_t end = std::min(all.size(), begin + static_cast<size_t>(page.limit));
                for (size_t i = begin; i < end; ++i) items.push_back(QueueItemJson(all[i]));
                return Paged(std::move(items), static_cast<int64_t>(all.size()), page);
              }});
}

}  // namespace sunlit::http
