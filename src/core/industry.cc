// GB/T 4754-2017 industry tree: code shapes, filter prefixes, building and parsing the table.
#include "core/industry.h"

#include <algorithm>
#include <cassert>

#include "core/embedded_data.h"

namespace sunlit::core {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The parent a code's shape implies: a group's division, a class's group. Sections and
// divisions have no shape parent (a division's section comes from the data).
std::string ShapeParent(std::string_view code, int level) {
  if (level == 3 || level == 4) return std::string(code.substr(0, code.size() - 1));
  return {};
}

}  // namespace

int IndustryLevelOf(std::string_view code) {
  if (code.size() == 1 && code[0] >= 'A' && code[0] <= 'T') return 1;
  if (code.size() >= 2 && code.size() <= 4 && AllDigits(code)) {
    return static_cast<int>(code.size());
  }
  return 0;
}

Result<IndustryTree> IndustryTree::Build(std::vector<IndustryRow> rows) {
  IndustryTree tree;
  for (size_t i = 0; i < rows.size(); ++i) {
    IndustryRow& r = rows[i];
    const std::string quoted = "industry '" + r.code + "'";
    const int level = IndustryLevelOf(r.code);
    if (level == 0) {
      return InvalidArgument(quoted +
                             " is not a GB/T 4754 code (a section letter A-T or 2-4 digits)");
    }
    if (r.name.empty()) return InvalidArgument(quoted + " has no name");
    if (r.level != 0 && r.level != level) {
      return InvalidArgument(quoted + " is given level " + std::to_string(r.level) +
                             " but its code has level " + std::to_string(level));
    }
    r.level = level;
    if (level == 1) {
      if (!r.parent.empty()) return InvalidArgument(quoted + " is a section and has no parent");
    } else if (level == 2) {
      if (IndustryLevelOf(r.parent) != 1) {
        return InvalidArgument(quoted + " is a division and needs its section as parent");
      }
    } else {
      const std::string parent = ShapeParent(r.code, level);
      if (!r.parent.empty() && r.parent != parent) {
        return InvalidArgument(quoted + " is given parent '" + r.parent + "' but its code says '" +
                               parent + "'");
      }
      r.parent = parent;
    }
    if (!tree.index_.emplace(r.code, i).second) {
      return InvalidArgument(quoted + " is listed twice");
    }
  }
  for (const IndustryRow& r : rows) {
    if (!r.parent.empty() && tree.index_.find(r.parent) == tree.index_.end()) {
      return InvalidArgument("industry '" + r.code + "' (" + r.name + ") has no parent: '" +
                             r.parent + "' is missing");
    }
    if (r.level == 2) tree.division_section_.emplace(r.code, r.parent);
  }
  tree.rows_ = std::move(rows);
  return tree;
}

Result<IndustryTree> IndustryTree::ParseTsv(std::string_view text) {
  std::vector<IndustryRow> rows;
  std::string section;  // the section the following divisions belong to
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
    if (tab == std::string_view::npos) return InvalidArgument(where + "expected code<TAB>name");
    const std::string_view code = TrimSpaces(line.substr(0, tab));
    const std::string_view name = TrimSpaces(line.substr(tab + 1));
    if (name.find('\t') != std::string_view::npos) {
      return InvalidArgument(where + "expected exactly two columns, code<TAB>name");
    }
    const int level = IndustryLevelOf(code);
    if (level == 0) {
      return InvalidArgument(where + "'" + std::string(code) +
                             "' is not a GB/T 4754 code (a section letter A-T or 2-4 digits)");
    }
    if (name.empty()) return InvalidArgument(where + "'" + std::string(code) + "' has no name");
    IndustryRow row{std::string(code), std::string(name), level, {}};
    if (level == 1) {
      section = row.code;
    } else if (level == 2) {
      if (section.empty()) {
        return InvalidArgument(where + "division " + row.code + " comes before any section");
      }
      row.parent = section;
    }
    rows.push_back(std::move(row));
  }
  return Build(std::move(rows));
}

const IndustryTree& IndustryTree::Builtin() {
  static const IndustryTree tree = [] {
    Result<IndustryTree> r = ParseTsv(embedded::Find("industries-gbt4754-2017.tsv"));
    assert(r.ok());  // the table is checked by industry_test; an error is a build defect
    return r.ok() ? std::move(r).value() : IndustryTree();
  }();
  return tree;
}

const IndustryRow* IndustryTree::Find(std::string_view code) const {
  const auto it = index_.find(code);
  return it == index_.end() ? nullptr : &rows_[it->second];
}

const IndustryRow* IndustryTree::Parent(std::string_view code) const {
  const IndustryRow* r = Find(code);
  return r == nullptr || r->parent.empty() ? nullptr : Find(r->parent);
}

std::string IndustryTree::SectionOf(std::string_view code) const {
  if (Find(code) == nullptr) return {};
  if (IndustryLevelOf(code) == 1) return std::string(code);
  const auto it = division_section_.find(code.substr(0, 2));
  return it == division_section_.end() ? std::string() : it->second;
}

Result<std::string> IndustryTree::CanonicalPrefix(std::string_view text) const {
  const std::string_view t = TrimSpaces(text);
  const std::string quoted = "'" + std::string(t) + "'";
  const std::string malformed =
      "industry " + quoted +
      " must be a section letter (A-T) or a 2-4 digit code, optionally after its section "
      "letter (e.g. F, 52, F52, 5211)";
  if (t.empty()) return InvalidArgument(malformed);
  char letter = 0;
  std::string_view digits = t;
  if (t[0] >= 'a' && t[0] <= 'z') letter = static_cast<char>(t[0] - 'a' + 'A');
  if (t[0] >= 'A' && t[0] <= 'Z') letter = t[0];
  if (letter != 0) digits.remove_prefix(1);
  if (letter != 0 && digits.empty()) {
    const std::string section(1, letter);
    if (IndustryLevelOf(section) != 1 || Find(section) == nullptr) {
      return InvalidArgument("industry " + quoted + " is not a GB/T 4754 section (A-T)");
    }
    return section;
  }
  const int level = IndustryLevelOf(digits);
  if (level < 2) return InvalidArgument(malformed);
  if (Find(digits) == nullptr) {
    return InvalidArgument("industry " + quoted + " is not a GB/T 4754-2017 code");
  }
  if (letter != 0) {
    const std::string section = SectionOf(digits);
    if (section != std::string(1, letter)) {
      return InvalidArgument("industry " + std::string(digits) + " belongs to section " + section +
                             ", not " + std::string(1, letter));
    }
  }
  return std::string(digits);
}

bool IndustryTree::Matches(std::string_view code, std::string_view prefix) const {
  if (prefix.empty() || code.empty()) return false;
  if (IndustryLevelOf(prefix) == 1) {
    if (code == prefix) return true;
    if (code.size() < 2) return false;
    const auto it = division_section_.find(code.substr(0, 2));
    return it != division_section_.end() && it->second == prefix;
  }
  return code.size() >= prefix.size() && code.substr(0, prefix.size()) == prefix &&
         IndustryLevelOf(code) >= 2;
}

std::vector<const IndustryRow*> IndustryTree::ClassesWithin(std::string_view prefix) const {
  std::vector<const IndustryRow*> out;
  for (const IndustryRow& r : rows_) {
    if (r.level == 4 && Matches(r.code, prefix)) out.push_back(&r);
  }
  std::sort(out.begin(), out.end(),
            [](const IndustryRow* a, const IndustryRow* b) { return a->code < b->code; });
  return out;
}

}  // namespace sunlit::core
