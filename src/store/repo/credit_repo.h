// Credit and referral repository: 经营异常名录 / 严重违法失信名单 entries and 抄告/移送
// referrals (migration 6), and the departments they name. Portable SQL over store::Sql;
// every function runs in the caller's transaction.
//
// Errors: as store/sql.h maps them — InsertCreditEntry is kAlreadyExists when an open entry
// (proposed or listed) for the same list, entity and reason exists, or the source entry was
// already escalated; updates are kAborted when the row's version moved on or it is no longer
// in the state the step starts from; kDataLoss for an unreadable stored enum.
// Thread-safety: as the transaction the Sql belongs to.
#ifndef SUNLIT_STORE_REPO_CREDIT_REPO_H_
#define SUNLIT_STORE_REPO_CREDIT_REPO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/results.h"
#include "store/sql.h"

namespace sunlit::store::repo {

struct CreditEntryRow {
  int64_t id = 0;
  core::CreditList list = core::CreditList::kAbnormal;
  std::string entity_code;
  std::string entity_name;
  std::string reason_code;
  std::string reason;
  int64_t source_check_id = 0;  // 0 = none
  int64_t source_entry_id = 0;  // 0 = none; for a serious proposal, the abnormal entry
  std::string department_code;  // the deciding department
  core::CreditState state = core::CreditState::kProposed;
  std::string proposed_on;  // 'YYYY-MM-DD'
  std::string proposed_by;
  std::string decision_due;  // 'YYYY-MM-DD'
  std::string decided_on;    // '' until decided
  std::string decided_by;
  std::string decision_ref;  // 决定书文号
  std::string decision_note;
  std::string removed_on;
  std::string removed_by;
  std::string removal_reason;
  std::string updated_at;
  int64_t version = 1;
};

// Stores a new entry (state and version as given) and returns its id.
Result<int64_t> InsertCreditEntry(Sql& sql, const CreditEntryRow& row);
Result<std::optional<CreditEntryRow>> FindCreditEntry(Sql& sql, int64_t id);

// proposed → listed / rejected, when the entry is still proposed at `expected_version`.
Status DecideCreditEntry(Sql& sql, int64_t id, int64_t expected_version, core::CreditState to,
                         std::string_view decided_on, std::string_view decided_by,
                         std::string_view decision_ref, std::string_view note,
                         std::string_view updated_at);
// listed → removed, when the entry is still listed at `expected_version`.
Status RemoveCreditEntry(Sql& sql, int64_t id, int64_t expected_version,
                         std::string_view removed_on, std::string_view removed_by,
                         std::string_view reason, std::string_view updated_at);

struct CreditQuery {
  std::string list;         // wire name or "" for both
  std::string state;        // wire name or ""
  std::string department;   // "" for every department
  std::string entity_code;  // "" for every entity
  std::string due_before;   // 'YYYY-MM-DD': only proposals with decision_due < it; "" = any
  int64_t limit = 1000;
};
// Entries matching every given field, newest first.
Result<std::vector<CreditEntryRow>> ListCreditEntries(Sql& sql, const CreditQuery& q);

// Entries on a list now (state listed) of one entity, oldest decision first.
Result<std::vector<CreditEntryRow>> ListedEntriesOf(Sql& sql, std::string_view entity_code);

// Abnormal-list entries still listed, decided on or before `decided_until`, that no serious
// proposal names yet; of `department` unless it is "".
Result<std::vector<CreditEntryRow>> AbnormalEntriesToEscalate(Sql& sql,
                                                              std::string_view decided_until,
                                                              std::string_view department);

// ---- departments ------------------------------------------------------------------------

struct DepartmentRef {
  std::string code;
  std::string name;
  bool market_supervision = false;
};
Result<std::optional<DepartmentRef>> FindDepartment(Sql& sql, std::string_view code);
// The first market-supervision department by code; nullopt when there is none.
Result<std::optional<DepartmentRef>> FirstMarketSupervisionDepartment(Sql& sql);
// The name of an entity in the directory; nullopt when unknown.
Result<std::optional<std::string>> EntityName(Sql& sql, std::string_view code);

// ---- referrals ----------------------------------------------------------------------------

struct ReferralRow {
  int64_t id = 0;
  int64_t check_id = 0;  // 0 = none
  std::string entity_code;
  std::string entity_name;
  std::string kind;  // notify (抄告) or transfer (移送)
  std::string from_department;
  std::string to_department;
  std::string subject;
  std::string body;
  std::string sent_on;  // 'YYYY-MM-DD'
  std::string sent_at;  // UTC
  std::string sent_by;
  std::string feedback_due;  // 'YYYY-MM-DD'
  std::string state;         // sent or answered
  std::string feedback;
  std::string feedback_on;
  std::string feedback_by;
  int64_t version = 1;
};

Result<int64_t> InsertReferral(Sql& sql, const ReferralRow& row);
Result<std::optional<ReferralRow>> FindReferral(Sql& sql, int64_t id);
// sent → answered, when the referral is still unanswered at `expected_version`.
Status AnswerReferral(Sql& sql, int64_t id, int64_t expected_version, std::string_view feedback,
                      std::string_view feedback_on, std::string_view feedback_by);

struct ReferralQuery {
  std::string to_department;      // "" = any
  std::string from_department;    // "" = any
  std::string either_department;  // "" = any; else sent by or to it
  std::string state;              // "" = any
  std::string due_before;         // only unanswered with feedback_due < it; "" = any
  int64_t limit = 1000;
};
// Newest first.
Result<std::vector<ReferralRow>> ListReferrals(Sql& sql, const ReferralQuery& q);

}  // namespace sunlit::store::repo

#endif  // SUNLIT_STORE_REPO_CREDIT_REPO_H_
