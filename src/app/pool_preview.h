// Pool preview: how many entities a draft task's scope would put in its pool today, per
// stratum, and how many the exclusions (cool-down, annual cap, codes by name) would leave out
// — the live count of the task wizard's scope, quota and exclusion steps. Every filter of the
// task scope counts: regions, industries, entity types, regulatory tags (any of), registration
// statuses (none given = active only, as a task stores it) and risk classes.
//
// It builds the pool exactly as DrawService::Freeze does (index::PoolFilter over the
// in-memory directory, the same cool-down day in China and the same annual-cap codes from
// the store), but stores, logs and commits nothing, and has no randomness: it is a count,
// not a draw. The 一业一查 cap (one joint industry check per entity and year) is not applied
// here; it depends on the task and is counted at freeze.
//
// Errors: kPermissionDenied / kUnauthenticated without task.write; kInvalidArgument for an
// unknown region or industry prefix, an excluded code that is not 18 bytes, more than
// kMaxExcludedCodes codes, a negative cool-down; the store's errors.
//
// Thread safety: may be called concurrently (reads the current directory index and one
// read transaction).
#ifndef SUNLIT_APP_POOL_PREVIEW_H_
#define SUNLIT_APP_POOL_PREVIEW_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/caller.h"
#include "app/draw_service.h"
#include "app/services.h"
#include "core/result.h"
#include "index/entity_index.h"

namespace sunlit::app {

struct PoolPreviewRequest {
  PoolScope scope;
  index::Stratify stratify = index::Stratify::kNone;
  int32_t cooldown_days = 0;  // 0 = no cool-down
  bool annual_cap = false;
  std::vector<std::string> exclude_codes;
};

struct PoolPreview {
  int64_t size = 0;  // members of the pool
  // Members per stratum label ("" without stratification; "A"…"D", "U" by risk class),
  // sorted by label; only labels that occur.
  std::vector<std::pair<std::string, int64_t>> strata;
  index::ExclusionCounts excluded;
  int64_t directory_size = 0;  // live entities in the directory
  std::string as_of;           // the China date the cool-down and annual cap were counted on
  // The regulatory tags the directory knows (EntityIndex::Tags, sorted): the values
  // scope.tags_any can match, for the wizard to offer.
  std::vector<std::string> tags;
};

Result<PoolPreview> PreviewPool(Services& s, const Caller& caller,
                                const PoolPreviewRequest& request);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_POOL_PREVIEW_H_
