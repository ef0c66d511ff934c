// PgTransaction: life cycle, cursors, batches, history, reference data, calendar,
// departments, units, inspectors and items. Entities are in pg_entities.cc.
#include "store/postgres/pg_transaction.h"

#include <map>
#include <string>
#include <utility>

#include "store/sqlite/codec.h"  // the stored text forms are the same on every backend

namespace sunlit::store::postgres {
namespace {

using core::Date;
using sqlite::BoolText;
using sqlite::DateStorable;
using sqlite::DateText;
using sqlite::DecodeDate;
using sqlite::DecodeEnum;
using sqlite::Joined;
using sqlite::ListStorable;
using sqlite::RegionText;
using sqlite::SplitList;

Status Damaged(std::string detail) { return DataLoss("stored data is damaged", std::move(detail)); }

std::string_view DayKindText(core::DayKind k) {
  return k == core::DayKind::kAdjustedWorkday ? "adjusted_workday" : "holiday_off";
}

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

Result<core::Inspector> ReadInspector(const PgResult& r, int i) {
  core::Inspector x;
  x.id = r.Int(i, 0);
  x.code = r.Text(i, 1);
  x.name = r.Text(i, 2);
  x.department_code = r.Text(i, 3);
  x.unit_code = r.Text(i, 4);
  x.region = static_cast<int32_t>(r.Int(i, 5));
  x.certificate_no = r.Text(i, 6);
  if (!r.IsNull(i, 7)) {
    Date d;
    if (!DecodeDate(r.Text(i, 7), &d)) return Damaged("inspector " + x.code + " expiry");
    x.certificate_expiry = d;
  }
  x.qualifications = SplitList(r.Text(i, 8));
  x.expert = r.Int(i, 9) != 0;
  x.leader = r.Int(i, 10) != 0;
  if (!DecodeEnum(r.Text(i, 11), &x.status)) return Damaged("inspector " + x.code + " status");
  return x;
}

constexpr std::string_view kItemColumns =
    "id, department_code, code, name, legal_basis, object_types, industry_prefixes, tags, "
    "method, qualification, exemption, valid, version";

Result<core::InspectionItem> ReadItem(const PgResult& r, int i) {
  core::InspectionItem x;
  x.id = r.Int(i, 0);
  x.department_code = r.Text(i, 1);
  x.code = r.Text(i, 2);
  x.name = r.Text(i, 3);
  x.legal_basis = r.Text(i, 4);
  if (!DecodeObjectTypes(r.Text(i, 5), &x.object_types)) {
    return Damaged("item " + x.code + " object_types");
  }
  x.industry_prefixes = SplitList(r.Text(i, 6));
  x.tags = SplitList(r.Text(i, 7));
  x.method = r.Text(i, 8);
  x.qualification = r.Text(i, 9);
  if (!DecodeEnum(r.Text(i, 10), &x.exemption)) return Damaged("item " + x.code + " exemption");
  x.valid = r.Int(i, 11) != 0;
  x.version = static_cast<int32_t>(r.Int(i, 12));
  return x;
}

SqlParam TextOrNullParam(std::string_view s) {
  return s.empty() ? SqlParam(nullptr) : SqlParam(s);
}

}  // namespace

PgTransaction::PgTransaction(std::shared_ptr<PgPool> pool, std::unique_ptr<PgConnection> conn,
                             bool writable)
    : pool_(std::move(pool)),
      conn_(std::move(conn)),
      raw_conn_(conn_.get()),
      writable_(writable),
      sql_(&raw_conn_, writable, &finished_, [this] { return CheckOpen(); }) {}

PgTransaction::~PgTransaction() {
  if (!finished_) RollbackAndFinish().IgnoreError();
}

Status PgTransaction::CheckOpen() {
  if (finished_) return FailedPrecondition("the transaction is already finished");
  if (copy_out_) {
    return FailedPrecondition("the transaction cannot be used while it streams the index scan");
  }
  return EndCopy();
}

Status PgTransaction::CheckWritable() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  if (!writable_) return FailedPrecondition("the transaction is read-only");
  return Status::Ok();
}

Status PgTransaction::CheckBatch(int64_t batch_id) {
  SUNLIT_ASSIGN_OR_RETURN(PgResult r,
                          conn_->Query("SELECT 1 FROM batches WHERE id = $1", {batch_id}));
  if (r.rows() == 0) return FailedPrecondition("unknown batch " + std::to_string(batch_id));
  return Status::Ok();
}

Status PgTransaction::RollbackAndFinish() {
  finished_ = true;
  copy_buffer_.clear();
  if (conn_->copying()) conn_->CopyAbort();
  Status s = conn_->Exec("ROLLBACK");
  pool_->Release(std::move(conn_));  // dropped instead of pooled if ROLLBACK failed
  return s;
}

Status PgTransaction::Finish(Status s) {
  if (s.ok()) {
    finished_ = true;
    pool_->Release(std::move(conn_));
    return s;
  }
  RollbackAndFinish().IgnoreError();  // `s` is the error that matters
  return s;
}

Status PgTransaction::Commit() {
  if (finished_) return FailedPrecondition("the transaction is already finished");
  if (scans_ > 0 || copy_out_) return FailedPrecondition("cannot commit from inside a scan");
  Status s = EndCopy();
  if (!s.ok()) return Finish(std::move(s));
  if (!broken_.ok()) return Finish(broken_);
  if (entity_mode_ == EntityMode::kBulk) {
    s = FinishBulk();
    if (!s.ok()) return Finish(std::move(s));
  }
  // COMMIT of a transaction that failed earlier reports ROLLBACK, not an error: check.
  PgResult r(PQexec(conn_->get(), "COMMIT"));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    return Finish(PgError(r.get(), conn_->get(), "COMMIT"));
  }
  if (std::string_view(PQcmdStatus(r.get())) != "COMMIT") {
    return Finish(Internal("database error", "the transaction was rolled back at COMMIT"));
  }
  return Finish(Status::Ok());
}

Status PgTransaction::Scan(std::string_view sql, std::initializer_list<SqlParam> params,
                           int batch, bool binary,
                           const std::function<bool(const PgResult&, int)>& fn) {
  // Named by nesting depth, so that the prepared DECLARE and FETCH texts stay few.
  const std::string name = "sunlit_c" + std::to_string(scans_ + 1);
  SUNLIT_RETURN_IF_ERROR(
      conn_->Query("DECLARE " + name + " NO SCROLL CURSOR FOR " +
                       std::string(sql),
                   params)
          .status());
  const std::string fetch = "FETCH " + std::to_string(batch) + " FROM " + name;
  ++scans_;
  Status s;
  bool more = true;
  while (more && s.ok()) {
    Result<PgResult> r = conn_->Query(fetch, {}, binary);
    if (!r.ok()) {
      s = r.status();
      break;
    }
    const int n = r->rows();
    if (n < batch) more = false;
    for (int i = 0; i < n; ++i) {
      if (!fn(*r, i)) {
        more = false;
        break;
      }
    }
    if (finished_) break;  // the callback may not end the transaction, but be safe
  }
  --scans_;
  if (!finished_ && s.ok()) s = conn_->Exec("CLOSE " + name);
  return s;
}

// --- batches and history ---------------------------------------------------------------

Result<int64_t> PgTransaction::BeginBatch(const BatchInfo& info) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  const std::string at = pool_->Now();
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("INSERT INTO batches(kind, source, actor, at) VALUES ($1, $2, $3, $4) "
                   "RETURNING id",
                   {std::string_view(info.kind), std::string_view(info.source),
                    std::string_view(info.actor), std::string_view(at)}));
  if (r.rows() != 1) return Internal("database error", "INSERT INTO batches returned no id");
  return r.Int(0, 0);
}

Result<std::vector<Change>> PgTransaction::History(std::string_view sql, std::string_view code) {
  SUNLIT_ASSIGN_OR_RETURN(PgResult r, conn_->Query(sql, {code}));
  std::vector<Change> out;
  for (int i = 0; i < r.rows(); ++i) {
    Change c;
    c.batch_id = r.Int(i, 0);
    c.at = r.Text(i, 1);
    c.source = r.Text(i, 2);
    c.field = r.Text(i, 3);
    c.old_value = r.Text(i, 4);
    c.new_value = r.Text(i, 5);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<Change>> PgTransaction::EntityHistory(std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  return History(
      "SELECT b.id, b.at, b.source, c.field, c.old_value, c.new_value "
      "FROM entity_changes c JOIN batches b ON b.id = c.batch_id "
      "WHERE c.entity_id = (SELECT id FROM entities WHERE code = $1) ORDER BY c.id",
      code);
}

Result<std::vector<Change>> PgTransaction::InspectorHistory(std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  return History(
      "SELECT b.id, b.at, b.source, c.field, c.old_value, c.new_value "
      "FROM inspector_changes c JOIN batches b ON b.id = c.batch_id "
      "WHERE c.inspector_id = (SELECT id FROM inspectors WHERE code = $1) ORDER BY c.id",
      code);
}

// --- reference data --------------------------------------------------------------------

Result<UpsertCounts> PgTransaction::UpsertRegions(std::span<const core::RegionRow> rows) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  UpsertCounts counts;
  for (const core::RegionRow& r : rows) {
    SUNLIT_ASSIGN_OR_RETURN(
        PgResult find,
        conn_->Query("SELECT name, level, parent FROM regions WHERE code = $1",
                     {int64_t{r.code}}));
    const bool found = find.rows() > 0;
    if (found && find.Text(0, 0) == r.name && find.Int(0, 1) == r.level &&
        find.Int(0, 2) == r.parent) {
      ++counts.unchanged;
      continue;
    }
    if (found) {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("UPDATE regions SET name = $1, level = $2, parent = $3 WHERE code = $4",
                       {std::string_view(r.name), int64_t{r.level}, int64_t{r.parent},
                        int64_t{r.code}})
              .status());
      ++counts.updated;
    } else {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("INSERT INTO regions(code, name, level, parent) VALUES ($1, $2, $3, $4)",
                       {int64_t{r.code}, std::string_view(r.name), int64_t{r.level},
                        int64_t{r.parent}})
              .status());
      ++counts.created;
    }
  }
  return counts;
}

Result<std::vector<core::RegionRow>> PgTransaction::LoadRegions() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r, conn_->Query("SELECT code, name, level, parent FROM regions ORDER BY code", {}));
  std::vector<core::RegionRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    core::RegionRow x;
    x.code = static_cast<int32_t>(r.Int(i, 0));
    x.name = r.Text(i, 1);
    x.level = static_cast<int>(r.Int(i, 2));
    x.parent = static_cast<int32_t>(r.Int(i, 3));
    out.push_back(std::move(x));
  }
  return out;
}

Result<UpsertCounts> PgTransaction::UpsertIndustries(std::span<const core::IndustryRow> rows) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  UpsertCounts counts;
  for (const core::IndustryRow& r : rows) {
    if (r.code.empty()) return InvalidArgument("an industry code is empty");
    SUNLIT_ASSIGN_OR_RETURN(
        PgResult find, conn_->Query("SELECT name, level, parent FROM industries WHERE code = $1",
                                    {std::string_view(r.code)}));
    const bool found = find.rows() > 0;
    if (found && find.Text(0, 0) == r.name && find.Int(0, 1) == r.level &&
        find.Text(0, 2) == r.parent) {
      ++counts.unchanged;
      continue;
    }
    if (found) {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("UPDATE industries SET name = $1, level = $2, parent = $3 WHERE code = $4",
                       {std::string_view(r.name), int64_t{r.level}, std::string_view(r.parent),
                        std::string_view(r.code)})
              .status());
      ++counts.updated;
    } else {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("INSERT INTO industries(code, name, level, parent) VALUES ($1, $2, $3, $4)",
                       {std::string_view(r.code), std::string_view(r.name), int64_t{r.level},
                        std::string_view(r.parent)})
              .status());
      ++counts.created;
    }
  }
  return counts;
}

Result<std::vector<core::IndustryRow>> PgTransaction::LoadIndustries() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT code, name, level, parent FROM industries ORDER BY code", {}));
  std::vector<core::IndustryRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    core::IndustryRow x;
    x.code = r.Text(i, 0);
    x.name = r.Text(i, 1);
    x.level = static_cast<int>(r.Int(i, 2));
    x.parent = r.Text(i, 3);
    out.push_back(std::move(x));
  }
  return out;
}

Status PgTransaction::ReplaceCalendarYears(const core::HolidaySchedule& years) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  for (const core::HolidayYear& y : years) {
    if (y.year < 1900 || y.year > 2999) {
      return InvalidArgument("calendar year " + std::to_string(y.year) + " is out of range");
    }
    std::map<int32_t, int> seen;
    for (const core::HolidayDay& d : y.days) {
      if (d.date.year() != y.year) {
        return InvalidArgument("date " + d.date.ToString() + " is not in the year " +
                               std::to_string(y.year));
      }
      // Checked here: on PostgreSQL a failed INSERT would abort the whole transaction.
      if (++seen[d.date.days()] > 1) {
        return InvalidArgument("the schedule of " + std::to_string(y.year) + " lists " +
                               d.date.ToString() + " twice");
      }
    }
  }
  for (const core::HolidayYear& y : years) {
    SUNLIT_RETURN_IF_ERROR(
        conn_->Query("INSERT INTO calendar_years(year, notice) VALUES ($1, $2) "
                     "ON CONFLICT (year) DO UPDATE SET notice = excluded.notice",
                     {int64_t{y.year}, std::string_view(y.notice)})
            .status());
    SUNLIT_RETURN_IF_ERROR(
        conn_->Query("DELETE FROM calendar_days WHERE year = $1", {int64_t{y.year}}).status());
    for (const core::HolidayDay& d : y.days) {
      char date[10];
      sqlite::FormatDate(d.date, date);
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("INSERT INTO calendar_days(date, year, kind, name) VALUES ($1, $2, $3, $4)",
                       {std::string_view(date, sizeof date), int64_t{y.year},
                        DayKindText(d.kind), std::string_view(d.name)})
              .status());
    }
  }
  return Status::Ok();
}

Result<core::HolidaySchedule> PgTransaction::LoadCalendar() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  core::HolidaySchedule out;
  std::map<int, size_t> index;
  SUNLIT_ASSIGN_OR_RETURN(PgResult years,
                          conn_->Query("SELECT year, notice FROM calendar_years ORDER BY year", {}));
  for (int i = 0; i < years.rows(); ++i) {
    core::HolidayYear y;
    y.year = static_cast<int>(years.Int(i, 0));
    y.notice = years.Text(i, 1);
    index[y.year] = out.size();
    out.push_back(std::move(y));
  }
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult days,
      conn_->Query("SELECT date, year, kind, name FROM calendar_days ORDER BY date", {}));
  for (int i = 0; i < days.rows(); ++i) {
    core::HolidayDay d;
    if (!DecodeDate(days.Text(i, 0), &d.date)) {
      return Damaged("calendar date " + std::string(days.Text(i, 0)));
    }
    const std::string_view kind = days.Text(i, 2);
    if (kind == "holiday_off") {
      d.kind = core::DayKind::kHolidayOff;
    } else if (kind == "adjusted_workday") {
      d.kind = core::DayKind::kAdjustedWorkday;
    } else {
      return Damaged("calendar kind " + std::string(kind));
    }
    d.name = days.Text(i, 3);
    auto it = index.find(static_cast<int>(days.Int(i, 1)));
    if (it == index.end()) return Damaged("calendar day without year");
    out[it->second].days.push_back(std::move(d));
  }
  return out;
}

// --- departments and units -------------------------------------------------------------

Result<UpsertCounts> PgTransaction::UpsertDepartments(std::span<const core::Department> rows) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  UpsertCounts counts;
  for (const core::Department& r : rows) {
    if (r.code.empty()) return InvalidArgument("a department code is empty");
    SUNLIT_ASSIGN_OR_RETURN(
        PgResult find,
        conn_->Query("SELECT name, market_supervision FROM departments WHERE code = $1",
                     {std::string_view(r.code)}));
    const bool found = find.rows() > 0;
    if (found && find.Text(0, 0) == r.name &&
        (find.Int(0, 1) != 0) == r.market_supervision) {
      ++counts.unchanged;
      continue;
    }
    const int64_t ms = r.market_supervision ? 1 : 0;
    if (found) {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("UPDATE departments SET name = $1, market_supervision = $2 WHERE code = $3",
                       {std::string_view(r.name), ms, std::string_view(r.code)})
              .status());
      ++counts.updated;
    } else {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("INSERT INTO departments(code, name, market_supervision) "
                       "VALUES ($1, $2, $3)",
                       {std::string_view(r.code), std::string_view(r.name), ms})
              .status());
      ++counts.created;
    }
  }
  return counts;
}

Result<std::vector<core::Department>> PgTransaction::LoadDepartments() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT code, name, market_supervision FROM departments ORDER BY code", {}));
  std::vector<core::Department> out;
  for (int i = 0; i < r.rows(); ++i) {
    core::Department d;
    d.code = r.Text(i, 0);
    d.name = r.Text(i, 1);
    d.market_supervision = r.Int(i, 2) != 0;
    out.push_back(std::move(d));
  }
  return out;
}

Result<UpsertCounts> PgTransaction::UpsertUnits(std::span<const core::Unit> rows) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  for (const core::Unit& r : rows) {
    if (r.code.empty()) return InvalidArgument("a unit code is empty");
    SUNLIT_ASSIGN_OR_RETURN(PgResult known,
                            conn_->Query("SELECT 1 FROM departments WHERE code = $1",
                                         {std::string_view(r.department_code)}));
    if (known.rows() == 0) return FailedPrecondition("unknown department " + r.department_code);
  }
  UpsertCounts counts;
  for (const core::Unit& r : rows) {
    SUNLIT_ASSIGN_OR_RETURN(
        PgResult find, conn_->Query("SELECT name, department_code, region FROM units WHERE code = $1",
                                    {std::string_view(r.code)}));
    const bool found = find.rows() > 0;
    if (found && find.Text(0, 0) == r.name && find.Text(0, 1) == r.department_code &&
        find.Int(0, 2) == r.region) {
      ++counts.unchanged;
      continue;
    }
    if (found) {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("UPDATE units SET name = $1, department_code = $2, region = $3 "
                       "WHERE code = $4",
                       {std::string_view(r.name), std::string_view(r.department_code),
                        int64_t{r.region}, std::string_view(r.code)})
              .status());
      ++counts.updated;
    } else {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("INSERT INTO units(code, name, department_code, region) "
                       "VALUES ($1, $2, $3, $4)",
                       {std::string_view(r.code), std::string_view(r.name),
                        std::string_view(r.department_code), int64_t{r.region}})
              .status());
      ++counts.created;
    }
  }
  return counts;
}

Result<std::vector<core::Unit>> PgTransaction::LoadUnits() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT code, name, department_code, region FROM units ORDER BY code", {}));
  std::vector<core::Unit> out;
  for (int i = 0; i < r.rows(); ++i) {
    core::Unit u;
    u.code = r.Text(i, 0);
    u.name = r.Text(i, 1);
    u.department_code = r.Text(i, 2);
    u.region = static_cast<int32_t>(r.Int(i, 3));
    out.push_back(std::move(u));
  }
  return out;
}

// --- inspectors ------------------------------------------------------------------------

Result<UpsertCounts> PgTransaction::UpsertInspectors(std::span<const core::Inspector> rows,
                                                     int64_t batch_id) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (rows.empty()) return UpsertCounts{};
  SUNLIT_RETURN_IF_ERROR(CheckBatch(batch_id));
  for (const core::Inspector& r : rows) {
    if (r.code.empty()) return InvalidArgument("an inspector code is empty");
    if (!ListStorable(r.qualifications)) {
      return InvalidArgument("inspector " + r.code + ": a qualification is empty or has a comma");
    }
    if (r.certificate_expiry.has_value() && !DateStorable(*r.certificate_expiry)) {
      return InvalidArgument("inspector " + r.code + ": certificate expiry out of range");
    }
    SUNLIT_ASSIGN_OR_RETURN(PgResult known,
                            conn_->Query("SELECT 1 FROM departments WHERE code = $1",
                                         {std::string_view(r.department_code)}));
    if (known.rows() == 0) return FailedPrecondition("unknown department " + r.department_code);
    if (!r.unit_code.empty()) {
      SUNLIT_ASSIGN_OR_RETURN(PgResult unit, conn_->Query("SELECT 1 FROM units WHERE code = $1",
                                                          {std::string_view(r.unit_code)}));
      if (unit.rows() == 0) return FailedPrecondition("unknown unit " + r.unit_code);
    }
  }
  const std::string find_sql =
      "SELECT " + std::string(kInspectorColumns) + " FROM inspectors WHERE code = $1";
  UpsertCounts counts;
  std::vector<FieldDiff> diffs;
  for (const core::Inspector& r : rows) {
    const std::string expiry = DateText(r.certificate_expiry);
    const std::string qualifications = Joined(r.qualifications);
    const std::string_view status = core::WireName(r.status);
    SUNLIT_ASSIGN_OR_RETURN(PgResult find, conn_->Query(find_sql, {std::string_view(r.code)}));
    const bool found = find.rows() > 0;
    int64_t id = 0;
    diffs.clear();
    if (found) {
      SUNLIT_ASSIGN_OR_RETURN(core::Inspector old, ReadInspector(find, 0));
      id = old.id;
      Compare("name", old.name, r.name, &diffs);
      Compare("department", old.department_code, r.department_code, &diffs);
      Compare("unit", old.unit_code, r.unit_code, &diffs);
      Compare("region", RegionText(old.region), RegionText(r.region), &diffs);
      Compare("certificate_no", old.certificate_no, r.certificate_no, &diffs);
      Compare("certificate_expiry", DateText(old.certificate_expiry), expiry, &diffs);
      Compare("qualifications", Joined(old.qualifications), qualifications, &diffs);
      Compare("expert", std::string(BoolText(old.expert)), std::string(BoolText(r.expert)),
              &diffs);
      Compare("leader", std::string(BoolText(old.leader)), std::string(BoolText(r.leader)),
              &diffs);
      Compare("status", std::string(core::WireName(old.status)), std::string(status), &diffs);
      if (diffs.empty()) {
        ++counts.unchanged;
        continue;
      }
    }
    const int64_t expert = r.expert ? 1 : 0;
    const int64_t leader = r.leader ? 1 : 0;
    if (!found) {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("INSERT INTO inspectors(code, name, department_code, unit_code, region, "
                       "certificate_no, certificate_expiry, qualifications, expert, leader, "
                       "status, created_batch, updated_batch) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                       {std::string_view(r.code), std::string_view(r.name),
                        std::string_view(r.department_code), TextOrNullParam(r.unit_code),
                        int64_t{r.region}, std::string_view(r.certificate_no),
                        TextOrNullParam(expiry), std::string_view(qualifications), expert,
                        leader, status, batch_id, batch_id})
              .status());
      ++counts.created;
      continue;
    }
    SUNLIT_RETURN_IF_ERROR(
        conn_->Query("UPDATE inspectors SET name = $1, department_code = $2, unit_code = $3, "
                     "region = $4, certificate_no = $5, certificate_expiry = $6, "
                     "qualifications = $7, expert = $8, leader = $9, status = $10, "
                     "updated_batch = $11 WHERE id = $12",
                     {std::string_view(r.name), std::string_view(r.department_code),
                      TextOrNullParam(r.unit_code), int64_t{r.region},
                      std::string_view(r.certificate_no), TextOrNullParam(expiry),
                      std::string_view(qualifications), expert, leader, status, batch_id, id})
            .status());
    for (const FieldDiff& d : diffs) {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("INSERT INTO inspector_changes(inspector_id, batch_id, field, old_value, "
                       "new_value) VALUES ($1, $2, $3, $4, $5)",
                       {id, batch_id, d.field, std::string_view(d.old_value),
                        std::string_view(d.new_value)})
              .status());
    }
    ++counts.updated;
  }
  return counts;
}

Result<std::optional<core::Inspector>> PgTransaction::FindInspector(std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT " + std::string(kInspectorColumns) + " FROM inspectors WHERE code = $1",
                   {code}));
  if (r.rows() == 0) return std::optional<core::Inspector>();
  SUNLIT_ASSIGN_OR_RETURN(core::Inspector x, ReadInspector(r, 0));
  return std::optional<core::Inspector>(std::move(x));
}

Status PgTransaction::ScanInspectors(const std::function<bool(const core::Inspector&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  Status bad;
  SUNLIT_RETURN_IF_ERROR(Scan(
      "SELECT " + std::string(kInspectorColumns) + " FROM inspectors ORDER BY code", {}, 2000,
      false, [&](const PgResult& r, int i) {
        Result<core::Inspector> x = ReadInspector(r, i);
        if (!x.ok()) {
          bad = x.status();
          return false;
        }
        return fn(*x);
      }));
  return bad;
}

// --- items -----------------------------------------------------------------------------

Result<UpsertCounts> PgTransaction::UpsertItems(std::span<const core::InspectionItem> rows,
                                                int64_t batch_id) {
  SUNLIT_RETURN_IF_ERROR(CheckWritable());
  if (rows.empty()) return UpsertCounts{};
  SUNLIT_RETURN_IF_ERROR(CheckBatch(batch_id));
  for (const core::InspectionItem& r : rows) {
    if (r.code.empty()) return InvalidArgument("an item code is empty");
    if (!ListStorable(r.industry_prefixes) || !ListStorable(r.tags)) {
      return InvalidArgument("item " + r.code + ": a list entry is empty or has a comma");
    }
    SUNLIT_ASSIGN_OR_RETURN(PgResult known,
                            conn_->Query("SELECT 1 FROM departments WHERE code = $1",
                                         {std::string_view(r.department_code)}));
    if (known.rows() == 0) return FailedPrecondition("unknown department " + r.department_code);
  }
  const std::string find_sql = "SELECT " + std::string(kItemColumns) +
                               " FROM items WHERE department_code = $1 AND code = $2";
  UpsertCounts counts;
  for (const core::InspectionItem& r : rows) {
    const std::string object_types = ObjectTypesText(r.object_types);
    const std::string prefixes = Joined(r.industry_prefixes);
    const std::string tags = Joined(r.tags);
    const std::string_view exemption = core::WireName(r.exemption);
    const int64_t valid = r.valid ? 1 : 0;
    SUNLIT_ASSIGN_OR_RETURN(
        PgResult find,
        conn_->Query(find_sql, {std::string_view(r.department_code), std::string_view(r.code)}));
    if (find.rows() > 0) {
      const int64_t id = find.Int(0, 0);
      const bool same = find.Text(0, 3) == r.name && find.Text(0, 4) == r.legal_basis &&
                        find.Text(0, 5) == object_types && find.Text(0, 6) == prefixes &&
                        find.Text(0, 7) == tags && find.Text(0, 8) == r.method &&
                        find.Text(0, 9) == r.qualification && find.Text(0, 10) == exemption &&
                        (find.Int(0, 11) != 0) == r.valid;
      if (same) {
        ++counts.unchanged;
        continue;
      }
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("INSERT INTO item_versions(item_id, version, department_code, code, name, "
                       "legal_basis, object_types, industry_prefixes, tags, method, "
                       "qualification, exemption, valid, batch_id) "
                       "SELECT id, version, department_code, code, name, legal_basis, "
                       "object_types, industry_prefixes, tags, method, qualification, "
                       "exemption, valid, batch_id FROM items WHERE id = $1",
                       {id})
              .status());
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("UPDATE items SET name = $1, legal_basis = $2, object_types = $3, "
                       "industry_prefixes = $4, tags = $5, method = $6, qualification = $7, "
                       "exemption = $8, valid = $9, version = version + 1, batch_id = $10 "
                       "WHERE id = $11",
                       {std::string_view(r.name), std::string_view(r.legal_basis),
                        std::string_view(object_types), std::string_view(prefixes),
                        std::string_view(tags), std::string_view(r.method),
                        std::string_view(r.qualification), exemption, valid, batch_id, id})
              .status());
      ++counts.updated;
    } else {
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("INSERT INTO items(department_code, code, name, legal_basis, "
                       "object_types, industry_prefixes, tags, method, qualification, "
                       "exemption, valid, version, batch_id) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12)",
                       {std::string_view(r.department_code), std::string_view(r.code),
                        std::string_view(r.name), std::string_view(r.legal_basis),
                        std::string_view(object_types), std::string_view(prefixes),
                        std::string_view(tags), std::string_view(r.method),
                        std::string_view(r.qualification), exemption, valid, batch_id})
              .status());
      ++counts.created;
    }
  }
  return counts;
}

Status PgTransaction::ScanItems(const std::function<bool(const core::InspectionItem&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  Status bad;
  SUNLIT_RETURN_IF_ERROR(Scan("SELECT " + std::string(kItemColumns) +
                                  " FROM items ORDER BY department_code, code",
                              {}, 2000, false, [&](const PgResult& r, int i) {
                                Result<core::InspectionItem> x = ReadItem(r, i);
                                if (!x.ok()) {
                                  bad = x.status();
                                  return false;
                                }
                                return fn(*x);
                              }));
  return bad;
}

Result<std::vector<core::InspectionItem>> PgTransaction::ItemVersions(
    std::string_view department_code, std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT item_id, department_code, code, name, legal_basis, object_types, "
                   "industry_prefixes, tags, method, qualification, exemption, valid, version "
                   "FROM item_versions WHERE item_id = (SELECT id FROM items "
                   "WHERE department_code = $1 AND code = $2) "
                   "UNION ALL SELECT " +
                       std::string(kItemColumns) +
                       " FROM items WHERE department_code = $1 AND code = $2 ORDER BY 13",
                   {department_code, code}));
  std::vector<core::InspectionItem> out;
  for (int i = 0; i < r.rows(); ++i) {
    SUNLIT_ASSIGN_OR_RETURN(core::InspectionItem x, ReadItem(r, i));
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace sunlit::store::postgres
