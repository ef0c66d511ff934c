// SqliteTransaction: life cycle, batches, history, reference data, calendar, departments,
// units, inspectors and items. Entities are in sqlite_entities.cc.
#include "store/sqlite/sqlite_transaction.h"

#include <map>
#include <string>
#include <utility>

#include "store/sqlite/codec.h"

namespace sunlit::store::sqlite {
namespace {

using core::Date;

Status Damaged(std::string detail) { return DataLoss("stored data is damaged", std::move(detail)); }

std::string_view DayKindText(core::DayKind k) {
  return k == core::DayKind::kAdjustedWorkday ? "adjusted_workday" : "holiday_off";
}

// Old and new values of one object in file form, field by field; the fields that differ
// become change records.
struct FieldDiff {
  std::string_view field;
  std::string old_value;
  std::string new_value;
};

void Compare(std::string_view field, std::string old_value, std::string new_value,
             std::vector<FieldDiff>* diffs) {
  if (old_value != new_value) {
    diffs->push_back(FieldDiff{field, std::move(old_value), std::move(new_value)});
  }
}

std::string ObjectTypesText(const std::vector<core::EntityType>& types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(core::WireName(types[i]));
  }
  return out;
}

bool DecodeObjectTypes(std::string_view text, std::vector<core::EntityType>* out) {
  out->clear();
  for (const std::string& s : SplitList(text)) {
    core::EntityType t;
    if (!DecodeEnum(s, &t)) return false;
    out->push_back(t);
  }
  return true;
}

constexpr std::string_view kInspectorColumns =
    "id, code, name, department_code, unit_code, region, certificate_no, certificate_expiry, "
    "qualifications, expert, leader, status";

Result<core::Inspector> ReadInspector(const Statement& st) {
  core::Inspector r;
  r.id = st.ColumnInt(0);
  r.code = st.ColumnText(1);
  r.name = st.ColumnText(2);
  r.department_code = st.ColumnText(3);
  r.unit_code = st.ColumnText(4);
  r.region = static_cast<int32_t>(st.ColumnInt(5));
  r.certificate_no = st.ColumnText(6);
  if (!st.ColumnIsNull(7)) {
    Date d;
    if (!DecodeDate(st.ColumnText(7), &d)) return Damaged("inspector " + r.code + " expiry");
    r.certificate_expiry = d;
  }
  r.qualifications = SplitList(st.ColumnText(8));
  r.expert = st.ColumnInt(9) != 0;
  r.leader = st.ColumnInt(10) != 0;
  if (!DecodeEnum(st.ColumnText(11), &r.status)) return Damaged("inspector " + r.code + " status");
  return r;
}

constexpr std::string_view kItemColumns =
    "id, department_code, code, name, legal_basis, object_types, industry_prefixes, tags, "
    "method, qualification, exemption, valid, version";

Result<core::InspectionItem> ReadItem(const Statement& st) {
  core::InspectionItem r;
  r.id = st.ColumnInt(0);
  r.department_code = st.ColumnText(1);
  r.code = st.ColumnText(2);
  r.name = st.ColumnText(3);
  r.legal_basis = st.ColumnText(4);
  if (!DecodeObjectTypes(st.ColumnText(5), &r.object_types)) {
    return Damaged("item " + r.code + " object_types");
  }
  r.industry_prefixes = SplitList(st.ColumnText(6));
  r.tags = SplitList(st.ColumnText(7));
  r.method = st.ColumnText(8);
  r.qualification = st.ColumnText(9);
  if (!DecodeEnum(st.ColumnText(10), &r.exemption)) return Damaged("item " + r.code + " exemption");
  r.valid = st.ColumnInt(11) != 0;
  r.version = static_cast<int32_t>(st.ColumnInt(12));
  return r;
}

// Runs `st` (already bound) and calls `fn` on each decoded row until it returns false.
template <typename T, typename Reader>
Status ScanRows(Statement& st, Reader read, const std::function<bool(const T&)>& fn) {
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    Result<T> value = read(st);
    if (!value.ok()) return value.status();
    if (!fn(*value)) return Status::Ok();
  }
}

}  // namespace

SqliteTransaction::SqliteTransaction(std::shared_ptr<ConnectionPool> pool,
                                     std::unique_ptr<Connection> conn, bool writable, bool gated)
    : pool_(std::move(pool)),
      conn_(std::move(conn)),
      writable_(writable),
      gated_(gated),
      sql_(conn_.get(), writable, &finished_) {}

SqliteTransaction::~SqliteTransaction() {
  if (!finished_) RollbackAndFinish().IgnoreError();
}

Status SqliteTransaction::CheckOpen() const {
  used_ = true;
  if (finished_) return FailedPrecondition("the transaction is already finished");
  return Status::Ok();
}

Status SqliteTransaction::CheckWritable() const {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  if (!writable_) return FailedPrecondition("the transaction is read-only");
  return Status::Ok();
}

Status SqliteTransaction::CheckBatch(int64_t batch_id) {
  SUNLIT_ASSIGN_OR_RETURN(Statement * st, conn_->Cached("SELECT 1 FROM batches WHERE id = ?"));
  st->BindInt(1, batch_id);
  Result<bool> row = st->Step();
  st->Reset();
  if (!row.ok()) return row.status();
  if (!*row) return FailedPrecondition("unknown batch " + std::to_string(batch_id));
  return Status::Ok();
}

Status SqliteTransaction::RollbackAndFinish() {
  finished_ = true;
  DropBulkBuffers();
  Status s = conn_->ExecCached("ROLLBACK");
  ReleaseConnection();  // closed instead of pooled if ROLLBACK failed
  return s;
}

Status SqliteTransaction::Finish(Status s) {
  if (s.ok()) {
    finished_ = true;
    ReleaseConnection();
    return s;
  }
  RollbackAndFinish().IgnoreError();  // `s` is the error that matters
  return s;
}

void SqliteTransaction::ReleaseConnection() {
  if (rollback_journal_ && conn_->autocommit()) {
    rollback_journal_ = false;
    // If WAL mode cannot come back now (another process holds a lock), the connection is
    // closed rather than pooled; the next connection opened on the file switches it.
    Result<std::string> mode = conn_->SetJournalMode("WAL");
    if (!mode.ok() || *mode != "wal" || !conn_->Exec("PRAGMA synchronous=NORMAL").ok()) {
      conn_.reset();
    }
  }
  pool_->Release(std::move(conn_));
  // The write lock is gone (COMMIT or ROLLBACK ran): the next writer of the process may go.
  if (gated_) {
    gated_ = false;
    pool_->LeaveWriteGate();
  }
}

Status SqliteTransaction::Commit() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  if (scans_ > 0) return FailedPrecondition("cannot commit from inside a scan");
  if (!broken_.ok()) return Finish(broken_);
  if (entity_mode_ == EntityMode::kBulk) {
    Status s = FinishBulk();
    if (!s.ok()) return Finish(std::move(s));
  }
  return Finish(conn_->ExecCached("COMMIT"));
}

// --- batches and history ---------------------------------------------------------------

Result<int64_t> SqliteTransaction::BeginBatch(const BatchInfo& info) {
  const bool first_call = !used_;
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (first_call) SUNLIT_RETURN_IF_ERROR(MaybeRestartForRollbackJournal(info));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * st,
      conn_->Cached("INSERT INTO batches(kind, source, actor, at) VALUES (?, ?, ?, ?) "
                    "RETURNING id"));
  const std::string at = pool_->Now();
  st->BindText(1, info.kind);
  st->BindText(2, info.source);
  st->BindText(3, info.actor);
  st->BindText(4, at);
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    st->Reset();
    return Internal("database error", "INSERT INTO batches returned no id");
  }
  const int64_t id = st->ColumnInt(0);
  SUNLIT_RETURN_IF_ERROR(st->Run());  // finish the statement
  return id;
}

Result<std::vector<Change>> SqliteTransaction::History(std::string_view sql,
                                                       std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(Statement * st, conn_->Cached(sql));
  st->BindText(1, code);
  std::vector<Change> out;
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Change c;
    c.batch_id = st->ColumnInt(0);
    c.at = st->ColumnText(1);
    c.source = st->ColumnText(2);
    c.field = st->ColumnText(3);
    c.old_value = st->ColumnText(4);
    c.new_value = st->ColumnText(5);
    out.push_back(std::move(c));
  }
  st->Reset();
  return out;
}

Result<std::vector<Change>> SqliteTransaction::EntityHistory(std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_RETURN_IF_ERROR(FlushBulk());
  return History(
      "SELECT b.id, b.at, b.source, c.field, c.old_value, c.new_value "
      "FROM entity_changes c JOIN batches b ON b.id = c.batch_id "
      "WHERE c.entity_id = (SELECT id FROM entities WHERE code = ?) ORDER BY c.id",
      code);
}

Result<std::vector<Change>> SqliteTransaction::InspectorHistory(std::string_view code) {
  return History(
      "SELECT b.id, b.at, b.source, c.field, c.old_value, c.new_value "
      "FROM inspector_changes c JOIN batches b ON b.id = c.batch_id "
      "WHERE c.inspector_id = (SELECT id FROM inspectors WHERE code = ?) ORDER BY c.id",
      code);
}

// --- reference data --------------------------------------------------------------------

Result<UpsertCounts> SqliteTransaction::UpsertRegions(std::span<const core::RegionRow> rows) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  SUNLIT_ASSIGN_OR_RETURN(Statement * find,
                          conn_->Cached("SELECT name, level, parent FROM regions WHERE code = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * insert,
      conn_->Cached("INSERT INTO regions(code, name, level, parent) VALUES (?, ?, ?, ?)"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * update,
      conn_->Cached("UPDATE regions SET name = ?, level = ?, parent = ? WHERE code = ?"));
  UpsertCounts counts;
  for (const core::RegionRow& r : rows) {
    find->BindInt(1, r.code);
    SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
    const bool same = found && find->ColumnText(0) == r.name && find->ColumnInt(1) == r.level &&
                      find->ColumnInt(2) == r.parent;
    find->Reset();
    if (same) {
      ++counts.unchanged;
      continue;
    }
    Statement* st = found ? update : insert;
    const int first = found ? 1 : 2;
    if (!found) st->BindInt(1, r.code);
    st->BindText(first, r.name);
    st->BindInt(first + 1, r.level);
    st->BindInt(first + 2, r.parent);
    if (found) st->BindInt(4, r.code);
    SUNLIT_RETURN_IF_ERROR(st->Run());
    ++(found ? counts.updated : counts.created);
  }
  return counts;
}

Result<std::vector<core::RegionRow>> SqliteTransaction::LoadRegions() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      Statement st,
      Statement::Prepare(conn_->db(), "SELECT code, name, level, parent FROM regions ORDER BY code",
                         false));
  std::vector<core::RegionRow> out;
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    core::RegionRow r;
    r.code = static_cast<int32_t>(st.ColumnInt(0));
    r.name = st.ColumnText(1);
    r.level = static_cast<int>(st.ColumnInt(2));
    r.parent = static_cast<int32_t>(st.ColumnInt(3));
    out.push_back(std::move(r));
  }
  return out;
}

Result<UpsertCounts> SqliteTransaction::UpsertIndustries(std::span<const core::IndustryRow> rows) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * find, conn_->Cached("SELECT name, level, parent FROM industries WHERE code = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * insert,
      conn_->Cached("INSERT INTO industries(code, name, level, parent) VALUES (?, ?, ?, ?)"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * update,
      conn_->Cached("UPDATE industries SET name = ?, level = ?, parent = ? WHERE code = ?"));
  UpsertCounts counts;
  for (const core::IndustryRow& r : rows) {
    if (r.code.empty()) return InvalidArgument("an industry code is empty");
    find->BindText(1, r.code);
    SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
    const bool same = found && find->ColumnText(0) == r.name && find->ColumnInt(1) == r.level &&
                      find->ColumnText(2) == r.parent;
    find->Reset();
    if (same) {
      ++counts.unchanged;
      continue;
    }
    Statement* st = found ? update : insert;
    const int first = found ? 1 : 2;
    if (!found) st->BindText(1, r.code);
    st->BindText(first, r.name);
    st->BindInt(first + 1, r.level);
    st->BindText(first + 2, r.parent);
    if (found) st->BindText(4, r.code);
    SUNLIT_RETURN_IF_ERROR(st->Run());
    ++(found ? counts.updated : counts.created);
  }
  return counts;
}

Result<std::vector<core::IndustryRow>> SqliteTransaction::LoadIndustries() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(Statement st,
                          Statement::Prepare(conn_->db(),
                                             "SELECT code, name, level, parent FROM industries "
                                             "ORDER BY code",
                                             false));
  std::vector<core::IndustryRow> out;
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    core::IndustryRow r;
    r.code = st.ColumnText(0);
    r.name = st.ColumnText(1);
    r.level = static_cast<int>(st.ColumnInt(2));
    r.parent = st.ColumnText(3);
    out.push_back(std::move(r));
  }
  return out;
}

Status SqliteTransaction::ReplaceCalendarYears(const core::HolidaySchedule& years) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  for (const core::HolidayYear& y : years) {
    if (y.year < 1900 || y.year > 2999) {
      return InvalidArgument("calendar year " + std::to_string(y.year) + " is out of range");
    }
    for (const core::HolidayDay& d : y.days) {
      if (d.date.year() != y.year) {
        return InvalidArgument("date " + d.date.ToString() + " is not in the year " +
                               std::to_string(y.year));
      }
    }
  }
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * put_year,
      conn_->Cached("INSERT INTO calendar_years(year, notice) VALUES (?, ?) "
                    "ON CONFLICT (year) DO UPDATE SET notice = excluded.notice"));
  SUNLIT_ASSIGN_OR_RETURN(Statement * clear,
                          conn_->Cached("DELETE FROM calendar_days WHERE year = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * put_day,
      conn_->Cached("INSERT INTO calendar_days(date, year, kind, name) VALUES (?, ?, ?, ?)"));
  for (const core::HolidayYear& y : years) {
    put_year->BindInt(1, y.year);
    put_year->BindText(2, y.notice);
    SUNLIT_RETURN_IF_ERROR(put_year->Run());
    clear->BindInt(1, y.year);
    SUNLIT_RETURN_IF_ERROR(clear->Run());
    for (const core::HolidayDay& d : y.days) {
      char date[10];
      FormatDate(d.date, date);
      put_day->BindText(1, std::string_view(date, sizeof date));
      put_day->BindInt(2, y.year);
      put_day->BindText(3, DayKindText(d.kind));
      put_day->BindText(4, d.name);
      Status s = put_day->Run();
      if (s.code() == StatusCode::kFailedPrecondition) {
        return InvalidArgument("the schedule of " + std::to_string(y.year) + " lists " +
                                   std::string(date, sizeof date) + " twice",
                               s.detail());
      }
      SUNLIT_RETURN_IF_ERROR(s);
    }
  }
  return Status::Ok();
}

Result<core::HolidaySchedule> SqliteTransaction::LoadCalendar() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  core::HolidaySchedule out;
  std::map<int, size_t> index;
  {
    SUNLIT_ASSIGN_OR_RETURN(
        Statement st,
        Statement::Prepare(conn_->db(), "SELECT year, notice FROM calendar_years ORDER BY year",
                           false));
    while (true) {
      SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      core::HolidayYear y;
      y.year = static_cast<int>(st.ColumnInt(0));
      y.notice = st.ColumnText(1);
      index[y.year] = out.size();
      out.push_back(std::move(y));
    }
  }
  SUNLIT_ASSIGN_OR_RETURN(Statement st,
                          Statement::Prepare(conn_->db(),
                                             "SELECT date, year, kind, name FROM calendar_days "
                                             "ORDER BY date",
                                             false));
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    core::HolidayDay d;
    if (!DecodeDate(st.ColumnText(0), &d.date)) {
      return Damaged("calendar date " + std::string(st.ColumnText(0)));
    }
    const std::string_view kind = st.ColumnText(2);
    if (kind == "holiday_off") {
      d.kind = core::DayKind::kHolidayOff;
    } else if (kind == "adjusted_workday") {
      d.kind = core::DayKind::kAdjustedWorkday;
    } else {
      return Damaged("calendar kind " + std::string(kind));
    }
    d.name = st.ColumnText(3);
    auto it = index.find(static_cast<int>(st.ColumnInt(1)));
    if (it == index.end()) return Damaged("calendar day without year");
    out[it->second].days.push_back(std::move(d));
  }
  return out;
}

// --- departments and units -------------------------------------------------------------

Result<UpsertCounts> SqliteTransaction::UpsertDepartments(std::span<const core::Department> rows) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * find,
      conn_->Cached("SELECT name, market_supervision FROM departments WHERE code = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * insert,
      conn_->Cached("INSERT INTO departments(code, name, market_supervision) VALUES (?, ?, ?)"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * update,
      conn_->Cached("UPDATE departments SET name = ?, market_supervision = ? WHERE code = ?"));
  UpsertCounts counts;
  for (const core::Department& r : rows) {
    if (r.code.empty()) return InvalidArgument("a department code is empty");
    find->BindText(1, r.code);
    SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
    const bool same =
        found && find->ColumnText(0) == r.name && (find->ColumnInt(1) != 0) == r.market_supervision;
    find->Reset();
    if (same) {
      ++counts.unchanged;
      continue;
    }
    Statement* st = found ? update : insert;
    const int first = found ? 1 : 2;
    if (!found) st->BindText(1, r.code);
    st->BindText(first, r.name);
    st->BindInt(first + 1, r.market_supervision ? 1 : 0);
    if (found) st->BindText(3, r.code);
    SUNLIT_RETURN_IF_ERROR(st->Run());
    ++(found ? counts.updated : counts.created);
  }
  return counts;
}

Result<std::vector<core::Department>> SqliteTransaction::LoadDepartments() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      Statement st, Statement::Prepare(conn_->db(),
                                       "SELECT code, name, market_supervision FROM departments "
                                       "ORDER BY code",
                                       false));
  std::vector<core::Department> out;
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    core::Department d;
    d.code = st.ColumnText(0);
    d.name = st.ColumnText(1);
    d.market_supervision = st.ColumnInt(2) != 0;
    out.push_back(std::move(d));
  }
  return out;
}

Result<UpsertCounts> SqliteTransaction::UpsertUnits(std::span<const core::Unit> rows) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  SUNLIT_ASSIGN_OR_RETURN(Statement * department,
                          conn_->Cached("SELECT 1 FROM departments WHERE code = ?"));
  for (const core::Unit& r : rows) {
    if (r.code.empty()) return InvalidArgument("a unit code is empty");
    department->BindText(1, r.department_code);
    Result<bool> known = department->Step();
    department->Reset();
    if (!known.ok()) return known.status();
    if (!*known) return FailedPrecondition("unknown department " + r.department_code);
  }
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * find,
      conn_->Cached("SELECT name, department_code, region FROM units WHERE code = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * insert,
      conn_->Cached("INSERT INTO units(code, name, department_code, region) VALUES (?, ?, ?, ?)"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * update,
      conn_->Cached("UPDATE units SET name = ?, department_code = ?, region = ? WHERE code = ?"));
  UpsertCounts counts;
  for (const core::Unit& r : rows) {
    find->BindText(1, r.code);
    SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
    const bool same = found && find->ColumnText(0) == r.name &&
                      find->ColumnText(1) == r.department_code && find->ColumnInt(2) == r.region;
    find->Reset();
    if (same) {
      ++counts.unchanged;
      continue;
    }
    Statement* st = found ? update : insert;
    const int first = found ? 1 : 2;
    if (!found) st->BindText(1, r.code);
    st->BindText(first, r.name);
    st->BindText(first + 1, r.department_code);
    st->BindInt(first + 2, r.region);
    if (found) st->BindText(4, r.code);
    SUNLIT_RETURN_IF_ERROR(st->Run());
    ++(found ? counts.updated : counts.created);
  }
  return counts;
}

Result<std::vector<core::Unit>> SqliteTransaction::LoadUnits() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      Statement st, Statement::Prepare(conn_->db(),
                                       "SELECT code, name, department_code, region FROM units "
                                       "ORDER BY code",
                                       false));
  std::vector<core::Unit> out;
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    core::Unit u;
    u.code = st.ColumnText(0);
    u.name = st.ColumnText(1);
    u.department_code = st.ColumnText(2);
    u.region = static_cast<int32_t>(st.ColumnInt(3));
    out.push_back(std::move(u));
  }
  return out;
}

// --- inspectors ------------------------------------------------------------------------

Result<UpsertCounts> SqliteTransaction::UpsertInspectors(std::span<const core::Inspector> rows,
                                                         int64_t batch_id) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (rows.empty()) return UpsertCounts{};
  SUNLIT_RETURN_IF_ERROR(CheckBatch(batch_id));
  SUNLIT_ASSIGN_OR_RETURN(Statement * department,
                          conn_->Cached("SELECT 1 FROM departments WHERE code = ?"));
  SUNLIT_ASSIGN_OR_RETURN(Statement * unit, conn_->Cached("SELECT 1 FROM units WHERE code = ?"));
  for (const core::Inspector& r : rows) {
    if (r.code.empty()) return InvalidArgument("an inspector code is empty");
    if (!ListStorable(r.qualifications)) {
      return InvalidArgument("inspector " + r.code + ": a qualification is empty or has a comma");
    }
    if (r.certificate_expiry.has_value() && !DateStorable(*r.certificate_expiry)) {
      return InvalidArgument("inspector " + r.code + ": certificate expiry out of range");
    }
    department->BindText(1, r.department_code);
    Result<bool> known = department->Step();
    department->Reset();
    if (!known.ok()) return known.status();
    if (!*known) return FailedPrecondition("unknown department " + r.department_code);
    if (!r.unit_code.empty()) {
      unit->BindText(1, r.unit_code);
      known = unit->Step();
      unit->Reset();
      if (!known.ok()) return known.status();
      if (!*known) return FailedPrecondition("unknown unit " + r.unit_code);
    }
  }

  SUNLIT_ASSIGN_OR_RETURN(Statement * find,
                          conn_->Cached("SELECT " + std::string(kInspectorColumns) +
                                        " FROM inspectors WHERE code = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * insert,
      conn_->Cached("INSERT INTO inspectors(code, name, department_code, unit_code, region, "
                    "certificate_no, certificate_expiry, qualifications, expert, leader, status, "
                    "created_batch, updated_batch) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * update,
      conn_->Cached("UPDATE inspectors SET name = ?, department_code = ?, unit_code = ?, "
                    "region = ?, certificate_no = ?, certificate_expiry = ?, qualifications = ?, "
                    "expert = ?, leader = ?, status = ?, updated_batch = ? WHERE id = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * change,
      conn_->Cached("INSERT INTO inspector_changes(inspector_id, batch_id, field, old_value, "
                    "new_value) VALUES (?, ?, ?, ?, ?)"));

  UpsertCounts counts;
  std::vector<FieldDiff> diffs;
  for (const core::Inspector& r : rows) {
    const std::string expiry = DateText(r.certificate_expiry);
    const std::string qualifications = Joined(r.qualifications);
    const std::string_view status = core::WireName(r.status);

    find->BindText(1, r.code);
    SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
    int64_t id = 0;
    diffs.clear();
    if (found) {
      Result<core::Inspector> old = ReadInspector(*find);
      find->Reset();
      if (!old.ok()) return old.status();
      id = old->id;
      Compare("name", old->name, r.name, &diffs);
      Compare("department", old->department_code, r.department_code, &diffs);
      Compare("unit", old->unit_code, r.unit_code, &diffs);
      Compare("region", RegionText(old->region), RegionText(r.region), &diffs);
      Compare("certificate_no", old->certificate_no, r.certificate_no, &diffs);
      Compare("certificate_expiry", DateText(old->certificate_expiry), expiry, &diffs);
      Compare("qualifications", Joined(old->qualifications), qualifications, &diffs);
      Compare("expert", std::string(BoolText(old->expert)), std::string(BoolText(r.expert)),
              &diffs);
      Compare("leader", std::string(BoolText(old->leader)), std::string(BoolText(r.leader)),
              &diffs);
      Compare("status", std::string(core::WireName(old->status)), std::string(status), &diffs);
      if (diffs.empty()) {
        ++counts.unchanged;
        continue;
      }
    } else {
      find->Reset();
    }

    Statement* st = found ? update : insert;
    int i = 1;
    if (!found) st->BindText(i++, r.code);
    st->BindText(i++, r.name);
    st->BindText(i++, r.department_code);
    st->BindTextOrNull(i++, r.unit_code);
    st->BindInt(i++, r.region);
    st->BindText(i++, r.certificate_no);
    st->BindTextOrNull(i++, expiry);
    st->BindText(i++, qualifications);
    st->BindInt(i++, r.expert ? 1 : 0);
    st->BindInt(i++, r.leader ? 1 : 0);
    st->BindText(i++, status);
    if (!found) st->BindInt(i++, batch_id);
    st->BindInt(i++, batch_id);
    if (found) st->BindInt(i++, id);
    SUNLIT_RETURN_IF_ERROR(st->Run());
    if (!found) {
      ++counts.created;
      continue;
    }
    for (const FieldDiff& d : diffs) {
      change->BindInt(1, id);
      change->BindInt(2, batch_id);
      change->BindText(3, d.field);
      change->BindText(4, d.old_value);
      change->BindText(5, d.new_value);
      SUNLIT_RETURN_IF_ERROR(change->Run());
    }
    ++counts.updated;
  }
  return counts;
}

Result<std::optional<core::Inspector>> SqliteTransaction::FindInspector(std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(Statement * find,
                          conn_->Cached("SELECT " + std::string(kInspectorColumns) +
                                        " FROM inspectors WHERE code = ?"));
  find->BindText(1, code);
  SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
  if (!found) {
    find->Reset();
    return std::optional<core::Inspector>();
  }
  Result<core::Inspector> r = ReadInspector(*find);
  find->Reset();
  if (!r.ok()) return r.status();
  return std::optional<core::Inspector>(std::move(r).value());
}

Status SqliteTransaction::ScanInspectors(const std::function<bool(const core::Inspector&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  // Not cached: `fn` may call back into this transaction, even into another scan.
  SUNLIT_ASSIGN_OR_RETURN(
      Statement st,
      Statement::Prepare(
          conn_->db(),
          "SELECT " + std::string(kInspectorColumns) + " FROM inspectors ORDER BY code", false));
  ++scans_;
  Status s = ScanRows<core::Inspector>(st, ReadInspector, fn);
  --scans_;
  return s;
}

// --- items -----------------------------------------------------------------------------

Result<UpsertCounts> SqliteTransaction::UpsertItems(std::span<const core::InspectionItem> rows,
                                                    int64_t batch_id) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (rows.empty()) return UpsertCounts{};
  SUNLIT_RETURN_IF_ERROR(CheckBatch(batch_id));
  SUNLIT_ASSIGN_OR_RETURN(Statement * department,
                          conn_->Cached("SELECT 1 FROM departments WHERE code = ?"));
  for (const core::InspectionItem& r : rows) {
    if (r.code.empty()) return InvalidArgument("an item code is empty");
    if (!ListStorable(r.industry_prefixes) || !ListStorable(r.tags)) {
      return InvalidArgument("item " + r.code + ": a list entry is empty or has a comma");
    }
    department->BindText(1, r.department_code);
    Result<bool> known = department->Step();
    department->Reset();
    if (!known.ok()) return known.status();
    if (!*known) return FailedPrecondition("unknown department " + r.department_code);
  }

  SUNLIT_ASSIGN_OR_RETURN(Statement * find,
                          conn_->Cached("SELECT " + std::string(kItemColumns) +
                                        " FROM items WHERE department_code = ? AND code = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * insert,
      conn_->Cached("INSERT INTO items(department_code, code, name, legal_basis, object_types, "
                    "industry_prefixes, tags, method, qualification, exemption, valid, version, "
                    "batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * keep,
      conn_->Cached("INSERT INTO item_versions(item_id, version, department_code, code, name, "
                    "legal_basis, object_types, industry_prefixes, tags, method, qualification, "
                    "exemption, valid, batch_id) "
                    "SELECT id, version, department_code, code, name, legal_basis, object_types, "
                    "industry_prefixes, tags, method, qualification, exemption, valid, batch_id "
                    "FROM items WHERE id = ?"));
  SUNLIT_ASSIGN_OR_RETURN(
      Statement * update,
      conn_->Cached("UPDATE items SET name = ?, legal_basis = ?, object_types = ?, "
                    "industry_prefixes = ?, tags = ?, method = ?, qualification = ?, "
                    "exemption = ?, valid = ?, version = version + 1, batch_id = ? WHERE id = ?"));

  UpsertCounts counts;
  for (const core::InspectionItem& r : rows) {
    const std::string object_types = ObjectTypesText(r.object_types);
    const std::string prefixes = Joined(r.industry_prefixes);
    const std::string tags = Joined(r.tags);
    const std::string_view exemption = core::WireName(r.exemption);

    find->BindText(1, r.department_code);
    find->BindText(2, r.code);
    SUNLIT_ASSIGN_OR_RETURN(bool found, find->Step());
    int64_t id = 0;
    if (found) {
      id = find->ColumnInt(0);
      const bool same = find->ColumnText(3) == r.name && find->ColumnText(4) == r.legal_basis &&
                        find->ColumnText(5) == object_types && find->ColumnText(6) == prefixes &&
                        find->ColumnText(7) == tags && find->ColumnText(8) == r.method &&
                        find->ColumnText(9) == r.qualification &&
                        find->ColumnText(10) == exemption && (find->ColumnInt(11) != 0) == r.valid;
      find->Reset();
      if (same) {
        ++counts.unchanged;
        continue;
      }
      keep->BindInt(1, id);
      SUNLIT_RETURN_IF_ERROR(keep->Run());
    } else {
      find->Reset();
    }

    Statement* st = found ? update : insert;
    int i = 1;
    if (!found) {
      st->BindText(i++, r.department_code);
      st->BindText(i++, r.code);
    }
    st->BindText(i++, r.name);
    st->BindText(i++, r.legal_basis);
    st->BindText(i++, object_types);
    st->BindText(i++, prefixes);
    st->BindText(i++, tags);
    st->BindText(i++, r.method);
    st->BindText(i++, r.qualification);
    st->BindText(i++, exemption);
    st->BindInt(i++, r.valid ? 1 : 0);
    st->BindInt(i++, batch_id);
    if (found) st->BindInt(i++, id);
    SUNLIT_RETURN_IF_ERROR(st->Run());
    ++(found ? counts.updated : counts.created);
  }
  return counts;
}

Status SqliteTransaction::ScanItems(const std::function<bool(const core::InspectionItem&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(Statement st,
                          Statement::Prepare(conn_->db(),
                                             "SELECT " + std::string(kItemColumns) +
                                                 " FROM items ORDER BY department_code, code",
                                             false));
  ++scans_;
  Status s = ScanRows<core::InspectionItem>(st, ReadItem, fn);
  --scans_;
  return s;
}

Result<std::vector<core::InspectionItem>> SqliteTransaction::ItemVersions(
    std::string_view department_code, std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  // Older versions first, then the current row (whose version is the highest).
  SUNLIT_ASSIGN_OR_RETURN(
      Statement st, Statement::Prepare(
                        conn_->db(),
                        "SELECT item_id, department_code, code, name, legal_basis, object_types, "
                        "industry_prefixes, tags, method, qualification, exemption, valid, version "
                        "FROM item_versions WHERE item_id = (SELECT id FROM items "
                        "WHERE department_code = ?1 AND code = ?2) "
                        "UNION ALL SELECT " +
                            std::string(kItemColumns) +
                            " FROM items WHERE department_code = ?1 AND code = ?2 ORDER BY 13",
                        false));
  st.BindText(1, department_code);
  st.BindText(2, code);
  std::vector<core::InspectionItem> out;
  SUNLIT_RETURN_IF_ERROR(
      ScanRows<core::InspectionItem>(st, ReadItem, [&out](const core::InspectionItem& item) {
        out.push_back(item);
        return true;
      }));
  return out;
}

}  // namespace sunlit::store::sqlite
