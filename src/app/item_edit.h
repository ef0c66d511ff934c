// Creating and versioning one inspection item (抽查事项) from the console. The item goes
// through the item import (a one-row file of the import columns), so a form is held to
// exactly the rules of `sunlit import items`; a changed item becomes version + 1 and its
// previous version stays (store::Transaction::UpsertItems), an unchanged one is left alone.
// Permission items.write in the item's department (docs/access.md).
// Thread-safety: may be called concurrently.
#ifndef SUNLIT_APP_ITEM_EDIT_H_
#define SUNLIT_APP_ITEM_EDIT_H_

#include <string>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "core/result.h"

namespace sunlit::app {

// The import columns of one item (docs/formats.md), as text.
struct ItemEdit {
  std::string department;
  std::string code;
  std::string name;
  std::string legal_basis;
  std::vector<std::string> object_types;  // wire or Chinese names; empty = every type
  std::vector<std::string> industries;    // GB/T 4754 prefixes; empty = every industry
  std::vector<std::string> tags;
  std::string method;
  std::string qualification;
  std::string exemption;  // "" = none
  bool valid = true;
};

struct SavedItem {
  bool created = false;
  bool changed = false;  // a new version was stored (always for a new item)
};

// kInvalidArgument naming the field (the import column) for the first problem; list items
// must not contain the list separators , ; | ，；、.
Result<SavedItem> SaveItem(Services& s, const Caller& caller, const ItemEdit& item);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_ITEM_EDIT_H_
