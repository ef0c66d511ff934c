// Industry checklists persisted and versioned; item list reads; a joint industry task built
// from a checklist.
#include "app/checklists.h"

#include "app/tasks.h"
#include "app/workflow_test_support.h"

namespace sunlit::app::testing {
namespace {

class ChecklistsTest : public WorkflowTest {
 protected:
  int64_t EntityCount() const override { return 500; }

  static ChecklistDefinition Fuel() {
    return {"fuel-station", "加油站", {"F5265"}, {"fuel_retail"}};
  }
};

TEST_F(ChecklistsTest, VersionsOnlyWhenSomethingChanges) {
  const Caller bureau = Lead();
  auto first = SaveChecklist(s(), bureau, Fuel());
  WF_ASSERT_OK(first);
  EXPECT_TRUE(first->new_version);
  const IndustryChecklist& c = first->checklist;
  EXPECT_EQ(c.version, 1);
  EXPECT_EQ(c.definition.industry_prefixes, std::vector<std::string>({"5265"}));
  // Merged from several departments, each item once, with its owner.
  EXPECT_EQ(c.departments, std::vector<std::string>({"SCJG", "SW", "XFJY", "YJGL"}));
  std::vector<std::string> codes;
  for (const ChecklistItem& i : c.items) codes.push_back(i.department_code + ":" + i.item_code);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "SCJG:SCJG-010"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "SW:SW-001"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "YJGL:YJGL-001"), codes.end());
  EXPECT_EQ(std::find(codes.begin(), codes.end(), "SCJG:SCJG-019"), codes.end());  // void
  EXPECT_FALSE(c.cap_exempt);

  auto same = SaveChecklist(s(), bureau, Fuel());
  WF_ASSERT_OK(same);
  EXPECT_FALSE(same->new_version);
  EXPECT_EQ(same->checklist.version, 1);

  // A department adds an item for fuel stations: the next save is version 2.
  {
    auto tx = s().store->Begin();
    WF_ASSERT_OK(tx);
    auto batch = (*tx)->BeginBatch({"items", "test", "test"});
    WF_ASSERT_OK(batch);
    core::InspectionItem extra;
    extra.department_code = "SW";
    extra.code = "SW-004";
    extra.name = "加油站成品油质量与台账检查";
    extra.legal_basis = "《成品油市场管理办法》";
    extra.tags = {"fuel_retail"};
    extra.method = "实地检查";
    extra.qualification = "fuel_market";
    WF_ASSERT_OK((*tx)->UpsertItems(std::vector<core::InspectionItem>{extra}, *batch));
    WF_ASSERT_OK((*tx)->Commit());
  }
  auto second = SaveChecklist(s(), bureau, Fuel());
  WF_ASSERT_OK(second);
  EXPECT_TRUE(second->new_version);
  EXPECT_EQ(second->checklist.version, 2);
  EXPECT_EQ(second->checklist.items.size(), c.items.size() + 1);
  auto old = GetChecklist(s(), "fuel-station", 1);
  WF_ASSERT_OK(old);
  EXPECT_EQ(old->items.size(), c.items.size());
  auto all = ListChecklists(s());
  WF_ASSERT_OK(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].version, 2);
  EXPECT_EQ(Events("checklist_version").size(), 2u);
  WF_EXPECT_ERROR(GetChecklist(s(), "fuel-station", 9), StatusCode::kNotFound, "version 9");
}

TEST_F(ChecklistsTest, RefusesBadDefinitionsAndOtherDepartments) {
  ChecklistDefinition bad = Fuel();
  bad.code = "Fuel Station";
  WF_EXPECT_ERROR(SaveChecklist(s(), Lead(), bad), StatusCode::kInvalidArgument, "a-z");
  bad = Fuel();
  bad.industry_prefixes = {"99"};
  WF_EXPECT_ERROR(SaveChecklist(s(), Lead(), bad), StatusCode::kInvalidArgument, "industry");
  bad = Fuel();
  bad.industry_prefixes.clear();
  bad.tags.clear();
  WF_EXPECT_ERROR(SaveChecklist(s(), Lead(), bad), StatusCode::kInvalidArgument, "prefixes or");
  const Caller fire = StaffOf("XFJY", {perm::kItemsWrite});
  WF_EXPECT_ERROR(SaveChecklist(s(), fire, Fuel()), StatusCode::kPermissionDenied, "bureau");
  WF_EXPECT_ERROR(SaveChecklist(s(), Caller::Anonymous(), Fuel()), StatusCode::kUnauthenticated,
                  "");
}

TEST_F(ChecklistsTest, ItemListsAreReadWithTheirHistory) {
  auto items = ListItems(s(), "SCJG");
  WF_ASSERT_OK(items);
  EXPECT_EQ(items->size(), 19u);
  EXPECT_EQ(items->front().code, "SCJG-001");
  EXPECT_FALSE(items->back().valid);  // SCJG-019, void
  WF_EXPECT_ERROR(ListItems(s(), "NOPE"), StatusCode::kNotFound, "department");
  auto history = ItemHistory(s(), "SCJG", "SCJG-001");
  WF_ASSERT_OK(history);
  EXPECT_EQ(history->size(), 1u);
  WF_EXPECT_ERROR(ItemHistory(s(), "SCJG", "SCJG-999"), StatusCode::kNotFound, "no item");
}

TEST_F(ChecklistsTest, AJointIndustryTaskTakesTheChecklistsItems) {
  auto saved = SaveChecklist(s(), Lead(), Fuel());
  WF_ASSERT_OK(saved);
  TaskDraft d = RandomDraft();
  d.kind = TaskKind::kJointIndustry;
  d.title = "加油站“一业一查”联合抽查";
  d.items.clear();
  d.checklist_code = "fuel-station";
  d.partner_departments = {"XFJY"};
  d.team = {{"SCJG", 1}, {"XFJY", 1}};
  d.scope.industry_prefixes = {"5265"};
  d.joint_industry_cap = true;
  // The checklist's items belong to departments that must take part.
  WF_EXPECT_ERROR(CreateTask(s(), Lead(), d), StatusCode::kInvalidArgument, "SW, YJGL");
  d.partner_departments = {"SW", "XFJY", "YJGL"};
  d.team = {{"SCJG", 1}, {"SW", 1}, {"XFJY", 1}, {"YJGL", 1}};
  auto t = CreateTask(s(), Lead(), d);
  WF_ASSERT_OK(t);
  EXPECT_EQ(t->draft.checklist_version, 1);
  EXPECT_EQ(t->draft.items.size(), saved->checklist.items.size());
  for (size_t i = 0; i < t->draft.items.size(); ++i) {
    EXPECT_EQ(t->draft.items[i].code, saved->checklist.items[i].item_code);
    EXPECT_EQ(t->draft.items[i].qualification, saved->checklist.items[i].qualification);
  }
}

}  // namespace
}  // namespace sunlit::app::testing
