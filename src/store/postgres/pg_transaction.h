// PgTransaction: store::Transaction over one pooled PostgreSQL connection.
//
// Internal to store/postgres (PostgresStore creates it). Entity methods, with the COPY bulk
// path, live in pg_entities.cc; the ledger in pg_ledger.cc; draws and the index scan in
// pg_draws.cc; the rest in pg_transaction.cc.
//
// Scans run through server-side cursors (a few thousand rows a FETCH), so their callbacks may
// call back into the transaction — except ScanEntitiesForIndex, which streams the table with
// COPY … TO STDOUT for speed: its callback must not use the transaction (kFailedPrecondition).
#ifndef SUNLIT_STORE_POSTGRES_PG_TRANSACTION_H_
#define SUNLIT_STORE_POSTGRES_PG_TRANSACTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_pool.h"
#include "store/postgres/pg_sql.h"
#include "store/store.h"

namespace sunlit::store::postgres {

class PgTransaction final : public Transaction {
 public:
  // Takes over `conn`, on which the transaction has already begun.
  PgTransaction(std::shared_ptr<PgPool> pool, std::unique_ptr<PgConnection> conn, bool writable);
  // Rolls back unless committed, then returns the connection to the pool.
  ~PgTransaction() override;

  Status Commit() override;
  Sql& sql() override { return sql_; }

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

 private:
  enum class EntityMode {
    kUndecided,
    kBulk,    // the table was empty: COPY, code index dropped and rebuilt at Commit
    kUpsert,  // look up each code; insert, update with change records, or leave alone
  };

  // Every public method starts with one of these two; both end an open COPY first.
  Status CheckOpen();
  Status CheckWritable();
  Status CheckBatch(int64_t batch_id);
  // Ends the entity COPY if one is open (its rows become visible to later statements).
  Status EndCopy();
  Status RollbackAndFinish();
  Status Finish(Status s);

  // Runs `sql` through a server-side cursor, `batch` rows a FETCH, calling `fn` for each
  // row until it returns false. `binary`: every column in binary form.
  Status Scan(std::string_view sql, std::initializer_list<SqlParam> params, int batch,
              bool binary, const std::function<bool(const PgResult&, int)>& fn);

  // Entities (pg_entities.cc).
  Status DecideEntityMode();
  Status CopyEntities(std::span<const core::Entity> rows, int64_t batch_id);
  Result<UpsertCounts> UpsertEntitiesByCode(std::span<const core::Entity> rows, int64_t batch_id);
  Status FinishBulk();

  Result<std::vector<Change>> History(std::string_view sql, std::string_view code);

  std::shared_ptr<PgPool> pool_;
  std::unique_ptr<PgConnection> conn_;
  PgConnection* raw_conn_;  // conn_.get(), for sql_
  const bool writable_;
  bool finished_ = false;
  PgSql sql_;
  int scans_ = 0;            // scans in progress (their callbacks must not end the transaction)
  bool copy_out_ = false;    // ScanEntitiesForIndex is streaming: nothing else may run
  Status broken_;            // a failed COPY lost accepted rows: Commit must not succeed

  EntityMode entity_mode_ = EntityMode::kUndecided;
  std::string code_index_sql_;  // the CREATE INDEX dropped by the bulk path
  std::string copy_buffer_;     // COPY text not yet sent
  int64_t copy_batch_ = 0;      // the batch of the rows of the open COPY
};

}  // namespace sunlit::store::postgres

#endif  // SUNLIT_STORE_POSTGRES_PG_TRANSACTION_H_
