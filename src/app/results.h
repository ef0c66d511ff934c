// Results (市场监管领域随机抽查情况记录表): the use cases of the inspectors who enter them.
//
//   EnterResult     an inspector assigned to the check enters or corrects its result
//                   (assigned/entered/returned → entered). The check's version guards against
//                   concurrent edits: a stale version is kAborted (HTTP 409), never a silent
//                   overwrite. Every entry is kept as a revision (canonical JSON + SHA-256).
//   AddEvidence     attaches a file (photo, scan, PDF) stored by its SHA-256.
//   CloseFollowUp   records that the follow-up measure is done (未完结 → 已完结, with date);
//                   a result whose follow-up is 无需后续处置 closes itself when entered.
//   GetResult       the record, its evidence, reviews, publication and deadline.
//
// Each changing use case is one store transaction that appends its ledger event
// (result_entered, evidence_added, follow_up_closed) in the same transaction.
//
// Access (app/caller.h): entering, evidence and closing need perm::kCheckEnter AND the
// caller's inspector_code among the check's inspectors — whatever the scope; closing is also
// open to perm::kCheckReview in a department taking part. Reading needs one of: assigned
// inspector; kCheckReview, kCheckPublish or kTaskRead in a department taking part (the
// task's lead department or the department of a team member).
//
// Errors: kNotFound (no such check / evidence), kPermissionDenied / kUnauthenticated,
// kFailedPrecondition (the check is not in a state that allows it, e.g. already reviewed),
// kAborted (version conflict), kInvalidArgument (naming the field), kResourceExhausted with
// core::TooLarge (a file over the limit: HTTP 413), kFailedPrecondition (50 files already),
// kOutOfRange (a deadline reaches a year without a calendar).
#ifndef SUNLIT_APP_RESULTS_H_
#define SUNLIT_APP_RESULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "core/results.h"
#include "store/store.h"

namespace sunlit::app {

// Limits on evidence.
inline constexpr int64_t kMaxEvidenceBytes = 20 * 1024 * 1024;
inline constexpr int64_t kMaxEvidencePerCheck = 50;
// The content types accepted, each checked against the file's first bytes.
const std::vector<std::string_view>& EvidenceContentTypes();

// Seeds the national category list (version 1) into a store that has no category set.
// Never changes a stored set. `now` is the UTC time written as created_at.
Status EnsureResultCategories(store::Store& store, std::string_view now);
// The category set in force today (China date of the clock) or, with a version, that one.
// kNotFound when there is none.
Result<core::ResultCategorySet> GetCategorySet(Services& s, int version = 0);

struct EnterResultRequest {
  int64_t check_id = 0;
  int64_t version = 0;  // the check's version as the inspector last read it
  // category_set 0 = the set in force on checked_on. Item names may be left empty: they are
  // filled from the item list.
  core::CheckResult result;
};

struct CloseFollowUpRequest {
  int64_t check_id = 0;
  int64_t version = 0;
  core::Date closed_on;  // not in the future, not before the check
  std::string note;      // what was done (required, ≤ 2000 bytes)
};

struct AddEvidenceRequest {
  int64_t check_id = 0;
  std::string content_type;   // one of EvidenceContentTypes()
  std::string original_name;  // shown only (≤ 255 bytes); never used as a path
  std::string note;           // ≤ 500 bytes
  std::string_view bytes;     // 1 … kMaxEvidenceBytes
};

struct EvidenceInfo {
  int64_t id = 0;
  int64_t check_id = 0;
  std::string sha256;
  int64_t size = 0;
  std::string content_type;
  std::string original_name;
  std::string note;
  std::string uploaded_by;
  std::string uploaded_at;
};

struct EvidenceFile {
  EvidenceInfo info;
  std::string bytes;  // verified against info.sha256
};

struct ReviewInfo {
  bool approve = false;
  std::string opinion;
  int64_t revision = 0;
  std::string reviewer;
  std::string department_code;
  std::string at;
};

struct PublicationInfo {
  std::string published_on;
  std::string published_at;
  std::string published_by;
  std::string department_code;
  bool on_time = false;
};

// Everything about one check's result that staff may see.
struct ResultView {
  int64_t check_id = 0;
  int64_t version = 0;  // pass this back to change the check
  std::string state;
  int64_t task_id = 0;
  std::string task_number;
  std::string task_title;
  std::string lead_department;
  std::string entity_code;
  std::string entity_name;
  int32_t region = 0;
  std::vector<std::string> inspectors;   // codes
  std::vector<std::string> departments;  // taking part, sorted
  bool has_result = false;
  core::CheckResult result;   // when has_result
  std::string category_name;  // of result.category_code in its set
  bool closed = false;
  std::string closed_on;
  std::string closure_note;
  int64_t revision = 0;
  std::string content_sha256;
  std::string entered_by;
  std::string entered_at;
  std::string publish_due;  // '' before the first entry
  // While unpublished: the publication deadline, or — when it reaches a year without a
  // calendar — the calendar's error in deadline_error (never a guessed date).
  std::optional<core::DeadlineView> deadline;
  std::string deadline_error;
  std::vector<EvidenceInfo> evidence;
  std::vector<ReviewInfo> reviews;
  std::optional<PublicationInfo> publication;
};

Result<ResultView> EnterResult(Services& s, const Caller& caller, const EnterResultRequest& req);
Result<ResultView> GetResult(Services& s, const Caller& caller, int64_t check_id);
Result<ResultView> CloseFollowUp(Services& s, const Caller& caller,
                                 const CloseFollowUpRequest& req);
Result<EvidenceInfo> AddEvidence(Services& s, const Caller& caller, const AddEvidenceRequest& req);
// The file of an evidence row, for whoever may read its check. kDataLoss when the stored
// bytes no longer match their hash.
Result<EvidenceFile> GetEvidence(Services& s, const Caller& caller, int64_t evidence_id);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_RESULTS_H_
