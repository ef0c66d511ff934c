// Item lists (抽查事项清单, "一单") and persisted, versioned industry checklists (一业一查,
// seed 000): the merged list of every department's items that apply to one industry, built
// by BuildIndustryChecklist (industry_checklist.h) from the current item lists and stored as
// a new version whenever its definition or its merged entries change, each version logged.
// A joint_industry task takes its items from a checklist version (app/tasks.h).
//
// Reading is public (item lists and checklists are published, 双随机、一公开: 抽查事项清单
// 向社会公示); saving a checklist needs items.write by a market-supervision department or with
// scope kAll (the bureau leads 一业一查, "市场监管部门牵头调度").
//
// Errors: kInvalidArgument naming the field; kNotFound for an unknown checklist, version or
// department; kPermissionDenied / kUnauthenticated from the Caller; store errors.
// Thread safety: every function may be called concurrently.
#ifndef SUNLIT_APP_CHECKLISTS_H_
#define SUNLIT_APP_CHECKLISTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "core/directory.h"
#include "core/result.h"
#include "store/store.h"

namespace sunlit::app {

// One item of a checklist, with the department that owns it (谁检查、谁录入、谁公开) and what
// a task needs from it.
struct ChecklistItem {
  std::string department_code;
  std::string item_code;
  int32_t item_version = 0;
  std::string name;
  std::string legal_basis;
  std::string method;
  std::string qualification;
  core::CapExemption exemption = core::CapExemption::kNone;
};

struct ChecklistDefinition {
  std::string code;                            // 1–40 of a–z 0–9 - _, e.g. "fuel-station"
  std::string name;                            // e.g. "加油站", 1–100 bytes
  std::vector<std::string> industry_prefixes;  // GB/T 4754 prefixes; canonicalised
  std::vector<std::string> tags;               // regulatory tags
};

struct IndustryChecklist {
  ChecklistDefinition definition;
  int32_t version = 0;
  std::vector<ChecklistItem> items;      // by department code, then item code
  std::vector<std::string> departments;  // owning at least one item, sorted
  bool cap_exempt = false;               // every item is of an exempt category
  std::string entries_hash;              // hex SHA-256 of the stored entries JSON
  std::string created_at;
  std::string created_by;
};

struct SavedChecklist {
  IndustryChecklist checklist;
  bool new_version = false;  // false: identical to the latest version, nothing stored
};

// Builds the checklist of `definition` from the current item lists. Stores it as version
// latest + 1 (1 for a new code) unless the latest version has the same definition and
// entries; logs checklist_version (code, version, entries hash, departments, item count).
// kFailedPrecondition when no valid item matches.
Result<SavedChecklist> SaveChecklist(Services& s, const Caller& caller,
                                     const ChecklistDefinition& definition);
// A stored version (0 = the latest).
Result<IndustryChecklist> GetChecklist(Services& s, std::string_view code, int32_t version = 0);
// The latest version of every checklist, by code.
Result<std::vector<IndustryChecklist>> ListChecklists(Services& s);
// GetChecklist inside a caller's transaction (used by app/tasks).
Result<IndustryChecklist> LoadChecklistIn(store::Transaction& tx, std::string_view code,
                                          int32_t version);

// A department's current item list (void items included, marked), by item code.
// kNotFound for an unknown department.
Result<std::vector<core::InspectionItem>> ListItems(Services& s, std::string_view department);
// Every stored version of one item, oldest first; kNotFound when there is none.
Result<std::vector<core::InspectionItem>> ItemHistory(Services& s, std::string_view department,
                                                      std::string_view code);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_CHECKLISTS_H_
