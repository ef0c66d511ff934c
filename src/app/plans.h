// Plans (抽查工作计划, seed 004 三(四)): each department files its annual plan for the next
// year with the market supervision bureau of its level by 31 December; each county/district
// files its joint annual plan with the level above by 31 January of the plan year. Plans are
// drafted, filed (备案; late filings are marked, not refused) and published (公示). The
// deadlines are tracked: PlanDeadlines lists who has filed, who is late and who is about to
// be, for a city and a year.
//
// Deadlines are calendar dates (the seed says 12月底前 / 1月底前, not working days); a
// warning starts policy.plan_warning_days days before.
//
// Permissions: plan.write in the plan's department to create, edit, file and publish;
// plan.read in it to read a draft or a filed plan; published plans are public.
// Errors: kInvalidArgument naming the field; kNotFound (also for a plan the caller may not
// see); kAlreadyExists for a second plan of the same kind, year, department and region;
// kFailedPrecondition for a step the state does not allow; kAborted for a stale version.
// Thread safety: every function may be called concurrently.
#ifndef SUNLIT_APP_PLANS_H_
#define SUNLIT_APP_PLANS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "core/date.h"
#include "core/result.h"

namespace sunlit::app {

enum class PlanKind { kDepartmentAnnual, kCountyJoint };
enum class PlanState { kDraft, kFiled, kPublished };
std::string_view WireName(PlanKind kind);    // "department_annual", "county_joint"
std::string_view WireName(PlanState state);  // "draft", "filed", "published"
bool ParsePlanKind(std::string_view s, PlanKind* out);

// The filing deadline of a plan for `year`: 31 December of year − 1 for a department's annual
// plan, 31 January of `year` for a county's joint plan.
core::Date PlanDueDate(PlanKind kind, int32_t year);

// One task a plan announces: what, where, how much and when (a plan lists tasks; each becomes
// a task later with plan_id set).
struct PlannedTask {
  std::string title;                     // 1–200 bytes
  std::vector<std::string> departments;  // taking part, each existing
  std::vector<std::string> items;        // "DEPT:ITEM-CODE", each an existing item
  std::string scope;                     // described in words, ≤ 500 bytes
  int64_t ratio_bp = 0;                  // planned ratio, 0–10 000 basis points
  std::string timing;                    // e.g. "2026年二季度", ≤ 100 bytes
};

struct PlanDraft {
  PlanKind kind = PlanKind::kDepartmentAnnual;
  int32_t year = 0;  // 2000–2100
  std::string department_code;
  // department_annual: the region of the level it files with (e.g. the city 430300);
  // county_joint: the county (a GB/T 2260 county code).
  int32_t region = 0;
  std::string title;               // 1–200 bytes
  std::vector<PlannedTask> tasks;  // at most 200
};

struct Plan {
  int64_t id = 0;
  PlanDraft draft;
  core::Date due_date;
  PlanState state = PlanState::kDraft;
  std::string filed_at;  // UTC
  std::string filed_by;
  bool filed_late = false;  // filed (China date) after due_date
  std::string published_at;
  std::string created_at;
  std::string created_by;
  std::string updated_at;
  int64_t version = 0;
};

Result<Plan> CreatePlan(Services& s, const Caller& caller, const PlanDraft& draft);
// Replaces a draft's content (kind, year, department and region stay).
Result<Plan> UpdatePlan(Services& s, const Caller& caller, int64_t id, int64_t version,
                        const PlanDraft& draft);
// draft → filed; logs plan_filed with the due date and whether it is late.
Result<Plan> FilePlan(Services& s, const Caller& caller, int64_t id, int64_t version);
// filed → published; logs plan_published.
Result<Plan> PublishPlan(Services& s, const Caller& caller, int64_t id, int64_t version);
Result<Plan> GetPlan(Services& s, const Caller& caller, int64_t id);

struct PlanListFilter {
  int32_t year = 0;
  std::string kind;  // "" = any
  std::string department_code;
};
// The plans the caller may see (their department's with plan.read, every one with scope
// kAll, and published ones).
Result<std::vector<Plan>> ListPlans(Services& s, const Caller& caller,
                                    const PlanListFilter& filter);

enum class DeadlineStatus {
  kFiled,      // filed on time
  kFiledLate,  // filed after the deadline
  kOpen,       // not filed, deadline more than the warning period away
  kDueSoon,    // not filed, deadline within the warning period
  kOverdue,    // not filed, deadline passed
};
std::string_view WireName(
    DeadlineStatus s);  // "filed", "filed_late", "open", "due_soon", "overdue"

struct DeadlineLine {
  PlanKind kind = PlanKind::kDepartmentAnnual;
  std::string department_code;
  int32_t region = 0;
  core::Date due_date;
  DeadlineStatus status = DeadlineStatus::kOpen;
  int32_t days_left = 0;  // due_date − today (negative when passed)
  int64_t plan_id = 0;    // 0 = no plan yet
  std::string message;    // e.g. "消防救援支队 2026年度抽查计划 逾期 3 天未报送"
};

// Who owes which plan for `year` around prefecture `city` (e.g. 430300): every department's
// annual plan (region = city) and every county's joint plan (filed by the market-supervision
// department), with their status today. Ordered: overdue, due soon, open, filed late, filed;
// then by due date, kind, department, region. Needs plan.read; a caller with department
// scope sees the lines of their own department.
Result<std::vector<DeadlineLine>> PlanDeadlines(Services& s, const Caller& caller, int32_t year,
                                                int32_t city);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_PLANS_H_
