// Tests for the columnar entity index: build, find, every pool filter against a brute-force
// reference, stratification, exclusions, in-place updates and overlay merges, limits,
// memory per entity and concurrent readers with a writer.
#include "index/entity_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/industry.h"
#include "core/region.h"

namespace sunlit::index {
namespace {

using core::Date;
using core::Entity;
using core::EntityType;
using core::RegistrationStatus;
using core::RiskClass;

constexpr char kCodeAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const std::vector<std::string>& TagNames() {
  static const std::vector<std::string> tags = {
      "catering", "cosmetics",    "food_production", "food_retail",    "fuel_retail",
      "pharmacy", "prepaid_card", "public_venue",    "school_canteen", "special_equipment"};
  return tags;
}

// Hunan's counties plus a few outside regions and the unknown region 0.
const std::vector<int32_t>& TestRegions() {
  static const std::vector<int32_t> regions = [] {
    std::vector<int32_t> r;
    for (const core::RegionRow* row : core::RegionTree::Builtin().CountiesWithin("43")) {
      r.push_back(row->code);
    }
    r.push_back(110101);
    r.push_back(440305);
    r.push_back(0);
    return r;
  }();
  return regions;
}

// A few hundred industry codes of every level, plus "" and codes the tree does not know.
const std::vector<std::string>& TestIndustries() {
  static const std::vector<std::string> industries = [] {
    std::vector<std::string> out;
    const auto& rows = core::IndustryTree::Builtin().rows();
    for (size_t i = 0; i < rows.size(); i += 5) out.push_back(rows[i].code);
    out.emplace_back("");
    out.emplace_back("5299");
    out.emplace_back("52X");
    return out;
  }();
  return industries;
}

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}
  uint64_t Below(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

  std::string Code(int32_t region) {
    std::string c = "9";
    c += static_cast<char>('1' + Below(3));
    char digits[8];
    std::snprintf(digits, sizeof(digits), "%06d", region == 0 ? 430302 : region);
    c += digits;
    while (c.size() < kCodeLength) c += kCodeAlphabet[Below(sizeof(kCodeAlphabet) - 1)];
    return c;
  }

  Entity RandomEntity(const std::string& code) {
    Entity e;
    e.code = code;
    e.name = "name";
    e.region = Chance(90) ? std::stoi(code.substr(2, 6)) : Pick(TestRegions());
    if (Chance(3)) e.region = 0;
    e.industry = Pick(TestIndustries());
    e.type = static_cast<EntityType>(Below(4));
    e.status = Chance(70) ? RegistrationStatus::kActive : static_cast<RegistrationStatus>(Below(6));
    e.risk = static_cast<RiskClass>(Below(5));
    if (Chance(40)) {
      std::set<std::string> tags;
      const uint64_t n = 1 + Below(3);
      for (uint64_t i = 0; i < n; ++i) tags.insert(Pick(TagNames()));
      e.tags.assign(tags.begin(), tags.end());
    }
    if (Chance(30)) e.last_inspected = RandomDay();
    if (Chance(1)) e.last_inspected = Date::FromYmd(1995, 3, 1);
    return e;
  }

  Date RandomDay() {
    const int32_t lo = Date::FromYmd(2019, 1, 1).days();
    const int32_t hi = Date::FromYmd(2026, 6, 1).days();
    const auto span = static_cast<uint64_t>(int64_t{hi} - lo + 1);
    return Date::FromDays(lo + static_cast<int32_t>(Below(span)));
  }

  std::vector<Entity> Entities(size_t n) {
    std::set<std::string> codes;
    std::vector<Entity> out;
    while (out.size() < n) {
      std::string c = Code(Pick(TestRegions()));
      if (!codes.insert(c).second) continue;
      out.push_back(RandomEntity(c));
    }
    return out;
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

EntityIndex::Scanner ScanOf(const std::vector<Entity>& entities) {
  return [&entities](const std::function<bool(const Entity&)>& fn) {
    for (const Entity& e : entities) {
      if (!fn(e)) break;
    }
    return Status::Ok();
  };
}

std::vector<Entity> Sorted(std::vector<Entity> v) {
  std::sort(v.begin(), v.end(), [](const Entity& a, const Entity& b) { return a.code < b.code; });
  return v;
}

EntityIndex MustBuild(const std::vector<Entity>& entities, IndexOptions options = {}) {
  Result<EntityIndex> r = EntityIndex::Build(ScanOf(entities), options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

// --- the reference: a plain filter over the entities -------------------------------------

struct Expected {
  std::vector<std::pair<std::string, std::string>> members;  // (code, label), by code
  std::map<std::string, int64_t> sizes;
  ExclusionCounts excluded;
};

template <typename T>
bool AllowedBy(const std::vector<T>& allowed, T v) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

Expected Reference(const std::map<std::string, Entity>& live, const PoolFilter& f,
                   Stratify stratify) {
  const core::IndustryTree& tree = core::IndustryTree::Builtin();
  std::vector<std::string> regions;
  std::vector<std::string> industries;
  for (const std::string& p : f.region_prefixes) regions.push_back(*core::CanonicalRegionPrefix(p));
  for (const std::string& p : f.industry_prefixes) industries.push_back(*tree.CanonicalPrefix(p));
  const std::set<std::string> listed(f.exclude_codes.begin(), f.exclude_codes.end());
  Expected out;
  for (const auto& [code, e] : live) {
    if (!regions.empty() && std::none_of(regions.begin(), regions.end(), [&](const std::string& p) {
          return core::RegionMatches(e.region, p);
        })) {
      continue;
    }
    if (!industries.empty() &&
        std::none_of(industries.begin(), industries.end(),
                     [&](const std::string& p) { return tree.Matches(e.industry, p); })) {
      continue;
    }
    if (!AllowedBy(f.types, e.type) || !AllowedBy(f.statuses, e.status) ||
        !AllowedBy(f.risks, e.risk)) {
      continue;
    }
    if (!f.tags_any.empty() &&
        std::none_of(f.tags_any.begin(), f.tags_any.end(), [&](const std::string& t) {
          return std::find(e.tags.begin(), e.tags.end(), t) != e.tags.end();
        })) {
      continue;
    }
    // Last-inspected days before 2000 are kept as 2000-01-01 by the index.
    std::optional<Date> last = e.last_inspected;
    if (last && *last < Date::FromYmd(2000, 1, 1)) last = Date::FromYmd(2000, 1, 1);
    if (f.exclude_inspected_since && last && *last >= *f.exclude_inspected_since) {
      ++out.excluded.cooled_down;
      continue;
    }
    if (f.exclude_drawn != nullptr && f.exclude_drawn->Contains(code)) {
      ++out.excluded.annual_cap;
      continue;
    }
    if (listed.count(code) != 0) {
      ++out.excluded.explicit_list;
      continue;
    }
    std::string label;
    if (stratify == Stratify::kRiskClass) {
      label = e.risk == RiskClass::kNone ? "U" : std::string(core::WireName(e.risk));
      std::transform(label.begin(), label.end(), label.begin(),
                     [](char ch) { return static_cast<char>(std::toupper(ch)); });
    }
    out.members.emplace_back(code, label);
    ++out.sizes[label];
  }
  return out;
}

// Checks the pool's own invariants and compares it with the reference.
void ExpectMatches(const Pool& pool, const Expected& want, const std::string& what) {
  ASSERT_EQ(pool.labels.size(), pool.stratum_sizes.size()) << what;
  EXPECT_TRUE(std::is_sorted(pool.labels.begin(), pool.labels.end())) << what;
  std::vector<std::pair<std::string, std::string>> got;
  got.reserve(pool.members.size());
  std::vector<int64_t> sizes(pool.labels.size(), 0);
  for (const PoolMember& m : pool.members) {
    ASSERT_LT(m.stratum, pool.labels.size()) << what;
    got.emplace_back(std::string(CodeView(m.code)), pool.labels[m.stratum]);
    ++sizes[m.stratum];
  }
  EXPECT_EQ(sizes, pool.stratum_sizes) << what;
  for (size_t i = 1; i < got.size(); ++i) {
    ASSERT_LT(got[i - 1].first, got[i].first) << what << ": members not strictly sorted";
  }
  EXPECT_EQ(got.size(), want.members.size()) << what;
  EXPECT_TRUE(got == want.members) << what;
  std::map<std::string, int64_t> got_sizes;
  for (size_t i = 0; i < pool.labels.size(); ++i) got_sizes[pool.labels[i]] = pool.stratum_sizes[i];
  EXPECT_EQ(got_sizes, want.sizes) << what;
  EXPECT_EQ(pool.excluded, want.excluded) << what;
}

std::map<std::string, Entity> Live(const std::vector<Entity>& entities) {
  std::map<std::string, Entity> live;
  for (const Entity& e : entities) live[e.code] = e;
  return live;
}

// A random filter drawn from values that occur in the data (and a few that do not).
struct RandomFilter {
  PoolFilter filter;
  Stratify stratify = Stratify::kNone;
  std::unique_ptr<CodeSet> drawn;
};

RandomFilter MakeRandomFilter(Gen& g, const std::vector<Entity>& entities) {
  RandomFilter r;
  PoolFilter& f = r.filter;
  const core::IndustryTree& tree = core::IndustryTree::Builtin();
  if (g.Chance(60)) {
    const uint64_t n = 1 + g.Below(3);
    for (uint64_t i = 0; i < n; ++i) {
      const int32_t region = g.Pick(TestRegions());
      if (region == 0) {
        f.region_prefixes.emplace_back("43");
        continue;
      }
      const std::string s = std::to_string(region);
      switch (g.Below(5)) {
        case 0:
          f.region_prefixes.push_back(s.substr(0, 2));
          break;
        case 1:
          f.region_prefixes.push_back(s.substr(0, 4));
          break;
        case 2:
          f.region_prefixes.push_back(s.substr(0, 4) + "00");
          break;
        default:
          f.region_prefixes.push_back(s);
          break;
      }
    }
  }
  if (g.Chance(40)) {
    const uint64_t n = 1 + g.Below(2);
    for (uint64_t i = 0; i < n; ++i) {
      std::string code;
      while (code.size() < 2 || tree.Find(code.substr(0, 2)) == nullptr) {
        code = g.Pick(entities).industry;
      }
      const std::string section = tree.SectionOf(code.substr(0, 2));
      switch (g.Below(5)) {
        case 0:
          f.industry_prefixes.push_back(section);
          break;
        case 1:
          f.industry_prefixes.push_back(code.substr(0, 2));
          break;
        case 2:
          f.industry_prefixes.push_back(section + code.substr(0, 2));
          break;
        default:
          if (tree.Find(code) != nullptr && core::IndustryLevelOf(code) >= 2) {
            f.industry_prefixes.push_back(code);
          } else {
            f.industry_prefixes.push_back(code.substr(0, 2));
          }
      }
    }
  }
  if (g.Chance(35)) {
    for (int t = 0; t < 4; ++t) {
      if (g.Chance(50)) f.types.push_back(static_cast<EntityType>(t));
    }
  }
  if (g.Chance(30)) {
    const uint64_t n = 1 + g.Below(2);
    for (uint64_t i = 0; i < n; ++i) f.tags_any.push_back(g.Pick(TagNames()));
    if (g.Chance(20)) f.tags_any.emplace_back("never_seen_tag");
  }
  switch (g.Below(3)) {
    case 0:
      break;  // default: active
    case 1:
      f.statuses.clear();
      break;
    default:
      f.statuses.clear();
      for (int s = 0; s < 6; ++s) {
        if (g.Chance(40)) f.statuses.push_back(static_cast<RegistrationStatus>(s));
      }
  }
  if (g.Chance(35)) {
    for (int k = 0; k < 5; ++k) {
      if (g.Chance(50)) f.risks.push_back(static_cast<RiskClass>(k));
    }
  }
  if (g.Chance(50)) f.exclude_inspected_since = g.RandomDay();
  if (g.Chance(35)) {
    std::vector<Code> codes;
    for (const Entity& e : entities) {
      if (g.Chance(10)) codes.push_back(*ToCode(e.code));
    }
    codes.push_back(*ToCode(g.Code(430302)));
    r.drawn = std::make_unique<CodeSet>(CodeSet::Build(std::move(codes)));
    f.exclude_drawn = r.drawn.get();
  }
  if (g.Chance(35)) {
    const uint64_t n = g.Below(60);
    for (uint64_t i = 0; i < n; ++i) f.exclude_codes.push_back(g.Pick(entities).code);
    f.exclude_codes.push_back(g.Code(430302));
  }
  r.stratify = g.Chance(50) ? Stratify::kRiskClass : Stratify::kNone;
  return r;
}

std::string Describe(const PoolFilter& f) {
  std::string s = "regions=";
  for (const auto& p : f.region_prefixes) s += p + ",";
  s += " industries=";
  for (const auto& p : f.industry_prefixes) s += p + ",";
  s += " types=" + std::to_string(f.types.size()) + " tags=" + std::to_string(f.tags_any.size()) +
       " statuses=" + std::to_string(f.statuses.size()) +
       " risks=" + std::to_string(f.risks.size()) +
       " since=" + (f.exclude_inspected_since ? f.exclude_inspected_since->ToString() : "-") +
       " drawn=" + (f.exclude_drawn ? std::to_string(f.exclude_drawn->size()) : "-") +
       " listed=" + std::to_string(f.exclude_codes.size());
  return s;
}

// --- tests -------------------------------------------------------------------------------

TEST(CodeSetTest, SortsDeduplicatesAndFinds) {
  const CodeSet set = CodeSet::Build({*ToCode("91430302ZZZZZZZZZZ"), *ToCode("91430302AAAAAAAAAA"),
                                      *ToCode("91430302ZZZZZZZZZZ")});
  ASSERT_EQ(set.size(), 2u);
  EXPECT_EQ(CodeView(set.codes()[0]), "91430302AAAAAAAAAA");
  EXPECT_TRUE(set.Contains("91430302ZZZZZZZZZZ"));
  EXPECT_FALSE(set.Contains("91430302BBBBBBBBBB"));
  EXPECT_FALSE(set.Contains("91430302ZZZZZZZZZ"));  // 17 characters
  EXPECT_TRUE(CodeSet().empty());

  const Result<CodeSet> bad = CodeSet::FromStrings({"91430302AAAAAAAAAA", "short"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'short'"), std::string::npos);
}

TEST(EntityIndexTest, FindDecodesEveryField) {
  Entity e;
  e.code = "91430302MA4L0ABC1X";
  e.region = 430302;
  e.industry = "5211";
  e.type = EntityType::kCooperative;
  e.status = RegistrationStatus::kLiquidating;
  e.risk = RiskClass::kC;
  e.tags = {"pharmacy", "catering"};
  e.last_inspected = Date::FromYmd(2025, 11, 3);
  Entity never = e;
  never.code = "92430321AAAAAAAAAA";
  never.tags.clear();
  never.last_inspected.reset();
  never.risk = RiskClass::kNone;
  const EntityIndex index = MustBuild({e, never});
  ASSERT_EQ(index.size(), 2u);

  const std::optional<IndexedEntity> got = index.Find(e.code);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->code, e.code);
  EXPECT_EQ(got->region, 430302);
  EXPECT_EQ(got->industry, "5211");
  EXPECT_EQ(got->type, EntityType::kCooperative);
  EXPECT_EQ(got->status, RegistrationStatus::kLiquidating);
  EXPECT_EQ(got->risk, RiskClass::kC);
  EXPECT_EQ(got->tags, (std::vector<std::string>{"catering", "pharmacy"}));
  EXPECT_EQ(got->last_inspected, Date::FromYmd(2025, 11, 3));

  const std::optional<IndexedEntity> other = index.Find(never.code);
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->last_inspected.has_value());
  EXPECT_TRUE(other->tags.empty());
  EXPECT_EQ(other->risk, RiskClass::kNone);

  EXPECT_FALSE(index.Find("91430302MA4L0ABC1Y").has_value());
  EXPECT_FALSE(index.Find("91430302").has_value());
  EXPECT_FALSE(index.Find("").has_value());
}

TEST(EntityIndexTest, LastInspectedRange) {
  struct Case {
    Date day;
    std::optional<Date> read_back;  // nullopt = rejected with kOutOfRange
  };
  const std::vector<Case> cases = {
      {Date::FromYmd(2000, 1, 1), Date::FromYmd(2000, 1, 1)},
      {Date::FromYmd(2000, 1, 2), Date::FromYmd(2000, 1, 2)},
      {Date::FromYmd(1999, 12, 31), Date::FromYmd(2000, 1, 1)},
      {Date::FromYmd(1970, 1, 1), Date::FromYmd(2000, 1, 1)},
      {Date::FromYmd(2179, 6, 5), Date::FromYmd(2179, 6, 5)},
      {Date::FromYmd(2179, 6, 6), std::nullopt},
  };
  for (const Case& c : cases) {
    EntityIndex index;
    Entity e;
    e.code = "91430302AAAAAAAAAA";
    e.last_inspected = c.day;
    const Status s = index.Upsert(e);
    if (!c.read_back) {
      EXPECT_EQ(s.code(), StatusCode::kOutOfRange) << c.day.ToString();
      EXPECT_EQ(index.size(), 0u);
      continue;
    }
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(index.Find(e.code)->last_inspected, c.read_back) << c.day.ToString();
  }
}

TEST(EntityIndexTest, BuildErrors) {
  Gen g(7);
  std::vector<Entity> entities = Sorted(g.Entities(50));

  std::vector<Entity> short_code = entities;
  short_code[10].code = "9143030";
  Result<EntityIndex> r = EntityIndex::Build(ScanOf(short_code));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  std::vector<Entity> dup = entities;
  dup[11].code = dup[10].code;  // adjacent: found during the scan
  r = EntityIndex::Build(ScanOf(dup));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("twice"), std::string::npos);

  std::vector<Entity> dup_unsorted = entities;
  dup_unsorted[40].code = dup_unsorted[3].code;
  std::swap(dup_unsorted[0], dup_unsorted[20]);  // found after sorting
  r = EntityIndex::Build(ScanOf(dup_unsorted));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  std::vector<Entity> bad_enum = entities;
  bad_enum[5].status = static_cast<RegistrationStatus>(9);
  r = EntityIndex::Build(ScanOf(bad_enum));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  const EntityIndex::Scanner failing = [](const std::function<bool(const Entity&)>&) {
    return Status(StatusCode::kUnavailable, "database busy");
  };
  r = EntityIndex::Build(failing);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
}

TEST(EntityIndexTest, UnsortedInputIsSorted) {
  Gen g(8);
  const std::vector<Entity> entities = g.Entities(3000);  // random order
  const EntityIndex a = MustBuild(entities);
  const EntityIndex b = MustBuild(Sorted(entities));
  PoolFilter all;
  all.statuses.clear();
  const Result<Pool> pa = a.BuildPool(all, Stratify::kRiskClass);
  const Result<Pool> pb = b.BuildPool(all, Stratify::kRiskClass);
  ASSERT_TRUE(pa.ok() && pb.ok());
  EXPECT_EQ(*pa, *pb);
  ExpectMatches(*pa, Reference(Live(entities), all, Stratify::kRiskClass), "all");
}

TEST(EntityIndexTest, SixtyFifthTagIsResourceExhausted) {
  std::vector<Entity> entities;
  for (int i = 0; i < 64; ++i) {
    Entity e;
    e.code = "9143030200000000" + std::to_string(10 + i);
    e.tags = {"tag" + std::to_string(i)};
    entities.push_back(e);
  }
  EntityIndex index = MustBuild(entities);
  EXPECT_EQ(index.size(), 64u);
  const std::vector<std::string> tags = index.Tags();
  ASSERT_EQ(tags.size(), 64u);
  EXPECT_TRUE(std::is_sorted(tags.begin(), tags.end()));
  EXPECT_EQ(tags.front(), "tag0");
  EXPECT_EQ(tags.back(), "tag9");

  Entity e65;
  e65.code = "91430302000000ZZZZ";
  e65.region = 430999;  // a new region would be added too: it must not be
  e65.tags = {"tag3", "tag64"};
  const Status s = index.Upsert(e65);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("'tag64'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("65th"), std::string::npos) << s.message();
  EXPECT_EQ(index.size(), 64u);
  EXPECT_EQ(index.Tags(), tags);  // the refused tag was not added
  EXPECT_FALSE(index.Find(e65.code).has_value());
  // Known tags are still fine.
  e65.tags = {"tag3", "tag63"};
  EXPECT_TRUE(index.Upsert(e65).ok());

  entities.push_back(Entity{});
  entities.back().code = "91430302000000ZZZZ";
  entities.back().tags = {"tag64"};
  const Result<EntityIndex> r = EntityIndex::Build(ScanOf(entities));
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
}

TEST(EntityIndexTest, InvalidFilters) {
  Gen g(9);
  const EntityIndex index = MustBuild(Sorted(g.Entities(100)));
  struct Case {
    std::string name;
    PoolFilter filter;
  };
  std::vector<Case> cases;
  for (const std::string p : {"4", "430", "4300", "43030", "99", "abc", ""}) {
    PoolFilter f;
    f.region_prefixes = {"43", p};
    cases.push_back({"region " + p, f});
  }
  for (const std::string p : {"A52", "U", "99", "52111", "5", "x"}) {
    PoolFilter f;
    f.industry_prefixes = {p};
    cases.push_back({"industry " + p, f});
  }
  PoolFilter short_code;
  short_code.exclude_codes = {"91430302"};
  cases.push_back({"short excluded code", short_code});
  PoolFilter bad_type;
  bad_type.types = {static_cast<EntityType>(4)};
  cases.push_back({"type", bad_type});
  PoolFilter bad_risk;
  bad_risk.risks = {static_cast<RiskClass>(-1)};
  cases.push_back({"risk", bad_risk});
  for (const Case& c : cases) {
    EXPECT_EQ(index.BuildPool(c.filter, Stratify::kNone).status().code(),
              StatusCode::kInvalidArgument)
        << c.name;
    EXPECT_EQ(index.CountPool(c.filter).status().code(), StatusCode::kInvalidArgument) << c.name;
  }
}

// Each filter on its own, table-driven, against the reference.
TEST(EntityIndexTest, EachFilterAlone) {
  Gen g(10);
  const std::vector<Entity> entities = Sorted(g.Entities(5000));
  const EntityIndex index = MustBuild(entities);
  const auto live = Live(entities);
  const CodeSet drawn = [&] {
    std::vector<Code> codes;
    for (size_t i = 0; i < entities.size(); i += 7) codes.push_back(*ToCode(entities[i].code));
    return CodeSet::Build(codes);
  }();
  std::vector<std::pair<std::string, PoolFilter>> cases;
  auto add = [&](const std::string& name, auto edit) {
    PoolFilter f;
    f.statuses.clear();
    edit(f);
    cases.emplace_back(name, f);
  };
  add("nothing", [](PoolFilter&) {});
  add("default statuses", [](PoolFilter& f) { f.statuses = PoolFilter().statuses; });
  add("province", [](PoolFilter& f) { f.region_prefixes = {"43"}; });
  add("prefecture", [](PoolFilter& f) { f.region_prefixes = {"4303"}; });
  add("prefecture as 6 digits", [](PoolFilter& f) { f.region_prefixes = {"430300"}; });
  add("county", [](PoolFilter& f) { f.region_prefixes = {"430302"}; });
  add("two counties", [](PoolFilter& f) { f.region_prefixes = {"430302", "430121"}; });
  add("other province", [](PoolFilter& f) { f.region_prefixes = {"11"}; });
  add("no such region", [](PoolFilter& f) { f.region_prefixes = {"65"}; });
  add("section", [](PoolFilter& f) { f.industry_prefixes = {"F"}; });
  add("division", [](PoolFilter& f) { f.industry_prefixes = {"52"}; });
  add("lettered division", [](PoolFilter& f) { f.industry_prefixes = {"F52"}; });
  add("group", [](PoolFilter& f) { f.industry_prefixes = {"521"}; });
  add("sections", [](PoolFilter& f) { f.industry_prefixes = {"C", "H", "A"}; });
  add("types", [](PoolFilter& f) { f.types = {EntityType::kIndividual, EntityType::kOther}; });
  add("tag", [](PoolFilter& f) { f.tags_any = {"pharmacy"}; });
  add("tags", [](PoolFilter& f) { f.tags_any = {"pharmacy", "catering"}; });
  add("unknown tag", [](PoolFilter& f) { f.tags_any = {"unknown"}; });
  add("statuses", [](PoolFilter& f) {
    f.statuses = {RegistrationStatus::kSuspended, RegistrationStatus::kRevoked};
  });
  add("risks", [](PoolFilter& f) { f.risks = {RiskClass::kNone, RiskClass::kD}; });
  add("cool-down", [](PoolFilter& f) { f.exclude_inspected_since = Date::FromYmd(2025, 6, 1); });
  add("cool-down before 2000",
      [](PoolFilter& f) { f.exclude_inspected_since = Date::FromYmd(1990, 1, 1); });
  add("cool-down far future",
      [](PoolFilter& f) { f.exclude_inspected_since = Date::FromYmd(2600, 1, 1); });
  add("annual cap", [&](PoolFilter& f) { f.exclude_drawn = &drawn; });
  add("explicit list", [&](PoolFilter& f) {
    f.exclude_codes = {entities[3].code, entities[3].code, entities[4000].code};
  });
  add("combined", [&](PoolFilter& f) {
    f.region_prefixes = {"4303", "4301"};
    f.industry_prefixes = {"F", "C"};
    f.types = {EntityType::kEnterprise, EntityType::kIndividual};
    f.statuses = {RegistrationStatus::kActive};
    f.risks = {RiskClass::kA, RiskClass::kB, RiskClass::kNone};
    f.exclude_inspected_since = Date::FromYmd(2024, 1, 1);
    f.exclude_drawn = &drawn;
    f.exclude_codes = {entities[10].code};
  });
  for (const auto& [name, f] : cases) {
    for (const Stratify st : {Stratify::kNone, Stratify::kRiskClass}) {
      const Result<Pool> pool = index.BuildPool(f, st);
      ASSERT_TRUE(pool.ok()) << name << ": " << pool.status().ToString();
      const Expected want = Reference(live, f, st);
      ExpectMatches(*pool, want, name);
      const Result<int64_t> count = index.CountPool(f);
      ASSERT_TRUE(count.ok());
      EXPECT_EQ(*count, static_cast<int64_t>(want.members.size())) << name;
    }
  }
}

TEST(EntityIndexTest, StratumLabels) {
  std::vector<Entity> entities;
  const RiskClass risks[] = {RiskClass::kD, RiskClass::kNone, RiskClass::kA, RiskClass::kA};
  for (int i = 0; i < 4; ++i) {
    Entity e;
    e.code = "914303020000000" + std::to_string(100 + i);
    e.risk = risks[i];
    entities.push_back(e);
  }
  const EntityIndex index = MustBuild(entities);
  Result<Pool> pool = index.BuildPool(PoolFilter(), Stratify::kRiskClass);
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ(pool->labels, (std::vector<std::string>{"A", "D", "U"}));  // no B, no C
  EXPECT_EQ(pool->stratum_sizes, (std::vector<int64_t>{2, 1, 1}));
  ASSERT_EQ(pool->members.size(), 4u);
  EXPECT_EQ(pool->members[0].stratum, 1);  // D
  EXPECT_EQ(pool->members[1].stratum, 2);  // U
  EXPECT_EQ(pool->members[2].stratum, 0);  // A

  pool = index.BuildPool(PoolFilter(), Stratify::kNone);
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ(pool->labels, (std::vector<std::string>{""}));
  EXPECT_EQ(pool->stratum_sizes, (std::vector<int64_t>{4}));

  PoolFilter none;
  none.region_prefixes = {"11"};
  pool = index.BuildPool(none, Stratify::kRiskClass);
  ASSERT_TRUE(pool.ok());
  EXPECT_TRUE(pool->labels.empty());
  EXPECT_TRUE(pool->members.empty());
  EXPECT_TRUE(pool->stratum_sizes.empty());
}

TEST(EntityIndexTest, ExclusionCountsTakeTheFirstReason) {
  std::vector<Entity> entities;
  for (int i = 0; i < 6; ++i) {
    Entity e;
    e.code = "914303020000000" + std::to_string(100 + i);
    entities.push_back(e);
  }
  entities[0].last_inspected = Date::FromYmd(2026, 1, 1);  // cooled and drawn and listed
  entities[1].last_inspected = Date::FromYmd(2026, 1, 1);  // cooled
  entities[2].last_inspected = Date::FromYmd(2024, 1, 1);  // drawn (inspected long ago)
  // entities[3] drawn and listed; [4] listed; [5] kept
  entities[3].status = RegistrationStatus::kActive;
  const EntityIndex index = MustBuild(entities);
  const CodeSet drawn = CodeSet::Build(
      {*ToCode(entities[0].code), *ToCode(entities[2].code), *ToCode(entities[3].code)});
  PoolFilter f;
  f.exclude_inspected_since = Date::FromYmd(2025, 6, 1);
  f.exclude_drawn = &drawn;
  f.exclude_codes = {entities[0].code, entities[3].code, entities[4].code};
  const Result<Pool> pool = index.BuildPool(f, Stratify::kNone);
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ(pool->excluded, (ExclusionCounts{2, 2, 1}));
  ASSERT_EQ(pool->members.size(), 1u);
  EXPECT_EQ(CodeView(pool->members[0].code), entities[5].code);
  // Entities outside the filter are not counted as excluded.
  f.statuses = {RegistrationStatus::kRevoked};
  EXPECT_EQ(index.BuildPool(f, Stratify::kNone)->excluded, ExclusionCounts{});
}

// Many random filters, alone and combined, against the reference (property test).
TEST(EntityIndexTest, RandomFiltersMatchReference) {
  Gen g(20260601);
  const std::vector<Entity> entities = Sorted(g.Entities(20000));
  const auto live = Live(entities);
  const EntityIndex index = MustBuild(entities);
  IndexOptions three;
  three.scan_threads = 3;
  const EntityIndex threaded = MustBuild(entities, three);
  for (int iter = 0; iter < 400; ++iter) {
    const RandomFilter r = MakeRandomFilter(g, entities);
    const std::string what = "iteration " + std::to_string(iter) + ": " + Describe(r.filter);
    const Result<Pool> pool = index.BuildPool(r.filter, r.stratify);
    ASSERT_TRUE(pool.ok()) << what << ": " << pool.status().ToString();
    const Expected want = Reference(live, r.filter, r.stratify);
    ExpectMatches(*pool, want, what);
    const Result<Pool> pool3 = threaded.BuildPool(r.filter, r.stratify);
    ASSERT_TRUE(pool3.ok());
    EXPECT_TRUE(*pool3 == *pool) << what;
    EXPECT_EQ(*index.CountPool(r.filter), static_cast<int64_t>(want.members.size())) << what;
    EXPECT_EQ(*threaded.CountPool(r.filter), static_cast<int64_t>(want.members.size())) << what;
    if (::testing::Test::HasFailure()) break;
  }
}

// The same changes applied to indexes scanning with 1, 2 and 7 threads give identical pools,
// with new codes in the overlay falling into every chunk.
TEST(EntityIndexTest, ThreadCountDoesNotChangeResults) {
  Gen g(11);
  std::vector<Entity> entities = Sorted(g.Entities(6000));
  std::vector<EntityIndex> indexes;
  for (const int t : {1, 2, 7}) {
    IndexOptions o;
    o.scan_threads = t;
    o.overlay_limit = 100000;  // keep everything in the overlay
    indexes.push_back(MustBuild(entities, o));
  }
  const std::vector<Entity> added = g.Entities(500);
  for (EntityIndex& index : indexes) {
    for (const Entity& e : added) ASSERT_TRUE(index.Upsert(e).ok());
    ASSERT_EQ(index.Stats().overlay_rows, 500);
  }
  entities.insert(entities.end(), added.begin(), added.end());
  const auto live = Live(entities);
  for (int iter = 0; iter < 60; ++iter) {
    const RandomFilter r = MakeRandomFilter(g, entities);
    const Result<Pool> p1 = indexes[0].BuildPool(r.filter, r.stratify);
    ASSERT_TRUE(p1.ok());
    ExpectMatches(*p1, Reference(live, r.filter, r.stratify), Describe(r.filter));
    EXPECT_TRUE(*indexes[1].BuildPool(r.filter, r.stratify) == *p1);
    EXPECT_TRUE(*indexes[2].BuildPool(r.filter, r.stratify) == *p1);
  }
}

// Random upserts (new codes, replacements, re-inserts) and removals; pools, Find and size()
// follow the reference throughout, across many overlay merges.
TEST(EntityIndexTest, UpsertAndRemoveAcrossMerges) {
  Gen g(12);
  std::vector<Entity> initial = Sorted(g.Entities(3000));
  IndexOptions o;
  o.overlay_limit = 40;
  o.scan_threads = 2;
  EntityIndex index = MustBuild(initial, o);
  std::map<std::string, Entity> live = Live(initial);
  std::vector<std::string> removed;
  std::vector<std::string> known;
  for (const Entity& e : initial) known.push_back(e.code);

  for (int op = 0; op < 3000; ++op) {
    const uint64_t kind = g.Below(100);
    if (kind < 35) {  // a new code
      Entity e = g.RandomEntity(g.Code(g.Pick(TestRegions())));
      if (live.count(e.code) != 0) continue;
      ASSERT_TRUE(index.Upsert(e).ok());
      known.push_back(e.code);
      live[e.code] = e;
    } else if (kind < 60) {  // replace an existing entity
      const std::string code = g.Pick(known);
      if (live.count(code) == 0) continue;
      const Entity e = g.RandomEntity(code);
      ASSERT_TRUE(index.Upsert(e).ok());
      live[code] = e;
    } else if (kind < 85) {  // remove
      const std::string code = g.Pick(known);
      const Status s = index.Remove(code);
      if (live.count(code) == 0) {
        EXPECT_EQ(s.code(), StatusCode::kNotFound);
        continue;
      }
      ASSERT_TRUE(s.ok()) << s.ToString();
      live.erase(code);
      removed.push_back(code);
    } else if (!removed.empty()) {  // bring back a removed code
      const std::string code = g.Pick(removed);
      if (live.count(code) != 0) continue;
      const Entity e = g.RandomEntity(code);
      ASSERT_TRUE(index.Upsert(e).ok());
      live[code] = e;
    }
    ASSERT_EQ(index.size(), live.size());
    if (op % 97 == 0) {
      const std::vector<Entity> now = [&] {
        std::vector<Entity> v;
        for (const auto& [c, e] : live) v.push_back(e);
        return v;
      }();
      for (int k = 0; k < 4; ++k) {
        const RandomFilter r = MakeRandomFilter(g, now);
        const Result<Pool> pool = index.BuildPool(r.filter, r.stratify);
        ASSERT_TRUE(pool.ok());
        ExpectMatches(*pool, Reference(live, r.filter, r.stratify),
                      "op " + std::to_string(op) + ": " + Describe(r.filter));
      }
      for (int k = 0; k < 20; ++k) {
        const std::string& code = g.Pick(known);
        const std::optional<IndexedEntity> got = index.Find(code);
        const auto it = live.find(code);
        ASSERT_EQ(got.has_value(), it != live.end()) << code;
        if (got) {
          EXPECT_EQ(got->region, it->second.region);
          EXPECT_EQ(got->industry, it->second.industry);
          EXPECT_EQ(got->risk, it->second.risk);
          EXPECT_EQ(got->tags, it->second.tags);
        }
      }
    }
    if (::testing::Test::HasFailure()) return;
  }
  const IndexStats st = index.Stats();
  EXPECT_GT(st.merges, 10);
  EXPECT_EQ(st.rows, static_cast<int64_t>(live.size()));
  EXPECT_EQ(index.Remove("not a code").code(), StatusCode::kNotFound);
  EXPECT_EQ(index.Remove("91430302XXXXXXXXXX").code(), StatusCode::kNotFound);
}

TEST(EntityIndexTest, DefaultOverlayLimitMerges) {
  Gen g(13);
  const std::vector<Entity> initial = Sorted(g.Entities(1000));
  EntityIndex index = MustBuild(initial);
  auto live = Live(initial);
  const std::vector<Entity> added = g.Entities(5000);
  int64_t inserted = 0;
  for (const Entity& e : added) {
    if (live.count(e.code) != 0) continue;
    ASSERT_TRUE(index.Upsert(e).ok());
    live[e.code] = e;
    ++inserted;
  }
  EXPECT_GE(index.Stats().merges, 1);
  EXPECT_LT(index.Stats().overlay_rows, 4097);
  ASSERT_TRUE(index.Remove(initial[5].code).ok());
  live.erase(initial[5].code);
  PoolFilter f;
  f.exclude_inspected_since = Date::FromYmd(2025, 1, 1);
  ExpectMatches(*index.BuildPool(f, Stratify::kRiskClass), Reference(live, f, Stratify::kRiskClass),
                "after merge");
}

TEST(EntityIndexTest, AtMostFortyBytesPerEntityAtOneMillion) {
  constexpr int64_t kRows = 1000000;
  const auto& regions = TestRegions();
  const auto& industries = core::IndustryTree::Builtin().rows();
  const EntityIndex::Scanner scan = [&](const std::function<bool(const Entity&)>& fn) {
    Entity e;
    char code[32];
    for (int64_t i = 0; i < kRows; ++i) {
      std::snprintf(code, sizeof(code), "91430302%010lld", static_cast<long long>(i));
      e.code = code;
      e.region = regions[static_cast<size_t>(i) % regions.size()];
      e.industry = industries[static_cast<size_t>(i * 7) % industries.size()].code;
      e.risk = static_cast<RiskClass>(i % 5);
      e.tags.clear();
      if (i % 9 == 0) e.tags = {TagNames()[static_cast<size_t>(i) % TagNames().size()]};
      e.last_inspected.reset();
      if (i % 5 == 0)
        e.last_inspected = Date::FromYmd(2025, 1, 1).AddDays(static_cast<int32_t>(i % 500));
      if (!fn(e)) break;
    }
    return Status::Ok();
  };
  const Result<EntityIndex> index = EntityIndex::Build(scan);  // no size hint: shrink_to_fit
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  ASSERT_EQ(index->size(), static_cast<size_t>(kRows));
  const size_t bytes = index->MemoryBytes();
  std::printf("memory: %zu bytes for %lld entities = %.2f bytes/entity\n", bytes,
              static_cast<long long>(kRows), static_cast<double>(bytes) / kRows);
  EXPECT_LE(bytes, static_cast<size_t>(40 * kRows));
  PoolFilter f;
  f.region_prefixes = {"4303"};
  EXPECT_GT(*index->CountPool(f), 0);
}

// Readers build pools and look up codes while a writer upserts and removes; no crash, every
// pool is internally consistent, and the end state matches the reference.
TEST(EntityIndexTest, ConcurrentReadersWithAWriter) {
  Gen g(14);
  const std::vector<Entity> initial = Sorted(g.Entities(20000));
  IndexOptions o;
  o.overlay_limit = 64;
  EntityIndex index = MustBuild(initial, o);
  auto live = Live(initial);
  std::vector<std::string> codes;
  for (const Entity& e : initial) codes.push_back(e.code);

  std::atomic<bool> done{false};
  std::atomic<int64_t> pools{0};
  std::atomic<int64_t> bad{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      Gen rg(100 + static_cast<uint64_t>(t));
      while (!done.load()) {
        PoolFilter f;
        f.region_prefixes = {rg.Chance(50) ? "43" : "4303"};
        f.exclude_inspected_since = Date::FromYmd(2025, 1, 1);
        const Result<Pool> pool = index.BuildPool(f, Stratify::kRiskClass);
        if (!pool.ok()) {
          ++bad;
          continue;
        }
        int64_t sum = 0;
        for (const int64_t s : pool->stratum_sizes) sum += s;
        if (sum != static_cast<int64_t>(pool->members.size())) ++bad;
        for (size_t i = 1; i < pool->members.size(); ++i) {
          if (CodeView(pool->members[i - 1].code) >= CodeView(pool->members[i].code)) ++bad;
        }
        if (!index.CountPool(f).ok()) ++bad;
        (void)index.Find(codes[rg.Below(codes.size())]);
        (void)index.size();
        ++pools;
      }
    });
  }
  for (int op = 0; op < 4000; ++op) {
    if (g.Chance(60)) {
      Entity e = g.RandomEntity(g.Chance(50) ? g.Code(g.Pick(TestRegions())) : g.Pick(codes));
      ASSERT_TRUE(index.Upsert(e).ok());
      live[e.code] = e;
    } else {
      const std::string& code = g.Pick(codes);
      const Status s = index.Remove(code);
      EXPECT_EQ(s.ok(), live.erase(code) == 1);
    }
  }
  while (pools.load() < 10) std::this_thread::yield();
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(index.Stats().merges, 0);
  PoolFilter f;
  f.statuses.clear();
  ExpectMatches(*index.BuildPool(f, Stratify::kRiskClass), Reference(live, f, Stratify::kRiskClass),
                "final");
}

}  // namespace
}  // namespace sunlit::index
