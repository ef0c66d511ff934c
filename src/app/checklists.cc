// Industry checklists: build from the current item lists, store a version only when something
// changed, log it. Item list reads. nlohmann/json stays in this file.
#include "app/checklists.h"

#include <algorithm>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/industry_checklist.h"
#include "app/reference.h"
#include "app/task_internal.h"
#include "draw/sha256.h"
#include "store/repo/workflow_repo.h"

namespace sunlit::app {
namespace {

using Json = nlohmann::json;

Status ValidateCode(std::string_view code) {
  if (code.empty() || code.size() > 40) {
    return InvalidArgument("the checklist code must be 1 to 40 characters");
  }
  for (const char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return InvalidArgument("the checklist code may hold only a-z, 0-9, - and _");
    }
  }
  return Status::Ok();
}

Json ItemsJson(const std::vector<ChecklistItem>& items) {
  Json j = Json::array();
  for (const ChecklistItem& i : items) {
    j.push_back({{"department", i.department_code},
                 {"item", i.item_code},
                 {"version", i.item_version},
                 {"name", i.name},
                 {"legal_basis", i.legal_basis},
                 {"method", i.method},
                 {"qualification", i.qualification},
                 {"exemption", std::string(core::WireName(i.exemption))}});
  }
  return j;
}

void Derive(IndustryChecklist* c) {
  std::set<std::string> departments;
  bool all_exempt = !c->items.empty();
  for (const ChecklistItem& i : c->items) {
    departments.insert(i.department_code);
    all_exempt = all_exempt && i.exemption != core::CapExemption::kNone;
  }
  c->departments.assign(departments.begin(), departments.end());
  c->cap_exempt = all_exempt;
}

Result<IndustryChecklist> FromRow(const store::ChecklistRow& row) {
  IndustryChecklist c;
  c.definition.code = row.code;
  c.definition.name = row.name;
  c.version = row.version;
  c.entries_hash = row.entries_hash;
  c.created_at = row.created_at;
  c.created_by = row.created_by;
  try {
    c.definition.industry_prefixes =
        Json::parse(row.industry_prefixes).get<std::vector<std::string>>();
    c.definition.tags = Json::parse(row.tags).get<std::vector<std::string>>();
    for (const Json& e : Json::parse(row.entries)) {
      ChecklistItem i;
      i.department_code = e.at("department").get<std::string>();
      i.item_code = e.at("item").get<std::string>();
      i.item_version = e.at("version").get<int32_t>();
      i.name = e.at("name").get<std::string>();
      i.legal_basis = e.at("legal_basis").get<std::string>();
      i.method = e.at("method").get<std::string>();
      i.qualification = e.at("qualification").get<std::string>();
      if (!core::ParseCapExemption(e.at("exemption").get<std::string>(), &i.exemption)) {
        throw std::runtime_error("exemption");
      }
      c.items.push_back(std::move(i));
    }
  } catch (const std::exception& e) {
    return DataLoss("stored data is damaged", "checklist " + row.code + ": " + e.what());
  }
  Derive(&c);
  return c;
}

}  // namespace

Result<IndustryChecklist> LoadChecklistIn(store::Transaction& tx, std::string_view code,
                                          int32_t version) {
  std::optional<store::ChecklistRow> row;
  if (version <= 0) {
    SUNLIT_ASSIGN_OR_RETURN(row, store::LatestChecklist(tx.sql(), code));
  } else {
    SUNLIT_ASSIGN_OR_RETURN(row, store::GetChecklist(tx.sql(), code, version));
  }
  if (!row.has_value()) {
    return NotFound("there is no checklist " + std::string(code) +
                    (version > 0 ? " version " + std::to_string(version) : ""));
  }
  return FromRow(*row);
}

Result<SavedChecklist> SaveChecklist(Services& s, const Caller& caller,
                                     const ChecklistDefinition& definition) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kItemsWrite));
  SUNLIT_RETURN_IF_ERROR(ValidateCode(definition.code));
  SUNLIT_RETURN_IF_ERROR(internal::ValidateText("the checklist name", definition.name, 100, true));
  if (definition.industry_prefixes.empty() && definition.tags.empty()) {
    return InvalidArgument("a checklist needs industry prefixes or regulatory tags");
  }
  if (definition.industry_prefixes.size() > 50 || definition.tags.size() > 50) {
    return InvalidArgument("a checklist names at most 50 industry prefixes and 50 tags");
  }
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  // The bureau leads 一业一查: a market-supervision department, or scope kAll.
  bool allowed = caller.ScopeOf(perm::kItemsWrite) == Scope::kAll;
  if (auto it = ref.departments.find(caller.department_code);
      it != ref.departments.end() && it->second.market_supervision) {
    allowed = allowed || caller.CanIn(perm::kItemsWrite, caller.department_code);
  }
  if (!allowed) {
    return PermissionDenied("industry checklists are kept by the market supervision bureau",
                            "items.write outside a market-supervision department");
  }

  IndustryChecklist c;
  c.definition.code = definition.code;
  c.definition.name = definition.name;
  std::set<std::string> prefixes, tags;
  for (const std::string& p : definition.industry_prefixes) {
    Result<std::string> canonical = ref.industries.CanonicalPrefix(p);
    if (!canonical.ok()) {
      return InvalidArgument("industry prefix \"" + p.substr(0, 20) +
                             "\": " + canonical.status().message());
    }
    prefixes.insert(*canonical);
  }
  for (const std::string& t : definition.tags) {
    SUNLIT_RETURN_IF_ERROR(internal::ValidateText("a tag", t, 60, true));
    tags.insert(t);
  }
  c.definition.industry_prefixes.assign(prefixes.begin(), prefixes.end());
  c.definition.tags.assign(tags.begin(), tags.end());

  std::vector<core::InspectionItem> items;
  SUNLIT_RETURN_IF_ERROR(tx->ScanItems([&](const core::InspectionItem& i) {
    items.push_back(i);
    return true;
  }));
  std::map<std::pair<std::string, std::string>, const core::InspectionItem*> by_key;
  for (const core::InspectionItem& i : items) by_key[{i.department_code, i.code}] = &i;
  for (const ChecklistEntry& e :
       BuildIndustryChecklist(items, c.definition.industry_prefixes, c.definition.tags)) {
    const core::InspectionItem& i = *by_key.at({e.department_code, e.item_code});
    c.items.push_back({i.department_code, i.code, i.version, i.name, i.legal_basis, i.method,
                       i.qualification, i.exemption});
  }
  if (c.items.empty()) {
    return FailedPrecondition("no valid item of any department applies to this industry");
  }
  Derive(&c);

  Result<std::string> entries = [&]() -> Result<std::string> {
    try {
      return ItemsJson(c.items).dump();
    } catch (const std::exception&) {
      return InvalidArgument("an item is not valid UTF-8");
    }
  }();
  if (!entries.ok()) return entries.status();
  const std::string prefixes_json = Json(c.definition.industry_prefixes).dump();
  const std::string tags_json = Json(c.definition.tags).dump();
  c.entries_hash = draw::ToHex(draw::Sha256Of(*entries));

  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::ChecklistRow> latest,
                          store::LatestChecklist(tx->sql(), c.definition.code));
  if (latest.has_value() && latest->name == c.definition.name &&
      latest->industry_prefixes == prefixes_json && latest->tags == tags_json &&
      latest->entries_hash == c.entries_hash) {
    SUNLIT_ASSIGN_OR_RETURN(IndustryChecklist same, FromRow(*latest));
    return SavedChecklist{std::move(same), false};
  }
  store::ChecklistRow row;
  row.code = c.definition.code;
  row.version = latest.has_value() ? latest->version + 1 : 1;
  row.name = c.definition.name;
  row.industry_prefixes = prefixes_json;
  row.tags = tags_json;
  row.entries = *entries;
  row.entries_hash = c.entries_hash;
  row.created_at = now;
  row.created_by = caller.Actor();
  SUNLIT_RETURN_IF_ERROR(store::InsertChecklist(tx->sql(), row).status());
  c.version = row.version;
  c.created_at = now;
  c.created_by = row.created_by;
  Json body = {{"code", row.code},           {"version", row.version},
               {"name", row.name},           {"industry_prefixes", c.definition.industry_prefixes},
               {"tags", c.definition.tags},  {"entries_hash", c.entries_hash},
               {"items", c.items.size()},    {"departments", c.departments},
               {"cap_exempt", c.cap_exempt}, {"actor", row.created_by}};
  SUNLIT_RETURN_IF_ERROR(
      internal::Log(*s.ledger, *tx, "checklist_version", "checklist:" + row.code, body.dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return SavedChecklist{std::move(c), true};
}

Result<IndustryChecklist> GetChecklist(Services& s, std::string_view code, int32_t version) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  return LoadChecklistIn(*tx, code, version);
}

Result<std::vector<IndustryChecklist>> ListChecklists(Services& s) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::ChecklistRow> rows, store::ListChecklists(tx->sql()));
  std::vector<IndustryChecklist> out;
  for (const store::ChecklistRow& row : rows) {
    SUNLIT_ASSIGN_OR_RETURN(IndustryChecklist c, FromRow(row));
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<core::InspectionItem>> ListItems(Services& s, std::string_view department) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<core::Department> departments, tx->LoadDepartments());
  if (std::none_of(departments.begin(), departments.end(),
                   [&](const core::Department& d) { return d.code == department; })) {
    return NotFound("there is no department " + std::string(department));
  }
  std::vector<core::InspectionItem> out;
  SUNLIT_RETURN_IF_ERROR(tx->ScanItems([&](const core::InspectionItem& i) {
    if (i.department_code == department) out.push_back(i);
    return true;
  }));
  std::sort(
      out.begin(), out.end(),
      [](const core::InspectionItem& a, const core::InspectionItem& b) { return a.code < b.code; });
  return out;
}

Result<std::vector<core::InspectionItem>> ItemHistory(Services& s, std::string_view department,
                                                      std::string_view code) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<core::InspectionItem> versions,
                          tx->ItemVersions(department, code));
  if (versions.empty()) {
    return NotFound("there is no item " + std::string(code) + " of " + std::string(department));
  }
  return versions;
}

}  // namespace sunlit::app
