// The Xiangtan demo installation (湘潭市, 430300) as plain data: units, inspectors and the
// departments' item lists (抽查事项清单). Pure functions: no I/O, no clock; `sunlit demo`
// (demo.cc) stores them and adds a generated entity directory (gen.h).
//
// Xiangtan's three development zones — 湘潭高新区, 湘潭经开区 and 昭山示范区 — are not GB/T 2260
// regions. They are modelled as extra market-supervision units (SCJG branches) whose region is
// the county that hosts them: "430304-GX" 高新区分局 and "430304-ZS" 昭山示范区分局 in 岳塘区,
// "430302-JK" 经开区分局 in 雨湖区. Entities keep their county code; a zone unit is simply
// another unit that can supervise them and field inspectors.
#ifndef SUNLIT_APP_DEMO_DATA_H_
#define SUNLIT_APP_DEMO_DATA_H_

#include <cstdint>
#include <vector>

#include "core/date.h"
#include "core/directory.h"

namespace sunlit::app {

// The city and its five counties: 雨湖区 430302, 岳塘区 430304, 湘潭县 430321, 湘乡市 430381,
// 韶山市 430382.
inline constexpr int32_t kDemoCity = 430300;
std::vector<int32_t> DemoCounties();

// Every unit of the demo, codes unique: the city bureau "430300-JU"; MarketStationsOf() of
// each county; the three zone branches; per partner department (DemoDepartments()) a city-level
// unit "430300-<DEPT>" (支队/委员会/局) and PartnerUnitsOf() each county.
std::vector<core::Unit> DemoUnits();

// About 150 inspectors: 50 of SCJG and 20 of each of the five partner departments, spread over
// their units. Codes "<DEPT>-0001" …; certificate numbers county (6) + year of issue (4) +
// serial (4), unique; expiries mostly in the five years after `today`, a few lapsed; a few
// suspended or gone. Qualifications are those the department's items require
// (DemoItems()[i].qualification), dealt round-robin so that every one is held by several
// active inspectors with a valid certificate. Same (seed, today) → same inspectors.
std::vector<core::Inspector> DemoInspectors(uint64_t seed, core::Date today);

// The item lists of the six departments, with legal basis, object scope (types, GB/T 4754
// prefixes, regulatory tags from RegulatoryTags()), method, required qualification and the
// 一业一查 cap exemption. Item codes "<DEPT>-NNN", unique within the department. One SCJG item
// is void (valid = false), as an old item superseded by a new one.
std::vector<core::InspectionItem> DemoItems();

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DEMO_DATA_H_
