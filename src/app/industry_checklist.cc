// 一业一查 checklist: take each item's latest version, filter by industry/tag overlap, keep one
// entry per (department, code) in a stable order.
#include "app/industry_checklist.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include "core/industry.h"

namespace sunlit::app {
namespace {

bool IsSection(std::string_view p) { return p.size() == 1 && p[0] >= 'A' && p[0] <= 'Z'; }

// True when some class lies within both prefixes.
bool Overlaps(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  if (IsSection(a) && IsSection(b)) return a == b;
  if (IsSection(a) || IsSection(b)) {
    const std::string_view section = IsSection(a) ? a : b;
    const std::string_view digits = IsSection(a) ? b : a;
    return core::IndustryTree::Builtin().SectionOf(digits) == section;
  }
  const size_t n = std::min(a.size(), b.size());
  return a.substr(0, n) == b.substr(0, n);
}

bool IndustryCovered(const core::InspectionItem& item, const std::vector<std::string>& prefixes) {
  if (item.industry_prefixes.empty()) return true;
  for (const std::string& mine : item.industry_prefixes) {
    for (const std::string& given : prefixes) {
      if (Overlaps(mine, given)) return true;
    }
  }
  return false;
}

bool TagsCovered(const core::InspectionItem& item, const std::vector<std::string>& tags) {
  if (item.tags.empty()) return true;
  for (const std::string& mine : item.tags) {
    if (std::find(tags.begin(), tags.end(), mine) != tags.end()) return true;
  }
  return false;
}

}  // namespace

std::vector<ChecklistEntry> BuildIndustryChecklist(
    const std::vector<core::InspectionItem>& items,
    const std::vector<std::string>& industry_prefixes, const std::vector<std::string>& tags) {
  // (department, code) -> its latest version; that version alone decides (a voided latest
  // version withdraws the item even if an older version was valid).
  std::map<std::pair<std::string, std::string>, const core::InspectionItem*> latest;
  for (const core::InspectionItem& item : items) {
    const core::InspectionItem*& slot = latest[{item.department_code, item.code}];
    if (slot == nullptr || item.version > slot->version) slot = &item;
  }
  std::map<std::pair<std::string, std::string>, const core::InspectionItem*> chosen;
  for (const auto& [key, item] : latest) {
    if (item->valid && IndustryCovered(*item, industry_prefixes) && TagsCovered(*item, tags)) {
      chosen.emplace(key, item);
    }
  }
  std::vector<ChecklistEntry> out;
  out.reserve(chosen.size());
  for (const auto& [key, item] : chosen) {
    out.push_back({key.first, key.second, item->name});
  }
  return out;
}

}  // namespace sunlit::app
