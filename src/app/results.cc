// Results: entry, evidence, closure, reading. Each change is one transaction with its ledger
// event; the check's version guards every change (kAborted on a stale version).
#include "app/results.h"

#include <algorithm>

#include "core/crash_point.h"
#include "app/results_internal.h"
#include "core/field_error.h"
#include "core/text_rules.h"
#include "store/repo/results_repo.h"

namespace sunlit::app {

namespace repo = store::repo;
using internal::CheckContext;

namespace {

bool StateIn(std::string_view state, std::initializer_list<std::string_view> states) {
  return std::find(states.begin(), states.end(), state) != states.end();
}

Status StaleVersion(const CheckContext& c, int64_t version) {
  return Aborted("the check was changed by someone else; reload it and try again",
                 "check " + std::to_string(c.check.id) + " is at version " +
                     std::to_string(c.check.version) + ", the request names " +
                     std::to_string(version));
}

Status NotEnterable(const CheckContext& c) {
  const std::string& st = c.check.state;
  if (st == "pending") return FailedPrecondition("the check has no inspectors assigned yet");
  if (st == "cancelled") return FailedPrecondition("the check was cancelled");
  return FailedPrecondition("the result was already " + st + "; it can no longer be changed");
}

// Whether `bytes` begin the way files of `type` do.
bool LooksLike(std::string_view type, std::string_view bytes) {
  if (type == "image/jpeg") return bytes.starts_with("\xFF\xD8\xFF");
  if (type == "image/png") return bytes.starts_with("\x89PNG\r\n\x1A\n");
  if (type == "image/webp") {
    return bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP";
  }
  if (type == "application/pdf") return bytes.starts_with("%PDF-");
  if (type == "video/mp4") return bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp";
  return false;
}

// 照单: when the task pins its items, the record covers exactly those (an item not checked is
// entered as not checked, never left out), named as pinned. Without pinned items, each item
// must exist in its department's list.
Status CheckItemsAgainstTask(store::Sql& sql, const CheckContext& c, core::CheckResult* r) {
  if (!c.task_items.empty()) {
    for (size_t i = 0; i < r->items.size(); ++i) {
      core::ItemResult& it = r->items[i];
      auto pinned = std::find_if(
          c.task_items.begin(), c.task_items.end(), [&](const internal::TaskItemRef& t) {
            return t.department_code == it.department_code && t.code == it.item_code;
          });
      if (pinned == c.task_items.end()) {
        return InvalidArgument("items[" + std::to_string(i) + "]: the task has no item " +
                               it.item_code + " of " + it.department_code);
      }
      if (it.item_name.empty()) it.item_name = pinned->name;
    }
    for (const internal::TaskItemRef& t : c.task_items) {
      const bool present =
          std::any_of(r->items.begin(), r->items.end(), [&](const core::ItemResult& it) {
            return it.department_code == t.department_code && it.item_code == t.code;
          });
      if (!present) {
        return InvalidField("items",
                            "items: the task's item " + t.code + " of " + t.department_code +
                                " is missing (enter it as not checked if it was not checked)");
      }
    }
    return Status::Ok();
  }
  for (size_t i = 0; i < r->items.size(); ++i) {
    core::ItemResult& it = r->items[i];
    SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::ItemRef> item,
                            repo::FindItem(sql, it.department_code, it.item_code));
    if (!item) {
      return InvalidArgument("items[" + std::to_string(i) + "]: the item list of " +
                             it.department_code + " has no item " + it.item_code);
    }
    if (it.item_name.empty()) it.item_name = item->name;
  }
  return Status::Ok();
}

EvidenceInfo InfoOf(repo::EvidenceRow e) {
  return {e.id,
          e.check_id,
          std::move(e.sha256),
          e.size,
          std::move(e.content_type),
          std::move(e.original_name),
          std::move(e.note),
          std::move(e.uploaded_by),
          std::move(e.uploaded_at)};
}

}  // namespace

const std::vector<std::string_view>& EvidenceContentTypes() {
  static const std::vector<std::string_view> kTypes = {"image/jpeg", "image/png", "image/webp",
                                                       "application/pdf", "video/mp4"};
  return kTypes;
}

Status EnsureResultCategories(store::Store& store, std::string_view now) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<int> versions, repo::CategorySetVersions(tx->sql()));
  if (!versions.empty()) return Status::Ok();
  const core::ResultCategorySet set = core::NationalResultCategoriesV1();
  SUNLIT_RETURN_IF_ERROR(core::ValidateCategorySet(set));
  SUNLIT_RETURN_IF_ERROR(repo::InsertCategorySet(tx->sql(), set, now));
  return tx->Commit();
}

Result<core::ResultCategorySet> GetCategorySet(Services& s, int version) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  std::optional<core::ResultCategorySet> set;
  if (version == 0) {
    SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
    SUNLIT_ASSIGN_OR_RETURN(set, repo::CategorySetOn(tx->sql(), today));
  } else {
    SUNLIT_ASSIGN_OR_RETURN(set, repo::LoadCategorySet(tx->sql(), version));
  }
  if (!set) return NotFound("there is no such result category set");
  return std::move(*set);
}

Result<ResultView> EnterResult(Services& s, const Caller& caller, const EnterResultRequest& req) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCheckEnter));
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  store::Sql& sql = tx->sql();
  SUNLIT_ASSIGN_OR_RETURN(CheckContext c, internal::LoadCheck(*tx, req.check_id));
  SUNLIT_RETURN_IF_ERROR(internal::RequireAssignedInspector(caller, c));
  if (!StateIn(c.check.state, {"assigned", "entered", "returned"})) return NotEnterable(c);
  if (req.version != c.check.version) return StaleVersion(c, req.version);

  core::CheckResult r = req.result;
  if (r.checked_on > today) {
    return InvalidField("checked_on", "checked_on: the check cannot be completed in the future");
  }
  if (Result<core::Date> start = core::Date::Parse(c.check.window_start);
      start.ok() && r.checked_on < *start) {
    return InvalidField("checked_on",
                        "checked_on: the task's check period starts on " + c.check.window_start);
  }
  std::optional<core::ResultCategorySet> set;
  if (r.category_set == 0) {
    SUNLIT_ASSIGN_OR_RETURN(set, repo::CategorySetOn(sql, r.checked_on));
    if (!set) return FailedPrecondition("no result category list applies to that date");
    r.category_set = set->version;
  } else {
    SUNLIT_ASSIGN_OR_RETURN(set, repo::LoadCategorySet(sql, r.category_set));
    if (!set) return InvalidField("category_set", "category_set: there is no such category list");
  }
  SUNLIT_RETURN_IF_ERROR(CheckItemsAgainstTask(sql, c, &r));
  SUNLIT_RETURN_IF_ERROR(core::ValidateCheckResult(r, *set));

  SUNLIT_ASSIGN_OR_RETURN(core::WorkCalendar calendar, internal::LoadCalendar(*tx));
  SUNLIT_ASSIGN_OR_RETURN(core::Date due,
                          calendar.AddWorkingDays(r.checked_on, core::kPublicationWorkingDays));

  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::StoredResult> previous,
                          repo::FindResult(sql, c.check.id));
  repo::StoredResult stored;
  stored.check_id = c.check.id;
  stored.result = r;
  if (r.follow_up == core::FollowUp::kNone) {
    // 无需后续处置: nothing is left to do, so the result is complete when entered.
    stored.closed = true;
    stored.closed_on = r.checked_on.ToString();
    stored.closure_note = std::string(core::ChineseName(core::FollowUp::kNone));
  } else if (previous && previous->closed && previous->result.follow_up == r.follow_up) {
    stored.closed = true;
    stored.closed_on = previous->closed_on;
    stored.closure_note = previous->closure_note;
  }
  stored.publish_due = due.ToString();
  stored.revision = previous ? previous->revision + 1 : 1;
  const std::string content = internal::CanonicalResultJson(c.check.id, r);
  stored.content_sha256 = internal::Sha256Hex(content);
  stored.entered_by = caller.Actor();
  stored.entered_at = now;
  SUNLIT_RETURN_IF_ERROR(repo::SaveResult(sql, stored, content));
  CrashPoint("result.after_save");  // the revision written, the check and the log not yet
  SUNLIT_ASSIGN_OR_RETURN(c.check.version,
                          repo::SetCheckState(sql, c.check.id, req.version, "entered"));
  c.check.state = "entered";
  SUNLIT_RETURN_IF_ERROR(internal::Log(s, *tx, "result_entered", c.check.task_number,
                                       internal::JsonObject(false)
                                           .Int("check_id", c.check.id)
                                           .Str("entity_code", c.check.entity_code)
                                           .Int("revision", stored.revision)
                                           .Str("content_sha256", stored.content_sha256)
                                           .Str("category", r.category_code)
                                           .Str("by", caller.Actor())
                                           .Dump()));
  SUNLIT_ASSIGN_OR_RETURN(ResultView view, internal::BuildView(s, *tx, c));
  CrashPoint("result.before_commit");
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  CrashPoint("result.after_commit");
  return view;
}

Result<ResultView> GetResult(Services& s, const Caller& caller, int64_t check_id) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(CheckContext c, internal::LoadCheck(*tx, check_id));
  SUNLIT_RETURN_IF_ERROR(internal::RequireReader(caller, c));
  return internal::BuildView(s, *tx, c);
}

Result<ResultView> CloseFollowUp(Services& s, const Caller& caller,
                                 const CloseFollowUpRequest& req) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  store::Sql& sql = tx->sql();
  SUNLIT_ASSIGN_OR_RETURN(CheckContext c, internal::LoadCheck(*tx, req.check_id));
  const bool inspector = caller.Can(perm::kCheckEnter) && c.Assigned(caller);
  if (!inspector)
    SUNLIT_RETURN_IF_ERROR(internal::RequireTakingPart(caller, perm::kCheckReview, c));
  if (!StateIn(c.check.state, {"entered", "returned", "reviewed", "published"})) {
    return FailedPrecondition("the check has no result yet");
  }
  if (req.version != c.check.version) return StaleVersion(c, req.version);
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::StoredResult> stored,
                          repo::FindResult(sql, c.check.id));
  if (!stored) return FailedPrecondition("the check has no result yet");
  if (stored->closed) return FailedPrecondition("the follow-up is already closed");
  if (req.closed_on > today)
    return InvalidField("closed_on", "closed_on: the day is in the future");
  if (req.closed_on < stored->result.checked_on) {
    return InvalidField("closed_on", "closed_on: the day is before the check");
  }
  core::TextRule rule;
  rule.required = true;
  rule.multiline = true;
  rule.max_bytes = core::kMaxNoteBytes;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("note", req.note, rule));
  const std::string closed_on = req.closed_on.ToString();
  SUNLIT_RETURN_IF_ERROR(repo::SetClosure(sql, c.check.id, true, closed_on, req.note));
  SUNLIT_ASSIGN_OR_RETURN(c.check.version,
                          repo::SetCheckState(sql, c.check.id, req.version, c.check.state));
  if (c.check.state == "published") {
    // The public record shows the closure too.
    stored->closed = true;
    stored->closed_on = closed_on;
    stored->closure_note = req.note;
    SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::PublicationRow> pub,
                            repo::FindPublication(sql, c.check.id));
    if (pub) {
      SUNLIT_ASSIGN_OR_RETURN(std::string doc,
                              internal::PublicDocument(*tx, c, *stored, pub->published_on));
      SUNLIT_RETURN_IF_ERROR(repo::UpdatePublicationDocument(sql, c.check.id, doc, now));
    }
  }
  SUNLIT_RETURN_IF_ERROR(internal::Log(s, *tx, "follow_up_closed", c.check.task_number,
                                       internal::JsonObject(false)
                                           .Int("check_id", c.check.id)
                                           .Str("entity_code", c.check.entity_code)
                                           .Str("closed_on", closed_on)
                                           .Str("note_sha256", internal::Sha256Hex(req.note))
                                           .Str("by", caller.Actor())
                                           .Dump()));
  SUNLIT_ASSIGN_OR_RETURN(ResultView view, internal::BuildView(s, *tx, c));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<EvidenceInfo> AddEvidence(Services& s, const Caller& caller, const AddEvidenceRequest& req) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCheckEnter));
  if (req.bytes.empty()) return InvalidArgument("the file is empty");
  if (static_cast<int64_t>(req.bytes.size()) > kMaxEvidenceBytes) {
    return TooLarge("the file is larger than 20 MiB");
  }
  const auto& types = EvidenceContentTypes();
  if (std::find(types.begin(), types.end(), req.content_type) == types.end()) {
    return InvalidArgument(
        "content_type: accepted are image/jpeg, image/png, image/webp, application/pdf and "
        "video/mp4");
  }
  if (!LooksLike(req.content_type, req.bytes)) {
    return InvalidArgument("the file's content is not " + req.content_type);
  }
  core::TextRule name_rule;
  name_rule.max_bytes = 255;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("original_name", req.original_name, name_rule));
  core::TextRule note_rule;
  note_rule.max_bytes = 500;
  note_rule.multiline = true;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("note", req.note, note_rule));
  if (s.files == nullptr) return Internal("evidence cannot be stored", "no file store");

  const std::string now = internal::Now(s);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  store::Sql& sql = tx->sql();
  SUNLIT_ASSIGN_OR_RETURN(CheckContext c, internal::LoadCheck(*tx, req.check_id));
  SUNLIT_RETURN_IF_ERROR(internal::RequireAssignedInspector(caller, c));
  if (!StateIn(c.check.state, {"assigned", "entered", "returned"})) return NotEnterable(c);
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::EvidenceRow> existing,
                          repo::ListEvidence(sql, c.check.id));
  if (static_cast<int64_t>(existing.size()) >= kMaxEvidencePerCheck) {
    return FailedPrecondition("a check has at most 50 evidence files");
  }
  // The bytes go to the file store first: a failed transaction leaves at worst an
  // unreferenced file under its hash, never a row without its file.
  SUNLIT_ASSIGN_OR_RETURN(std::string sha, s.files->Put(req.bytes));
  for (const repo::EvidenceRow& e : existing) {
    if (e.sha256 == sha) return AlreadyExists("this file is already attached to the check");
  }
  repo::EvidenceRow row;
  row.check_id = c.check.id;
  row.sha256 = sha;
  row.size = static_cast<int64_t>(req.bytes.size());
  row.content_type = req.content_type;
  row.original_name = req.original_name;
  row.note = req.note;
  row.uploaded_by = caller.Actor();
  row.uploaded_at = now;
  SUNLIT_ASSIGN_OR_RETURN(row.id, repo::InsertEvidence(sql, row));
  SUNLIT_RETURN_IF_ERROR(internal::Log(s, *tx, "evidence_added", c.check.task_number,
                                       internal::JsonObject(false)
                                           .Int("check_id", c.check.id)
                                           .Int("evidence_id", row.id)
                                           .Str("sha256", sha)
                                           .Int("size", row.size)
                                           .Str("content_type", row.content_type)
                                           .Str("by", caller.Actor())
                                           .Dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return InfoOf(std::move(row));
}

Result<EvidenceFile> GetEvidence(Services& s, const Caller& caller, int64_t evidence_id) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::EvidenceRow> row,
                          repo::FindEvidence(tx->sql(), evidence_id));
  if (!row) return NotFound("there is no evidence " + std::to_string(evidence_id));
  SUNLIT_ASSIGN_OR_RETURN(CheckContext c, internal::LoadCheck(*tx, row->check_id));
  SUNLIT_RETURN_IF_ERROR(internal::RequireReader(caller, c));
  if (s.files == nullptr) return Internal("evidence cannot be read", "no file store");
  EvidenceFile f;
  SUNLIT_ASSIGN_OR_RETURN(f.bytes, s.files->Get(row->sha256));
  f.info = InfoOf(std::move(*row));
  return f;
}

}  // namespace sunlit::app
