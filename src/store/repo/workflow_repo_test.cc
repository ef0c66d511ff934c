// Conformance of the workflow repository: round trips, optimistic versions (kAborted), the
// task sequence, visibility queries, the 一业一查 query and previous teams.
#include "store/repo/workflow_repo.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/store_conformance.h"

namespace sunlit::store::testing {
namespace {

void AddDepartments(Store& store) {
  auto tx = store.Begin();
  ASSERT_TRUE(tx.ok());
  const std::vector<core::Department> depts = {
      {"SCJG", "市场监督管理局", true}, {"XFJY", "消防救援支队", false}, {"WSJK", "卫健委", false}};
  ASSERT_TRUE((*tx)->UpsertDepartments(depts).ok());
  ASSERT_TRUE((*tx)->Commit().ok());
}

TaskRow Task(std::string number, int32_t seq, std::string kind = "random") {
  TaskRow t;
  t.number = std::move(number);
  t.bureau = "XT";
  t.year = 2026;
  t.seq = seq;
  t.title = "任务";
  t.kind = std::move(kind);
  t.lead_department = "SCJG";
  t.departments = "[\"SCJG\",\"XFJY\"]";
  t.items = t.scope = t.quotas = t.exclusions = t.team = t.options = "{}";
  t.window_start = "2026-03-01";
  t.window_end = "2026-03-31";
  t.state = "draft";
  t.created_at = t.updated_at = "2026-01-05T00:00:00Z";
  t.created_by = "tester";
  return t;
}

CheckRow Check(int64_t task_id, std::string code, std::string state = "pending") {
  CheckRow c;
  c.task_id = task_id;
  c.entity_code = std::move(code);
  c.entity_name = "某某公司";
  c.region = 430302;
  c.unit_code = "430302-S01";
  c.origin = "drawn";
  c.state = std::move(state);
  c.created_at = "2026-02-01T00:00:00Z";
  return c;
}

TEST_P(StoreConformanceTest, WorkflowPlansRoundTripWithVersions) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  AddDepartments(*store);
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  Sql& sql = (*tx)->sql();
  PlanRow p;
  p.kind = "department_annual";
  p.year = 2026;
  p.department_code = "XFJY";
  p.region = 430300;
  p.title = "2026年度抽查计划";
  p.body = "[]";
  p.due_date = "2025-12-31";
  p.state = "draft";
  p.created_at = "2025-11-01T00:00:00Z";
  p.created_by = "a";
  auto id = InsertPlan(sql, p);
  STORE_ASSERT_OK(id);
  auto again = InsertPlan(sql, p);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);

  auto got = GetPlan(sql, *id);
  STORE_ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->title, p.title);
  EXPECT_EQ((*got)->version, 1);

  PlanRow changed = **got;
  changed.state = "filed";
  changed.filed_at = "2025-12-20T00:00:00Z";
  auto v = UpdatePlan(sql, changed);
  STORE_ASSERT_OK(v);
  EXPECT_EQ(*v, 2);
  // The same old version again: somebody else's change won.
  auto stale = UpdatePlan(sql, changed);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kAborted);

  PlanFilter f;
  f.year = 2026;
  auto list = ListPlans(sql, f);
  STORE_ASSERT_OK(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].state, "filed");
  f.kind = "county_joint";
  list = ListPlans(sql, f);
  STORE_ASSERT_OK(list);
  EXPECT_TRUE(list->empty());
}

TEST_P(StoreConformanceTest, WorkflowTasksSequenceVisibilityAndChecks) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  AddDepartments(*store);
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  Sql& sql = (*tx)->sql();

  auto seq = NextTaskSeq(sql, "XT", 2026);
  STORE_ASSERT_OK(seq);
  EXPECT_EQ(*seq, 1);
  const std::vector<std::string> partners = {"XFJY"};
  auto t1 = InsertTask(sql, Task("XT-2026-0001", 1, "joint_industry"), partners);
  STORE_ASSERT_OK(t1);
  auto t2 = InsertTask(sql, Task("XT-2026-0002", 2, "joint_industry"), {});
  STORE_ASSERT_OK(t2);
  seq = NextTaskSeq(sql, "XT", 2026);
  STORE_ASSERT_OK(seq);
  EXPECT_EQ(*seq, 3);
  seq = NextTaskSeq(sql, "XT", 2027);
  STORE_ASSERT_OK(seq);
  EXPECT_EQ(*seq, 1);
  auto dup = InsertTask(sql, Task("XT-2026-0009", 2), {});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);

  TaskFilter f;
  f.department_code = "XFJY";
  auto visible = ListTasks(sql, f);
  STORE_ASSERT_OK(visible);
  ASSERT_EQ(visible->size(), 1u);
  EXPECT_EQ((*visible)[0].number, "XT-2026-0001");
  f.department_code = "WSJK";
  visible = ListTasks(sql, f);
  STORE_ASSERT_OK(visible);
  EXPECT_TRUE(visible->empty());

  auto found = FindTask(sql, "XT-2026-0001");
  STORE_ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  TaskRow t = **found;
  t.state = "frozen";
  const std::vector<std::string> now_partners = {"WSJK"};
  auto v = UpdateTask(sql, t, &now_partners);
  STORE_ASSERT_OK(v);
  EXPECT_EQ(*v, 2);
  EXPECT_EQ(UpdateTask(sql, t).status().code(), StatusCode::kAborted);
  f.department_code = "WSJK";
  visible = ListTasks(sql, f);
  STORE_ASSERT_OK(visible);
  ASSERT_EQ(visible->size(), 1u);

  // Checks and the 一业一查 query: task 2's checks count for task 1 and the other way round.
  std::vector<CheckRow> checks = {Check(*t1, "CODE-A"), Check(*t1, "CODE-B")};
  STORE_ASSERT_OK(InsertChecks(sql, checks));
  STORE_ASSERT_OK(InsertCheck(sql, Check(*t2, "CODE-C")));
  STORE_ASSERT_OK(InsertCheck(sql, Check(*t2, "CODE-D", "cancelled")));
  EXPECT_EQ(InsertCheck(sql, Check(*t1, "CODE-A")).status().code(), StatusCode::kAlreadyExists);
  auto codes = JointIndustryCheckedCodes(sql, 2026, *t1);
  STORE_ASSERT_OK(codes);
  EXPECT_EQ(*codes, std::vector<std::string>({"CODE-C"}));
  codes = JointIndustryCheckedCodes(sql, 2026, 0);
  STORE_ASSERT_OK(codes);
  EXPECT_EQ(*codes, std::vector<std::string>({"CODE-A", "CODE-B", "CODE-C"}));
  codes = JointIndustryCheckedCodes(sql, 2025, 0);
  STORE_ASSERT_OK(codes);
  EXPECT_TRUE(codes->empty());

  auto list = TaskChecks(sql, *t1);
  STORE_ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  const CheckRow a = (*list)[0];
  EXPECT_EQ(a.entity_code, "CODE-A");
  auto moved = SetTaskChecksState(sql, *t1, "pending", "assigned");
  STORE_ASSERT_OK(moved);
  EXPECT_EQ(*moved, 2);
  EXPECT_EQ(UpdateCheckState(sql, a.id, a.version, "cancelled", "x").status().code(),
            StatusCode::kAborted);

  // Teams and the previous team of an entity.
  std::vector<CheckInspectorRow> team = {{a.id, "ZF1", "SCJG", "t", 0},
                                         {a.id, "ZF2", "XFJY", "t", 0}};
  STORE_ASSERT_OK(InsertCheckInspectors(sql, team));
  auto prev = PreviousInspectors(sql, std::vector<std::string>{"CODE-A", "CODE-C"}, *t2);
  STORE_ASSERT_OK(prev);
  ASSERT_EQ(prev->size(), 1u);
  EXPECT_EQ(prev->at("CODE-A"), std::vector<std::string>({"ZF1", "ZF2"}));
  prev = PreviousInspectors(sql, std::vector<std::string>{"CODE-A"}, *t1);
  STORE_ASSERT_OK(prev);
  EXPECT_TRUE(prev->empty());
  auto mine = InspectorCheckIds(sql, *t1, "ZF2");
  STORE_ASSERT_OK(mine);
  EXPECT_EQ(*mine, std::vector<int64_t>({a.id}));
  f = TaskFilter{};
  f.inspector_code = "ZF2";
  visible = ListTasks(sql, f);
  STORE_ASSERT_OK(visible);
  ASSERT_EQ(visible->size(), 1u);
  STORE_ASSERT_OK(DeleteCheckInspector(sql, a.id, "ZF2"));
  EXPECT_EQ(DeleteCheckInspector(sql, a.id, "ZF2").code(), StatusCode::kNotFound);

  // Conflicts.
  STORE_ASSERT_OK(InsertConflict(sql, {"ZF1", "CODE-A", "亲属关系", "t", "u"}));
  EXPECT_EQ(InsertConflict(sql, {"ZF1", "CODE-A", "again", "t", "u"}).code(),
            StatusCode::kAlreadyExists);
  auto conflicts = ConflictsOfEntities(sql, std::vector<std::string>{"CODE-A", "CODE-A"});
  STORE_ASSERT_OK(conflicts);
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ((*conflicts)[0].reason, "亲属关系");

  // Assignments number themselves per task.
  AssignmentRow run;
  run.task_id = *t1;
  run.input = run.result = run.widening = "{}";
  STORE_ASSERT_OK(InsertAssignment(sql, run));
  EXPECT_EQ(run.seq, 1);
  STORE_ASSERT_OK(InsertAssignment(sql, run));
  EXPECT_EQ(run.seq, 2);
  auto runs = TaskAssignments(sql, *t1);
  STORE_ASSERT_OK(runs);
  EXPECT_EQ(runs->size(), 2u);
  STORE_ASSERT_OK((*tx)->Commit());
}

TEST_P(StoreConformanceTest, WorkflowChecklistVersions) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  Sql& sql = (*tx)->sql();
  ChecklistRow c;
  c.code = "fuel";
  c.name = "加油站";
  c.industry_prefixes = c.tags = c.entries = "[]";
  c.version = 1;
  STORE_ASSERT_OK(InsertChecklist(sql, c));
  c.version = 2;
  c.name = "加油站（新）";
  STORE_ASSERT_OK(InsertChecklist(sql, c));
  EXPECT_EQ(InsertChecklist(sql, c).status().code(), StatusCode::kAlreadyExists);
  auto latest = LatestChecklist(sql, "fuel");
  STORE_ASSERT_OK(latest);
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->version, 2);
  auto first = GetChecklist(sql, "fuel", 1);
  STORE_ASSERT_OK(first);
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->name, "加油站");
  auto all = ListChecklists(sql);
  STORE_ASSERT_OK(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].version, 2);
}

}  // namespace
}  // namespace sunlit::store::testing
