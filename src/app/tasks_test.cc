// Task use cases on a real database: numbering, validation (table-driven), permissions,
// freeze → randomness → draw in one transaction with the checks, idempotent steps, the
// 一业一查 one-check-a-year rule with its exemption, confidential lists, alternates only for
// a closure reason, targeted checks.
#include "app/tasks.h"

#include <functional>
#include <set>

#include "app/workflow_test_support.h"
#include "store/repo/workflow_repo.h"

namespace sunlit::app::testing {
namespace {

class TasksTest : public WorkflowTest {};

TEST_F(TasksTest, NumbersRunPerBureauAndYear) {
  const Caller lead = Lead();
  auto a = CreateTask(s(), lead, RandomDraft());
  WF_ASSERT_OK(a);
  EXPECT_EQ(a->number, "XT-2026-0001");
  EXPECT_EQ(a->state, TaskState::kDraft);
  EXPECT_EQ(a->departments, std::vector<std::string>({"SCJG", "XFJY"}));
  auto b = CreateTask(s(), lead, RandomDraft());
  WF_ASSERT_OK(b);
  EXPECT_EQ(b->number, "XT-2026-0002");
  TaskDraft other = RandomDraft();
  other.bureau = "XTYH";
  auto c = CreateTask(s(), lead, other);
  WF_ASSERT_OK(c);
  EXPECT_EQ(c->number, "XTYH-2026-0001");
  clock_.Set("2027-01-04T02:00:00Z");
  TaskDraft next_year = RandomDraft();
  next_year.window_start = core::Date::FromYmd(2027, 3, 1);
  next_year.window_end = core::Date::FromYmd(2027, 3, 31);
  auto d = CreateTask(s(), lead, next_year);
  WF_ASSERT_OK(d);
  EXPECT_EQ(d->number, "XT-2027-0001");
  EXPECT_EQ(Events("task_created").size(), 4u);
}

TEST_F(TasksTest, DraftsAreValidatedWhole) {
  struct Case {
    std::string name;
    std::function<void(TaskDraft&)> change;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"bad bureau", [](TaskDraft& d) { d.bureau = "xt"; }, "bureau"},
      {"no title", [](TaskDraft& d) { d.title = " "; }, "title is required"},
      {"unknown lead", [](TaskDraft& d) { d.lead_department = "NOPE"; }, "no department"},
      {"lead as partner", [](TaskDraft& d) { d.partner_departments = {"SCJG"}; }, "named twice"},
      {"no items", [](TaskDraft& d) { d.items.clear(); }, "at least one item"},
      {"unknown item", [](TaskDraft& d) { d.items.push_back(It("SCJG", "SCJG-999")); }, "no item"},
      {"void item", [](TaskDraft& d) { d.items.push_back(It("SCJG", "SCJG-019")); }, "void"},
      {"item twice", [](TaskDraft& d) { d.items.push_back(It("SCJG", "SCJG-001")); }, "twice"},
      {"item of an outsider", [](TaskDraft& d) { d.items.push_back(It("WSJK", "WSJK-001")); },
       "do not take part: WSJK"},
      {"team without an item owner",
       [](TaskDraft& d) {
         d.team = {{"SCJG", 2}};
       },
       "department XFJY owns items"},
      {"team total one",
       [](TaskDraft& d) {
         d.partner_departments.clear();
         d.items = {It("SCJG", "SCJG-001")};
         d.team = {{"SCJG", 1}};
       },
       "at least two inspectors"},
      {"team outsider",
       [](TaskDraft& d) {
         d.team.push_back({"WSJK", 1});
       },
       "does not take part"},
      {"team too big",
       [](TaskDraft& d) {
         d.team = {{"SCJG", 10}, {"XFJY", 5}};
       },
       "at most 12"},
      {"no region", [](TaskDraft& d) { d.scope.region_prefixes.clear(); }, "at least one region"},
      {"unknown region", [](TaskDraft& d) { d.scope.region_prefixes = {"449999"}; },
       "not a known region"},
      {"bad industry", [](TaskDraft& d) { d.scope.industry_prefixes = {"Z9"}; }, "industry"},
      {"no quota", [](TaskDraft& d) { d.quotas.clear(); }, "at least one quota"},
      {"bad label",
       [](TaskDraft& d) {
         d.quotas.push_back({"E", draw::Quota::Kind::kCount, 1});
       },
       "not a risk class"},
      {"ratio over 100 %",
       [](TaskDraft& d) {
         d.quotas = {{"A", draw::Quota::Kind::kBasisPoints, 10001}};
       },
       "quota"},
      {"label twice",
       [](TaskDraft& d) {
         d.quotas.push_back({"A", draw::Quota::Kind::kCount, 1});
       },
       "quota"},
      {"all zero",
       [](TaskDraft& d) {
         d.quotas = {{"A", draw::Quota::Kind::kCount, 0},
                     {"B", draw::Quota::Kind::kBasisPoints, 0}};
       },
       "every quota is zero"},
      {"unstratified label", [](TaskDraft& d) { d.stratify = index::Stratify::kNone; },
       "label \"\""},
      {"reserve", [](TaskDraft& d) { d.reserve = 1001; }, "reserve"},
      {"cool-down", [](TaskDraft& d) { d.cooldown_days = -1; }, "cool-down"},
      {"excluded code", [](TaskDraft& d) { d.exclude_codes = {"91430302MA4L00000X"}; },
       "not a valid credit code"},
      {"joint rule on a random task", [](TaskDraft& d) { d.joint_industry_cap = true; },
       "joint industry tasks"},
      {"window backwards", [](TaskDraft& d) { d.window_end = d.window_start.AddDays(-1); },
       "ends before it starts"},
      {"window over",
       [](TaskDraft& d) {
         d.window_start = core::Date::FromYmd(2025, 11, 1);
         d.window_end = core::Date::FromYmd(2025, 12, 1);
       },
       "ended on 2025-12-01"},
      {"window too long", [](TaskDraft& d) { d.window_end = d.window_start.AddDays(400); },
       "longer than"},
      {"workload cap", [](TaskDraft& d) { d.workload_cap = -2; }, "workload cap"},
      {"material with a newline", [](TaskDraft& d) { d.materials.push_back("a\nb"); },
       "control character"},
      {"targeted with quotas", [](TaskDraft& d) { d.kind = TaskKind::kTargeted; },
       "targeted task is not drawn"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TaskDraft d = RandomDraft();
    c.change(d);
    WF_EXPECT_ERROR(CreateTask(s(), Caller::System("tester"), d), StatusCode::kInvalidArgument,
                    c.message);
  }
  // Nothing was created (no number was used up).
  auto ok = CreateTask(s(), Lead(), RandomDraft());
  WF_ASSERT_OK(ok);
  EXPECT_EQ(ok->number, "XT-2026-0001");
}

TEST_F(TasksTest, QuotasOutsideTheConfiguredRatiosAreWarnedNotRefused) {
  TaskDraft d = RandomDraft();
  d.quotas = {{"A", draw::Quota::Kind::kBasisPoints, 300},
              {"D", draw::Quota::Kind::kBasisPoints, 1000},
              {"U", draw::Quota::Kind::kCount, 2}};
  auto t = CreateTask(s(), Lead(), d);
  WF_ASSERT_OK(t);
  ASSERT_EQ(t->warnings.size(), 1u);
  EXPECT_EQ(t->warnings[0], "class D ratio 10.00 % is outside the configured 30.00 % – 100.00 %");
  s().policy.risk_ratio_bp[3].min_bp = 500;
  auto again = GetTask(s(), Lead(), t->number);
  WF_ASSERT_OK(again);
  EXPECT_TRUE(again->warnings.empty());
}

TEST_F(TasksTest, DepartmentsSeeTheirTasksOnly) {
  auto t = CreateTask(s(), Lead(), RandomDraft());
  WF_ASSERT_OK(t);
  const Caller partner = StaffOf("XFJY", {perm::kTaskRead, perm::kTaskWrite});
  const Caller outsider = StaffOf("WSJK", {perm::kTaskRead, perm::kTaskWrite});
  WF_EXPECT_OK(GetTask(s(), partner, t->number));
  WF_EXPECT_ERROR(GetTask(s(), outsider, t->number), StatusCode::kNotFound, "no task");
  WF_EXPECT_ERROR(GetTask(s(), Caller::Anonymous(), t->number), StatusCode::kUnauthenticated, "");
  // Only the lead changes it; a partner is told why, an outsider is not told it exists.
  WF_EXPECT_ERROR(FreezeTask(s(), partner, t->number, Sources()), StatusCode::kPermissionDenied,
                  "");
  WF_EXPECT_ERROR(FreezeTask(s(), outsider, t->number, Sources()), StatusCode::kNotFound, "");
  // Nobody creates a task in another department's name.
  WF_EXPECT_ERROR(CreateTask(s(), partner, RandomDraft()), StatusCode::kPermissionDenied, "");
  auto mine = ListTasks(s(), partner, {});
  WF_ASSERT_OK(mine);
  EXPECT_EQ(mine->size(), 1u);
  auto theirs = ListTasks(s(), outsider, {});
  WF_ASSERT_OK(theirs);
  EXPECT_TRUE(theirs->empty());
  TaskListFilter other;
  other.department_code = "SCJG";
  WF_EXPECT_ERROR(ListTasks(s(), outsider, other), StatusCode::kPermissionDenied, "");
}

TEST_F(TasksTest, StaleVersionsAreRefused) {
  auto t = CreateTask(s(), Lead(), RandomDraft());
  WF_ASSERT_OK(t);
  TaskDraft d = RandomDraft();
  d.title = "改过的标题";
  auto u = UpdateTask(s(), Lead(), t->number, t->version, d);
  WF_ASSERT_OK(u);
  EXPECT_EQ(u->draft.title, "改过的标题");
  EXPECT_EQ(u->version, t->version + 1);
  WF_EXPECT_ERROR(UpdateTask(s(), Lead(), t->number, t->version, d), StatusCode::kAborted,
                  "changed by someone else");
  d.bureau = "ZZ";
  WF_EXPECT_ERROR(UpdateTask(s(), Lead(), t->number, u->version, d), StatusCode::kInvalidArgument,
                  "bureau");
}

TEST_F(TasksTest, FreezeAndDrawCommitTheTaskWithItsPoolRecordAndChecks) {
  const Caller lead = Lead();
  auto t = CreateTask(s(), lead, RandomDraft());
  WF_ASSERT_OK(t);
  WF_EXPECT_ERROR(DrawTask(s(), lead, t->number), StatusCode::kFailedPrecondition, "is draft");
  auto frozen = FreezeTask(s(), lead, t->number, Sources());
  WF_ASSERT_OK(frozen);
  EXPECT_EQ(frozen->task.state, TaskState::kFrozen);
  EXPECT_EQ(frozen->pool.draw_id, t->number);
  EXPECT_GT(frozen->pool.pool_size, 100u);
  // A frozen task cannot be edited; freezing again returns the same pool.
  WF_EXPECT_ERROR(UpdateTask(s(), lead, t->number, frozen->task.version, RandomDraft()),
                  StatusCode::kFailedPrecondition, "is frozen");
  auto again = FreezeTask(s(), lead, t->number, Sources());
  WF_ASSERT_OK(again);
  EXPECT_EQ(again->pool.pool_root, frozen->pool.pool_root);
  EXPECT_EQ(Events("pool_frozen").size(), 1u);
  // No draw before the randomness.
  WF_EXPECT_ERROR(DrawTask(s(), lead, t->number), StatusCode::kFailedPrecondition, "randomness");

  clock_.Set("2026-01-05T05:00:00Z");
  WF_ASSERT_OK(EnterTaskRandomness(s(), lead, t->number, Values()));
  auto drawn = DrawTask(s(), lead, t->number);
  WF_ASSERT_OK(drawn);
  EXPECT_EQ(drawn->task.state, TaskState::kDrawn);
  EXPECT_TRUE(drawn->outcome.computed_now);
  int64_t selected = 0;
  for (const draw::DrawEntry& e : drawn->outcome.record.entries) {
    if (e.role == draw::EntryRole::kSelected) ++selected;
  }
  EXPECT_EQ(drawn->checks, selected);
  auto checks = ListChecks(s(), lead, t->number);
  WF_ASSERT_OK(checks);
  ASSERT_EQ(checks->total, selected);
  EXPECT_TRUE(checks->listed);
  for (const Check& c : checks->checks) {
    EXPECT_EQ(c.origin, CheckOrigin::kDrawn);
    EXPECT_EQ(c.state, "pending");
    EXPECT_FALSE(c.entity_name.empty());
    EXPECT_EQ(c.region, 430302);
    EXPECT_EQ(c.rank.size(), 64u);
  }
  // Drawing again returns the stored record and creates nothing.
  auto twice = DrawTask(s(), lead, t->number);
  WF_ASSERT_OK(twice);
  EXPECT_FALSE(twice->outcome.computed_now);
  EXPECT_EQ(twice->outcome.record_json, drawn->outcome.record_json);
  EXPECT_EQ(twice->checks, selected);
  EXPECT_EQ(Events("task_drawn").size(), 1u);
  EXPECT_EQ(Events("draw_done").size(), 1u);
  const auto frozen_events = Events("task_frozen");
  ASSERT_EQ(frozen_events.size(), 1u);
  EXPECT_NE(frozen_events[0].event.body.find("SCJG:SCJG-001@1"), std::string::npos);
}

TEST_F(TasksTest, JointIndustryChecksAtMostOncePerYearUnlessEveryItemIsExempt) {
  const Caller lead = Lead();
  // A 一业一查 task over every retail business of 雨湖区: the items are not exempt.
  TaskDraft first = RandomDraft();
  first.kind = TaskKind::kJointIndustry;
  first.joint_industry_cap = true;
  first.items = {It("SCJG", "SCJG-001"), It("SCJG", "SCJG-014")};
  first.partner_departments = {};
  first.team = {{"SCJG", 2}};
  first.quotas = {{"A", draw::Quota::Kind::kCount, 60},
                  {"B", draw::Quota::Kind::kCount, 90},
                  {"C", draw::Quota::Kind::kCount, 40},
                  {"D", draw::Quota::Kind::kCount, 20}};
  auto a = CreateTask(s(), lead, first);
  WF_ASSERT_OK(a);
  EXPECT_FALSE(a->cap_exempt);
  auto drawn = FreezeAndDraw(a->number, lead);
  WF_ASSERT_OK(drawn);
  std::set<std::string> checked;
  for (const draw::DrawEntry& e : drawn->outcome.record.entries) {
    if (e.role == draw::EntryRole::kSelected) checked.insert(e.code);
  }
  ASSERT_FALSE(checked.empty());

  // A second joint industry task over the same area leaves them out …
  auto b = CreateTask(s(), lead, first);
  WF_ASSERT_OK(b);
  auto capped = FreezeTask(s(), lead, b->number, Sources());
  WF_ASSERT_OK(capped);
  EXPECT_EQ(capped->pool.joint_industry_excluded, static_cast<int64_t>(checked.size()));
  for (const std::string& line : [&] {
         std::vector<std::string> lines;
         auto csv = s().draws->PoolCsv(b->number);
         EXPECT_TRUE(csv.ok());
         size_t at = 0;
         while (csv.ok() && at < csv->size()) {
           const size_t end = csv->find('\n', at);
           lines.push_back(csv->substr(at, 18));
           at = end + 1;
         }
         return lines;
       }()) {
    EXPECT_EQ(checked.count(line), 0u) << line;
  }

  // … but not one whose every item is exempt (公共安全, 生命健康): it may check them again,
  // and its own checks do not use up anybody's one joint check of the year.
  TaskDraft exempt = first;
  exempt.partner_departments = {"XFJY"};
  exempt.items = {It("SCJG", "SCJG-005"), It("XFJY", "XFJY-001")};
  exempt.team = {{"SCJG", 1}, {"XFJY", 1}};
  auto c = CreateTask(s(), lead, exempt);
  WF_ASSERT_OK(c);
  EXPECT_TRUE(c->cap_exempt);
  EXPECT_TRUE(c->warnings.empty()) << c->warnings[0];
  auto free = FreezeTask(s(), lead, c->number, Sources());
  WF_ASSERT_OK(free);
  EXPECT_EQ(free->pool.joint_industry_excluded, 0);
  EXPECT_EQ(free->pool.pool_size, capped->pool.pool_size + checked.size());
  auto tx = s().store->BeginRead();
  WF_ASSERT_OK(tx);
  auto counted = store::JointIndustryCheckedCodes((*tx)->sql(), 2026, 0);
  WF_ASSERT_OK(counted);
  EXPECT_EQ(counted->size(), checked.size());

  // The rule can be switched off for a task, with a warning.
  TaskDraft off = first;
  off.joint_industry_cap = false;
  auto d = CreateTask(s(), lead, off);
  WF_ASSERT_OK(d);
  ASSERT_EQ(d->warnings.size(), 2u);
  EXPECT_NE(d->warnings[0].find("一业一查"), std::string::npos);
}

TEST_F(TasksTest, ConfidentialListsWaitForTheCheckWindow) {
  const Caller lead = Lead();
  TaskDraft d = RandomDraft();
  d.confidential = true;
  d.window_start = core::Date::FromYmd(2026, 2, 1);
  auto t = CreateTask(s(), lead, d);
  WF_ASSERT_OK(t);
  auto drawn = FreezeAndDraw(t->number, lead);
  WF_ASSERT_OK(drawn);
  EXPECT_EQ(ListPublicFrom(drawn->task), "2026-02-01");
  const Caller partner = StaffOf("XFJY", {perm::kTaskRead});
  auto hidden = ListChecks(s(), partner, t->number);
  WF_ASSERT_OK(hidden);
  EXPECT_FALSE(hidden->listed);
  EXPECT_EQ(hidden->total, drawn->checks);
  EXPECT_TRUE(hidden->checks.empty());
  auto organisers = ListChecks(s(), lead, t->number);
  WF_ASSERT_OK(organisers);
  EXPECT_TRUE(organisers->listed);
  EXPECT_EQ(static_cast<int64_t>(organisers->checks.size()), drawn->checks);
  const auto logged = Events("task_drawn");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_NE(logged[0].event.body.find("\"list_public_from\":\"2026-02-01\""), std::string::npos);

  clock_.Set("2026-01-31T16:00:00Z");  // 2026-02-01 00:00 in Beijing
  auto open = ListChecks(s(), partner, t->number);
  WF_ASSERT_OK(open);
  EXPECT_TRUE(open->listed);
  EXPECT_EQ(static_cast<int64_t>(open->checks.size()), drawn->checks);

  // A task that is not confidential lists from the day it is drawn.
  auto p = CreateTask(s(), lead, RandomDraft());
  WF_ASSERT_OK(p);
  auto pd = FreezeAndDraw(p->number, lead);
  WF_ASSERT_OK(pd);
  EXPECT_EQ(ListPublicFrom(pd->task), "2026-02-01");
}

TEST_F(TasksTest, AlternatesReplaceOnlyClosedEntitiesWithALoggedReason) {
  const Caller lead = Lead();
  auto t = CreateTask(s(), lead, RandomDraft());
  WF_ASSERT_OK(t);
  auto drawn = FreezeAndDraw(t->number, lead);
  WF_ASSERT_OK(drawn);
  std::string first;
  std::string stratum;
  for (const draw::DrawEntry& e : drawn->outcome.record.entries) {
    if (e.role == draw::EntryRole::kSelected && e.stratum == "B") {
      first = e.code;
      stratum = e.stratum;
      break;
    }
  }
  ASSERT_FALSE(first.empty());
  ReplaceReason reason;
  EXPECT_FALSE(ParseReplaceReason("不想查", &reason));
  ASSERT_TRUE(ParseReplaceReason("已注销", &reason));
  EXPECT_EQ(reason, ReplaceReason::kDeregistered);
  auto replaced = ReplaceWithAlternate(s(), lead, t->number, first, reason,
                                       "国家企业信用信息公示系统 2026-01-12 显示已注销");
  WF_ASSERT_OK(replaced);
  EXPECT_EQ(replaced->origin, CheckOrigin::kAlternate);
  EXPECT_EQ(replaced->origin_ref, first);
  EXPECT_EQ(replaced->stratum, stratum);
  EXPECT_EQ(replaced->state, "pending");
  // The first check is kept, cancelled with the reason; the log has the reason.
  auto checks = ListChecks(s(), lead, t->number);
  WF_ASSERT_OK(checks);
  EXPECT_EQ(checks->cancelled, 1);
  EXPECT_EQ(checks->total, drawn->checks);
  for (const Check& c : checks->checks) {
    if (c.entity_code == first) {
      EXPECT_EQ(c.state, "cancelled");
      EXPECT_NE(c.cancel_reason.find("已注销"), std::string::npos);
    }
  }
  const auto used = Events("alternate_used");
  ASSERT_EQ(used.size(), 1u);
  EXPECT_NE(used[0].event.body.find("已注销；国家企业信用信息公示系统"), std::string::npos);
  // Once is enough; unknown entities have no check.
  WF_EXPECT_ERROR(ReplaceWithAlternate(s(), lead, t->number, first, reason, ""),
                  StatusCode::kFailedPrecondition, "cancelled");
  WF_EXPECT_ERROR(ReplaceWithAlternate(s(), lead, t->number, "91430302MA4L000000", reason, ""),
                  StatusCode::kNotFound, "not checked");
  // The alternate itself may be replaced in turn, by the next one in rank order.
  auto next = ReplaceWithAlternate(s(), lead, t->number, replaced->entity_code,
                                   ReplaceReason::kSuspended, "");
  WF_ASSERT_OK(next);
  EXPECT_EQ(next->origin_ref, replaced->entity_code);
  EXPECT_GT(next->rank, replaced->rank);
}

TEST_F(TasksTest, TargetedChecksAreRecordedButNotDrawn) {
  const Caller lead = Lead();
  TaskDraft d = RandomDraft();
  d.kind = TaskKind::kTargeted;
  d.title = "投诉举报核查";
  d.quotas.clear();
  d.reserve = 0;
  d.scope = PoolScope{};
  auto t = CreateTask(s(), lead, d);
  WF_ASSERT_OK(t);
  WF_EXPECT_ERROR(FreezeTask(s(), lead, t->number, Sources()), StatusCode::kFailedPrecondition,
                  "targeted");
  WF_EXPECT_ERROR(DrawTask(s(), lead, t->number), StatusCode::kFailedPrecondition, "targeted");

  std::string code;
  {
    auto tx = s().store->BeginRead();
    WF_ASSERT_OK(tx);
    WF_ASSERT_OK((*tx)->ScanEntities([&](const core::Entity& e) {
      code = e.code;
      return false;
    }));
  }
  auto c = AddTargetedCheck(s(), lead, t->number, code, TargetedOrigin::kComplaint, "TS-2026-0012");
  WF_ASSERT_OK(c);
  EXPECT_EQ(c->origin, CheckOrigin::kTargeted);
  EXPECT_EQ(c->origin_ref, "complaint:TS-2026-0012");
  EXPECT_TRUE(c->rank.empty());
  WF_EXPECT_ERROR(
      AddTargetedCheck(s(), lead, t->number, code, TargetedOrigin::kReport, "JB-2026-0001"),
      StatusCode::kAlreadyExists, "already checked");
  WF_EXPECT_ERROR(
      AddTargetedCheck(s(), lead, t->number, "91430302MA4L000000", TargetedOrigin::kReport, "x"),
      StatusCode::kNotFound, "no entity");
  WF_EXPECT_ERROR(AddTargetedCheck(s(), lead, t->number, code, TargetedOrigin::kReport, ""),
                  StatusCode::kInvalidArgument, "reference");
  const auto logged = Events("targeted_check_added");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_NE(logged[0].event.body.find("\"drawn\":false"), std::string::npos);
  EXPECT_NE(logged[0].event.body.find(code), std::string::npos);

  // A drawn task takes no targeted checks.
  auto random = CreateTask(s(), lead, RandomDraft());
  WF_ASSERT_OK(random);
  WF_EXPECT_ERROR(
      AddTargetedCheck(s(), lead, random->number, code, TargetedOrigin::kComplaint, "TS-1"),
      StatusCode::kFailedPrecondition, "targeted task");
}

}  // namespace
}  // namespace sunlit::app::testing
