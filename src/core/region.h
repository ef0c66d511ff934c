// GB/T 2260 administrative divisions as a tree: province (NN0000), prefecture (NNNN00),
// county (NNNNNN). Loaded from data (data/standards/regions-*.tsv or an import).
#ifndef SUNLIT_CORE_REGION_H_
#define SUNLIT_CORE_REGION_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/directory.h"
#include "core/result.h"

namespace sunlit::core {

// Level of a code by its shape: 1 when it ends in 0000, 2 in 00, else 3. 0 when not six
// digits in 110000..829999.
int RegionLevelOf(int32_t code);
// The parent code by shape (430302 -> 430300 -> 430000 -> 0).
int32_t RegionParentOf(int32_t code);

// A region prefix as used in filters: "43" (province), "4303" (prefecture), "430302"
// (county); also a six-digit code ending in zeros ("430300" = "4303"). Returns the canonical
// prefix ("4303"), or kInvalidArgument.
Result<std::string> CanonicalRegionPrefix(std::string_view text);
// True when `code` lies in the area named by canonical `prefix`.
bool RegionMatches(int32_t code, std::string_view prefix);

class RegionTree {
 public:
  RegionTree() = default;
  // Rows in any order. Errors: a code that is not a region code, a duplicate, a name empty,
  // a county or prefecture whose parent is missing.
  static Result<RegionTree> Build(std::vector<RegionRow> rows);
  // Parses the product's TSV format (code<TAB>name per line, '#' comments).
  static Result<RegionTree> ParseTsv(std::string_view text);
  // The built-in table (Hunan, data/standards/regions-hunan.tsv).
  static const RegionTree& Builtin();

  const RegionRow* Find(int32_t code) const;  // nullptr when unknown
  const RegionRow* Parent(int32_t code) const;
  std::vector<const RegionRow*> Children(int32_t code) const;
  // Every county-level region within canonical `prefix`, ascending.
  std::vector<const RegionRow*> CountiesWithin(std::string_view prefix) const;
  // "湖南省湘潭市雨湖区" style full name; empty when unknown.
  std::string FullName(int32_t code) const;
  const std::vector<RegionRow>& rows() const { return rows_; }  // ascending by code
  size_t size() const { return rows_.size(); }

 private:
  std::vector<RegionRow> rows_;
  std::map<int32_t, size_t> index_;
};

}  // namespace sunlit::core

#endif  // SUNLIT_CORE_REGION_H_
