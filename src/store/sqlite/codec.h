// Conversions between directory values and their stored text ("file form": wire names,
// YYYY-MM-DD dates, comma-joined lists), shared by the columns and the change records.
#ifndef SUNLIT_STORE_SQLITE_CODEC_H_
#define SUNLIT_STORE_SQLITE_CODEC_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/directory.h"

namespace sunlit::store::sqlite {

// Decodes a stored wire name by comparing it with WireName() of every value, so that what
// was written always reads back. False when `text` is no wire name of the enumeration.
bool DecodeEnum(std::string_view text, core::EntityType* out);
bool DecodeEnum(std::string_view text, core::RegistrationStatus* out);
bool DecodeEnum(std::string_view text, core::RiskClass* out);
bool DecodeEnum(std::string_view text, core::InspectorStatus* out);
bool DecodeEnum(std::string_view text, core::CapExemption* out);

// Appends `items` joined with ',' to `out`.
void AppendJoined(std::span<const std::string> items, std::string* out);
std::string Joined(std::span<const std::string> items);
// Splits a comma-joined list; "" gives an empty list.
std::vector<std::string> SplitList(std::string_view text);
// True when every item can be stored in a comma-joined list (non-empty, no comma).
bool ListStorable(std::span<const std::string> items);

// "YYYY-MM-DD" into `out` (exactly 10 bytes). Fast: used for every row of an import.
void FormatDate(core::Date d, char out[10]);
std::string DateText(const std::optional<core::Date>& d);  // "" when absent
// True when `d` lies in the years Date::Parse accepts (1900–2999), so that it reads back.
bool DateStorable(core::Date d);
// Parses a stored date; false when malformed.
bool DecodeDate(std::string_view text, core::Date* out);

// A region code as written in files: six digits, "" for 0.
std::string RegionText(int64_t code);
// A boolean as written in files: "yes" / "no".
std::string_view BoolText(bool b);

}  // namespace sunlit::store::sqlite

#endif  // SUNLIT_STORE_SQLITE_CODEC_H_
