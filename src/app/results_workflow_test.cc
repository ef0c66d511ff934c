// Integration with the workflow use cases: a task created, frozen, drawn and staffed by
// app/tasks.h and app/assignment_service.h runs to publication through the results use
// cases — the pinned items decide what the record covers, the partner department takes part
// in the review, the public lookup and the statistics see the result.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/assignment_service.h"
#include "app/public_portal.h"
#include "app/results.h"
#include "app/review.h"
#include "app/stats.h"
#include "app/tasks.h"
#include "app/workflow_test_support.h"

namespace sunlit::app::testing {
namespace {

class ResultsWorkflowTest : public WorkflowTest {};

TEST_F(ResultsWorkflowTest, AWorkflowTaskRunsToPublication) {
  const Caller lead = Lead();
  auto t = CreateTask(s(), lead, RandomDraft());
  WF_ASSERT_OK(t);
  auto drawn = FreezeAndDraw(t->number, lead);
  WF_ASSERT_OK(drawn);
  auto assigned = AssignTask(s(), lead, t->number);
  WF_ASSERT_OK(assigned);
  ASSERT_TRUE(assigned->feasible) << assigned->explanation;
  auto checks = ListChecks(s(), lead, t->number);
  WF_ASSERT_OK(checks);
  ASSERT_FALSE(checks->checks.empty());
  const Check& check = checks->checks[0];
  ASSERT_EQ(check.state, "assigned");
  std::string scjg_inspector;
  for (const CheckInspector& i : check.inspectors) {
    if (i.department_code == "SCJG") scjg_inspector = i.inspector_code;
  }
  ASSERT_FALSE(scjg_inspector.empty());

  clock_.Set("2026-03-10T02:00:00Z");  // inside the check period
  const Caller inspector = StaffOf("SCJG", {perm::kCheckEnter}, Scope::kOwn, scjg_inspector);
  EnterResultRequest req;
  req.check_id = check.id;
  req.version = check.version;
  req.result.checked_on = core::Date::FromYmd(2026, 3, 9);
  req.result.methods = {core::CheckMethod::kOnSite};
  req.result.category_code = "no_problem";
  req.result.items = {{"SCJG", "SCJG-001", "", true, "", ""},
                      {"SCJG", "SCJG-002", "", true, "", ""}};
  // The task pins a 消防 item too: the record must cover it.
  auto missing = EnterResult(s(), inspector, req);
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument) << missing.status().ToString();
  req.result.items.push_back({"XFJY", "XFJY-001", "", true, "", ""});
  auto entered = EnterResult(s(), inspector, req);
  WF_ASSERT_OK(entered);
  for (const core::ItemResult& it : entered->result.items) EXPECT_FALSE(it.item_name.empty());
  EXPECT_EQ(entered->departments, (std::vector<std::string>{"SCJG", "XFJY"}));

  // The partner department (消防) reviews; the bureau publishes.
  const Caller fire_reviewer = StaffOf("XFJY", {perm::kCheckReview});
  auto approved = Approve(s(), fire_reviewer, {check.id, entered->version, "同意"});
  WF_ASSERT_OK(approved);
  const Caller publisher = StaffOf("SCJG", {perm::kCheckPublish, perm::kStatsRead});
  auto published = Publish(s(), publisher, {check.id, approved->version});
  WF_ASSERT_OK(published);
  EXPECT_TRUE(published->publication->on_time);

  auto body = PublicResultsByCode(s(), check.entity_code, {20, 0});
  WF_ASSERT_OK(body);
  const nlohmann::json j = nlohmann::json::parse(*body);
  ASSERT_EQ(j["total"], 1);
  EXPECT_EQ(j["items"][0]["task"], t->number);
  EXPECT_EQ(j["items"][0]["departments"].size(), 2u);

  auto stats = ComputeStats(s(), publisher, {2026, StatsGroup::kTask, 3});
  WF_ASSERT_OK(stats);
  ASSERT_EQ(stats->rows.size(), 1u);
  EXPECT_EQ(stats->rows[0].to_check, drawn->checks);
  EXPECT_EQ(stats->rows[0].published, 1);
  EXPECT_EQ(Events("result_published").size(), 1u);
}

}  // namespace
}  // namespace sunlit::app::testing
