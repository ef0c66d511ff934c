// Internal to the results use cases (results, review, credit, referrals, stats, portal):
// today's date in China, the calendar, a check with its team and who may touch it, ledger
// appends with canonical JSON bodies. Not for other modules.
#ifndef SUNLIT_APP_RESULTS_INTERNAL_H_
#define SUNLIT_APP_RESULTS_INTERNAL_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/results.h"
#include "app/services.h"
#include "core/calendar.h"
#include "core/date.h"
#include "store/repo/results_repo.h"
#include "store/store.h"

namespace sunlit::app::internal {

// The calendar day in China now, from the services' clock. kInternal when the clock gives a
// malformed time.
Result<core::Date> Today(Services& s);
// The current UTC time of the services' clock.
std::string Now(Services& s);

// The working-day calendar as stored (the same data app::LoadReferenceData reads).
Result<core::WorkCalendar> LoadCalendar(store::Transaction& tx);

// One item pinned in a task (tasks.items, written by the workflow use cases).
struct TaskItemRef {
  std::string department_code;
  std::string code;
  std::string name;
};

// A check, its task and its team.
struct CheckContext {
  store::repo::CheckView check;
  std::vector<store::repo::CheckInspector> team;
  std::vector<std::string> task_departments;  // parsed from the task; may be empty
  std::vector<TaskItemRef> task_items;        // parsed from the task; may be empty

  // Whether the caller's inspector code is on the team.
  bool Assigned(const Caller& caller) const;
  // The task's departments (lead and partners) and every team member's department, sorted,
  // unique.
  std::vector<std::string> Departments() const;
  bool HasDepartment(std::string_view department) const;
  // Whether `permission` reaches one of Departments() for the caller (for scope kOwn: the
  // caller is on the team).
  bool TakesPart(const Caller& caller, std::string_view permission) const;
};

// kNotFound "there is no check N" when absent.
Result<CheckContext> LoadCheck(store::Transaction& tx, int64_t check_id);

// The checks below refuse with kNotFound when the caller's department takes no part in the
// check (its existence is not revealed, docs/api.md) and kPermissionDenied otherwise.
//
// perm::kCheckEnter and the caller on the team.
Status RequireAssignedInspector(const Caller& caller, const CheckContext& c);
// `permission` in a department taking part in the check.
Status RequireTakingPart(const Caller& caller, std::string_view permission, const CheckContext& c);
// May the caller read this check's result (see results.h)?
Status RequireReader(const Caller& caller, const CheckContext& c);

// A credit code from user input: normalised (trim, half-width, upper case) and checked
// (GB 32100; an organisation-code check failure is tolerated, as in the directory).
// kInvalidArgument "code: …" with the reason.
Result<std::string> ParseEntityCode(std::string_view raw);

// Proposes the abnormal-list entry a published result calls for (its category's credit
// action), decided by a market-supervision department, in `tx`; does nothing when the
// category calls for none or an open entry for the same entity and reason exists (credit.cc).
Status ProposeFromPublishedResult(Services& s, store::Transaction& tx, const Caller& caller,
                                  const CheckContext& c, const store::repo::StoredResult& r,
                                  core::Date today);

// Appends `kind` about `subject` with `body` (canonical JSON) in `tx`.
Status Log(Services& s, store::Transaction& tx, std::string_view kind, std::string_view subject,
           std::string body);

// Hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// The staff view of a check's result.
Result<ResultView> BuildView(Services& s, store::Transaction& tx, const CheckContext& c);

// A JSON object written field by field, keys in bytewise order, no spaces, UTF-8 as is:
// exactly what nlohmann::json::dump() gives, i.e. the canonical form ledger bodies need.
// With html_safe, <, > and & inside strings become \u003c, \u003e, \u0026 (the same text
// to any JSON reader, and inert if a document is ever embedded in HTML): the form of the
// public documents. A key set twice keeps the last value.
class JsonObject {
 public:
  explicit JsonObject(bool html_safe) : html_safe_(html_safe) {}
  JsonObject& Str(std::string_view key, std::string_view value);
  JsonObject& Int(std::string_view key, int64_t value);
  JsonObject& Bool(std::string_view key, bool value);
  JsonObject& Null(std::string_view key);
  JsonObject& Strs(std::string_view key, const std::vector<std::string>& values);
  // `json` must be valid JSON in the same form (an object or array built here).
  JsonObject& Raw(std::string_view key, std::string json);
  std::string Dump() const;

 private:
  bool html_safe_;
  std::map<std::string, std::string> fields_;
};
// "[a,b,…]" of already-written JSON values.
std::string JsonArray(const std::vector<std::string>& raw_items);
// A JSON string literal (with quotes), HTML-safe as above.
std::string JsonString(std::string_view s);

// The published document of a check (HTML-safe JSON, the bytes the public lookup serves):
// entity, task, departments (names), day of the check, methods, category, follow-up and
// closure, items (name, checked, problems, action), publication day. No summary, no
// inspector names, no evidence.
Result<std::string> PublicDocument(store::Transaction& tx, const CheckContext& c,
                                   const store::repo::StoredResult& r,
                                   std::string_view published_on);
// The same from what the above reads: the departments' names (in the order of
// CheckContext::Departments()) and the category's name.
std::string PublicDocumentOf(const store::repo::CheckView& check,
                             const store::repo::StoredResult& r,
                             const std::vector<std::string>& department_names,
                             std::string_view category_name, std::string_view published_on);

// The canonical JSON of one result revision (what content_sha256 hashes).
std::string CanonicalResultJson(int64_t check_id, const core::CheckResult& r);

}  // namespace sunlit::app::internal

#endif  // SUNLIT_APP_RESULTS_INTERNAL_H_
