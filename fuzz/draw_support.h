// Helpers shared by the draw fuzz targets: the fixed pool of fuzz/data/draw-pool.csv (the
// pool the committed draw_record seeds were drawn from) and re-running a record's draw.
// Used only by fuzz/*.cc.
#ifndef SUNLIT_FUZZ_DRAW_SUPPORT_H_
#define SUNLIT_FUZZ_DRAW_SUPPORT_H_

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "draw/protocol.h"
#include "fuzz_check.h"

namespace sunlit::fuzz {

// The candidates of fuzz/data/draw-pool.csv (header code,stratum). Aborts when missing: the
// target is meaningless without the pool its seeds were drawn from.
inline std::vector<draw::Candidate> LoadPool(const std::string& path) {
  std::ifstream in(path);
  FUZZ_CHECK(in.good(), "cannot read %s", path.c_str());
  std::vector<draw::Candidate> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const size_t comma = line.find(',');
    if (comma == std::string::npos) continue;
    out.push_back({line.substr(0, comma), line.substr(comma + 1)});
  }
  FUZZ_CHECK(!out.empty(), "empty pool %s", path.c_str());
  return out;
}

// The record the draw protocol gives for `record`'s own inputs on `pool`, or an error when
// its P or K is not canonical or its parameters are invalid.
inline Result<draw::DrawRecord> Redraw(const draw::DrawRecord& record,
                                       const std::vector<draw::Candidate>& pool) {
  SUNLIT_ASSIGN_OR_RETURN(draw::ParsedParams p, draw::ParseParamsString(record.params));
  SUNLIT_ASSIGN_OR_RETURN(draw::Sources sources, draw::ParseRandomnessString(record.randomness));
  draw::DrawInput input;
  input.params.draw_id = record.draw_id;
  input.params.quotas = p.quotas;
  input.params.reserve = p.reserve;
  input.params.sources = sources;
  input.params.secret = record.secret;
  input.candidates = pool;
  return draw::RunDraw(input);
}

}  // namespace sunlit::fuzz

#endif  // SUNLIT_FUZZ_DRAW_SUPPORT_H_
