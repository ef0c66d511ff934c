// Review and publication. A reviewer sees the revision they approve by its hash in the
// ledger; publication freezes the public document and may propose a credit-list entry.
#include "app/review.h"

#include <algorithm>

#include "core/crash_point.h"
#include "app/credit.h"
#include "app/results_internal.h"
#include "core/text_rules.h"
#include "store/repo/results_repo.h"

namespace sunlit::app {

namespace repo = store::repo;
using internal::CheckContext;

namespace {

Status StaleVersion(const CheckContext& c, int64_t version) {
  return Aborted("the check was changed by someone else; reload it and try again",
                 "check " + std::to_string(c.check.id) + " is at version " +
                     std::to_string(c.check.version) + ", the request names " +
                     std::to_string(version));
}

// The department a step is recorded under: the caller's, or the lead department for a
// caller without one (the local operator).
std::string DepartmentOf(const Caller& caller, const CheckContext& c) {
  return caller.department_code.empty() ? c.check.lead_department : caller.department_code;
}

Result<ResultView> Decide(Services& s, const Caller& caller, const ReviewRequest& req,
                          bool approve) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCheckReview));
  core::TextRule rule;
  rule.max_bytes = 1000;
  rule.multiline = true;
  rule.required = !approve;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("opinion", req.opinion, rule));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  store::Sql& sql = tx->sql();
  SUNLIT_ASSIGN_OR_RETURN(CheckContext c, internal::LoadCheck(*tx, req.check_id));
  SUNLIT_RETURN_IF_ERROR(internal::RequireTakingPart(caller, perm::kCheckReview, c));
  if (c.Assigned(caller)) {
    return PermissionDenied("you inspected this check; someone else must review it");
  }
  if (c.check.state != "entered") {
    return FailedPrecondition("only an entered result can be reviewed; this check is " +
                              c.check.state);
  }
  if (req.version != c.check.version) return StaleVersion(c, req.version);
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::StoredResult> stored,
                          repo::FindResult(sql, c.check.id));
  if (!stored) return FailedPrecondition("the check has no result yet");
  repo::ReviewRow review;
  review.check_id = c.check.id;
  review.approve = approve;
  review.opinion = req.opinion;
  review.revision = stored->revision;
  review.reviewer = caller.Actor();
  review.department_code = DepartmentOf(caller, c);
  review.at = now;
  SUNLIT_RETURN_IF_ERROR(repo::InsertReview(sql, review).status());
  const char* state = approve ? "reviewed" : "returned";
  SUNLIT_ASSIGN_OR_RETURN(c.check.version,
                          repo::SetCheckState(sql, c.check.id, req.version, state));
  c.check.state = state;
  SUNLIT_RETURN_IF_ERROR(internal::Log(s, *tx, approve ? "result_approved" : "result_returned",
                                       c.check.task_number,
                                       internal::JsonObject(false)
                                           .Int("check_id", c.check.id)
                                           .Str("entity_code", c.check.entity_code)
                                           .Int("revision", stored->revision)
                                           .Str("content_sha256", stored->content_sha256)
                                           .Str("opinion_sha256", internal::Sha256Hex(req.opinion))
                                           .Str("department", review.department_code)
                                           .Str("by", caller.Actor())
                                           .Dump()));
  SUNLIT_ASSIGN_OR_RETURN(ResultView view, internal::BuildView(s, *tx, c));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

// Publishes a reviewed check in `tx` (access and version already checked).
Status PublishIn(Services& s, store::Transaction& tx, const Caller& caller, CheckContext& c,
                 core::Date today, const std::string& now) {
  store::Sql& sql = tx.sql();
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::StoredResult> stored,
                          repo::FindResult(sql, c.check.id));
  if (!stored) return FailedPrecondition("the check has no result yet");
  SUNLIT_ASSIGN_OR_RETURN(core::Date due, core::Date::Parse(stored->publish_due));
  const std::string published_on = today.ToString();
  SUNLIT_ASSIGN_OR_RETURN(std::string doc, internal::PublicDocument(tx, c, *stored, published_on));
  repo::PublicationRow p;
  p.check_id = c.check.id;
  p.entity_code = c.check.entity_code;
  p.entity_name = c.check.entity_name;
  p.task_id = c.check.task_id;
  p.department_code = DepartmentOf(caller, c);
  p.category_code = stored->result.category_code;
  p.checked_on = stored->result.checked_on.ToString();
  p.due_on = stored->publish_due;
  p.published_on = published_on;
  p.published_at = now;
  p.published_by = caller.Actor();
  p.on_time = today <= due;
  p.public_json = doc;
  SUNLIT_RETURN_IF_ERROR(repo::InsertPublication(sql, p));
  CrashPoint("publish.after_row");  // the public document written, the check and log not yet
  SUNLIT_ASSIGN_OR_RETURN(c.check.version,
                          repo::SetCheckState(sql, c.check.id, c.check.version, "published"));
  c.check.state = "published";
  SUNLIT_RETURN_IF_ERROR(internal::Log(s, tx, "result_published", c.check.task_number,
                                       internal::JsonObject(false)
                                           .Int("check_id", c.check.id)
                                           .Str("entity_code", c.check.entity_code)
                                           .Str("category", p.category_code)
                                           .Str("document_sha256", internal::Sha256Hex(doc))
                                           .Str("due_on", p.due_on)
                                           .Bool("on_time", p.on_time)
                                           .Str("department", p.department_code)
                                           .Str("by", caller.Actor())
                                           .Dump()));
  return internal::ProposeFromPublishedResult(s, tx, caller, c, *stored, today);
}

}  // namespace

Result<ResultView> Approve(Services& s, const Caller& caller, const ReviewRequest& req) {
  return Decide(s, caller, req, /*approve=*/true);
}

Result<ResultView> Return(Services& s, const Caller& caller, const ReviewRequest& req) {
  return Decide(s, caller, req, /*approve=*/false);
}

Result<ResultView> Publish(Services& s, const Caller& caller, const PublishRequest& req) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCheckPublish));
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(CheckContext c, internal::LoadCheck(*tx, req.check_id));
  SUNLIT_RETURN_IF_ERROR(internal::RequireTakingPart(caller, perm::kCheckPublish, c));
  if (c.check.state != "reviewed") {
    return FailedPrecondition("only a reviewed result can be published; this check is " +
                              c.check.state);
  }
  if (req.version != c.check.version) return StaleVersion(c, req.version);
  SUNLIT_RETURN_IF_ERROR(PublishIn(s, *tx, caller, c, today, now));
  SUNLIT_ASSIGN_OR_RETURN(ResultView view, internal::BuildView(s, *tx, c));
  CrashPoint("publish.before_commit");
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  CrashPoint("publish.after_commit");
  return view;
}

Result<PublishTaskOutcome> PublishTask(Services& s, const Caller& caller, int64_t task_id) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCheckPublish));
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<int64_t> ids, repo::ReviewedChecksOfTask(tx->sql(), task_id));
  PublishTaskOutcome out;
  bool denied = false;
  for (const int64_t id : ids) {
    SUNLIT_ASSIGN_OR_RETURN(CheckContext c, internal::LoadCheck(*tx, id));
    if (!c.TakesPart(caller, perm::kCheckPublish)) {
      denied = true;
      continue;
    }
    SUNLIT_RETURN_IF_ERROR(PublishIn(s, *tx, caller, c, today, now));
    out.published.push_back(id);
  }
  if (out.published.empty()) {
    if (denied) return PermissionDenied("you are not allowed to do this for another department");
    return FailedPrecondition("the task has no reviewed result to publish");
  }
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<std::vector<DeadlineItem>> Deadlines(Services& s, const Caller& caller,
                                            DeadlineFilter filter) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  Scope scope = Scope::kNone;
  for (std::string_view p : {perm::kCheckReview, perm::kCheckPublish, perm::kStatsRead}) {
    scope = std::max(scope, caller.ScopeOf(p));
  }
  if (scope == Scope::kNone) {
    return PermissionDenied("you are not allowed to see publication deadlines");
  }
  const std::string department = scope == Scope::kAll ? "" : caller.department_code;
  if (scope != Scope::kAll && department.empty()) {
    return PermissionDenied("you are not allowed to see publication deadlines");
  }
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(core::WorkCalendar calendar, internal::LoadCalendar(*tx));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::UnpublishedResult> rows,
                          repo::UnpublishedResults(tx->sql(), department));
  std::vector<DeadlineItem> out;
  for (repo::UnpublishedResult& r : rows) {
    SUNLIT_ASSIGN_OR_RETURN(core::Date due, core::Date::Parse(r.publish_due));
    SUNLIT_ASSIGN_OR_RETURN(
        core::DeadlineView d,
        core::AssessDeadline(calendar, due, today, core::kPublicationWarningWorkingDays));
    if (filter == DeadlineFilter::kWarning && d.state != core::DeadlineState::kWarning) continue;
    if (filter == DeadlineFilter::kOverdue && d.state != core::DeadlineState::kOverdue) continue;
    out.push_back({r.check_id, r.task_id, std::move(r.task_number), std::move(r.lead_department),
                   std::move(r.entity_code), std::move(r.entity_name), std::move(r.state),
                   std::move(r.checked_on), d});
  }
  return out;
}

}  // namespace sunlit::app
