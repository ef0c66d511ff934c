// The two directories (两库) and the item lists (一单): plain value types shared by every
// layer. Validation rules live in directory_rules.h; storage in store/.
#ifndef SUNLIT_CORE_DIRECTORY_H_
#define SUNLIT_CORE_DIRECTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace sunlit::core {

// 主体类型. Stable wire names in parentheses (CSV, JSON, database).
enum class EntityType {
  kEnterprise,   // 企业 (enterprise)
  kIndividual,   // 个体工商户 (individual)
  kCooperative,  // 农民专业合作社 (cooperative)
  kOther,        // 其他 (other): institutions, social organisations …
};

// 登记状态.
enum class RegistrationStatus {
  kActive,        // 存续（在营、开业、在册） (active)
  kSuspended,     // 停业 (suspended)
  kLiquidating,   // 清算中 (liquidating)
  kRevoked,       // 吊销 (revoked)
  kDeregistered,  // 注销 (deregistered)
  kMovedOut,      // 迁出 (moved_out)
};

// Credit-risk class under 国市监信发〔2022〕6号; kNone = not yet classified.
enum class RiskClass { kNone, kA, kB, kC, kD };

// 执法人员状态.
enum class InspectorStatus {
  kActive,     // 在岗 (active)
  kSuspended,  // 暂停执法 (suspended)
  kLeft,       // 调离/退休 (left)
};

// Categories whose items are exempt from the "one joint industry check per entity per year"
// cap (一业一查: national security, public safety, environment, life and health, emergencies,
// complaint-driven checks).
enum class CapExemption {
  kNone,               // (none)
  kNationalSecurity,   // 国家安全 (national_security)
  kPublicSafety,       // 公共安全 (public_safety)
  kEnvironment,        // 生态环境 (environment)
  kLifeHealth,         // 人民群众生命健康 (life_health)
  kEmergency,          // 突发事件 (emergency)
  kComplaint,          // 投诉举报 (complaint)
};

// Each enum has a wire name (English, lower case) and a Chinese label; Parse* accepts either
// (and a few common synonyms, documented in docs/formats.md) and returns false when unknown.
std::string_view WireName(EntityType v);
std::string_view WireName(RegistrationStatus v);
std::string_view WireName(RiskClass v);
std::string_view WireName(InspectorStatus v);
std::string_view WireName(CapExemption v);
std::string_view ChineseName(EntityType v);
std::string_view ChineseName(RegistrationStatus v);
std::string_view ChineseName(InspectorStatus v);
std::string_view ChineseName(CapExemption v);
bool ParseEntityType(std::string_view s, EntityType* out);
bool ParseRegistrationStatus(std::string_view s, RegistrationStatus* out);
bool ParseRiskClass(std::string_view s, RiskClass* out);
bool ParseInspectorStatus(std::string_view s, InspectorStatus* out);
bool ParseCapExemption(std::string_view s, CapExemption* out);

// A department (市场监管局, 消防救援, 卫生健康委 …) and its units (科室/市场监管所/大队).
struct Department {
  std::string code;  // e.g. "SCJG" (unique)
  std::string name;
  bool market_supervision = false;  // the bureau itself, as opposed to a partner department
};

struct Unit {
  std::string code;  // unique across departments, e.g. "SCJG-430302-01"
  std::string name;
  std::string department_code;
  int32_t region = 0;  // GB/T 2260 code of the area it covers
};

// 检查对象: one market entity.
struct Entity {
  int64_t id = 0;            // store-assigned
  std::string code;          // 统一社会信用代码, normalised, checksum-valid
  std::string name;
  EntityType type = EntityType::kEnterprise;
  RegistrationStatus status = RegistrationStatus::kActive;
  int32_t region = 0;        // registered region, six-digit GB/T 2260 county code
  std::string industry;      // GB/T 4754-2017 class (4 digits), group or division
  std::string unit_code;     // 属地监管单位; empty when not assigned
  std::vector<std::string> tags;  // regulatory tags (special libraries), sorted, unique
  RiskClass risk = RiskClass::kNone;
  std::optional<Date> last_inspected;
  std::string address;
};

// 执法检查人员.
struct Inspector {
  int64_t id = 0;
  std::string code;            // 人员编号, unique
  std::string name;
  std::string department_code;
  std::string unit_code;
  int32_t region = 0;
  std::string certificate_no;  // 执法证号, unique among active inspectors
  std::optional<Date> certificate_expiry;
  std::vector<std::string> qualifications;  // qualification tags, sorted, unique
  bool expert = false;
  bool leader = false;
  InspectorStatus status = InspectorStatus::kActive;
};

// 抽查事项: one item of a department's list.
struct InspectionItem {
  int64_t id = 0;
  std::string department_code;
  std::string code;         // 事项编码, unique within the department
  std::string name;
  std::string legal_basis;  // 抽查依据
  std::vector<EntityType> object_types;       // empty = every type
  std::vector<std::string> industry_prefixes;  // GB/T 4754 prefixes; empty = every industry
  std::vector<std::string> tags;               // regulatory tags; empty = no tag required
  std::string method;                          // 检查方式
  std::string qualification;                   // required inspector qualification; empty = none
  CapExemption exemption = CapExemption::kNone;
  bool valid = true;  // false = 已作废 (void)
  int32_t version = 1;
};

// GB/T 2260 region and GB/T 4754 industry rows as stored.
struct RegionRow {
  int32_t code = 0;
  std::string name;
  int level = 0;  // 1 province, 2 prefecture, 3 county
  int32_t parent = 0;
};

struct IndustryRow {
  std::string code;  // "F", "52", "521", "5211"
  std::string name;
  int level = 0;     // 1 section, 2 division, 3 group, 4 class
  std::string parent;
};

}  // namespace sunlit::core

#endif  // SUNLIT_CORE_DIRECTORY_H_
