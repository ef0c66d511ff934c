// Synthetic published results on a database that already holds a directory (bench/public-
// lookup runs it after `sunlit import entities`): app::GeneratePublishedResults, timed.
//   sunlit_results_gen sqlite:PATH [SHARE] [CODES_OUT]
#include "app/results_gen.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/services.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sunlit_results_gen sqlite:PATH [SHARE] [CODES_OUT]\n");
    return 2;
  }
  sunlit::app::ServicesOptions so;
  so.db_url = argv[1];
  so.load_directory = false;
  auto services = sunlit::app::Services::Open(so);
  if (!services.ok()) {
    std::fprintf(stderr, "%s\n", services.status().ToString().c_str());
    return 1;
  }
  sunlit::app::ResultsGenOptions o;
  if (argc > 2) o.share = std::atof(argv[2]);
  if (argc > 3) o.codes_out = argv[3];
  const auto t0 = std::chrono::steady_clock::now();
  auto report = sunlit::app::GeneratePublishedResults(**services, o);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.status().ToString().c_str());
    return 1;
  }
  std::printf("entities %" PRId64 "\npublished %" PRId64 "\ntasks %" PRId64 "\nseconds %.1f\n",
              report->entities, report->published, report->tasks, s);
  return 0;
}
