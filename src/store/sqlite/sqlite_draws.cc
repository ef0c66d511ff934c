// SqliteTransaction: the draw tables (migration 3) and the fast entity scan that feeds the
// in-memory index. No statement here names a frozen column in an UPDATE or deletes anything;
// each state change is an UPDATE … WHERE state = <the state it starts from> whose change
// count is checked, so two racing writers cannot both move a pool (the triggers of
// migration 3 refuse the rest even to raw SQL).
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_transaction.h"

namespace sunlit::store::sqlite {
namespace {

constexpr size_t kHashSize = 32;
constexpr size_t kMemberBytes = 19;  // 18-byte code + stratum index
constexpr size_t kMembersPerChunk = 65536;

std::string_view StateText(DrawState s) {
  switch (s) {
    case DrawState::kFrozen:
      return "frozen";
    case DrawState::kRandomnessEntered:
      return "randomness_entered";
    case DrawState::kDrawn:
      return "drawn";
  }
  return "frozen";
}

bool DecodeState(std::string_view text, DrawState* out) {
  for (DrawState s : {DrawState::kFrozen, DrawState::kRandomnessEntered, DrawState::kDrawn}) {
    if (text == StateText(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

std::string_view RoleText(DrawEntryRole r) {
  return r == DrawEntryRole::kSelected ? "selected" : "alternate";
}

Status Damaged(std::string detail) { return DataLoss("stored data is damaged", std::move(detail)); }

constexpr size_t kEntriesPerInsert = 64;  // rows per multi-row INSERT into draw_entries

std::string EntryInsertSql(size_t rows) {
  std::string sql =
      "INSERT INTO draw_entries(pool_id, role, stratum, position, code, rank) VALUES ";
  for (size_t r = 0; r < rows; ++r) sql += r == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
  return sql;
}

// Columns of FindDrawPool: the pool, then the draw ids of its predecessor and successor.
constexpr std::string_view kPoolSelect =
    "SELECT p.id, p.draw_id, p.year, COALESCE(p.previous_id, 0), p.redraw_reason, p.filter, "
    "p.params, p.quotas, p.reserve, p.sources, p.available_at, p.commitment, p.secret, "
    "p.pool_root, p.pool_size, p.strata, p.frozen_at, p.actor, p.state, p.randomness, "
    "p.randomness_at, p.randomness_actor, p.record, p.record_hash, p.drawn_at, p.drawn_actor, "
    "pv.draw_id, nx.draw_id "
    "FROM draw_pools p LEFT JOIN draw_pools pv ON pv.id = p.previous_id "
    "LEFT JOIN draw_pools nx ON nx.previous_id = p.id ";

Result<DrawPoolRow> ReadPool(const Statement& st) {
  DrawPoolRow r;
  r.id = st.ColumnInt(0);
  r.draw_id = st.ColumnText(1);
  r.year = static_cast<int32_t>(st.ColumnInt(2));
  r.previous_id = st.ColumnInt(3);
  r.redraw_reason = st.ColumnText(4);
  r.filter = st.ColumnText(5);
  r.params = st.ColumnText(6);
  r.quotas = st.ColumnText(7);
  r.reserve = st.ColumnInt(8);
  r.sources = st.ColumnText(9);
  r.available_at = st.ColumnText(10);
  r.commitment = std::string(st.ColumnBlob(11));
  r.secret = std::string(st.ColumnBlob(12));
  r.pool_root = std::string(st.ColumnBlob(13));
  r.pool_size = st.ColumnInt(14);
  r.strata = st.ColumnText(15);
  r.frozen_at = st.ColumnText(16);
  r.actor = st.ColumnText(17);
  if (!DecodeState(st.ColumnText(18), &r.state)) return Damaged("draw " + r.draw_id + ": state");
  r.randomness = st.ColumnText(19);
  r.randomness_at = st.ColumnText(20);
  r.randomness_actor = st.ColumnText(21);
  r.record = st.ColumnText(22);
  r.record_hash = std::string(st.ColumnBlob(23));
  r.drawn_at = st.ColumnText(24);
  r.drawn_actor = st.ColumnText(25);
  r.previous_draw_id = st.ColumnText(26);
  r.next_draw_id = st.ColumnText(27);
  if (r.commitment.size() != kHashSize || r.secret.size() != kHashSize ||
      r.pool_root.size() != kHashSize ||
      (r.state == DrawState::kDrawn && r.record_hash.size() != kHashSize)) {
    return Damaged("draw " + r.draw_id + ": a hash has the wrong length");
  }
  return r;
}

}  // namespace

Result<int64_t> SqliteTransaction::CreateDrawPool(const DrawPoolRow& row,
                                                  std::string_view members) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (row.draw_id.empty()) return InvalidArgument("a draw needs a draw id");
  if (row.commitment.size() != kHashSize || row.secret.size() != kHashSize ||
      row.pool_root.size() != kHashSize) {
    return InvalidArgument("the commitment, the secret and the pool root must be 32 bytes");
  }
  if (members.empty() || members.size() % kMemberBytes != 0 || row.pool_size <= 0 ||
      members.size() / kMemberBytes != static_cast<size_t>(row.pool_size)) {
    return InvalidArgument("the pool snapshot does not hold pool_size members of 19 bytes");
  }
  {
    SUNLIT_ASSIGN_OR_RETURN(Statement * find,
                            conn_->Cached("SELECT 1 FROM draw_pools WHERE draw_id = ?"));
    find->BindText(1, row.draw_id);
    Result<bool> taken = find->Step();
    find->Reset();
    if (!taken.ok()) return taken.status();
    if (*taken) return AlreadyExists("draw " + row.draw_id + " already exists");
  }
  if (row.previous_id != 0) {
    SUNLIT_ASSIGN_OR_RETURN(
        Statement * prev,
        conn_->Cached("SELECT EXISTS (SELECT 1 FROM draw_pools WHERE id = ?1), "
                      "EXISTS (SELECT 1 FROM draw_pools WHERE previous_id = ?1)"));
    prev->BindInt(1, row.previous_id);
    Result<bool> got = prev->Step();
    if (!got.ok()) return got.status();
    const bool exists = *got && prev->ColumnInt(0) != 0;
    const bool redrawn = *got && prev->ColumnInt(1) != 0;
    prev->Reset();
    if (!exists) return FailedPrecondition("the draw to re-draw does not exist");
    if (redrawn) return FailedPrecondition("that draw has already been re-drawn");
  }
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * insert,
      conn_->Cached("INSERT INTO draw_pools(draw_id, year, previous_id, redraw_reason, filter, "
                    "params, quotas, reserve, sources, available_at, commitment, secret, "
                    "pool_root, pool_size, strata, frozen_at, actor, state) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'frozen') "
                    "RETURNING id"));
  int i = 1;
  insert->BindText(i++, row.draw_id);
  insert->BindInt(i++, row.year);
  if (row.previous_id != 0) {
    insert->BindInt(i++, row.previous_id);
  } else {
    insert->BindNull(i++);
  }
  insert->BindText(i++, row.redraw_reason);
  insert->BindText(i++, row.filter);
  insert->BindText(i++, row.params);
  insert->BindText(i++, row.quotas);
  insert->BindInt(i++, row.reserve);
  insert->BindText(i++, row.sources);
  insert->BindText(i++, row.available_at);
  insert->BindBlob(i++, row.commitment);
  insert->BindBlob(i++, row.secret);
  insert->BindBlob(i++, row.pool_root);
  insert->BindInt(i++, row.pool_size);
  insert->BindText(i++, row.strata);
  insert->BindText(i++, row.frozen_at);
  insert->BindText(i++, row.actor);
  SUNLIT_ASSIGN_OR_RETURN(bool inserted, insert->Step());
  if (!inserted) {
    insert->Reset();
    return Internal("database error", "INSERT INTO draw_pools returned no id");
  }
  const int64_t id = insert->ColumnInt(0);
  SUNLIT_RETURN_IF_ERROR(insert->Run());  // finish the statement

  SUNLIT_ASSIGN_OR_RETURN(
      Statement * chunk,
      conn_->Cached("INSERT INTO draw_pool_chunks(pool_id, chunk, members) VALUES (?, ?, ?)"));
  constexpr size_t kChunkBytes = kMembersPerChunk * kMemberBytes;
  for (size_t at = 0, n = 0; at < members.size(); at += kChunkBytes, ++n) {
    chunk->BindInt(1, id);
    chunk->BindInt(2, static_cast<int64_t>(n));
    chunk->BindBlob(3, members.substr(at, kChunkBytes));
    SUNLIT_RETURN_IF_ERROR(chunk->Run());
  }
  return id;
}

Result<std::optional<DrawPoolRow>> SqliteTransaction::FindDrawPool(std::string_view draw_id) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(Statement * find,
                          conn_->Cached(std::string(kPoolSelect) + "WHERE p.draw_id = ?"));
  find->BindText(1, draw_id);
  SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
  if (!found) {
    find->Reset();
    return std::optional<DrawPoolRow>();
  }
  Result<DrawPoolRow> row = ReadPool(*find);
  find->Reset();
  if (!row.ok()) return row.status();
  return std::optional<DrawPoolRow>(std::move(row).value());
}

Status SqliteTransaction::ScanDrawPoolMembers(int64_t pool_id,
                                              const std::function<bool(std::string_view)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  int64_t size = -1;
  {
    SUNLIT_ASSIGN_OR_RETURN(Statement * find,
                            conn_->Cached("SELECT pool_size FROM draw_pools WHERE id = ?"));
    find->BindInt(1, pool_id);
    Result<bool> found = find->Step();
    if (!found.ok()) return found.status();
    if (*found) size = find->ColumnInt(0);
    find->Reset();
  }
  if (size < 0) return NotFound("no such draw pool");
  // Not cached: `fn` may call back into this transaction.
  SUNLIT_ASSIGN_OR_RETURN(
      Statement st,
      Statement::Prepare(conn_->db(),
                         "SELECT chunk, members FROM draw_pool_chunks WHERE pool_id = ? "
                         "ORDER BY chunk",
                         false));
  st.BindInt(1, pool_id);
  ++scans_;
  Status s;
  int64_t expected_chunk = 0;
  int64_t members = 0;
  bool stopped = false;
  while (true) {
    Result<bool> row = st.Step();
    if (!row.ok()) {
      s = row.status();
      break;
    }
    if (!*row) break;
    const std::string_view bytes = st.ColumnBlob(1);
    const int64_t count = static_cast<int64_t>(bytes.size() / kMemberBytes);
    const bool last_possible = members + count == size;
    if (st.ColumnInt(0) != expected_chunk || bytes.empty() || bytes.size() % kMemberBytes != 0 ||
        members + count > size ||
        (!last_possible && static_cast<size_t>(count) != kMembersPerChunk)) {
      s = Damaged("draw pool " + std::to_string(pool_id) + ": chunk " +
                  std::to_string(expected_chunk) + " is missing or malformed");
      break;
    }
    ++expected_chunk;
    members += count;
    if (!fn(bytes)) {
      stopped = true;
      break;
    }
  }
  --scans_;
  if (s.ok() && !stopped && members != size) {
    s = Damaged("draw pool " + std::to_string(pool_id) + ": the snapshot holds " +
                std::to_string(members) + " members, not " + std::to_string(size));
  }
  return s;
}

Status SqliteTransaction::EnterDrawRandomness(int64_t pool_id, std::string_view randomness,
                                              std::string_view at, std::string_view actor) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (randomness.empty()) return InvalidArgument("the randomness is empty");
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("UPDATE draw_pools SET state = 'randomness_entered', randomness = ?, "
                    "randomness_at = ?, randomness_actor = ? "
                    "WHERE id = ? AND state = 'frozen' "
                    "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = ?4)"));
  st->BindText(1, randomness);
  st->BindText(2, at);
  st->BindText(3, actor);
  st->BindInt(4, pool_id);
  SUNLIT_RETURN_IF_ERROR(st->Run());
  if (sqlite3_changes64(conn_->db()) != 1) {
    return FailedPrecondition("the draw is not frozen and waiting for its randomness");
  }
  return Status::Ok();
}

Status SqliteTransaction::CompleteDraw(int64_t pool_id, const DrawCompletion& done) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (done.record.empty() || done.record_hash.size() != kHashSize) {
    return InvalidArgument("a draw needs its record and a 32-byte record hash");
  }
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("UPDATE draw_pools SET state = 'drawn', record = ?, record_hash = ?, "
                    "drawn_at = ?, drawn_actor = ? "
                    "WHERE id = ? AND state = 'randomness_entered' "
                    "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = ?5)"));
  st->BindText(1, done.record);
  st->BindBlob(2, done.record_hash);
  st->BindText(3, done.at);
  st->BindText(4, done.actor);
  st->BindInt(5, pool_id);
  SUNLIT_RETURN_IF_ERROR(st->Run());
  if (sqlite3_changes64(conn_->db()) != 1) {
    return FailedPrecondition("the draw is not waiting to be drawn");
  }
  // In key order (stratum, role, position), kEntriesPerInsert rows a statement: a
  // province-wide draw writes a quarter of a million entries here.
  std::vector<const DrawEntryRow*> order;
  order.reserve(done.entries.size());
  for (const DrawEntryRow& e : done.entries) order.push_back(&e);
  std::sort(order.begin(), order.end(), [](const DrawEntryRow* a, const DrawEntryRow* b) {
    if (a->stratum != b->stratum) return a->stratum < b->stratum;
    if (a->role != b->role) return RoleText(a->role) < RoleText(b->role);
    return a->position < b->position;
  });
  SUNLIT_ASSIGN_OR_RETURN(Statement * many, conn_->Cached(EntryInsertSql(kEntriesPerInsert)));
  SUNLIT_ASSIGN_OR_RETURN(Statement * one, conn_->Cached(EntryInsertSql(1)));
  const auto bind = [pool_id](Statement* insert, int base, const DrawEntryRow& e) {
    insert->BindInt(base + 1, pool_id);
    insert->BindText(base + 2, RoleText(e.role));
    insert->BindText(base + 3, e.stratum);
    insert->BindInt(base + 4, e.position);
    insert->BindText(base + 5, e.code);
    insert->BindText(base + 6, e.rank);
  };
  size_t i = 0;
  for (; i + kEntriesPerInsert <= order.size(); i += kEntriesPerInsert) {
    for (size_t k = 0; k < kEntriesPerInsert; ++k) {
      bind(many, static_cast<int>(k) * 6, *order[i + k]);
    }
    SUNLIT_RETURN_IF_ERROR(many->Run());
  }
  for (; i < order.size(); ++i) {
    bind(one, 0, *order[i]);
    SUNLIT_RETURN_IF_ERROR(one->Run());
  }
  return Status::Ok();
}

Result<std::vector<DrawEntryRow>> SqliteTransaction::DrawEntries(int64_t pool_id) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("SELECT role, stratum, position, code, rank FROM draw_entries "
                    "WHERE pool_id = ? "
                    "ORDER BY stratum, CASE role WHEN 'selected' THEN 0 ELSE 1 END, position"));
  st->BindInt(1, pool_id);
  std::vector<DrawEntryRow> out;
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    DrawEntryRow e;
    e.role = st->ColumnText(0) == "selected" ? DrawEntryRole::kSelected : DrawEntryRole::kAlternate;
    e.stratum = st->ColumnText(1);
    e.position = st->ColumnInt(2);
    e.code = st->ColumnText(3);
    e.rank = st->ColumnText(4);
    out.push_back(std::move(e));
  }
  st->Reset();
  return out;
}

Status SqliteTransaction::RecordAlternateUse(const AlternateUseRow& row) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (row.reason.empty()) return InvalidArgument("using an alternate needs a reason");
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * check,
      conn_->Cached("SELECT p.state = 'drawn' "
                    "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = p.id), "
                    "EXISTS (SELECT 1 FROM draw_alternate_uses u "
                    "WHERE u.pool_id = p.id AND u.replaced_code = ?2), "
                    "EXISTS (SELECT 1 FROM draw_alternate_uses u "
                    "WHERE u.pool_id = p.id AND u.alternate_code = ?3), "
                    "(SELECT COUNT(*) FROM draw_alternate_uses u WHERE u.pool_id = p.id) "
                    "FROM draw_pools p WHERE p.id = ?1"));
  check->BindInt(1, row.pool_id);
  check->BindText(2, row.replaced_code);
  check->BindText(3, row.alternate_code);
  Result<bool> found = check->Step();
  if (!found.ok()) return found.status();
  const bool open = *found && check->ColumnInt(0) != 0;
  const bool replaced = *found && check->ColumnInt(1) != 0;
  const bool used = *found && check->ColumnInt(2) != 0;
  const int64_t seq = *found ? check->ColumnInt(3) : 0;
  check->Reset();
  if (!open) return FailedPrecondition("alternates can be used only in a drawn, current draw");
  if (replaced) return AlreadyExists(row.replaced_code + " has already been replaced");
  if (used) return AlreadyExists("alternate " + row.alternate_code + " is already in use");
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * insert,
      conn_->Cached("INSERT INTO draw_alternate_uses(pool_id, seq, replaced_code, "
                    "alternate_code, reason, directory_status, at, actor) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  insert->BindInt(1, row.pool_id);
  insert->BindInt(2, seq);
  insert->BindText(3, row.replaced_code);
  insert->BindText(4, row.alternate_code);
  insert->BindText(5, row.reason);
  insert->BindText(6, row.directory_status);
  insert->BindText(7, row.at);
  insert->BindText(8, row.actor);
  return insert->Run();
}

Result<std::vector<AlternateUseRow>> SqliteTransaction::AlternateUses(int64_t pool_id) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("SELECT replaced_code, alternate_code, reason, directory_status, at, actor "
                    "FROM draw_alternate_uses WHERE pool_id = ? ORDER BY seq"));
  st->BindInt(1, pool_id);
  std::vector<AlternateUseRow> out;
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    AlternateUseRow u;
    u.pool_id = pool_id;
    u.replaced_code = st->ColumnText(0);
    u.alternate_code = st->ColumnText(1);
    u.reason = st->ColumnText(2);
    u.directory_status = st->ColumnText(3);
    u.at = st->ColumnText(4);
    u.actor = st->ColumnText(5);
    out.push_back(std::move(u));
  }
  st->Reset();
  return out;
}

Result<std::vector<std::string>> SqliteTransaction::CodesDrawnInYear(
    int32_t year, std::string_view excluding_draw_id) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("SELECT e.code FROM draw_entries e JOIN draw_pools p ON p.id = e.pool_id "
                    "WHERE p.year = ?1 AND p.state = 'drawn' AND p.draw_id <> ?2 "
                    "AND e.role = 'selected' "
                    "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = p.id) "
                    "UNION ALL "
                    "SELECT u.alternate_code FROM draw_alternate_uses u "
                    "JOIN draw_pools p ON p.id = u.pool_id "
                    "WHERE p.year = ?1 AND p.draw_id <> ?2 "
                    "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = p.id)"));
  st->BindInt(1, year);
  st->BindText(2, excluding_draw_id);
  std::vector<std::string> out;
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.emplace_back(st->ColumnText(0));
  }
  st->Reset();
  return out;
}

Status SqliteTransaction::ScanEntitiesForIndex(const std::function<bool(const core::Entity&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_RETURN_IF_ERROR(FlushBulk());
  // Rowid order: a plain walk of the table's B-tree. Code order (ScanEntities) visits the
  // table through the code index, one random page access per row, which is several times
  // slower on a large directory. Not cached: `fn` may call back into this transaction.
  SUNLIT_ASSIGN_OR_RETURN(
      Statement st, Statement::Prepare(conn_->db(),
                                       "SELECT code, type, status, region, industry, tags, risk, "
                                       "last_inspected FROM entities",
                                       false));
  // One Entity reused for every row, so that its strings keep their buffers.
  core::Entity e;
  size_t tag_count = 0;
  ++scans_;
  Status s;
  while (true) {
    Result<bool> row = st.Step();
    if (!row.ok()) {
      s = row.status();
      break;
    }
    if (!*row) break;
    e.code.assign(st.ColumnText(0));
    if (!DecodeEnum(st.ColumnText(1), &e.type) || !DecodeEnum(st.ColumnText(2), &e.status) ||
        !DecodeEnum(st.ColumnText(6), &e.risk)) {
      s = Damaged("entity " + e.code + ": bad enumeration value");
      break;
    }
    e.region = static_cast<int32_t>(st.ColumnInt(3));
    e.industry.assign(st.ColumnText(4));
    // Comma-joined tags, split into the reused strings.
    const std::string_view tags = st.ColumnText(5);
    tag_count = 0;
    for (size_t from = 0; from < tags.size();) {
      size_t comma = tags.find(',', from);
      if (comma == std::string_view::npos) comma = tags.size();
      if (tag_count < e.tags.size()) {
        e.tags[tag_count].assign(tags.substr(from, comma - from));
      } else {
        e.tags.emplace_back(tags.substr(from, comma - from));
      }
      ++tag_count;
      from = comma + 1;
    }
    e.tags.resize(tag_count);
    if (st.ColumnIsNull(7)) {
      e.last_inspected.reset();
    } else {
      core::Date d;
      if (!DecodeDate(st.ColumnText(7), &d)) {
        s = Damaged("entity " + e.code + ": bad last_inspected");
        break;
      }
      e.last_inspected = d;
    }
    if (!fn(e)) break;
  }
  --scans_;
  return s;
}

}  // namespace sunlit::store::sqlite
