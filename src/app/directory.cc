// Directory: loads the entity index from the store and keeps it in step with imports.
#include "app/directory.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace sunlit::app {
namespace {

// Above this share of the directory (in 1/100), an import rebuilds the index instead of
// upserting its rows one by one: a rebuild costs about as much as upserting 1 % of the rows
// and leaves the columns compact (no overlay, no tombstones).
constexpr int64_t kRebuildPercent = 1;
// Rows an import remembers for upserting even into a small or empty index.
constexpr size_t kMinRememberedRows = 10000;

}  // namespace

Result<index::EntityIndex> BuildIndex(store::Store& store, index::IndexOptions options) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
  // Reserving the columns up front avoids regrowing them (and copying) during the scan.
  SUNLIT_ASSIGN_OR_RETURN(int64_t count, tx->CountEntities());
  options.expected_rows = static_cast<size_t>(std::max<int64_t>(count, 0));
  store::Transaction* t = tx.get();
  // Rowid order, not code order: the index sorts what arrives out of order, which is much
  // cheaper than SQLite reading the table through its code index.
  return index::EntityIndex::Build(
      [t](const std::function<bool(const core::Entity&)>& fn) {
        return t->ScanEntitiesForIndex(fn);
      },
      options);
}

Directory::Directory(index::IndexOptions options)
    : options_(options), index_(std::make_shared<index::EntityIndex>(options)) {}

Status Directory::Load(store::Store& store) {
  std::lock_guard<std::mutex> writer(writer_mu_);
  SUNLIT_ASSIGN_OR_RETURN(index::EntityIndex built, BuildIndex(store, options_));
  Swap(std::make_shared<index::EntityIndex>(std::move(built)));
  return Status::Ok();
}

bool Directory::loaded() const {
  std::lock_guard<std::mutex> lock(mu_);
  return loaded_;
}

std::shared_ptr<index::EntityIndex> Directory::index() const {
  std::lock_guard<std::mutex> lock(mu_);
  return index_;
}

void Directory::Swap(std::shared_ptr<index::EntityIndex> next) {
  std::lock_guard<std::mutex> lock(mu_);
  index_ = std::move(next);
  loaded_ = true;
}

Result<ImportReport> Directory::Import(store::Store& store, ImportKind kind,
                                       const std::string& path, ImportOptions options) {
  std::lock_guard<std::mutex> writer(writer_mu_);
  if (kind != ImportKind::kEntities) return app::Import(store, kind, path, options);

  const std::shared_ptr<index::EntityIndex> current = index();
  const size_t size = current->size();
  const size_t limit = std::max(kMinRememberedRows, size * kRebuildPercent / 100);
  // The rows written, stripped to what the index keeps; dropped once there are too many.
  std::vector<core::Entity> written;
  bool overflowed = false;
  auto chained = std::move(options.on_entities_written);
  options.on_entities_written = [&](std::span<const core::Entity> chunk) {
    if (chained) chained(chunk);
    if (overflowed) return;
    if (written.size() + chunk.size() > limit) {
      overflowed = true;
      std::vector<core::Entity>().swap(written);
      return;
    }
    for (const core::Entity& e : chunk) {
      core::Entity& kept = written.emplace_back();
      kept.code = e.code;
      kept.type = e.type;
      kept.status = e.status;
      kept.region = e.region;
      kept.industry = e.industry;
      kept.tags = e.tags;
      kept.risk = e.risk;
      kept.last_inspected = e.last_inspected;
    }
  };
  // The import's own kDone is held back until the index has followed it.
  std::function<void(const ImportProgress&)> outer = std::move(options.on_progress);
  ImportProgress last;
  if (outer) {
    options.on_progress = [&](const ImportProgress& p) {
      last = p;
      if (p.phase != ImportPhase::kDone) outer(p);
    };
  }
  auto report_phase = [&](ImportPhase phase) {
    if (!outer) return;
    last.phase = phase;
    outer(last);
  };
  Result<ImportReport> report = app::Import(store, kind, path, options);
  if (!report.ok()) return report;
  const int64_t changed = report->counts.created + report->counts.updated;
  if (!report->written || changed == 0) {
    report_phase(ImportPhase::kDone);
    return report;
  }
  report_phase(ImportPhase::kIndexing);
  Status s;
  if (overflowed || static_cast<uint64_t>(changed) * 100 > size * kRebuildPercent) {
    Result<index::EntityIndex> built = BuildIndex(store, options_);
    if (built.ok()) {
      Swap(std::make_shared<index::EntityIndex>(std::move(built).value()));
    } else {
      s = built.status();
    }
  } else {
    for (const core::Entity& e : written) {
      s = current->Upsert(e);
      if (!s.ok()) break;
    }
  }
  if (!s.ok()) {
    return Internal(
        "the import was saved, but the in-memory directory could not follow it; "
        "restart to reload the directory",
        s.message() + " " + s.detail());
  }
  report_phase(ImportPhase::kDone);
  return report;
}

Status Directory::Apply(std::span<const core::Entity> changed) {
  std::lock_guard<std::mutex> writer(writer_mu_);
  const std::shared_ptr<index::EntityIndex> current = index();
  for (const core::Entity& e : changed) SUNLIT_RETURN_IF_ERROR(current->Upsert(e));
  return Status::Ok();
}

}  // namespace sunlit::app
