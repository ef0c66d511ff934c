// GB/T 4754-2017 industry classification as a tree: section (A–T), division (2 digits),
// group (3), class (4). Loaded from data (data/standards/industries-*.tsv or an import).
#ifndef SUNLIT_CORE_INDUSTRY_H_
#define SUNLIT_CORE_INDUSTRY_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/directory.h"
#include "core/result.h"

namespace sunlit::core {

// Level of a code by its shape: 1 one letter A–T, 2/3/4 digits; 0 otherwise.
int IndustryLevelOf(std::string_view code);

class IndustryTree {
 public:
  IndustryTree() = default;
  // Errors: malformed code, duplicate, missing parent (parent of a division = its section).
  static Result<IndustryTree> Build(std::vector<IndustryRow> rows);
  // Parses the product's TSV format (code<TAB>name, sections followed by their divisions).
  static Result<IndustryTree> ParseTsv(std::string_view text);
  // The built-in table (data/standards/industries-gbt4754-2017.tsv): 20 sections,
  // 97 divisions, 473 groups, 1381 classes.
  static const IndustryTree& Builtin();

  const IndustryRow* Find(std::string_view code) const;  // nullptr when unknown
  const IndustryRow* Parent(std::string_view code) const;
  // The section letter of any known code ("5211" -> "F"); empty when unknown.
  std::string SectionOf(std::string_view code) const;

  // Canonical filter prefix: "F52" and "52" -> "52"; "F" -> "F"; "5211" -> "5211".
  // kInvalidArgument when malformed or unknown, or when a letter does not match the
  // section of the digits ("A52").
  Result<std::string> CanonicalPrefix(std::string_view text) const;
  // True when `code` (any level) lies within canonical `prefix` (a section letter matches
  // every code of its section).
  bool Matches(std::string_view code, std::string_view prefix) const;

  // Every class (4 digits) within canonical `prefix`, ascending.
  std::vector<const IndustryRow*> ClassesWithin(std::string_view prefix) const;
  const std::vector<IndustryRow>& rows() const { return rows_; }  // file order
  size_t size() const { return rows_.size(); }

 private:
  std::vector<IndustryRow> rows_;
  std::map<std::string, size_t, std::less<>> index_;
  std::map<std::string, std::string, std::less<>> division_section_;
};

}  // namespace sunlit::core

#endif  // SUNLIT_CORE_INDUSTRY_H_
