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

// How far an import is (ImportOptions::on_progress). Phases come in this order; a phase may
// be skipped (a refused file is never written or indexed).
enum class ImportPhase {
  kValidating,  // reading and checking rows (entities: good rows are written meanwhile)
  kWriting,     // every row read; writing the rest and committing
  kIndexing,    // committed; the in-memory directory follows (entity imports via Directory)
  kDone,        // finished: the report is final (written or refused)
};
std::string_view ImportPhaseName(ImportPhase phase);  // "validating", "writing", …

struct ImportProgress {
  ImportPhase phase = ImportPhase::kValidating;
  int64_t rows_validated = 0;  // records read and checked so far
  int64_t rows_written = 0;    // rows handed to the store in the import's transaction
  int64_t rows_total = -1;     // records in the file; -1 until every row has been read
  int64_t bytes_read = 0;      // of the file, as the reader reports it
  int64_t bytes_total = 0;
};

struct ImportOptions {
  io::ReadOptions read;
  bool skip_invalid = false;       // import the valid rows, report the rest
  bool strict_org_code = false;    // GB 11714 failures of chars 9–17 are errors, not warnings
  std::string actor = "cli";
  core::Date today;                // dates after today are errors (last inspected …)
  // Called with (bytes done, bytes total) every few hundred milliseconds of work.
  std::function<void(int64_t, int64_t)> progress;
  // Called at chunk boundaries (every few thousand rows, never per row), at each change of
  // phase and once at the end with kDone. Calls never overlap (an entity import validates
  // and writes on two threads: the calls are serialised), every figure is non-decreasing,
  // phases only move forward, and the kDone call has rows_validated == rows_total == the
  // report's rows. It is called with no lock of the store or the directory held that a
  // reader waits on; it must be quick and must not call back into the import.
  std::function<void(const ImportProgress&)> on_progress;
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
