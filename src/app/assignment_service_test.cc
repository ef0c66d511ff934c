// Assignment in the database: a full run with its teams, log entry and database re-check; a
// case the greedy pass alone gets wrong; an infeasible task and its explanation; declared
// widening; manual swaps under the hard constraints; declared conflicts; previous teams.
#include "app/assignment_service.h"


#include <set>

#include "app/workflow_test_support.h"
#include "draw/assignment_json.h"
#include "store/repo/workflow_repo.h"

namespace sunlit::app::testing {
namespace {

class AssignmentServiceTest : public WorkflowTest {
 protected:
  int64_t EntityCount() const override { return 1500; }

  // Inspectors of SCJG who alone hold "rare_skill", which item SCJG-900 requires.
  void AddRareInspectors(const std::vector<std::tuple<std::string, int32_t, std::string>>& who) {
    auto tx = s().store->Begin();
    ASSERT_TRUE(tx.ok());
    auto batch = (*tx)->BeginBatch({"test", "rare", "test"});
    ASSERT_TRUE(batch.ok());
    core::InspectionItem item;
    item.department_code = "SCJG";
    item.code = "SCJG-900";
    item.name = "稀有资质专项检查";
    item.legal_basis = "《测试条例》";
    item.method = "实地检查";
    item.qualification = "rare_skill";
    WF_ASSERT_OK((*tx)->UpsertItems(std::vector<core::InspectionItem>{item}, *batch));
    std::vector<core::Inspector> rows;
    int n = 0;
    for (const auto& [code, region, expiry] : who) {
      core::Inspector i;
      i.code = code;
      i.name = "稀有" + std::to_string(++n);
      i.department_code = "SCJG";
      i.unit_code = std::to_string(region) + "-S01";
      i.region = region;
      i.certificate_no = std::to_string(region) + "2099" + std::to_string(1000 + n);
      i.certificate_expiry = core::Date::Parse(expiry).value();
      i.qualifications = {"rare_skill"};
      rows.push_back(std::move(i));
    }
    WF_ASSERT_OK((*tx)->UpsertInspectors(rows, *batch));
    WF_ASSERT_OK((*tx)->Commit());
  }

  // A task over 雨湖区 drawing exactly `count` class-B entities, team SCJG 1 (rare skill) +
  // XFJY 1, one check per inspector.
  Result<DrawnTask> SmallTask(int64_t count) {
    TaskDraft d = RandomDraft();
    d.items = {It("SCJG", "SCJG-900"), It("XFJY", "XFJY-001")};
    d.quotas = {{"B", draw::Quota::Kind::kCount, count}};
    d.workload_cap = 1;
    SUNLIT_ASSIGN_OR_RETURN(Task t, CreateTask(s(), Lead(), d));
    return FreezeAndDraw(t.number, Lead());
  }

  std::vector<Check> ChecksOf(const std::string& number) {
    auto c = ListChecks(s(), Lead(), number);
    EXPECT_TRUE(c.ok());
    return c.ok() ? c->checks : std::vector<Check>{};
  }
};

TEST_F(AssignmentServiceTest, AFullRunStoresTeamsLogsHashesAndVerifiesFromTheDatabase) {
  const Caller lead = Lead();
  TaskDraft d = RandomDraft();
  d.cross_unit = true;
  auto t = CreateTask(s(), lead, d);
  WF_ASSERT_OK(t);
  auto drawn = FreezeAndDraw(t->number, lead);
  WF_ASSERT_OK(drawn);
  ASSERT_GT(drawn->checks, 5);
  auto out = AssignTask(s(), lead, t->number);
  WF_ASSERT_OK(out);
  ASSERT_TRUE(out->feasible) << out->explanation;
  EXPECT_TRUE(out->computed_now);
  EXPECT_EQ(out->run, 1);
  EXPECT_EQ(out->staffed, drawn->checks);
  EXPECT_EQ(out->task.state, TaskState::kAssigned);
  EXPECT_EQ(out->seed, draw::ToHex(drawn->outcome.record_hash));

  // Every team: one of each department, distinct, certified on the check date, qualified,
  // not from the entity's own unit (所所交叉).
  std::map<std::string, core::Inspector> directory;
  {
    auto tx = s().store->BeginRead();
    WF_ASSERT_OK(tx);
    WF_ASSERT_OK((*tx)->ScanInspectors([&](const core::Inspector& i) {
      directory.emplace(i.code, i);
      return true;
    }));
  }
  for (const Check& c : ChecksOf(t->number)) {
    EXPECT_EQ(c.state, "assigned");
    ASSERT_EQ(c.inspectors.size(), 2u) << c.entity_code;
    std::set<std::string> departments;
    for (const CheckInspector& m : c.inspectors) {
      const core::Inspector& i = directory.at(m.inspector_code);
      departments.insert(i.department_code);
      EXPECT_EQ(i.status, core::InspectorStatus::kActive);
      ASSERT_TRUE(i.certificate_expiry.has_value());
      EXPECT_GE(*i.certificate_expiry, d.window_start);
      EXPECT_NE(i.unit_code, c.unit_code);
      const std::string need = i.department_code == "SCJG" ? "registration" : "fire_safety";
      EXPECT_NE(std::find(i.qualifications.begin(), i.qualifications.end(), need),
                i.qualifications.end())
          << i.code;
    }
    EXPECT_EQ(departments, std::set<std::string>({"SCJG", "XFJY"}));
  }

  const auto logged = Events("assignment");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_NE(logged[0].event.body.find(out->input_hash), std::string::npos);
  EXPECT_NE(logged[0].event.body.find(out->result_hash), std::string::npos);
  auto verified = VerifyStoredAssignments(*s().store, t->number);
  WF_ASSERT_OK(verified);
  EXPECT_EQ(*verified, 1);

  // Nothing pending: the same run is reported, nothing recomputed.
  auto again = AssignTask(s(), lead, t->number);
  WF_ASSERT_OK(again);
  EXPECT_FALSE(again->computed_now);
  EXPECT_EQ(again->result_hash, out->result_hash);
  EXPECT_EQ(Events("assignment").size(), 1u);

  // An inspector sees the task and exactly their own checks.
  const CheckInspector someone = ChecksOf(t->number).front().inspectors.front();
  const Caller inspector =
      StaffOf("SCJG", {perm::kTaskRead, perm::kCheckEnter}, Scope::kOwn, someone.inspector_code);
  auto mine = ListChecks(s(), inspector, t->number);
  WF_ASSERT_OK(mine);
  ASSERT_FALSE(mine->checks.empty());
  for (const Check& c : mine->checks) {
    EXPECT_TRUE(std::any_of(c.inspectors.begin(), c.inspectors.end(), [&](const CheckInspector& m) {
      return m.inspector_code == someone.inspector_code;
    }));
  }
  auto tasks = ListTasks(s(), inspector, {});
  WF_ASSERT_OK(tasks);
  EXPECT_EQ(tasks->size(), 1u);

  // A tampered stored document is caught.
  {
    auto tx = s().store->Begin();
    WF_ASSERT_OK(tx);
    WF_ASSERT_OK((*tx)->sql().Exec(
        "UPDATE assignments SET result = replace(result, 'SCJG-', 'SCJG_')"));
    WF_ASSERT_OK((*tx)->Commit());
  }
  WF_EXPECT_ERROR(VerifyStoredAssignments(*s().store, t->number), StatusCode::kDataLoss,
                  "result does not match its stored hash");
}

TEST_F(AssignmentServiceTest, FindsTheAssignmentWhereGreedyAloneFails) {
  AddRareInspectors({{"RARE-A", 430302, "2030-12-31"}, {"RARE-B", 430302, "2030-12-31"}});
  auto drawn = SmallTask(2);
  WF_ASSERT_OK(drawn);
  const std::vector<Check> checks = ChecksOf(drawn->task.number);
  ASSERT_EQ(checks.size(), 2u);
  // The greedy pass gives the first entity the inspector with the smaller key; forbid that
  // one nothing and the other one the second entity: only the swap found by an augmenting
  // path staffs both.
  const draw::Digest seed = drawn->outcome.record_hash;
  const bool a_first =
      draw::AssignmentKey(seed, "RARE-A", 0) < draw::AssignmentKey(seed, "RARE-B", 0);
  const std::string greedy_pick = a_first ? "RARE-A" : "RARE-B";
  const std::string other = a_first ? "RARE-B" : "RARE-A";
  WF_ASSERT_OK(
      DeclareConflict(s(), Caller::System("tester"), other, checks[1].entity_code, "亲属关系"));
  auto out = AssignTask(s(), Lead(), drawn->task.number);
  WF_ASSERT_OK(out);
  ASSERT_TRUE(out->feasible) << out->explanation;
  EXPECT_GE(out->augmented, 1);
  const std::vector<Check> staffed = ChecksOf(drawn->task.number);
  const auto scjg = [](const Check& c) {
    for (const CheckInspector& m : c.inspectors) {
      if (m.department_code == "SCJG") return m.inspector_code;
    }
    return std::string();
  };
  EXPECT_EQ(scjg(staffed[0]), other);
  EXPECT_EQ(scjg(staffed[1]), greedy_pick);
  WF_EXPECT_OK(VerifyStoredAssignments(*s().store, drawn->task.number));
}

TEST_F(AssignmentServiceTest, InfeasibleStoresNothingAndSaysWhy) {
  AddRareInspectors({{"RARE-A", 430302, "2030-12-31"},
                     {"RARE-B", 430302, "2030-12-31"},
                     {"RARE-C", 430302, "2026-02-01"}});  // lapses before the window opens
  auto drawn = SmallTask(2);
  WF_ASSERT_OK(drawn);
  const std::vector<Check> checks = ChecksOf(drawn->task.number);
  ASSERT_EQ(checks.size(), 2u);
  const std::string second = checks[1].entity_code;
  WF_ASSERT_OK(DeclareConflict(s(), Caller::System("t"), "RARE-A", second, "曾在该企业任职"));
  WF_ASSERT_OK(DeclareConflict(s(), Caller::System("t"), "RARE-B", second, "配偶持股"));
  auto out = AssignTask(s(), Lead(), drawn->task.number);
  WF_ASSERT_OK(out);
  EXPECT_FALSE(out->feasible);
  ASSERT_EQ(out->unstaffed.size(), 1u);
  const draw::UnstaffedEntity& u = out->unstaffed[0];
  EXPECT_EQ(u.entity, second);
  ASSERT_EQ(u.slots.size(), 1u);
  const draw::SlotExplanation& x = u.slots[0];
  EXPECT_EQ(x.department, "SCJG");
  EXPECT_EQ(x.required, 1);
  EXPECT_EQ(x.assigned, 0);
  EXPECT_EQ(x.excluded[static_cast<size_t>(draw::ExclusionReason::kConflict)], 2);
  // RARE-C, and any demo inspector of 雨湖区 whose certificate lapsed.
  EXPECT_GE(x.excluded[static_cast<size_t>(draw::ExclusionReason::kCertificate)], 1);
  // Other SCJG inspectors lack the qualification.
  EXPECT_GT(x.excluded[static_cast<size_t>(draw::ExclusionReason::kQualification)], 10);
  EXPECT_NE(out->explanation.find("1 of 2 checks cannot be staffed: " + second), std::string::npos)
      << out->explanation;
  EXPECT_NE(out->explanation.find("conflict 2"), std::string::npos);
  EXPECT_NE(out->explanation.find("certificate "), std::string::npos);
  // Nothing stored, nothing logged.
  EXPECT_TRUE(Events("assignment").empty());
  for (const Check& c : ChecksOf(drawn->task.number)) {
    EXPECT_EQ(c.state, "pending");
    EXPECT_TRUE(c.inspectors.empty());
  }
  auto task = GetTask(s(), Lead(), drawn->task.number);
  WF_ASSERT_OK(task);
  EXPECT_EQ(task->state, TaskState::kDrawn);
  WF_EXPECT_ERROR(VerifyStoredAssignments(*s().store, drawn->task.number), StatusCode::kNotFound,
                  "no stored assignment");
}

TEST_F(AssignmentServiceTest, WideningIsADeclaredLoggedStep) {
  // The only qualified SCJG inspectors work in 岳塘区, next door.
  AddRareInspectors({{"RARE-A", 430304, "2030-12-31"}, {"RARE-B", 430304, "2030-12-31"}});
  auto drawn = SmallTask(2);
  WF_ASSERT_OK(drawn);
  const std::string number = drawn->task.number;
  auto before = AssignTask(s(), Lead(), number);
  WF_ASSERT_OK(before);
  EXPECT_FALSE(before->feasible);
  EXPECT_EQ(before->unstaffed.size(), 2u);

  // The counties a widening may name: the city's others, not 雨湖区 (the scope itself).
  auto candidates = WideningCandidates(s(), Lead(), number);
  WF_ASSERT_OK(candidates);
  std::vector<int32_t> codes;
  for (const CountyChoice& c : *candidates) codes.push_back(c.code);
  ASSERT_FALSE(codes.empty());
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  EXPECT_EQ(std::count(codes.begin(), codes.end(), 430302), 0);
  ASSERT_EQ(std::count(codes.begin(), codes.end(), 430304), 1);
  for (const CountyChoice& c : *candidates) {
    EXPECT_EQ(c.code / 100, 4303) << c.code;
    if (c.code == 430304) {
      EXPECT_EQ(c.name, "岳塘区");
    }
  }
  WF_EXPECT_ERROR(
      WidenInspectorPool(s(), Lead(), number, WideningScope::kNeighbourCounty, {430304}, " "),
      StatusCode::kInvalidArgument, "reason");
  WF_EXPECT_ERROR(
      WidenInspectorPool(s(), Lead(), number, WideningScope::kNeighbourCounty, {430102}, "跨市"),
      StatusCode::kInvalidArgument, "not in the task's city");
  WF_EXPECT_ERROR(
      WidenInspectorPool(s(), Lead(), number, WideningScope::kNeighbourCounty, {430302}, "本区"),
      StatusCode::kInvalidArgument, "already in the task's pool");
  WF_EXPECT_ERROR(WidenInspectorPool(s(), StaffOf("XFJY", {perm::kTaskRead, perm::kTaskWrite}),
                                     number, WideningScope::kCityPool, {}, "x"),
                  StatusCode::kPermissionDenied, "");
  auto w = WidenInspectorPool(s(), Lead(), number, WideningScope::kNeighbourCounty, {430304},
                              "雨湖区具备资质的执法人员不足，与相邻的岳塘区交叉匹配");
  WF_ASSERT_OK(w);
  EXPECT_EQ(w->regions, std::vector<int32_t>({430304}));
  const auto logged = Events("assignment_widened");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_NE(logged[0].event.body.find("岳塘区"), std::string::npos);

  auto after = AssignTask(s(), Lead(), number);
  WF_ASSERT_OK(after);
  ASSERT_TRUE(after->feasible) << after->explanation;
  auto runs = ListAssignments(s(), Lead(), number);
  WF_ASSERT_OK(runs);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_NE((*runs)[0].input.find("RARE-A"), std::string::npos);
  auto listed = ListWidenings(s(), Lead(), number);
  WF_ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 1u);
  // 岳塘区 is in the pool now: no longer offered; every other county still is.
  auto left = WideningCandidates(s(), Lead(), number);
  WF_ASSERT_OK(left);
  EXPECT_EQ(left->size(), candidates->size() - 1);
  for (const CountyChoice& c : *left) EXPECT_NE(c.code, 430304);
  WF_EXPECT_OK(VerifyStoredAssignments(*s().store, number));

  auto city = WidenInspectorPool(s(), Lead(), number, WideningScope::kCityPool, {}, "全市统筹");
  WF_ASSERT_OK(city);
  EXPECT_EQ(city->regions, std::vector<int32_t>({430300}));
}

TEST_F(AssignmentServiceTest, SwapsNeedAReasonAndKeepEveryHardConstraint) {
  AddRareInspectors({{"RARE-A", 430302, "2030-12-31"},
                     {"RARE-B", 430302, "2030-12-31"},
                     {"RARE-C", 430302, "2026-02-01"},
                     {"RARE-D", 430302, "2030-12-31"},
                     {"RARE-E", 430304, "2030-12-31"}});
  auto drawn = SmallTask(2);
  WF_ASSERT_OK(drawn);
  const std::string number = drawn->task.number;
  auto out = AssignTask(s(), Lead(), number);
  WF_ASSERT_OK(out);
  ASSERT_TRUE(out->feasible);
  const std::vector<Check> checks = ChecksOf(number);
  const Check& first = checks[0];
  std::string on_first, xfjy_on_first, on_second;
  for (const CheckInspector& m : first.inspectors) {
    (m.department_code == "SCJG" ? on_first : xfjy_on_first) = m.inspector_code;
  }
  for (const CheckInspector& m : checks[1].inspectors) {
    if (m.department_code == "SCJG") on_second = m.inspector_code;
  }
  // The two free rare inspectors: one lapsed (C), one fine (D); E works next door.
  const auto refused = [&](const std::string& add, const std::string& why) {
    WF_EXPECT_ERROR(SwapInspector(s(), Lead(), number, first.entity_code, on_first, add, "病假"),
                    StatusCode::kFailedPrecondition, why);
  };
  refused("RARE-C", "certificate");
  refused(on_second, "workload");  // one check each in this task
  refused("RARE-E", "outside the task's inspector pool");
  refused("XFJY-0001", "the team composition stays");
  WF_ASSERT_OK(DeclareConflict(s(), Caller::System("t"), "RARE-D", first.entity_code, "同学"));
  refused("RARE-D", "conflict");
  std::string unqualified;  // active, certified, in 雨湖区, without the rare skill
  {
    auto tx = s().store->BeginRead();
    WF_ASSERT_OK(tx);
    WF_ASSERT_OK((*tx)->ScanInspectors([&](const core::Inspector& i) {
      if (i.department_code == "SCJG" && i.region == 430302 &&
          i.status == core::InspectorStatus::kActive && i.certificate_expiry.has_value() &&
          *i.certificate_expiry > core::Date::FromYmd(2026, 6, 1) && i.code.rfind("RARE", 0) != 0) {
        unqualified = i.code;
        return false;
      }
      return true;
    }));
  }
  ASSERT_FALSE(unqualified.empty());
  WF_EXPECT_ERROR(SwapInspector(s(), Lead(), number, first.entity_code, on_first, unqualified, "x"),
                  StatusCode::kFailedPrecondition, "qualification");
  WF_EXPECT_ERROR(SwapInspector(s(), Lead(), number, first.entity_code, on_first, "RARE-D", ""),
                  StatusCode::kInvalidArgument, "reason");
  WF_EXPECT_ERROR(SwapInspector(s(), Lead(), number, first.entity_code, "RARE-Z", "RARE-D", "x"),
                  StatusCode::kInvalidArgument, "not on the team");
  EXPECT_TRUE(Events("assignment_swap").empty());

  // Through a declared widening, RARE-E may come in.
  WF_ASSERT_OK(WidenInspectorPool(s(), Lead(), number, WideningScope::kNeighbourCounty, {430304},
                                  "病假替补"));
  auto swapped =
      SwapInspector(s(), Lead(), number, first.entity_code, on_first, "RARE-E", "原执法人员病假");
  WF_ASSERT_OK(swapped);
  std::set<std::string> team;
  for (const CheckInspector& m : swapped->inspectors) team.insert(m.inspector_code);
  EXPECT_EQ(team, std::set<std::string>({"RARE-E", xfjy_on_first}));
  const auto logged = Events("assignment_swap");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_NE(logged[0].event.body.find("原执法人员病假"), std::string::npos);
  EXPECT_NE(logged[0].event.body.find("\"removed\":\"" + on_first + "\""), std::string::npos);
}

TEST_F(AssignmentServiceTest, ConflictsAreDeclaredByTheInspectorOrTheirDepartment) {
  std::string entity;
  {
    auto tx = s().store->BeginRead();
    WF_ASSERT_OK(tx);
    WF_ASSERT_OK((*tx)->ScanEntities([&](const core::Entity& e) {
      entity = e.code;
      return false;
    }));
  }
  const Caller self = StaffOf("XFJY", {perm::kTaskRead}, Scope::kOwn, "XFJY-0003");
  auto c = DeclareConflict(s(), self, "XFJY-0003", entity, "近亲属在该企业任职");
  WF_ASSERT_OK(c);
  EXPECT_EQ(c->declared_by, self.Actor());
  WF_EXPECT_ERROR(DeclareConflict(s(), self, "XFJY-0003", entity, "again"),
                  StatusCode::kAlreadyExists, "already");
  WF_EXPECT_ERROR(DeclareConflict(s(), self, "XFJY-0004", entity, "x"),
                  StatusCode::kPermissionDenied, "");
  const Caller health_admin = StaffOf("WSJK", {perm::kDirectoryWrite});
  WF_EXPECT_ERROR(DeclareConflict(s(), health_admin, "XFJY-0004", entity, "x"),
                  StatusCode::kNotFound, "inspector");
  const Caller fire_admin = StaffOf("XFJY", {perm::kDirectoryWrite});
  WF_EXPECT_OK(DeclareConflict(s(), fire_admin, "XFJY-0004", entity, "利害关系"));
  WF_EXPECT_ERROR(DeclareConflict(s(), fire_admin, "XFJY-0005", "91430302MA4L000000", "x"),
                  StatusCode::kNotFound, "entity");
  auto listed = ListConflicts(s(), fire_admin, "", entity);
  WF_ASSERT_OK(listed);
  EXPECT_EQ(listed->size(), 2u);
  auto none = ListConflicts(s(), health_admin, "", entity);
  WF_ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  const auto logged = Events("conflict_declared");
  ASSERT_EQ(logged.size(), 2u);
  EXPECT_EQ(logged[0].event.body.find("近亲属"), std::string::npos);  // only its hash
  EXPECT_NE(logged[0].event.body.find("reason_sha256"), std::string::npos);
}

TEST_F(AssignmentServiceTest, TheNextCheckOfAnEntityAvoidsItsPreviousTeamAndAlternatesAreStaffed) {
  const Caller lead = Lead();
  auto t = CreateTask(s(), lead, RandomDraft());
  WF_ASSERT_OK(t);
  auto drawn = FreezeAndDraw(t->number, lead);
  WF_ASSERT_OK(drawn);
  WF_ASSERT_OK(AssignTask(s(), lead, t->number));
  const Check first = ChecksOf(t->number).front();

  // A complaint about the same entity: a targeted task whose input lists the previous team.
  TaskDraft d = RandomDraft();
  d.kind = TaskKind::kTargeted;
  d.quotas.clear();
  d.reserve = 0;
  d.scope = PoolScope{};
  auto targeted = CreateTask(s(), lead, d);
  WF_ASSERT_OK(targeted);
  WF_ASSERT_OK(AddTargetedCheck(s(), lead, targeted->number, first.entity_code,
                                TargetedOrigin::kComplaint, "TS-2026-0099"));
  auto out = AssignTask(s(), lead, targeted->number);
  WF_ASSERT_OK(out);
  ASSERT_TRUE(out->feasible) << out->explanation;
  auto runs = ListAssignments(s(), lead, targeted->number);
  WF_ASSERT_OK(runs);
  ASSERT_EQ(runs->size(), 1u);
  auto input = draw::AssignmentInputFromJson((*runs)[0].input);
  WF_ASSERT_OK(input);
  ASSERT_EQ(input->entities.size(), 1u);
  std::vector<std::string> previous;
  for (const CheckInspector& m : first.inspectors) previous.push_back(m.inspector_code);
  std::sort(previous.begin(), previous.end());
  std::vector<std::string> listed = input->entities[0].previous_inspectors;
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, previous);
  const Check again = ChecksOf(targeted->number).front();
  for (const CheckInspector& m : again.inspectors) {
    EXPECT_EQ(std::count(previous.begin(), previous.end(), m.inspector_code), 0)
        << m.inspector_code;
  }
  WF_EXPECT_OK(VerifyStoredAssignments(*s().store, targeted->number));

  // An alternate after the assignment is staffed by a second run.
  auto alt = ReplaceWithAlternate(s(), lead, t->number, first.entity_code,
                                  ReplaceReason::kDeregistered, "");
  WF_ASSERT_OK(alt);
  auto second = AssignTask(s(), lead, t->number);
  WF_ASSERT_OK(second);
  ASSERT_TRUE(second->feasible) << second->explanation;
  EXPECT_EQ(second->run, 2);
  EXPECT_EQ(second->staffed, 1);
  auto verified = VerifyStoredAssignments(*s().store, t->number);
  WF_ASSERT_OK(verified);
  EXPECT_EQ(*verified, 2);
}

}  // namespace
}  // namespace sunlit::app::testing
