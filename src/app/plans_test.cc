// Plans: the seed-004 deadlines and their warnings, the draft → filed → published steps,
// late filing, visibility.
#include "app/plans.h"

#include "app/workflow_test_support.h"

namespace sunlit::app::testing {
namespace {

class PlansTest : public WorkflowTest {
 protected:
  int64_t EntityCount() const override { return 10; }

  static PlanDraft Department(std::string dept, int32_t year = 2027) {
    PlanDraft d;
    d.kind = PlanKind::kDepartmentAnnual;
    d.year = year;
    d.department_code = std::move(dept);
    d.region = 430300;
    d.title = std::to_string(year) + "年度抽查计划";
    PlannedTask t;
    t.title = "加油站联合抽查";
    t.departments = {"SCJG", "SW"};
    t.items = {"SCJG:SCJG-010", "SW:SW-001"};
    t.scope = "全市加油站";
    t.ratio_bp = 2000;
    t.timing = "二季度";
    d.tasks = {t};
    return d;
  }
};

TEST_F(PlansTest, DueDatesFollowSeed004) {
  EXPECT_EQ(PlanDueDate(PlanKind::kDepartmentAnnual, 2027).ToString(), "2026-12-31");
  EXPECT_EQ(PlanDueDate(PlanKind::kCountyJoint, 2027).ToString(), "2027-01-31");
}

TEST_F(PlansTest, DeadlinesAreTrackedAndWarned) {
  const Caller bureau = StaffOf("SCJG", {perm::kPlanRead, perm::kPlanWrite}, Scope::kAll);
  const Caller fire = StaffOf("XFJY", {perm::kPlanRead, perm::kPlanWrite});
  // 2026-12-20: eleven days before the departments' deadline, the counties have until
  // 31 January.
  clock_.Set("2026-12-20T02:00:00Z");
  auto p = CreatePlan(s(), fire, Department("XFJY"));
  WF_ASSERT_OK(p);
  EXPECT_EQ(p->due_date.ToString(), "2026-12-31");
  WF_ASSERT_OK(FilePlan(s(), fire, p->id, p->version));
  auto lines = PlanDeadlines(s(), bureau, 2027, 430300);
  WF_ASSERT_OK(lines);
  ASSERT_EQ(lines->size(), 6u + 5u);  // six departments, five counties of 湘潭市
  int due_soon = 0, filed = 0, open = 0;
  for (const DeadlineLine& l : *lines) {
    if (l.status == DeadlineStatus::kDueSoon) {
      ++due_soon;
      EXPECT_EQ(l.kind, PlanKind::kDepartmentAnnual);
      EXPECT_EQ(l.days_left, 11);
      EXPECT_NE(l.message.find("距报送截止还有 11 天"), std::string::npos) << l.message;
    }
    if (l.status == DeadlineStatus::kFiled) {
      ++filed;
      EXPECT_EQ(l.department_code, "XFJY");
      EXPECT_EQ(l.plan_id, p->id);
    }
    if (l.status == DeadlineStatus::kOpen) {
      ++open;
      EXPECT_EQ(l.kind, PlanKind::kCountyJoint);
    }
  }
  EXPECT_EQ(due_soon, 5);
  EXPECT_EQ(filed, 1);
  EXPECT_EQ(open, 5);
  EXPECT_EQ((*lines)[0].status, DeadlineStatus::kDueSoon);  // the urgent ones first

  // 2027-02-03: every department that has not filed is overdue, and so are the counties.
  clock_.Set("2027-02-03T02:00:00Z");
  PlanDraft county;
  county.kind = PlanKind::kCountyJoint;
  county.year = 2027;
  county.department_code = "SCJG";
  county.region = 430302;
  county.title = "雨湖区2027年度部门联合抽查工作计划";
  auto c = CreatePlan(s(), bureau, county);
  WF_ASSERT_OK(c);
  auto late = FilePlan(s(), bureau, c->id, c->version);
  WF_ASSERT_OK(late);
  EXPECT_TRUE(late->filed_late);
  lines = PlanDeadlines(s(), bureau, 2027, 430300);
  WF_ASSERT_OK(lines);
  int overdue = 0;
  for (const DeadlineLine& l : *lines) {
    if (l.status == DeadlineStatus::kOverdue) ++overdue;
    if (l.status == DeadlineStatus::kFiledLate) {
      EXPECT_EQ(l.region, 430302);
      EXPECT_NE(l.message.find("逾期 3 天报送"), std::string::npos) << l.message;
    }
  }
  EXPECT_EQ(overdue, 5 + 4);
  const auto filed_events = Events("plan_filed");
  ASSERT_EQ(filed_events.size(), 2u);
  EXPECT_NE(filed_events[1].event.body.find("\"late\":true"), std::string::npos);
  EXPECT_NE(filed_events[0].event.body.find("\"late\":false"), std::string::npos);

  // A department sees its own line only.
  auto own = PlanDeadlines(s(), fire, 2027, 430300);
  WF_ASSERT_OK(own);
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ((*own)[0].department_code, "XFJY");
  WF_EXPECT_ERROR(PlanDeadlines(s(), bureau, 2027, 430302), StatusCode::kInvalidArgument,
                  "prefecture");
}

TEST_F(PlansTest, StepsVersionsAndVisibility) {
  const Caller fire = StaffOf("XFJY", {perm::kPlanRead, perm::kPlanWrite});
  const Caller health = StaffOf("WSJK", {perm::kPlanRead, perm::kPlanWrite});
  clock_.Set("2026-11-02T02:00:00Z");
  auto p = CreatePlan(s(), fire, Department("XFJY"));
  WF_ASSERT_OK(p);
  WF_EXPECT_ERROR(CreatePlan(s(), fire, Department("XFJY")), StatusCode::kAlreadyExists, "already");
  WF_EXPECT_ERROR(CreatePlan(s(), fire, Department("WSJK")), StatusCode::kPermissionDenied, "");
  PlanDraft bad = Department("XFJY", 2028);
  bad.tasks[0].items = {"SW:SW-999"};
  WF_EXPECT_ERROR(CreatePlan(s(), fire, bad), StatusCode::kInvalidArgument, "no item");
  PlanDraft not_county = Department("SCJG");
  not_county.kind = PlanKind::kCountyJoint;
  WF_EXPECT_ERROR(CreatePlan(s(), Caller::System(), not_county), StatusCode::kInvalidArgument,
                  "county");

  // A draft is the department's own business.
  WF_EXPECT_ERROR(GetPlan(s(), health, p->id), StatusCode::kNotFound, "no plan");
  WF_EXPECT_ERROR(PublishPlan(s(), fire, p->id, p->version), StatusCode::kFailedPrecondition,
                  "only a filed plan");
  PlanDraft edited = Department("XFJY");
  edited.title = "2027年度消防安全抽查计划";
  auto u = UpdatePlan(s(), fire, p->id, p->version, edited);
  WF_ASSERT_OK(u);
  WF_EXPECT_ERROR(FilePlan(s(), fire, p->id, p->version), StatusCode::kAborted, "changed");
  auto f = FilePlan(s(), fire, p->id, u->version);
  WF_ASSERT_OK(f);
  EXPECT_FALSE(f->filed_late);
  WF_EXPECT_ERROR(UpdatePlan(s(), fire, p->id, f->version, edited), StatusCode::kFailedPrecondition,
                  "only a draft");
  auto pub = PublishPlan(s(), fire, p->id, f->version);
  WF_ASSERT_OK(pub);
  EXPECT_EQ(pub->state, PlanState::kPublished);
  // Published plans are public.
  auto seen = GetPlan(s(), Caller::Anonymous(), p->id);
  WF_ASSERT_OK(seen);
  EXPECT_EQ(seen->draft.title, "2027年度消防安全抽查计划");
  auto listed = ListPlans(s(), Caller::Anonymous(), {});
  WF_ASSERT_OK(listed);
  EXPECT_EQ(listed->size(), 1u);
  EXPECT_EQ(Events("plan_published").size(), 1u);
}

}  // namespace
}  // namespace sunlit::app::testing
