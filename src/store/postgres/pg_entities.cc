// PgTransaction's entity methods: the hot path of a ten-million-row import.
//
// Two write paths, chosen at the first UpsertEntities call of a transaction (as SQLite's):
// - bulk, when the table is empty: the unique index entities_code is dropped (its exact
//   definition kept from pg_get_indexdef), rows stream into one COPY … FROM STDIN in text
//   form across calls, and the index is rebuilt at Commit() with a bigger
//   maintenance_work_mem (a duplicate code fails there and rolls everything back). DROP
//   INDEX is transactional, so a rollback brings the index back. PostgreSQL sorts for the
//   index build itself, so rows are not sorted here. A call that needs the table while the
//   COPY is open (FindEntity, CountEntities, any other method) ends the COPY first; the next
//   bulk call opens a new one.
// - upsert, otherwise: codes are looked up fifty at a time, in code order; new rows are
//   inserted, changed rows updated with one entity_changes row per changed field, unchanged
//   rows left alone.
#include <algorithm>
#include <numeric>
#include <string>
#include <utility>

#include "store/postgres/pg_transaction.h"
#include "store/sqlite/codec.h"

namespace sunlit::store::postgres {
namespace {

using sqlite::AppendJoined;
using sqlite::DateStorable;
using sqlite::DecodeDate;
using sqlite::DecodeEnum;
using sqlite::FormatDate;
using sqlite::ListStorable;
using sqlite::RegionText;
using sqlite::SplitList;

constexpr size_t kMaxFieldBytes = size_t{1} << 28;
constexpr int kCodesPerLookup = 50;

constexpr std::string_view kEntityColumns =
    "id, code, name, type, status, region, industry, unit_code, tags, risk, last_inspected, "
    "address";

constexpr std::string_view kCopySql =
    "COPY entities(code, name, type, status, region, industry, unit_code, tags, risk, "
    "last_inspected, address, created_batch, updated_batch) FROM STDIN";

const std::string& LookupSql() {
  static const std::string* const sql = [] {
    auto* text = new std::string("SELECT " + std::string(kEntityColumns) +
                                 " FROM entities WHERE code IN (");
    for (int i = 0; i < kCodesPerLookup; ++i) *text += (i == 0 ? "$" : ", $") + std::to_string(i + 1);
    *text += ")";
    return text;
  }();
  return *sql;
}

// Appends `s` in COPY text form (backslash escapes for the characters COPY interprets).
void AppendCopyText(std::string_view s, std::string* out) {
  size_t from = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char* esc = nullptr;
    switch (c) {
      case '\\': esc = "\\\\"; break;
      case '\t': esc = "\\t"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      default: continue;
    }
    out->append(s, from, i - from);
    out->append(esc);
    from = i + 1;
  }
  out->append(s, from, s.size() - from);
}

void AppendCopyTextOrNull(std::string_view s, std::string* out) {
  if (s.empty()) {
    out->append("\\N");
  } else {
    AppendCopyText(s, out);
  }
}

Status ValidateEntities(std::span<const core::Entity> rows) {
  for (const core::Entity& e : rows) {
    if (e.code.empty()) return InvalidArgument("an entity code is empty");
    const auto shown = [&e] { return e.code.substr(0, 64); };
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
    // PostgreSQL text cannot hold NUL; SQLite would keep it. Refuse it on every backend's
    // terms: a clear error instead of a server error.
    for (std::string_view f : {std::string_view(e.code), std::string_view(e.name),
                               std::string_view(e.industry), std::string_view(e.unit_code),
                               std::string_view(e.address)}) {
      if (f.find('\0') != std::string_view::npos) {
        return InvalidArgument("entity " + shown() + ": a field contains a NUL character");
      }
    }
  }
  return Status::Ok();
}

Result<core::Entity> ReadEntity(const PgResult& r, int i) {
  core::Entity e;
  e.id = r.Int(i, 0);
  e.code = r.Text(i, 1);
  e.name = r.Text(i, 2);
  if (!DecodeEnum(r.Text(i, 3), &e.type) || !DecodeEnum(r.Text(i, 4), &e.status) ||
      !DecodeEnum(r.Text(i, 9), &e.risk)) {
    return DataLoss("stored data is damaged", "entity " + e.code + ": bad enumeration value");
  }
  e.region = static_cast<int32_t>(r.Int(i, 5));
  e.industry = r.Text(i, 6);
  e.unit_code = r.Text(i, 7);
  e.tags = SplitList(r.Text(i, 8));
  if (!r.IsNull(i, 10)) {
    core::Date d;
    if (!DecodeDate(r.Text(i, 10), &d)) {
      return DataLoss("stored data is damaged", "entity " + e.code + ": bad last_inspected");
    }
    e.last_inspected = d;
  }
  e.address = r.Text(i, 11);
  return e;
}

struct EntityDiff {
  std::string_view field;
  std::string old_value;
  std::string new_value;
};

}  // namespace

Status PgTransaction::EndCopy() {
  if (!conn_ || !conn_->copying()) return Status::Ok();
  Status s = conn_->CopyPut(copy_buffer_);
  copy_buffer_.clear();
  Status end = conn_->CopyEnd();
  if (s.ok()) s = end;
  // Rows already reported as created are lost: the transaction can only roll back now.
  if (!s.ok() && broken_.ok()) broken_ = s;
  return s;
}

Result<UpsertCounts> PgTransaction::UpsertEntities(std::span<const core::Entity> rows,
                                                   int64_t batch_id) {
  // Not CheckWritable(): that would end the COPY this call may continue.
  if (finished_) return FailedPrecondition("the transaction is already finished");
  if (copy_out_) {
    return FailedPrecondition("the transaction cannot be used while it streams the index scan");
  }
  if (!writable_) return FailedPrecondition("the transaction is read-only");
  if (rows.empty()) return UpsertCounts{};
  SUNLIT_RETURN_IF_ERROR(ValidateEntities(rows));
  if (!conn_->copying()) {
    SUNLIT_RETURN_IF_ERROR(CheckBatch(batch_id));
    SUNLIT_RETURN_IF_ERROR(DecideEntityMode());
  } else if (batch_id != copy_batch_) {
    SUNLIT_RETURN_IF_ERROR(EndCopy());
    SUNLIT_RETURN_IF_ERROR(CheckBatch(batch_id));
  }
  if (entity_mode_ == EntityMode::kUpsert) return UpsertEntitiesByCode(rows, batch_id);
  SUNLIT_RETURN_IF_ERROR(CopyEntities(rows, batch_id));
  UpsertCounts counts;
  counts.created = static_cast<int64_t>(rows.size());
  return counts;
}

Status PgTransaction::DecideEntityMode() {
  if (entity_mode_ != EntityMode::kUndecided) return Status::Ok();
  SUNLIT_ASSIGN_OR_RETURN(int64_t any,
                          conn_->QueryInt("SELECT EXISTS (SELECT 1 FROM entities)::int", {}, 0));
  if (any != 0) {
    entity_mode_ = EntityMode::kUpsert;
    return Status::Ok();
  }
  // Keep the index's exact definition to recreate it, whatever migration last shaped it.
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult def,
      conn_->Query("SELECT pg_get_indexdef(c.oid) FROM pg_class c "
                   "WHERE c.relname = 'entities_code' AND c.relkind = 'i' "
                   "AND pg_table_is_visible(c.oid)",
                   {}));
  if (def.rows() != 1 || def.IsNull(0, 0)) {
    return Internal("database error", "index entities_code is missing");
  }
  code_index_sql_ = std::string(def.Text(0, 0));
  SUNLIT_RETURN_IF_ERROR(conn_->Exec("DROP INDEX entities_code"));
  entity_mode_ = EntityMode::kBulk;
  return Status::Ok();
}

Status PgTransaction::CopyEntities(std::span<const core::Entity> rows, int64_t batch_id) {
  if (!conn_->copying()) {
    SUNLIT_RETURN_IF_ERROR(conn_->CopyBegin(kCopySql));
    copy_batch_ = batch_id;
  }
  const std::string batch = std::to_string(batch_id);
  const size_t chunk = std::max<size_t>(pool_->options().copy_chunk_bytes, 4096);
  std::string& out = copy_buffer_;
  std::string tags;
  for (const core::Entity& e : rows) {
    AppendCopyText(e.code, &out);
    out.push_back('\t');
    AppendCopyText(e.name, &out);
    out.push_back('\t');
    out.append(core::WireName(e.type));
    out.push_back('\t');
    out.append(core::WireName(e.status));
    out.push_back('\t');
    out.append(std::to_string(e.region));
    out.push_back('\t');
    AppendCopyText(e.industry, &out);
    out.push_back('\t');
    AppendCopyTextOrNull(e.unit_code, &out);
    out.push_back('\t');
    tags.clear();
    AppendJoined(e.tags, &tags);
    AppendCopyText(tags, &out);
    out.push_back('\t');
    out.append(core::WireName(e.risk));
    out.push_back('\t');
    if (e.last_inspected.has_value()) {
      char date[10];
      FormatDate(*e.last_inspected, date);
      out.append(date, sizeof date);
    } else {
      out.append("\\N");
    }
    out.push_back('\t');
    AppendCopyText(e.address, &out);
    out.push_back('\t');
    out.append(batch);
    out.push_back('\t');
    out.append(batch);
    out.push_back('\n');
    if (out.size() >= chunk) {
      Status s = conn_->CopyPut(out);
      out.clear();
      if (!s.ok()) {
        if (broken_.ok()) broken_ = s;
        return s;
      }
    }
  }
  return Status::Ok();
}

Status PgTransaction::FinishBulk() {
  SUNLIT_RETURN_IF_ERROR(EndCopy());
  SUNLIT_RETURN_IF_ERROR(conn_->Exec("SET LOCAL maintenance_work_mem = '" +
                                     pool_->options().index_build_memory + "'"));
  Status s = conn_->Exec(code_index_sql_);
  if (s.code() == StatusCode::kAlreadyExists || s.code() == StatusCode::kFailedPrecondition) {
    return InvalidArgument("the same entity code was imported twice", s.detail());
  }
  SUNLIT_RETURN_IF_ERROR(s);
  // Fresh statistics, so that the first queries on a freshly loaded directory plan well.
  SUNLIT_RETURN_IF_ERROR(conn_->Exec("ANALYZE entities"));
  entity_mode_ = EntityMode::kUpsert;
  return Status::Ok();
}

Result<UpsertCounts> PgTransaction::UpsertEntitiesByCode(std::span<const core::Entity> rows,
                                                         int64_t batch_id) {
  std::vector<uint32_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&rows](uint32_t a, uint32_t b) { return rows[a].code < rows[b].code; });
  for (size_t i = 1; i < order.size(); ++i) {
    if (rows[order[i - 1]].code == rows[order[i]].code) {
      return InvalidArgument("entity code " + rows[order[i]].code.substr(0, 64) +
                             " appears twice in the same call");
    }
  }
  struct Slot {
    const core::Entity* e = nullptr;
    std::string tags;
    std::string date;
    bool found = false;
    int64_t id = 0;
    std::vector<EntityDiff> diffs;
  };
  std::vector<Slot> slots(kCodesPerLookup);
  std::vector<SqlParam> codes(kCodesPerLookup);
  UpsertCounts counts;
  for (size_t first = 0; first < order.size(); first += kCodesPerLookup) {
    const size_t n = std::min<size_t>(kCodesPerLookup, order.size() - first);
    for (size_t k = 0; k < n; ++k) {
      Slot& slot = slots[k];
      slot.e = &rows[order[first + k]];
      slot.tags.clear();
      AppendJoined(slot.e->tags, &slot.tags);
      slot.date.clear();
      if (slot.e->last_inspected.has_value()) {
        char date[10];
        FormatDate(*slot.e->last_inspected, date);
        slot.date.assign(date, sizeof date);
      }
      slot.found = false;
      slot.id = 0;
      slot.diffs.clear();
    }
    // Unused parameters repeat the last code; IN ignores the repetition.
    for (size_t k = 0; k < static_cast<size_t>(kCodesPerLookup); ++k) {
      codes[k] = std::string_view(slots[std::min(k, n - 1)].e->code);
    }
    SUNLIT_ASSIGN_OR_RETURN(PgResult found, conn_->Query(LookupSql(), codes));
    const auto end = slots.begin() + static_cast<std::ptrdiff_t>(n);
    for (int i = 0; i < found.rows(); ++i) {
      const std::string_view code = found.Text(i, 1);
      auto it = std::lower_bound(slots.begin(), end, code, [](const Slot& s, std::string_view c) {
        return std::string_view(s.e->code) < c;
      });
      if (it == end || it->e->code != code) continue;
      Slot& slot = *it;
      const core::Entity& e = *slot.e;
      slot.found = true;
      slot.id = found.Int(i, 0);
      const auto compare = [&](std::string_view field, int column, std::string_view now) {
        const std::string_view before = found.Text(i, column);  // NULL reads as ""
        if (before != now) slot.diffs.push_back({field, std::string(before), std::string(now)});
      };
      compare("name", 2, e.name);
      compare("type", 3, core::WireName(e.type));
      compare("status", 4, core::WireName(e.status));
      if (found.Int(i, 5) != e.region) {
        slot.diffs.push_back({"region", RegionText(found.Int(i, 5)), RegionText(e.region)});
      }
      compare("industry", 6, e.industry);
      compare("unit", 7, e.unit_code);
      compare("tags", 8, slot.tags);
      compare("risk", 9, core::WireName(e.risk));
      compare("last_inspected", 10, slot.date);
      compare("address", 11, e.address);
    }
    for (size_t k = 0; k < n; ++k) {
      const Slot& slot = slots[k];
      const core::Entity& e = *slot.e;
      const auto text_or_null = [](std::string_view s) {
        return s.empty() ? SqlParam(nullptr) : SqlParam(s);
      };
      if (!slot.found) {
        SUNLIT_RETURN_IF_ERROR(
            conn_->Query("INSERT INTO entities(code, name, type, status, region, industry, "
                         "unit_code, tags, risk, last_inspected, address, created_batch, "
                         "updated_batch) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                         "$12, $13)",
                         {std::string_view(e.code), std::string_view(e.name),
                          core::WireName(e.type), core::WireName(e.status), int64_t{e.region},
                          std::string_view(e.industry), text_or_null(e.unit_code),
                          std::string_view(slot.tags), core::WireName(e.risk),
                          text_or_null(slot.date), std::string_view(e.address), batch_id,
                          batch_id})
                .status());
        ++counts.created;
        continue;
      }
      if (slot.diffs.empty()) {
        ++counts.unchanged;
        continue;
      }
      SUNLIT_RETURN_IF_ERROR(
          conn_->Query("UPDATE entities SET name = $1, type = $2, status = $3, region = $4, "
                       "industry = $5, unit_code = $6, tags = $7, risk = $8, "
                       "last_inspected = $9, address = $10, updated_batch = $11 WHERE id = $12",
                       {std::string_view(e.name), core::WireName(e.type),
                        core::WireName(e.status), int64_t{e.region},
                        std::string_view(e.industry), text_or_null(e.unit_code),
                        std::string_view(slot.tags), core::WireName(e.risk),
                        text_or_null(slot.date), std::string_view(e.address), batch_id, slot.id})
              .status());
      for (const EntityDiff& d : slot.diffs) {
        SUNLIT_RETURN_IF_ERROR(
            conn_->Query("INSERT INTO entity_changes(entity_id, batch_id, field, old_value, "
                         "new_value) VALUES ($1, $2, $3, $4, $5)",
                         {slot.id, batch_id, d.field, std::string_view(d.old_value),
                          std::string_view(d.new_value)})
                .status());
      }
      ++counts.updated;
    }
  }
  return counts;
}

Result<std::optional<core::Entity>> PgTransaction::FindEntity(std::string_view code) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  SUNLIT_ASSIGN_OR_RETURN(
      PgResult r,
      conn_->Query("SELECT " + std::string(kEntityColumns) + " FROM entities WHERE code = $1",
                   {code}));
  if (r.rows() == 0) return std::optional<core::Entity>();
  SUNLIT_ASSIGN_OR_RETURN(core::Entity e, ReadEntity(r, 0));
  return std::optional<core::Entity>(std::move(e));
}

Result<int64_t> PgTransaction::CountEntities() {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  return conn_->QueryInt("SELECT COUNT(*) FROM entities", {}, 0);
}

Status PgTransaction::ScanEntities(const std::function<bool(const core::Entity&)>& fn) {
  SUNLIT_RETURN_IF_ERROR(CheckOpen());
  Status bad;
  SUNLIT_RETURN_IF_ERROR(Scan("SELECT " + std::string(kEntityColumns) +
                                  " FROM entities ORDER BY code",
                              {}, 5000, false, [&](const PgResult& r, int i) {
                                Result<core::Entity> e = ReadEntity(r, i);
                                if (!e.ok()) {
                                  bad = e.status();
                                  return false;
                                }
                                return fn(*e);
                              }));
  return bad;
}

}  // namespace sunlit::store::postgres
