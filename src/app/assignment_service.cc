// Assignment in the database: the algorithm's input from the task and the directories, one
// transaction per run with its teams and its log entry; widening, swaps, conflicts, and the
// re-check of stored runs. nlohmann/json stays in this file (log bodies and widening lists).
#include "app/assignment_service.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/reference.h"
#include "app/task_internal.h"
#include "core/region.h"
#include "draw/assignment_json.h"
#include "draw/sha256.h"
#include "ledger/ledger.h"
#include "store/repo/workflow_repo.h"

namespace sunlit::app {
namespace {

using Json = nlohmann::json;
using internal::Log;
using internal::ValidateText;

constexpr size_t kMaxNeighbours = 10;
constexpr size_t kExplainedEntities = 3;

std::string Hex(const draw::Digest& d) { return draw::ToHex(d); }

// F(x): 4-byte big-endian length, then x (as the draw and assignment protocols write it).
void AppendF(std::string* out, std::string_view x) {
  const auto n = static_cast<uint32_t>(x.size());
  out->push_back(static_cast<char>(n >> 24));
  out->push_back(static_cast<char>(n >> 16));
  out->push_back(static_cast<char>(n >> 8));
  out->push_back(static_cast<char>(n));
  out->append(x);
}

// Where the task's inspectors come from: canonical region prefixes.
struct InspectorPool {
  std::vector<std::string> prefixes;
  Json widening = Json::array();  // the declared widenings in force, as stored with a run
};

bool InPool(int32_t region, const InspectorPool& pool) {
  return std::any_of(pool.prefixes.begin(), pool.prefixes.end(),
                     [&](const std::string& p) { return core::RegionMatches(region, p); });
}

Result<InspectorPool> PoolOf(store::Transaction& tx, const Task& task,
                             const std::vector<store::CheckRow>& checks) {
  InspectorPool pool;
  std::set<std::string> prefixes;
  if (task.draft.kind == TaskKind::kTargeted) {
    for (const store::CheckRow& c : checks) {
      if (c.region != 0) prefixes.insert(std::to_string(c.region));
    }
  } else {
    prefixes.insert(task.draft.scope.region_prefixes.begin(),
                    task.draft.scope.region_prefixes.end());
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::WideningRow> widenings,
                          store::TaskWidenings(tx.sql(), task.id));
  for (const store::WideningRow& w : widenings) {
    std::vector<int32_t> regions;
    try {
      regions = Json::parse(w.regions).get<std::vector<int32_t>>();
    } catch (const std::exception&) {
      return DataLoss("stored data is damaged", "widening regions of task " + task.number);
    }
    for (const int32_t r : regions) {
      Result<std::string> p = core::CanonicalRegionPrefix(std::to_string(r));
      if (p.ok()) prefixes.insert(*p);
    }
    pool.widening.push_back({{"scope", w.scope}, {"regions", regions}, {"reason", w.reason}});
  }
  pool.prefixes.assign(prefixes.begin(), prefixes.end());
  return pool;
}

// The prefectures ("4303") of the task's scope or of its checks.
std::set<std::string> PrefecturesOf(const Task& task, const std::vector<store::CheckRow>& checks) {
  std::set<std::string> out;
  for (const std::string& p : task.draft.scope.region_prefixes) {
    if (p.size() >= 4) out.insert(p.substr(0, 4));
  }
  for (const store::CheckRow& c : checks) {
    if (c.region != 0) out.insert(std::to_string(c.region).substr(0, 4));
  }
  return out;
}

// Department → the qualifications its items of the task require (sorted, unique).
std::map<std::string, std::vector<std::string>> RequiredQualifications(const Task& task) {
  std::map<std::string, std::set<std::string>> sets;
  for (const TaskItem& i : task.draft.items) {
    if (!i.qualification.empty()) sets[i.department_code].insert(i.qualification);
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [dept, q] : sets) out[dept].assign(q.begin(), q.end());
  return out;
}

Result<draw::Digest> SeedOf(store::Transaction& tx, const Task& task) {
  draw::Digest seed{};
  if (task.draft.kind != TaskKind::kTargeted) {
    SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> pool, tx.FindDrawPool(task.number));
    if (!pool.has_value() || pool->state != store::DrawState::kDrawn ||
        pool->record_hash.size() != seed.size()) {
      return FailedPrecondition("task " + task.number + " has no draw record yet");
    }
    std::memcpy(seed.data(), pool->record_hash.data(), seed.size());
    return seed;
  }
  // Never drawn: the log's root at this moment, which nobody fixes alone (docs/workflow.md).
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::LedgerCheckpointRow> cp,
                          tx.LatestLedgerCheckpoint());
  std::string text;
  AppendF(&text, "sunlit-targeted-assign-v1");
  AppendF(&text, task.number);
  AppendF(&text, cp.has_value() ? cp->root : std::string());
  return draw::Sha256Of(text);
}

struct Built {
  draw::AssignmentInput input;
  std::vector<store::CheckRow> pending;
  InspectorPool pool;
  std::map<std::string, core::Inspector, std::less<>> inspectors;  // of the input, by code
};

Result<Built> BuildInput(store::Transaction& tx, const Task& task,
                         const std::vector<store::CheckRow>& checks) {
  Built b;
  for (const store::CheckRow& c : checks) {
    if (c.state == "pending") b.pending.push_back(c);
  }
  draw::AssignmentInput& in = b.input;
  SUNLIT_ASSIGN_OR_RETURN(in.seed, SeedOf(tx, task));
  in.check_date = task.draft.window_start;
  for (const TeamSlot& slot : task.draft.team) in.team[slot.department_code] = slot.count;
  in.required_qualifications = RequiredQualifications(task);
  in.cross_unit = task.draft.cross_unit;
  const int64_t cap = task.draft.workload_cap;
  in.workload_cap = cap > 0 ? cap : std::max<int64_t>(1, static_cast<int64_t>(b.pending.size()));
  in.allow_previous = false;

  SUNLIT_ASSIGN_OR_RETURN(b.pool, PoolOf(tx, task, checks));
  using Loads = std::map<std::string, int64_t, std::less<>>;
  SUNLIT_ASSIGN_OR_RETURN(Loads year_loads,
                          store::InspectorLoadsInYear(tx.sql(), task.draft.window_start.year()));
  SUNLIT_ASSIGN_OR_RETURN(Loads task_loads, store::TaskInspectorLoads(tx.sql(), task.id));
  SUNLIT_RETURN_IF_ERROR(tx.ScanInspectors([&](const core::Inspector& i) {
    if (in.team.count(i.department_code) == 0 || !InPool(i.region, b.pool)) return true;
    // A later run of the task: who reached the cap in earlier runs takes no more.
    if (cap > 0) {
      auto t = task_loads.find(i.code);
      if (t != task_loads.end() && t->second >= cap) return true;
    }
    draw::AssignInspector a;
    a.code = i.code;
    a.department = i.department_code;
    a.unit = i.unit_code.empty() ? "-" : i.unit_code;
    a.status = i.status;
    a.certificate_expiry = i.certificate_expiry;
    a.qualifications = i.qualifications;
    auto y = year_loads.find(i.code);
    a.current_load = y == year_loads.end() ? 0 : y->second;
    in.inspectors.push_back(std::move(a));
    b.inspectors.emplace(i.code, i);
    return true;
  }));

  std::vector<std::string> codes;
  codes.reserve(b.pending.size());
  for (const store::CheckRow& c : b.pending) codes.push_back(c.entity_code);
  using Previous = std::map<std::string, std::vector<std::string>, std::less<>>;
  SUNLIT_ASSIGN_OR_RETURN(Previous previous, store::PreviousInspectors(tx.sql(), codes, task.id));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::ConflictRow> conflicts,
                          store::ConflictsOfEntities(tx.sql(), codes));
  std::map<std::string, std::vector<std::string>, std::less<>> conflicts_of;
  for (store::ConflictRow& c : conflicts) {
    conflicts_of[c.entity_code].push_back(std::move(c.inspector_code));
  }
  in.entities.reserve(b.pending.size());
  for (const store::CheckRow& c : b.pending) {
    draw::AssignEntity e;
    e.code = c.entity_code;
    e.jurisdiction_unit = c.unit_code;
    if (auto it = conflicts_of.find(c.entity_code); it != conflicts_of.end())
      e.conflicts = it->second;
    if (auto it = previous.find(c.entity_code); it != previous.end()) {
      e.previous_inspectors = it->second;
    }
    in.entities.push_back(std::move(e));
  }
  return b;
}

std::string Explain(const draw::AssignmentResult& r, size_t total) {
  std::string s = std::to_string(r.unstaffed.size()) + " of " + std::to_string(total) +
                  " checks cannot be staffed";
  size_t shown = 0;
  for (const draw::UnstaffedEntity& u : r.unstaffed) {
    if (shown++ == kExplainedEntities) {
      s += "; …";
      break;
    }
    s += shown == 1 ? ": " : "; ";
    s += u.entity;
    for (const draw::SlotExplanation& x : u.slots) {
      s += " (" + x.department + " needs " + std::to_string(x.required) + ", has " +
           std::to_string(x.assigned) + "; of " + std::to_string(x.inspectors) + " inspectors";
      for (size_t k = 0; k < draw::kExclusionReasons; ++k) {
        if (x.excluded[k] == 0) continue;
        s += ", " + std::string(draw::ExclusionReasonName(static_cast<draw::ExclusionReason>(k))) +
             " " + std::to_string(x.excluded[k]);
      }
      s += ")";
    }
  }
  s += ". Declaring a widening (neighbouring county or city pool) adds inspectors.";
  return s;
}

Result<store::TaskRow> RowOf(store::Transaction& tx, std::string_view number) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::TaskRow> row, store::FindTask(tx.sql(), number));
  if (!row.has_value()) return NotFound("there is no task " + std::string(number));
  return *std::move(row);
}

AssignmentOutcome OutcomeOf(const store::AssignmentRow& a) {
  AssignmentOutcome o;
  o.feasible = true;
  o.run = a.seq;
  o.staffed = a.checks;
  o.input_hash = a.input_hash;
  o.result_hash = a.result_hash;
  o.seed = a.seed;
  return o;
}

// The first hard constraint `i` breaks for the check `c` (nullopt when none), as the
// algorithm names them.
std::optional<draw::ExclusionReason> FirstExclusion(const core::Inspector& i,
                                                    const store::CheckRow& c, const Task& task,
                                                    const std::vector<std::string>& required,
                                                    bool conflict, bool previous,
                                                    int64_t task_load) {
  if (i.status != core::InspectorStatus::kActive) return draw::ExclusionReason::kInactive;
  if (!i.certificate_expiry.has_value() || *i.certificate_expiry < task.draft.window_start) {
    return draw::ExclusionReason::kCertificate;
  }
  for (const std::string& q : required) {
    if (std::find(i.qualifications.begin(), i.qualifications.end(), q) == i.qualifications.end()) {
      return draw::ExclusionReason::kQualification;
    }
  }
  if (conflict) return draw::ExclusionReason::kConflict;
  if (task.draft.cross_unit && !c.unit_code.empty() && i.unit_code == c.unit_code) {
    return draw::ExclusionReason::kSameUnit;
  }
  if (previous) return draw::ExclusionReason::kPrevious;
  if (task.draft.workload_cap > 0 && task_load >= task.draft.workload_cap) {
    return draw::ExclusionReason::kWorkload;
  }
  return std::nullopt;
}

}  // namespace

std::string_view WireName(WideningScope scope) {
  return scope == WideningScope::kCityPool ? "city_pool" : "neighbour_county";
}

bool ParseWideningScope(std::string_view s, WideningScope* out) {
  if (s == "neighbour_county") {
    *out = WideningScope::kNeighbourCounty;
    return true;
  }
  if (s == "city_pool") {
    *out = WideningScope::kCityPool;
    return true;
  }
  return false;
}

Result<AssignmentOutcome> AssignTask(Services& s, const Caller& caller, std::string_view number) {
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  const bool targeted = task.draft.kind == TaskKind::kTargeted;
  const bool allowed =
      task.state == TaskState::kAssigned ||
      (targeted ? task.state == TaskState::kDraft : task.state == TaskState::kDrawn);
  if (!allowed) return internal::WrongState(task, "be assigned");
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckRow> checks,
                          store::TaskChecks(tx->sql(), task.id));
  SUNLIT_ASSIGN_OR_RETURN(Built b, BuildInput(*tx, task, checks));
  if (b.pending.empty()) {
    if (task.state != TaskState::kAssigned) {
      return FailedPrecondition("task " + task.number + " has no check to staff");
    }
    SUNLIT_ASSIGN_OR_RETURN(std::vector<store::AssignmentRow> runs,
                            store::TaskAssignments(tx->sql(), task.id));
    if (runs.empty())
      return DataLoss("stored data is damaged",
                      "task " + task.number + " is assigned without a run");
    AssignmentOutcome o = OutcomeOf(runs.back());
    o.staffed = 0;
    o.task = std::move(task);
    return o;
  }

  draw::AssignStats stats;
  SUNLIT_ASSIGN_OR_RETURN(draw::AssignmentResult result, draw::Assign(b.input, &stats));
  AssignmentOutcome out;
  out.seed = Hex(result.seed);
  out.augmented = stats.augmentations;
  if (!result.feasible) {
    // Nothing is stored: the transaction rolls back (it wrote nothing).
    out.explanation = Explain(result, b.pending.size());
    out.unstaffed = std::move(result.unstaffed);
    out.task = std::move(task);
    return out;
  }

  store::AssignmentRow run;
  run.task_id = task.id;
  run.input = draw::AssignmentInputToJson(b.input);
  run.result = draw::AssignmentResultToJson(result);
  run.input_hash = Hex(draw::Sha256Of(run.input));
  run.result_hash = Hex(draw::Sha256Of(run.result));
  run.seed = out.seed;
  run.widening = b.pool.widening.dump();
  run.checks = static_cast<int64_t>(b.pending.size());
  run.created_at = now;
  run.created_by = caller.Actor();
  SUNLIT_RETURN_IF_ERROR(store::InsertAssignment(tx->sql(), run).status());

  std::vector<store::CheckInspectorRow> members;
  members.reserve(b.pending.size() * 2);
  for (size_t e = 0; e < result.teams.size(); ++e) {
    for (const draw::DepartmentTeam& d : result.teams[e].departments) {
      for (const std::string& code : d.inspectors) {
        members.push_back({b.pending[e].id, code, d.department, now, run.id});
      }
    }
  }
  SUNLIT_RETURN_IF_ERROR(store::InsertCheckInspectors(tx->sql(), members));
  SUNLIT_RETURN_IF_ERROR(
      store::SetTaskChecksState(tx->sql(), task.id, "pending", "assigned").status());
  SUNLIT_ASSIGN_OR_RETURN(store::TaskRow row, RowOf(*tx, number));
  row.state = std::string(WireName(TaskState::kAssigned));
  row.assigned_at = row.updated_at = now;
  SUNLIT_ASSIGN_OR_RETURN(row.version, store::UpdateTask(tx->sql(), row));
  int64_t max_new = 0;
  for (const draw::InspectorLoad& l : result.loads) max_new = std::max(max_new, l.new_load);
  SUNLIT_RETURN_IF_ERROR(Log(*s.ledger, *tx, "assignment", task.number,
                             Json{{"number", task.number},
                                  {"run", run.seq},
                                  {"protocol", std::string(draw::kAssignProtocolV1)},
                                  {"input_hash", run.input_hash},
                                  {"result_hash", run.result_hash},
                                  {"seed", run.seed},
                                  {"checks", run.checks},
                                  {"inspectors", b.input.inspectors.size()},
                                  {"members", members.size()},
                                  {"max_new_load", max_new},
                                  {"widening", b.pool.widening},
                                  {"actor", caller.Actor()}}
                                 .dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  out.feasible = true;
  out.computed_now = true;
  out.run = run.seq;
  out.staffed = run.checks;
  out.input_hash = run.input_hash;
  out.result_hash = run.result_hash;
  SUNLIT_ASSIGN_OR_RETURN(out.task, internal::TaskFromRow(row));
  return out;
}

Result<Widening> WidenInspectorPool(Services& s, const Caller& caller, std::string_view number,
                                    WideningScope scope, const std::vector<int32_t>& regions,
                                    std::string_view reason) {
  SUNLIT_RETURN_IF_ERROR(ValidateText("the reason", reason, 500, true));
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  if (task.state == TaskState::kClosed) return internal::WrongState(task, "be widened");
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckRow> checks,
                          store::TaskChecks(tx->sql(), task.id));
  SUNLIT_ASSIGN_OR_RETURN(InspectorPool pool, PoolOf(*tx, task, checks));
  const std::set<std::string> prefectures = PrefecturesOf(task, checks);
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  Widening w;
  w.scope = scope;
  w.reason = std::string(reason);
  w.at = now;
  w.actor = caller.Actor();
  if (scope == WideningScope::kCityPool) {
    if (!regions.empty())
      return InvalidArgument("the city pool is the task's own city: give no regions");
    for (const std::string& p : prefectures) w.regions.push_back(std::stoi(p) * 100);
    if (w.regions.empty()) return FailedPrecondition("task " + task.number + " has no region yet");
  } else {
    if (regions.empty() || regions.size() > kMaxNeighbours) {
      return InvalidArgument("name 1 to 10 neighbouring counties");
    }
    for (const int32_t r : regions) {
      const core::RegionRow* row = ref.regions.Find(r);
      if (row == nullptr || row->level != 3) {
        return InvalidArgument(std::to_string(r) + " is not a county (区县)");
      }
      if (prefectures.count(std::to_string(r).substr(0, 4)) == 0) {
        return InvalidArgument(row->name + " is not in the task's city");
      }
      if (InPool(r, pool)) {
        return InvalidArgument(row->name + "'s inspectors are already in the task's pool");
      }
      w.regions.push_back(r);
    }
    std::sort(w.regions.begin(), w.regions.end());
    w.regions.erase(std::unique(w.regions.begin(), w.regions.end()), w.regions.end());
  }
  store::WideningRow row;
  row.task_id = task.id;
  row.scope = std::string(WireName(scope));
  row.regions = Json(w.regions).dump();
  row.reason = w.reason;
  row.at = now;
  row.actor = w.actor;
  SUNLIT_RETURN_IF_ERROR(store::InsertWidening(tx->sql(), row).status());
  SUNLIT_RETURN_IF_ERROR(Log(*s.ledger, *tx, "assignment_widened", task.number,
                             Json{{"number", task.number},
                                  {"scope", row.scope},
                                  {"regions", w.regions},
                                  {"reason", w.reason},
                                  {"actor", w.actor}}
                                 .dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return w;
}

Result<std::vector<Widening>> ListWidenings(Services& s, const Caller& caller,
                                            std::string_view number) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  internal::Reach reach = internal::Reach::kNone;
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadReadable(*tx, caller, number, &reach));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::WideningRow> rows,
                          store::TaskWidenings(tx->sql(), task.id));
  std::vector<Widening> out;
  for (const store::WideningRow& r : rows) {
    Widening w;
    ParseWideningScope(r.scope, &w.scope);
    try {
      w.regions = Json::parse(r.regions).get<std::vector<int32_t>>();
    } catch (const std::exception&) {
      return DataLoss("stored data is damaged", "widening regions");
    }
    w.reason = r.reason;
    w.at = r.at;
    w.actor = r.actor;
    out.push_back(std::move(w));
  }
  return out;
}

Result<std::vector<CountyChoice>> WideningCandidates(Services& s, const Caller& caller,
                                                     std::string_view number) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  internal::Reach reach = internal::Reach::kNone;
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadReadable(*tx, caller, number, &reach));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckRow> checks,
                          store::TaskChecks(tx->sql(), task.id));
  SUNLIT_ASSIGN_OR_RETURN(InspectorPool pool, PoolOf(*tx, task, checks));
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  std::vector<CountyChoice> out;
  for (const std::string& prefecture : PrefecturesOf(task, checks)) {
    for (const core::RegionRow* row : ref.regions.CountiesWithin(prefecture)) {
      if (row->level != 3 || InPool(row->code, pool)) continue;
      out.push_back({row->code, row->name});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const CountyChoice& a, const CountyChoice& b) { return a.code < b.code; });
  return out;
}

Result<Check> SwapInspector(Services& s, const Caller& caller, std::string_view number,
                            std::string_view entity_code, std::string_view remove_code,
                            std::string_view add_code, std::string_view reason) {
  SUNLIT_RETURN_IF_ERROR(ValidateText("the reason", reason, 500, true));
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadWritable(*tx, caller, number));
  if (task.state != TaskState::kAssigned) return internal::WrongState(task, "change a team");
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::CheckRow> check,
                          store::FindCheck(tx->sql(), task.id, entity_code));
  if (!check.has_value()) {
    return NotFound(std::string(entity_code) + " is not checked in task " + task.number);
  }
  if (check->state != "assigned") {
    return FailedPrecondition("the check of " + check->entity_code + " is " + check->state +
                              ": only a staffed check whose results are not entered changes team");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckInspectorRow> team,
                          store::CheckInspectors(tx->sql(), check->id));
  const auto on_team = [&](std::string_view code) {
    return std::any_of(team.begin(), team.end(),
                       [&](const store::CheckInspectorRow& m) { return m.inspector_code == code; });
  };
  if (!on_team(remove_code)) {
    return InvalidArgument(std::string(remove_code) + " is not on the team of " +
                           check->entity_code);
  }
  if (on_team(add_code)) {
    return InvalidArgument(std::string(add_code) + " is already on the team of " +
                           check->entity_code);
  }
  std::string department;
  for (const store::CheckInspectorRow& m : team) {
    if (m.inspector_code == remove_code) department = m.department_code;
  }
  SUNLIT_ASSIGN_OR_RETURN(std::optional<core::Inspector> added, tx->FindInspector(add_code));
  if (!added.has_value()) return NotFound("there is no inspector " + std::string(add_code));
  if (added->department_code != department) {
    return FailedPrecondition(std::string(add_code) + " is of " + added->department_code +
                              ", the place is " + department + "'s (the team composition stays)");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckRow> checks,
                          store::TaskChecks(tx->sql(), task.id));
  SUNLIT_ASSIGN_OR_RETURN(InspectorPool pool, PoolOf(*tx, task, checks));
  if (!InPool(added->region, pool)) {
    return FailedPrecondition(std::string(add_code) +
                              " is outside the task's inspector pool (declare a widening first)");
  }
  const std::vector<std::string> required = RequiredQualifications(task)[department];
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::ConflictRow> conflicts,
                          store::ListConflicts(tx->sql(), add_code, check->entity_code));
  const std::vector<std::string> codes = {check->entity_code};
  using Previous = std::map<std::string, std::vector<std::string>, std::less<>>;
  SUNLIT_ASSIGN_OR_RETURN(Previous previous, store::PreviousInspectors(tx->sql(), codes, task.id));
  bool was_previous = false;
  if (auto it = previous.find(check->entity_code); it != previous.end()) {
    was_previous = std::find(it->second.begin(), it->second.end(), add_code) != it->second.end();
  }
  using Loads = std::map<std::string, int64_t, std::less<>>;
  SUNLIT_ASSIGN_OR_RETURN(Loads loads, store::TaskInspectorLoads(tx->sql(), task.id));
  const auto load = loads.find(add_code);
  const std::optional<draw::ExclusionReason> why =
      FirstExclusion(*added, *check, task, required, !conflicts.empty(), was_previous,
                     load == loads.end() ? 0 : load->second);
  if (why.has_value()) {
    return FailedPrecondition(std::string(add_code) + " cannot check " + check->entity_code + ": " +
                              std::string(draw::ExclusionReasonName(*why)));
  }
  SUNLIT_RETURN_IF_ERROR(store::DeleteCheckInspector(tx->sql(), check->id, remove_code));
  const std::vector<store::CheckInspectorRow> row = {
      {check->id, std::string(add_code), department, now, 0}};
  SUNLIT_RETURN_IF_ERROR(store::InsertCheckInspectors(tx->sql(), row));
  store::SwapRow swap;
  swap.check_id = check->id;
  swap.removed_inspector = std::string(remove_code);
  swap.added_inspector = std::string(add_code);
  swap.reason = std::string(reason);
  swap.at = now;
  swap.actor = caller.Actor();
  SUNLIT_RETURN_IF_ERROR(store::InsertSwap(tx->sql(), swap).status());
  Json body = {{"number", task.number},
               {"check_id", check->id},
               {"department", department},
               {"removed", swap.removed_inspector},
               {"added", swap.added_inspector},
               {"reason", swap.reason},
               {"actor", swap.actor}};
  if (!task.draft.confidential) body["entity_code"] = check->entity_code;
  SUNLIT_RETURN_IF_ERROR(Log(*s.ledger, *tx, "assignment_swap", task.number, body.dump()));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckInspectorRow> now_team,
                          store::CheckInspectors(tx->sql(), check->id));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  Check c = internal::CheckFromRow(*check, task.number);
  for (const store::CheckInspectorRow& m : now_team) {
    c.inspectors.push_back({m.inspector_code, m.department_code, m.assigned_at});
  }
  return c;
}

Result<Conflict> DeclareConflict(Services& s, const Caller& caller, std::string_view inspector_code,
                                 std::string_view entity_code, std::string_view reason) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  SUNLIT_RETURN_IF_ERROR(ValidateText("the reason", reason, 500, true));
  const std::string now = s.clock->NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<core::Inspector> inspector,
                          tx->FindInspector(inspector_code));
  const bool self = !caller.inspector_code.empty() && caller.inspector_code == inspector_code;
  if (!self) {
    if (!caller.Can(perm::kDirectoryWrite)) {
      return PermissionDenied("only the inspector or their department declares a conflict",
                              "directory.write missing");
    }
    if (!inspector.has_value() ||
        !caller.CanIn(perm::kDirectoryWrite, inspector->department_code)) {
      return NotFound("there is no inspector " + std::string(inspector_code));
    }
  }
  if (!inspector.has_value())
    return NotFound("there is no inspector " + std::string(inspector_code));
  SUNLIT_ASSIGN_OR_RETURN(std::optional<core::Entity> entity, tx->FindEntity(entity_code));
  if (!entity.has_value()) return NotFound("there is no entity " + std::string(entity_code));
  Conflict c{std::string(inspector_code), std::string(entity_code), std::string(reason), now,
             caller.Actor()};
  Status inserted = store::InsertConflict(
      tx->sql(), {c.inspector_code, c.entity_code, c.reason, c.declared_at, c.declared_by});
  if (inserted.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists(c.inspector_code + " has already declared a conflict with " +
                         c.entity_code);
  }
  SUNLIT_RETURN_IF_ERROR(inserted);
  SUNLIT_RETURN_IF_ERROR(Log(*s.ledger, *tx, "conflict_declared", "inspector:" + c.inspector_code,
                             Json{{"inspector", c.inspector_code},
                                  {"entity", c.entity_code},
                                  {"reason_sha256", Hex(draw::Sha256Of(c.reason))},
                                  {"by_inspector", self},
                                  {"actor", c.declared_by}}
                                 .dump()));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return c;
}

Result<std::vector<Conflict>> ListConflicts(Services& s, const Caller& caller,
                                            std::string_view inspector_code,
                                            std::string_view entity_code) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kDirectoryWrite));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::ConflictRow> rows,
                          store::ListConflicts(tx->sql(), inspector_code, entity_code));
  std::map<std::string, std::string> department_of;
  std::vector<Conflict> out;
  for (store::ConflictRow& r : rows) {
    auto it = department_of.find(r.inspector_code);
    if (it == department_of.end()) {
      SUNLIT_ASSIGN_OR_RETURN(std::optional<core::Inspector> i,
                              tx->FindInspector(r.inspector_code));
      it = department_of.emplace(r.inspector_code, i.has_value() ? i->department_code : "").first;
    }
    if (!caller.CanIn(perm::kDirectoryWrite, it->second)) continue;
    out.push_back({std::move(r.inspector_code), std::move(r.entity_code), std::move(r.reason),
                   std::move(r.declared_at), std::move(r.declared_by)});
  }
  return out;
}

Result<std::vector<AssignmentRun>> ListAssignments(Services& s, const Caller& caller,
                                                   std::string_view number) {
  const core::Date today = internal::Today(*s.clock);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  internal::Reach reach = internal::Reach::kNone;
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadReadable(*tx, caller, number, &reach));
  // The documents name every entity: as confidential as the list of checks.
  if (reach != internal::Reach::kFull || !internal::MaySeeList(caller, task, today)) {
    return NotFound("there is no assignment of task " + task.number + " to show");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::AssignmentRow> rows,
                          store::TaskAssignments(tx->sql(), task.id));
  std::vector<AssignmentRun> out;
  for (store::AssignmentRow& r : rows) {
    out.push_back({r.seq, std::move(r.input), std::move(r.result), std::move(r.input_hash),
                   std::move(r.result_hash), std::move(r.seed), r.checks, std::move(r.created_at),
                   std::move(r.created_by)});
  }
  return out;
}

Result<int64_t> VerifyStoredAssignments(store::Store& store, std::string_view number) {
  std::vector<store::AssignmentRow> runs;
  std::string record_hash;
  bool targeted = false;
  {
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(std::optional<store::TaskRow> task, store::FindTask(tx->sql(), number));
    if (!task.has_value()) return NotFound("there is no task " + std::string(number));
    targeted = task->kind == "targeted";
    SUNLIT_ASSIGN_OR_RETURN(runs, store::TaskAssignments(tx->sql(), task->id));
    if (!targeted) {
      SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> pool, tx->FindDrawPool(number));
      if (pool.has_value())
        record_hash = draw::ToHex(std::span<const uint8_t>(
            reinterpret_cast<const uint8_t*>(pool->record_hash.data()), pool->record_hash.size()));
    }
  }
  if (runs.empty()) return NotFound("task " + std::string(number) + " has no stored assignment");
  // The logged hashes of the task's runs.
  std::set<std::pair<std::string, std::string>> logged;
  SUNLIT_ASSIGN_OR_RETURN(std::vector<ledger::StoredEvent> events,
                          ledger::Ledger::Events(store, 0, INT64_MAX));
  for (const ledger::StoredEvent& e : events) {
    if (e.event.kind != "assignment" || e.event.subject != number) continue;
    try {
      const Json body = Json::parse(e.event.body);
      logged.insert(
          {body.at("input_hash").get<std::string>(), body.at("result_hash").get<std::string>()});
    } catch (const std::exception&) {
      return DataLoss("the log is damaged", "assignment event " + std::to_string(e.seq));
    }
  }
  for (const store::AssignmentRow& r : runs) {
    const std::string which = "run " + std::to_string(r.seq) + ": ";
    if (Hex(draw::Sha256Of(r.input)) != r.input_hash) {
      return DataLoss(which + "the input does not match its stored hash");
    }
    if (Hex(draw::Sha256Of(r.result)) != r.result_hash) {
      return DataLoss(which + "the result does not match its stored hash");
    }
    if (logged.count({r.input_hash, r.result_hash}) == 0) {
      return DataLoss(which + "no assignment event of the log carries these hashes");
    }
    Result<draw::AssignmentInput> input = draw::AssignmentInputFromJson(r.input);
    if (!input.ok()) return DataLoss(which + input.status().message());
    Result<draw::AssignmentResult> result = draw::AssignmentResultFromJson(r.result);
    if (!result.ok()) return DataLoss(which + result.status().message());
    if (!targeted && Hex(input->seed) != record_hash) {
      return DataLoss(which + "the seed is not SHA-256 of the task's draw record");
    }
    const Status verified = draw::VerifyAssignment(*input, *result);
    if (!verified.ok()) return InvalidArgument(which + verified.message());
  }
  return static_cast<int64_t>(runs.size());
}

}  // namespace sunlit::app
