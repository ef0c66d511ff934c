// Draw record verification: recompute everything, report the first field that differs.
#include "draw/verify.h"

#include <map>
#include <string>
#include <vector>

namespace sunlit::draw {
namespace {

// Record fields may hold anything; messages show printable ASCII only.
std::string Printable(std::string_view s) {
  std::string out(s.substr(0, 100));
  for (char& c : out) {
    if (c < 0x20 || c > 0x7E) c = '?';
  }
  return out;
}

std::string LabelName(const std::string& label) {
  return label.empty() ? std::string("(unstratified)") : Printable(label);
}

std::string StrataText(const std::vector<StratumSize>& strata) {
  std::string s = "[";
  for (size_t i = 0; i < strata.size(); ++i) {
    if (i > 0) s += ' ';
    s += LabelName(strata[i].label) + ":" + std::to_string(strata[i].size);
  }
  return s + "]";
}

std::string_view RoleName(EntryRole role) {
  return role == EntryRole::kSelected ? "selected" : "alternate";
}

// Entries grouped by (stratum, role), each group in the order given.
using Groups = std::map<std::pair<std::string, EntryRole>, std::vector<const DrawEntry*>>;

Groups GroupEntries(const std::vector<DrawEntry>& entries) {
  Groups groups;
  for (const DrawEntry& e : entries) groups[{e.stratum, e.role}].push_back(&e);
  return groups;
}

// The first entry of `role` that differs between the groups, stratum by stratum.
Status CompareRole(const Groups& record, const Groups& expected, EntryRole role) {
  for (const auto& [key, want] : expected) {
    if (key.second != role) continue;
    const auto it = record.find(key);
    if (it == record.end()) continue;
    const std::vector<const DrawEntry*>& have = it->second;
    for (size_t i = 0; i < want.size() && i < have.size(); ++i) {
      if (have[i]->code == want[i]->code && have[i]->rank == want[i]->rank) continue;
      return InvalidArgument(std::string(RoleName(role)) + " entry " + std::to_string(i + 1) +
                             " of stratum " + LabelName(key.first) + ": record has " +
                             Printable(have[i]->code) + " rank " + ToHex(have[i]->rank) +
                             ", recomputed " + want[i]->code + " rank " + ToHex(want[i]->rank));
    }
  }
  return Status::Ok();
}

Status CompareCounts(const Groups& record, const Groups& expected) {
  std::map<std::pair<std::string, EntryRole>, std::pair<size_t, size_t>> counts;
  for (const auto& [key, v] : record) counts[key].first = v.size();
  for (const auto& [key, v] : expected) counts[key].second = v.size();
  for (const EntryRole role : {EntryRole::kSelected, EntryRole::kAlternate}) {
    for (const auto& [key, c] : counts) {
      if (key.second != role || c.first == c.second) continue;
      return InvalidArgument("stratum " + LabelName(key.first) + ": record has " +
                             std::to_string(c.first) + " " + std::string(RoleName(role)) +
                             " entries, recomputed " + std::to_string(c.second));
    }
  }
  return Status::Ok();
}

}  // namespace

Status VerifyRecord(const DrawRecord& record, const PoolView& pool, int threads) {
  if (record.protocol != kProtocolV1) {
    return InvalidArgument("protocol mismatch: record has '" + Printable(record.protocol) +
                           "', this verifier implements '" + std::string(kProtocolV1) + "'");
  }
  Result<PoolSummary> summary = SummarisePool(pool, threads);
  if (!summary.ok()) return summary.status();
  if (record.pool_size != summary->size) {
    return InvalidArgument("pool size mismatch: record has " + std::to_string(record.pool_size) +
                           ", pool gives " + std::to_string(summary->size));
  }
  if (record.pool_root != summary->root) {
    return InvalidArgument("pool root mismatch: record has " + ToHex(record.pool_root) +
                           ", pool gives " + ToHex(summary->root));
  }
  if (record.strata != summary->strata) {
    return InvalidArgument("stratum sizes mismatch: record has " + StrataText(record.strata) +
                           ", pool gives " + StrataText(summary->strata));
  }
  Result<ParsedParams> params = ParseParamsString(record.params);
  if (!params.ok()) return params.status();
  Result<Sources> sources = ParseRandomnessString(record.randomness);
  if (!sources.ok()) return sources.status();
  if (Commitment(record.secret) != record.commitment) {
    return InvalidArgument("secret does not match the commitment");
  }
  const Digest seed =
      Seed(record.draw_id, summary->root, record.params, record.randomness, record.secret);
  if (seed != record.seed) {
    return InvalidArgument("seed mismatch: record has " + ToHex(record.seed) + ", recomputed " +
                           ToHex(seed));
  }
  const std::vector<DrawEntry> expected =
      SelectEntries(pool, *summary, params->quotas, params->reserve, seed, threads);
  if (record.entries == expected) return Status::Ok();

  const Groups have = GroupEntries(record.entries);
  const Groups want = GroupEntries(expected);
  SUNLIT_RETURN_IF_ERROR(CompareRole(have, want, EntryRole::kSelected));
  SUNLIT_RETURN_IF_ERROR(CompareRole(have, want, EntryRole::kAlternate));
  SUNLIT_RETURN_IF_ERROR(CompareCounts(have, want));
  return InvalidArgument(
      "entries are not in the protocol's order (strata by label; selected, then alternates, "
      "by ascending rank)");
}

Status VerifyRecord(const DrawRecord& record, std::span<const Candidate> candidates) {
  if (record.protocol != kProtocolV1) {
    return InvalidArgument("protocol mismatch: record has '" + Printable(record.protocol) +
                           "', this verifier implements '" + std::string(kProtocolV1) + "'");
  }
  Result<CompactPool> pool = MakeCompactPool(candidates);
  if (!pool.ok()) return pool.status();
  return VerifyRecord(record, pool->view());
}

}  // namespace sunlit::draw
