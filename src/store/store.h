// Store: the persistence interface every backend implements (SQLite and PostgreSQL).
//
// A use case opens one Transaction, does all its reads and writes through it and commits;
// a Transaction destroyed without Commit() rolls back, so an error path loses nothing.
// No SQL types leak through this header. Implementations: store/sqlite/ and
// store/postgres/. Thread-safety: a Store may be shared by threads; a Transaction is used
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
#include "store/sql.h"

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

// --- transparency log (ledger) rows ----------------------------------------------------
// Rows of the ledger's tables (src/ledger/ owns their meaning). Hashes, keys and signatures
// are raw bytes held in std::string so that store/ does not depend on draw/ or ledger/.

// One event of the log. `seq` is its 0-based position (the Merkle leaf index).
struct LedgerEventRow {
  int64_t seq = 0;
  std::string at;         // UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string kind;       // e.g. "pool_frozen"
  std::string subject;    // e.g. a draw id
  std::string body;       // canonical JSON object
  std::string leaf_hash;  // 32 bytes
};

// A signed (size, root) of the log.
struct LedgerCheckpointRow {
  int64_t size = 0;       // > 0
  std::string root;       // 32 bytes
  std::string at;         // UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string key_id;     // a key of LedgerKeys()
  std::string signature;  // 64 bytes
};

// The right edge of the Merkle tree of `size` leaves: the roots of its perfect subtrees,
// largest (leftmost) first, 32 bytes each, concatenated. Derived data (the ledger can
// recompute it from the events); the only ledger state that is ever overwritten.
struct LedgerFrontier {
  int64_t size = 0;
  std::string hashes;
};

// A public key that may sign checkpoints.
struct LedgerKeyRow {
  std::string key_id;      // hex of the first 8 bytes of SHA-256(public_key)
  std::string public_key;  // 32 bytes (Ed25519)
  std::string created_at;  // UTC "YYYY-MM-DDTHH:MM:SSZ"
};

// --- draws rows --------------------------------------------------------------------------
// Rows of the draw tables (src/app/draw_service.h owns their meaning; docs/draw.md). Hashes
// and the secret are raw bytes held in std::string; JSON columns hold canonical JSON written
// by app/, opaque to the store.

// A pool moves only forward: frozen → randomness_entered → drawn.
enum class DrawState { kFrozen, kRandomnessEntered, kDrawn };

// One frozen pool: what was fixed at freezing, then its progress.
struct DrawPoolRow {
  int64_t id = 0;             // store-assigned, > 0
  std::string draw_id;        // the task number (unique), e.g. "XT-2026-0001"
  int32_t year = 0;           // the year whose annual cap the draw counts towards
  int64_t previous_id = 0;    // the pool this one re-draws; 0 for a first draw
  std::string redraw_reason;  // "" for a first draw
  std::string filter;         // JSON: who was eligible and who was excluded
  std::string params;         // P of the draw protocol
  std::string quotas;         // JSON: the quotas as requested
  int64_t reserve = 0;        // alternates per stratum
  std::string sources;        // JSON: the announced randomness sources
  std::string available_at;   // UTC "YYYY-MM-DDTHH:MM:SSZ": when every source is public
  std::string commitment;     // 32 bytes, SHA-256(secret)
  std::string secret;         // 32 bytes; never published before the draw
  std::string pool_root;      // 32 bytes
  int64_t pool_size = 0;      // > 0
  std::string strata;         // JSON object label → size, labels in bytewise order
  std::string frozen_at;      // UTC
  std::string actor;          // who froze it
  // Progress (ignored by CreateDrawPool).
  DrawState state = DrawState::kFrozen;
  std::string randomness;  // JSON list of lists of numbers; "" until entered
  std::string randomness_at;
  std::string randomness_actor;
  std::string record;       // the draw record JSON; "" until drawn
  std::string record_hash;  // 32 bytes, SHA-256(record); "" until drawn
  std::string drawn_at;
  std::string drawn_actor;
  // Derived when read (ignored by CreateDrawPool).
  std::string previous_draw_id;  // draw_id of previous_id; "" for a first draw
  std::string next_draw_id;      // the re-draw that superseded this pool; "" when none
};

enum class DrawEntryRole { kSelected, kAlternate };

// One selected or alternate entry of a drawn pool.
struct DrawEntryRow {
  DrawEntryRole role = DrawEntryRole::kSelected;
  std::string stratum;
  int64_t position = 0;  // 0-based, in rank order within (role, stratum)
  std::string code;
  std::string rank;  // 64 lower-case hex digits
};

// What CompleteDraw stores.
struct DrawCompletion {
  std::string record;       // the record JSON
  std::string record_hash;  // 32 bytes
  std::string at;           // UTC
  std::string actor;
  std::vector<DrawEntryRow> entries;
};

// An alternate taking the place of a selected entity (or of an alternate that replaced one).
struct AlternateUseRow {
  int64_t pool_id = 0;
  std::string replaced_code;
  std::string alternate_code;
  std::string reason;            // e.g. "已注销"
  std::string directory_status;  // the replaced entity's registration status (wire name)
                                 // in the directory when replaced; "" when not in it
  std::string at;                // UTC
  std::string actor;
};

class Transaction {
 public:
  virtual ~Transaction() = default;

  // Makes every write of this transaction durable. After Commit (ok or not) the transaction
  // is finished; further calls return kFailedPrecondition.
  virtual Status Commit() = 0;

  // The portable SQL session of this transaction, for the repositories in store/repo/
  // (see store/sql.h). Valid until the transaction is destroyed; fails once it finished.
  virtual Sql& sql() = 0;

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

  // --- transparency log (ledger) ---------------------------------------------------------
  // Append-only: there is no method that changes or removes an event, a checkpoint or a key
  // (the SQLite backend also refuses UPDATE and DELETE on them with triggers). Writers
  // REQUIRE a read-write transaction (else kFailedPrecondition).

  // Stores `row`. kFailedPrecondition unless row.seq == LedgerSize() (the log stays dense).
  virtual Status AppendLedgerEvent(const LedgerEventRow& row) = 0;
  // One more than the highest stored seq; 0 for an empty log.
  virtual Result<int64_t> LedgerSize() = 0;
  // Calls `fn` for each event with from <= seq < to, ascending, until it returns false.
  virtual Status ScanLedgerEvents(int64_t from, int64_t to,
                                  const std::function<bool(const LedgerEventRow&)>& fn) = 0;
  virtual Result<std::optional<LedgerEventRow>> GetLedgerEvent(int64_t seq) = 0;
  // The stored frontier; {0, ""} when none was saved yet.
  virtual Result<LedgerFrontier> LoadLedgerFrontier() = 0;
  // Replaces the stored frontier.
  virtual Status SaveLedgerFrontier(const LedgerFrontier& frontier) = 0;
  // Stores `row`. kFailedPrecondition when its size is not greater than the latest
  // checkpoint's or its key is not registered.
  virtual Status AppendLedgerCheckpoint(const LedgerCheckpointRow& row) = 0;
  virtual Result<std::optional<LedgerCheckpointRow>> LatestLedgerCheckpoint() = 0;
  // Calls `fn` for each checkpoint with from <= size < to, ascending, until it returns false.
  virtual Status ScanLedgerCheckpoints(
      int64_t from, int64_t to, const std::function<bool(const LedgerCheckpointRow&)>& fn) = 0;
  // Registers a key: true when added, false when the same key was already there;
  // kFailedPrecondition when its key_id is registered with another public key.
  virtual Result<bool> PutLedgerKey(const LedgerKeyRow& row) = 0;
  // Every registered key, oldest first.
  virtual Result<std::vector<LedgerKeyRow>> LedgerKeys() = 0;

  // --- draws -----------------------------------------------------------------------------
  // What was fixed when a pool was frozen never changes, and nothing of a draw is ever
  // deleted (the SQLite backend also refuses such UPDATEs and every DELETE with triggers).
  // A pool moves only frozen → randomness_entered → drawn, and not at all once a re-draw has
  // superseded it; each step is guarded: it fails with kFailedPrecondition, changing nothing,
  // unless the pool is in the state the step starts from. Writers REQUIRE a read-write
  // transaction (else kFailedPrecondition).

  // Stores a new frozen pool and its member snapshot and returns its id. `members` is the
  // pool sorted by code, 19 bytes a member: the 18-byte code, then the index of its stratum
  // among the labels of row.strata in bytewise order. Errors: kAlreadyExists when
  // row.draw_id is taken; kFailedPrecondition when row.previous_id names no pool or one
  // already re-drawn; kInvalidArgument when `members` is empty, not a multiple of 19 bytes
  // or not row.pool_size members, or a hash or the secret is not 32 bytes.
  virtual Result<int64_t> CreateDrawPool(const DrawPoolRow& row, std::string_view members) = 0;
  virtual Result<std::optional<DrawPoolRow>> FindDrawPool(std::string_view draw_id) = 0;
  // Calls `fn` with the snapshot in order, a chunk (at most 65 536 members) at a time, until
  // it returns false. kNotFound when there is no such pool; kDataLoss when chunks are
  // missing or malformed.
  virtual Status ScanDrawPoolMembers(int64_t pool_id,
                                     const std::function<bool(std::string_view)>& fn) = 0;
  // frozen → randomness_entered, storing `randomness` (JSON).
  virtual Status EnterDrawRandomness(int64_t pool_id, std::string_view randomness,
                                     std::string_view at, std::string_view actor) = 0;
  // randomness_entered → drawn, storing the record and its entries.
  virtual Status CompleteDraw(int64_t pool_id, const DrawCompletion& done) = 0;
  // Entries of a drawn pool in the record's order: by stratum (bytewise), in each the
  // selected then the alternates, each by position.
  virtual Result<std::vector<DrawEntryRow>> DrawEntries(int64_t pool_id) = 0;
  // Stores `row`. kFailedPrecondition unless the pool is drawn and not superseded;
  // kAlreadyExists when replaced_code was already replaced or alternate_code already used.
  virtual Status RecordAlternateUse(const AlternateUseRow& row) = 0;
  // The alternates used in a pool, in the order they were recorded.
  virtual Result<std::vector<AlternateUseRow>> AlternateUses(int64_t pool_id) = 0;
  // The annual cap: the selected codes and the alternates used of every drawn pool of `year`
  // that no re-draw superseded, except the pool `excluding_draw_id` (may be ""). In no
  // particular order; a code drawn twice comes twice (index::CodeSet sorts them faster than
  // the database would).
  virtual Result<std::vector<std::string>> CodesDrawnInYear(int32_t year,
                                                            std::string_view excluding_draw_id) = 0;
  // Calls `fn` for every entity in storage order (not code order) until it returns false,
  // filling only the fields the in-memory index keeps (code, type, status, region, industry,
  // tags, risk, last_inspected). The fast way to build index::EntityIndex.
  virtual Status ScanEntitiesForIndex(const std::function<bool(const core::Entity&)>& fn) = 0;
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
// Accepted: "sqlite:PATH", a bare path (treated as sqlite), "postgresql://…" (or
// "postgres://…", as libpq reads it; the database must exist, its tables are created).
// Errors: kInvalidArgument for an unknown scheme, kUnavailable when the database cannot be
// opened, kFailedPrecondition when the database is newer than this program.
Result<std::unique_ptr<Store>> Open(std::string_view url);

// The default location, "sqlite:var/sunlit.db".
inline constexpr std::string_view kDefaultUrl = "sqlite:var/sunlit.db";

}  // namespace sunlit::store

#endif  // SUNLIT_STORE_STORE_H_
