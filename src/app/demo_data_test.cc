// Tests of the Xiangtan demo data: units, inspectors and item lists fit together.
#include "app/demo_data.h"

#include <map>
#include <set>
#include <string>

#include "app/gen.h"
#include "app/industry_checklist.h"
#include "app/synthetic.h"
#include "core/industry.h"
#include "core/region.h"
#include "gtest/gtest.h"

namespace sunlit::app {
namespace {

const core::Date kToday = core::Date::FromYmd(2025, 6, 30);

std::map<std::string, core::Unit> UnitsByCode() {
  std::map<std::string, core::Unit> out;
  for (const core::Unit& u : DemoUnits()) {
    EXPECT_TRUE(out.emplace(u.code, u).second) << "duplicate unit " << u.code;
  }
  return out;
}

TEST(DemoUnitsTest, CountiesZonesAndPartners) {
  const std::map<std::string, core::Unit> units = UnitsByCode();
  std::set<std::string> departments;
  for (const core::Department& d : DemoDepartments()) departments.insert(d.code);
  for (const auto& [code, u] : units) {
    EXPECT_EQ(departments.count(u.department_code), 1u) << code;
    EXPECT_TRUE(core::RegionMatches(u.region, "4303")) << code;
    EXPECT_NE(core::RegionTree::Builtin().Find(u.region), nullptr) << code;
    EXPECT_FALSE(u.name.empty());
  }
  for (int32_t county : DemoCounties()) {
    for (const core::Unit& u : MarketStationsOf(county)) EXPECT_EQ(units.count(u.code), 1u);
    for (const core::Unit& u : PartnerUnitsOf(county)) EXPECT_EQ(units.count(u.code), 1u);
  }
  // The development zones are SCJG units hosted by a county.
  EXPECT_EQ(units.at("430304-GX").department_code, "SCJG");
  EXPECT_EQ(units.at("430304-GX").region, 430304);
  EXPECT_EQ(units.at("430302-JK").region, 430302);
  EXPECT_NE(units.at("430304-ZS").name.find("昭山"), std::string::npos);
  EXPECT_EQ(units.at("430300-XFJY").name, "湘潭市消防救援支队");
}

TEST(DemoInspectorsTest, AboutOneHundredFiftyConsistentInspectors) {
  const std::vector<core::Inspector> inspectors = DemoInspectors(20190314, kToday);
  EXPECT_GE(inspectors.size(), 140u);
  EXPECT_LE(inspectors.size(), 170u);
  const std::map<std::string, core::Unit> units = UnitsByCode();
  std::map<std::string, int> per_department;
  std::set<std::string> codes, certs;
  for (const core::Inspector& p : inspectors) {
    EXPECT_TRUE(codes.insert(p.code).second) << p.code;
    EXPECT_TRUE(certs.insert(p.certificate_no).second) << p.certificate_no;
    EXPECT_EQ(p.certificate_no.size(), 14u);
    EXPECT_EQ(p.certificate_no.substr(0, 6), std::to_string(p.region));
    ASSERT_TRUE(p.certificate_expiry.has_value());
    EXPECT_FALSE(p.name.empty());
    auto it = units.find(p.unit_code);
    ASSERT_NE(it, units.end()) << p.unit_code;
    EXPECT_EQ(it->second.department_code, p.department_code) << p.code;
    EXPECT_EQ(it->second.region, p.region);
    EXPECT_FALSE(p.qualifications.empty());
    EXPECT_TRUE(std::is_sorted(p.qualifications.begin(), p.qualifications.end()));
    ++per_department[p.department_code];
  }
  for (const core::Department& d : DemoDepartments()) {
    EXPECT_GE(per_department[d.code], 20) << d.code;
  }
  // Same seed, same inspectors; another seed, other names.
  const std::vector<core::Inspector> again = DemoInspectors(20190314, kToday);
  const std::vector<core::Inspector> other = DemoInspectors(7, kToday);
  ASSERT_EQ(again.size(), inspectors.size());
  bool names_differ = false;
  for (size_t i = 0; i < inspectors.size(); ++i) {
    EXPECT_EQ(again[i].name, inspectors[i].name);
    EXPECT_EQ(again[i].certificate_no, inspectors[i].certificate_no);
    names_differ |= other[i].name != inspectors[i].name;
  }
  EXPECT_TRUE(names_differ);
}

TEST(DemoItemsTest, WellFormedLists) {
  const std::vector<core::InspectionItem> items = DemoItems();
  const std::vector<std::string> tag_list = RegulatoryTags();
  const std::set<std::string> tags(tag_list.begin(), tag_list.end());
  std::set<std::pair<std::string, std::string>> keys;
  std::map<std::string, int> per_department;
  int void_items = 0;
  for (const core::InspectionItem& t : items) {
    EXPECT_TRUE(keys.insert({t.department_code, t.code}).second) << t.code;
    EXPECT_EQ(t.code.rfind(t.department_code + "-", 0), 0u) << t.code;
    EXPECT_FALSE(t.name.empty());
    EXPECT_EQ(t.legal_basis.rfind("《", 0), 0u) << t.code;
    EXPECT_FALSE(t.method.empty());
    EXPECT_FALSE(t.qualification.empty()) << t.code;
    for (const std::string& p : t.industry_prefixes) {
      Result<std::string> canonical = core::IndustryTree::Builtin().CanonicalPrefix(p);
      ASSERT_TRUE(canonical.ok()) << t.code << " " << p;
      EXPECT_EQ(*canonical, p) << t.code;
    }
    for (const std::string& tag : t.tags) EXPECT_EQ(tags.count(tag), 1u) << t.code << " " << tag;
    const std::vector<std::string>& quals = synth::QualificationTagsOf(t.department_code);
    EXPECT_NE(std::find(quals.begin(), quals.end(), t.qualification), quals.end()) << t.code;
    if (t.valid) ++per_department[t.department_code];
    void_items += !t.valid;
  }
  EXPECT_EQ(void_items, 1);
  EXPECT_GE(per_department["SCJG"], 10);
  for (const char* d : {"XFJY", "WSJK", "JY", "SW", "YJGL"}) EXPECT_GE(per_department[d], 2) << d;
  // Fire checks are public safety, food checks life and health.
  for (const core::InspectionItem& t : items) {
    if (t.department_code == "XFJY") {
      EXPECT_EQ(t.exemption, core::CapExemption::kPublicSafety);
    }
    if (t.qualification == "food_safety") {
      EXPECT_EQ(t.exemption, core::CapExemption::kLifeHealth) << t.code;
    }
  }
}

// Every item can be staffed: its qualification is held by at least two active inspectors of its
// department whose certificates are valid today, for several seeds.
TEST(DemoDataTest, EveryItemQualificationIsHeldByTwoInspectors) {
  for (uint64_t seed : {1ULL, 2ULL, 20190314ULL, 987654321ULL}) {
    const std::vector<core::Inspector> inspectors = DemoInspectors(seed, kToday);
    for (const core::InspectionItem& t : DemoItems()) {
      int holders = 0;
      for (const core::Inspector& p : inspectors) {
        if (p.department_code != t.department_code) continue;
        if (p.status != core::InspectorStatus::kActive || *p.certificate_expiry < kToday) continue;
        holders +=
            std::binary_search(p.qualifications.begin(), p.qualifications.end(), t.qualification);
      }
      EXPECT_GE(holders, 2) << "seed " << seed << " item " << t.code;
    }
  }
}

TEST(DemoDataTest, AtLeastThreePartnerDepartmentsHaveItemsAndInspectors) {
  std::set<std::string> with_items, with_inspectors;
  for (const core::InspectionItem& t : DemoItems()) with_items.insert(t.department_code);
  for (const core::Inspector& p : DemoInspectors(1, kToday))
    with_inspectors.insert(p.department_code);
  int partners = 0;
  for (const core::Department& d : DemoDepartments()) {
    if (!d.market_supervision && with_items.count(d.code) && with_inspectors.count(d.code)) {
      ++partners;
    }
  }
  EXPECT_GE(partners, 3);
}

TEST(DemoDataTest, FuelStationChecklistSpansDepartments) {
  const std::vector<ChecklistEntry> list =
      BuildIndustryChecklist(DemoItems(), {"5265"}, {"fuel_retail"});
  std::set<std::string> departments;
  std::set<std::pair<std::string, std::string>> keys;
  for (const ChecklistEntry& e : list) {
    departments.insert(e.department_code);
    EXPECT_TRUE(keys.insert({e.department_code, e.item_code}).second) << e.item_code;
  }
  EXPECT_GE(departments.size(), 3u);
  for (const char* code : {"SCJG-010", "SW-001", "YJGL-001", "XFJY-003"}) {
    EXPECT_TRUE(std::any_of(list.begin(), list.end(), [&](const ChecklistEntry& e) {
      return e.item_code == code;
    })) << code;
  }
  // Not for fuel stations: school canteens, the void item.
  for (const ChecklistEntry& e : list) {
    EXPECT_NE(e.item_code, "JY-001");
    EXPECT_NE(e.item_code, "SCJG-019");
  }

  const std::vector<ChecklistEntry> canteen =
      BuildIndustryChecklist(DemoItems(), {"62"}, {"catering", "school_canteen"});
  std::set<std::string> canteen_departments;
  for (const ChecklistEntry& e : canteen) canteen_departments.insert(e.department_code);
  EXPECT_EQ(canteen_departments, (std::set<std::string>{"JY", "SCJG", "XFJY"}));
}

}  // namespace
}  // namespace sunlit::app
