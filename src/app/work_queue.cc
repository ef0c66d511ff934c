#include "app/work_queue.h"

#include <memory>
#include <utility>

#include "app/results_internal.h"
#include "core/results.h"
#include "store/repo/results_repo.h"

namespace sunlit::app {

namespace repo = store::repo;

Result<MyChecksPage> MyChecks(Services& s, const Caller& caller, MyCheckGroup group,
                              int64_t limit, int64_t offset) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kCheckEnter));
  MyChecksPage page;
  if (caller.inspector_code.empty()) return page;
  page.linked = true;
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(page.total,
                          repo::CountInspectorChecks(tx->sql(), caller.inspector_code, group));
  SUNLIT_ASSIGN_OR_RETURN(page.items, repo::InspectorChecks(tx->sql(), caller.inspector_code,
                                                            group, limit, offset));
  return page;
}

Result<std::vector<DeadlineItem>> ResultQueue(Services& s, const Caller& caller,
                                              QueueStage stage) {
  const std::string_view permission =
      stage == QueueStage::kReview ? perm::kCheckReview : perm::kCheckPublish;
  SUNLIT_RETURN_IF_ERROR(caller.Require(permission));
  const Scope scope = caller.ScopeOf(permission);
  const std::string department = scope == Scope::kAll ? "" : caller.department_code;
  if (scope != Scope::kAll && department.empty()) {
    return PermissionDenied("you are not allowed to see this queue");
  }
  const std::string_view wanted = stage == QueueStage::kReview ? "entered" : "reviewed";
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(core::WorkCalendar calendar, internal::LoadCalendar(*tx));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::UnpublishedResult> rows,
                          repo::UnpublishedResults(tx->sql(), department));
  std::vector<DeadlineItem> out;
  for (repo::UnpublishedResult& r : rows) {
    if (r.state != wanted) continue;
    SUNLIT_ASSIGN_OR_RETURN(core::Date due, core::Date::Parse(r.publish_due));
    SUNLIT_ASSIGN_OR_RETURN(
        core::DeadlineView d,
        core::AssessDeadline(calendar, due, today, core::kPublicationWarningWorkingDays));
    out.push_back({r.check_id, r.task_id, std::move(r.task_number), std::move(r.lead_department),
                   std::move(r.entity_code), std::move(r.entity_name), std::move(r.state),
                   std::move(r.checked_on), d});
  }
  return out;
}

}  // namespace sunlit::app
