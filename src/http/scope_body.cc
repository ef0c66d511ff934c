#include "http/scope_body.h"

namespace sunlit::http {

bool ParseRiskLabel(std::string_view s, core::RiskClass* out) {
  if (s == "U") {
    *out = core::RiskClass::kNone;
    return true;
  }
  return s.size() == 1 && core::ParseRiskClass(s, out);
}

app::PoolScope ReadPoolScope(JsonReader& in) {
  app::PoolScope scope;
  if (!in.Has("scope")) {
    in.Raw("scope");
    return scope;
  }
  in.Object("scope", [&](JsonReader& s) {
    scope.region_prefixes = OptStrings(s, "region_prefixes", {.max_items = 50, .max_chars = 12});
    scope.industry_prefixes =
        OptStrings(s, "industry_prefixes", {.max_items = 100, .max_chars = 8});
    scope.types = EnumList<core::EntityType>(s, "types", core::ParseEntityType);
    scope.tags_any = OptStrings(s, "tags_any", {.max_items = 64, .max_chars = 60});
    if (s.Has("statuses")) {
      scope.statuses =
          EnumList<core::RegistrationStatus>(s, "statuses", core::ParseRegistrationStatus);
    } else {
      s.Raw("statuses");
    }
    scope.risks = EnumList<core::RiskClass>(s, "risks", ParseRiskLabel);
  });
  return scope;
}

}  // namespace sunlit::http
