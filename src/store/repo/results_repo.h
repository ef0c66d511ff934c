// Results repository: the check as the results area sees it (migration 5 rows, read here,
// only `state`/`version` written), result categories, results and their revisions, evidence
// metadata, reviews and publications (migration 6). Portable SQL over store::Sql (decision
// 0006); every function runs in the caller's transaction.
//
// Errors: store errors as store/sql.h maps them (a UNIQUE violation is kAlreadyExists, other
// constraints kFailedPrecondition); kAborted from SetCheckState when the version moved on;
// kDataLoss when a stored row cannot be read back (an unknown enum name).
// Thread-safety: as the transaction the Sql belongs to.
#ifndef SUNLIT_STORE_REPO_RESULTS_REPO_H_
#define SUNLIT_STORE_REPO_RESULTS_REPO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "core/results.h"
#include "store/sql.h"

namespace sunlit::store::repo {

// ---- checks (owned by the workflow repository; read here) --------------------------------

// One check with the facts of its task this area needs.
struct CheckView {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string task_number;
  std::string task_title;
  std::string task_kind;
  std::string lead_department;
  std::string task_departments;  // JSON list of codes, lead included (opaque here)
  std::string task_items;        // JSON list of {department, code, version, name, …}
  bool confidential = false;
  std::string window_start;  // 'YYYY-MM-DD'
  std::string window_end;
  int32_t task_year = 0;
  std::string entity_code;
  std::string entity_name;
  int32_t region = 0;
  std::string unit_code;
  std::string state;  // pending, assigned, entered, returned, reviewed, published, cancelled
  int64_t version = 0;
};

struct CheckInspector {
  std::string inspector_code;
  std::string department_code;
};

Result<std::optional<CheckView>> FindCheck(Sql& sql, int64_t check_id);
// The team of a check, by inspector code.
Result<std::vector<CheckInspector>> CheckInspectors(Sql& sql, int64_t check_id);
// Moves the check to `state` when its version is still `expected_version`; returns the new
// version. kAborted ("the check was changed by someone else") when the version moved on.
Result<int64_t> SetCheckState(Sql& sql, int64_t check_id, int64_t expected_version,
                              std::string_view state);

// The name of an item of a department's list and whether it is valid (not void); nullopt
// when the list has no such item.
struct ItemRef {
  std::string name;
  bool valid = false;
};
Result<std::optional<ItemRef>> FindItem(Sql& sql, std::string_view department_code,
                                        std::string_view item_code);

// ---- result categories ---------------------------------------------------------------------

// Stored set versions, ascending.
Result<std::vector<int>> CategorySetVersions(Sql& sql);
// Stores a new set. kAlreadyExists when its version is taken.
Status InsertCategorySet(Sql& sql, const core::ResultCategorySet& set, std::string_view created_at);
Result<std::optional<core::ResultCategorySet>> LoadCategorySet(Sql& sql, int version);
// The set in force on `day`: the highest version whose effective_from <= day.
Result<std::optional<core::ResultCategorySet>> CategorySetOn(Sql& sql, core::Date day);

// ---- results -------------------------------------------------------------------------------

struct StoredResult {
  int64_t check_id = 0;
  core::CheckResult result;
  bool closed = false;         // 已完结
  std::string closed_on;       // 'YYYY-MM-DD' when closed
  std::string closure_note;    // what was done to close it
  std::string publish_due;     // 'YYYY-MM-DD'
  int64_t revision = 0;        // 1 for the first entry
  std::string content_sha256;  // hex of SHA-256 of the revision's canonical JSON
  std::string entered_by;
  std::string entered_at;
};

Result<std::optional<StoredResult>> FindResult(Sql& sql, int64_t check_id);
// Writes `r` as the current result of its check (replacing the items) and appends revision
// `r.revision` with `content` (the canonical JSON hashed into r.content_sha256).
// kAlreadyExists when that revision is already stored.
Status SaveResult(Sql& sql, const StoredResult& r, std::string_view content);
// Sets the closure of a stored result.
Status SetClosure(Sql& sql, int64_t check_id, bool closed, std::string_view closed_on,
                  std::string_view note);

// ---- evidence ------------------------------------------------------------------------------

struct EvidenceRow {
  int64_t id = 0;
  int64_t check_id = 0;
  std::string sha256;  // 64 lower-case hex digits
  int64_t size = 0;
  std::string content_type;
  std::string original_name;
  std::string note;
  std::string uploaded_by;
  std::string uploaded_at;
};

// Returns the new id. kAlreadyExists when the same bytes are already attached to the check.
Result<int64_t> InsertEvidence(Sql& sql, const EvidenceRow& row);
Result<std::optional<EvidenceRow>> FindEvidence(Sql& sql, int64_t id);
Result<std::vector<EvidenceRow>> ListEvidence(Sql& sql, int64_t check_id);

// ---- reviews -------------------------------------------------------------------------------

struct ReviewRow {
  int64_t id = 0;
  int64_t check_id = 0;
  bool approve = false;
  std::string opinion;
  int64_t revision = 0;  // the result revision reviewed
  std::string reviewer;
  std::string department_code;
  std::string at;
};

Result<int64_t> InsertReview(Sql& sql, const ReviewRow& row);
// Oldest first.
Result<std::vector<ReviewRow>> ListReviews(Sql& sql, int64_t check_id);

// ---- publications --------------------------------------------------------------------------

struct PublicationRow {
  int64_t check_id = 0;
  std::string entity_code;
  std::string entity_name;
  int64_t task_id = 0;
  std::string department_code;  // the publishing department
  std::string category_code;
  std::string checked_on;
  std::string due_on;
  std::string published_on;  // China date
  std::string published_at;  // UTC time
  std::string published_by;
  bool on_time = false;
  std::string public_json;
};

// kAlreadyExists when the check is already published.
Status InsertPublication(Sql& sql, const PublicationRow& row);
Result<std::optional<PublicationRow>> FindPublication(Sql& sql, int64_t check_id);
// Replaces the published document (closure of the follow-up changes what the public sees).
Status UpdatePublicationDocument(Sql& sql, int64_t check_id, std::string_view public_json,
                                 std::string_view updated_at);

// ---- what is still to be published -----------------------------------------------------

struct UnpublishedResult {
  int64_t check_id = 0;
  int64_t task_id = 0;
  std::string task_number;
  std::string lead_department;
  std::string entity_code;
  std::string entity_name;
  std::string state;
  std::string checked_on;
  std::string publish_due;
};

// Checks with a result that are not yet published (entered, returned, reviewed), by due
// date; only those `department` takes part in (lead department or a team member's
// department) unless it is "".
Result<std::vector<UnpublishedResult>> UnpublishedResults(Sql& sql, std::string_view department);

// The ids of the reviewed checks of a task, ascending.
Result<std::vector<int64_t>> ReviewedChecksOfTask(Sql& sql, int64_t task_id);

}  // namespace sunlit::store::repo

#endif  // SUNLIT_STORE_REPO_RESULTS_REPO_H_
