// SqliteTransaction: the transparency log's tables (migration 2). Append-only by design: no
// statement here updates or deletes an event, a checkpoint or a key; only the derived
// frontier row is overwritten.
#include <sqlite3.h>

#include <string>
#include <utility>

#include "store/sqlite/sqlite_transaction.h"

namespace sunlit::store::sqlite {
namespace {

constexpr size_t kHashSize = 32;
constexpr size_t kPublicKeySize = 32;
constexpr size_t kSignatureSize = 64;

constexpr std::string_view kEventColumns = "seq, at, kind, subject, body, leaf_hash";

LedgerEventRow ReadEvent(const Statement& st) {
  LedgerEventRow r;
  r.seq = st.ColumnInt(0);
  r.at = st.ColumnText(1);
  r.kind = st.ColumnText(2);
  r.subject = st.ColumnText(3);
  r.body = st.ColumnText(4);
  r.leaf_hash = std::string(st.ColumnBlob(5));
  return r;
}

constexpr std::string_view kCheckpointColumns = "size, root, at, key_id, signature";

LedgerCheckpointRow ReadCheckpoint(const Statement& st) {
  LedgerCheckpointRow r;
  r.size = st.ColumnInt(0);
  r.root = std::string(st.ColumnBlob(1));
  r.at = st.ColumnText(2);
  r.key_id = st.ColumnText(3);
  r.signature = std::string(st.ColumnBlob(4));
  return r;
}

// Steps `st` (bound, REQUIRES a fresh result set) through its rows, calling `fn` on each
// until it returns false.
template <typename Row, typename Reader>
Status ScanLedgerRows(Statement& st, Reader read, const std::function<bool(const Row&)>& fn) {
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    if (!fn(read(st))) return Status::Ok();
  }
}

}  // namespace

Status SqliteTransaction::AppendLedgerEvent(const LedgerEventRow& row) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (row.leaf_hash.size() != kHashSize) {
    return InvalidArgument("a ledger leaf hash must be 32 bytes");
  }
  SUNLIT_ASSIGN_OR_RETURN(int64_t size, LedgerSize());
  if (row.seq != size) {
    return FailedPrecondition("the log holds " + std::to_string(size) + " events; event " +
                              std::to_string(row.seq) + " cannot be appended");
  }
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("INSERT INTO ledger_events(seq, at, kind, subject, body, leaf_hash) "
                    "VALUES (?, ?, ?, ?, ?, ?)"));
  st->BindInt(1, row.seq);
  st->BindText(2, row.at);
  st->BindText(3, row.kind);
  st->BindText(4, row.subject);
  st->BindText(5, row.body);
  st->BindBlob(6, row.leaf_hash);
  return st->Run();
}

Result<int64_t> SqliteTransaction::LedgerSize() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  // MAX on the rowid is one B-tree descent; COUNT(*) would read the whole table.
  SUNLIT_ASSIGN_OR_RETURN(Statement * st,
                          conn_->Cached("SELECT IFNULL(MAX(seq) + 1, 0) FROM ledger_events"));
  SUNLIT_ASSIGN_OR_RETURN(bool row, st->Step());
  const int64_t size = row ? st->ColumnInt(0) : 0;
  st->Reset();
  return size;
}

Status SqliteTransaction::ScanLedgerEvents(int64_t from, int64_t to,
                                           const std::function<bool(const LedgerEventRow&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  // Not cached: `fn` may call back into this transaction, even into another scan.
  SUNLIT_ASSIGN_OR_RETURN(Statement st,
                          Statement::Prepare(conn_->db(),
                                             "SELECT " + std::string(kEventColumns) +
                                                 " FROM ledger_events WHERE seq >= ? AND seq < ? "
                                                 "ORDER BY seq",
                                             false));
  st.BindInt(1, from);
  st.BindInt(2, to);
  ++scans_;
  Status s = ScanLedgerRows<LedgerEventRow>(st, ReadEvent, fn);
  --scans_;
  return s;
}

Result<std::optional<LedgerEventRow>> SqliteTransaction::GetLedgerEvent(int64_t seq) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(Statement * st, conn_->Cached("SELECT " + std::string(kEventColumns) +
                                                        " FROM ledger_events WHERE seq = ?"));
  st->BindInt(1, seq);
  SUNLIT_ASSIGN_OR_RETURN(bool found, st->Step());
  std::optional<LedgerEventRow> row;
  if (found) row = ReadEvent(*st);
  st->Reset();
  return row;
}

Result<LedgerFrontier> SqliteTransaction::LoadLedgerFrontier() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(Statement * st,
                          conn_->Cached("SELECT size, hashes FROM ledger_frontier WHERE id = 1"));
  SUNLIT_ASSIGN_OR_RETURN(bool found, st->Step());
  LedgerFrontier f;
  if (found) {
    f.size = st->ColumnInt(0);
    f.hashes = std::string(st->ColumnBlob(1));
  }
  st->Reset();
  return f;
}

Status SqliteTransaction::SaveLedgerFrontier(const LedgerFrontier& frontier) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (frontier.size < 0 || frontier.hashes.size() % kHashSize != 0) {
    return InvalidArgument("a ledger frontier is a size and whole 32-byte hashes");
  }
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("INSERT INTO ledger_frontier(id, size, hashes) VALUES (1, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET size = excluded.size, "
                    "hashes = excluded.hashes"));
  st->BindInt(1, frontier.size);
  st->BindBlob(2, frontier.hashes);
  return st->Run();
}

Status SqliteTransaction::AppendLedgerCheckpoint(const LedgerCheckpointRow& row) {
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
  SUNLIT_ASSIGN_OR_RETURN(Statement * key,
                          conn_->Cached("SELECT 1 FROM ledger_keys WHERE key_id = ?"));
  key->BindText(1, row.key_id);
  SUNLIT_ASSIGN_OR_RETURN(bool known, key->Step());
  key->Reset();
  if (!known) return FailedPrecondition("the checkpoint's signing key is not registered");
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("INSERT INTO ledger_checkpoints(size, root, at, key_id, signature) "
                    "VALUES (?, ?, ?, ?, ?)"));
  st->BindInt(1, row.size);
  st->BindBlob(2, row.root);
  st->BindText(3, row.at);
  st->BindText(4, row.key_id);
  st->BindBlob(5, row.signature);
  return st->Run();
}

Result<std::optional<LedgerCheckpointRow>> SqliteTransaction::LatestLedgerCheckpoint() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(Statement * st,
                          conn_->Cached("SELECT " + std::string(kCheckpointColumns) +
                                        " FROM ledger_checkpoints ORDER BY size DESC LIMIT 1"));
  SUNLIT_ASSIGN_OR_RETURN(bool found, st->Step());
  std::optional<LedgerCheckpointRow> row;
  if (found) row = ReadCheckpoint(*st);
  st->Reset();
  return row;
}

Status SqliteTransaction::ScanLedgerCheckpoints(
    int64_t from, int64_t to, const std::function<bool(const LedgerCheckpointRow&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(Statement st,
                          Statement::Prepare(conn_->db(),
                                             "SELECT " + std::string(kCheckpointColumns) +
                                                 " FROM ledger_checkpoints WHERE size >= ? AND "
                                                 "size < ? ORDER BY size",
                                             false));
  st.BindInt(1, from);
  st.BindInt(2, to);
  ++scans_;
  Status s = ScanLedgerRows<LedgerCheckpointRow>(st, ReadCheckpoint, fn);
  --scans_;
  return s;
}

Result<bool> SqliteTransaction::PutLedgerKey(const LedgerKeyRow& row) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (row.key_id.empty() || row.public_key.size() != kPublicKeySize) {
    return InvalidArgument("a ledger key needs an id and a 32-byte public key");
  }
  SUNLIT_ASSIGN_OR_RETURN(Statement * find,
                          conn_->Cached("SELECT public_key FROM ledger_keys WHERE key_id = ?"));
  find->BindText(1, row.key_id);
  SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
  std::string existing;
  if (found) existing = std::string(find->ColumnBlob(0));
  find->Reset();
  if (found) {
    if (existing == row.public_key) return false;
    return FailedPrecondition("another public key is registered under key id " + row.key_id);
  }
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("INSERT INTO ledger_keys(key_id, public_key, created_at) VALUES (?, ?, ?)"));
  st->BindText(1, row.key_id);
  st->BindBlob(2, row.public_key);
  st->BindText(3, row.created_at);
  SUNLIT_RETURN_IF_ERROR(st->Run());
  return true;
}

Result<std::vector<LedgerKeyRow>> SqliteTransaction::LedgerKeys() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("SELECT key_id, public_key, created_at FROM ledger_keys ORDER BY rowid"));
  std::vector<LedgerKeyRow> keys;
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    keys.push_back(LedgerKeyRow{std::string(st->ColumnText(0)), std::string(st->ColumnBlob(1)),
                                std::string(st->ColumnText(2))});
  }
  st->Reset();
  return keys;
}

}  // namespace sunlit::store::sqlite
