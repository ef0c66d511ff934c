// Referrals (抄告/移送): a department tells another about a finding — usually a violation of
// the other department's rules found in a joint check — and asks for feedback by a deadline
// counted in working days (default 15, at most 60; core::kDefaultReferralFeedbackWorkingDays).
//
//   sent ──Answer(feedback)──▶ answered
//
// Access: perm::kReferralWrite. Send goes out from the caller's department (and, naming a
// check, needs that department to take part in it); Answer is for the receiving department;
// ListReferrals shows what the caller's department sent or received (every referral for
// scope kAll). Each change is one transaction with its ledger event (referral_sent,
// referral_answered). Errors as results.h; a stale version is kAborted.
#ifndef SUNLIT_APP_REFERRALS_H_
#define SUNLIT_APP_REFERRALS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "core/results.h"

namespace sunlit::app {

enum class ReferralKind {
  kNotify,    // 抄告 (notify)
  kTransfer,  // 移送 (transfer)
};
std::string_view WireName(ReferralKind k);
bool ParseReferralKind(std::string_view s, ReferralKind* out);

struct Referral {
  int64_t id = 0;
  int64_t check_id = 0;  // 0 = none
  std::string entity_code;
  std::string entity_name;
  ReferralKind kind = ReferralKind::kNotify;
  std::string from_department;
  std::string to_department;
  std::string subject;
  std::string body;
  std::string sent_on;
  std::string sent_by;
  std::string feedback_due;
  bool answered = false;
  std::string feedback;
  std::string feedback_on;
  std::string feedback_by;
  int64_t version = 0;
  // While unanswered: the feedback deadline as of today (overdue after the due day).
  std::optional<core::DeadlineView> deadline;
};

struct SendReferralRequest {
  int64_t check_id = 0;     // 0 = not from a check; then entity_code is required
  std::string entity_code;  // "" = the check's entity
  std::string to_department;
  ReferralKind kind = ReferralKind::kNotify;
  std::string subject;    // required, ≤ 200 bytes
  std::string body;       // ≤ 4000 bytes
  int feedback_days = 0;  // working days; 0 = the default (15); 1 … 60
};
Result<Referral> SendReferral(Services& s, const Caller& caller, const SendReferralRequest& req);

struct AnswerReferralRequest {
  int64_t referral_id = 0;
  int64_t version = 0;
  std::string feedback;  // required, ≤ 4000 bytes
};
Result<Referral> AnswerReferral(Services& s, const Caller& caller,
                                const AnswerReferralRequest& req);

struct ReferralFilter {
  enum class Direction { kAny, kIncoming, kOutgoing } direction = Direction::kAny;
  std::optional<bool> answered;
  bool overdue_only = false;
};
// Newest first. kOutOfRange (the calendar's error) when a deadline cannot be assessed.
Result<std::vector<Referral>> ListReferrals(Services& s, const Caller& caller,
                                            const ReferralFilter& filter);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_REFERRALS_H_
