// Internal to app/: the deterministic random source and the naming tables shared by the
// synthetic-data generator (gen.cc) and the Xiangtan demo (demo_data.cc). Not a public API:
// include it only from those files and their tests.
//
// Thread safety: Rng and WeightedIndex are values; a const WeightedIndex may be shared.
#ifndef SUNLIT_APP_SYNTHETIC_H_
#define SUNLIT_APP_SYNTHETIC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sunlit::app::synth {

// The SplitMix64 finaliser: a bijection on 64-bit integers with good avalanche.
constexpr uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// SplitMix64 (Steele, Lea and Flood, 2014): integer-only, 8 bytes of state, identical output
// on every platform. Not for secrets.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  // The stream of element `index` in a run seeded with `seed`, for purpose `stream` (entities,
  // inspectors …). Rows get independent streams so that a row's content depends only on
  // (seed, index): any number of threads, and any count, produce the same rows.
  static Rng ForIndex(uint64_t seed, uint64_t stream, uint64_t index) {
    return Rng(Mix64(Mix64(seed ^ (stream * 0xD6E8FEB86659FD93ULL)) + index));
  }

  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return Mix64(state_);
  }
  // Uniform in [0, n) by multiply-shift (bias below n / 2^64). REQUIRES: n > 0.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Below() for small tables, as a size_t index.
  size_t Index(size_t n) { return static_cast<size_t>(Below(n)); }
  // True with probability permille / 1000.
  bool Chance(uint32_t permille) { return Below(1000) < permille; }

 private:
  uint64_t state_;
};

// A weighted choice among n options with integer weights (cumulative sums + binary search).
class WeightedIndex {
 public:
  WeightedIndex() = default;
  // REQUIRES: at least one weight is positive.
  explicit WeightedIndex(const std::vector<uint64_t>& weights);
  size_t Pick(Rng& rng) const;
  size_t size() const { return cumulative_.size(); }

 private:
  std::vector<uint64_t> cumulative_;
};

// Splits "a|b|c" on `sep`; empty parts are kept out.
std::vector<std::string> SplitWords(std::string_view list, char sep = '|');

// Appends a Chinese person's name: a surname weighted by Hunan frequencies and one or two
// given-name characters.
void AppendPersonName(Rng& rng, std::string* out);
// A common single-character surname (for shop names such as 张记, 老王).
std::string_view ShopSurname(Rng& rng);

// How a county appears in names and addresses.
struct CountyNames {
  std::string name;     // "雨湖区", "湘乡市"
  std::string display;  // "湘潭市雨湖区" for a district, else "湘乡市" / "湘潭县"
  std::string full;     // "湖南省湘潭市雨湖区" (province + prefecture + county)
  std::string prefecture_short;  // "湘潭" ("湘西" for 湘西土家族苗族自治州)
  bool district = false;         // an urban district (市辖区)
};
// False when `county` is not a county-level code of RegionTree::Builtin().
bool NamesOfCounty(int32_t county, CountyNames* out);

// A market-supervision station (市场监管所) and the township or street it is named after.
struct Station {
  std::string code;  // "430302-S01"
  std::string name;  // "湘潭市雨湖区城正街市场监管所"
  std::string place;  // "城正街街道", "易俗河镇": used in addresses of entities it supervises
  bool rural = false;  // a town (镇/乡) rather than an urban street (街道)
};
// The stations of `county`, 3–6, deterministic from the county code; empty when `county` is
// not a county of RegionTree::Builtin().
std::vector<Station> StationsOf(int32_t county);

// The qualification tags (执法资格) held by inspectors of a demo department, the most common
// first; empty for an unknown department. Items' `qualification` fields use these.
const std::vector<std::string>& QualificationTagsOf(std::string_view department_code);

}  // namespace sunlit::app::synth

#endif  // SUNLIT_APP_SYNTHETIC_H_
