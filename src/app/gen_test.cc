// Tests of the synthetic-data generator: format, validity of every code against core, the mix,
// determinism, and the units it refers to.
#include "app/gen.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "app/synthetic.h"
#include "core/directory.h"
#include "core/industry.h"
#include "core/region.h"
#include "core/uscc.h"
#include "gtest/gtest.h"

namespace sunlit::app {
namespace {

const core::Date kToday = core::Date::FromYmd(2025, 6, 30);

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "gen_test_" + std::to_string(getpid()) + "_" + name;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Generated files never need CSV quoting, so a plain split is an exact parser (and the test
// checks that no quote or stray comma appears).
std::vector<std::string> Split(std::string_view line, char sep = ',') {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t end = line.find(sep, start);
    out.emplace_back(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    EXPECT_NE(end, std::string::npos) << "last line not terminated";
    if (end == std::string::npos) break;
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

struct Generated {
  std::string text;
  std::vector<std::string> lines;
};

Generated GenerateToMemory(const GenOptions& options, bool inspectors = false) {
  const std::string path = TempPath(inspectors ? "inspectors.csv" : "entities.csv");
  const Status s = inspectors ? GenerateInspectors(options, path) : GenerateEntities(options, path);
  EXPECT_TRUE(s.ok()) << s.ToString() << " " << s.detail();
  Generated g;
  g.text = ReadAll(path);
  std::remove(path.c_str());
  g.lines = Lines(g.text);
  return g;
}

GenOptions Options(int64_t count, uint64_t seed, std::string prefix = "43") {
  GenOptions o;
  o.count = count;
  o.seed = seed;
  o.region_prefix = std::move(prefix);
  o.today = kToday;
  return o;
}

TEST(GenerateEntitiesTest, HeaderIsExact) {
  const Generated g = GenerateToMemory(Options(3, 1));
  ASSERT_EQ(g.lines.size(), 4u);
  EXPECT_EQ(g.lines[0],
            "code,name,type,region,industry,risk,last_inspected,status,unit,tags,address");
  EXPECT_EQ(g.text.rfind("code,name,type,region,industry,risk,last_inspected", 0), 0u)
      << "no BOM, header first";
}

TEST(GenerateEntitiesTest, ZeroRowsIsHeaderOnly) {
  const Generated g = GenerateToMemory(Options(0, 1));
  EXPECT_EQ(g.text, std::string(kEntityCsvHeader) + "\n");
}

// 200 000 rows over all of Hunan: every field checked against the standards in core.
TEST(GenerateEntitiesTest, EveryRowIsValidAndTheMixIsRealistic) {
  constexpr int64_t kRows = 200000;
  const Generated g = GenerateToMemory(Options(kRows, 42));
  ASSERT_EQ(g.lines.size(), static_cast<size_t>(kRows) + 1);
  EXPECT_EQ(g.text.find('"'), std::string::npos);

  const core::RegionTree& regions = core::RegionTree::Builtin();
  const core::IndustryTree& industries = core::IndustryTree::Builtin();
  const std::vector<std::string> known_tags = RegulatoryTags();
  const std::set<std::string> tag_set(known_tags.begin(), known_tags.end());
  std::map<int32_t, std::set<std::string>> units_of;
  std::unordered_set<std::string> codes;
  codes.reserve(static_cast<size_t>(kRows) * 2);
  std::map<std::string, int64_t> by_type, by_risk, by_status, by_section;
  std::map<int32_t, int64_t> by_county;
  int64_t inspected = 0, tagged = 0;
  const core::Date earliest = kToday.AddDays(-730);

  for (size_t i = 1; i < g.lines.size(); ++i) {
    const std::vector<std::string> f = Split(g.lines[i]);
    ASSERT_EQ(f.size(), 11u) << g.lines[i];
    const std::string& code = f[0];
    const core::UsccVerdict v = core::ValidateUscc(code);
    ASSERT_TRUE(v.ok()) << code << ": " << v.reason;
    ASSERT_TRUE(codes.insert(code).second) << "duplicate " << code;
    ASSERT_FALSE(f[1].empty());

    core::EntityType type;
    ASSERT_TRUE(core::ParseEntityType(f[2], &type)) << f[2];
    ASSERT_EQ(f[2], core::WireName(type));
    const char expected_category = type == core::EntityType::kEnterprise   ? '1'
                                   : type == core::EntityType::kIndividual ? '2'
                                                                           : '3';
    ASSERT_EQ(code[0], '9');
    ASSERT_EQ(code[1], expected_category) << code << " " << f[2];
    if (type == core::EntityType::kEnterprise) {
      ASSERT_NE(f[1].find("公司"), std::string::npos) << f[1];
    } else if (type == core::EntityType::kCooperative) {
      ASSERT_EQ(f[1].rfind("合作社"), f[1].size() - std::string("合作社").size()) << f[1];
    }
    ++by_type[f[2]];

    ASSERT_EQ(code.substr(2, 6), f[3]) << "characters 3–8 must be the region";
    const int32_t region = std::stoi(f[3]);
    const core::RegionRow* row = regions.Find(region);
    ASSERT_NE(row, nullptr) << f[3];
    ASSERT_EQ(row->level, 3) << f[3];
    ASSERT_TRUE(core::RegionMatches(region, "43"));
    ++by_county[region];

    const core::IndustryRow* ind = industries.Find(f[4]);
    ASSERT_NE(ind, nullptr) << f[4];
    ASSERT_EQ(ind->level, 4) << f[4];
    ++by_section[industries.SectionOf(f[4])];
    if (type == core::EntityType::kCooperative) {
      ASSERT_EQ(industries.SectionOf(f[4]), "A");
    }

    core::RiskClass risk;
    ASSERT_TRUE(f[5].empty() || core::ParseRiskClass(f[5], &risk)) << f[5];
    ASSERT_TRUE(f[5].empty() || (f[5].size() == 1 && f[5][0] >= 'A' && f[5][0] <= 'D'));
    ++by_risk[f[5]];

    if (!f[6].empty()) {
      Result<core::Date> d = core::Date::Parse(f[6]);
      ASSERT_TRUE(d.ok()) << f[6];
      ASSERT_LT(*d, kToday);
      ASSERT_GE(*d, earliest);
      ++inspected;
    }
    core::RegistrationStatus status;
    ASSERT_TRUE(core::ParseRegistrationStatus(f[7], &status)) << f[7];
    ++by_status[f[7]];

    auto [it, fresh] = units_of.try_emplace(region);
    if (fresh) {
      for (const core::Unit& u : MarketStationsOf(region)) it->second.insert(u.code);
    }
    ASSERT_EQ(it->second.count(f[8]), 1u) << f[8] << " not a unit of " << region;
    ASSERT_NE(f[8], f[3] + "-JU") << "entities belong to stations";

    if (!f[9].empty()) {
      ++tagged;
      const std::vector<std::string> tags = Split(f[9], ';');
      ASSERT_TRUE(std::is_sorted(tags.begin(), tags.end())) << f[9];
      for (const std::string& t : tags) ASSERT_EQ(tag_set.count(t), 1u) << t;
      ASSERT_EQ(std::set<std::string>(tags.begin(), tags.end()).size(), tags.size()) << f[9];
    }
    const std::string& industry = f[4];
    const bool has_catering = f[9].find("catering") != std::string::npos;
    if (industry.rfind("62", 0) == 0) {
      ASSERT_TRUE(has_catering) << g.lines[i];
    }
    if (industry == "5265") {
      ASSERT_NE(f[9].find("fuel_retail"), std::string::npos);
    }
    if (industry == "5251") {
      ASSERT_NE(f[9].find("pharmacy"), std::string::npos);
    }

    synth::CountyNames names;
    ASSERT_TRUE(synth::NamesOfCounty(region, &names));
    ASSERT_EQ(f[10].rfind(names.full, 0), 0u) << f[10];
  }

  const double n = static_cast<double>(kRows);
  EXPECT_NEAR(static_cast<double>(by_type["individual"]) / n, 0.70, 0.02);
  EXPECT_NEAR(static_cast<double>(by_type["enterprise"]) / n, 0.27, 0.02);
  EXPECT_NEAR(static_cast<double>(by_type["cooperative"]) / n, 0.03, 0.01);
  EXPECT_NEAR(static_cast<double>(by_risk["A"]) / n, 0.29, 0.02);
  EXPECT_NEAR(static_cast<double>(by_risk["B"]) / n, 0.50, 0.02);
  EXPECT_NEAR(static_cast<double>(by_risk["C"]) / n, 0.13, 0.02);
  EXPECT_NEAR(static_cast<double>(by_risk["D"]) / n, 0.05, 0.01);
  EXPECT_NEAR(static_cast<double>(by_risk[""]) / n, 0.03, 0.01);
  EXPECT_NEAR(static_cast<double>(inspected) / n, 0.20, 0.02);
  EXPECT_NEAR(static_cast<double>(by_status["active"]) / n, 0.97, 0.01);
  EXPECT_GT(by_status["suspended"], 0);
  EXPECT_GT(by_status["revoked"], 0);
  EXPECT_GT(by_status["deregistered"], 0);
  EXPECT_LT(static_cast<double>(tagged) / n, 0.5) << "most rows carry no tag";
  EXPECT_GT(static_cast<double>(tagged) / n, 0.2);
  // Retail, catering and services dominate.
  EXPECT_GT(by_section["F"], by_section["C"]);
  EXPECT_GT(by_section["F"] + by_section["H"] + by_section["O"], kRows / 2);
  // Every county appears; Changsha's districts are larger markets than a rural county.
  EXPECT_EQ(by_county.size(), regions.CountiesWithin("43").size());
  EXPECT_GT(by_county[430104], 3 * by_county[431027]);  // 岳麓区 vs 桂东县
}

TEST(GenerateEntitiesTest, RegionPrefixRestrictsCounties) {
  const Generated g = GenerateToMemory(Options(20000, 5, "4303"));
  std::map<std::string, int> counties;
  for (size_t i = 1; i < g.lines.size(); ++i) {
    const std::vector<std::string> f = Split(g.lines[i]);
    ASSERT_EQ(f.size(), 11u);
    ASSERT_EQ(f[3].rfind("4303", 0), 0u) << f[3];
    ++counties[f[3]];
  }
  ASSERT_EQ(counties.size(), 5u);
  // The urban districts are the largest markets, 韶山市 the smallest.
  EXPECT_GT(counties["430302"], counties["430321"]);
  EXPECT_GT(counties["430304"], counties["430381"]);
  EXPECT_GT(counties["430381"], 2 * counties["430382"]);
  EXPECT_GT(counties["430321"], 2 * counties["430382"]);

  // A county prefix and the six-digit prefecture form work too.
  const Generated one = GenerateToMemory(Options(500, 5, "430382"));
  for (size_t i = 1; i < one.lines.size(); ++i) ASSERT_EQ(Split(one.lines[i])[3], "430382");
  const Generated same = GenerateToMemory(Options(100, 5, "430300"));
  const Generated short_form = GenerateToMemory(Options(100, 5, "4303"));
  EXPECT_EQ(same.text, short_form.text);
}

TEST(GenerateEntitiesTest, SameSeedSameBytesOtherSeedOtherBytes) {
  const Generated a = GenerateToMemory(Options(5000, 7));
  const Generated b = GenerateToMemory(Options(5000, 7));
  const Generated c = GenerateToMemory(Options(5000, 8));
  EXPECT_EQ(a.text, b.text);
  EXPECT_NE(a.text, c.text);
  // Different seeds also permute the code bodies differently.
  EXPECT_NE(Split(a.lines[1])[0].substr(8), Split(c.lines[1])[0].substr(8));
}

// Rows depend only on (seed, index): a short file is a prefix of a long one, across the
// batch boundaries and the two threads.
TEST(GenerateEntitiesTest, ShortFileIsPrefixOfLongFile) {
  const Generated small = GenerateToMemory(Options(1000, 11));
  const Generated big = GenerateToMemory(Options(150000, 11));
  ASSERT_GT(big.text.size(), small.text.size());
  EXPECT_EQ(big.text.substr(0, small.text.size()), small.text);
  const Generated odd = GenerateToMemory(Options(140001, 11));
  EXPECT_EQ(big.text.substr(0, odd.text.size()), odd.text);
}

TEST(GenerateEntitiesTest, NamesAndAddressesLookReal) {
  const Generated g = GenerateToMemory(Options(3000, 3, "4303"));
  int xiangtan_prefix = 0, shop_forms = 0;
  for (size_t i = 1; i < g.lines.size(); ++i) {
    const std::vector<std::string> f = Split(g.lines[i]);
    if (f[1].rfind("湘潭", 0) == 0 || f[1].rfind("湘乡市", 0) == 0 ||
        f[1].rfind("韶山市", 0) == 0 || f[1].rfind("湖南", 0) == 0) {
      ++xiangtan_prefix;
    }
    if (f[2] == "individual" &&
        (f[1].find("店") != std::string::npos || f[1].find("部") != std::string::npos ||
         f[1].find("行") != std::string::npos || f[1].find("馆") != std::string::npos)) {
      ++shop_forms;
    }
    EXPECT_EQ(f[10].rfind("湖南省湘潭市", 0), 0u) << f[10];
    EXPECT_TRUE(f[10].find("号") != std::string::npos || f[10].find("组") != std::string::npos)
        << f[10];
  }
  EXPECT_EQ(xiangtan_prefix, 3000) << "names start with the province, city or county";
  EXPECT_GT(shop_forms, 1000);
}

TEST(GenerateEntitiesTest, BadOptionsAreInvalidArguments) {
  const std::string path = TempPath("bad.csv");
  EXPECT_EQ(GenerateEntities(Options(-1, 1), path).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(GenerateEntities(Options(10, 1, "99"), path).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(GenerateEntities(Options(10, 1, "x"), path).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(GenerateEntities(Options(10, 1, "44"), path).code(), StatusCode::kInvalidArgument)
      << "Guangdong: no county in the built-in table";
  EXPECT_EQ(GenerateEntities(Options(10, 1), "/nonexistent-dir/x/entities.csv").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(GenerateInspectors(Options(10, 1, "99"), path).code(), StatusCode::kInvalidArgument);
  std::remove(path.c_str());
}

TEST(GenerateInspectorsTest, WellFormedUniqueAndConsistent) {
  constexpr int64_t kRows = 5000;
  const Generated g = GenerateToMemory(Options(kRows, 9), /*inspectors=*/true);
  ASSERT_EQ(g.lines.size(), static_cast<size_t>(kRows) + 1);
  EXPECT_EQ(g.lines[0],
            "code,name,department,unit,region,certificate_no,certificate_expiry,"
            "qualifications,expert,leader,status");
  EXPECT_EQ(g.text.find('"'), std::string::npos);

  std::map<std::string, std::string> unit_department;  // unit code -> department
  std::map<std::string, int32_t> unit_region;
  for (const core::RegionRow* c : core::RegionTree::Builtin().CountiesWithin("43")) {
    for (const auto& units : {MarketStationsOf(c->code), PartnerUnitsOf(c->code)}) {
      for (const core::Unit& u : units) {
        EXPECT_TRUE(unit_department.emplace(u.code, u.department_code).second) << u.code;
        unit_region[u.code] = u.region;
      }
    }
  }
  std::set<std::string> departments;
  for (const core::Department& d : DemoDepartments()) departments.insert(d.code);

  std::set<std::string> codes, certs;
  int64_t expert = 0, leader = 0, active = 0, expired = 0, scjg = 0;
  for (size_t i = 1; i < g.lines.size(); ++i) {
    const std::vector<std::string> f = Split(g.lines[i]);
    ASSERT_EQ(f.size(), 11u) << g.lines[i];
    ASSERT_TRUE(codes.insert(f[0]).second) << f[0];
    ASSERT_FALSE(f[1].empty());
    ASSERT_EQ(departments.count(f[2]), 1u) << f[2];
    scjg += f[2] == "SCJG";
    ASSERT_EQ(unit_department[f[3]], f[2]) << "unit " << f[3] << " of department " << f[2];
    ASSERT_EQ(std::to_string(unit_region[f[3]]), f[4]);
    ASSERT_EQ(f[5].size(), 14u) << f[5];
    ASSERT_EQ(f[5].substr(0, 6), f[4]);
    ASSERT_TRUE(certs.insert(f[5]).second) << "duplicate certificate " << f[5];
    Result<core::Date> expiry = core::Date::Parse(f[6]);
    ASSERT_TRUE(expiry.ok()) << f[6];
    expired += *expiry < kToday;
    ASSERT_LE(std::stoi(f[5].substr(6, 4)), kToday.year());
    const std::vector<std::string>& vocabulary = synth::QualificationTagsOf(f[2]);
    const std::vector<std::string> quals = Split(f[7], ';');
    ASSERT_FALSE(quals.empty());
    ASSERT_TRUE(std::is_sorted(quals.begin(), quals.end()));
    for (const std::string& q : quals) {
      ASSERT_NE(std::find(vocabulary.begin(), vocabulary.end(), q), vocabulary.end()) << q;
    }
    ASSERT_TRUE(f[8] == "true" || f[8] == "false");
    ASSERT_TRUE(f[9] == "true" || f[9] == "false");
    expert += f[8] == "true";
    leader += f[9] == "true";
    core::InspectorStatus status;
    ASSERT_TRUE(core::ParseInspectorStatus(f[10], &status)) << f[10];
    active += status == core::InspectorStatus::kActive;
  }
  const double n = static_cast<double>(kRows);
  EXPECT_NEAR(static_cast<double>(expert) / n, 0.10, 0.02);
  EXPECT_NEAR(static_cast<double>(leader) / n, 0.08, 0.02);
  EXPECT_NEAR(static_cast<double>(active) / n, 0.95, 0.02);
  EXPECT_NEAR(static_cast<double>(expired) / n, 0.06, 0.02);
  EXPECT_NEAR(static_cast<double>(scjg) / n, 0.60, 0.03);

  EXPECT_EQ(GenerateToMemory(Options(300, 9), true).text,
            GenerateToMemory(Options(300, 9), true).text);
  EXPECT_NE(GenerateToMemory(Options(300, 9), true).text,
            GenerateToMemory(Options(300, 10), true).text);
}

TEST(MarketStationsOfTest, BureauThenThreeToSixStations) {
  for (const core::RegionRow* c : core::RegionTree::Builtin().CountiesWithin("43")) {
    const std::vector<core::Unit> units = MarketStationsOf(c->code);
    ASSERT_GE(units.size(), 4u) << c->code;
    ASSERT_LE(units.size(), 7u) << c->code;
    const std::string county = std::to_string(c->code);
    EXPECT_EQ(units[0].code, county + "-JU");
    EXPECT_EQ(units[0].name.rfind("市场监督管理局"),
              units[0].name.size() - std::string("市场监督管理局").size());
    std::set<std::string> names;
    for (size_t i = 0; i < units.size(); ++i) {
      EXPECT_EQ(units[i].department_code, "SCJG");
      EXPECT_EQ(units[i].region, c->code);
      EXPECT_TRUE(names.insert(units[i].name).second) << units[i].name;
      if (i > 0) {
        char expected[32];
        std::snprintf(expected, sizeof expected, "-S%02zu", i);
        EXPECT_EQ(units[i].code, county + expected);
        EXPECT_NE(units[i].name.find("市场监管所"), std::string::npos) << units[i].name;
      }
    }
  }
  const std::vector<core::Unit> yuhu = MarketStationsOf(430302);
  EXPECT_EQ(yuhu[0].name, "湘潭市雨湖区市场监督管理局");
  EXPECT_EQ(yuhu[1].name, "湘潭市雨湖区城正街市场监管所");
  EXPECT_EQ(MarketStationsOf(430381)[0].name, "湘乡市市场监督管理局");
  // Deterministic, and empty for what is not a county.
  EXPECT_EQ(MarketStationsOf(431022)[3].name, MarketStationsOf(431022)[3].name);
  EXPECT_TRUE(MarketStationsOf(430300).empty());
  EXPECT_TRUE(MarketStationsOf(430399).empty());
  EXPECT_TRUE(MarketStationsOf(0).empty());
}

TEST(DemoDepartmentsTest, BureauAndPartners) {
  const std::vector<core::Department> d = DemoDepartments();
  ASSERT_GE(d.size(), 6u);
  EXPECT_EQ(d[0].code, "SCJG");
  EXPECT_TRUE(d[0].market_supervision);
  std::set<std::string> partners;
  for (size_t i = 1; i < d.size(); ++i) {
    EXPECT_FALSE(d[i].market_supervision);
    EXPECT_EQ(d[i].name.rfind("湘潭市", 0), 0u) << d[i].name;
    partners.insert(d[i].code);
  }
  for (const char* code : {"XFJY", "WSJK", "JY", "SW", "YJGL"}) {
    EXPECT_EQ(partners.count(code), 1u) << code;
  }
  for (const core::Unit& u : PartnerUnitsOf(430321)) {
    EXPECT_EQ(u.code, "430321-" + u.department_code);
    EXPECT_EQ(u.name.rfind("湘潭县", 0), 0u) << u.name;
  }
}

// Throwaway timing check (run with --gtest_also_run_disabled_tests): 10 million rows.
TEST(GenerateEntitiesTest, DISABLED_TenMillionRowsTiming) {
  const std::string path = TempPath("ten_million.csv");
  const auto start = std::chrono::steady_clock::now();
  const Status s = GenerateEntities(Options(10000000, 1), path);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::printf("10,000,000 entities: %lld ms, %lld bytes\n", static_cast<long long>(ms),
              static_cast<long long>(std::filesystem::file_size(path)));
  std::remove(path.c_str());
  EXPECT_LT(ms, 60000);
}

}  // namespace
}  // namespace sunlit::app
