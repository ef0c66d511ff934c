// GB/T 2260 region tree: code shapes, filter prefixes, building and parsing the region table.
#include "core/region.h"

#include <algorithm>
#include <cassert>

#include "core/embedded_data.h"

namespace sunlit::core {
namespace {

constexpr int32_t kMinCode = 110000;
constexpr int32_t kMaxCode = 829999;

// Value of an all-digit string (at most 9 digits), or -1.
int32_t DigitsValue(std::string_view s) {
  if (s.empty() || s.size() > 9) return -1;
  int32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string LevelName(int level) {
  switch (level) {
    case 1:
      return "province";
    case 2:
      return "prefecture";
    case 3:
      return "county";
    default:
      return "none";
  }
}

// The inclusive code range covered by a canonical prefix; false when `prefix` is not one.
bool PrefixRange(std::string_view prefix, int32_t* lo, int32_t* hi) {
  const int32_t v = DigitsValue(prefix);
  if (v < 0) return false;
  switch (prefix.size()) {
    case 2:
      *lo = v * 10000;
      *hi = *lo + 9999;
      return true;
    case 4:
      *lo = v * 100;
      *hi = *lo + 99;
      return true;
    case 6:
      *lo = *hi = v;
      return true;
    default:
      return false;
  }
}

}  // namespace

int RegionLevelOf(int32_t code) {
  if (code < kMinCode || code > kMaxCode) return 0;
  if (code % 10000 == 0) return 1;
  if (code % 100 == 0) return 2;
  return 3;
}

int32_t RegionParentOf(int32_t code) {
  switch (RegionLevelOf(code)) {
    case 2:
      return code / 10000 * 10000;
    case 3:
      return code / 100 * 100;
    default:
      return 0;
  }
}

Result<std::string> CanonicalRegionPrefix(std::string_view text) {
  const std::string_view t = TrimSpaces(text);
  const std::string quoted = "'" + std::string(t) + "'";
  const int32_t v = DigitsValue(t);
  if (v < 0 || (t.size() != 2 && t.size() != 4 && t.size() != 6)) {
    return InvalidArgument("region " + quoted +
                           " must be 2, 4 or 6 digits (e.g. 43, 4303, 430302)");
  }
  if (t.size() == 6) {
    const int level = RegionLevelOf(v);
    if (level == 0) return InvalidArgument("region " + quoted + " is not a GB/T 2260 code");
    return std::string(t.substr(0, level == 1 ? 2 : level == 2 ? 4 : 6));
  }
  if (RegionLevelOf(DigitsValue(t.substr(0, 2)) * 10000) != 1) {
    return InvalidArgument("region " + quoted + " does not start with a province code (11-82)");
  }
  if (t.size() == 4 && t.substr(2) == "00") {
    return InvalidArgument("region " + quoted +
                           " is not a prefecture prefix (write the province as 2 digits)");
  }
  return std::string(t);
}

bool RegionMatches(int32_t code, std::string_view prefix) {
  int32_t lo = 0;
  int32_t hi = 0;
  if (!PrefixRange(prefix, &lo, &hi)) return false;
  return code >= lo && code <= hi;
}

Result<RegionTree> RegionTree::Build(std::vector<RegionRow> rows) {
  std::sort(rows.begin(), rows.end(),
            [](const RegionRow& a, const RegionRow& b) { return a.code < b.code; });
  RegionTree tree;
  for (size_t i = 0; i < rows.size(); ++i) {
    RegionRow& r = rows[i];
    const std::string code = std::to_string(r.code);
    const int level = RegionLevelOf(r.code);
    if (level == 0) return InvalidArgument("region " + code + " is not a GB/T 2260 code");
    if (r.name.empty()) return InvalidArgument("region " + code + " has no name");
    if (i > 0 && rows[i - 1].code == r.code) {
      return InvalidArgument("region " + code + " is listed twice");
    }
    if (r.level != 0 && r.level != level) {
      return InvalidArgument("region " + code + " is given level " + std::to_string(r.level) +
                             " but its code is a " + LevelName(level) + " code");
    }
    const int32_t parent = RegionParentOf(r.code);
    if (r.parent != 0 && r.parent != parent) {
      return InvalidArgument("region " + code + " is given parent " + std::to_string(r.parent) +
                             " but its code says " + std::to_string(parent));
    }
    r.level = level;
    r.parent = parent;
    tree.index_.emplace(r.code, i);
  }
  for (const RegionRow& r : rows) {
    if (r.parent != 0 && tree.index_.count(r.parent) == 0) {
      return InvalidArgument("region " + std::to_string(r.code) + " (" + r.name +
                             ") has no parent: " + std::to_string(r.parent) + " is missing");
    }
  }
  tree.rows_ = std::move(rows);
  return tree;
}

Result<RegionTree> RegionTree::ParseTsv(std::string_view text) {
  std::vector<RegionRow> rows;
  int line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimSpaces(line).empty() || TrimSpaces(line).front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return InvalidArgument(where + "expected code<TAB>name");
    }
    const std::string_view code_text = TrimSpaces(line.substr(0, tab));
    const std::string_view name = TrimSpaces(line.substr(tab + 1));
    const int32_t code = code_text.size() == 6 ? DigitsValue(code_text) : -1;
    if (RegionLevelOf(code) == 0) {
      return InvalidArgument(where + "'" + std::string(code_text) +
                             "' is not a six-digit GB/T 2260 code");
    }
    if (name.empty())
      return InvalidArgument(where + "region " + std::string(code_text) + " has no name");
    if (name.find('\t') != std::string_view::npos) {
      return InvalidArgument(where + "expected exactly two columns, code<TAB>name");
    }
    rows.push_back(RegionRow{code, std::string(name), 0, 0});
  }
  return Build(std::move(rows));
}

const RegionTree& RegionTree::Builtin() {
  static const RegionTree tree = [] {
    Result<RegionTree> r = ParseTsv(embedded::Find("regions-hunan.tsv"));
    assert(r.ok());  // the table is checked by region_test; an error is a build defect
    return r.ok() ? std::move(r).value() : RegionTree();
  }();
  return tree;
}

const RegionRow* RegionTree::Find(int32_t code) const {
  const auto it = index_.find(code);
  return it == index_.end() ? nullptr : &rows_[it->second];
}

const RegionRow* RegionTree::Parent(int32_t code) const {
  const RegionRow* r = Find(code);
  return r == nullptr ? nullptr : Find(r->parent);
}

std::vector<const RegionRow*> RegionTree::Children(int32_t code) const {
  std::vector<const RegionRow*> out;
  const int level = RegionLevelOf(code);
  if (level == 0 || level == 3) return out;
  const int32_t hi = level == 1 ? code + 9999 : code + 99;
  for (auto it = index_.upper_bound(code); it != index_.end() && it->first <= hi; ++it) {
    const RegionRow& r = rows_[it->second];
    if (r.parent == code) out.push_back(&r);
  }
  return out;
}

std::vector<const RegionRow*> RegionTree::CountiesWithin(std::string_view prefix) const {
  std::vector<const RegionRow*> out;
  int32_t lo = 0;
  int32_t hi = 0;
  if (!PrefixRange(prefix, &lo, &hi)) return out;
  for (auto it = index_.lower_bound(lo); it != index_.end() && it->first <= hi; ++it) {
    const RegionRow& r = rows_[it->second];
    if (r.level == 3) out.push_back(&r);
  }
  return out;
}

std::string RegionTree::FullName(int32_t code) const {
  std::vector<const RegionRow*> chain;
  for (const RegionRow* r = Find(code); r != nullptr; r = Find(r->parent)) chain.push_back(r);
  std::string name;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) name += (*it)->name;
  return name;
}

}  // namespace sunlit::core
