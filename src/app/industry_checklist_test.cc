// Tests of the 一业一查 checklist: scope matching, voided and versioned items, duplicates, order.
#include "app/industry_checklist.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace sunlit::app {
namespace {

core::InspectionItem Item(std::string dept, std::string code, std::string name,
                          std::vector<std::string> industries = {},
                          std::vector<std::string> tags = {}) {
  core::InspectionItem t;
  t.department_code = std::move(dept);
  t.code = std::move(code);
  t.name = std::move(name);
  t.industry_prefixes = std::move(industries);
  t.tags = std::move(tags);
  return t;
}

std::vector<std::string> Codes(const std::vector<ChecklistEntry>& list) {
  std::vector<std::string> out;
  for (const ChecklistEntry& e : list) out.push_back(e.department_code + "/" + e.item_code);
  return out;
}

struct ScopeCase {
  const char* label;
  std::vector<std::string> item_industries;
  std::vector<std::string> item_tags;
  std::vector<std::string> industries;
  std::vector<std::string> tags;
  bool included;
};

TEST(IndustryChecklistTest, ScopeMatching) {
  const std::vector<ScopeCase> cases = {
      {"general item", {}, {}, {"5265"}, {}, true},
      {"general item, nothing asked", {}, {}, {}, {}, true},
      {"same class", {"5265"}, {}, {"5265"}, {}, true},
      {"item division covers class", {"52"}, {}, {"5265"}, {}, true},
      {"item class within asked division", {"5265"}, {}, {"52"}, {}, true},
      {"item group covers class", {"526"}, {}, {"5265"}, {}, true},
      {"sibling class", {"5266"}, {}, {"5265"}, {}, false},
      {"other division", {"62"}, {}, {"5265"}, {}, false},
      {"section letter covers digits", {"F"}, {}, {"5265"}, {}, true},
      {"digits within asked section", {"5265"}, {}, {"F"}, {}, true},
      {"other section", {"C"}, {}, {"5265"}, {}, false},
      {"same section letters", {"H"}, {}, {"H"}, {}, true},
      {"industry item, no industry asked", {"5265"}, {}, {}, {"fuel_retail"}, false},
      {"tag item, tag given", {}, {"fuel_retail"}, {"5265"}, {"fuel_retail"}, true},
      {"tag item, one of its tags given",
       {},
       {"hazardous_chemicals", "fuel_retail"},
       {},
       {"fuel_retail"},
       true},
      {"tag item, other tag", {}, {"catering"}, {"5265"}, {"fuel_retail"}, false},
      {"tag item, no tags given", {}, {"fuel_retail"}, {"5265"}, {}, false},
      {"both must hold: industry fails", {"62"}, {"fuel_retail"}, {"5265"}, {"fuel_retail"}, false},
      {"both must hold: both hold", {"5265"}, {"fuel_retail"}, {"5265"}, {"fuel_retail"}, true},
      {"any of several given prefixes", {"62"}, {}, {"5265", "6210"}, {}, true},
  };
  for (const ScopeCase& c : cases) {
    const std::vector<core::InspectionItem> items = {
        Item("SCJG", "SCJG-001", "x", c.item_industries, c.item_tags)};
    const std::vector<ChecklistEntry> list = BuildIndustryChecklist(items, c.industries, c.tags);
    EXPECT_EQ(list.size(), c.included ? 1u : 0u) << c.label;
  }
}

TEST(IndustryChecklistTest, VoidItemsAreLeftOut) {
  core::InspectionItem t = Item("SCJG", "SCJG-001", "企业公示信息情况检查");
  t.valid = false;
  EXPECT_TRUE(BuildIndustryChecklist({t}, {"5265"}, {}).empty());
}

TEST(IndustryChecklistTest, LatestVersionDecides) {
  core::InspectionItem v1 = Item("SCJG", "SCJG-001", "旧名称");
  core::InspectionItem v2 = Item("SCJG", "SCJG-001", "新名称");
  v2.version = 2;
  std::vector<ChecklistEntry> list = BuildIndustryChecklist({v2, v1}, {"52"}, {});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].item_name, "新名称");

  // A void latest version withdraws the item.
  core::InspectionItem v3 = Item("SCJG", "SCJG-001", "作废");
  v3.version = 3;
  v3.valid = false;
  EXPECT_TRUE(BuildIndustryChecklist({v1, v3, v2}, {"52"}, {}).empty());
}

TEST(IndustryChecklistTest, DuplicatesCollapseButDepartmentsStaySeparate) {
  const std::vector<core::InspectionItem> items = {
      Item("XFJY", "XFJY-001", "消防安全检查"),
      Item("SCJG", "SCJG-009", "计量器具使用情况检查", {"52"}),
      Item("SCJG", "SCJG-009", "计量器具使用情况检查", {"52"}),  // exact duplicate
      Item("SCJG", "SCJG-001", "企业公示信息情况检查"),
      Item("YJGL", "YJGL-001", "消防安全检查"),  // same name, another department: kept
      Item("JY", "JY-001", "学校食堂管理检查", {}, {"school_canteen"}),
  };
  const std::vector<ChecklistEntry> list = BuildIndustryChecklist(items, {"5265"}, {"fuel_retail"});
  EXPECT_EQ(Codes(list), (std::vector<std::string>{"SCJG/SCJG-001", "SCJG/SCJG-009",
                                                   "XFJY/XFJY-001", "YJGL/YJGL-001"}));
  EXPECT_EQ(list[1].item_name, "计量器具使用情况检查");
  // Input order does not matter.
  std::vector<core::InspectionItem> reversed(items.rbegin(), items.rend());
  EXPECT_EQ(Codes(BuildIndustryChecklist(reversed, {"5265"}, {"fuel_retail"})), Codes(list));
}

TEST(IndustryChecklistTest, EmptyInputGivesEmptyList) {
  EXPECT_TRUE(BuildIndustryChecklist({}, {"5265"}, {"fuel_retail"}).empty());
}

}  // namespace
}  // namespace sunlit::app
