// Referrals: sending, answering, listing with the feedback deadline.
#include "app/referrals.h"

#include "app/results_internal.h"
#include "core/field_error.h"
#include "core/text_rules.h"
#include "store/repo/credit_repo.h"

namespace sunlit::app {

namespace repo = store::repo;

namespace {

Referral ReferralOf(repo::ReferralRow r) {
  Referral v;
  v.id = r.id;
  v.check_id = r.check_id;
  v.entity_code = std::move(r.entity_code);
  v.entity_name = std::move(r.entity_name);
  ParseReferralKind(r.kind, &v.kind);
  v.from_department = std::move(r.from_department);
  v.to_department = std::move(r.to_department);
  v.subject = std::move(r.subject);
  v.body = std::move(r.body);
  v.sent_on = std::move(r.sent_on);
  v.sent_by = std::move(r.sent_by);
  v.feedback_due = std::move(r.feedback_due);
  v.answered = r.state == "answered";
  v.feedback = std::move(r.feedback);
  v.feedback_on = std::move(r.feedback_on);
  v.feedback_by = std::move(r.feedback_by);
  v.version = r.version;
  return v;
}

Status AddDeadline(const core::WorkCalendar& calendar, core::Date today, Referral* r) {
  if (r->answered) return Status::Ok();
  SUNLIT_ASSIGN_OR_RETURN(core::Date due, core::Date::Parse(r->feedback_due));
  // The warning threshold of a referral is the same 5 working days as for publication.
  SUNLIT_ASSIGN_OR_RETURN(r->deadline, core::AssessDeadline(calendar, due, today,
                                                            core::kPublicationWarningWorkingDays));
  return Status::Ok();
}

std::string ReferralEvent(const repo::ReferralRow& r, const Caller& caller) {
  return internal::JsonObject(false)
      .Int("referral_id", r.id)
      .Int("check_id", r.check_id)
      .Str("entity_code", r.entity_code)
      .Str("kind", r.kind)
      .Str("from", r.from_department)
      .Str("to", r.to_department)
      .Str("feedback_due", r.feedback_due)
      .Str("state", r.state)
      .Str("by", caller.Actor())
      .Dump();
}

}  // namespace

std::string_view WireName(ReferralKind k) {
  return k == ReferralKind::kTransfer ? "transfer" : "notify";
}

bool ParseReferralKind(std::string_view s, ReferralKind* out) {
  if (s == "notify" || s == "抄告") {
    *out = ReferralKind::kNotify;
  } else if (s == "transfer" || s == "移送") {
    *out = ReferralKind::kTransfer;
  } else {
    return false;
  }
  return true;
}

Result<Referral> SendReferral(Services& s, const Caller& caller, const SendReferralRequest& req) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kReferralWrite));
  if (caller.department_code.empty()) return PermissionDenied("only a department can refer");
  core::TextRule subject_rule;
  subject_rule.max_bytes = 200;
  subject_rule.required = true;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("subject", req.subject, subject_rule));
  core::TextRule body_rule;
  body_rule.max_bytes = 4000;
  body_rule.multiline = true;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("body", req.body, body_rule));
  const int days =
      req.feedback_days == 0 ? core::kDefaultReferralFeedbackWorkingDays : req.feedback_days;
  if (days < 1 || days > core::kMaxReferralFeedbackWorkingDays) {
    return InvalidField("feedback_days", "feedback_days: 1 to 60 working days");
  }
  if (req.to_department == caller.department_code) {
    return InvalidField("to_department", "to_department: a referral goes to another department");
  }
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  store::Sql& sql = tx->sql();
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::DepartmentRef> to,
                          repo::FindDepartment(sql, req.to_department));
  if (!to) return InvalidField("to_department", "to_department: unknown department");
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::DepartmentRef> from,
                          repo::FindDepartment(sql, caller.department_code));
  if (!from) return PermissionDenied("your department is not known");
  repo::ReferralRow row;
  if (req.check_id != 0) {
    SUNLIT_ASSIGN_OR_RETURN(internal::CheckContext c, internal::LoadCheck(*tx, req.check_id));
    SUNLIT_RETURN_IF_ERROR(internal::RequireTakingPart(caller, perm::kReferralWrite, c));
    row.check_id = c.check.id;
    row.entity_code = c.check.entity_code;
    row.entity_name = c.check.entity_name;
    if (!req.entity_code.empty()) {
      SUNLIT_ASSIGN_OR_RETURN(std::string code, internal::ParseEntityCode(req.entity_code));
      if (code != row.entity_code) {
        return InvalidField("entity_code", "entity_code: the check is of another entity");
      }
    }
  } else {
    if (req.entity_code.empty()) return InvalidArgument("entity_code is required");
    SUNLIT_ASSIGN_OR_RETURN(row.entity_code, internal::ParseEntityCode(req.entity_code));
    SUNLIT_ASSIGN_OR_RETURN(std::optional<std::string> name,
                            repo::EntityName(sql, row.entity_code));
    if (!name) return NotFound("there is no entity " + row.entity_code + " in the directory");
    row.entity_name = *name;
  }
  SUNLIT_ASSIGN_OR_RETURN(core::WorkCalendar calendar, internal::LoadCalendar(*tx));
  SUNLIT_ASSIGN_OR_RETURN(core::Date due, calendar.AddWorkingDays(today, days));
  row.kind = std::string(WireName(req.kind));
  row.from_department = from->code;
  row.to_department = to->code;
  row.subject = req.subject;
  row.body = req.body;
  row.sent_on = today.ToString();
  row.sent_at = now;
  row.sent_by = caller.Actor();
  row.feedback_due = due.ToString();
  row.state = "sent";
  SUNLIT_ASSIGN_OR_RETURN(row.id, repo::InsertReferral(sql, row));
  SUNLIT_RETURN_IF_ERROR(
      internal::Log(s, *tx, "referral_sent", row.entity_code, ReferralEvent(row, caller)));
  Referral out = ReferralOf(row);
  SUNLIT_RETURN_IF_ERROR(AddDeadline(calendar, today, &out));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<Referral> AnswerReferral(Services& s, const Caller& caller,
                                const AnswerReferralRequest& req) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kReferralWrite));
  core::TextRule rule;
  rule.max_bytes = 4000;
  rule.required = true;
  rule.multiline = true;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("feedback", req.feedback, rule));
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::ReferralRow> row,
                          repo::FindReferral(tx->sql(), req.referral_id));
  if (!row) return NotFound("there is no referral " + std::to_string(req.referral_id));
  if (!caller.CanIn(perm::kReferralWrite, row->to_department)) {
    // The sender may see its referral but not answer it; anyone else does not see it.
    if (caller.CanIn(perm::kReferralWrite, row->from_department)) {
      return PermissionDenied("only the receiving department answers a referral");
    }
    return NotFound("there is no referral " + std::to_string(req.referral_id));
  }
  if (row->state != "sent") return FailedPrecondition("the referral was already answered");
  if (req.version != row->version) {
    return Aborted("the referral was changed by someone else; reload it and try again");
  }
  row->state = "answered";
  row->feedback = req.feedback;
  row->feedback_on = today.ToString();
  row->feedback_by = caller.Actor();
  SUNLIT_RETURN_IF_ERROR(repo::AnswerReferral(tx->sql(), row->id, req.version, row->feedback,
                                              row->feedback_on, row->feedback_by));
  row->version = req.version + 1;
  SUNLIT_RETURN_IF_ERROR(
      internal::Log(s, *tx, "referral_answered", row->entity_code, ReferralEvent(*row, caller)));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return ReferralOf(std::move(*row));
}

Result<std::vector<Referral>> ListReferrals(Services& s, const Caller& caller,
                                            const ReferralFilter& filter) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kReferralWrite));
  const bool all = caller.ScopeOf(perm::kReferralWrite) == Scope::kAll;
  if (!all && caller.department_code.empty()) return PermissionDenied("only a department");
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  repo::ReferralQuery q;
  const std::string own = all ? std::string() : caller.department_code;
  switch (filter.direction) {
    case ReferralFilter::Direction::kIncoming:
      q.to_department = all ? caller.department_code : own;
      break;
    case ReferralFilter::Direction::kOutgoing:
      q.from_department = all ? caller.department_code : own;
      break;
    case ReferralFilter::Direction::kAny:
      q.either_department = own;
      break;
  }
  if (filter.answered) q.state = *filter.answered ? "answered" : "sent";
  if (filter.overdue_only) q.due_before = today.ToString();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(core::WorkCalendar calendar, internal::LoadCalendar(*tx));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::ReferralRow> rows, repo::ListReferrals(tx->sql(), q));
  std::vector<Referral> out;
  for (repo::ReferralRow& r : rows) {
    Referral v = ReferralOf(std::move(r));
    SUNLIT_RETURN_IF_ERROR(AddDeadline(calendar, today, &v));
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace sunlit::app
