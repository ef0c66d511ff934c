// PgTransaction: the transparency log's tables (migration 2). Append-only: no statement here
// updates or deletes an event, a checkpoint or a key; only the derived frontier row is
// overwritten.
#include <string>
#include <utility>

#include "store/postgres/pg_transaction.h"

namespace sunlit::store::postgres {
namespace {

constexpr size_t kHashSize = 32;
constexpr size_t kPublicKeySize = 32;
constexpr size_t kSignatureSize = 64;

constexpr std::string_view kEventColumns = "seq, at, kind, subject, body, leaf_hash";

LedgerEventRow ReadEvent(const PgResult& r, int i) {
  LedgerEventRow e;
  e.seq = r.Int(i, 0);
  e.at = r.Text(i, 1);
  e.kind = r.Text(i, 2);
  e.subject = r.Text(i, 3);
  e.body = r.Text(i, 4);
  e.leaf_hash = r.Bytes(i, 5);
  return e;
}

constexpr std::string_view kCheckpointColumns = "size, root, at, key_id, signature";

LedgerCheckpointRow ReadCheckpoint(const PgResult& r, int i) {
  LedgerCheckpointRow c;
  c.size = r.Int(i, 0);
  c.root = r.Bytes(i, 1);
  c.at = r.Text(i, 2);
  c.key_id = r.Text(i, 3);
  c.signature = r.Bytes(i, 4);
  return c;
}

}  // namespace

Status PgTransaction::AppendLedgerEvent(const LedgerEventRow& row) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (row.leaf_hash.size() != kHashSize) {
    return InvalidArgument("a ledger leaf hash must be 32 bytes");
  }
  SUNLIT_ASSIGN_OR_RETURN(int64_t size, LedgerSize());
  if (row.seq != size) {
    return FailedPrecondition("the log holds " + std::to_string(size) + " events; event " +
                              std::to_string(row.seq) + " cannot be appended");
  }
  return conn_
      ->Query("INSERT INTO ledger_events(seq, at, kind, subject, body, leaf_hash) "
              "VALUES ($1, $2, $3, $4, $5, $6)",
              {row.seq, std::string_view(row.at), std::string_view(row.kind),
               std::string_view(row.subject), std::string_view(row.body),
               SqlBlob{row.leaf_hash}})
      .status();
}

Result<int64_t> PgTransaction::LedgerSize() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  // MAX on the primary key is one index descent.
  return conn_->QueryInt("SELECT COALESCE(MAX(seq) + 1, 0) FROM ledger_events", {}, 0);
}

Status PgTransaction::ScanLedgerEvents(int64_t from, int64_t to,
                                       const std::function<bool(const LedgerEventRow&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  return Scan("SELECT " + std::string(kEventColumns) +
                  " FROM ledger_events WHERE seq >= $1 AND seq < $2 ORDER BY seq",
              {from, to}, 2000, false,
              [&](const PgResult& r, int i) { return fn(ReadEvent(r, i)); });
}

Result<std::optional<LedgerEventRow>> PgTransaction::GetLedgerEvent(int64_t seq) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT " + std::string(kEventColumns) + " FROM ledger_events WHERE seq = $1",
                   {seq}));
  std::optional<LedgerEventRow> row;
  if (r.rows() > 0) row = ReadEvent(r, 0);
  return row;
}

Result<LedgerFrontier> PgTransaction::LoadLedgerFrontier() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(PgResult r,
                          conn_->Query("SELECT size, hashes FROM ledger_frontier WHERE id = 1", {}));
  LedgerFrontier f;
  if (r.rows() > 0) {
    f.size = r.Int(0, 0);
    f.hashes = r.Bytes(0, 1);
  }
  return f;
}

Status PgTransaction::SaveLedgerFrontier(const LedgerFrontier& frontier) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (frontier.size < 0 || frontier.hashes.size() % kHashSize != 0) {
    return InvalidArgument("a ledger frontier is a size and whole 32-byte hashes");
  }
  return conn_
      ->Query("INSERT INTO ledger_frontier(id, size, hashes) VALUES (1, $1, $2) "
              "ON CONFLICT (id) DO UPDATE SET size = excluded.size, hashes = excluded.hashes",
              {frontier.size, SqlBlob{frontier.hashes}})
      .status();
}

Status PgTransaction::AppendLedgerCheckpoint(const LedgerCheckpointRow& row) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (row.size <= 0 || row.root.size() != kHashSize || row.signature.size() != kSignatureSize) {
    return InvalidArgument(
        "a ledger checkpoint needs a positive size, a 32-byte root and a "
        "64-byte signature");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::optional<LedgerCheckpointRow> latest, LatestLedgerCheckpoint());
  if (latest.has_value() && row.size <= latest->size) {
    return FailedPrecondition("a checkpoint must cover more events than the latest one (" +
                              std::to_string(latest->size) + ")");
  }
  SUNLIT_ASSIGN_OR_RETURN(PgResult key, conn_->Query("SELECT 1 FROM ledger_keys WHERE key_id = $1",
                                                     {std::string_view(row.key_id)}));
  if (key.rows() == 0) return FailedPrecondition("the checkpoint's signing key is not registered");
  return conn_
      ->Query("INSERT INTO ledger_checkpoints(size, root, at, key_id, signature) "
              "VALUES ($1, $2, $3, $4, $5)",
              {row.size, SqlBlob{row.root}, std::string_view(row.at),
               std::string_view(row.key_id), SqlBlob{row.signature}})
      .status();
}

Result<std::optional<LedgerCheckpointRow>> PgTransaction::LatestLedgerCheckpoint() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(PgResult r,
                          conn_->Query("SELECT " + std::string(kCheckpointColumns) +
                                           " FROM ledger_checkpoints ORDER BY size DESC LIMIT 1",
                                       {}));
  std::optional<LedgerCheckpointRow> row;
  if (r.rows() > 0) row = ReadCheckpoint(r, 0);
  return row;
}

Status PgTransaction::ScanLedgerCheckpoints(
    int64_t from, int64_t to, const std::function<bool(const LedgerCheckpointRow&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  return Scan("SELECT " + std::string(kCheckpointColumns) +
                  " FROM ledger_checkpoints WHERE size >= $1 AND size < $2 ORDER BY size",
              {from, to}, 2000, false,
              [&](const PgResult& r, int i) { return fn(ReadCheckpoint(r, i)); });
}

Result<bool> PgTransaction::PutLedgerKey(const LedgerKeyRow& row) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (row.key_id.empty() || row.public_key.size() != kPublicKeySize) {
    return InvalidArgument("a ledger key needs an id and a 32-byte public key");
  }
  SUNLIT_ASSIGN_OR_RETURN(PgResult find,
                          conn_->Query("SELECT public_key FROM ledger_keys WHERE key_id = $1",
                                       {std::string_view(row.key_id)}));
  if (find.rows() > 0) {
    if (find.Bytes(0, 0) == row.public_key) return false;
    return FailedPrecondition("another public key is registered under key id " + row.key_id);
  }
  SUNLIT_RETURN_IF_ERROR(
      conn_
          ->Query("INSERT INTO ledger_keys(key_id, public_key, created_at) VALUES ($1, $2, $3)",
                  {std::string_view(row.key_id), SqlBlob{row.public_key},
                   std::string_view(row.created_at)})
          .status());
  return true;
}

Result<std::vector<LedgerKeyRow>> PgTransaction::LedgerKeys() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT key_id, public_key, created_at FROM ledger_keys ORDER BY ord", {}));
  std::vector<LedgerKeyRow> keys;
  for (int i = 0; i < r.rows(); ++i) {
    keys.push_back(
        LedgerKeyRow{std::string(r.Text(i, 0)), r.Bytes(i, 1), std::string(r.Text(i, 2))});
  }
  return keys;
}

}  // namespace sunlit::store::postgres
