// Synthetic directories (`sunlit gen`): market entities and inspectors of Hunan at any scale,
// with checksum-valid credit codes, real GB/T 2260 county and GB/T 4754 class codes and a
// realistic mix of types, industries, names, risk classes and regulatory tags. For benchmarks,
// load tests and the demo (which imports the generated file through the normal import path).
//
// Determinism: the output depends only on the options. Row i depends only on (seed, i), so a
// file of n rows is a prefix of the file of m > n rows with the same options.
// Thread safety: every function may be called concurrently.
#ifndef SUNLIT_APP_GEN_H_
#define SUNLIT_APP_GEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/directory.h"
#include "core/status.h"

namespace sunlit::app {

struct GenOptions {
  int64_t count = 0;  // rows to write (0 = header only)
  uint64_t seed = 0;
  std::string region_prefix = "43";  // "43", "4303", "430300" or a county "430302"
  core::Date today;                  // reference date for last-inspected dates and expiries
};

// Header of the entity file, exactly.
inline constexpr char kEntityCsvHeader[] =
    "code,name,type,region,industry,risk,last_inspected,status,unit,tags,address";
// Header of the inspector file, exactly.
inline constexpr char kInspectorCsvHeader[] =
    "code,name,department,unit,region,certificate_no,certificate_expiry,qualifications,"
    "expert,leader,status";

// Writes `options.count` market entities to `out_path` ("-" = standard output) as CSV (UTF-8,
// no BOM, LF line ends, header kEntityCsvHeader; no field needs quoting):
//   code            统一社会信用代码: 9 + category (1 enterprise, 2 个体工商户, 3 农民专业合作社)
//                   + the county code + an organisation code whose 8-character body is a
//                   seeded permutation of the row index (so codes are unique) + the GB 11714
//                   and GB 32100 check characters;
//   type            enterprise (~27 %), individual (~70 %), cooperative (~3 %);
//   region          the county, drawn within region_prefix, weighted by size;
//   industry        a GB/T 4754-2017 class, weighted per type (retail, catering, services …);
//   risk            A/B/C/D (about 30/52/13/5 %), empty (~3 %) = not yet classified;
//   last_inspected  YYYY-MM-DD in the two years before `today` for ~20 %, else empty;
//   status          active (~97 %), suspended, liquidating, revoked, deregistered;
//   unit            a station from MarketStationsOf(region);
//   tags            RegulatoryTags() tied to the industry, ';'-separated, sorted; mostly empty;
//   address         "湖南省<市><县区><街道/镇>…" in the station's area.
// Errors: kInvalidArgument for count < 0, a malformed region prefix, a prefix with no county,
// or an output file that cannot be created; kUnavailable when writing fails.
// Speed: about 10 million rows in well under a minute on two cores (two worker threads).
Status GenerateEntities(const GenOptions& options, const std::string& out_path);

// Writes `options.count` inspectors to `out_path` as CSV (header kInspectorCsvHeader):
// code "ZF" + 8 digits (unique); a Chinese name; a DemoDepartments() code (SCJG ~60 %); a unit
// of MarketStationsOf / PartnerUnitsOf of the region with the same department; certificate_no
// = county (6) + year of issue (4) + serial within the county (4 digits, more past 9999),
// unique; certificate_expiry mostly in the five years after `today`, ~6 % already expired;
// qualifications of the department (';'-separated); expert ~10 % and leader ~8 %
// ("true"/"false"); status active ~95 %, suspended, left.
// Errors as GenerateEntities.
Status GenerateInspectors(const GenOptions& options, const std::string& out_path);

// The market-supervision units of a county: the bureau ("<county>-JU", "<县区>市场监督管理局")
// followed by its 3–6 stations ("<county>-S01" …, "<县区><地名>市场监管所"), all of department
// SCJG with region = county. Deterministic from the county code (Xiangtan's counties use real
// township and street names). Empty when `county` is not a county of RegionTree::Builtin().
std::vector<core::Unit> MarketStationsOf(int32_t county);

// The county units of the partner departments: "<county>-XFJY" 消防救援大队, "-WSJK" 卫生健康局,
// "-JY" 教育局, "-SW" 商务局, "-YJGL" 应急管理局. Empty for an unknown county.
std::vector<core::Unit> PartnerUnitsOf(int32_t county);

// The demo departments (Xiangtan names): SCJG 湘潭市市场监督管理局 (market_supervision) and the
// partners XFJY 消防救援支队, WSJK 卫生健康委员会, JY 教育局, SW 商务局, YJGL 应急管理局.
std::vector<core::Department> DemoDepartments();

// The regulatory tags (特殊监管库) the generator assigns, sorted: catering, cosmetics,
// food_production, food_retail, fuel_retail, hazardous_chemicals, medical_devices, pharmacy,
// prepaid_card, public_venue, school_canteen, special_equipment.
std::vector<std::string> RegulatoryTags();

}  // namespace sunlit::app

#endif  // SUNLIT_APP_GEN_H_
