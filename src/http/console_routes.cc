// The console routes: what the staff console's pages need beyond the workflow and access
// areas. So far the live pool count of the task wizard. Thin: read and check the input, call
// the app/ use case with req.caller(), shape the JSON.
#include <string>
#include <vector>

#include "app/pool_preview.h"
#include "http/routes.h"

namespace sunlit::http {
namespace {

bool ParseRiskLabel(std::string_view s, core::RiskClass* out) {
  if (s == "U") {
    *out = core::RiskClass::kNone;
    return true;
  }
  return s.size() == 1 && core::ParseRiskClass(s, out);
}

template <typename Enum>
std::vector<Enum> EnumList(JsonReader& in, std::string_view field,
                           bool (*parse)(std::string_view, Enum*)) {
  std::vector<Enum> out;
  if (!in.Has(field)) {
    in.Raw(field);
    return out;
  }
  for (const std::string& s : in.Strings(field, {.max_items = 10, .max_chars = 20})) {
    Enum e{};
    if (!parse(s, &e)) {
      in.Fail(field, std::string(field) + ": unknown value \"" + s + "\"");
      return out;
    }
    out.push_back(e);
  }
  return out;
}

std::vector<std::string> OptStrings(JsonReader& in, std::string_view field, ListRule rule) {
  if (!in.Has(field)) {
    in.Raw(field);
    return {};
  }
  return in.Strings(field, rule);
}

const Json kStrings = {{"type", "array"}, {"items", {{"type", "string"}}}};

const Json kPoolPreviewSchema = {
    {"type", "object"},
    {"properties",
     {{"scope",
       {{"type", "object"},
        {"properties",
         {{"region_prefixes", kStrings},
          {"industry_prefixes", kStrings},
          {"types", kStrings},
          {"tags_any", kStrings},
          {"statuses", kStrings},
          {"risks", kStrings}}}}},
      {"stratify", {{"type", "string"}, {"enum", {"risk_class", "none"}}}},
      {"cooldown_days", {{"type", "integer"}}},
      {"annual_cap", {{"type", "boolean"}}},
      {"exclude_codes", kStrings}}}};

}  // namespace

void RegisterConsoleRoutes(Router& router, app::Services& services) {
  app::Services& s = services;
  router.Add(
      {.method = "POST",
       .path = "/api/v1/pool-preview",
       .summary = "Count the pool a draft scope would have if frozen now: per stratum, with "
                  "what the cool-down, annual cap and named codes leave out (nothing stored)",
       .tag = "tasks",
       .access = Access::Permission(app::perm::kTaskWrite),
       .request_schema = kPoolPreviewSchema,
       .max_body = 256 * 1024,
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         app::PoolPreviewRequest r;
         if (in.Has("scope")) {
           in.Object("scope", [&](JsonReader& sc) {
             r.scope.region_prefixes =
                 OptStrings(sc, "region_prefixes", {.max_items = 50, .max_chars = 12});
             r.scope.industry_prefixes =
                 OptStrings(sc, "industry_prefixes", {.max_items = 100, .max_chars = 8});
             r.scope.types = EnumList<core::EntityType>(sc, "types", core::ParseEntityType);
             r.scope.tags_any = OptStrings(sc, "tags_any", {.max_items = 64, .max_chars = 60});
             r.scope.statuses = EnumList<core::RegistrationStatus>(
                 sc, "statuses", core::ParseRegistrationStatus);
             r.scope.risks = EnumList<core::RiskClass>(sc, "risks", ParseRiskLabel);
           });
         } else {
           in.Raw("scope");
         }
         const std::optional<std::string> stratify =
             in.OptEnum("stratify", {"risk_class", "none"});
         r.stratify = stratify.value_or("none") == "risk_class" ? index::Stratify::kRiskClass
                                                                 : index::Stratify::kNone;
         r.cooldown_days = static_cast<int32_t>(in.OptInt("cooldown_days", 0, 3650).value_or(0));
         r.annual_cap = in.OptBool("annual_cap").value_or(false);
         r.exclude_codes = OptStrings(in, "exclude_codes", {.max_items = 10000, .max_chars = 18});
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_ASSIGN_OR_RETURN(app::PoolPreview p, app::PreviewPool(s, req.caller(), r));
         Json strata = Json::object();
         for (const auto& [label, n] : p.strata) strata[label] = n;
         return Json{{"size", p.size},
                     {"strata", strata},
                     {"excluded",
                      {{"cooled_down", p.excluded.cooled_down},
                       {"annual_cap", p.excluded.annual_cap},
                       {"explicit_list", p.excluded.explicit_list}}},
                     {"directory_size", p.directory_size},
                     {"as_of", p.as_of}};
       }});
}

}  // namespace sunlit::http
