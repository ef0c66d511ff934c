// Directory: the in-memory entity index (index::EntityIndex) of a store, from which draw
// pools are built, kept in step with the changes made through it.
//
// Load() builds the index from the store at start (a rowid-order scan of the indexed fields:
// about 10 s for 10 million entities; see ScanEntitiesForIndex). Import() runs app::Import
// and, once an entity import has committed, upserts the rows it wrote into the index, or
// rebuilds the index from the store when more than 1 % of the directory changed (or the
// import was too big to remember its rows). A rebuild builds a new index while the old one
// keeps serving, then swaps it in.
//
// Changes made to the store behind the Directory's back (another process, a raw import) are
// not seen until the next Load().
//
// Thread safety: every method may be called concurrently. Readers hold the index they got
// from index() for as long as they need it (a swap does not disturb them); changes through
// the Directory are serialised among themselves.
#ifndef SUNLIT_APP_DIRECTORY_H_
#define SUNLIT_APP_DIRECTORY_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "app/import.h"
#include "core/directory.h"
#include "core/result.h"
#include "index/entity_index.h"
#include "store/store.h"

namespace sunlit::app {

class Directory {
 public:
  // `options` are used for every index built (expected_rows is set from the store).
  explicit Directory(index::IndexOptions options = {});
  Directory(const Directory&) = delete;
  Directory& operator=(const Directory&) = delete;

  // Builds the index from every entity in `store` and makes it current. On error the
  // previous index (empty before the first Load) stays current. Errors: the store's;
  // EntityIndex::Build's for a directory the index cannot hold.
  Status Load(store::Store& store);
  // True once a Load has succeeded.
  bool loaded() const;

  // The current index (empty until Load). Never null.
  std::shared_ptr<index::EntityIndex> index() const;

  // app::Import(store, kind, path, options), then, when an entity import was written, the
  // index is brought in step with it. The index update follows the commit: a pool built
  // meanwhile may miss the import's last changes. An error updating the index after a
  // committed import is returned as kInternal "…; restart to reload the directory" (the
  // store is fine; the index is stale). options.on_progress reports kIndexing while the
  // index follows a written entity import, and kDone only after it.
  Result<ImportReport> Import(store::Store& store, ImportKind kind, const std::string& path,
                              ImportOptions options);

  // Applies entities changed in the store by another use case: each is upserted. For tests
  // and future edit use cases.
  Status Apply(std::span<const core::Entity> changed);

 private:
  void Swap(std::shared_ptr<index::EntityIndex> next);

  const index::IndexOptions options_;
  std::mutex writer_mu_;   // serialises Load, Import and Apply
  mutable std::mutex mu_;  // guards index_ and loaded_
  std::shared_ptr<index::EntityIndex> index_;
  bool loaded_ = false;
};

// Builds an index of every entity in `store` (what Directory::Load uses).
Result<index::EntityIndex> BuildIndex(store::Store& store, index::IndexOptions options = {});

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DIRECTORY_H_
