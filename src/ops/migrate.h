// Migrate: moves a whole installation from one database to another — any backend to any
// backend — and proves the copy.
//
// Generic over the store: the table list, columns, keys and foreign keys come from the
// engine's catalog (store/catalog.h), tables are copied in dependency order, rows in key
// order with their ids, in batches, all in ONE read-write transaction on the target (a
// failure leaves the target as it was). The application's guard triggers (append-only log,
// frozen draws) are suspended on the target for that transaction only; identity sequences
// are advanced past the copied ids (PostgreSQL). The source is read in one read-only
// snapshot. Afterwards the target is checked against that snapshot: row count and content
// hash of every table (ops/digest.h) and the transparency log (verified in full, its size
// and root equal to the source's latest checkpoint).
#ifndef SUNLIT_OPS_MIGRATE_H_
#define SUNLIT_OPS_MIGRATE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ops/digest.h"
#include "store/store.h"

namespace sunlit::ops {

struct MigrateOptions {
  // Rows per INSERT statement (capped so that a statement binds at most 30 000 values).
  int64_t batch_rows = 500;
  // Progress: called for each table with rows copied so far and its total, at the start,
  // every `progress_every` rows and at the end.
  std::function<void(const std::string& table, int64_t done, int64_t total)> progress;
  int64_t progress_every = 100000;
};

struct MigrateReport {
  std::vector<TableDigest> tables;  // the source's, equal to the target's
  int64_t ledger_size = 0;
  std::string ledger_root;  // hex
};

// Copies everything of `from` into `to` and verifies it. REQUIRES: `from` and `to` are
// different databases. Errors: kFailedPrecondition when the target holds data (naming the
// tables) or the two schemas differ (versions or tables/columns); kDataLoss when the
// verification finds a difference (naming it; the copy is committed then, so that it can be
// inspected); store errors as they come (nothing is committed then).
Result<MigrateReport> Migrate(store::Store& from, store::Store& to,
                              const MigrateOptions& options = {});

// The ledger's (size, root hex) as of `tx`'s latest checkpoint; (0, SHA-256("")) when empty.
// kDataLoss when events exist without a checkpoint.
Result<std::pair<int64_t, std::string>> LedgerHead(store::Transaction& tx);

}  // namespace sunlit::ops

#endif  // SUNLIT_OPS_MIGRATE_H_
