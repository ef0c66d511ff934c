// Work lists of the staff console: an inspector's own checks (我的检查) and the review and
// publication queues (待审核 / 待公示).
//
//   MyChecks      the checks whose team includes the caller's inspector code, with their task,
//                 entity, the task's check period and (once entered) the publication due day.
//                 Needs perm::kCheckEnter; a caller not linked to an inspector has none (an
//                 empty list, not an error).
//   ResultQueue   kReview: entered results waiting for approval or return (perm::kCheckReview);
//                 kPublish: reviewed results waiting for publication (perm::kCheckPublish).
//                 Scoped like Deadlines (review.h): the departments taking part — the task's
//                 lead or a team member's department — of the caller's department, every
//                 department for scope kAll. Soonest due first, each with its deadline.
//
// Errors: kUnauthenticated / kPermissionDenied from the Caller; kOutOfRange (the calendar's
// error) when today or a due day lies in a year without a calendar; store errors as they come.
// Thread safety: every function may be called concurrently.
#ifndef SUNLIT_APP_WORK_QUEUE_H_
#define SUNLIT_APP_WORK_QUEUE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/review.h"
#include "app/services.h"
#include "store/repo/work_repo.h"

namespace sunlit::app {

using MyCheckGroup = store::repo::InspectorCheckGroup;

struct MyChecksPage {
  bool linked = false;  // false: the caller is not linked to an inspector (items empty)
  int64_t total = 0;
  std::vector<store::repo::InspectorCheckRow> items;
};

Result<MyChecksPage> MyChecks(Services& s, const Caller& caller, MyCheckGroup group,
                              int64_t limit, int64_t offset);

enum class QueueStage { kReview, kPublish };

Result<std::vector<DeadlineItem>> ResultQueue(Services& s, const Caller& caller,
                                              QueueStage stage);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_WORK_QUEUE_H_
