// SqliteTransaction's entity methods: the hot path of a ten-million-row import.
//
// Two write paths, chosen at the first UpsertEntities call of a transaction:
// - bulk, when the table is empty: the unique index entities_code is dropped, rows are
//   buffered and appended in runs sorted by code with multi-row INSERTs, and the index is
//   rebuilt at Commit() (a failure there, e.g. a duplicate code, rolls everything back).
//   Sorted runs matter: SQLite builds the index from rows in random code order two to four
//   times slower than from rows that arrive in sorted runs of ~100k. DROP INDEX is
//   transactional, so a rollback brings the index back.
// - upsert, otherwise: codes are looked up fifty at a time (WHERE code IN (…)), in code
//   order for locality in the index; new rows are inserted, changed rows updated with one
//   entity_changes row per changed field, unchanged rows left alone.
//
// The bulk path normally also runs in a rollback journal rather than the WAL; see
// MaybeRestartForRollbackJournal.
#include <algorithm>
#include <future>
#include <string>
#include <system_error>
#include <utility>

#include "store/sqlite/codec.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_transaction.h"

namespace sunlit::store::sqlite {
namespace {

constexpr int kInsertColumns = 13;
constexpr int kRowsPerInsert = 64;  // rows per multi-row INSERT of the bulk path (832 parameters)
// Most rows per UpsertEntities call and per bulk run (row indices are 32-bit).
constexpr size_t kMaxRowsPerCall = size_t{1} << 30;
// Longest text accepted in one field (SQLite's own limit is 1e9 bytes).
constexpr size_t kMaxFieldBytes = size_t{1} << 28;

std::string InsertSql(int rows) {
  std::string sql =
      "INSERT INTO entities(code, name, type, status, region, industry, unit_code, tags, risk, "
      "last_inspected, address, created_batch, updated_batch) VALUES ";
  for (int r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }
  return sql;
}

const std::string& InsertOneSql() {
  static const std::string* const sql = new std::string(InsertSql(1));
  return *sql;
}

const std::string& InsertManySql() {
  static const std::string* const sql = new std::string(InsertSql(kRowsPerInsert));
  return *sql;
}

constexpr std::string_view kEntityColumns =
    "id, code, name, type, status, region, industry, unit_code, tags, risk, last_inspected, "
    "address";

constexpr int kCodesPerLookup = 50;  // codes per SELECT … WHERE code IN (…) of the upsert path

const std::string& LookupSql() {
  static const std::string* const sql = [] {
    auto* text =
        new std::string("SELECT " + std::string(kEntityColumns) + " FROM entities WHERE code IN (");
    for (int i = 0; i < kCodesPerLookup; ++i) *text += i == 0 ? "?" : ", ?";
    *text += ")";
    return text;
  }();
  return *sql;
}

// `n` bytes of `s` from `from` on, big-endian, zero-padded: integer order = byte order.
uint64_t PackBytes(std::string_view s, size_t from, size_t n) {
  uint64_t v = 0;
  for (size_t i = from; i < from + n; ++i) {
    v = (v << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
  }
  return v;
}

// The indices 0..n-1 ordered by code_of(i). The first 20 bytes of each code are packed into
// integers beside the index, so the sort runs over contiguous memory instead of chasing
// pointers to the strings; equal prefixes fall back to comparing the whole codes. Sets
// `*duplicate` to a code that occurs twice, if any.
template <typename CodeOf>
std::vector<uint32_t> OrderByCode(size_t n, const CodeOf& code_of, std::string_view* duplicate) {
  struct Key {
    uint64_t a, b;
    uint32_t c, index;
  };
  std::vector<Key> keys(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view code = code_of(i);
    keys[i] = Key{PackBytes(code, 0, 8), PackBytes(code, 8, 8),
                  static_cast<uint32_t>(PackBytes(code, 16, 4)), static_cast<uint32_t>(i)};
  }
  const auto same_prefix = [](const Key& x, const Key& y) {
    return x.a == y.a && x.b == y.b && x.c == y.c;
  };
  std::sort(keys.begin(), keys.end(), [&](const Key& x, const Key& y) {
    if (x.a != y.a) return x.a < y.a;
    if (x.b != y.b) return x.b < y.b;
    if (x.c != y.c) return x.c < y.c;
    return code_of(x.index) < code_of(y.index);
  });
  *duplicate = {};
  for (size_t i = 1; i < n; ++i) {
    if (same_prefix(keys[i - 1], keys[i]) && code_of(keys[i - 1].index) == code_of(keys[i].index)) {
      *duplicate = code_of(keys[i].index);
      break;
    }
  }
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = keys[i].index;
  return order;
}

// The text columns of one row ready to bind; views into the caller's storage.
struct EntityText {
  std::string_view code, name, type, status, industry, unit_code, tags, risk, last_inspected,
      address;
  int64_t region = 0;
};

void BindInsert(Statement* st, int base, const EntityText& t, int64_t batch_id) {
  st->BindText(base + 1, t.code);
  st->BindText(base + 2, t.name);
  st->BindText(base + 3, t.type);
  st->BindText(base + 4, t.status);
  st->BindInt(base + 5, t.region);
  st->BindText(base + 6, t.industry);
  st->BindTextOrNull(base + 7, t.unit_code);
  st->BindText(base + 8, t.tags);
  st->BindText(base + 9, t.risk);
  st->BindTextOrNull(base + 10, t.last_inspected);
  st->BindText(base + 11, t.address);
  st->BindInt(base + 12, batch_id);
  st->BindInt(base + 13, batch_id);
}

Status ValidateEntities(std::span<const core::Entity> rows) {
  for (const core::Entity& e : rows) {
    if (e.code.empty()) return InvalidArgument("an entity code is empty");
    const auto shown = [&e] { return e.code.substr(0, 64); };  // only on error: no allocation
    if (!ListStorable(e.tags)) {
      return InvalidArgument("entity " + shown() + ": a tag is empty or contains a comma");
    }
    if (e.last_inspected.has_value() && !DateStorable(*e.last_inspected)) {
      return InvalidArgument("entity " + shown() + ": last inspection date out of range");
    }
    size_t tags = 0;
    for (const std::string& t : e.tags) tags += t.size() + 1;
    if (e.code.size() > kMaxFieldBytes || e.name.size() > kMaxFieldBytes ||
        e.industry.size() > kMaxFieldBytes || e.unit_code.size() > kMaxFieldBytes ||
        e.address.size() > kMaxFieldBytes || tags > kMaxFieldBytes) {
      return InvalidArgument("entity " + shown() + ": a field is too long");
    }
  }
  return Status::Ok();
}

Result<core::Entity> ReadEntity(const Statement& st) {
  core::Entity e;
  e.id = st.ColumnInt(0);
  e.code = st.ColumnText(1);
  e.name = st.ColumnText(2);
  if (!DecodeEnum(st.ColumnText(3), &e.type) || !DecodeEnum(st.ColumnText(4), &e.status) ||
      !DecodeEnum(st.ColumnText(9), &e.risk)) {
    return DataLoss("stored data is damaged", "entity " + e.code + ": bad enumeration value");
  }
  e.region = static_cast<int32_t>(st.ColumnInt(5));
  e.industry = st.ColumnText(6);
  e.unit_code = st.ColumnText(7);
  e.tags = SplitList(st.ColumnText(8));
  if (!st.ColumnIsNull(10)) {
    core::Date d;
    if (!DecodeDate(st.ColumnText(10), &d)) {
      return DataLoss("stored data is damaged", "entity " + e.code + ": bad last_inspected");
    }
    e.last_inspected = d;
  }
  e.address = st.ColumnText(11);
  return e;
}

// Field-level difference for a change record.
struct EntityDiff {
  std::string_view field;
  std::string old_value;
  std::string new_value;
};

}  // namespace

// Why a rollback journal: in WAL mode every page of a bulk load is written twice, into the
// WAL during the import and again into the database file by the checkpoint when the store
// closes (for 10 million rows, 1.9 GB and 5.8 s of 28.9 s). In journal_mode=DELETE, pages
// appended beyond the file's size at the start of the transaction are not journaled at all
// (a rollback truncates the file back to that size), so the pages of a load into an empty
// table are written once, and the load stays atomic: a killed import leaves a hot journal
// that the next connection rolls back (Connection::Open, on switching to WAL). Power-loss
// safety of a rollback journal needs synchronous=FULL, so that is set while it lasts.
//
// SQLite leaves WAL mode only outside a transaction and only when no other connection has
// the file open (it cannot know otherwise that nobody reads the WAL). So the switch happens
// when the transaction's very first call is BeginBatch of kind "entities" and the table is
// empty: the transaction has read and written nothing yet, so ending and restarting it loses
// nothing. The pool closes its idle connections; if SQLite still refuses (another
// connection, in this process or another, has the file open), the transaction simply
// restarts in WAL mode as before. BEGIN EXCLUSIVE keeps other connections out until the
// load ends (they wait, up to their busy timeout); WAL mode returns when it does
// (ReleaseConnection).
Status SqliteTransaction::MaybeRestartForRollbackJournal(const BatchInfo& info) {
  if (info.kind != "entities" || !pool_->options().bulk_rollback_journal) return Status::Ok();
  SUNLIT_ASSIGN_OR_RETURN(int64_t any,
                          conn_->QueryInt("SELECT EXISTS (SELECT 1 FROM entities)", 0));
  if (any != 0) return Status::Ok();
  Status s = conn_->Exec("ROLLBACK");
  if (s.ok()) {
    pool_->CloseIdle();
    Result<std::string> mode = conn_->SetJournalMode("DELETE");
    if (mode.ok() && *mode == "delete") {
      rollback_journal_ = true;  // from here on, ReleaseConnection restores WAL mode
      s = conn_->Exec("PRAGMA synchronous=FULL");
      if (s.ok()) s = conn_->Exec("BEGIN EXCLUSIVE");
      if (s.ok()) return s;
      // Another process got in between (rare): back to WAL mode and the usual path.
      mode = conn_->SetJournalMode("WAL");
      if (mode.ok() && *mode == "wal") {
        rollback_journal_ = false;
        s = conn_->Exec("PRAGMA synchronous=NORMAL");
      }
    }
    if (s.ok() && !rollback_journal_) s = conn_->Exec("BEGIN IMMEDIATE");
  }
  if (!s.ok()) {
    // No transaction is open any more: nothing may run outside one.
    finished_ = true;
    if (!conn_->autocommit()) conn_->Exec("ROLLBACK").IgnoreError();
    ReleaseConnection();
  }
  return s;
}

Result<UpsertCounts> SqliteTransaction::UpsertEntities(std::span<const core::Entity> rows,
                                                       int64_t batch_id) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (rows.empty()) return UpsertCounts{};
  if (rows.size() > kMaxRowsPerCall) return InvalidArgument("too many entities in one call");
  SUNLIT_RETURN_IF_ERROR(ValidateEntities(rows));
  SUNLIT_RETURN_IF_ERROR(CheckBatch(batch_id));
  SUNLIT_RETURN_IF_ERROR(DecideEntityMode());
  if (entity_mode_ == EntityMode::kUpsert) return UpsertEntitiesByCode(rows, batch_id);
  const size_t run = std::clamp<size_t>(pool_->options().bulk_run_rows, 1, kMaxRowsPerCall);
  if (filling_.rows.size() + rows.size() > kMaxRowsPerCall) SUNLIT_RETURN_IF_ERROR(FlushBulk());
  BufferBulk(rows, batch_id);
  if (filling_.rows.size() >= run) SUNLIT_RETURN_IF_ERROR(FlushBulk(/*overlap=*/true));
  UpsertCounts counts;
  counts.created = static_cast<int64_t>(rows.size());
  return counts;
}

Status SqliteTransaction::DecideEntityMode() {
  if (entity_mode_ != EntityMode::kUndecided) return Status::Ok();
  SUNLIT_ASSIGN_OR_RETURN(int64_t any,
                          conn_->QueryInt("SELECT EXISTS (SELECT 1 FROM entities)", 0));
  if (any != 0) {
    entity_mode_ = EntityMode::kUpsert;
    return Status::Ok();
  }
  // Keep the indexes' exact definitions to recreate them, whatever migration last shaped
  // them: the unique code index first (it finds duplicates), then the directory-search
  // indexes. Loading with any of them in place would maintain it row by row in random order.
  SUNLIT_ASSIGN_OR_RETURN(
      Statement st,
      Statement::Prepare(conn_->db(),
                         "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                         "tbl_name = 'entities' AND sql IS NOT NULL ORDER BY name <> ?, name",
                         false));
  st.BindText(1, kEntitiesCodeIndex);
  entity_index_sql_.clear();
  std::vector<std::string> names;
  for (;;) {
    SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    names.emplace_back(st.ColumnText(0));
    entity_index_sql_.emplace_back(st.ColumnText(1));
  }
  st.Reset();
  if (names.empty() || names.front() != kEntitiesCodeIndex) {
    return Internal("database error", "index entities_code is missing");
  }
  for (const std::string& name : names) {
    SUNLIT_RETURN_IF_ERROR(conn_->Exec("DROP INDEX \"" + name + "\""));
  }
  entity_mode_ = EntityMode::kBulk;
  return Status::Ok();
}

void SqliteTransaction::BufferBulk(std::span<const core::Entity> rows, int64_t batch_id) {
  std::string& text = filling_.text;
  for (const core::Entity& e : rows) {
    BulkRow r;
    r.offset = text.size();
    const auto add = [&](int field, std::string_view s) {
      text.append(s);
      r.length[field] = static_cast<uint32_t>(s.size());
    };
    add(0, e.code);
    add(1, e.name);
    add(2, e.industry);
    add(3, e.unit_code);
    const size_t tags_start = text.size();
    AppendJoined(e.tags, &text);
    r.length[4] = static_cast<uint32_t>(text.size() - tags_start);
    add(5, e.address);
    if (e.last_inspected.has_value()) {
      char date[10];
      FormatDate(*e.last_inspected, date);
      add(6, std::string_view(date, sizeof date));
    }
    r.region = e.region;
    r.type = e.type;
    r.status = e.status;
    r.risk = e.risk;
    r.batch_id = batch_id;
    filling_.rows.push_back(r);
  }
}

// Why a helper thread: sorting a run and gathering its text in code order was ~15 % of the
// writing thread's time, and that thread bounds the whole import while the parsing thread
// waits for it about a third of the time. So a full run is sorted on a helper thread (in
// that idle time) while this thread inserts the run sorted before it. SQLite is only ever
// used from this thread. Four sets of run buffers exist (~30 MB each at 131072 rows).
Status SqliteTransaction::FlushBulk(bool overlap) {
  Status s;
  bool have_ready = false;
  if (queued_pending_) {
    if (sorting_.valid()) sorting_.get();
    std::swap(ready_, next_);
    queued_pending_ = false;
    have_ready = true;
  }
  if (overlap && !filling_.rows.empty()) {
    std::swap(queued_, filling_);  // filling_ gets the emptied buffers of a sorted run
    queued_pending_ = true;
    try {
      sorting_ = std::async(std::launch::async, [this] { SortRun(&queued_, &next_); });
    } catch (const std::system_error&) {  // no thread to be had: sort here
      SortRun(&queued_, &next_);
    }
  }
  if (have_ready) s = InsertRun(ready_);
  if (!overlap && !filling_.rows.empty()) {
    SortRun(&filling_, &ready_);
    if (s.ok()) s = InsertRun(ready_);
  }
  // Rows already reported as created are lost: the transaction can only roll back now.
  if (!s.ok() && broken_.ok()) broken_ = s;
  return s;
}

void SqliteTransaction::SortRun(BulkRun* run, SortedRun* into) {
  into->text.clear();
  into->rows.clear();
  into->duplicate.clear();
  const auto code_of = [run](size_t i) {
    const BulkRow& r = run->rows[i];
    return std::string_view(run->text.data() + r.offset, r.length[0]);
  };
  std::string_view duplicate;
  const std::vector<uint32_t> order = OrderByCode(run->rows.size(), code_of, &duplicate);
  if (!duplicate.empty()) {
    into->duplicate = duplicate;
  } else {
    // Gathering reads the run's text at random: prefetch a few rows ahead.
    into->text.reserve(run->text.size());
    into->rows.reserve(run->rows.size());
    constexpr size_t kAhead = 8;
    for (size_t k = 0; k < order.size(); ++k) {
      if (k + kAhead < order.size()) {
        const char* p = run->text.data() + run->rows[order[k + kAhead]].offset;
        __builtin_prefetch(p);
        __builtin_prefetch(p + 64);
        __builtin_prefetch(p + 128);
      }
      BulkRow r = run->rows[order[k]];
      size_t bytes = 0;
      for (const uint32_t n : r.length) bytes += n;
      into->text.append(run->text, r.offset, bytes);
      r.offset = into->text.size() - bytes;
      into->rows.push_back(r);
    }
  }
  run->text.clear();
  run->rows.clear();
}

void SqliteTransaction::DropBulkBuffers() {
  if (sorting_.valid()) sorting_.wait();
  sorting_ = {};
  queued_pending_ = false;
  filling_ = {};
  queued_ = {};
  ready_ = {};
  next_ = {};
}

Status SqliteTransaction::InsertRun(const SortedRun& run) {
  if (!run.duplicate.empty()) {
    return InvalidArgument("entity code " + run.duplicate.substr(0, 64) +
                           " appears twice in the import");
  }
  // Views into run.text, which outlives the statements' use of them.
  const auto text = [&run](const BulkRow& r) {
    EntityText t;
    const char* p = run.text.data() + r.offset;
    std::string_view* fields[7] = {&t.code, &t.name,    &t.industry,      &t.unit_code,
                                   &t.tags, &t.address, &t.last_inspected};
    for (int i = 0; i < 7; ++i) {
      *fields[i] = std::string_view(p, r.length[i]);
      p += r.length[i];
    }
    t.type = core::WireName(r.type);
    t.status = core::WireName(r.status);
    t.risk = core::WireName(r.risk);
    t.region = r.region;
    return t;
  };
  const std::vector<BulkRow>& rows = run.rows;
  SUNLIT_ASSIGN_OR_RETURN(Statement * many, conn_->Cached(InsertManySql()));
  SUNLIT_ASSIGN_OR_RETURN(Statement * one, conn_->Cached(InsertOneSql()));
  Status s;
  size_t i = 0;
  for (; s.ok() && i + kRowsPerInsert <= rows.size(); i += kRowsPerInsert) {
    for (int k = 0; k < kRowsPerInsert; ++k) {
      const BulkRow& r = rows[i + static_cast<size_t>(k)];
      BindInsert(many, k * kInsertColumns, text(r), r.batch_id);
    }
    s = many->Run();
  }
  for (; s.ok() && i < rows.size(); ++i) {
    BindInsert(one, 0, text(rows[i]), rows[i].batch_id);
    s = one->Run();
  }
  return s;
}

Status SqliteTransaction::FinishBulk() {
  SUNLIT_RETURN_IF_ERROR(FlushBulk());
  DropBulkBuffers();  // ~120 MB the index build can use
  // SQLite's sorter builds the index. Under the writer connections' temp_store=MEMORY it
  // never spills: it holds every key in memory, one allocation each (~540 MB for ten million
  // rows). Allowed a temporary file, it sorts in runs the size of the page cache in one
  // arena and merges them: less memory and less CPU. Best effort: SQLite refuses the change
  // inside a transaction if this connection has used temporary tables, and then the sort
  // stays in memory.
  conn_->Exec("PRAGMA temp_store=FILE").IgnoreError();
  Status s;
  for (size_t i = 0; i < entity_index_sql_.size() && s.ok(); ++i) {
    s = conn_->Exec(entity_index_sql_[i]);
    if (i == 0 && s.code() == StatusCode::kFailedPrecondition) {  // duplicate codes
      s = InvalidArgument("the same entity code was imported twice", s.detail());
    }
  }
  conn_->Exec("PRAGMA temp_store=MEMORY").IgnoreError();
  SUNLIT_RETURN_IF_ERROR(s);
  entity_mode_ = EntityMode::kUpsert;
  return Status::Ok();
}

Result<UpsertCounts> SqliteTransaction::UpsertEntitiesByCode(std::span<const core::Entity> rows,
                                                             int64_t batch_id) {
  SUNLIT_ASSIGN_OR_RETURN(Statement * lookup, conn_->Cached(LookupSql()));
  SUNLIT_ASSIGN_OR_RETURN(Statement * insert, conn_->Cached(InsertOneSql()));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * update,
      conn_->Cached("UPDATE entities SET name = ?, type = ?, status = ?, region = ?, "
                    "industry = ?, unit_code = ?, tags = ?, risk = ?, last_inspected = ?, "
                    "address = ?, updated_batch = ? WHERE id = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * change,
      conn_->Cached("INSERT INTO entity_changes(entity_id, batch_id, field, old_value, "
                    "new_value) VALUES (?, ?, ?, ?, ?)"));

  const auto code_of = [&rows](size_t i) { return std::string_view(rows[i].code); };
  std::string_view duplicate;
  const std::vector<uint32_t> order = OrderByCode(rows.size(), code_of, &duplicate);
  if (!duplicate.empty()) {
    return InvalidArgument("entity code " + std::string(duplicate.substr(0, 64)) +
                           " appears twice in the same call");
  }

  // Codes are looked up kCodesPerLookup at a time (one statement execution instead of fifty),
  // compared while the SELECT runs, and written once it has been reset.
  struct Slot {
    EntityText text;
    std::string tags;
    char date[10] = {};
    bool found = false;
    int64_t id = 0;
    std::vector<EntityDiff> diffs;
  };
  std::vector<Slot> slots(kCodesPerLookup);
  UpsertCounts counts;
  for (size_t first = 0; first < order.size(); first += kCodesPerLookup) {
    const size_t n = std::min<size_t>(kCodesPerLookup, order.size() - first);
    for (size_t k = 0; k < n; ++k) {
      const core::Entity& e = rows[order[first + k]];
      Slot& slot = slots[k];
      slot.tags.clear();
      AppendJoined(e.tags, &slot.tags);
      EntityText& t = slot.text;
      t = EntityText();
      t.code = e.code;
      t.name = e.name;
      t.type = core::WireName(e.type);
      t.status = core::WireName(e.status);
      t.region = e.region;
      t.industry = e.industry;
      t.unit_code = e.unit_code;
      t.tags = slot.tags;
      t.risk = core::WireName(e.risk);
      if (e.last_inspected.has_value()) {
        FormatDate(*e.last_inspected, slot.date);
        t.last_inspected = std::string_view(slot.date, sizeof slot.date);
      }
      t.address = e.address;
      slot.found = false;
      slot.id = 0;
      slot.diffs.clear();
    }
    // Unused parameters repeat the last code; IN ignores the repetition.
    for (size_t k = 0; k < static_cast<size_t>(kCodesPerLookup); ++k) {
      lookup->BindText(static_cast<int>(k) + 1, slots[std::min(k, n - 1)].text.code);
    }
    const auto end = slots.begin() + static_cast<std::ptrdiff_t>(n);
    auto next = slots.begin();  // rows usually come back in code order: try the next slot first
    while (true) {
      SUNLIT_ASSIGN_OR_RETURN(bool row, lookup->Step());
      if (!row) break;
      const std::string_view code = lookup->ColumnText(1);
      auto it = next;
      if (it == end || it->text.code != code) {
        it = std::lower_bound(slots.begin(), end, code, [](const Slot& slot, std::string_view c) {
          return slot.text.code < c;
        });
        if (it == end || it->text.code != code) continue;
      }
      next = it + 1;
      Slot& slot = *it;
      const EntityText& t = slot.text;
      slot.found = true;
      slot.id = lookup->ColumnInt(0);
      const auto compare = [&](std::string_view field, int column, std::string_view now) {
        const std::string_view before = lookup->ColumnText(column);  // NULL reads as ""
        if (before != now) slot.diffs.push_back({field, std::string(before), std::string(now)});
      };
      compare("name", 2, t.name);
      compare("type", 3, t.type);
      compare("status", 4, t.status);
      if (lookup->ColumnInt(5) != t.region) {
        slot.diffs.push_back({"region", RegionText(lookup->ColumnInt(5)), RegionText(t.region)});
      }
      compare("industry", 6, t.industry);
      compare("unit", 7, t.unit_code);
      compare("tags", 8, t.tags);
      compare("risk", 9, t.risk);
      compare("last_inspected", 10, t.last_inspected);
      compare("address", 11, t.address);
    }
    lookup->Reset();

    for (size_t k = 0; k < n; ++k) {
      const Slot& slot = slots[k];
      const EntityText& t = slot.text;
      if (!slot.found) {
        BindInsert(insert, 0, t, batch_id);
        SUNLIT_RETURN_IF_ERROR(insert->Run());
        ++counts.created;
        continue;
      }
      if (slot.diffs.empty()) {
        ++counts.unchanged;
        continue;
      }
      update->BindText(1, t.name);
      update->BindText(2, t.type);
      update->BindText(3, t.status);
      update->BindInt(4, t.region);
      update->BindText(5, t.industry);
      update->BindTextOrNull(6, t.unit_code);
      update->BindText(7, t.tags);
      update->BindText(8, t.risk);
      update->BindTextOrNull(9, t.last_inspected);
      update->BindText(10, t.address);
      update->BindInt(11, batch_id);
      update->BindInt(12, slot.id);
      SUNLIT_RETURN_IF_ERROR(update->Run());
      for (const EntityDiff& d : slot.diffs) {
        change->BindInt(1, slot.id);
        change->BindInt(2, batch_id);
        change->BindText(3, d.field);
        change->BindText(4, d.old_value);
        change->BindText(5, d.new_value);
        SUNLIT_RETURN_IF_ERROR(change->Run());
      }
      ++counts.updated;
    }
  }
  return counts;
}

Result<std::optional<core::Entity>> SqliteTransaction::FindEntity(std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_RETURN_IF_ERROR(FlushBulk());
  SUNLIT_ASSIGN_OR_RETURN(Statement * find, conn_->Cached("SELECT " + std::string(kEntityColumns) +
                                                          " FROM entities WHERE code = ?"));
  find->BindText(1, code);
  SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
  if (!found) {
    find->Reset();
    return std::optional<core::Entity>();
  }
  Result<core::Entity> e = ReadEntity(*find);
  find->Reset();
  if (!e.ok()) return e.status();
  return std::optional<core::Entity>(std::move(e).value());
}

Result<int64_t> SqliteTransaction::CountEntities() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_RETURN_IF_ERROR(FlushBulk());
  return conn_->QueryInt("SELECT COUNT(*) FROM entities", 0);
}

Status SqliteTransaction::ScanEntities(const std::function<bool(const core::Entity&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_RETURN_IF_ERROR(FlushBulk());
  // Not cached: `fn` may call back into this transaction.
  SUNLIT_ASSIGN_OR_RETURN(Statement st, Statement::Prepare(conn_->db(),
                                                           "SELECT " + std::string(kEntityColumns) +
                                                               " FROM entities ORDER BY code",
                                                           false));
  ++scans_;
  Status s;
  while (s.ok()) {
    Result<bool> row = st.Step();
    if (!row.ok()) {
      s = row.status();
      break;
    }
    if (!*row) break;
    Result<core::Entity> e = ReadEntity(st);
    if (!e.ok()) {
      s = e.status();
      break;
    }
    if (!fn(*e)) break;
  }
  --scans_;
  return s;
}

}  // namespace sunlit::store::sqlite
