// 一业一查: the merged checklist of one industry (seed 000, Yizhang) — every valid item of every
// department that would apply to an entity of that industry, so that one joint team checks
// them all in one visit ("进一次门、查多项事"). Pure function, no I/O.
#ifndef SUNLIT_APP_INDUSTRY_CHECKLIST_H_
#define SUNLIT_APP_INDUSTRY_CHECKLIST_H_

#include <string>
#include <vector>

#include "core/directory.h"

namespace sunlit::app {

struct ChecklistEntry {
  std::string department_code;
  std::string item_code;
  std::string item_name;
};

// The checklist for entities whose industry lies within one of `industry_prefixes` (canonical
// GB/T 4754 prefixes: a section letter or 2–4 digits, e.g. {"5265"}) and that carry `tags`
// (e.g. {"fuel_retail"}). An item is on the list when it is valid and both
//   - it names no industry, or one of its prefixes overlaps a given prefix in either direction
//     ("52" covers "5265", and "5265" is within "52"; a section letter overlaps the digits of
//     its own section per IndustryTree::Builtin()), and
//   - it names no tag, or one of its tags is among `tags`.
// So either argument may be empty: with no prefixes only items that name no industry pass
// the industry test, with no tags only items that name no tag pass the tag test. Object
// types are not considered (an industry holds entities of every type).
//
// Duplicates: one entry per (department, item code). When `items` holds several versions of
// an item, the highest version alone decides (a void latest version withdraws the item) and
// supplies the name; exact duplicates collapse. Items of different departments are
// never merged, even with the same name: each department stays accountable for its own check
// and its own result record (谁检查、谁录入、谁公开).
// Order: by department code, then item code (byte order), so the list is stable.
std::vector<ChecklistEntry> BuildIndustryChecklist(
    const std::vector<core::InspectionItem>& items,
    const std::vector<std::string>& industry_prefixes, const std::vector<std::string>& tags);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_INDUSTRY_CHECKLIST_H_
