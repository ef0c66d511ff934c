// The demo's year: the Xiangtan demo database walked through 2026 with the app's own use
// cases (plans, the 一业一查 task, a second task, results, review, publication, the 经营异常
// 名录, a referral) under a simulated clock. Timestamps in the demo are simulated: they say
// when each step would have happened in 2026, not when `sunlit demo` ran.
#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "app/assignment_service.h"
#include "app/checklists.h"
#include "app/credit.h"
#include "app/demo.h"
#include "app/plans.h"
#include "app/referrals.h"
#include "app/results.h"
#include "app/review.h"
#include "app/services.h"
#include "app/tasks.h"
#include "draw/sha256.h"

namespace sunlit::app {
namespace {

// The demo's clock: set by the walk, step by step.
class DemoClock final : public Clock {
 public:
  std::string NowUtc() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Set(std::string utc) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = std::move(utc);
  }

 private:
  std::mutex mu_;
  std::string now_ = "2026-01-05T01:00:00Z";
};

// Secrets derived from the demo's seed, so the same seed gives the same demo. Never for a
// real installation: its secrets must be unpredictable.
class DemoSecrets final : public SecretSource {
 public:
  explicit DemoSecrets(uint64_t seed) : seed_(seed) {}
  Status Generate(draw::Secret* out) override {
    const draw::Digest d =
        draw::Sha256Of("sunlit-demo-secret:" + std::to_string(seed_) + ":" + std::to_string(++n_));
    std::copy(d.begin(), d.end(), out->begin());
    return Status::Ok();
  }

 private:
  uint64_t seed_;
  uint64_t n_ = 0;
};

// An inspector of the check's team, acting for themselves.
Caller InspectorCaller(const Check& check) {
  Caller c;
  c.username = "demo-inspector";
  c.inspector_code = check.inspectors.empty() ? "" : check.inspectors.front().inspector_code;
  c.department_code = check.inspectors.empty() ? "" : check.inspectors.front().department_code;
  c.roles = {"inspector"};
  c.scopes.emplace(std::string(perm::kCheckEnter), Scope::kOwn);
  return c;
}

// A result for every item of the task; `problem` marks the first SCJG item.
core::CheckResult ResultFor(const Task& task, core::Date checked_on, bool problem) {
  core::CheckResult r;
  r.checked_on = checked_on;
  r.methods = {core::CheckMethod::kOnSite};
  r.category_code = problem ? "corrected" : "no_problem";
  r.summary = problem ? "现场检查发现问题，已责令当场整改" : "现场检查，未发现问题";
  bool marked = false;
  for (const TaskItem& i : task.draft.items) {
    core::ItemResult item;
    item.department_code = i.department_code;
    item.item_code = i.code;
    item.checked = true;
    if (problem && !marked && i.department_code == task.draft.lead_department) {
      item.problems = "未按规定明码标价";
      item.action = "责令当场整改";
      marked = true;
    }
    r.items.push_back(std::move(item));
  }
  return r;
}

// Freezes `number` with the evening lottery of `day`, enters its numbers the next morning
// (China time) and draws.
Status FreezeEnterDraw(Services& s, DemoClock& clock, const Caller& lead, const std::string& number,
                       const std::string& day, const std::string& issue,
                       const draw::Sources& values) {
  RandomnessSource source;
  source.name = "中国福利彩票 福彩3D";
  source.issue = issue;
  source.how_written = "3个开奖号码，按开奖顺序";
  source.available_at = day + "T20:30:00+08:00";
  SUNLIT_RETURN_IF_ERROR(FreezeTask(s, lead, number, {source}).status());
  clock.Set(day + "T13:00:00Z");
  SUNLIT_RETURN_IF_ERROR(EnterTaskRandomness(s, lead, number, values).status());
  return DrawTask(s, lead, number).status();
}

Status WalkTheYear(Services& s, DemoClock& clock, const DemoOptions& options) {
  // The bureau's SCJG department administrator (every permission, as the local operator).
  Caller lead = Caller::System("demo");
  lead.department_code = "SCJG";
  const uint64_t seed = options.seed;
  const draw::Sources fuel_numbers = {{seed % 10, (seed / 10) % 10, (seed / 100) % 10}};
  const draw::Sources second_numbers = {{(seed / 7) % 10, (seed / 70) % 10, (seed / 700) % 10}};

  // ---- January: the plans -------------------------------------------------------------
  clock.Set("2026-01-08T02:00:00Z");
  PlanDraft annual;
  annual.kind = PlanKind::kDepartmentAnnual;
  annual.year = 2026;
  annual.department_code = "SCJG";
  annual.region = 430300;
  annual.title = "湘潭市市场监督管理局2026年度双随机抽查工作计划";
  annual.tasks = {
      {"加油站一业一查联合抽查",
       {"SCJG", "SW", "XFJY", "YJGL"},
       {"SCJG:SCJG-010"},
       "全市加油站",
       2000,
       "二季度"},
      {"企业公示信息抽查", {"SCJG"}, {"SCJG:SCJG-001"}, "雨湖区企业", 300, "三、四季度"}};
  SUNLIT_ASSIGN_OR_RETURN(Plan plan, CreatePlan(s, lead, annual));
  SUNLIT_ASSIGN_OR_RETURN(plan, FilePlan(s, lead, plan.id, plan.version));
  SUNLIT_RETURN_IF_ERROR(PublishPlan(s, lead, plan.id, plan.version).status());
  PlanDraft county;  // drafted, never filed: the deadline list shows it
  county.kind = PlanKind::kCountyJoint;
  county.year = 2026;
  county.department_code = "SCJG";
  county.region = 430302;
  county.title = "雨湖区2026年度部门联合双随机抽查工作计划";
  county.tasks = {{"餐饮单位消防与食品安全联合抽查",
                   {"SCJG", "XFJY"},
                   {"SCJG:SCJG-001"},
                   "雨湖区餐饮单位",
                   300,
                   "三季度"}};
  SUNLIT_RETURN_IF_ERROR(CreatePlan(s, lead, county).status());

  // Only what would have happened by options.today is done.
  const core::Date today = options.today;

  // ---- March: the 一业一查 fuel-station task, drawn and assigned -------------------------
  if (today < core::Date::FromYmd(2026, 3, 4)) return Status::Ok();
  clock.Set("2026-03-02T01:00:00Z");
  SUNLIT_RETURN_IF_ERROR(
      SaveChecklist(s, lead, {"fuel-station", "加油站", {"5265"}, {"fuel_retail"}}).status());
  TaskDraft fuel;
  fuel.bureau = "XT";
  fuel.plan_id = plan.id;
  fuel.title = "2026年全市加油站一业一查部门联合抽查";
  fuel.kind = TaskKind::kRandom;
  fuel.lead_department = "SCJG";
  fuel.partner_departments = {"SW", "XFJY", "YJGL"};
  fuel.checklist_code = "fuel-station";
  fuel.scope.region_prefixes = {"4303"};
  fuel.scope.industry_prefixes = {"5265"};
  fuel.stratify = index::Stratify::kNone;
  draw::Quota all;  // twelve stations (all of them in a small demo)
  all.kind = draw::Quota::Kind::kCount;
  all.value = 12;
  fuel.quotas = {all};
  fuel.reserve = 2;
  fuel.team = {{"SCJG", 2}, {"SW", 1}, {"XFJY", 1}, {"YJGL", 1}};
  fuel.window_start = core::Date::FromYmd(2026, 4, 1);
  fuel.window_end = core::Date::FromYmd(2026, 6, 30);
  fuel.materials = {"营业执照", "成品油零售经营批准证书", "计量器具检定证书", "消防安全制度"};
  fuel.contact = {"王科长", "0731-55550000", "湘潭市岳塘区建设南路"};
  SUNLIT_ASSIGN_OR_RETURN(Task fuel_task, CreateTask(s, lead, fuel));
  SUNLIT_RETURN_IF_ERROR(
      FreezeEnterDraw(s, clock, lead, fuel_task.number, "2026-03-02", "2026053期", fuel_numbers));
  clock.Set("2026-03-03T02:00:00Z");
  SUNLIT_ASSIGN_OR_RETURN(AssignmentOutcome assigned, AssignTask(s, lead, fuel_task.number));
  if (!assigned.feasible) return Internal("the demo's fuel task: " + assigned.explanation);
  SUNLIT_ASSIGN_OR_RETURN(fuel_task, GetTask(s, lead, fuel_task.number));

  // ---- April–June: results, review, publication (one on time, one late) -------------------
  if (today < core::Date::FromYmd(2026, 6, 16)) return Status::Ok();
  clock.Set("2026-04-20T02:00:00Z");
  SUNLIT_ASSIGN_OR_RETURN(TaskChecks fuel_checks, ListChecks(s, lead, fuel_task.number));
  std::vector<ResultView> entered;
  for (size_t i = 0; i < fuel_checks.checks.size() && i < 5; ++i) {
    const Check& c = fuel_checks.checks[i];
    EnterResultRequest req;
    req.check_id = c.id;
    req.version = c.version;
    req.result = ResultFor(fuel_task, core::Date::FromYmd(2026, 4, 17), i == 1);
    SUNLIT_ASSIGN_OR_RETURN(ResultView v, EnterResult(s, InspectorCaller(c), req));
    entered.push_back(std::move(v));
  }
  clock.Set("2026-04-22T02:00:00Z");
  for (size_t i = 0; i < entered.size() && i < 3; ++i) {
    SUNLIT_ASSIGN_OR_RETURN(entered[i],
                            Approve(s, lead, {entered[i].check_id, entered[i].version, ""}));
  }
  if (!entered.empty()) {  // on time
    SUNLIT_RETURN_IF_ERROR(Publish(s, lead, {entered[0].check_id, entered[0].version}).status());
  }
  clock.Set("2026-06-15T02:00:00Z");
  if (entered.size() > 1) {  // after its deadline
    SUNLIT_RETURN_IF_ERROR(Publish(s, lead, {entered[1].check_id, entered[1].version}).status());
    // The problem found: 经营异常名录 proposed (unreachable at the registered address) and
    // the fire brigade told.
    ProposeRequest propose;
    propose.list = core::CreditList::kAbnormal;
    propose.entity_code = entered[1].entity_code;
    propose.reason_code = "unreachable";
    propose.source_check_id = entered[1].check_id;
    SUNLIT_RETURN_IF_ERROR(Propose(s, lead, propose).status());
    SendReferralRequest referral;
    referral.check_id = entered[1].check_id;
    referral.to_department = "XFJY";
    referral.subject = "加油站消防设施未保持完好有效";
    referral.body = "联合检查中发现灭火器过期，请依法处理并反馈。";
    SUNLIT_RETURN_IF_ERROR(SendReferral(s, lead, referral).status());
  }
  // entered[2] stays reviewed and unpublished (overdue); entered[3], [4] stay entered.

  // ---- autumn: the second task, drawn and assigned; one result close to its deadline -------
  if (today < core::Date::FromYmd(2026, 9, 20)) return Status::Ok();
  clock.Set("2026-08-17T01:00:00Z");
  TaskDraft second;
  second.bureau = "XT";
  second.plan_id = plan.id;
  second.title = "2026年雨湖区企业公示信息双随机抽查";
  second.kind = TaskKind::kRandom;
  second.lead_department = "SCJG";
  TaskItem disclosure;
  disclosure.department_code = "SCJG";
  disclosure.code = "SCJG-001";
  second.items = {disclosure};
  second.scope.region_prefixes = {"430302"};
  second.stratify = index::Stratify::kNone;
  draw::Quota share;
  share.kind = draw::Quota::Kind::kBasisPoints;
  share.value = 100;
  second.quotas = {share};
  second.team = {{"SCJG", 2}};
  second.window_start = core::Date::FromYmd(2026, 9, 1);
  second.window_end = core::Date::FromYmd(2026, 12, 15);
  second.materials = {"营业执照", "年度报告"};
  SUNLIT_ASSIGN_OR_RETURN(Task second_task, CreateTask(s, lead, second));
  SUNLIT_RETURN_IF_ERROR(FreezeEnterDraw(s, clock, lead, second_task.number, "2026-08-17",
                                         "2026221期", second_numbers));
  SUNLIT_ASSIGN_OR_RETURN(AssignmentOutcome second_assigned,
                          AssignTask(s, lead, second_task.number));
  if (!second_assigned.feasible) {
    return Internal("the demo's second task: " + second_assigned.explanation);
  }
  SUNLIT_ASSIGN_OR_RETURN(second_task, GetTask(s, lead, second_task.number));
  // Checked 24 days before `today`: reviewed, due for publication within days.
  const core::Date checked = today.AddDays(-24);
  clock.Set(checked.AddDays(1).ToString() + "T02:00:00Z");
  SUNLIT_ASSIGN_OR_RETURN(TaskChecks second_checks, ListChecks(s, lead, second_task.number));
  if (!second_checks.checks.empty()) {
    const Check& c = second_checks.checks.front();
    EnterResultRequest req;
    req.check_id = c.id;
    req.version = c.version;
    req.result = ResultFor(second_task, checked, false);
    SUNLIT_ASSIGN_OR_RETURN(ResultView v, EnterResult(s, InspectorCaller(c), req));
    SUNLIT_RETURN_IF_ERROR(Approve(s, lead, {v.check_id, v.version, ""}).status());
  }
  return Status::Ok();
}

}  // namespace

Status BuildDemoYear(const std::string& db_url, const DemoOptions& options) {
  DemoClock clock;
  DemoSecrets secrets(options.seed);
  ServicesOptions so;
  so.db_url = db_url;
  so.key_path = options.key_path;
  so.files_dir = options.files_dir;
  so.clock = &clock;
  so.secrets = &secrets;
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<Services> services, Services::Open(so));
  return WalkTheYear(*services, clock, options);
}

}  // namespace sunlit::app
