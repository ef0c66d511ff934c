// DrawService: the draw of a task's inspection objects (随机抽取检查对象) in the database, under
// the rules of docs/draw.md ("Draws in the database") and DRAW-PROTOCOL.md §5:
//
//   Freeze            the pool (from the in-memory directory), quotas, reserve, the announced
//                     future randomness sources and the commitment SHA-256(secret) are fixed
//                     and logged; nothing of it can change afterwards.
//   EnterRandomness   once every announced source is public (not before its available_at),
//                     its numbers are entered, once.
//   Draw              exactly once per frozen pool: concurrent and later calls all get the
//                     one stored record.
//   UseAlternate      an alternate replaces a selected entity only for a logged reason,
//                     strictly in rank order within the stratum.
//   Redraw            a new frozen pool with a new commitment, chained to the old one with a
//                     logged reason; the old pool, its record and entries stay untouched.
//
// Each use case is one store transaction and appends its ledger events (pool_frozen,
// randomness_entered, draw_done, alternate_used, redraw) in that same transaction, so a
// change and its log entry commit or vanish together. Time comes from an injected Clock and
// the secret from an injected SecretSource (tests use fixed ones).
//
// Errors: kInvalidArgument for a malformed request (naming the field); kNotFound for an
// unknown draw id; kAlreadyExists for a draw id already used; kFailedPrecondition when the
// draw is not in a state that allows the step (messages say why, e.g. "randomness can be
// entered after 2026-11-01T13:30:00Z"); store and ledger errors as they come.
//
// Thread safety: a DrawService may be shared by threads; every method may be called
// concurrently. REQUIRES: the Store, Directory, Ledger, Clock and SecretSource outlive it.
#ifndef SUNLIT_APP_DRAW_SERVICE_H_
#define SUNLIT_APP_DRAW_SERVICE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/directory.h"
#include "core/date.h"
#include "core/directory.h"
#include "core/result.h"
#include "draw/protocol.h"
#include "index/entity_index.h"
#include "ledger/ledger.h"
#include "store/store.h"

namespace sunlit::app {

// Where the service's time comes from.
class Clock {
 public:
  virtual ~Clock() = default;
  // The current UTC time, "YYYY-MM-DDTHH:MM:SSZ".
  virtual std::string NowUtc() = 0;
};

// The system clock.
class SystemClock final : public Clock {
 public:
  std::string NowUtc() override;
};

// Seconds since 1970-01-01T00:00:00Z of "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MM:SS+HH:MM"
// (also "-HH:MM"; e.g. Beijing time "2026-11-01T21:30:00+08:00"). kInvalidArgument otherwise.
Result<int64_t> ParseUtcSeconds(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatUtc(int64_t seconds);
// The calendar day in China (UTC+8) at `utc_seconds`.
core::Date ChinaDate(int64_t utc_seconds);

// Where the 32-byte secret of a frozen pool comes from.
class SecretSource {
 public:
  virtual ~SecretSource() = default;
  // Fills `out` with 32 unpredictable bytes. kUnavailable when the source fails.
  virtual Status Generate(draw::Secret* out) = 0;
};

// The operating system's random source (getrandom(2)).
class SystemSecretSource final : public SecretSource {
 public:
  Status Generate(draw::Secret* out) override;
};

// One announced source of public randomness, e.g. a named lottery issue.
struct RandomnessSource {
  std::string name;         // e.g. "中国福利彩票 快乐8"
  std::string issue;        // e.g. "2026301期"
  std::string how_written;  // how its numbers become one source, e.g. "20个开奖号码"
  // When its numbers are public: "YYYY-MM-DDTHH:MM:SSZ" or with an offset ("+08:00");
  // stored as UTC. Must be later than the freezing.
  std::string available_at;
};

// Who is eligible: every entity of the directory matching all of these (an empty list puts
// no restriction on its field), as index::PoolFilter reads them.
struct PoolScope {
  std::vector<std::string> region_prefixes;    // GB/T 2260, e.g. "4303"
  std::vector<std::string> industry_prefixes;  // GB/T 4754, e.g. "F", "52", "5211"
  std::vector<core::EntityType> types;
  std::vector<std::string> tags_any;
  std::vector<core::RegistrationStatus> statuses = {core::RegistrationStatus::kActive};
  std::vector<core::RiskClass> risks;
};

// Most codes one freeze may exclude by name (they are logged in the pool_frozen event).
inline constexpr size_t kMaxExcludedCodes = 10000;
// Most announced sources of one draw.
inline constexpr size_t kMaxSources = 16;

struct FreezeRequest {
  // The task number, e.g. "XT-2026-0001": 1–100 bytes of UTF-8 without control characters
  // or spaces. For Redraw, "" means "<first draw id>-R<n>".
  std::string draw_id;
  PoolScope scope;
  // kRiskClass labels members "A"–"D" ("U" for not yet classified); kNone labels all "".
  index::Stratify stratify = index::Stratify::kNone;
  // At least one; labels must be ones `stratify` produces.
  std::vector<draw::Quota> quotas;
  int64_t reserve = 0;  // alternates per stratum
  // Cool-down: entities inspected on or after (today in China − cooldown_days) are left
  // out. 0 = none.
  int32_t cooldown_days = 0;
  // Annual cap: entities already drawn this year by another task (selected, or used as an
  // alternate) are left out.
  bool annual_cap = false;
  std::vector<std::string> exclude_codes;  // left out by name (at most kMaxExcludedCodes)
  // 一业一查 (seed 000): at most one joint industry check per entity per year. When set, the
  // entities of `joint_industry_checked` (those that already had one this year; any number,
  // each 18 bytes) are left out after every other exclusion and counted as "joint_industry";
  // the log carries the count and the number of codes, not the codes. app/tasks fills both.
  bool joint_industry_cap = false;
  std::vector<std::string> joint_industry_checked;
  std::vector<RandomnessSource> sources;   // 1 … kMaxSources, in announced order
  std::string actor;                       // who freezes (logged)
};

// The public facts of a frozen pool (never the secret).
struct FrozenPool {
  std::string draw_id;
  int32_t year = 0;
  draw::Digest pool_root{};
  uint64_t pool_size = 0;
  std::vector<draw::StratumSize> strata;
  std::string params;  // P
  int64_t reserve = 0;
  std::vector<RandomnessSource> sources;  // available_at in UTC
  draw::Digest commitment{};
  index::ExclusionCounts excluded;
  int64_t joint_industry_excluded = 0;  // FreezeRequest::joint_industry_cap
  std::string frozen_at;
  std::string previous_draw_id;  // for a re-draw
};

enum class DrawStage { kFrozen, kRandomnessEntered, kDrawn };
std::string_view DrawStageName(DrawStage stage);  // "frozen", "randomness_entered", "drawn"

// What Draw returns: the one record of the pool.
struct DrawOutcome {
  draw::DrawRecord record;
  std::string record_json;     // exactly as stored and published
  draw::Digest record_hash{};  // SHA-256(record_json)
  bool computed_now = false;   // false when the record was already stored
};

struct AlternateUse {
  std::string replaced_code;
  std::string alternate_code;
  std::string stratum;
  std::string alternate_rank;  // hex
  std::string reason;
  std::string directory_status;  // wire name of the replaced entity's status, "" if unknown
  std::string at;
  std::string actor;
};

// One entry of a drawn pool as it stands now.
struct DrawnEntry {
  draw::EntryRole role = draw::EntryRole::kSelected;
  std::string stratum;
  std::string code;
  std::string rank;         // hex
  std::string replaced_by;  // the alternate that took its place; "" when none
  std::string replaces;     // for an alternate in use: the code it took the place of
};

// Everything public about a draw.
struct DrawView {
  FrozenPool pool;
  DrawStage stage = DrawStage::kFrozen;
  std::string superseded_by;  // the re-draw that replaced this pool; "" when none
  std::string redraw_reason;  // why this pool re-draws previous_draw_id
  std::string filter_json;    // who was eligible, as frozen
  std::string available_at;   // UTC: randomness may be entered from then on
  std::string frozen_by;
  draw::Sources randomness;       // when entered
  std::string randomness_string;  // K, when entered
  std::string randomness_at;
  std::string record_json;  // when drawn
  draw::Digest record_hash{};
  std::string drawn_at;
  std::vector<DrawnEntry> entries;           // when drawn, in the record's order
  std::vector<AlternateUse> alternate_uses;  // in the order they were made
};

class DrawService {
 public:
  DrawService(store::Store& store, Directory& directory, ledger::Ledger& ledger, Clock& clock,
              SecretSource& secrets);
  DrawService(const DrawService&) = delete;
  DrawService& operator=(const DrawService&) = delete;

  // Builds the pool from the directory and freezes it (see the file comment). Refused:
  // an invalid request; an empty pool (kFailedPrecondition); a source whose numbers are
  // already public (available_at not after now: kFailedPrecondition).
  Result<FrozenPool> Freeze(const FreezeRequest& request);

  // Enters the numbers of the announced sources, one list per source in announced order.
  // kFailedPrecondition before the available_at of every source ("randomness can be entered
  // after …"), when already entered, or when the pool was re-drawn; kInvalidArgument for
  // the wrong number of sources or an empty one.
  Result<std::string> EnterRandomness(std::string_view draw_id, const draw::Sources& values,
                                      std::string_view actor);  // returns K

  // Draws the pool, exactly once: only one caller computes and stores the record; every
  // other (concurrent or later) call returns that stored record. kFailedPrecondition before
  // the randomness is entered or when the pool was re-drawn.
  Result<DrawOutcome> Draw(std::string_view draw_id, std::string_view actor);

  // Replaces `replaced_code` (a selected entity, or an alternate already in use) by the
  // next unused alternate of its stratum in rank order. `reason` (e.g. 已注销, 已吊销, 停业)
  // is required; the replaced entity's status in the directory is recorded beside it.
  // kInvalidArgument for an empty reason or a code that is neither; kAlreadyExists when it
  // was already replaced; kFailedPrecondition before the draw, after a re-draw, or when no
  // alternate is left in the stratum.
  Result<AlternateUse> UseAlternate(std::string_view draw_id, std::string_view replaced_code,
                                    std::string_view reason, std::string_view actor);

  // Re-draws `draw_id`: freezes `request` as a new pool chained to it (request.draw_id ""
  // → "<first id>-R<n>"), and logs `redraw` with the reason. Allowed in any state of the
  // old pool, once per pool (re-draw the re-draw to go on). The annual cap leaves the old
  // pool's codes in. kInvalidArgument for an empty reason; kFailedPrecondition when the
  // pool was already re-drawn; otherwise as Freeze.
  Result<FrozenPool> Redraw(std::string_view draw_id, std::string_view reason,
                            const FreezeRequest& request);

  // ---- The same steps inside the caller's transaction, for a use case whose own rows
  // must commit together with the step (app/tasks.h: a task's state, its pool, its draw and
  // its checks commit together or not at all). Each appends its ledger events to `tx` and
  // never commits. REQUIRES: `tx` is a read-write transaction of this service's store; on
  // error the caller must not commit it. Errors and rules as the methods above; DrawIn
  // computes the record while `tx` holds the writer (fine for task-sized pools).
  Result<FrozenPool> FreezeIn(store::Transaction& tx, const FreezeRequest& request);
  Result<std::string> EnterRandomnessIn(store::Transaction& tx, std::string_view draw_id,
                                        const draw::Sources& values, std::string_view actor);
  Result<DrawOutcome> DrawIn(store::Transaction& tx, std::string_view draw_id,
                             std::string_view actor);
  Result<AlternateUse> UseAlternateIn(store::Transaction& tx, std::string_view draw_id,
                                      std::string_view replaced_code, std::string_view reason,
                                      std::string_view actor);

  // The read side, as the free functions below on this service's store.
  Result<DrawView> GetDraw(std::string_view draw_id);
  Status PoolCsv(std::string_view draw_id, const std::function<bool(std::string_view)>& write);
  Result<std::string> PoolCsv(std::string_view draw_id);

 private:
  struct Frozen;
  struct Computed;
  Result<Frozen> PreparePool(store::Transaction& tx, const FreezeRequest& request,
                             const store::DrawPoolRow* previous, std::string_view reason,
                             const std::string& now);
  Result<DrawOutcome> StoredOutcome(store::Transaction& tx, const store::DrawPoolRow& row);
  Result<Computed> Compute(store::Transaction& tx, const store::DrawPoolRow& row);
  Result<DrawOutcome> Complete(store::Transaction& tx, const store::DrawPoolRow& row,
                               Computed computed, std::string_view actor);
  std::mutex& DrawMutex(std::string_view draw_id);

  store::Store& store_;
  Directory& directory_;
  ledger::Ledger& ledger_;
  Clock& clock_;
  SecretSource& secrets_;
  // Draw serialises the computation of one pool in this process (striped by draw id).
  std::array<std::mutex, 64> draw_mu_;
};

// ---- The read side: needs only the store (no ledger key, no directory), so that anyone
// holding the database can publish or check a draw.

// Everything public about the draw. The secret appears only in the record, once drawn.
// kNotFound for an unknown draw id.
Result<DrawView> GetDraw(store::Store& store, std::string_view draw_id);

// The frozen pool as CSV: the line "code,stratum", then one line "CODE,LABEL" per member in
// code order — what `sunlit draw verify RECORD.json --pool POOL.csv` reads. Passes the text
// to `write` in pieces (a chunk of the snapshot each) and stops early, returning OK, when
// `write` returns false. kNotFound for an unknown draw id.
Status WritePoolCsv(store::Store& store, std::string_view draw_id,
                    const std::function<bool(std::string_view)>& write);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DRAW_SERVICE_H_
