// SqliteTransaction: store::Transaction over one pooled SQLite connection.
//
// Internal to store/sqlite (SqliteStore creates it). Entity methods, including the bulk
// import path, live in sqlite_entities.cc; the rest in sqlite_transaction.cc.
#ifndef SUNLIT_STORE_SQLITE_SQLITE_TRANSACTION_H_
#define SUNLIT_STORE_SQLITE_SQLITE_TRANSACTION_H_

#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/pool.h"
#include "store/sqlite/sqlite_sql.h"
#include "store/store.h"

namespace sunlit::store::sqlite {

class SqliteTransaction final : public Transaction {
 public:
  // Takes over `conn`, on which BEGIN has already succeeded. `gated`: the transaction holds
  // the pool's write gate and leaves it when it ends (commit or rollback).
  SqliteTransaction(std::shared_ptr<ConnectionPool> pool, std::unique_ptr<Connection> conn,
                    bool writable, bool gated = false);
  // Rolls back unless committed, then returns the connection to the pool.
  ~SqliteTransaction() override;

  Status Commit() override;
  // Marks the transaction used, so a later bulk load never restarts it in another
  // journal mode (which would drop what was written through sql()).
  Sql& sql() override {
    used_ = true;
    return sql_;
  }

  Result<int64_t> BeginBatch(const BatchInfo& info) override;
  Result<std::vector<Change>> EntityHistory(std::string_view code) override;
  Result<std::vector<Change>> InspectorHistory(std::string_view code) override;

  Result<UpsertCounts> UpsertRegions(std::span<const core::RegionRow> rows) override;
  Result<std::vector<core::RegionRow>> LoadRegions() override;
  Result<UpsertCounts> UpsertIndustries(std::span<const core::IndustryRow> rows) override;
  Result<std::vector<core::IndustryRow>> LoadIndustries() override;
  Status ReplaceCalendarYears(const core::HolidaySchedule& years) override;
  Result<core::HolidaySchedule> LoadCalendar() override;

  Result<UpsertCounts> UpsertDepartments(std::span<const core::Department> rows) override;
  Result<std::vector<core::Department>> LoadDepartments() override;
  Result<UpsertCounts> UpsertUnits(std::span<const core::Unit> rows) override;
  Result<std::vector<core::Unit>> LoadUnits() override;

  Result<UpsertCounts> UpsertEntities(std::span<const core::Entity> rows,
                                      int64_t batch_id) override;
  Result<std::optional<core::Entity>> FindEntity(std::string_view code) override;
  Result<int64_t> CountEntities() override;
  Status ScanEntities(const std::function<bool(const core::Entity&)>& fn) override;

  Result<UpsertCounts> UpsertInspectors(std::span<const core::Inspector> rows,
                                        int64_t batch_id) override;
  Result<std::optional<core::Inspector>> FindInspector(std::string_view code) override;
  Status ScanInspectors(const std::function<bool(const core::Inspector&)>& fn) override;

  Result<UpsertCounts> UpsertItems(std::span<const core::InspectionItem> rows,
                                   int64_t batch_id) override;
  Status ScanItems(const std::function<bool(const core::InspectionItem&)>& fn) override;
  Result<std::vector<core::InspectionItem>> ItemVersions(std::string_view department_code,
                                                         std::string_view code) override;

  // --- transparency log (ledger): sqlite_ledger.cc ---------------------------------------
  Status AppendLedgerEvent(const LedgerEventRow& row) override;
  Result<int64_t> LedgerSize() override;
  Status ScanLedgerEvents(int64_t from, int64_t to,
                          const std::function<bool(const LedgerEventRow&)>& fn) override;
  Result<std::optional<LedgerEventRow>> GetLedgerEvent(int64_t seq) override;
  Result<LedgerFrontier> LoadLedgerFrontier() override;
  Status SaveLedgerFrontier(const LedgerFrontier& frontier) override;
  Status AppendLedgerCheckpoint(const LedgerCheckpointRow& row) override;
  Result<std::optional<LedgerCheckpointRow>> LatestLedgerCheckpoint() override;
  Status ScanLedgerCheckpoints(
      int64_t from, int64_t to,
      const std::function<bool(const LedgerCheckpointRow&)>& fn) override;
  Result<bool> PutLedgerKey(const LedgerKeyRow& row) override;
  Result<std::vector<LedgerKeyRow>> LedgerKeys() override;
  // --- end of transparency log -----------------------------------------------------------

  // --- draws: sqlite_draws.cc --------------------------------------------------------------
  Result<int64_t> CreateDrawPool(const DrawPoolRow& row, std::string_view members) override;
  Result<std::optional<DrawPoolRow>> FindDrawPool(std::string_view draw_id) override;
  Status ScanDrawPoolMembers(int64_t pool_id,
                             const std::function<bool(std::string_view)>& fn) override;
  Status EnterDrawRandomness(int64_t pool_id, std::string_view randomness, std::string_view at,
                             std::string_view actor) override;
  Status CompleteDraw(int64_t pool_id, const DrawCompletion& done) override;
  Result<std::vector<DrawEntryRow>> DrawEntries(int64_t pool_id) override;
  Status RecordAlternateUse(const AlternateUseRow& row) override;
  Result<std::vector<AlternateUseRow>> AlternateUses(int64_t pool_id) override;
  Result<std::vector<std::string>> CodesDrawnInYear(int32_t year,
                                                    std::string_view excluding_draw_id) override;
  Status ScanEntitiesForIndex(const std::function<bool(const core::Entity&)>& fn) override;
  // --- end of draws ------------------------------------------------------------------------

 private:
  // How UpsertEntities writes in this transaction, decided at its first non-empty call.
  enum class EntityMode {
    kUndecided,
    kBulk,    // the table was empty: plain inserts in sorted runs, code index rebuilt at Commit
    kUpsert,  // look up each code; insert, update with change records, or leave alone
  };

  // A row of the bulk path: its text lives in its run's `text` from `offset` on, in the
  // order code, name, industry, unit_code, tags, address, last_inspected.
  struct BulkRow {
    size_t offset = 0;
    uint32_t length[7] = {};
    int32_t region = 0;
    core::EntityType type = core::EntityType::kEnterprise;
    core::RegistrationStatus status = core::RegistrationStatus::kActive;
    core::RiskClass risk = core::RiskClass::kNone;
    int64_t batch_id = 0;
  };
  // Rows as UpsertEntities buffers them, in arrival order.
  struct BulkRun {
    std::string text;
    std::vector<BulkRow> rows;
  };
  // A run sorted by code, its text gathered in that order (the inserts read it front to
  // back).
  struct SortedRun {
    std::string text;
    std::vector<BulkRow> rows;
    std::string duplicate;  // a code that occurs twice in the run; then `rows` is empty
  };

  // Every public method starts with one of these two, which also mark the transaction used.
  Status CheckOpen() const;
  Status CheckWritable() const;
  Status CheckBatch(int64_t batch_id);
  Status RollbackAndFinish();
  Status Finish(Status s);
  // Ends the rollback-journal load, if any (WAL mode and synchronous=NORMAL again), and hands
  // the connection back to the pool (or closes it when WAL mode could not be restored).
  void ReleaseConnection();

  // Entities, rollback-journal bulk load (sqlite_entities.cc).
  Status MaybeRestartForRollbackJournal(const BatchInfo& info);
  // Entities (sqlite_entities.cc).
  Status DecideEntityMode();
  void BufferBulk(std::span<const core::Entity> rows, int64_t batch_id);
  // Writes the buffered rows. With `overlap` (a run filled during the load), the run is
  // sorted on a helper thread while the caller goes on, and the run sorted before is
  // inserted now; without, everything buffered is inserted before it returns.
  Status FlushBulk(bool overlap = false);
  // Sorts `run` by code into `into` and empties `run` (keeping the buffers' capacity).
  // Touches nothing else, so a helper thread may run it.
  static void SortRun(BulkRun* run, SortedRun* into);
  Status InsertRun(const SortedRun& run);
  // Waits for the helper thread and frees the run buffers, unwritten rows included.
  void DropBulkBuffers();
  Result<UpsertCounts> UpsertEntitiesByCode(std::span<const core::Entity> rows, int64_t batch_id);
  Status FinishBulk();

  Result<std::vector<Change>> History(std::string_view sql, std::string_view code);

  std::shared_ptr<ConnectionPool> pool_;
  std::unique_ptr<Connection> conn_;
  const bool writable_;
  bool gated_;
  bool finished_ = false;
  SqliteSql sql_;
  mutable bool used_ = false;      // a public method has been called
  bool rollback_journal_ = false;  // restarted in journal_mode=DELETE for a bulk load
  int scans_ = 0;  // scans in progress (their callbacks must not end the transaction)
  Status broken_;  // a failed bulk flush lost accepted rows: Commit must not succeed

  EntityMode entity_mode_ = EntityMode::kUndecided;
  // The CREATE INDEX statements of `entities` dropped by the bulk path, entities_code first.
  std::vector<std::string> entity_index_sql_;
  BulkRun filling_;             // the run UpsertEntities is buffering
  SortedRun ready_;             // a sorted run being inserted
  // A run handed to SortRun (on a helper thread while sorting_ is valid, which alone may
  // touch these two then) and its result.
  BulkRun queued_;
  SortedRun next_;
  bool queued_pending_ = false;  // next_ holds (or will hold) queued_ sorted
  std::future<void> sorting_;    // declared last: its destructor waits for the helper
};

}  // namespace sunlit::store::sqlite

#endif  // SUNLIT_STORE_SQLITE_SQLITE_TRANSACTION_H_
