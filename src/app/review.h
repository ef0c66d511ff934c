// Review and publication (审核、公示): the second and third steps of "谁检查、谁录入、谁公开".
//
//   entered ──Approve──▶ reviewed ──Publish──▶ published
//      ▲  └──Return (opinion)──▶ returned ──EnterResult──┘
//
// Publication is due 20 working days after the day the check was completed (企业信息公示暂行
// 条例; core::kPublicationWorkingDays), counted with the stored working-day calendar;
// Deadlines lists what is still unpublished with its state (warning at ≤ 5 working days
// left, overdue after the due day). Publishing writes the public document (what the portal
// serves) and, when the result's category calls for it (e.g. 通过登记的住所无法联系), proposes
// an entry on the 经营异常名录 in the same transaction (credit.h).
//
// Access: Approve/Return need perm::kCheckReview, Publish/PublishTask perm::kCheckPublish, in
// a department taking part in the check (its task's lead department or a team member's
// department). Nobody reviews a check they are on the team of. Deadlines needs kCheckReview,
// kCheckPublish or kStatsRead and covers the caller's department (every department for
// scope kAll).
//
// Every step is one transaction with its ledger event (result_approved, result_returned,
// result_published, credit_proposed). Errors as results.h; a stale version is kAborted.
#ifndef SUNLIT_APP_REVIEW_H_
#define SUNLIT_APP_REVIEW_H_

#include <cstdint>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/results.h"
#include "app/services.h"
#include "core/results.h"

namespace sunlit::app {

struct ReviewRequest {
  int64_t check_id = 0;
  int64_t version = 0;
  std::string opinion;  // ≤ 1000 bytes; required to return
};

Result<ResultView> Approve(Services& s, const Caller& caller, const ReviewRequest& req);
Result<ResultView> Return(Services& s, const Caller& caller, const ReviewRequest& req);

struct PublishRequest {
  int64_t check_id = 0;
  int64_t version = 0;
};

Result<ResultView> Publish(Services& s, const Caller& caller, const PublishRequest& req);

struct PublishTaskOutcome {
  std::vector<int64_t> published;  // check ids
};
// Publishes every reviewed check of a task the caller may publish, in one transaction.
// kNotFound for an unknown task; kFailedPrecondition when there is nothing to publish.
Result<PublishTaskOutcome> PublishTask(Services& s, const Caller& caller, int64_t task_id);

enum class DeadlineFilter { kAll, kWarning, kOverdue };

struct DeadlineItem {
  int64_t check_id = 0;
  int64_t task_id = 0;
  std::string task_number;
  std::string lead_department;
  std::string entity_code;
  std::string entity_name;
  std::string state;
  std::string checked_on;
  core::DeadlineView deadline;
};

// Unpublished results with their publication deadline, soonest first. kWarning keeps those
// at most 5 working days from due (not yet overdue), kOverdue those past due. kOutOfRange
// (the calendar's error) when today or a due day lies in a year without a calendar.
Result<std::vector<DeadlineItem>> Deadlines(Services& s, const Caller& caller,
                                            DeadlineFilter filter);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_REVIEW_H_
