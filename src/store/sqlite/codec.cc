// Stored-text forms of directory values; decoding never trusts the database blindly.
#include "store/sqlite/codec.h"

#include <array>

namespace sunlit::store::sqlite {
namespace {

using core::CapExemption;
using core::EntityType;
using core::InspectorStatus;
using core::RegistrationStatus;
using core::RiskClass;

constexpr std::array kEntityTypes = {EntityType::kEnterprise, EntityType::kIndividual,
                                     EntityType::kCooperative, EntityType::kOther};
constexpr std::array kStatuses = {RegistrationStatus::kActive,       RegistrationStatus::kSuspended,
                                  RegistrationStatus::kLiquidating,  RegistrationStatus::kRevoked,
                                  RegistrationStatus::kDeregistered, RegistrationStatus::kMovedOut};
constexpr std::array kRisks = {RiskClass::kNone, RiskClass::kA, RiskClass::kB, RiskClass::kC,
                               RiskClass::kD};
constexpr std::array kInspectorStatuses = {InspectorStatus::kActive, InspectorStatus::kSuspended,
                                           InspectorStatus::kLeft};
constexpr std::array kExemptions = {CapExemption::kNone,         CapExemption::kNationalSecurity,
                                    CapExemption::kPublicSafety, CapExemption::kEnvironment,
                                    CapExemption::kLifeHealth,   CapExemption::kEmergency,
                                    CapExemption::kComplaint};

template <typename E, size_t N>
bool Decode(std::string_view text, const std::array<E, N>& values, E* out) {
  for (E v : values) {
    if (core::WireName(v) == text) {
      *out = v;
      return true;
    }
  }
  return false;
}

}  // namespace

bool DecodeEnum(std::string_view text, EntityType* out) { return Decode(text, kEntityTypes, out); }
bool DecodeEnum(std::string_view text, RegistrationStatus* out) {
  return Decode(text, kStatuses, out);
}
bool DecodeEnum(std::string_view text, RiskClass* out) { return Decode(text, kRisks, out); }
bool DecodeEnum(std::string_view text, InspectorStatus* out) {
  return Decode(text, kInspectorStatuses, out);
}
bool DecodeEnum(std::string_view text, CapExemption* out) { return Decode(text, kExemptions, out); }

void AppendJoined(std::span<const std::string> items, std::string* out) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->append(items[i]);
  }
}

std::string Joined(std::span<const std::string> items) {
  std::string out;
  AppendJoined(items, &out);
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) {
      out.emplace_back(text.substr(start));
      return out;
    }
    out.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
}

bool ListStorable(std::span<const std::string> items) {
  for (const std::string& s : items) {
    if (s.empty() || s.find(',') != std::string::npos) return false;
  }
  return true;
}

void FormatDate(core::Date d, char out[10]) {
  int y = 0, m = 0, day = 0;
  core::CivilFromDays(d.days(), &y, &m, &day);
  if (y < 0 || y > 9999) y = 0;  // outside what Date::Parse accepts; keep the shape
  out[0] = static_cast<char>('0' + y / 1000);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + day / 10);
  out[9] = static_cast<char>('0' + day % 10);
}

std::string DateText(const std::optional<core::Date>& d) {
  if (!d.has_value()) return {};
  char buf[10];
  FormatDate(*d, buf);
  return std::string(buf, sizeof buf);
}

bool DateStorable(core::Date d) {
  static const int32_t kFirst = core::DaysFromCivil(1900, 1, 1);
  static const int32_t kLast = core::DaysFromCivil(2999, 12, 31);
  return d.days() >= kFirst && d.days() <= kLast;
}

bool DecodeDate(std::string_view text, core::Date* out) {
  Result<core::Date> d = core::Date::Parse(text);
  if (!d.ok()) return false;
  *out = *d;
  return true;
}

std::string RegionText(int64_t code) { return code == 0 ? std::string() : std::to_string(code); }

std::string_view BoolText(bool b) { return b ? "yes" : "no"; }

}  // namespace sunlit::store::sqlite
