// Credit lists: proposals (by hand, from a published result, after 3 years), decisions,
// removals, the restriction query.
#include "app/credit.h"

#include <algorithm>

#include "app/results_internal.h"
#include "core/field_error.h"
#include "core/text_rules.h"
#include "store/repo/credit_repo.h"
#include "store/repo/results_repo.h"

namespace sunlit::app {

namespace repo = store::repo;

namespace {

struct Reason {
  core::CreditList list;
  std::string_view code;
  std::string_view text;
};

constexpr Reason kReasons[] = {
    {core::CreditList::kAbnormal, "annual_report", "未按照规定的期限公示年度报告"},
    {core::CreditList::kAbnormal, "unpublished_info",
     "未在责令的期限内公示有关企业信息（未按规定公示应当公示的信息）"},
    {core::CreditList::kAbnormal, "false_info", "公示企业信息隐瞒真实情况、弄虚作假"},
    {core::CreditList::kAbnormal, "unreachable", "通过登记的住所或者经营场所无法联系"},
    {core::CreditList::kSerious, "three_years", "被列入经营异常名录届满3年仍未履行相关义务"},
    {core::CreditList::kSerious, "other", "其他严重违法失信行为"},
};

CreditEntry EntryOf(repo::CreditEntryRow r) {
  CreditEntry e;
  e.id = r.id;
  e.list = r.list;
  e.entity_code = std::move(r.entity_code);
  e.entity_name = std::move(r.entity_name);
  e.reason_code = std::move(r.reason_code);
  e.reason = std::move(r.reason);
  e.source_check_id = r.source_check_id;
  e.source_entry_id = r.source_entry_id;
  e.department_code = std::move(r.department_code);
  e.state = r.state;
  e.proposed_on = std::move(r.proposed_on);
  e.proposed_by = std::move(r.proposed_by);
  e.decision_due = std::move(r.decision_due);
  e.decided_on = std::move(r.decided_on);
  e.decided_by = std::move(r.decided_by);
  e.decision_ref = std::move(r.decision_ref);
  e.decision_note = std::move(r.decision_note);
  e.removed_on = std::move(r.removed_on);
  e.removed_by = std::move(r.removed_by);
  e.removal_reason = std::move(r.removal_reason);
  e.version = r.version;
  return e;
}

std::string EntryEvent(const repo::CreditEntryRow& e, const Caller& caller) {
  return internal::JsonObject(false)
      .Int("entry_id", e.id)
      .Str("list", core::WireName(e.list))
      .Str("entity_code", e.entity_code)
      .Str("reason_code", e.reason_code)
      .Str("state", core::WireName(e.state))
      .Str("department", e.department_code)
      .Int("source_check_id", e.source_check_id)
      .Int("source_entry_id", e.source_entry_id)
      .Str("by", caller.Actor())
      .Dump();
}

// Inserts a proposal and logs it; the row gets its id.
Status InsertProposal(Services& s, store::Transaction& tx, const Caller& caller,
                      repo::CreditEntryRow* row) {
  SUNLIT_ASSIGN_OR_RETURN(row->id, repo::InsertCreditEntry(tx.sql(), *row));
  return internal::Log(s, tx, "credit_proposed", row->entity_code, EntryEvent(*row, caller));
}

Result<repo::CreditEntryRow> LoadEntry(store::Transaction& tx, int64_t id) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::CreditEntryRow> row,
                          repo::FindCreditEntry(tx.sql(), id));
  if (!row) return NotFound("there is no list entry " + std::to_string(id));
  return std::move(*row);
}

// Whether an open (proposed or listed) entry exists for the list, entity and reason. Asked
// before inserting because a failed INSERT aborts a PostgreSQL transaction.
Result<bool> HasOpenEntry(store::Transaction& tx, core::CreditList list,
                          const std::string& entity_code, std::string_view reason_code) {
  repo::CreditQuery q;
  q.list = std::string(core::WireName(list));
  q.entity_code = entity_code;
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::CreditEntryRow> existing,
                          repo::ListCreditEntries(tx.sql(), q));
  for (const repo::CreditEntryRow& e : existing) {
    if (e.reason_code == reason_code &&
        (e.state == core::CreditState::kProposed || e.state == core::CreditState::kListed)) {
      return true;
    }
  }
  return false;
}

// kCreditDecide over the entry's department; an entry of another department is not revealed.
Status RequireDecider(const Caller& caller, const repo::CreditEntryRow& row) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCreditDecide));
  if (caller.CanIn(perm::kCreditDecide, row.department_code)) return Status::Ok();
  return NotFound("there is no list entry " + std::to_string(row.id),
                  "entry of " + row.department_code + ", caller of " + caller.department_code);
}

// The caller's department, which must exist.
Result<std::string> OwnDepartment(store::Transaction& tx, const Caller& caller) {
  if (caller.department_code.empty()) {
    return PermissionDenied("only a department can do this", "caller has no department");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::DepartmentRef> d,
                          repo::FindDepartment(tx.sql(), caller.department_code));
  if (!d) return PermissionDenied("your department is not known", caller.department_code);
  return d->code;
}

}  // namespace

std::string_view CreditReasonText(core::CreditList list, std::string_view reason_code) {
  for (const Reason& r : kReasons) {
    if (r.list == list && r.code == reason_code) return r.text;
  }
  return "";
}

Result<CreditEntry> Propose(Services& s, const Caller& caller, const ProposeRequest& req) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCreditPropose));
  SUNLIT_ASSIGN_OR_RETURN(std::string code, internal::ParseEntityCode(req.entity_code));
  const std::string_view wording = CreditReasonText(req.list, req.reason_code);
  if (wording.empty())
    return InvalidField("reason_code", "reason_code: unknown ground for this list");
  core::TextRule rule;
  rule.max_bytes = 500;
  rule.multiline = true;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("reason", req.reason, rule));
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(std::string department, OwnDepartment(*tx, caller));
  SUNLIT_ASSIGN_OR_RETURN(std::optional<std::string> name, repo::EntityName(tx->sql(), code));
  if (!name) return NotFound("there is no entity " + code + " in the directory");
  if (req.source_check_id != 0) {
    SUNLIT_ASSIGN_OR_RETURN(internal::CheckContext c,
                            internal::LoadCheck(*tx, req.source_check_id));
    if (c.check.entity_code != code) {
      return InvalidField("source_check_id", "source_check_id: that check is of another entity");
    }
  }
  SUNLIT_ASSIGN_OR_RETURN(core::WorkCalendar calendar, internal::LoadCalendar(*tx));
  SUNLIT_ASSIGN_OR_RETURN(core::Date due,
                          calendar.AddWorkingDays(today, core::kAbnormalDecisionWorkingDays));
  repo::CreditEntryRow row;
  row.list = req.list;
  row.entity_code = code;
  row.entity_name = *name;
  row.reason_code = req.reason_code;
  row.reason = req.reason.empty() ? std::string(wording) : req.reason;
  row.source_check_id = req.source_check_id;
  row.department_code = department;
  row.state = core::CreditState::kProposed;
  row.proposed_on = today.ToString();
  row.proposed_by = caller.Actor();
  row.decision_due = due.ToString();
  row.updated_at = now;
  SUNLIT_ASSIGN_OR_RETURN(bool open, HasOpenEntry(*tx, row.list, code, row.reason_code));
  if (open) return AlreadyExists("an open entry for this entity and reason already exists");
  SUNLIT_RETURN_IF_ERROR(InsertProposal(s, *tx, caller, &row));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return EntryOf(std::move(row));
}

Result<CreditEntry> Decide(Services& s, const Caller& caller, const DecideRequest& req) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCreditDecide));
  core::TextRule ref_rule;
  ref_rule.max_bytes = 100;
  ref_rule.required = req.list;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("decision_ref", req.decision_ref, ref_rule));
  core::TextRule note_rule;
  note_rule.max_bytes = 1000;
  note_rule.multiline = true;
  note_rule.required = !req.list;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("note", req.note, note_rule));
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(repo::CreditEntryRow row, LoadEntry(*tx, req.entry_id));
  SUNLIT_RETURN_IF_ERROR(RequireDecider(caller, row));
  if (row.state != core::CreditState::kProposed) {
    return FailedPrecondition("the entry is " + std::string(core::WireName(row.state)) +
                              ", not proposed");
  }
  if (req.version != row.version) {
    return Aborted("the entry was changed by someone else; reload it and try again");
  }
  row.state = req.list ? core::CreditState::kListed : core::CreditState::kRejected;
  row.decided_on = today.ToString();
  row.decided_by = caller.Actor();
  row.decision_ref = req.decision_ref;
  row.decision_note = req.note;
  SUNLIT_RETURN_IF_ERROR(repo::DecideCreditEntry(tx->sql(), row.id, req.version, row.state,
                                                 row.decided_on, row.decided_by, row.decision_ref,
                                                 row.decision_note, now));
  row.version = req.version + 1;
  SUNLIT_RETURN_IF_ERROR(internal::Log(s, *tx, req.list ? "credit_listed" : "credit_rejected",
                                       row.entity_code, EntryEvent(row, caller)));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return EntryOf(std::move(row));
}

Result<CreditEntry> Remove(Services& s, const Caller& caller, const RemoveRequest& req) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCreditDecide));
  core::TextRule rule;
  rule.max_bytes = 500;
  rule.required = true;
  rule.multiline = true;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("reason", req.reason, rule));
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(repo::CreditEntryRow row, LoadEntry(*tx, req.entry_id));
  SUNLIT_RETURN_IF_ERROR(RequireDecider(caller, row));
  if (row.state != core::CreditState::kListed) {
    return FailedPrecondition("only a listed entry can be removed; this one is " +
                              std::string(core::WireName(row.state)));
  }
  if (req.version != row.version) {
    return Aborted("the entry was changed by someone else; reload it and try again");
  }
  row.state = core::CreditState::kRemoved;
  row.removed_on = today.ToString();
  row.removed_by = caller.Actor();
  row.removal_reason = req.reason;
  SUNLIT_RETURN_IF_ERROR(repo::RemoveCreditEntry(tx->sql(), row.id, req.version, row.removed_on,
                                                 row.removed_by, row.removal_reason, now));
  row.version = req.version + 1;
  SUNLIT_RETURN_IF_ERROR(
      internal::Log(s, *tx, "credit_removed", row.entity_code, EntryEvent(row, caller)));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return EntryOf(std::move(row));
}

Result<std::vector<CreditEntry>> ProposeSeriousAfterThreeYears(Services& s, const Caller& caller) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCreditPropose));
  const bool all = caller.ScopeOf(perm::kCreditPropose) == Scope::kAll;
  if (!all && caller.department_code.empty()) {
    return PermissionDenied("only a department can do this");
  }
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(core::WorkCalendar calendar, internal::LoadCalendar(*tx));
  // Candidates: decided on or before today − 3 years (+1 day of slack for 29 February);
  // the exact rule — listed for 3 full years — is applied below.
  const core::Date until = core::AddYears(today, -core::kSeriousListAfterYears).AddDays(1);
  SUNLIT_ASSIGN_OR_RETURN(
      std::vector<repo::CreditEntryRow> candidates,
      repo::AbnormalEntriesToEscalate(tx->sql(), until.ToString(),
                                      all ? std::string() : caller.department_code));
  std::vector<CreditEntry> out;
  for (const repo::CreditEntryRow& abnormal : candidates) {
    SUNLIT_ASSIGN_OR_RETURN(core::Date listed, core::Date::Parse(abnormal.decided_on));
    if (core::AddYears(listed, core::kSeriousListAfterYears) > today) continue;
    SUNLIT_ASSIGN_OR_RETURN(core::Date due,
                            calendar.AddWorkingDays(today, core::kAbnormalDecisionWorkingDays));
    repo::CreditEntryRow row;
    row.list = core::CreditList::kSerious;
    row.entity_code = abnormal.entity_code;
    row.entity_name = abnormal.entity_name;
    row.reason_code = "three_years";
    row.reason = std::string(CreditReasonText(row.list, row.reason_code)) + "（列入日期 " +
                 abnormal.decided_on + "，" + abnormal.reason + "）";
    row.source_check_id = abnormal.source_check_id;
    row.source_entry_id = abnormal.id;
    row.department_code = abnormal.department_code;
    row.state = core::CreditState::kProposed;
    row.proposed_on = today.ToString();
    row.proposed_by = caller.Actor();
    row.decision_due = due.ToString();
    row.updated_at = now;
    SUNLIT_ASSIGN_OR_RETURN(bool open,
                            HasOpenEntry(*tx, row.list, row.entity_code, row.reason_code));
    if (open) continue;  // already proposed or listed for an earlier abnormal entry
    SUNLIT_RETURN_IF_ERROR(InsertProposal(s, *tx, caller, &row));
    out.push_back(EntryOf(std::move(row)));
  }
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<std::vector<CreditEntry>> ListCredit(Services& s, const Caller& caller,
                                            const CreditFilter& filter) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  const Scope scope =
      std::max(caller.ScopeOf(perm::kCreditPropose), caller.ScopeOf(perm::kCreditDecide));
  if (scope == Scope::kNone) return PermissionDenied("you are not allowed to see list entries");
  if (scope != Scope::kAll && caller.department_code.empty()) {
    return PermissionDenied("you are not allowed to see list entries");
  }
  repo::CreditQuery q;
  if (filter.list) q.list = std::string(core::WireName(*filter.list));
  if (filter.state) q.state = std::string(core::WireName(*filter.state));
  if (scope != Scope::kAll) q.department = caller.department_code;
  if (!filter.entity_code.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(q.entity_code, internal::ParseEntityCode(filter.entity_code));
  }
  if (filter.overdue_only) {
    SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
    q.due_before = today.ToString();
  }
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::CreditEntryRow> rows,
                          repo::ListCreditEntries(tx->sql(), q));
  std::vector<CreditEntry> out;
  for (repo::CreditEntryRow& r : rows) out.push_back(EntryOf(std::move(r)));
  return out;
}

Result<RestrictionAnswer> Restrictions(Services& s, const Caller& caller, std::string_view code) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  if (caller.department_code.empty() && caller.ScopeOf(perm::kCreditDecide) != Scope::kAll) {
    return PermissionDenied("only a department can ask for restrictions");
  }
  RestrictionAnswer a;
  SUNLIT_ASSIGN_OR_RETURN(a.entity_code, internal::ParseEntityCode(code));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<std::string> name,
                          repo::EntityName(tx->sql(), a.entity_code));
  if (name) a.entity_name = *name;
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::CreditEntryRow> rows,
                          repo::ListedEntriesOf(tx->sql(), a.entity_code));
  for (const repo::CreditEntryRow& r : rows) {
    if (a.entity_name.empty()) a.entity_name = r.entity_name;
    SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::DepartmentRef> d,
                            repo::FindDepartment(tx->sql(), r.department_code));
    a.restrictions.push_back({r.list, r.decided_on, r.reason, r.department_code,
                              d ? d->name : r.department_code, r.decision_ref, r.id});
  }
  a.restricted = !a.restrictions.empty();
  return a;
}

// ---- from a published result ---------------------------------------------------------

Status internal::ProposeFromPublishedResult(Services& s, store::Transaction& tx,
                                            const Caller& caller, const CheckContext& c,
                                            const repo::StoredResult& r, core::Date today) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<core::ResultCategorySet> set,
                          repo::LoadCategorySet(tx.sql(), r.result.category_set));
  if (!set) return DataLoss("stored data is damaged", "result names a missing category set");
  const core::ResultCategory* category = set->Find(r.result.category_code);
  if (category == nullptr || category->credit != core::CreditAction::kAbnormalList) {
    return Status::Ok();
  }
  // The 经营异常名录 is kept by the registration authority: the task's lead department
  // when it is a market-supervision department, else the first such department.
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::DepartmentRef> lead,
                          repo::FindDepartment(tx.sql(), c.check.lead_department));
  std::optional<repo::DepartmentRef> decider = lead;
  if (!lead || !lead->market_supervision) {
    SUNLIT_ASSIGN_OR_RETURN(decider, repo::FirstMarketSupervisionDepartment(tx.sql()));
  }
  if (!decider) {
    return FailedPrecondition(
        "no market-supervision department is registered to decide "
        "on the abnormal-operations list");
  }
  SUNLIT_ASSIGN_OR_RETURN(core::WorkCalendar calendar, LoadCalendar(tx));
  SUNLIT_ASSIGN_OR_RETURN(core::Date due,
                          calendar.AddWorkingDays(today, core::kAbnormalDecisionWorkingDays));
  repo::CreditEntryRow row;
  row.list = core::CreditList::kAbnormal;
  row.entity_code = c.check.entity_code;
  row.entity_name = c.check.entity_name;
  row.reason_code = r.result.category_code;
  const std::string_view wording = CreditReasonText(row.list, row.reason_code);
  row.reason = wording.empty() ? category->name : std::string(wording);
  row.source_check_id = c.check.id;
  row.department_code = decider->code;
  row.state = core::CreditState::kProposed;
  row.proposed_on = today.ToString();
  row.proposed_by = caller.Actor();
  row.decision_due = due.ToString();
  row.updated_at = Now(s);
  // One open entry per entity and reason: a second finding adds nothing to decide.
  SUNLIT_ASSIGN_OR_RETURN(bool open, HasOpenEntry(tx, row.list, row.entity_code, row.reason_code));
  if (open) return Status::Ok();
  return InsertProposal(s, tx, caller, &row);
}

}  // namespace sunlit::app
