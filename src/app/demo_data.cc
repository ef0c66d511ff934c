// The Xiangtan demo data: units, inspectors and item lists modelled on 潭政发〔2019〕14号 (seed
// 004) and the departments that take part in joint random inspections there.
#include "app/demo_data.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "app/gen.h"
#include "app/synthetic.h"

namespace sunlit::app {
namespace {

using core::CapExemption;
using core::EntityType;

constexpr int32_t kCounties[] = {430302, 430304, 430321, 430381, 430382};

// Inspectors per department (SCJG first, then the partners in DemoDepartments() order).
constexpr int kScjgInspectors = 50;
constexpr int kPartnerInspectors = 20;
// Rng streams of the demo's inspectors, one per department (distinct from gen.cc's streams).
constexpr uint64_t kInspectorStreamBase = 100;

core::InspectionItem Item(std::string department, std::string code, std::string name,
                          std::string legal_basis, std::vector<EntityType> types,
                          std::vector<std::string> industries, std::vector<std::string> tags,
                          std::string method, std::string qualification,
                          CapExemption exemption = CapExemption::kNone) {
  core::InspectionItem t;
  t.department_code = std::move(department);
  t.code = std::move(code);
  t.name = std::move(name);
  t.legal_basis = std::move(legal_basis);
  t.object_types = std::move(types);
  t.industry_prefixes = std::move(industries);
  t.tags = std::move(tags);
  std::sort(t.tags.begin(), t.tags.end());
  t.method = std::move(method);
  t.qualification = std::move(qualification);
  t.exemption = exemption;
  return t;
}

constexpr char kFoodSafetyLaw[] = "《中华人民共和国食品安全法》";
constexpr char kFireLaw[] = "《中华人民共和国消防法》";
constexpr char kOnSite[] = "实地检查";

}  // namespace

std::vector<int32_t> DemoCounties() { return {std::begin(kCounties), std::end(kCounties)}; }

std::vector<core::Unit> DemoUnits() {
  std::vector<core::Unit> units;
  units.push_back({"430300-JU", "湘潭市市场监督管理局", "SCJG", kDemoCity});
  units.push_back({"430300-ZD", "湘潭市市场监管综合行政执法支队", "SCJG", kDemoCity});
  for (int32_t county : kCounties) {
    for (core::Unit& u : MarketStationsOf(county)) units.push_back(std::move(u));
  }
  // Development zones: branches of the city bureau, hosted by a county (see demo_data.h).
  units.push_back({"430304-GX", "湘潭市市场监督管理局高新区分局", "SCJG", 430304});
  units.push_back({"430302-JK", "湘潭市市场监督管理局经开区分局", "SCJG", 430302});
  units.push_back({"430304-ZS", "湘潭市市场监督管理局昭山示范区分局", "SCJG", 430304});
  for (const core::Department& d : DemoDepartments()) {
    if (d.market_supervision) continue;
    units.push_back({"430300-" + d.code, d.name, d.code, kDemoCity});
    for (int32_t county : kCounties) {
      for (core::Unit& u : PartnerUnitsOf(county)) {
        if (u.department_code == d.code) units.push_back(std::move(u));
      }
    }
  }
  return units;
}

std::vector<core::Inspector> DemoInspectors(uint64_t seed, core::Date today) {
  const std::vector<core::Unit> units = DemoUnits();
  const std::vector<core::InspectionItem> items = DemoItems();
  std::vector<core::Inspector> out;
  std::map<int32_t, int> serial_by_region;
  const std::vector<core::Department> departments = DemoDepartments();
  for (size_t d = 0; d < departments.size(); ++d) {
    const core::Department& dept = departments[d];
    std::vector<const core::Unit*> dept_units;
    for (const core::Unit& u : units) {
      if (u.department_code == dept.code) dept_units.push_back(&u);
    }
    // The qualifications this department's items require, in the vocabulary's order.
    std::set<std::string> required;
    for (const core::InspectionItem& t : items) {
      if (t.department_code == dept.code && !t.qualification.empty()) {
        required.insert(t.qualification);
      }
    }
    std::vector<std::string> quals;
    for (const std::string& q : synth::QualificationTagsOf(dept.code)) {
      if (required.count(q) != 0) quals.push_back(q);
    }
    if (quals.empty() || dept_units.empty()) continue;
    const size_t k = quals.size();
    const int n = dept.market_supervision ? kScjgInspectors : kPartnerInspectors;
    for (int j = 0; j < n; ++j) {
      synth::Rng rng =
          synth::Rng::ForIndex(seed, kInspectorStreamBase + d, static_cast<uint64_t>(j));
      const core::Unit& unit = *dept_units[static_cast<size_t>(j) % dept_units.size()];
      core::Inspector p;
      char code[32];
      std::snprintf(code, sizeof code, "%s-%04d", dept.code.c_str(), j + 1);
      p.code = code;
      synth::AppendPersonName(rng, &p.name);
      p.department_code = dept.code;
      p.unit_code = unit.code;
      p.region = unit.region;
      // The first 2k inspectors are active with valid certificates and, dealt round-robin,
      // hold every required qualification twice: each item can always be staffed.
      const bool guaranteed = static_cast<size_t>(j) < 2 * k;
      const bool lapsed = !guaranteed && rng.Chance(60);
      const core::Date expiry =
          lapsed ? today.AddDays(-static_cast<int32_t>(1 + rng.Below(300)))
                 : today.AddDays(static_cast<int32_t>(60 + rng.Below(5 * 365 - 60)));
      p.certificate_expiry = expiry;
      const int issued = std::min(expiry.year() - 5, today.year());
      char cert[32];
      std::snprintf(cert, sizeof cert, "%d%d%04d", unit.region, issued,
                    ++serial_by_region[unit.region]);
      p.certificate_no = cert;
      std::set<std::string> held = {quals[static_cast<size_t>(j) % k],
                                    quals[static_cast<size_t>(j + 1) % k]};
      for (const std::string& q : quals) {
        if (rng.Chance(200)) held.insert(q);
      }
      // Most market-supervision staff do registration and credit checks (企业公示).
      if (dept.market_supervision && rng.Chance(850)) held.insert(quals[0]);
      p.qualifications.assign(held.begin(), held.end());
      p.expert = j == 2 || rng.Chance(100);
      p.leader = j == 1 || rng.Chance(80);
      const uint64_t s = guaranteed ? 0 : rng.Below(100);
      p.status = s < 94   ? core::InspectorStatus::kActive
                 : s < 98 ? core::InspectorStatus::kSuspended
                          : core::InspectorStatus::kLeft;
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::vector<core::InspectionItem> DemoItems() {
  const std::vector<EntityType> kAll;
  std::vector<core::InspectionItem> v;
  // 市场监督管理局: the national 市场监管领域 list as Hunan applies it.
  v.push_back(Item("SCJG", "SCJG-001", "企业公示信息情况检查",
                   "《企业信息公示暂行条例》《企业公示信息抽查暂行办法》",
                   {EntityType::kEnterprise, EntityType::kCooperative}, {}, {},
                   "书面检查、实地检查、网络监测", "registration"));
  v.push_back(Item("SCJG", "SCJG-002", "个体工商户年度报告公示信息检查",
                   "《促进个体工商户发展条例》《个体工商户年度报告办法》",
                   {EntityType::kIndividual}, {}, {}, "书面检查、网络监测", "registration"));
  v.push_back(Item("SCJG", "SCJG-003", "食品经营许可情况检查",
                   std::string(kFoodSafetyLaw) + "《食品经营许可和备案管理办法》", kAll, {},
                   {"food_retail", "catering"}, kOnSite, "food_safety", CapExemption::kLifeHealth));
  v.push_back(Item("SCJG", "SCJG-004", "食品销售者落实食品安全主体责任情况检查",
                   std::string(kFoodSafetyLaw) + "《食品生产经营监督检查管理办法》", kAll, {},
                   {"food_retail"}, kOnSite, "food_safety", CapExemption::kLifeHealth));
  v.push_back(Item("SCJG", "SCJG-005", "餐饮服务食品安全检查",
                   std::string(kFoodSafetyLaw) + "《食品生产经营监督检查管理办法》", kAll, {},
                   {"catering"}, kOnSite, "food_safety", CapExemption::kLifeHealth));
  v.push_back(Item("SCJG", "SCJG-006", "学校食堂食品安全检查",
                   std::string(kFoodSafetyLaw) + "《学校食品安全与营养健康管理规定》", kAll, {},
                   {"school_canteen"}, kOnSite, "food_safety", CapExemption::kLifeHealth));
  v.push_back(Item("SCJG", "SCJG-007", "食品生产者监督检查",
                   std::string(kFoodSafetyLaw) + "《食品生产经营监督检查管理办法》", kAll, {},
                   {"food_production"}, kOnSite, "food_safety", CapExemption::kLifeHealth));
  v.push_back(Item("SCJG", "SCJG-008", "特种设备使用单位检查",
                   "《中华人民共和国特种设备安全法》《特种设备安全监察条例》", kAll, {},
                   {"special_equipment"}, kOnSite, "special_equipment",
                   CapExemption::kPublicSafety));
  v.push_back(Item("SCJG", "SCJG-009", "计量器具使用情况检查",
                   "《中华人民共和国计量法》《中华人民共和国计量法实施细则》", kAll, {"51", "52"},
                   {}, kOnSite, "metrology"));
  v.push_back(Item("SCJG", "SCJG-010", "加油站计量检查",
                   "《中华人民共和国计量法》《加油站计量监督管理办法》", kAll, {"5265"},
                   {"fuel_retail"}, kOnSite, "metrology"));
  v.push_back(Item("SCJG", "SCJG-011", "车用燃油产品质量检查", "《中华人民共和国产品质量法》", kAll,
                   {"5162", "5265"}, {}, "实地检查、检验检测", "product_quality"));
  v.push_back(Item("SCJG", "SCJG-012", "工业产品生产许可证获证企业检查",
                   "《中华人民共和国工业产品生产许可证管理条例》《中华人民共和国产品质量法》",
                   {EntityType::kEnterprise}, {"C"}, {}, kOnSite, "product_quality"));
  v.push_back(Item("SCJG", "SCJG-013", "广告发布行为检查", "《中华人民共和国广告法》", kAll,
                   {"725", "86", "87"}, {}, "网络监测、实地检查", "advertising"));
  v.push_back(Item("SCJG", "SCJG-014", "明码标价和价格行为检查",
                   "《中华人民共和国价格法》《明码标价和禁止价格欺诈规定》", kAll,
                   {"52", "61", "62", "80"}, {}, kOnSite, "pricing"));
  v.push_back(Item("SCJG", "SCJG-015", "药品零售企业检查",
                   "《中华人民共和国药品管理法》《药品经营和使用质量监督管理办法》", kAll, {},
                   {"pharmacy"}, kOnSite, "drugs_devices", CapExemption::kLifeHealth));
  v.push_back(Item("SCJG", "SCJG-016", "医疗器械经营使用检查",
                   "《医疗器械监督管理条例》《医疗器械经营监督管理办法》", kAll, {},
                   {"medical_devices"}, kOnSite, "drugs_devices", CapExemption::kLifeHealth));
  v.push_back(Item("SCJG", "SCJG-017", "化妆品经营者检查", "《化妆品监督管理条例》", kAll, {},
                   {"cosmetics"}, kOnSite, "drugs_devices", CapExemption::kLifeHealth));
  v.push_back(Item("SCJG", "SCJG-018", "网络交易经营者检查",
                   "《中华人民共和国电子商务法》《网络交易监督管理办法》", kAll, {"5292", "5193"},
                   {}, "网络监测", "registration"));
  core::InspectionItem old = Item("SCJG", "SCJG-019", "企业年度报告公示信息检查（已并入 SCJG-001）",
                                  "《企业信息公示暂行条例》", {EntityType::kEnterprise}, {}, {},
                                  "书面检查", "registration");
  old.valid = false;
  v.push_back(std::move(old));

  // 消防救援: fire safety is public safety, exempt from the 一业一查 annual cap.
  v.push_back(Item("XFJY", "XFJY-001", "单位消防安全职责履行情况检查",
                   std::string(kFireLaw) + "《机关、团体、企业、事业单位消防安全管理规定》", kAll,
                   {}, {}, kOnSite, "fire_safety", CapExemption::kPublicSafety));
  v.push_back(Item("XFJY", "XFJY-002", "人员密集场所消防安全检查",
                   std::string(kFireLaw) + "《消防监督检查规定》", kAll,
                   {"5211", "5212", "61", "62", "8051", "8052", "8930", "90"}, {}, kOnSite,
                   "fire_safety", CapExemption::kPublicSafety));
  v.push_back(Item("XFJY", "XFJY-003", "易燃易爆危险品场所消防安全检查",
                   std::string(kFireLaw) + "《消防监督检查规定》", kAll,
                   {"26", "5162", "5169", "5265", "5266", "5296"}, {}, kOnSite, "fire_safety",
                   CapExemption::kPublicSafety));

  // 卫生健康.
  v.push_back(Item("WSJK", "WSJK-001", "公共场所卫生检查",
                   "《公共场所卫生管理条例》《公共场所卫生管理条例实施细则》", kAll, {},
                   {"public_venue"}, kOnSite, "public_health", CapExemption::kLifeHealth));
  v.push_back(Item("WSJK", "WSJK-002", "学校卫生检查", "《学校卫生工作条例》", kAll, {"83"}, {},
                   kOnSite, "school_health", CapExemption::kLifeHealth));
  v.push_back(Item("WSJK", "WSJK-003", "医疗机构依法执业检查",
                   "《医疗机构管理条例》《中华人民共和国医师法》", kAll, {"84"}, {},
                   "实地检查、书面检查", "medical_practice", CapExemption::kLifeHealth));
  v.push_back(Item("WSJK", "WSJK-004", "生活饮用水卫生检查",
                   "《中华人民共和国传染病防治法》《生活饮用水卫生监督管理办法》", kAll,
                   {"1522", "4610"}, {}, "实地检查、检验检测", "public_health",
                   CapExemption::kLifeHealth));
  v.push_back(Item("WSJK", "WSJK-005", "用人单位职业病防治情况检查",
                   "《中华人民共和国职业病防治法》", {EntityType::kEnterprise}, {"B", "C"}, {},
                   kOnSite, "occupational_health", CapExemption::kLifeHealth));

  // 教育.
  v.push_back(Item("JY", "JY-001", "学校食堂管理检查", "《学校食品安全与营养健康管理规定》", kAll,
                   {}, {"school_canteen"}, kOnSite, "school_food", CapExemption::kLifeHealth));
  v.push_back(Item("JY", "JY-002", "校外培训机构检查",
                   "《中华人民共和国民办教育促进法》《校外培训行政处罚暂行办法》", kAll, {"839"},
                   {}, kOnSite, "school_safety"));
  v.push_back(Item("JY", "JY-003", "民办幼儿园办园行为检查",
                   "《中华人民共和国学前教育法》《幼儿园管理条例》", kAll, {"8310"}, {}, kOnSite,
                   "school_safety"));

  // 商务.
  v.push_back(Item("SW", "SW-001", "成品油零售经营检查",
                   "《国务院对确需保留的行政审批项目设定行政许可的决定》（成品油零售经营资格审批）",
                   kAll, {"5265"}, {"fuel_retail"}, kOnSite, "fuel_market"));
  v.push_back(Item("SW", "SW-002", "单用途商业预付卡检查", "《单用途商业预付卡管理办法（试行）》",
                   kAll, {}, {"prepaid_card"}, "书面检查、实地检查", "prepaid_card_market"));
  v.push_back(Item("SW", "SW-003", "再生资源回收经营者检查", "《再生资源回收管理办法》", kAll,
                   {"5191"}, {}, kOnSite, "recycling_market"));

  // 应急管理: a fuel station holds a 危险化学品经营许可证, hence fuel_retail here.
  v.push_back(Item("YJGL", "YJGL-001", "危险化学品经营单位安全检查",
                   "《危险化学品安全管理条例》《危险化学品经营许可证管理办法》", kAll, {},
                   {"hazardous_chemicals", "fuel_retail"}, kOnSite, "hazmat_safety",
                   CapExemption::kPublicSafety));
  v.push_back(Item("YJGL", "YJGL-002", "工贸企业安全生产检查", "《中华人民共和国安全生产法》",
                   {EntityType::kEnterprise}, {"C", "51"}, {}, kOnSite, "work_safety",
                   CapExemption::kPublicSafety));
  return v;
}

}  // namespace sunlit::app
