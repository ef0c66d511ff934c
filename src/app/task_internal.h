// Internal to app/ (tasks, assignment_service, notices): reading a task row into a Task,
// who may see or change it, and small shared helpers. Not a use-case header: nothing outside
// app/ includes it.
#ifndef SUNLIT_APP_TASK_INTERNAL_H_
#define SUNLIT_APP_TASK_INTERNAL_H_

#include <string>
#include <string_view>

#include "app/caller.h"
#include "app/draw_service.h"
#include "app/tasks.h"
#include "core/date.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "store/repo/workflow_repo.h"
#include "store/store.h"

namespace sunlit::app::internal {

// Today in China by `clock`; the clock's time in UTC.
core::Date Today(Clock& clock);

// Writes the draft's content columns of `row` (title, kind, plan, lead, departments, items,
// scope, quotas, exclusions, team, options, window, confidential, cap_exempt) as canonical
// JSON. REQUIRES: a validated draft. kInvalidArgument for text that is not UTF-8.
Status EncodeDraft(const TaskDraft& draft, store::TaskRow* row);
// Decodes the JSON columns of a task row. kDataLoss when they are damaged.
Result<Task> TaskFromRow(const store::TaskRow& row);
// SHA-256 (hex) of what a task says: its content columns, canonical.
std::string ContentHash(const store::TaskRow& row);
Check CheckFromRow(const store::CheckRow& row, std::string_view task_number);

// How far the caller reaches into a task for reading.
enum class Reach {
  kNone,  // not visible
  kOwn,   // an inspector: the task, and only the checks they are assigned to
  kFull,  // lead or partner department, or scope kAll
};
// Reach with task.read. `assigned` tells whether the caller (as an inspector) is on a team
// of this task; it is only consulted for scope kOwn.
Reach ReadReach(const Caller& caller, const Task& task, bool assigned);
// task.write in the task's lead department.
Status RequireLead(const Caller& caller, const Task& task);
// Whether a confidential task's list may be shown to a caller with kFull reach today.
bool MaySeeList(const Caller& caller, const Task& task, core::Date today);

// Loads task `number` for reading by `caller`: kUnauthenticated/kPermissionDenied without
// task.read, kNotFound when unknown or not visible. `reach` receives the caller's reach.
Result<Task> LoadReadable(store::Transaction& tx, const Caller& caller, std::string_view number,
                          Reach* reach);
// Loads task `number` for a change by its lead department (task.write). kNotFound as above.
Result<Task> LoadWritable(store::Transaction& tx, const Caller& caller, std::string_view number);

// Appends one event; `body` must be canonical JSON.
Status Log(ledger::Ledger& ledger, store::Transaction& tx, std::string_view kind,
           std::string_view subject, std::string body);

// "state draft" style message for a step the task's state does not allow.
Status WrongState(const Task& task, std::string_view step);

// Text checks shared by the use cases: kInvalidArgument naming `what`.
Status ValidateText(std::string_view what, std::string_view text, size_t max_bytes, bool required);

}  // namespace sunlit::app::internal

#endif  // SUNLIT_APP_TASK_INTERNAL_H_
