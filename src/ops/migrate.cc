// Migrate: the generic copy. Rows are buffered (owned copies: a SqlRow is valid only inside
// its callback) and written as multi-row INSERTs from inside the source query's callback —
// the two stores use different connections, so the source cursor stays open meanwhile.
#include "ops/migrate.h"

#include <algorithm>

#include "draw/sha256.h"
#include "ledger/ledger.h"
#include "store/catalog.h"

namespace sunlit::ops {
namespace {

struct Cell {
  bool null = true;
  int64_t i = 0;
  std::string s;
};

class BatchInserter {
 public:
  BatchInserter(store::Sql& sql, const store::TableInfo& target, store::Dialect dialect,
                size_t batch_rows)
      : sql_(sql), table_(target), dialect_(dialect), batch_rows_(batch_rows),
        cells_(batch_rows * target.columns.size()) {
    full_statement_ = store::InsertStatement(table_, dialect_, batch_rows_);
  }

  Status Add(const store::SqlRow& row, const store::TableInfo& source) {
    const size_t ncols = source.columns.size();
    Cell* out = &cells_[rows_ * ncols];
    for (size_t c = 0; c < ncols; ++c) {
      const int ci = static_cast<int>(c);
      out[c].null = row.IsNull(ci);
      if (out[c].null) continue;
      switch (source.columns[c].kind) {
        case store::ValueKind::kInteger:
          out[c].i = row.Int(ci);
          break;
        case store::ValueKind::kText:
          out[c].s.assign(row.Text(ci));
          break;
        case store::ValueKind::kBlob:
          out[c].s.assign(row.Blob(ci));
          break;
      }
    }
    if (++rows_ == batch_rows_) return Flush();
    return Status::Ok();
  }

  Status Flush() {
    if (rows_ == 0) return Status::Ok();
    const size_t ncols = table_.columns.size();
    params_.clear();
    params_.reserve(rows_ * ncols);
    for (size_t r = 0; r < rows_; ++r) {
      for (size_t c = 0; c < ncols; ++c) {
        const Cell& cell = cells_[r * ncols + c];
        if (cell.null) {
          params_.emplace_back(nullptr);
        } else if (table_.columns[c].kind == store::ValueKind::kInteger) {
          params_.emplace_back(cell.i);
        } else if (table_.columns[c].kind == store::ValueKind::kBlob) {
          params_.emplace_back(store::SqlBlob{cell.s});
        } else {
          params_.emplace_back(std::string_view(cell.s));
        }
      }
    }
    const std::string partial =
        rows_ == batch_rows_ ? std::string() : store::InsertStatement(table_, dialect_, rows_);
    Result<int64_t> n = sql_.Exec(rows_ == batch_rows_ ? full_statement_ : partial,
                                  store::Sql::Params(params_.data(), params_.size()));
    if (!n.ok()) {
      return Status(n.status().code(),
                    "copying table " + table_.name + " failed: " + n.status().message(),
                    n.status().detail());
    }
    rows_ = 0;
    return Status::Ok();
  }

 private:
  store::Sql& sql_;
  const store::TableInfo& table_;
  store::Dialect dialect_;
  size_t batch_rows_;
  std::vector<Cell> cells_;
  std::vector<store::SqlParam> params_;
  std::string full_statement_;
  size_t rows_ = 0;
};

std::vector<std::string> ColumnNames(const store::TableInfo& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.name);
  return out;
}

// The same tables with the same columns in the same order (types may be named differently
// per engine but must read as the same kind).
Status SameSchema(const std::vector<store::TableInfo>& a, const std::vector<store::TableInfo>& b) {
  if (a.size() != b.size()) {
    return FailedPrecondition("the two databases have different tables (" +
                              std::to_string(a.size()) + " vs " + std::to_string(b.size()) + ")");
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || ColumnNames(a[i]) != ColumnNames(b[i])) {
      return FailedPrecondition("the two databases' schemas differ at table " + a[i].name);
    }
    for (size_t c = 0; c < a[i].columns.size(); ++c) {
      if (a[i].columns[c].kind != b[i].columns[c].kind) {
        return FailedPrecondition("the two databases' schemas differ at " + a[i].name + "." +
                                  a[i].columns[c].name);
      }
    }
  }
  return Status::Ok();
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

Result<std::pair<int64_t, std::string>> LedgerHead(store::Transaction& tx) {
  SUNLIT_ASSIGN_OR_RETURN(const int64_t size, tx.LedgerSize());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::LedgerCheckpointRow> cp,
                          tx.LatestLedgerCheckpoint());
  if (!cp.has_value()) {
    if (size > 0) return DataLoss("the transparency log has events but no checkpoint");
    return std::make_pair(int64_t{0}, draw::ToHex(draw::Sha256Of("")));
  }
  if (cp->size != size) {
    return DataLoss("the transparency log's latest checkpoint does not cover every event");
  }
  const std::string& root = cp->root;
  return std::make_pair(size, draw::ToHex(std::span<const uint8_t>(
                                  reinterpret_cast<const uint8_t*>(root.data()), root.size())));
}

Result<MigrateReport> Migrate(store::Store& from, store::Store& to, const MigrateOptions& options) {
  SUNLIT_ASSIGN_OR_RETURN(const store::Dialect from_dialect, store::DialectOf(from));
  SUNLIT_ASSIGN_OR_RETURN(const store::Dialect to_dialect, store::DialectOf(to));
  if (from.SchemaVersion() != to.SchemaVersion()) {
    return FailedPrecondition("the two databases have different schema versions (" +
                              std::to_string(from.SchemaVersion()) + " and " +
                              std::to_string(to.SchemaVersion()) + ")");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> src, from.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::TableInfo> tables,
                          store::ListTables(src->sql(), from_dialect));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> dst, to.Begin());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::TableInfo> target_tables,
                          store::ListTables(dst->sql(), to_dialect));
  SUNLIT_RETURN_IF_ERROR(SameSchema(tables, target_tables));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<std::string> busy, NonEmptyTables(*dst, target_tables));
  if (!busy.empty()) {
    return FailedPrecondition("the target database is not empty (" + Join(busy) +
                              "); migrate only into a new, empty database");
  }
  SUNLIT_ASSIGN_OR_RETURN(const auto head, LedgerHead(*src));

  // The standard roles that opening the target may have seeded are replaced by the source's.
  SUNLIT_RETURN_IF_ERROR(dst->sql()
                             .Exec("DELETE FROM role_grants WHERE role_code IN "
                                   "(SELECT code FROM roles WHERE builtin = 1)")
                             .status());
  SUNLIT_RETURN_IF_ERROR(dst->sql().Exec("DELETE FROM roles WHERE builtin = 1").status());
  SUNLIT_ASSIGN_OR_RETURN(store::SuspendedTriggers triggers,
                          store::SuspendTriggers(dst->sql(), to_dialect, target_tables));

  MigrateReport report;
  for (size_t t = 0; t < tables.size(); ++t) {
    const store::TableInfo& source = tables[t];
    const store::TableInfo& target = target_tables[t];
    SUNLIT_ASSIGN_OR_RETURN(
        std::optional<int64_t> total,
        src->sql().QueryInt("SELECT count(*) FROM " + store::QuoteIdentifier(source.name)));
    const int64_t n_total = total.value_or(0);
    if (options.progress) options.progress(source.name, 0, n_total);
    const size_t ncols = std::max<size_t>(1, source.columns.size());
    const size_t batch = static_cast<size_t>(std::clamp<int64_t>(
        std::min<int64_t>(options.batch_rows, static_cast<int64_t>(30000 / ncols)), 1, 100000));
    BatchInserter inserter(dst->sql(), target, to_dialect, batch);
    RowHasher hasher;  // the digest, when the copy is in key order
    Status copy_status;
    SUNLIT_RETURN_IF_ERROR(src->sql().Query(
        store::InsertionOrderedSelect(source, from_dialect), {}, [&](const store::SqlRow& row) {
          hasher.AddRow(row, source);
          copy_status = inserter.Add(row, source);
          if (!copy_status.ok()) return false;
          if (options.progress && options.progress_every > 0 &&
              hasher.rows() % options.progress_every == 0) {
            options.progress(source.name, hasher.rows(), n_total);
          }
          return true;
        }));
    SUNLIT_RETURN_IF_ERROR(copy_status);
    SUNLIT_RETURN_IF_ERROR(inserter.Flush());
    if (options.progress) options.progress(source.name, hasher.rows(), n_total);
    if (source.insertion_order.empty()) {
      report.tables.push_back(hasher.Finish(source.name));
    } else {
      // Copied in insertion order (so the target keeps it); the digest is defined in key
      // order: a second scan of the same snapshot (small tables: their keys are not ids).
      SUNLIT_ASSIGN_OR_RETURN(std::vector<TableDigest> digest,
                              DigestTables(*src, from_dialect, {source}));
      report.tables.push_back(std::move(digest.front()));
    }
  }
  SUNLIT_RETURN_IF_ERROR(store::RestoreTriggers(dst->sql(), to_dialect, triggers));
  SUNLIT_RETURN_IF_ERROR(store::AdvanceSequences(dst->sql(), to_dialect, target_tables));
  SUNLIT_RETURN_IF_ERROR(dst->Commit());
  dst.reset();
  src.reset();
  report.ledger_size = head.first;
  report.ledger_root = head.second;

  // Verification, on what the target now holds.
  {
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> check, to.BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(std::vector<TableDigest> copied,
                            DigestTables(*check, to_dialect, target_tables));
    const std::vector<std::string> diff = CompareDigests(report.tables, copied);
    if (!diff.empty()) {
      return DataLoss("the copy differs from the source: " + Join(diff));
    }
  }
  Result<ledger::Checkpoint> verified = ledger::Ledger::Verify(to);
  if (!verified.ok()) {
    return DataLoss("the copied transparency log does not verify: " + verified.status().message());
  }
  const std::string root = draw::ToHex(verified->root);
  if (verified->size != report.ledger_size || root != report.ledger_root) {
    return DataLoss("the copied transparency log (" + std::to_string(verified->size) + " events, " +
                    root + ") differs from the source's (" + std::to_string(report.ledger_size) +
                    " events, " + report.ledger_root + ")");
  }
  return report;
}

}  // namespace sunlit::ops
