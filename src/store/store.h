// Store: the persistence interface every backend implements (SQLite now, PostgreSQL later).
//
// A use case opens one Transaction, does all its reads and writes through it and commits;
// a Transaction destroyed without Commit() rolls back, so an error path loses nothing.
// No SQL types leak through this header. Implementations: store/sqlite/ (and, later,
// store/postgres/). Thread-safety: a Store may be shared by threads; a Transaction is used
// by one thread at a time.
#ifndef SUNLIT_STORE_STORE_H_
#define SUNLIT_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/directory.h"
#include "core/result.h"
#include "core/status.h"

namespace sunlit::store {

// How many rows an upsert created, changed and left as they were.
struct UpsertCounts {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};

// One recorded change of one field of a directory object (history, 变更记录).
struct Change {
  int64_t batch_id = 0;   // the import batch or edit that made it
  std::string at;         // UTC time "YYYY-MM-DDTHH:MM:SSZ" of the batch
  std::string source;     // e.g. "import entities.csv" or "api"
  std::string field;      // wire name of the column, e.g. "risk"
  std::string old_value;  // as written in files ("" for empty)
  std::string new_value;
};

// A batch = one import or one edit session; changes refer to it.
struct BatchInfo {
  std::string kind;    // "entities", "inspectors", …
  std::string source;  // file name or "api"
  std::string actor;   // user or "cli"
};

class Transaction {
 public:
  virtual ~Transaction() = default;

  // Makes every write of this transaction durable. After Commit (ok or not) the transaction
  // is finished; further calls return kFailedPrecondition.
  virtual Status Commit() = 0;

  // --- batches and history -------------------------------------------------------------
  // Records a new batch and returns its id. The batch time is taken from the store's clock.
  virtual Result<int64_t> BeginBatch(const BatchInfo& info) = 0;
  // History of one entity / inspector / item (by code; items by department + code), oldest
  // first. Unknown code: an empty list.
  virtual Result<std::vector<Change>> EntityHistory(std::string_view code) = 0;
  virtual Result<std::vector<Change>> InspectorHistory(std::string_view code) = 0;

  // --- reference data --------------------------------------------------------------------
  // Upserts by code; unchanged rows are left alone.
  virtual Result<UpsertCounts> UpsertRegions(std::span<const core::RegionRow> rows) = 0;
  virtual Result<std::vector<core::RegionRow>> LoadRegions() = 0;
  virtual Result<UpsertCounts> UpsertIndustries(std::span<const core::IndustryRow> rows) = 0;
  virtual Result<std::vector<core::IndustryRow>> LoadIndustries() = 0;
  // Replaces the whole schedule of each year present in `years` (a year's schedule is one
  // notice; it is never merged with an older one).
  virtual Status ReplaceCalendarYears(const core::HolidaySchedule& years) = 0;
  virtual Result<core::HolidaySchedule> LoadCalendar() = 0;

  // --- departments and units -------------------------------------------------------------
  virtual Result<UpsertCounts> UpsertDepartments(std::span<const core::Department> rows) = 0;
  virtual Result<std::vector<core::Department>> LoadDepartments() = 0;
  // REQUIRES: every unit's department exists (else kFailedPrecondition).
  virtual Result<UpsertCounts> UpsertUnits(std::span<const core::Unit> rows) = 0;
  virtual Result<std::vector<core::Unit>> LoadUnits() = 0;

  // --- entities (检查对象名录库) ----------------------------------------------------------
  // Upserts by code. Each field that differs on an existing entity is recorded as a Change
  // of `batch_id`. Codes must be unique within `rows` (the caller checks). May be called many
  // times in one transaction (chunks of a big import).
  virtual Result<UpsertCounts> UpsertEntities(std::span<const core::Entity> rows,
                                              int64_t batch_id) = 0;
  virtual Result<std::optional<core::Entity>> FindEntity(std::string_view code) = 0;
  virtual Result<int64_t> CountEntities() = 0;
  // Calls `fn` for every entity in ascending code order until it returns false.
  virtual Status ScanEntities(const std::function<bool(const core::Entity&)>& fn) = 0;

  // --- inspectors (执法检查人员名录库) ------------------------------------------------------
  virtual Result<UpsertCounts> UpsertInspectors(std::span<const core::Inspector> rows,
                                                int64_t batch_id) = 0;
  virtual Result<std::optional<core::Inspector>> FindInspector(std::string_view code) = 0;
  virtual Status ScanInspectors(const std::function<bool(const core::Inspector&)>& fn) = 0;

  // --- inspection items (抽查事项清单) ------------------------------------------------------
  // Upserts by (department_code, code). A changed item gets version + 1 and its previous
  // version is kept (ItemVersions). `version` in `rows` is ignored.
  virtual Result<UpsertCounts> UpsertItems(std::span<const core::InspectionItem> rows,
                                           int64_t batch_id) = 0;
  virtual Status ScanItems(const std::function<bool(const core::InspectionItem&)>& fn) = 0;
  // Every stored version of one item, oldest first.
  virtual Result<std::vector<core::InspectionItem>> ItemVersions(
      std::string_view department_code, std::string_view code) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Starts a read-write transaction (the writer lock is taken at once, so a use case never
  // fails half-way on lock upgrade).
  virtual Result<std::unique_ptr<Transaction>> Begin() = 0;
  // Starts a read-only transaction (a consistent snapshot).
  virtual Result<std::unique_ptr<Transaction>> BeginRead() = 0;

  // The schema version after migrations.
  virtual int SchemaVersion() const = 0;
  // "sqlite:PATH" or "postgresql://…", password elided.
  virtual std::string Describe() const = 0;
};

// Opens (creating when missing) the store at `url` and applies pending migrations.
// Accepted: "sqlite:PATH", a bare path (treated as sqlite), later "postgresql://…".
// Errors: kInvalidArgument for an unknown scheme, kUnavailable when the database cannot be
// opened, kFailedPrecondition when the database is newer than this program.
Result<std::unique_ptr<Store>> Open(std::string_view url);

// The default location, "sqlite:var/sunlit.db".
inline constexpr std::string_view kDefaultUrl = "sqlite:var/sunlit.db";

}  // namespace sunlit::store

#endif  // SUNLIT_STORE_STORE_H_
