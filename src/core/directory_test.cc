// Tests for the directory enums: wire names, Chinese labels and lenient parsing.
#include "core/directory.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace sunlit::core {
namespace {

// Every value parses back from its wire name and its Chinese label, and names are distinct.
template <typename E>
void ExpectRoundTrip(const std::vector<E>& values, bool (*parse)(std::string_view, E*),
                     bool has_chinese) {
  std::set<std::string_view> wire;
  for (const E v : values) {
    E out{};
    ASSERT_TRUE(parse(WireName(v), &out)) << WireName(v);
    EXPECT_EQ(out, v) << WireName(v);
    EXPECT_TRUE(wire.insert(WireName(v)).second) << "duplicate wire name " << WireName(v);
    if constexpr (!std::is_same_v<E, RiskClass>) {
      if (has_chinese) {
        E zh{};
        ASSERT_TRUE(parse(ChineseName(v), &zh)) << ChineseName(v);
        EXPECT_EQ(zh, v) << ChineseName(v);
      }
    }
  }
}

TEST(DirectoryTest, RoundTrips) {
  ExpectRoundTrip<EntityType>({EntityType::kEnterprise, EntityType::kIndividual,
                               EntityType::kCooperative, EntityType::kOther},
                              &ParseEntityType, true);
  ExpectRoundTrip<RegistrationStatus>(
      {RegistrationStatus::kActive, RegistrationStatus::kSuspended,
       RegistrationStatus::kLiquidating, RegistrationStatus::kRevoked,
       RegistrationStatus::kDeregistered, RegistrationStatus::kMovedOut},
      &ParseRegistrationStatus, true);
  ExpectRoundTrip<RiskClass>(
      {RiskClass::kNone, RiskClass::kA, RiskClass::kB, RiskClass::kC, RiskClass::kD},
      &ParseRiskClass, false);
  ExpectRoundTrip<InspectorStatus>(
      {InspectorStatus::kActive, InspectorStatus::kSuspended, InspectorStatus::kLeft},
      &ParseInspectorStatus, true);
  ExpectRoundTrip<CapExemption>(
      {CapExemption::kNone, CapExemption::kNationalSecurity, CapExemption::kPublicSafety,
       CapExemption::kEnvironment, CapExemption::kLifeHealth, CapExemption::kEmergency,
       CapExemption::kComplaint},
      &ParseCapExemption, true);
}

TEST(DirectoryTest, Names) {
  EXPECT_EQ(WireName(EntityType::kIndividual), "individual");
  EXPECT_EQ(ChineseName(EntityType::kIndividual), "个体工商户");
  EXPECT_EQ(WireName(RegistrationStatus::kMovedOut), "moved_out");
  EXPECT_EQ(ChineseName(RegistrationStatus::kLiquidating), "清算中");
  EXPECT_EQ(WireName(RiskClass::kNone), "");
  EXPECT_EQ(WireName(RiskClass::kC), "C");
  EXPECT_EQ(WireName(InspectorStatus::kLeft), "left");
  EXPECT_EQ(ChineseName(InspectorStatus::kSuspended), "暂停执法");
  EXPECT_EQ(WireName(CapExemption::kNone), "none");
  EXPECT_EQ(WireName(CapExemption::kLifeHealth), "life_health");
  EXPECT_EQ(ChineseName(CapExemption::kLifeHealth), "人民群众生命健康");
}

template <typename E>
struct ParseCase {
  std::string text;
  bool ok;
  E value;
};

template <typename E>
void ExpectParses(bool (*parse)(std::string_view, E*), const std::vector<ParseCase<E>>& cases,
                  E sentinel) {
  for (const ParseCase<E>& c : cases) {
    E out = sentinel;
    EXPECT_EQ(parse(c.text, &out), c.ok) << "'" << c.text << "'";
    // On failure the output is untouched.
    EXPECT_EQ(out, c.ok ? c.value : sentinel) << "'" << c.text << "'";
  }
}

TEST(DirectoryTest, ParseEntityTypeSynonyms) {
  using E = EntityType;
  ExpectParses<E>(&ParseEntityType,
                  {{"enterprise", true, E::kEnterprise},
                   {"企业", true, E::kEnterprise},
                   {"公司", true, E::kEnterprise},
                   {" Enterprise ", true, E::kEnterprise},
                   {"ENTERPRISE", true, E::kEnterprise},
                   {"individual", true, E::kIndividual},
                   {"个体工商户", true, E::kIndividual},
                   {"个体", true, E::kIndividual},
                   {"\u3000个体户\u3000", true, E::kIndividual},
                   {"cooperative", true, E::kCooperative},
                   {"农民专业合作社", true, E::kCooperative},
                   {"合作社", true, E::kCooperative},
                   {"other", true, E::kOther},
                   {"其他", true, E::kOther},
                   {"", false, E::kEnterprise},
                   {"firm", false, E::kEnterprise},
                   {"企 业", false, E::kEnterprise}},
                  E::kOther);
}

TEST(DirectoryTest, ParseRegistrationStatusSynonyms) {
  using E = RegistrationStatus;
  ExpectParses<E>(&ParseRegistrationStatus,
                  {{"active", true, E::kActive},
                   {"存续", true, E::kActive},
                   {"在营", true, E::kActive},
                   {"开业", true, E::kActive},
                   {"在业", true, E::kActive},
                   {"在册", true, E::kActive},
                   {"suspended", true, E::kSuspended},
                   {"停业", true, E::kSuspended},
                   {"liquidating", true, E::kLiquidating},
                   {"清算", true, E::kLiquidating},
                   {"清算中", true, E::kLiquidating},
                   {"revoked", true, E::kRevoked},
                   {"吊销", true, E::kRevoked},
                   {"deregistered", true, E::kDeregistered},
                   {"注销", true, E::kDeregistered},
                   {"moved_out", true, E::kMovedOut},
                   {"迁出", true, E::kMovedOut},
                   {" 注销\t", true, E::kDeregistered},
                   {"moved out", false, E::kActive},
                   {"", false, E::kActive}},
                  E::kSuspended);
}

TEST(DirectoryTest, ParseRiskClassSynonyms) {
  using E = RiskClass;
  ExpectParses<E>(&ParseRiskClass,
                  {{"A", true, E::kA},
                   {"b", true, E::kB},
                   {" C ", true, E::kC},
                   {"D", true, E::kD},
                   {"a类", true, E::kA},
                   {"D类", true, E::kD},
                   {"", true, E::kNone},
                   {"  ", true, E::kNone},
                   {"none", true, E::kNone},
                   {"NONE", true, E::kNone},
                   {"未分类", true, E::kNone},
                   {"E", false, E::kNone},
                   {"AB", false, E::kNone},
                   {"1", false, E::kNone}},
                  E::kB);
}

TEST(DirectoryTest, ParseInspectorStatusSynonyms) {
  using E = InspectorStatus;
  ExpectParses<E>(&ParseInspectorStatus,
                  {{"active", true, E::kActive},
                   {"在岗", true, E::kActive},
                   {"在职", true, E::kActive},
                   {"suspended", true, E::kSuspended},
                   {"暂停执法", true, E::kSuspended},
                   {"停职", true, E::kSuspended},
                   {"left", true, E::kLeft},
                   {"调离", true, E::kLeft},
                   {"退休", true, E::kLeft},
                   {"离职", true, E::kLeft},
                   {"调离/退休", true, E::kLeft},
                   {"retired", false, E::kActive},
                   {"", false, E::kActive}},
                  E::kSuspended);
}

TEST(DirectoryTest, ParseCapExemptionSynonyms) {
  using E = CapExemption;
  ExpectParses<E>(&ParseCapExemption,
                  {{"", true, E::kNone},
                   {"none", true, E::kNone},
                   {"无", true, E::kNone},
                   {"national_security", true, E::kNationalSecurity},
                   {"国家安全", true, E::kNationalSecurity},
                   {"public_safety", true, E::kPublicSafety},
                   {"公共安全", true, E::kPublicSafety},
                   {"environment", true, E::kEnvironment},
                   {"生态环境", true, E::kEnvironment},
                   {"life_health", true, E::kLifeHealth},
                   {"人民群众生命健康", true, E::kLifeHealth},
                   {"emergency", true, E::kEmergency},
                   {"突发事件", true, E::kEmergency},
                   {"complaint", true, E::kComplaint},
                   {"投诉举报", true, E::kComplaint},
                   {"safety", false, E::kNone}},
                  E::kComplaint);
}

}  // namespace
}  // namespace sunlit::core
