// Synthetic published results for load tests and benchmarks (bench/public-lookup): for a
// chosen share of the directory's entities, a check in a synthetic task, its result and its
// publication with the public document — the same rows the use cases write, written in bulk
// and without ledger events (the data is not real; do not run this on a bureau's database).
//
// Deterministic: the same directory and options give the same rows.
#ifndef SUNLIT_APP_RESULTS_GEN_H_
#define SUNLIT_APP_RESULTS_GEN_H_

#include <cstdint>
#include <string>

#include "app/services.h"
#include "core/result.h"

namespace sunlit::app {

struct ResultsGenOptions {
  double share = 0.6;          // entities given a published result
  double second_share = 0.15;  // of those, given a second one (from another task)
  uint64_t seed = 1;
  int64_t checks_per_task = 1000;
  int32_t year = 2026;
  // When set, the codes of the entities that got a result are written there, one a line.
  std::string codes_out;
};

struct ResultsGenReport {
  int64_t entities = 0;  // scanned
  int64_t published = 0;
  int64_t tasks = 0;
};

// kFailedPrecondition when the store already has synthetic tasks of `year`.
Result<ResultsGenReport> GeneratePublishedResults(Services& s, const ResultsGenOptions& o);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_RESULTS_GEN_H_
