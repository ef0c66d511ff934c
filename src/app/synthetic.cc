// Random source, person names, county naming and market-supervision stations shared by the
// generator and the demo; word lists are plain data so that output is stable across builds.
#include "app/synthetic.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <map>

#include "core/region.h"

namespace sunlit::app::synth {
namespace {

// Hunan's common surnames, roughly by frequency (a surname listed twice is twice as likely).
constexpr std::string_view kSurnames[] = {
    "刘", "刘", "刘", "李", "李", "李",   "王", "王", "陈", "陈", "张", "张", "彭", "彭",
    "谭", "谭", "曾", "周", "周", "罗",   "邓", "唐", "黄", "胡", "杨", "易", "龙", "文",
    "贺", "肖", "赵", "吴", "蒋", "欧阳", "廖", "向", "田", "袁", "谢", "朱", "何", "郭",
    "雷", "聂", "石", "汤", "姚", "颜",   "钟", "邹", "段", "尹", "万", "宋", "戴", "熊",
    "龚", "孙", "许", "马", "郑", "付",   "毛", "夏", "康", "伍", "左", "凌", "柳", "皮"};

constexpr std::string_view kGivenMale[] = {
    "伟", "强", "军", "勇", "斌", "杰", "涛", "明", "辉", "华", "平", "建", "国", "志", "鹏",
    "磊", "超", "波", "林", "峰", "浩", "宇", "俊", "文", "湘", "刚", "亮", "飞", "鑫", "博",
    "凯", "彬", "坤", "晖", "卫", "东", "海", "龙", "宏", "立", "新", "阳", "正", "德", "良"};
constexpr std::string_view kGivenFemale[] = {
    "芳", "丽", "娟", "敏", "静", "霞", "燕", "红", "艳", "玲", "婷", "慧", "琳", "莉", "萍",
    "洁", "颖", "雪", "琼", "蓉", "佳", "倩", "薇", "晶", "岚", "娜", "媛", "欣", "怡", "瑶"};

// Stations of the five Xiangtan counties: real streets and towns (stem, place).
struct PlaceSpec {
  std::string_view stem;
  std::string_view place;
};
struct CountyStations {
  int32_t county;
  std::array<PlaceSpec, 6> places;
};
constexpr CountyStations kXiangtanStations[] = {
    {430302,
     {{{"城正街", "城正街街道"},
       {"雨湖路", "雨湖路街道"},
       {"广场", "广场街道"},
       {"窑湾", "窑湾街道"},
       {"先锋", "先锋街道"},
       {"姜畲", "姜畲镇"}}}},
    {430304,
     {{{"岳塘", "岳塘街道"},
       {"建设路", "建设路街道"},
       {"书院路", "书院路街道"},
       {"下摄司", "下摄司街道"},
       {"荷塘", "荷塘街道"},
       {"", ""}}}},
    {430321,
     {{{"易俗河", "易俗河镇"},
       {"花石", "花石镇"},
       {"射埠", "射埠镇"},
       {"中路铺", "中路铺镇"},
       {"石鼓", "石鼓镇"},
       {"河口", "河口镇"}}}},
    {430381,
     {{{"东山", "东山街道"},
       {"望春门", "望春门街道"},
       {"新湘路", "新湘路街道"},
       {"壶天", "壶天镇"},
       {"棋梓", "棋梓镇"},
       {"", ""}}}},
    {430382,
     {{{"清溪", "清溪镇"},
       {"银田", "银田镇"},
       {"韶山乡", "韶山乡"},
       {"杨林", "杨林乡"},
       {"", ""},
       {"", ""}}}},
};

constexpr std::string_view kStreetStems[] = {"城东", "城西", "城南", "城北", "中心", "河东",
                                             "河西", "新城", "解放", "建设", "人民", "东风",
                                             "五一", "向阳", "八一", "站前", "新华", "长青"};
constexpr std::string_view kTownStems[] = {
    "白石", "青山", "花桥", "金桥", "石门", "龙泉", "高桥", "双江", "杨林", "马安",
    "黄金", "大坪", "新塘", "桃花", "长乐", "永丰", "太平", "梅田", "石潭", "金石",
    "三塘", "龙潭", "泉塘", "茶山", "洪山", "枫林", "柳树", "水口", "沙坪", "桥头"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Picks k distinct entries of `pool` (k <= n) by a partial Fisher–Yates shuffle.
template <size_t N>
std::vector<std::string_view> PickDistinct(const std::string_view (&pool)[N], size_t k, Rng& rng) {
  std::vector<std::string_view> v(pool, pool + N);
  for (size_t i = 0; i < k && i < N; ++i) std::swap(v[i], v[i + rng.Index(N - i)]);
  v.resize(std::min(k, N));
  return v;
}

}  // namespace

WeightedIndex::WeightedIndex(const std::vector<uint64_t>& weights) {
  cumulative_.reserve(weights.size());
  uint64_t sum = 0;
  for (uint64_t w : weights) cumulative_.push_back(sum += w);
  assert(sum > 0);
}

size_t WeightedIndex::Pick(Rng& rng) const {
  const uint64_t r = rng.Below(cumulative_.back());
  // The first option whose cumulative weight exceeds r (zero-weight options are skipped).
  return static_cast<size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), r) -
                             cumulative_.begin());
}

std::vector<std::string> SplitWords(std::string_view list, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(sep, start);
    if (end == std::string_view::npos) end = list.size();
    if (end > start) out.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void AppendPersonName(Rng& rng, std::string* out) {
  out->append(kSurnames[rng.Index(std::size(kSurnames))]);
  const bool female = rng.Chance(450);
  const size_t given = rng.Chance(300) ? 1 : 2;
  for (size_t i = 0; i < given; ++i) {
    out->append(female ? kGivenFemale[rng.Index(std::size(kGivenFemale))]
                       : kGivenMale[rng.Index(std::size(kGivenMale))]);
  }
}

std::string_view ShopSurname(Rng& rng) {
  // Single-character surnames only: "欧阳记" reads oddly on a shop sign.
  std::string_view s;
  do {
    s = kSurnames[rng.Index(std::size(kSurnames))];
  } while (s.size() != 3);
  return s;
}

bool NamesOfCounty(int32_t county, CountyNames* out) {
  const core::RegionTree& tree = core::RegionTree::Builtin();
  const core::RegionRow* row = tree.Find(county);
  if (row == nullptr || row->level != 3) return false;
  const core::RegionRow* pref = tree.Find(row->parent);
  const core::RegionRow* prov = pref != nullptr ? tree.Find(pref->parent) : nullptr;
  if (pref == nullptr || prov == nullptr) return false;
  out->name = row->name;
  out->district = EndsWith(row->name, "区");
  out->display = out->district ? pref->name + row->name : row->name;
  out->full = prov->name + pref->name + row->name;
  if (EndsWith(pref->name, "自治州")) {
    out->prefecture_short = pref->name.substr(0, 6);  // "湘西土家族…" -> "湘西"
  } else if (EndsWith(pref->name, "市")) {
    out->prefecture_short = pref->name.substr(0, pref->name.size() - 3);
  } else {
    out->prefecture_short = pref->name;
  }
  return true;
}

std::vector<Station> StationsOf(int32_t county) {
  CountyNames names;
  if (!NamesOfCounty(county, &names)) return {};
  std::vector<std::pair<std::string, std::string>> places;  // stem, place
  for (const CountyStations& cs : kXiangtanStations) {
    if (cs.county != county) continue;
    for (const PlaceSpec& p : cs.places) {
      if (!p.stem.empty()) places.emplace_back(p.stem, p.place);
    }
  }
  if (places.empty()) {
    Rng rng(Mix64(static_cast<uint64_t>(county) * 0x9E3779B97F4A7C15ULL));
    const size_t n = 3 + rng.Index(4);
    if (names.district) {
      for (std::string_view stem : PickDistinct(kStreetStems, n, rng)) {
        places.emplace_back(stem, std::string(stem) + "街道");
      }
    } else {
      // A county seat is usually 城关镇; the other stations sit in market towns.
      places.emplace_back("城关", "城关镇");
      for (std::string_view stem : PickDistinct(kTownStems, n - 1, rng)) {
        places.emplace_back(stem, std::string(stem) + "镇");
      }
    }
  }
  std::vector<Station> out;
  out.reserve(places.size());
  for (size_t i = 0; i < places.size(); ++i) {
    Station s;
    s.code = std::to_string(county) + (i < 9 ? "-S0" : "-S") + std::to_string(i + 1);
    s.name = names.display + places[i].first + "市场监管所";
    s.place = places[i].second;
    s.rural = !EndsWith(s.place, "街道");
    out.push_back(std::move(s));
  }
  return out;
}

const std::vector<std::string>& QualificationTagsOf(std::string_view department_code) {
  static const auto* const kTags = new std::map<std::string, std::vector<std::string>, std::less<>>{
      {"SCJG",
       {"registration", "food_safety", "special_equipment", "metrology", "product_quality",
        "advertising", "pricing", "drugs_devices"}},
      {"XFJY", {"fire_safety"}},
      {"WSJK", {"public_health", "school_health", "medical_practice", "occupational_health"}},
      {"JY", {"school_food", "school_safety"}},
      {"SW", {"fuel_market", "prepaid_card_market", "recycling_market"}},
      {"YJGL", {"hazmat_safety", "work_safety"}},
  };
  static const auto* const kNone = new std::vector<std::string>();
  auto it = kTags->find(department_code);
  return it == kTags->end() ? *kNone : it->second;
}

}  // namespace sunlit::app::synth
