// Credit consequences and joint punishment (信用约束、联合惩戒): the 经营异常名录
// (abnormal-operations list) and the 严重违法失信名单 (serious violations list).
//
//   proposed ──Decide(list)──▶ listed ──Remove(reason)──▶ removed
//       └──────Decide(reject)──▶ rejected
//
// - Publishing a result whose category calls for it (未按规定公示应当公示的信息, 公示信息隐瞒真实
//   情况弄虚作假, 通过登记的住所（经营场所）无法联系) proposes an abnormal-list entry in the same
//   transaction; staff may also Propose one by hand. A proposal is decided within 10 working
//   days (core::kAbnormalDecisionWorkingDays); overdue proposals are listed.
// - ProposeSeriousAfterThreeYears proposes, for every entity listed as abnormal for 3 years
//   or more and still listed, an entry on the serious list (once per abnormal entry).
// - Restrictions answers, for any authenticated department, whether an entity is on a list
//   now, since when, why and by whose decision ("一处违法、处处受限").
//
// Access: Propose / ProposeSeriousAfterThreeYears need perm::kCreditPropose, Decide / Remove
// perm::kCreditDecide in the entry's department; ListCredit either of them (own department
// unless scope kAll); Restrictions any authenticated caller with a department.
// Each change is one transaction with its ledger event (credit_proposed, credit_listed,
// credit_rejected, credit_removed). A stale version is kAborted.
#ifndef SUNLIT_APP_CREDIT_H_
#define SUNLIT_APP_CREDIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "core/results.h"

namespace sunlit::app {

// The grounds a list entry may name: for kAbnormal 企业经营异常名录管理暂行办法 第四条
// (annual_report, unpublished_info, false_info, unreachable); for kSerious three_years and
// other. Returns the Chinese wording, or "" for an unknown code.
std::string_view CreditReasonText(core::CreditList list, std::string_view reason_code);

struct CreditEntry {
  int64_t id = 0;
  core::CreditList list = core::CreditList::kAbnormal;
  std::string entity_code;
  std::string entity_name;
  std::string reason_code;
  std::string reason;
  int64_t source_check_id = 0;
  int64_t source_entry_id = 0;
  std::string department_code;
  core::CreditState state = core::CreditState::kProposed;
  std::string proposed_on;
  std::string proposed_by;
  std::string decision_due;
  std::string decided_on;
  std::string decided_by;
  std::string decision_ref;
  std::string decision_note;
  std::string removed_on;
  std::string removed_by;
  std::string removal_reason;
  int64_t version = 0;
};

struct ProposeRequest {
  core::CreditList list = core::CreditList::kAbnormal;
  std::string entity_code;  // a valid credit code
  std::string reason_code;  // see CreditReasonText
  std::string reason;       // "" = the wording of reason_code; ≤ 500 bytes
  int64_t source_check_id = 0;
};
// Proposes an entry decided by the caller's department, due in 10 working days.
// kAlreadyExists when an open entry for the same list, entity and reason exists.
Result<CreditEntry> Propose(Services& s, const Caller& caller, const ProposeRequest& req);

struct DecideRequest {
  int64_t entry_id = 0;
  int64_t version = 0;
  bool list = true;          // true: 列入; false: reject the proposal
  std::string decision_ref;  // 决定书文号: required to list, ≤ 100 bytes
  std::string note;          // required to reject, ≤ 1000 bytes
};
Result<CreditEntry> Decide(Services& s, const Caller& caller, const DecideRequest& req);

struct RemoveRequest {
  int64_t entry_id = 0;
  int64_t version = 0;
  std::string reason;  // required, ≤ 500 bytes (e.g. 已补报年报并公示)
};
Result<CreditEntry> Remove(Services& s, const Caller& caller, const RemoveRequest& req);

// Serious-list proposals made for abnormal entries listed 3 years or more (their ids).
Result<std::vector<CreditEntry>> ProposeSeriousAfterThreeYears(Services& s, const Caller& caller);

struct CreditFilter {
  std::optional<core::CreditList> list;
  std::optional<core::CreditState> state;
  std::string entity_code;
  bool overdue_only = false;  // proposals past their decision due day
};
Result<std::vector<CreditEntry>> ListCredit(Services& s, const Caller& caller,
                                            const CreditFilter& filter);

struct Restriction {
  core::CreditList list = core::CreditList::kAbnormal;
  std::string since;  // the day of the decision
  std::string reason;
  std::string department_code;
  std::string department_name;
  std::string decision_ref;
  int64_t entry_id = 0;
};

struct RestrictionAnswer {
  std::string entity_code;
  std::string entity_name;  // "" when the entity is not in the directory
  bool restricted = false;
  std::vector<Restriction> restrictions;
};
// kInvalidArgument for a malformed credit code (the reason given).
Result<RestrictionAnswer> Restrictions(Services& s, const Caller& caller, std::string_view code);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_CREDIT_H_
