#include "app/pool_preview.h"

#include <memory>

#include "app/task_internal.h"
#include "core/status.h"

namespace sunlit::app {

Result<PoolPreview> PreviewPool(Services& s, const Caller& caller,
                                const PoolPreviewRequest& request) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kTaskWrite));
  if (request.cooldown_days < 0) return InvalidArgument("cool-down days must not be negative");
  if (request.exclude_codes.size() > kMaxExcludedCodes) {
    return InvalidArgument("at most 10000 codes can be excluded by name");
  }
  for (const std::string& code : request.exclude_codes) {
    if (code.size() != 18) {
      return InvalidArgument("excluded code \"" + code.substr(0, 40) + "\" is not 18 characters");
    }
  }
  const core::Date today = internal::Today(*s.clock);
  index::PoolFilter filter;
  filter.region_prefixes = request.scope.region_prefixes;
  filter.industry_prefixes = request.scope.industry_prefixes;
  filter.types = request.scope.types;
  filter.tags_any = request.scope.tags_any;
  filter.statuses = request.scope.statuses;
  if (filter.statuses.empty()) filter.statuses = {core::RegistrationStatus::kActive};
  filter.risks = request.scope.risks;
  if (request.cooldown_days > 0) {
    filter.exclude_inspected_since = today.AddDays(-request.cooldown_days);
  }
  index::CodeSet drawn;
  if (request.annual_cap) {
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(std::vector<std::string> codes,
                            tx->CodesDrawnInYear(today.year(), ""));
    SUNLIT_ASSIGN_OR_RETURN(drawn, index::CodeSet::FromStrings(codes));
    filter.exclude_drawn = &drawn;
  }
  filter.exclude_codes = request.exclude_codes;
  const std::shared_ptr<index::EntityIndex> directory = s.directory->index();
  SUNLIT_ASSIGN_OR_RETURN(index::Pool pool, directory->BuildPool(filter, request.stratify));
  PoolPreview out;
  out.size = static_cast<int64_t>(pool.members.size());
  for (size_t i = 0; i < pool.labels.size() && i < pool.stratum_sizes.size(); ++i) {
    out.strata.emplace_back(pool.labels[i], pool.stratum_sizes[i]);
  }
  out.excluded = pool.excluded;
  out.directory_size = static_cast<int64_t>(directory->size());
  out.as_of = today.ToString();
  out.tags = directory->Tags();
  return out;
}

}  // namespace sunlit::app
