// DrawService: freeze, randomness, draw, alternates and re-draws of a task in the store, each
// one transaction with its ledger events. nlohmann/json and its exceptions stay in this file.
#include "app/draw_service.h"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "core/crash_point.h"
#include "draw/record_json.h"
#include "draw/sha256.h"

namespace sunlit::app {
namespace {

using Json = nlohmann::json;

constexpr size_t kMemberBytes = 19;
static_assert(sizeof(index::PoolMember) == kMemberBytes, "PoolMember is the snapshot layout");
static_assert(sizeof(draw::PoolEntry) == kMemberBytes, "PoolEntry is the snapshot layout");
constexpr size_t kMaxDrawIdBytes = 100;
constexpr size_t kMaxTextBytes = 500;  // source names, issues, reasons, actors

// ---- time -----------------------------------------------------------------------------

bool Digits(std::string_view s, size_t from, size_t n, int* out) {
  int v = 0;
  for (size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// ---- validation -----------------------------------------------------------------------

bool HasControlCharacter(std::string_view s) {
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Status ValidateDrawId(std::string_view id) {
  if (id.empty() || id.size() > kMaxDrawIdBytes) {
    return InvalidArgument("the draw id must be 1 to 100 bytes");
  }
  if (HasControlCharacter(id) || id.find(' ') != std::string_view::npos) {
    return InvalidArgument("the draw id must not contain spaces or control characters");
  }
  return Status::Ok();
}

Status ValidateText(std::string_view what, std::string_view text, bool required) {
  if (required && Trim(text).empty()) return InvalidArgument(std::string(what) + " is required");
  if (text.size() > kMaxTextBytes) {
    return InvalidArgument(std::string(what) + " is longer than 500 bytes");
  }
  if (HasControlCharacter(text)) {
    return InvalidArgument(std::string(what) + " contains a control character");
  }
  return Status::Ok();
}

// ---- JSON -----------------------------------------------------------------------------

// Canonical JSON (keys sorted, no spaces, UTF-8 as is): the form ledger bodies need.
Result<std::string> Dump(const Json& j) {
  try {
    return j.dump();
  } catch (const std::exception&) {
    return InvalidArgument("a text field is not valid UTF-8");
  }
}

Status Damaged(std::string detail) { return DataLoss("stored data is damaged", std::move(detail)); }

Result<Json> ParseStored(std::string_view text, std::string_view what) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Damaged(std::string(what) + " is not JSON");
  return j;
}

std::string Bytes(std::span<const uint8_t> bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Json QuotaJson(const draw::Quota& q) {
  return Json{{"stratum", q.stratum},
              {"kind", q.kind == draw::Quota::Kind::kCount ? "count" : "bp"},
              {"value", q.value}};
}

Json SourceJson(const RandomnessSource& s) {
  return Json{{"name", s.name},
              {"issue", s.issue},
              {"how_written", s.how_written},
              {"available_at", s.available_at}};
}

Json StrataJson(const std::vector<draw::StratumSize>& strata) {
  Json j = Json::object();
  for (const draw::StratumSize& s : strata) j[s.label] = s.size;
  return j;
}

// `joint` is the 一业一查 count, written only when that rule was on (so the bodies of draws
// without it stay as they were).
Json ExcludedJson(const index::ExclusionCounts& e, std::optional<int64_t> joint = std::nullopt) {
  Json j{{"cooled_down", e.cooled_down},
         {"annual_cap", e.annual_cap},
         {"explicit_list", e.explicit_list}};
  if (joint.has_value()) j["joint_industry"] = *joint;
  return j;
}

Json SourcesValuesJson(const draw::Sources& sources) {
  Json j = Json::array();
  for (const std::vector<uint64_t>& s : sources) j.push_back(s);
  return j;
}

// The strata of a stored pool: labels in bytewise order (the order of a JSON object's keys
// here) with their sizes. The snapshot's stratum bytes index this list.
Result<std::vector<draw::StratumSize>> ParseStrata(std::string_view text) {
  SUNLIT_ASSIGN_OR_RETURN(Json j, ParseStored(text, "strata"));
  if (!j.is_object()) return Damaged("strata is not an object");
  std::vector<draw::StratumSize> out;
  for (const auto& [label, size] : j.items()) {
    if (!size.is_number_unsigned()) return Damaged("stratum size is not a count");
    out.push_back({label, size.get<uint64_t>()});
  }
  return out;
}

Result<std::vector<RandomnessSource>> ParseSources(std::string_view text) {
  SUNLIT_ASSIGN_OR_RETURN(Json j, ParseStored(text, "sources"));
  if (!j.is_array()) return Damaged("sources is not an array");
  std::vector<RandomnessSource> out;
  try {
    for (const Json& s : j) {
      out.push_back({s.at("name").get<std::string>(), s.at("issue").get<std::string>(),
                     s.at("how_written").get<std::string>(),
                     s.at("available_at").get<std::string>()});
    }
  } catch (const std::exception&) {
    return Damaged("a source is malformed");
  }
  return out;
}

Result<draw::Sources> ParseValues(std::string_view text) {
  SUNLIT_ASSIGN_OR_RETURN(Json j, ParseStored(text, "randomness"));
  draw::Sources out;
  try {
    for (const Json& s : j) out.push_back(s.get<std::vector<uint64_t>>());
  } catch (const std::exception&) {
    return Damaged("the randomness is malformed");
  }
  return out;
}

Result<index::ExclusionCounts> ParseExcluded(std::string_view filter, int64_t* joint) {
  SUNLIT_ASSIGN_OR_RETURN(Json j, ParseStored(filter, "filter"));
  index::ExclusionCounts e;
  try {
    const Json& x = j.at("excluded");
    e.cooled_down = x.at("cooled_down").get<int64_t>();
    e.annual_cap = x.at("annual_cap").get<int64_t>();
    e.explicit_list = x.at("explicit_list").get<int64_t>();
    *joint = x.contains("joint_industry") ? x.at("joint_industry").get<int64_t>() : 0;
  } catch (const std::exception&) {
    return Damaged("the filter's exclusion counts are malformed");
  }
  return e;
}

// 一业一查: removes the members in `checked` from `pool` (after the index's exclusions) and
// drops strata that become empty, re-numbering the members' stratum bytes. Returns how many
// were removed.
int64_t RemoveJointChecked(const index::CodeSet& checked, index::Pool* pool) {
  int64_t removed = 0;
  size_t kept = 0;
  for (const index::PoolMember& m : pool->members) {
    if (checked.Contains(m.code)) {
      ++removed;
      --pool->stratum_sizes[m.stratum];
      continue;
    }
    pool->members[kept++] = m;
  }
  pool->members.resize(kept);
  std::vector<uint8_t> renumber(pool->labels.size(), 0);
  std::vector<std::string> labels;
  std::vector<int64_t> sizes;
  for (size_t i = 0; i < pool->labels.size(); ++i) {
    renumber[i] = static_cast<uint8_t>(labels.size());
    if (pool->stratum_sizes[i] == 0) continue;
    labels.push_back(pool->labels[i]);
    sizes.push_back(pool->stratum_sizes[i]);
  }
  if (labels.size() != pool->labels.size()) {
    for (index::PoolMember& m : pool->members) m.stratum = renumber[m.stratum];
    pool->labels = std::move(labels);
    pool->stratum_sizes = std::move(sizes);
  }
  return removed;
}

std::string_view StratifyName(index::Stratify s) {
  return s == index::Stratify::kRiskClass ? "risk_class" : "none";
}

template <typename Enum>
Json WireNames(const std::vector<Enum>& values) {
  Json j = Json::array();
  for (const Enum v : values) j.push_back(std::string(core::WireName(v)));
  return j;
}

DrawStage StageOf(store::DrawState s) {
  switch (s) {
    case store::DrawState::kFrozen:
      return DrawStage::kFrozen;
    case store::DrawState::kRandomnessEntered:
      return DrawStage::kRandomnessEntered;
    case store::DrawState::kDrawn:
      return DrawStage::kDrawn;
  }
  return DrawStage::kFrozen;
}

// The clock's time in seconds; a malformed time is the clock's fault, not the caller's.
Result<int64_t> ClockSeconds(const std::string& now) {
  Result<int64_t> s = ParseUtcSeconds(now);
  if (!s.ok()) return Internal("the clock is broken", "clock gave \"" + now + "\"");
  return s;
}

Status NoSuchDraw(std::string_view draw_id) {
  return NotFound("there is no draw " + std::string(draw_id));
}

Status Superseded(const store::DrawPoolRow& row) {
  return FailedPrecondition("draw " + row.draw_id + " was re-drawn as " + row.next_draw_id +
                            "; it cannot go on");
}

// The public facts of a stored pool.
Result<FrozenPool> FactsOf(const store::DrawPoolRow& row) {
  FrozenPool f;
  f.draw_id = row.draw_id;
  f.year = row.year;
  std::memcpy(f.pool_root.data(), row.pool_root.data(), f.pool_root.size());
  std::memcpy(f.commitment.data(), row.commitment.data(), f.commitment.size());
  f.pool_size = static_cast<uint64_t>(row.pool_size);
  SUNLIT_ASSIGN_OR_RETURN(f.strata, ParseStrata(row.strata));
  f.params = row.params;
  f.reserve = row.reserve;
  SUNLIT_ASSIGN_OR_RETURN(f.sources, ParseSources(row.sources));
  SUNLIT_ASSIGN_OR_RETURN(f.excluded, ParseExcluded(row.filter, &f.joint_industry_excluded));
  f.frozen_at = row.frozen_at;
  f.previous_draw_id = row.previous_draw_id;
  return f;
}

// Which labels a stratification produces.
bool LabelAllowed(index::Stratify s, std::string_view label) {
  if (s == index::Stratify::kNone) return label.empty();
  return label == "A" || label == "B" || label == "C" || label == "D" || label == "U";
}

// The registration status a reason names, when it names one (已注销, 吊销, 停业 …).
std::optional<core::RegistrationStatus> StatusNamedBy(std::string_view reason) {
  struct Word {
    std::string_view word;
    core::RegistrationStatus status;
  };
  static constexpr Word kWords[] = {
      {"注销", core::RegistrationStatus::kDeregistered},
      {"吊销", core::RegistrationStatus::kRevoked},
      {"停业", core::RegistrationStatus::kSuspended},
      {"歇业", core::RegistrationStatus::kSuspended},
      {"清算", core::RegistrationStatus::kLiquidating},
      {"迁出", core::RegistrationStatus::kMovedOut},
  };
  for (const Word& w : kWords) {
    if (reason.find(w.word) != std::string_view::npos) return w.status;
  }
  return std::nullopt;
}

}  // namespace

// ---- time ---------------------------------------------------------------------------------

Result<int64_t> ParseUtcSeconds(std::string_view text) {
  const auto bad = [&] {
    return InvalidArgument("\"" + std::string(text.substr(0, 40)) +
                           "\" is not a time like 2026-11-01T13:30:00Z or "
                           "2026-11-01T21:30:00+08:00");
  };
  if (text.size() != 20 && text.size() != 25) return bad();
  Result<core::Date> date = core::Date::Parse(text.substr(0, 10));
  int h = 0, m = 0, s = 0;
  if (!date.ok() || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      !Digits(text, 11, 2, &h) || !Digits(text, 14, 2, &m) || !Digits(text, 17, 2, &s) || h > 23 ||
      m > 59 || s > 59) {
    return bad();
  }
  int64_t offset = 0;
  if (text.size() == 20) {
    if (text[19] != 'Z') return bad();
  } else {
    int oh = 0, om = 0;
    if ((text[19] != '+' && text[19] != '-') || text[22] != ':' || !Digits(text, 20, 2, &oh) ||
        !Digits(text, 23, 2, &om) || oh > 14 || om > 59) {
      return bad();
    }
    offset = (text[19] == '+' ? 1 : -1) * (int64_t{oh} * 3600 + int64_t{om} * 60);
  }
  return int64_t{date->days()} * 86400 + int64_t{h} * 3600 + int64_t{m} * 60 + s - offset;
}

std::string FormatUtc(int64_t seconds) {
  const int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  const int64_t rest = seconds - days * 86400;
  int y = 0, mo = 0, d = 0;
  core::CivilFromDays(static_cast<int32_t>(days), &y, &mo, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  return buf;
}

core::Date ChinaDate(int64_t utc_seconds) {
  const int64_t local = utc_seconds + 8 * 3600;
  const int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  return core::Date::FromDays(static_cast<int32_t>(days));
}

std::string SystemClock::NowUtc() {
  const auto now = std::chrono::system_clock::now();
  return FormatUtc(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

Status SystemSecretSource::Generate(draw::Secret* out) {
  size_t filled = 0;
  while (filled < out->size()) {
    const ssize_t n = getrandom(out->data() + filled, out->size() - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Unavailable("the operating system's random source failed",
                         "getrandom: " + std::string(std::strerror(errno)));
    }
    filled += static_cast<size_t>(n);
  }
  return Status::Ok();
}

std::string_view DrawStageName(DrawStage stage) {
  switch (stage) {
    case DrawStage::kFrozen:
      return "frozen";
    case DrawStage::kRandomnessEntered:
      return "randomness_entered";
    case DrawStage::kDrawn:
      return "drawn";
  }
  return "frozen";
}

// ---- DrawService ----------------------------------------------------------------------

// What PreparePool prepared: the pool's facts and its pool_frozen event, not yet appended (the
// caller appends the events in its order).
struct DrawService::Frozen {
  FrozenPool facts;
  ledger::Event event;
};

DrawService::DrawService(store::Store& store, Directory& directory, ledger::Ledger& ledger,
                         Clock& clock, SecretSource& secrets)
    : store_(store), directory_(directory), ledger_(ledger), clock_(clock), secrets_(secrets) {}

std::mutex& DrawService::DrawMutex(std::string_view draw_id) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a: only picks a lock, never a result
  for (const char c : draw_id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return draw_mu_[h % draw_mu_.size()];
}

Result<FrozenPool> DrawService::Freeze(const FreezeRequest& request) {
  SUNLIT_RETURN_IF_ERROR(ValidateDrawId(request.draw_id));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store_.Begin());
  SUNLIT_ASSIGN_OR_RETURN(FrozenPool facts, FreezeIn(*tx, request));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return facts;
}

Result<FrozenPool> DrawService::FreezeIn(store::Transaction& tx, const FreezeRequest& request) {
  SUNLIT_RETURN_IF_ERROR(ValidateDrawId(request.draw_id));
  const std::string now = clock_.NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(Frozen frozen, PreparePool(tx, request, nullptr, "", now));
  CrashPoint("freeze.after_pool");  // the pool and its snapshot written, not yet logged
  SUNLIT_RETURN_IF_ERROR(ledger_.Append(tx, frozen.event).status());
  return frozen.facts;
}

Result<DrawService::Frozen> DrawService::PreparePool(store::Transaction& tx,
                                                  const FreezeRequest& request,
                                                  const store::DrawPoolRow* previous,
                                                  std::string_view reason, const std::string& now) {
  // ---- the request ----
  SUNLIT_RETURN_IF_ERROR(ValidateDrawId(request.draw_id));
  SUNLIT_RETURN_IF_ERROR(ValidateText("the actor", request.actor, true));
  if (request.quotas.empty()) return InvalidArgument("at least one quota is required");
  SUNLIT_RETURN_IF_ERROR(draw::ValidateQuotas(request.quotas));
  for (const draw::Quota& q : request.quotas) {
    if (!LabelAllowed(request.stratify, q.stratum)) {
      return InvalidArgument(
          request.stratify == index::Stratify::kNone
              ? "without stratification the only quota label is \"\" (e.g. :count:20)"
              : "quota label \"" + q.stratum + "\" is not a risk class (A, B, C, D or U)");
    }
  }
  if (request.reserve < 0) return InvalidArgument("the reserve must not be negative");
  if (request.cooldown_days < 0) return InvalidArgument("cool-down days must not be negative");
  if (request.exclude_codes.size() > kMaxExcludedCodes) {
    return InvalidArgument("at most 10000 codes can be excluded by name");
  }
  for (const std::string& code : request.exclude_codes) {
    if (code.size() != draw::kCodeLength) {
      return InvalidArgument("excluded code \"" + code.substr(0, 40) + "\" is not 18 characters");
    }
  }
  if (request.sources.empty() || request.sources.size() > kMaxSources) {
    return InvalidArgument("a draw needs 1 to 16 announced randomness sources");
  }
  SUNLIT_ASSIGN_OR_RETURN(const int64_t now_s, ClockSeconds(now));
  std::vector<RandomnessSource> sources;
  int64_t available = 0;
  for (size_t i = 0; i < request.sources.size(); ++i) {
    const RandomnessSource& s = request.sources[i];
    const std::string which = "source " + std::to_string(i + 1);
    SUNLIT_RETURN_IF_ERROR(ValidateText(which + " name", s.name, true));
    SUNLIT_RETURN_IF_ERROR(ValidateText(which + " issue", s.issue, true));
    SUNLIT_RETURN_IF_ERROR(ValidateText(which + " how-written", s.how_written, true));
    Result<int64_t> at = ParseUtcSeconds(s.available_at);
    if (!at.ok()) return InvalidArgument(which + " available-at: " + at.status().message());
    if (*at <= now_s) {
      return FailedPrecondition(which + " (" + s.name + " " + s.issue + ") is public from " +
                                FormatUtc(*at) + ", not after now (" + now +
                                "): a pool must be frozen before its randomness exists");
    }
    available = std::max(available, *at);
    sources.push_back({s.name, s.issue, s.how_written, FormatUtc(*at)});
  }

  {
    SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> taken,
                            tx.FindDrawPool(request.draw_id));
    if (taken.has_value()) return AlreadyExists("draw " + request.draw_id + " already exists");
  }

  // ---- the pool ----
  const core::Date today = ChinaDate(now_s);
  index::PoolFilter filter;
  filter.region_prefixes = request.scope.region_prefixes;
  filter.industry_prefixes = request.scope.industry_prefixes;
  filter.types = request.scope.types;
  filter.tags_any = request.scope.tags_any;
  filter.statuses = request.scope.statuses;
  filter.risks = request.scope.risks;
  if (request.cooldown_days > 0) {
    filter.exclude_inspected_since = today.AddDays(-request.cooldown_days);
  }
  index::CodeSet drawn;
  if (request.annual_cap) {
    SUNLIT_ASSIGN_OR_RETURN(
        std::vector<std::string> codes,
        tx.CodesDrawnInYear(today.year(), previous != nullptr ? previous->draw_id : ""));
    SUNLIT_ASSIGN_OR_RETURN(drawn, index::CodeSet::FromStrings(codes));
    filter.exclude_drawn = &drawn;
  }
  filter.exclude_codes = request.exclude_codes;
  const std::shared_ptr<index::EntityIndex> directory = directory_.index();
  SUNLIT_ASSIGN_OR_RETURN(index::Pool pool, directory->BuildPool(filter, request.stratify));
  std::optional<int64_t> joint_excluded;
  if (request.joint_industry_cap) {
    SUNLIT_ASSIGN_OR_RETURN(const index::CodeSet checked,
                            index::CodeSet::FromStrings(request.joint_industry_checked));
    joint_excluded = RemoveJointChecked(checked, &pool);
  }
  if (pool.members.empty()) {
    return FailedPrecondition("no entity matches the filter: the pool is empty");
  }
  std::vector<draw::PoolEntry> entries(pool.members.size());
  std::memcpy(entries.data(), pool.members.data(), pool.members.size() * kMemberBytes);
  SUNLIT_ASSIGN_OR_RETURN(draw::PoolSummary summary,
                          draw::SummarisePool(draw::PoolView{entries, pool.labels}));
  std::vector<draw::PoolEntry>().swap(entries);
  // The snapshot's stratum bytes index pool.labels; the stored strata must list the same
  // labels in the same order for the bytes to mean the same strata when read back.
  if (summary.strata.size() != pool.labels.size()) {
    return Internal("internal error", "pool labels and stratum sizes disagree");
  }
  for (size_t i = 0; i < pool.labels.size(); ++i) {
    if (summary.strata[i].label != pool.labels[i]) {
      return Internal("internal error", "pool labels and stratum sizes disagree");
    }
  }

  draw::Secret secret{};
  SUNLIT_RETURN_IF_ERROR(secrets_.Generate(&secret));
  const draw::Digest commitment = draw::Commitment(secret);
  const std::string params = draw::ParamsString(request.quotas, request.reserve);

  // ---- what is stored and logged ----
  std::vector<draw::Quota> quotas = request.quotas;
  std::sort(quotas.begin(), quotas.end(),
            [](const draw::Quota& a, const draw::Quota& b) { return a.stratum < b.stratum; });
  Json quotas_json = Json::array();
  for (const draw::Quota& q : quotas) quotas_json.push_back(QuotaJson(q));
  Json sources_json = Json::array();
  for (const RandomnessSource& s : sources) sources_json.push_back(SourceJson(s));
  Json risks = Json::array();
  for (const core::RiskClass r : request.scope.risks) {
    risks.push_back(r == core::RiskClass::kNone ? "U" : std::string(core::WireName(r)));
  }
  Json excluded_codes = request.exclude_codes;
  Json filter_json = {
      {"region_prefixes", request.scope.region_prefixes},
      {"industry_prefixes", request.scope.industry_prefixes},
      {"types", WireNames(request.scope.types)},
      {"tags_any", request.scope.tags_any},
      {"statuses", WireNames(request.scope.statuses)},
      {"risks", risks},
      {"stratify", StratifyName(request.stratify)},
      {"cooldown_days", request.cooldown_days},
      {"exclude_inspected_since", filter.exclude_inspected_since.has_value()
                                      ? Json(filter.exclude_inspected_since->ToString())
                                      : Json(nullptr)},
      {"annual_cap", request.annual_cap},
      {"annual_cap_codes", drawn.size()},
      {"exclude_codes", excluded_codes},
      {"excluded", ExcludedJson(pool.excluded, joint_excluded)},
  };
  if (request.joint_industry_cap) {
    filter_json["joint_industry_cap"] = true;
    filter_json["joint_industry_codes"] = request.joint_industry_checked.size();
  }

  store::DrawPoolRow row;
  row.draw_id = request.draw_id;
  row.year = today.year();
  row.previous_id = previous != nullptr ? previous->id : 0;
  row.redraw_reason = std::string(reason);
  SUNLIT_ASSIGN_OR_RETURN(row.filter, Dump(filter_json));
  row.params = params;
  SUNLIT_ASSIGN_OR_RETURN(row.quotas, Dump(quotas_json));
  row.reserve = request.reserve;
  SUNLIT_ASSIGN_OR_RETURN(row.sources, Dump(sources_json));
  row.available_at = FormatUtc(available);
  row.commitment = Bytes(commitment);
  row.secret = Bytes(secret);
  row.pool_root = Bytes(summary.root);
  row.pool_size = static_cast<int64_t>(summary.size);
  SUNLIT_ASSIGN_OR_RETURN(row.strata, Dump(StrataJson(summary.strata)));
  row.frozen_at = now;
  row.actor = request.actor;
  const std::string_view members(reinterpret_cast<const char*>(pool.members.data()),
                                 pool.members.size() * kMemberBytes);
  SUNLIT_RETURN_IF_ERROR(tx.CreateDrawPool(row, members).status());

  Json body = {
      {"draw_id", request.draw_id},
      {"year", row.year},
      {"pool_root", draw::ToHex(summary.root)},
      {"pool_size", summary.size},
      {"strata", StrataJson(summary.strata)},
      {"params", params},
      {"reserve", request.reserve},
      {"sources", sources_json},
      {"commitment", draw::ToHex(commitment)},
      {"filter", filter_json},
      {"excluded", ExcludedJson(pool.excluded, joint_excluded)},
      {"actor", request.actor},
  };
  if (previous != nullptr) {
    body["previous_draw_id"] = previous->draw_id;
    body["redraw_reason"] = std::string(reason);
  }
  Frozen out;
  SUNLIT_ASSIGN_OR_RETURN(out.event.body, Dump(body));
  out.event.kind = std::string(ledger::kPoolFrozen);
  out.event.subject = request.draw_id;
  out.facts.draw_id = request.draw_id;
  out.facts.year = row.year;
  out.facts.pool_root = summary.root;
  out.facts.pool_size = summary.size;
  out.facts.strata = summary.strata;
  out.facts.params = params;
  out.facts.reserve = request.reserve;
  out.facts.sources = std::move(sources);
  out.facts.commitment = commitment;
  out.facts.excluded = pool.excluded;
  out.facts.joint_industry_excluded = joint_excluded.value_or(0);
  out.facts.frozen_at = now;
  out.facts.previous_draw_id = previous != nullptr ? previous->draw_id : "";
  return out;
}

Result<std::string> DrawService::EnterRandomness(std::string_view draw_id,
                                                 const draw::Sources& values,
                                                 std::string_view actor) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store_.Begin());
  SUNLIT_ASSIGN_OR_RETURN(std::string k, EnterRandomnessIn(*tx, draw_id, values, actor));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return k;
}

Result<std::string> DrawService::EnterRandomnessIn(store::Transaction& txr,
                                                   std::string_view draw_id,
                                                   const draw::Sources& values,
                                                   std::string_view actor) {
  store::Transaction* tx = &txr;
  SUNLIT_RETURN_IF_ERROR(ValidateText("the actor", actor, true));
  const std::string now = clock_.NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(const int64_t now_s, ClockSeconds(now));
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> row, tx->FindDrawPool(draw_id));
  if (!row.has_value()) return NoSuchDraw(draw_id);
  if (!row->next_draw_id.empty()) return Superseded(*row);
  if (row->state != store::DrawState::kFrozen) {
    return FailedPrecondition("the randomness of draw " + row->draw_id +
                              " has already been entered (" + row->randomness_at + ")");
  }
  SUNLIT_ASSIGN_OR_RETURN(const int64_t available, ParseUtcSeconds(row->available_at));
  if (now_s < available) {
    return FailedPrecondition("randomness can be entered after " + row->available_at +
                              ", when every announced source is public (now " + now + ")");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RandomnessSource> sources, ParseSources(row->sources));
  if (values.size() != sources.size()) {
    return InvalidArgument("draw " + row->draw_id + " announced " + std::to_string(sources.size()) +
                           " source(s); " + std::to_string(values.size()) + " were given");
  }
  SUNLIT_RETURN_IF_ERROR(draw::ValidateSources(values));
  const std::string k = draw::RandomnessString(values);
  SUNLIT_ASSIGN_OR_RETURN(const std::string values_json, Dump(SourcesValuesJson(values)));
  SUNLIT_RETURN_IF_ERROR(tx->EnterDrawRandomness(row->id, values_json, now, actor));
  Json names = Json::array();
  for (const RandomnessSource& s : sources) names.push_back(s.name + " " + s.issue);
  ledger::Event event;
  event.kind = std::string(ledger::kRandomnessEntered);
  event.subject = row->draw_id;
  SUNLIT_ASSIGN_OR_RETURN(event.body, Dump(Json{{"draw_id", row->draw_id},
                                                {"randomness", k},
                                                {"values", SourcesValuesJson(values)},
                                                {"sources", names},
                                                {"actor", std::string(actor)}}));
  SUNLIT_RETURN_IF_ERROR(ledger_.Append(*tx, event).status());
  return k;
}

// The stored record, rebuilt from the pool row and its entries (no JSON parsing: a record of
// a quarter of a million entries parses in seconds) and checked byte for byte against the
// stored JSON and its hash.
Result<DrawOutcome> DrawService::StoredOutcome(store::Transaction& tx,
                                               const store::DrawPoolRow& row) {
  DrawOutcome out;
  draw::DrawRecord& r = out.record;
  r.protocol = std::string(draw::kProtocolV1);
  r.draw_id = row.draw_id;
  std::memcpy(r.pool_root.data(), row.pool_root.data(), r.pool_root.size());
  r.pool_size = static_cast<uint64_t>(row.pool_size);
  SUNLIT_ASSIGN_OR_RETURN(r.strata, ParseStrata(row.strata));
  r.params = row.params;
  SUNLIT_ASSIGN_OR_RETURN(const draw::Sources values, ParseValues(row.randomness));
  r.randomness = draw::RandomnessString(values);
  std::memcpy(r.commitment.data(), row.commitment.data(), r.commitment.size());
  std::memcpy(r.secret.data(), row.secret.data(), r.secret.size());
  r.seed = draw::Seed(r.draw_id, r.pool_root, r.params, r.randomness, r.secret);
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::DrawEntryRow> entries, tx.DrawEntries(row.id));
  r.entries.reserve(entries.size());
  for (store::DrawEntryRow& e : entries) {
    draw::DrawEntry d;
    d.stratum = std::move(e.stratum);
    d.code = std::move(e.code);
    const std::optional<draw::Digest> rank = draw::ParseDigestHex(e.rank);
    if (!rank.has_value()) return Damaged("draw " + row.draw_id + ": a rank is not hex");
    d.rank = *rank;
    d.role = e.role == store::DrawEntryRole::kSelected ? draw::EntryRole::kSelected
                                                       : draw::EntryRole::kAlternate;
    r.entries.push_back(std::move(d));
  }
  out.record_hash = draw::Sha256Of(row.record);
  if (Bytes(out.record_hash) != row.record_hash) {
    return Damaged("draw " + row.draw_id + ": the record does not match its hash");
  }
  if (draw::RecordToJson(r) != row.record) {
    // Written by another version of the writer, perhaps: compare what it says.
    Result<draw::DrawRecord> stored = draw::RecordFromJson(row.record);
    if (!stored.ok() || !(*stored == r)) {
      return Damaged("draw " + row.draw_id + ": the record disagrees with the stored draw");
    }
  }
  out.record_json = row.record;
  out.computed_now = false;
  return out;
}

namespace {

Status UsableForDraw(const store::DrawPoolRow& row) {
  if (row.state == store::DrawState::kDrawn) return Status::Ok();
  if (!row.next_draw_id.empty()) return Superseded(row);
  if (row.state == store::DrawState::kFrozen) {
    return FailedPrecondition("draw " + row.draw_id + " cannot run before its randomness is entered");
  }
  return Status::Ok();
}

}  // namespace

// A record computed from the stored pool, not yet stored.
struct DrawService::Computed {
  draw::DrawRecord record;
  std::string json;
};

Result<DrawService::Computed> DrawService::Compute(store::Transaction& tx,
                                                   const store::DrawPoolRow& row) {
  // The frozen inputs, read back from the store.
  draw::PoolSummary frozen;
  std::memcpy(frozen.root.data(), row.pool_root.data(), frozen.root.size());
  frozen.size = static_cast<uint64_t>(row.pool_size);
  SUNLIT_ASSIGN_OR_RETURN(frozen.strata, ParseStrata(row.strata));
  std::vector<std::string> labels;
  for (const draw::StratumSize& s : frozen.strata) labels.push_back(s.label);
  std::vector<draw::PoolEntry> entries;
  entries.reserve(frozen.size);
  SUNLIT_RETURN_IF_ERROR(tx.ScanDrawPoolMembers(row.id, [&](std::string_view chunk) {
    const size_t n = chunk.size() / kMemberBytes;
    const size_t at = entries.size();
    entries.resize(at + n);
    std::memcpy(entries.data() + at, chunk.data(), n * kMemberBytes);
    return true;
  }));
  Result<draw::ParsedParams> parsed = draw::ParseParamsString(row.params);
  if (!parsed.ok()) return Damaged("draw " + row.draw_id + ": " + parsed.status().message());
  draw::DrawParams params;
  params.draw_id = row.draw_id;
  params.quotas = std::move(parsed->quotas);
  params.reserve = parsed->reserve;
  SUNLIT_ASSIGN_OR_RETURN(params.sources, ParseValues(row.randomness));
  std::memcpy(params.secret.data(), row.secret.data(), params.secret.size());
  Result<draw::DrawRecord> drawn = draw::RunDraw(draw::PoolView{entries, labels}, frozen, params);
  if (!drawn.ok()) {
    // Everything came from the store, where it was validated when frozen.
    return Damaged("draw " + row.draw_id + ": " + drawn.status().message());
  }
  Computed out;
  out.record = std::move(drawn).value();
  out.json = draw::RecordToJson(out.record);
  return out;
}

Result<DrawOutcome> DrawService::Complete(store::Transaction& tx, const store::DrawPoolRow& row,
                                          Computed computed, std::string_view actor) {
  const draw::Digest hash = draw::Sha256Of(computed.json);
  store::DrawCompletion done;
  done.record = computed.json;
  done.record_hash = Bytes(hash);
  done.at = clock_.NowUtc();
  done.actor = std::string(actor);
  std::map<std::pair<draw::EntryRole, std::string>, int64_t> positions;
  int64_t selected = 0;
  for (const draw::DrawEntry& e : computed.record.entries) {
    store::DrawEntryRow r;
    r.role = e.role == draw::EntryRole::kSelected ? store::DrawEntryRole::kSelected
                                                  : store::DrawEntryRole::kAlternate;
    r.stratum = e.stratum;
    r.position = positions[{e.role, e.stratum}]++;
    r.code = e.code;
    r.rank = draw::ToHex(e.rank);
    if (e.role == draw::EntryRole::kSelected) ++selected;
    done.entries.push_back(std::move(r));
  }
  const int64_t alternates = static_cast<int64_t>(computed.record.entries.size()) - selected;
  SUNLIT_RETURN_IF_ERROR(tx.CompleteDraw(row.id, done));
  CrashPoint("draw.after_entries");  // record and entries written, not yet logged
  ledger::Event event;
  event.kind = std::string(ledger::kDrawDone);
  event.subject = row.draw_id;
  SUNLIT_ASSIGN_OR_RETURN(event.body, Dump(Json{{"draw_id", row.draw_id},
                                                {"record_hash", draw::ToHex(hash)},
                                                {"seed", draw::ToHex(computed.record.seed)},
                                                {"selected", selected},
                                                {"alternates", alternates},
                                                {"actor", std::string(actor)}}));
  SUNLIT_RETURN_IF_ERROR(ledger_.Append(tx, event).status());
  DrawOutcome out;
  out.record = std::move(computed.record);
  out.record_json = std::move(computed.json);
  out.record_hash = hash;
  out.computed_now = true;
  return out;
}

Result<DrawOutcome> DrawService::Draw(std::string_view draw_id, std::string_view actor) {
  SUNLIT_RETURN_IF_ERROR(ValidateText("the actor", actor, true));
  {
    // A cheap look first: a drawn pool needs no lock at all.
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store_.BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> row, tx->FindDrawPool(draw_id));
    if (!row.has_value()) return NoSuchDraw(draw_id);
    SUNLIT_RETURN_IF_ERROR(UsableForDraw(*row));
    if (row->state == store::DrawState::kDrawn) return StoredOutcome(*tx, *row);
  }

  // One computation per pool in this process; the others wait here and then find the record.
  std::lock_guard<std::mutex> lock(DrawMutex(draw_id));
  Computed computed;
  {
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store_.BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> found, tx->FindDrawPool(draw_id));
    if (!found.has_value()) return NoSuchDraw(draw_id);
    const store::DrawPoolRow& row = *found;
    SUNLIT_RETURN_IF_ERROR(UsableForDraw(row));
    if (row.state == store::DrawState::kDrawn) return StoredOutcome(*tx, row);
    SUNLIT_ASSIGN_OR_RETURN(computed, Compute(*tx, row));
  }

  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store_.Begin());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> row, tx->FindDrawPool(draw_id));
  if (!row.has_value()) return NoSuchDraw(draw_id);
  // Another process may have drawn it meanwhile: then its record stands.
  if (row->state == store::DrawState::kDrawn) return StoredOutcome(*tx, *row);
  SUNLIT_RETURN_IF_ERROR(UsableForDraw(*row));
  SUNLIT_ASSIGN_OR_RETURN(DrawOutcome out, Complete(*tx, *row, std::move(computed), actor));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<DrawOutcome> DrawService::DrawIn(store::Transaction& tx, std::string_view draw_id,
                                        std::string_view actor) {
  SUNLIT_RETURN_IF_ERROR(ValidateText("the actor", actor, true));
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> row, tx.FindDrawPool(draw_id));
  if (!row.has_value()) return NoSuchDraw(draw_id);
  SUNLIT_RETURN_IF_ERROR(UsableForDraw(*row));
  if (row->state == store::DrawState::kDrawn) return StoredOutcome(tx, *row);
  SUNLIT_ASSIGN_OR_RETURN(Computed computed, Compute(tx, *row));
  return Complete(tx, *row, std::move(computed), actor);
}

Result<AlternateUse> DrawService::UseAlternate(std::string_view draw_id,
                                               std::string_view replaced_code,
                                               std::string_view reason, std::string_view actor) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store_.Begin());
  SUNLIT_ASSIGN_OR_RETURN(AlternateUse use,
                          UseAlternateIn(*tx, draw_id, replaced_code, reason, actor));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return use;
}

Result<AlternateUse> DrawService::UseAlternateIn(store::Transaction& txr, std::string_view draw_id,
                                                 std::string_view replaced_code,
                                                 std::string_view reason,
                                                 std::string_view actor) {
  store::Transaction* tx = &txr;
  SUNLIT_RETURN_IF_ERROR(ValidateText("the actor", actor, true));
  SUNLIT_RETURN_IF_ERROR(ValidateText("the reason", reason, true));
  const std::string why(Trim(reason));
  const std::string code(replaced_code);
  const std::string now = clock_.NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> row, tx->FindDrawPool(draw_id));
  if (!row.has_value()) return NoSuchDraw(draw_id);
  if (!row->next_draw_id.empty()) return Superseded(*row);
  if (row->state != store::DrawState::kDrawn) {
    return FailedPrecondition("draw " + row->draw_id + " has not been drawn yet");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::DrawEntryRow> entries, tx->DrawEntries(row->id));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::AlternateUseRow> uses, tx->AlternateUses(row->id));
  std::set<std::string, std::less<>> in_use;  // alternates already taken
  for (const store::AlternateUseRow& u : uses) {
    in_use.insert(u.alternate_code);
    if (u.replaced_code == code) {
      return AlreadyExists(code + " was already replaced by " + u.alternate_code);
    }
  }
  const store::DrawEntryRow* target = nullptr;
  for (const store::DrawEntryRow& e : entries) {
    if (e.code == code) target = &e;
  }
  if (target == nullptr) {
    return InvalidArgument(code + " is not among the entities drawn in " + row->draw_id);
  }
  if (target->role == store::DrawEntryRole::kAlternate && in_use.count(code) == 0) {
    return InvalidArgument(code +
                           " is an alternate not in use: only a selected entity or an "
                           "alternate that replaced one can be replaced");
  }
  // The next unused alternate of the stratum: entries list alternates by position (rank).
  const store::DrawEntryRow* next = nullptr;
  for (const store::DrawEntryRow& e : entries) {
    if (e.role == store::DrawEntryRole::kAlternate && e.stratum == target->stratum &&
        in_use.count(e.code) == 0) {
      next = &e;
      break;
    }
  }
  if (next == nullptr) {
    return FailedPrecondition("no alternate is left in stratum \"" + target->stratum +
                              "\" of draw " + row->draw_id);
  }
  // The directory's word on the replaced entity, recorded beside the reason.
  std::string directory_status;
  if (directory_.loaded()) {
    if (auto e = directory_.index()->Find(code)) {
      directory_status = std::string(core::WireName(e->status));
    }
  } else {
    SUNLIT_ASSIGN_OR_RETURN(std::optional<core::Entity> e, tx->FindEntity(code));
    if (e.has_value()) directory_status = std::string(core::WireName(e->status));
  }
  const std::optional<core::RegistrationStatus> named = StatusNamedBy(why);

  store::AlternateUseRow use;
  use.pool_id = row->id;
  use.replaced_code = code;
  use.alternate_code = next->code;
  use.reason = why;
  use.directory_status = directory_status;
  use.at = now;
  use.actor = std::string(actor);
  SUNLIT_RETURN_IF_ERROR(tx->RecordAlternateUse(use));
  Json body = {{"draw_id", row->draw_id},
               {"replaced", code},
               {"alternate", next->code},
               {"stratum", next->stratum},
               {"alternate_rank", next->rank},
               {"reason", why},
               {"directory_status", directory_status},
               {"actor", std::string(actor)}};
  if (named.has_value()) {
    body["reason_matches_directory"] = std::string(core::WireName(*named)) == directory_status;
  }
  ledger::Event event;
  event.kind = std::string(ledger::kAlternateUsed);
  event.subject = row->draw_id;
  SUNLIT_ASSIGN_OR_RETURN(event.body, Dump(body));
  SUNLIT_RETURN_IF_ERROR(ledger_.Append(*tx, event).status());
  return AlternateUse{code, next->code,       next->stratum, next->rank,
                      why,  directory_status, now,           std::string(actor)};
}

Result<FrozenPool> DrawService::Redraw(std::string_view draw_id, std::string_view reason,
                                       const FreezeRequest& request) {
  SUNLIT_RETURN_IF_ERROR(ValidateText("the reason", reason, true));
  const std::string why(Trim(reason));
  const std::string now = clock_.NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store_.Begin());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> old, tx->FindDrawPool(draw_id));
  if (!old.has_value()) return NoSuchDraw(draw_id);
  if (!old->next_draw_id.empty()) {
    return FailedPrecondition("draw " + old->draw_id + " was already re-drawn as " +
                              old->next_draw_id + "; re-draw that one instead");
  }
  FreezeRequest next = request;
  if (next.draw_id.empty()) {
    // "<first draw id>-R<n>" for the n-th re-draw of the chain.
    std::string first = old->draw_id;
    std::string previous = old->previous_draw_id;
    int n = 1;
    while (!previous.empty()) {
      SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> p, tx->FindDrawPool(previous));
      if (!p.has_value()) return Damaged("draw " + previous + " of a re-draw chain is missing");
      first = p->draw_id;
      previous = p->previous_draw_id;
      ++n;
    }
    next.draw_id = first + "-R" + std::to_string(n);
  }
  SUNLIT_ASSIGN_OR_RETURN(Frozen frozen, PreparePool(*tx, next, &*old, why, now));
  ledger::Event event;
  event.kind = std::string(ledger::kRedraw);
  event.subject = next.draw_id;  // as docs/ledger.md lists it: the new draw
  SUNLIT_ASSIGN_OR_RETURN(event.body,
                          Dump(Json{{"old_draw_id", old->draw_id},
                                    {"old_state", std::string(DrawStageName(StageOf(old->state)))},
                                    {"new_draw_id", next.draw_id},
                                    {"reason", why},
                                    {"actor", next.actor}}));
  SUNLIT_RETURN_IF_ERROR(ledger_.Append(*tx, event).status());
  SUNLIT_RETURN_IF_ERROR(ledger_.Append(*tx, frozen.event).status());
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return frozen.facts;
}

Result<DrawView> GetDraw(store::Store& store, std::string_view draw_id) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> found, tx->FindDrawPool(draw_id));
  if (!found.has_value()) return NoSuchDraw(draw_id);
  const store::DrawPoolRow& row = *found;
  DrawView v;
  SUNLIT_ASSIGN_OR_RETURN(v.pool, FactsOf(row));
  v.stage = StageOf(row.state);
  v.superseded_by = row.next_draw_id;
  v.redraw_reason = row.redraw_reason;
  v.filter_json = row.filter;
  v.available_at = row.available_at;
  v.frozen_by = row.actor;
  if (!row.randomness.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(v.randomness, ParseValues(row.randomness));
    v.randomness_string = draw::RandomnessString(v.randomness);
    v.randomness_at = row.randomness_at;
  }
  if (row.state != store::DrawState::kDrawn) return v;
  v.record_json = row.record;
  std::memcpy(v.record_hash.data(), row.record_hash.data(), v.record_hash.size());
  v.drawn_at = row.drawn_at;
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::DrawEntryRow> entries, tx->DrawEntries(row.id));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::AlternateUseRow> uses, tx->AlternateUses(row.id));
  std::map<std::string, std::string, std::less<>> replaced_by, replaces;
  for (const store::AlternateUseRow& u : uses) {
    replaced_by[u.replaced_code] = u.alternate_code;
    replaces[u.alternate_code] = u.replaced_code;
  }
  std::map<std::string, const store::DrawEntryRow*, std::less<>> by_code;
  for (const store::DrawEntryRow& e : entries) {
    DrawnEntry d;
    d.role = e.role == store::DrawEntryRole::kSelected ? draw::EntryRole::kSelected
                                                       : draw::EntryRole::kAlternate;
    d.stratum = e.stratum;
    d.code = e.code;
    d.rank = e.rank;
    if (auto it = replaced_by.find(e.code); it != replaced_by.end()) d.replaced_by = it->second;
    if (auto it = replaces.find(e.code); it != replaces.end()) d.replaces = it->second;
    by_code[e.code] = &e;
    v.entries.push_back(std::move(d));
  }
  for (const store::AlternateUseRow& u : uses) {
    AlternateUse a;
    a.replaced_code = u.replaced_code;
    a.alternate_code = u.alternate_code;
    if (auto it = by_code.find(u.alternate_code); it != by_code.end()) {
      a.stratum = it->second->stratum;
      a.alternate_rank = it->second->rank;
    }
    a.reason = u.reason;
    a.directory_status = u.directory_status;
    a.at = u.at;
    a.actor = u.actor;
    v.alternate_uses.push_back(std::move(a));
  }
  return v;
}

Status WritePoolCsv(store::Store& store, std::string_view draw_id,
                    const std::function<bool(std::string_view)>& write) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> row, tx->FindDrawPool(draw_id));
  if (!row.has_value()) return NoSuchDraw(draw_id);
  SUNLIT_ASSIGN_OR_RETURN(std::vector<draw::StratumSize> strata, ParseStrata(row->strata));
  if (!write("code,stratum\n")) return Status::Ok();
  std::string text;
  Status bad;
  SUNLIT_RETURN_IF_ERROR(tx->ScanDrawPoolMembers(row->id, [&](std::string_view chunk) {
    text.clear();
    for (size_t at = 0; at + kMemberBytes <= chunk.size(); at += kMemberBytes) {
      const auto stratum = static_cast<unsigned char>(chunk[at + draw::kCodeLength]);
      if (stratum >= strata.size()) {
        bad = Damaged("draw " + row->draw_id + ": a member's stratum is out of range");
        return false;
      }
      text.append(chunk.substr(at, draw::kCodeLength));
      text.push_back(',');
      text.append(strata[stratum].label);
      text.push_back('\n');
    }
    return write(text);
  }));
  return bad;
}

Result<DrawView> DrawService::GetDraw(std::string_view draw_id) {
  return app::GetDraw(store_, draw_id);
}

Status DrawService::PoolCsv(std::string_view draw_id,
                            const std::function<bool(std::string_view)>& write) {
  return WritePoolCsv(store_, draw_id, write);
}

Result<std::string> DrawService::PoolCsv(std::string_view draw_id) {
  std::string out;
  SUNLIT_RETURN_IF_ERROR(WritePoolCsv(store_, draw_id, [&out](std::string_view piece) {
    out.append(piece);
    return true;
  }));
  return out;
}

}  // namespace sunlit::app
