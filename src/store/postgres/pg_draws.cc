// PgTransaction: the draw tables (migration 3) and the fast entity scan that feeds the
// in-memory index. As on SQLite, no statement here names a frozen column in an UPDATE or
// deletes anything; each state change is an UPDATE … WHERE state = <the state it starts
// from> whose row count is checked (writers hold the writer lock, and READ COMMITTED
// re-checks the WHERE clause against the latest row version in any case), and the trigger
// functions of migration 3 refuse the rest even to raw SQL.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "store/postgres/pg_transaction.h"
#include "store/sqlite/codec.h"

namespace sunlit::store::postgres {
namespace {

using sqlite::DecodeDate;
using sqlite::DecodeEnum;

constexpr size_t kHashSize = 32;
constexpr size_t kMemberBytes = 19;
constexpr size_t kMembersPerChunk = 65536;

bool DecodeState(std::string_view text, DrawState* out) {
  if (text == "frozen") {
    *out = DrawState::kFrozen;
  } else if (text == "randomness_entered") {
    *out = DrawState::kRandomnessEntered;
  } else if (text == "drawn") {
    *out = DrawState::kDrawn;
  } else {
    return false;
  }
  return true;
}

std::string_view RoleText(DrawEntryRole r) {
  return r == DrawEntryRole::kSelected ? "selected" : "alternate";
}

Status Damaged(std::string detail) { return DataLoss("stored data is damaged", std::move(detail)); }

constexpr std::string_view kPoolSelect =
    "SELECT p.id, p.draw_id, p.year, COALESCE(p.previous_id, 0), p.redraw_reason, p.filter, "
    "p.params, p.quotas, p.reserve, p.sources, p.available_at, p.commitment, p.secret, "
    "p.pool_root, p.pool_size, p.strata, p.frozen_at, p.actor, p.state, p.randomness, "
    "p.randomness_at, p.randomness_actor, p.record, p.record_hash, p.drawn_at, p.drawn_actor, "
    "pv.draw_id, nx.draw_id "
    "FROM draw_pools p LEFT JOIN draw_pools pv ON pv.id = p.previous_id "
    "LEFT JOIN draw_pools nx ON nx.previous_id = p.id ";

Result<DrawPoolRow> ReadPool(const PgResult& r) {
  DrawPoolRow p;
  p.id = r.Int(0, 0);
  p.draw_id = r.Text(0, 1);
  p.year = static_cast<int32_t>(r.Int(0, 2));
  p.previous_id = r.Int(0, 3);
  p.redraw_reason = r.Text(0, 4);
  p.filter = r.Text(0, 5);
  p.params = r.Text(0, 6);
  p.quotas = r.Text(0, 7);
  p.reserve = r.Int(0, 8);
  p.sources = r.Text(0, 9);
  p.available_at = r.Text(0, 10);
  p.commitment = r.Bytes(0, 11);
  p.secret = r.Bytes(0, 12);
  p.pool_root = r.Bytes(0, 13);
  p.pool_size = r.Int(0, 14);
  p.strata = r.Text(0, 15);
  p.frozen_at = r.Text(0, 16);
  p.actor = r.Text(0, 17);
  if (!DecodeState(r.Text(0, 18), &p.state)) return Damaged("draw " + p.draw_id + ": state");
  p.randomness = r.Text(0, 19);
  p.randomness_at = r.Text(0, 20);
  p.randomness_actor = r.Text(0, 21);
  p.record = r.Text(0, 22);
  p.record_hash = r.Bytes(0, 23);
  p.drawn_at = r.Text(0, 24);
  p.drawn_actor = r.Text(0, 25);
  p.previous_draw_id = r.Text(0, 26);
  p.next_draw_id = r.Text(0, 27);
  if (p.commitment.size() != kHashSize || p.secret.size() != kHashSize ||
      p.pool_root.size() != kHashSize ||
      (p.state == DrawState::kDrawn && p.record_hash.size() != kHashSize)) {
    return Damaged("draw " + p.draw_id + ": a hash has the wrong length");
  }
  return p;
}

// Appends `s` in COPY text form.
void AppendCopy(std::string_view s, std::string* out) {
  for (const char c : s) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '\t': out->append("\\t"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      default: out->push_back(c);
    }
  }
}

// One field of a COPY text row: unescaped into `out` (reused); false for \N (NULL).
bool CopyField(std::string_view raw, std::string* out) {
  out->clear();
  if (raw == "\\N") return false;
  if (raw.find('\\') == std::string_view::npos) {
    out->assign(raw);
    return true;
  }
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 == raw.size()) {
      out->push_back(raw[i]);
      continue;
    }
    const char c = raw[++i];
    switch (c) {
      case 't': out->push_back('\t'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'v': out->push_back('\v'); break;
      default: out->push_back(c);
    }
  }
  return true;
}

}  // namespace

Result<int64_t> PgTransaction::CreateDrawPool(const DrawPoolRow& row, std::string_view members) {
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
  SUNLIT_ASSIGN_OR_RETURN(PgResult taken, conn_->Query("SELECT 1 FROM draw_pools WHERE draw_id = $1",
                                                       {std::string_view(row.draw_id)}));
  if (taken.rows() > 0) return AlreadyExists("draw " + row.draw_id + " already exists");
  if (row.previous_id != 0) {
    SUNLIT_ASSIGN_OR_RETURN(
        PgResult prev,
        conn_->Query("SELECT EXISTS (SELECT 1 FROM draw_pools WHERE id = $1)::int, "
                     "EXISTS (SELECT 1 FROM draw_pools WHERE previous_id = $1)::int",
                     {row.previous_id}));
    if (prev.Int(0, 0) == 0) return FailedPrecondition("the draw to re-draw does not exist");
    if (prev.Int(0, 1) != 0) return FailedPrecondition("that draw has already been re-drawn");
  }
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult ins,
      conn_->Query(
          "INSERT INTO draw_pools(draw_id, year, previous_id, redraw_reason, filter, params, "
          "quotas, reserve, sources, available_at, commitment, secret, pool_root, pool_size, "
          "strata, frozen_at, actor, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
          "$11, $12, $13, $14, $15, $16, $17, 'frozen') RETURNING id",
          {std::string_view(row.draw_id), int64_t{row.year},
           row.previous_id != 0 ? SqlParam(row.previous_id) : SqlParam(nullptr),
           std::string_view(row.redraw_reason), std::string_view(row.filter),
           std::string_view(row.params), std::string_view(row.quotas), row.reserve,
           std::string_view(row.sources), std::string_view(row.available_at),
           SqlBlob{row.commitment}, SqlBlob{row.secret}, SqlBlob{row.pool_root}, row.pool_size,
           std::string_view(row.strata), std::string_view(row.frozen_at),
           std::string_view(row.actor)}));
  if (ins.rows() != 1) return Internal("database error", "INSERT INTO draw_pools returned no id");
  const int64_t id = ins.Int(0, 0);
  constexpr size_t kChunkBytes = kMembersPerChunk * kMemberBytes;
  for (size_t at = 0, n = 0; at < members.size(); at += kChunkBytes, ++n) {
    SUNLIT_RETURN_IF_ERROR(
        conn_
            ->Query("INSERT INTO draw_pool_chunks(pool_id, chunk, members) VALUES ($1, $2, $3)",
                    {id, static_cast<int64_t>(n), SqlBlob{members.substr(at, kChunkBytes)}})
            .status());
  }
  return id;
}

Result<std::optional<DrawPoolRow>> PgTransaction::FindDrawPool(std::string_view draw_id) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(PgResult r,
                          conn_->Query(std::string(kPoolSelect) + "WHERE p.draw_id = $1", {draw_id}));
  if (r.rows() == 0) return std::optional<DrawPoolRow>();
  SUNLIT_ASSIGN_OR_RETURN(DrawPoolRow row, ReadPool(r));
  return std::optional<DrawPoolRow>(std::move(row));
}

Status PgTransaction::ScanDrawPoolMembers(int64_t pool_id,
                                          const std::function<bool(std::string_view)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(int64_t size,
                          conn_->QueryInt("SELECT pool_size FROM draw_pools WHERE id = $1",
                                          {pool_id}, -1));
  if (size < 0) return NotFound("no such draw pool");
  Status s;
  int64_t expected_chunk = 0;
  int64_t members = 0;
  bool stopped = false;
  // Binary rows: the chunks arrive as raw bytes, 1.2 MB each, eight a FETCH.
  SUNLIT_RETURN_IF_ERROR(Scan(
      "SELECT chunk, members FROM draw_pool_chunks WHERE pool_id = $1 ORDER BY chunk", {pool_id},
      8, true, [&](const PgResult& r, int i) {
        const std::string_view bytes = r.Text(i, 1);  // binary bytea: the raw bytes
        const int64_t count = static_cast<int64_t>(bytes.size() / kMemberBytes);
        const bool last_possible = members + count == size;
        if (r.Int(i, 0) != expected_chunk || bytes.empty() || bytes.size() % kMemberBytes != 0 ||
            members + count > size ||
            (!last_possible && static_cast<size_t>(count) != kMembersPerChunk)) {
          s = Damaged("draw pool " + std::to_string(pool_id) + ": chunk " +
                      std::to_string(expected_chunk) + " is missing or malformed");
          return false;
        }
        ++expected_chunk;
        members += count;
        if (!fn(bytes)) {
          stopped = true;
          return false;
        }
        return true;
      }));
  if (s.ok() && !stopped && members != size) {
    s = Damaged("draw pool " + std::to_string(pool_id) + ": the snapshot holds " +
                std::to_string(members) + " members, not " + std::to_string(size));
  }
  return s;
}

Status PgTransaction::EnterDrawRandomness(int64_t pool_id, std::string_view randomness,
                                          std::string_view at, std::string_view actor) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (randomness.empty()) return InvalidArgument("the randomness is empty");
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t changed,
      conn_->Run("UPDATE draw_pools SET state = 'randomness_entered', randomness = $1, "
                 "randomness_at = $2, randomness_actor = $3 "
                 "WHERE id = $4 AND state = 'frozen' "
                 "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = $4)",
                 {randomness, at, actor, pool_id}));
  if (changed != 1) {
    return FailedPrecondition("the draw is not frozen and waiting for its randomness");
  }
  return Status::Ok();
}

Status PgTransaction::CompleteDraw(int64_t pool_id, const DrawCompletion& done) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (done.record.empty() || done.record_hash.size() != kHashSize) {
    return InvalidArgument("a draw needs its record and a 32-byte record hash");
  }
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t changed,
      conn_->Run("UPDATE draw_pools SET state = 'drawn', record = $1, record_hash = $2, "
                 "drawn_at = $3, drawn_actor = $4 "
                 "WHERE id = $5 AND state = 'randomness_entered' "
                 "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = $5)",
                 {std::string_view(done.record), SqlBlob{done.record_hash},
                  std::string_view(done.at), std::string_view(done.actor), pool_id}));
  if (changed != 1) return FailedPrecondition("the draw is not waiting to be drawn");
  if (done.entries.empty()) return Status::Ok();
  // COPY: a province-wide draw writes a quarter of a million entries here.
  std::string data;
  const std::string pool = std::to_string(pool_id);
  for (const DrawEntryRow& e : done.entries) {
    data.append(pool);
    data.push_back('\t');
    data.append(RoleText(e.role));
    data.push_back('\t');
    AppendCopy(e.stratum, &data);
    data.push_back('\t');
    data.append(std::to_string(e.position));
    data.push_back('\t');
    AppendCopy(e.code, &data);
    data.push_back('\t');
    AppendCopy(e.rank, &data);
    data.push_back('\n');
  }
  SUNLIT_RETURN_IF_ERROR(conn_->CopyBegin(
      "COPY draw_entries(pool_id, role, stratum, position, code, rank) FROM STDIN"));
  Status s = conn_->CopyPut(data);
  Status end = conn_->CopyEnd();
  return s.ok() ? end : s;
}

Result<std::vector<DrawEntryRow>> PgTransaction::DrawEntries(int64_t pool_id) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT role, stratum, position, code, rank FROM draw_entries "
                   "WHERE pool_id = $1 "
                   "ORDER BY stratum, CASE role WHEN 'selected' THEN 0 ELSE 1 END, position",
                   {pool_id}));
  std::vector<DrawEntryRow> out;
  out.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    DrawEntryRow e;
    e.role = r.Text(i, 0) == "selected" ? DrawEntryRole::kSelected : DrawEntryRole::kAlternate;
    e.stratum = r.Text(i, 1);
    e.position = r.Int(i, 2);
    e.code = r.Text(i, 3);
    e.rank = r.Text(i, 4);
    out.push_back(std::move(e));
  }
  return out;
}

Status PgTransaction::RecordAlternateUse(const AlternateUseRow& row) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (row.reason.empty()) return InvalidArgument("using an alternate needs a reason");
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult check,
      conn_->Query("SELECT (p.state = 'drawn' "
                   "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = p.id))::int, "
                   "EXISTS (SELECT 1 FROM draw_alternate_uses u "
                   "WHERE u.pool_id = p.id AND u.replaced_code = $2)::int, "
                   "EXISTS (SELECT 1 FROM draw_alternate_uses u "
                   "WHERE u.pool_id = p.id AND u.alternate_code = $3)::int, "
                   "(SELECT COUNT(*) FROM draw_alternate_uses u WHERE u.pool_id = p.id) "
                   "FROM draw_pools p WHERE p.id = $1",
                   {row.pool_id, std::string_view(row.replaced_code),
                    std::string_view(row.alternate_code)}));
  const bool found = check.rows() > 0;
  const bool open = found && check.Int(0, 0) != 0;
  const bool replaced = found && check.Int(0, 1) != 0;
  const bool used = found && check.Int(0, 2) != 0;
  const int64_t seq = found ? check.Int(0, 3) : 0;
  if (!open) return FailedPrecondition("alternates can be used only in a drawn, current draw");
  if (replaced) return AlreadyExists(row.replaced_code + " has already been replaced");
  if (used) return AlreadyExists("alternate " + row.alternate_code + " is already in use");
  return conn_
      ->Query("INSERT INTO draw_alternate_uses(pool_id, seq, replaced_code, alternate_code, "
              "reason, directory_status, at, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
              {row.pool_id, seq, std::string_view(row.replaced_code),
               std::string_view(row.alternate_code), std::string_view(row.reason),
               std::string_view(row.directory_status), std::string_view(row.at),
               std::string_view(row.actor)})
      .status();
}

Result<std::vector<AlternateUseRow>> PgTransaction::AlternateUses(int64_t pool_id) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT replaced_code, alternate_code, reason, directory_status, at, actor "
                   "FROM draw_alternate_uses WHERE pool_id = $1 ORDER BY seq",
                   {pool_id}));
  std::vector<AlternateUseRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    AlternateUseRow u;
    u.pool_id = pool_id;
    u.replaced_code = r.Text(i, 0);
    u.alternate_code = r.Text(i, 1);
    u.reason = r.Text(i, 2);
    u.directory_status = r.Text(i, 3);
    u.at = r.Text(i, 4);
    u.actor = r.Text(i, 5);
    out.push_back(std::move(u));
  }
  return out;
}

Result<std::vector<std::string>> PgTransaction::CodesDrawnInYear(
    int32_t year, std::string_view excluding_draw_id) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT e.code FROM draw_entries e JOIN draw_pools p ON p.id = e.pool_id "
                   "WHERE p.year = $1 AND p.state = 'drawn' AND p.draw_id <> $2 "
                   "AND e.role = 'selected' "
                   "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = p.id) "
                   "UNION ALL "
                   "SELECT u.alternate_code FROM draw_alternate_uses u "
                   "JOIN draw_pools p ON p.id = u.pool_id "
                   "WHERE p.year = $1 AND p.draw_id <> $2 "
                   "AND NOT EXISTS (SELECT 1 FROM draw_pools n WHERE n.previous_id = p.id)",
                   {int64_t{year}, excluding_draw_id}));
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.Text(i, 0));
  return out;
}

// COPY … TO STDOUT streams the table in storage order at the server's full speed, with no
// per-FETCH round trips; its callback cannot use the transaction meanwhile (the connection
// is busy), which is documented in pg_transaction.h. Stopping early drains the rest.
Status PgTransaction::ScanEntitiesForIndex(const std::function<bool(const core::Entity&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  {
    PgResult start(PQexec(conn_->get(),
                          "COPY (SELECT code, type, status, region, industry, tags, risk, "
                          "last_inspected FROM entities) TO STDOUT"));
    if (PQresultStatus(start.get()) != PGRES_COPY_OUT) {
      return PgError(start.get(), conn_->get(), "COPY entities TO STDOUT");
    }
  }
  copy_out_ = true;
  ++scans_;
  core::Entity e;
  std::string field;
  Status s;
  bool stopped = false;
  std::string_view parts[8];
  while (true) {
    char* buf = nullptr;
    const int n = PQgetCopyData(conn_->get(), &buf, 0);
    if (n < 0) break;  // -1: done; -2: error (reported by PQgetResult below)
    if (stopped || !s.ok()) {
      PQfreemem(buf);
      continue;
    }
    std::string_view line(buf, static_cast<size_t>(n));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    int count = 0;
    for (size_t from = 0; count < 8;) {
      const size_t tab = line.find('\t', from);
      parts[count++] = line.substr(from, tab == std::string_view::npos ? line.size() - from
                                                                       : tab - from);
      if (tab == std::string_view::npos) break;
      from = tab + 1;
    }
    if (count != 8) {
      s = Damaged("entity row with " + std::to_string(count) + " fields");
    } else {
      CopyField(parts[0], &e.code);
      if (!DecodeEnum(parts[1], &e.type) || !DecodeEnum(parts[2], &e.status) ||
          !DecodeEnum(parts[6], &e.risk)) {
        s = Damaged("entity " + e.code + ": bad enumeration value");
      } else {
        int64_t region = 0;
        for (const char c : parts[3]) region = region * 10 + (c - '0');
        e.region = static_cast<int32_t>(region);
        CopyField(parts[4], &e.industry);
        CopyField(parts[5], &field);
        size_t tag_count = 0;
        for (size_t from = 0; from < field.size();) {
          size_t comma = field.find(',', from);
          if (comma == std::string::npos) comma = field.size();
          if (tag_count < e.tags.size()) {
            e.tags[tag_count].assign(field, from, comma - from);
          } else {
            e.tags.emplace_back(field, from, comma - from);
          }
          ++tag_count;
          from = comma + 1;
        }
        e.tags.resize(tag_count);
        if (!CopyField(parts[7], &field)) {
          e.last_inspected.reset();
        } else {
          core::Date d;
          if (!DecodeDate(field, &d)) {
            s = Damaged("entity " + e.code + ": bad last_inspected");
          } else {
            e.last_inspected = d;
          }
        }
        if (s.ok() && !fn(e)) stopped = true;
      }
    }
    PQfreemem(buf);
  }
  while (PGresult* raw = PQgetResult(conn_->get())) {
    PgResult r(raw);
    if (s.ok() && PQresultStatus(raw) != PGRES_COMMAND_OK) {
      s = PgError(raw, conn_->get(), "COPY entities TO STDOUT");
    }
  }
  --scans_;
  copy_out_ = false;
  return s;
}

}  // namespace sunlit::store::postgres
