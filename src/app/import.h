// Import use cases: `sunlit import entities|inspectors|items|units|regions|industries|holidays`.
//
// Every import validates every row first. With any invalid row nothing is written (unless
// skip_invalid), and the report names row, column, value and reason for each problem.
// A successful import is one store transaction: it upserts by key and records what changed.
#ifndef SUNLIT_APP_IMPORT_H_
#define SUNLIT_APP_IMPORT_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/directory.h"
#include "core/result.h"
#include "io/table_reader.h"
#include "store/store.h"

namespace sunlit::app {

enum class ImportKind { kEntities, kInspectors, kItems, kUnits, kRegions, kIndustries, kHolidays };

// "entities", "inspectors", … ; false when unknown.
bool ParseImportKind(std::string_view s, ImportKind* out);
std::string_view ImportKindName(ImportKind kind);

enum class Severity { kError, kWarning };

// One finding about the input. row 0 = the file as a whole; column 0 = the whole row.
struct Problem {
  int64_t row = 0;
  int column = 0;
  std::string column_name;  // as written in the file's header
  std::string value;
  std::string reason;
  Severity severity = Severity::kError;
};

struct ImportOptions {
  io::ReadOptions read;
  bool skip_invalid = false;       // import the valid rows, report the rest
  bool strict_org_code = false;    // GB 11714 failures of chars 9–17 are errors, not warnings
  std::string actor = "cli";
  core::Date today;                // dates after today are errors (last inspected …)
  // Called with (bytes done, bytes total) every few hundred milliseconds of work.
  std::function<void(int64_t, int64_t)> progress;
  // Called for every problem as it is found (the report keeps only the first ones).
  std::function<void(const Problem&)> on_problem;
  // Entity imports: called on the writing thread with each chunk of entities just written,
  // inside the import's transaction (only report.written says they were committed).
  // Directory uses it to keep its in-memory index in step.
  std::function<void(std::span<const core::Entity>)> on_entities_written;
};

struct ImportReport {
  int64_t rows = 0;      // records read (header excluded)
  int64_t rejected = 0;  // rows with at least one error
  int64_t errors = 0;
  int64_t warnings = 0;
  bool written = false;  // whether the store was changed
  store::UpsertCounts counts;
  std::vector<Problem> first_problems;  // the first kMaxKeptProblems, errors and warnings
  static constexpr size_t kMaxKeptProblems = 200;
};

// Runs one import. Returns the report both when the file was imported and when it was
// refused because of invalid rows (report.written tells which). A non-OK Result means the
// import could not run at all (unreadable file, missing required column, store failure);
// its message is fit for the user and names row/column where one applies.
Result<ImportReport> Import(store::Store& store, ImportKind kind, const std::string& path,
                            const ImportOptions& options);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_IMPORT_H_
