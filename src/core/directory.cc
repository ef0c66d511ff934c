// Wire names, Chinese labels and lenient parsing of the directory enums.
#include "core/directory.h"

#include <array>
#include <utility>

namespace sunlit::core {
namespace {

std::string_view Trim(std::string_view s) {
  // ASCII whitespace and the ideographic space U+3000 (E3 80 80), common in pasted cells.
  while (true) {
    if (!s.empty() &&
        (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    } else if (s.substr(0, 3) == "\xE3\x80\x80") {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  while (true) {
    if (!s.empty() &&
        (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

// ASCII case-insensitive equality; Chinese text compares byte for byte.
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

template <typename E, size_t N>
bool Lookup(const std::array<std::pair<std::string_view, E>, N>& table, std::string_view s,
            E* out) {
  const std::string_view t = Trim(s);
  for (const auto& [name, value] : table) {
    if (EqualsIgnoreCase(t, name)) {
      *out = value;
      return true;
    }
  }
  return false;
}

using ET = EntityType;
constexpr std::array<std::pair<std::string_view, ET>, 13> kEntityTypes = {{
    {"enterprise", ET::kEnterprise},
    {"企业", ET::kEnterprise},
    {"公司", ET::kEnterprise},
    {"individual", ET::kIndividual},
    {"个体工商户", ET::kIndividual},
    {"个体", ET::kIndividual},
    {"个体户", ET::kIndividual},
    {"cooperative", ET::kCooperative},
    {"农民专业合作社", ET::kCooperative},
    {"合作社", ET::kCooperative},
    {"专业合作社", ET::kCooperative},
    {"other", ET::kOther},
    {"其他", ET::kOther},
}};

using RS = RegistrationStatus;
constexpr std::array<std::pair<std::string_view, RS>, 17> kRegistrationStatuses = {{
    {"active", RS::kActive},
    {"存续", RS::kActive},
    {"在营", RS::kActive},
    {"开业", RS::kActive},
    {"在业", RS::kActive},
    {"在册", RS::kActive},
    {"suspended", RS::kSuspended},
    {"停业", RS::kSuspended},
    {"liquidating", RS::kLiquidating},
    {"清算", RS::kLiquidating},
    {"清算中", RS::kLiquidating},
    {"revoked", RS::kRevoked},
    {"吊销", RS::kRevoked},
    {"deregistered", RS::kDeregistered},
    {"注销", RS::kDeregistered},
    {"moved_out", RS::kMovedOut},
    {"迁出", RS::kMovedOut},
}};

using RC = RiskClass;
constexpr std::array<std::pair<std::string_view, RC>, 12> kRiskClasses = {{
    {"", RC::kNone},
    {"none", RC::kNone},
    {"未分类", RC::kNone},
    {"A", RC::kA},
    {"B", RC::kB},
    {"C", RC::kC},
    {"D", RC::kD},
    {"A类", RC::kA},
    {"B类", RC::kB},
    {"C类", RC::kC},
    {"D类", RC::kD},
    {"无", RC::kNone},
}};

using IS = InspectorStatus;
constexpr std::array<std::pair<std::string_view, IS>, 11> kInspectorStatuses = {{
    {"active", IS::kActive},
    {"在岗", IS::kActive},
    {"在职", IS::kActive},
    {"suspended", IS::kSuspended},
    {"暂停执法", IS::kSuspended},
    {"停职", IS::kSuspended},
    {"left", IS::kLeft},
    {"调离", IS::kLeft},
    {"退休", IS::kLeft},
    {"离职", IS::kLeft},
    {"调离/退休", IS::kLeft},
}};

using CE = CapExemption;
constexpr std::array<std::pair<std::string_view, CE>, 15> kCapExemptions = {{
    {"", CE::kNone},
    {"none", CE::kNone},
    {"无", CE::kNone},
    {"national_security", CE::kNationalSecurity},
    {"国家安全", CE::kNationalSecurity},
    {"public_safety", CE::kPublicSafety},
    {"公共安全", CE::kPublicSafety},
    {"environment", CE::kEnvironment},
    {"生态环境", CE::kEnvironment},
    {"life_health", CE::kLifeHealth},
    {"人民群众生命健康", CE::kLifeHealth},
    {"emergency", CE::kEmergency},
    {"突发事件", CE::kEmergency},
    {"complaint", CE::kComplaint},
    {"投诉举报", CE::kComplaint},
}};

}  // namespace

std::string_view WireName(EntityType v) {
  switch (v) {
    case EntityType::kEnterprise:
      return "enterprise";
    case EntityType::kIndividual:
      return "individual";
    case EntityType::kCooperative:
      return "cooperative";
    case EntityType::kOther:
      return "other";
  }
  return "other";
}

std::string_view WireName(RegistrationStatus v) {
  switch (v) {
    case RegistrationStatus::kActive:
      return "active";
    case RegistrationStatus::kSuspended:
      return "suspended";
    case RegistrationStatus::kLiquidating:
      return "liquidating";
    case RegistrationStatus::kRevoked:
      return "revoked";
    case RegistrationStatus::kDeregistered:
      return "deregistered";
    case RegistrationStatus::kMovedOut:
      return "moved_out";
  }
  return "active";
}

std::string_view WireName(RiskClass v) {
  switch (v) {
    case RiskClass::kNone:
      return "";
    case RiskClass::kA:
      return "A";
    case RiskClass::kB:
      return "B";
    case RiskClass::kC:
      return "C";
    case RiskClass::kD:
      return "D";
  }
  return "";
}

std::string_view WireName(InspectorStatus v) {
  switch (v) {
    case InspectorStatus::kActive:
      return "active";
    case InspectorStatus::kSuspended:
      return "suspended";
    case InspectorStatus::kLeft:
      return "left";
  }
  return "active";
}

std::string_view WireName(CapExemption v) {
  switch (v) {
    case CapExemption::kNone:
      return "none";
    case CapExemption::kNationalSecurity:
      return "national_security";
    case CapExemption::kPublicSafety:
      return "public_safety";
    case CapExemption::kEnvironment:
      return "environment";
    case CapExemption::kLifeHealth:
      return "life_health";
    case CapExemption::kEmergency:
      return "emergency";
    case CapExemption::kComplaint:
      return "complaint";
  }
  return "none";
}

std::string_view ChineseName(EntityType v) {
  switch (v) {
    case EntityType::kEnterprise:
      return "企业";
    case EntityType::kIndividual:
      return "个体工商户";
    case EntityType::kCooperative:
      return "农民专业合作社";
    case EntityType::kOther:
      return "其他";
  }
  return "其他";
}

std::string_view ChineseName(RegistrationStatus v) {
  switch (v) {
    case RegistrationStatus::kActive:
      return "存续";
    case RegistrationStatus::kSuspended:
      return "停业";
    case RegistrationStatus::kLiquidating:
      return "清算中";
    case RegistrationStatus::kRevoked:
      return "吊销";
    case RegistrationStatus::kDeregistered:
      return "注销";
    case RegistrationStatus::kMovedOut:
      return "迁出";
  }
  return "存续";
}

std::string_view ChineseName(InspectorStatus v) {
  switch (v) {
    case InspectorStatus::kActive:
      return "在岗";
    case InspectorStatus::kSuspended:
      return "暂停执法";
    case InspectorStatus::kLeft:
      return "调离/退休";
  }
  return "在岗";
}

std::string_view ChineseName(CapExemption v) {
  switch (v) {
    case CapExemption::kNone:
      return "无";
    case CapExemption::kNationalSecurity:
      return "国家安全";
    case CapExemption::kPublicSafety:
      return "公共安全";
    case CapExemption::kEnvironment:
      return "生态环境";
    case CapExemption::kLifeHealth:
      return "人民群众生命健康";
    case CapExemption::kEmergency:
      return "突发事件";
    case CapExemption::kComplaint:
      return "投诉举报";
  }
  return "无";
}

bool ParseEntityType(std::string_view s, EntityType* out) { return Lookup(kEntityTypes, s, out); }
bool ParseRegistrationStatus(std::string_view s, RegistrationStatus* out) {
  return Lookup(kRegistrationStatuses, s, out);
}
bool ParseRiskClass(std::string_view s, RiskClass* out) { return Lookup(kRiskClasses, s, out); }
bool ParseInspectorStatus(std::string_view s, InspectorStatus* out) {
  return Lookup(kInspectorStatuses, s, out);
}
bool ParseCapExemption(std::string_view s, CapExemption* out) {
  return Lookup(kCapExemptions, s, out);
}

}  // namespace sunlit::core
