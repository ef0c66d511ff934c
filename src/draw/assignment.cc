// Inspector assignment (docs/assignment.md): validation, then per department a greedy pass
// and breadth-first augmenting paths (a maximum b-matching), then the explanations.
//
// The code computes exactly the procedure of docs/assignment.md, but not literally; the
// tests check it against a literal re-implementation. What differs, and why the result
// cannot:
//  * Phase 1 keeps the inspectors with room ordered per unit, with the first of each unit
//    in an ordered set of heads: a unit cross_unit excludes is passed over at once, and the
//    first eligible inspector of the whole order is still the one found (a unit whose head
//    comes after the best candidate so far cannot hold a better one).
//  * A failed search marks everything it reached as dead and later searches skip it. The
//    reached set R is closed in the residual graph (every residual arc out of R stays in R)
//    and holds no inspector with room, so no augmenting path can enter R and leave it again;
//    later augmentations never touch R, R stays closed, and a search that skips R discovers
//    exactly the nodes (in the same order) it would discover otherwise, less those in R.
//    This bounds the total work of failed searches by the size of the graph, which matters
//    when most places cannot be filled.
//  * The breadth-first search keeps a queue of inspectors instead of entities and scans an
//    inspector's entities when the inspector leaves the queue. Entities are scanned in the
//    order of the textbook entity queue (grouped by the inspector that reached them, in
//    discovery order, then in draw order), so the same path is found, but a search that
//    succeeds early never lists entities it would not have scanned.
//  * Unreached inspectors sit in a linked list with a count per unit: a scan skips only the
//    ineligible ones, and none at all when everybody left belongs to the unit cross_unit
//    excludes. A failed search changes no load and removes only inspectors that die, so its
//    list is reused by the next search; it is rebuilt after a load changes.
#include "draw/assignment.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <set>
#include <utility>

#include "draw/protocol.h"

namespace sunlit::draw {
namespace {

constexpr int32_t kNone = -1;

bool IsValidName(std::string_view s) {
  if (s.empty() || s.size() > kMaxAssignCodeLength) return false;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  return true;
}

Status Invalid(const std::string& what) { return InvalidArgument(what); }

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

Status ValidateNames(const std::vector<std::string>& names, const std::string& where) {
  if (names.size() > kMaxAssignListLength) {
    return Invalid(where + " has more than " + std::to_string(kMaxAssignListLength) + " elements");
  }
  for (size_t k = 0; k < names.size(); ++k) {
    if (!IsValidName(names[k])) {
      return Invalid(where + "[" + std::to_string(k) +
                     "] must be 1 to 64 bytes without control characters");
    }
  }
  return Status::Ok();
}

void AppendFramed(Sha256& h, const void* data, size_t size) {
  const uint8_t len[4] = {static_cast<uint8_t>(size >> 24), static_cast<uint8_t>(size >> 16),
                          static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size)};
  h.Update(len, 4);
  h.Update(data, size);
}

// ---- Prepared input: indices instead of strings ----

struct Prepared {
  const AssignmentInput* in = nullptr;
  // Inspector codes sorted bytewise, with their input index, for lookups.
  std::vector<std::pair<std::string_view, int32_t>> by_code;
  std::vector<int32_t> unit;         // per inspector: unit id
  int32_t units = 0;                 // number of distinct units
  std::vector<int32_t> entity_unit;  // per entity: unit id of its jurisdiction, or kNone
  // Per entity, inspectors it excludes (conflicts, and the previous inspectors unless
  // allow_previous): CSR layout, each entity's part sorted and unique.
  std::vector<size_t> excl_begin;
  std::vector<int32_t> excl;
  std::vector<int32_t> department;  // per inspector: index into departments, or kNone
  std::vector<uint8_t> in_pool;     // per inspector: active, certified, qualified
  struct Department {
    std::string_view name;
    int64_t count = 0;
    int64_t members = 0;                       // inspectors of the department in the input
    std::array<int64_t, 3> global_excluded{};  // inactive, certificate, qualification
    std::vector<int32_t> pool;
  };
  std::vector<Department> departments;  // ascending by name (the team map's order)

  int32_t Find(std::string_view code) const {
    auto it = std::lower_bound(by_code.begin(), by_code.end(), code,
                               [](const auto& p, std::string_view c) { return p.first < c; });
    return it != by_code.end() && it->first == code ? it->second : kNone;
  }

  // True when e lists i as a conflict (or, unless allow_previous, a previous inspector).
  bool Listed(int32_t i, int32_t e) const {
    const int32_t* begin = excl.data() + excl_begin[e];
    const int32_t* end = excl.data() + excl_begin[e + 1];
    if (end - begin > 16) return std::binary_search(begin, end, i);
    for (const int32_t* p = begin; p != end; ++p) {
      if (*p == i) return true;
    }
    return false;
  }
  // For a pool member i: may it check e?
  bool Eligible(int32_t i, int32_t e) const {
    return !(in->cross_unit && unit[i] == entity_unit[e]) && !Listed(i, e);
  }
};

// True when `have` (any order) contains every tag of `need`.
bool HoldsAll(const std::vector<std::string>& have, const std::vector<std::string>& need) {
  for (const std::string& t : need) {
    if (std::find(have.begin(), have.end(), t) == have.end()) return false;
  }
  return true;
}

Prepared Prepare(const AssignmentInput& in) {
  Prepared p;
  p.in = &in;
  const size_t n_insp = in.inspectors.size();
  const size_t n_ent = in.entities.size();
  p.by_code.reserve(n_insp);
  for (size_t i = 0; i < n_insp; ++i) {
    p.by_code.emplace_back(in.inspectors[i].code, static_cast<int32_t>(i));
  }
  std::sort(p.by_code.begin(), p.by_code.end());

  std::map<std::string_view, int32_t> units;
  p.unit.resize(n_insp);
  for (size_t i = 0; i < n_insp; ++i) {
    p.unit[i] =
        units.emplace(in.inspectors[i].unit, static_cast<int32_t>(units.size())).first->second;
  }
  p.units = static_cast<int32_t>(units.size());
  p.entity_unit.resize(n_ent, kNone);
  p.excl_begin.reserve(n_ent + 1);
  p.excl_begin.push_back(0);
  std::vector<int32_t> scratch;
  for (size_t e = 0; e < n_ent; ++e) {
    const AssignEntity& ent = in.entities[e];
    if (auto it = units.find(ent.jurisdiction_unit); it != units.end()) {
      p.entity_unit[e] = it->second;
    }
    scratch.clear();
    for (const std::string& c : ent.conflicts) {
      if (const int32_t i = p.Find(c); i != kNone) scratch.push_back(i);
    }
    if (!in.allow_previous) {
      for (const std::string& c : ent.previous_inspectors) {
        if (const int32_t i = p.Find(c); i != kNone) scratch.push_back(i);
      }
    }
    std::sort(scratch.begin(), scratch.end());
    scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
    p.excl.insert(p.excl.end(), scratch.begin(), scratch.end());
    p.excl_begin.push_back(p.excl.size());
  }

  static const std::vector<std::string> kNoTags;
  for (const auto& [name, count] : in.team) {
    Prepared::Department d;
    d.name = name;
    d.count = count;
    p.departments.push_back(std::move(d));
  }
  p.department.assign(n_insp, kNone);
  p.in_pool.assign(n_insp, 0);
  for (size_t i = 0; i < n_insp; ++i) {
    const AssignInspector& insp = in.inspectors[i];
    auto it = in.team.find(insp.department);
    if (it == in.team.end()) continue;
    const auto d = static_cast<int32_t>(std::distance(in.team.begin(), it));
    p.department[i] = d;
    Prepared::Department& dep = p.departments[d];
    ++dep.members;
    auto req = in.required_qualifications.find(insp.department);
    const std::vector<std::string>& need =
        req == in.required_qualifications.end() ? kNoTags : req->second;
    if (insp.status != core::InspectorStatus::kActive) {
      ++dep.global_excluded[0];
    } else if (!insp.certificate_expiry || *insp.certificate_expiry < in.check_date) {
      ++dep.global_excluded[1];
    } else if (!HoldsAll(insp.qualifications, need)) {
      ++dep.global_excluded[2];
    } else {
      p.in_pool[i] = 1;
      dep.pool.push_back(static_cast<int32_t>(i));
    }
  }
  return p;
}

// ---- The matching of one department ----

// The order of inspectors: ascending (total load, key, code).
struct OrderKey {
  int64_t total;
  uint64_t key_prefix;  // the key's first 8 bytes, big-endian: most comparisons end here
  Digest key;
  const std::string* code;
  int32_t inspector;
};
struct OrderLess {
  bool operator()(const OrderKey& a, const OrderKey& b) const {
    if (a.total != b.total) return a.total < b.total;
    if (a.key_prefix != b.key_prefix) return a.key_prefix < b.key_prefix;
    if (const int c = std::memcmp(a.key.data(), b.key.data(), kDigestSize); c != 0) return c < 0;
    return *a.code < *b.code;
  }
};

uint64_t Prefix(const Digest& d) {
  uint64_t v = 0;
  for (size_t k = 0; k < 8; ++k) v = v << 8 | d[k];
  return v;
}

class DepartmentMatcher {
 public:
  DepartmentMatcher(const Prepared& p, int32_t dept)
      : p_(p),
        in_(*p.in),
        dept_(p.departments[dept]),
        count_(static_cast<int32_t>(dept_.count)),
        cap_(in_.workload_cap) {
    const size_t n_ent = in_.entities.size();
    members_.assign(n_ent * static_cast<size_t>(count_), kNone);
    size_.assign(n_ent, 0);
    state_.resize(in_.inspectors.size());
    unit_open_.resize(static_cast<size_t>(p.units));
    head_.resize(static_cast<size_t>(p.units));
    for (const int32_t i : dept_.pool) {
      State& s = state_[i];
      s.total = in_.inspectors[i].current_load;
      s.key = AssignmentKey(in_.seed, in_.inspectors[i].code, static_cast<uint64_t>(s.total));
      InsertOpen(i);
      spare_ += cap_;
    }
  }

  void Run() {
    const auto n_ent = static_cast<int32_t>(in_.entities.size());
    // Phase 1: greedy, entities in draw order.
    for (int32_t e = 0; e < n_ent; ++e) {
      while (size_[e] < count_) {
        const int32_t i = FirstOpen(e);
        if (i == kNone) break;
        AddMember(e, i);
        AddLoad(i);
        ++greedy_;
      }
    }
    // Phase 2: augmenting paths for the places left empty, entities in draw order.
    slot_dead_.assign(static_cast<size_t>(n_ent), 0);
    slot_mark_.assign(static_cast<size_t>(n_ent), 0);
    slot_from_.assign(static_cast<size_t>(n_ent), kNone);
    for (int32_t e = 0; e < n_ent; ++e) {
      while (size_[e] < count_ && spare_ > 0 && !slot_dead_[e] && Search(e)) {
      }
    }
  }

  // Members of entity e's team, sorted by code.
  std::vector<std::string> Team(int32_t e) const {
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(size_[e]));
    for (int32_t k = 0; k < size_[e]; ++k) {
      out.push_back(in_.inspectors[members_[Index(e, k)]].code);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  int32_t TeamSize(int32_t e) const { return size_[e]; }
  bool OnTeam(int32_t e, int32_t i) const {
    for (int32_t k = 0; k < size_[e]; ++k) {
      if (members_[Index(e, k)] == i) return true;
    }
    return false;
  }
  int64_t NewLoad(int32_t i) const { return state_[i].new_load; }
  void AddStats(AssignStats& s) const {
    s.greedy_places += greedy_;
    s.augmentations += augmentations_;
    s.failed_searches += failed_;
    s.entities_reached += entities_reached_;
    s.inspectors_reached += inspectors_reached_;
  }

 private:
  struct State {
    int64_t total = 0;
    int64_t new_load = 0;
    Digest key{};
    std::vector<int32_t> entities;  // on whose teams, ascending (= draw order)
    int32_t from = kNone;           // the entity it was reached from
    bool dead = false;
  };

  size_t Index(int32_t e, int32_t k) const {
    return static_cast<size_t>(e) * static_cast<size_t>(count_) + static_cast<size_t>(k);
  }
  OrderKey KeyOf(int32_t i) const {
    const State& s = state_[i];
    return {s.total, Prefix(s.key), s.key, &in_.inspectors[i].code, i};
  }

  void AddMember(int32_t e, int32_t i) {
    members_[Index(e, size_[e]++)] = i;
    std::vector<int32_t>& v = state_[i].entities;
    v.insert(std::upper_bound(v.begin(), v.end(), e), e);
  }
  void RemoveMember(int32_t e, int32_t i) {
    for (int32_t k = 0; k < size_[e]; ++k) {
      if (members_[Index(e, k)] == i) {
        members_[Index(e, k)] = members_[Index(e, size_[e] - 1)];
        members_[Index(e, --size_[e])] = kNone;
        break;
      }
    }
    std::vector<int32_t>& v = state_[i].entities;
    v.erase(std::lower_bound(v.begin(), v.end(), e));
  }
  // One more check for inspector i: its total load, key and place in the order change.
  // REQUIRES: new_load < cap.
  void AddLoad(int32_t i) {
    EraseOpen(i);
    State& s = state_[i];
    ++s.new_load;
    ++s.total;
    --spare_;
    s.key = AssignmentKey(in_.seed, in_.inspectors[i].code, static_cast<uint64_t>(s.total));
    if (s.new_load < cap_) InsertOpen(i);
    if (!sorted_.empty()) moved_.push_back(i);
    order_valid_ = false;
  }

  // The open inspectors (new_load < cap) are kept in one ordered set per unit, and the
  // first of each unit in heads_, so that phase 1 passes over a whole unit that cross_unit
  // excludes instead of over each of its inspectors.
  void InsertOpen(int32_t i) {
    const int32_t u = p_.unit[i];
    unit_open_[u].insert(KeyOf(i));
    RefreshHead(u);
  }
  void EraseOpen(int32_t i) {
    const int32_t u = p_.unit[i];
    unit_open_[u].erase(KeyOf(i));
    RefreshHead(u);
  }
  void RefreshHead(int32_t u) {
    const std::set<OrderKey, OrderLess>& open = unit_open_[u];
    std::optional<OrderKey>& head = head_[u];
    if (head && !open.empty() && head->inspector == open.begin()->inspector &&
        head->total == open.begin()->total) {
      return;  // unchanged
    }
    if (head) heads_.erase(*head);
    head.reset();
    if (!open.empty()) {
      head = *open.begin();
      heads_.insert(*head);
    }
  }

  // Phase 1's choice for entity e: the first open inspector in the order that is eligible
  // for e and not on its team, or kNone. The same as scanning all open inspectors in order:
  // units are visited by their first member, and a unit whose first member comes after the
  // best candidate so far cannot hold a better one.
  int32_t FirstOpen(int32_t e) const {
    const OrderKey* best = nullptr;
    const OrderLess less;
    for (const OrderKey& head : heads_) {
      if (best != nullptr && !less(head, *best)) break;
      const int32_t u = p_.unit[head.inspector];
      if (in_.cross_unit && u == p_.entity_unit[e]) continue;
      for (const OrderKey& k : unit_open_[u]) {
        if (best != nullptr && !less(k, *best)) break;
        if (!p_.Listed(k.inspector, e) && !OnTeam(e, k.inspector)) {
          best = &k;
          break;
        }
      }
    }
    return best == nullptr ? kNone : best->inspector;
  }

  // Scans entity t's eligible, unreached inspectors in order; returns the first one with
  // spare capacity, or kNone after queueing all of them.
  int32_t Scan(int32_t t) {
    // When every inspector left on the list belongs to the unit that cross_unit excludes for
    // t (or none is left), nobody can be reached: skip the walk. This keeps searches cheap
    // when one crowded unit's inspectors are all that is left unreached.
    const int32_t t_unit = p_.entity_unit[t];
    if (listed_ == (in_.cross_unit && t_unit != kNone ? listed_in_unit_[t_unit] : 0)) {
      return kNone;
    }
    for (int32_t pos = next_[0]; pos != 0; pos = next_[pos]) {
      const int32_t i = order_[pos];
      if (!p_.Eligible(i, t) || OnTeam(t, i)) continue;
      next_[prev_[pos]] = next_[pos];
      prev_[next_[pos]] = prev_[pos];
      --listed_;
      --listed_in_unit_[p_.unit[i]];
      State& s = state_[i];
      s.from = t;
      if (s.new_load < cap_) return i;
      queue_.push_back(i);
    }
    return kNone;
  }

  // One breadth-first search for an augmenting path from entity s; augments and returns
  // true, or marks everything reached dead and returns false.
  bool Search(int32_t s) {
    ++stamp_;
    // The order list, dead inspectors left out, as a doubly linked list (position 0 is
    // the head sentinel). A failed search changes no load and kills every inspector it took
    // off the list, so the list it leaves is exactly the next one: rebuilt only after a load
    // changed.
    if (!order_valid_) {
      // sorted_ holds the whole pool in order: sorted at the first search, then only the
      // inspectors whose load changed since are moved.
      if (sorted_.empty()) {
        for (const int32_t i : dept_.pool) sorted_.push_back(KeyOf(i));
        std::sort(sorted_.begin(), sorted_.end(), OrderLess());
      }
      for (const int32_t i : moved_) {
        sorted_.erase(std::find_if(sorted_.begin(), sorted_.end(),
                                   [i](const OrderKey& k) { return k.inspector == i; }));
        const OrderKey k = KeyOf(i);
        sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), k, OrderLess()), k);
      }
      moved_.clear();
      order_.assign(1, kNone);
      for (const OrderKey& k : sorted_) {
        if (!state_[k.inspector].dead) order_.push_back(k.inspector);
      }
      const auto m = static_cast<int32_t>(order_.size());
      next_.resize(static_cast<size_t>(m));
      prev_.resize(static_cast<size_t>(m));
      for (int32_t pos = 0; pos < m; ++pos) {
        next_[pos] = pos + 1 == m ? 0 : pos + 1;
        prev_[pos] = pos == 0 ? m - 1 : pos - 1;
      }
      listed_ = m - 1;
      listed_in_unit_.assign(static_cast<size_t>(p_.units), 0);
      for (int32_t pos = 1; pos < m; ++pos) ++listed_in_unit_[p_.unit[order_[pos]]];
      order_valid_ = true;
    }
    queue_.clear();
    reached_slots_.assign(1, s);
    slot_mark_[s] = stamp_;
    int32_t found = Scan(s);
    for (size_t q = 0; found == kNone && q < queue_.size(); ++q) {
      const int32_t i = queue_[q];
      for (const int32_t u : state_[i].entities) {
        if (slot_mark_[u] == stamp_ || slot_dead_[u]) continue;
        slot_mark_[u] = stamp_;
        slot_from_[u] = i;
        reached_slots_.push_back(u);
        found = Scan(u);
        if (found != kNone) break;
      }
    }
    entities_reached_ += static_cast<int64_t>(reached_slots_.size());
    inspectors_reached_ += static_cast<int64_t>(queue_.size()) + (found == kNone ? 0 : 1);
    if (found == kNone) {
      ++failed_;
      for (const int32_t u : reached_slots_) slot_dead_[u] = 1;
      for (const int32_t i : queue_) state_[i].dead = true;
      return false;
    }
    // Walk back: each entity on the path gains the inspector reached from it and, except
    // s, gives up the inspector it was reached through.
    int32_t i = found;
    while (true) {
      const int32_t t = state_[i].from;
      int32_t j = kNone;
      if (t != s) {
        j = slot_from_[t];
        RemoveMember(t, j);
      }
      AddMember(t, i);
      if (t == s) break;
      i = j;
    }
    AddLoad(found);
    ++augmentations_;
    return true;
  }

  const Prepared& p_;
  const AssignmentInput& in_;
  const Prepared::Department& dept_;
  const int32_t count_;
  const int64_t cap_;
  std::vector<int32_t> members_;  // entity e's team at [e * count_, e * count_ + size_[e])
  std::vector<int32_t> size_;
  std::vector<State> state_;  // by inspector index; only pool members of the department used
  std::vector<std::set<OrderKey, OrderLess>> unit_open_;  // new_load < cap, by unit
  std::vector<std::optional<OrderKey>> head_;             // unit_open_[u].begin()
  std::set<OrderKey, OrderLess> heads_;                   // the heads, ordered
  int64_t spare_ = 0;                                     // sum of (cap - new_load) over the pool
  int64_t greedy_ = 0, augmentations_ = 0, failed_ = 0;
  int64_t entities_reached_ = 0, inspectors_reached_ = 0;
  // Search state.
  bool order_valid_ = false;             // order_, next_ and prev_ hold the current list
  int32_t listed_ = 0;                   // inspectors on the list
  std::vector<int32_t> listed_in_unit_;  // of them, per unit
  uint32_t stamp_ = 0;
  std::vector<uint8_t> slot_dead_;
  std::vector<uint32_t> slot_mark_;
  std::vector<int32_t> slot_from_;  // the inspector an entity was reached through
  std::vector<OrderKey> sorted_;    // phase 2: the pool in order, but for moved_
  std::vector<int32_t> moved_;      // inspectors whose load changed since sorted_ was ordered
  std::vector<int32_t> order_, next_, prev_, queue_, reached_slots_;
};

}  // namespace

std::string_view ExclusionReasonName(ExclusionReason r) {
  switch (r) {
    case ExclusionReason::kInactive:
      return "inactive";
    case ExclusionReason::kCertificate:
      return "certificate";
    case ExclusionReason::kQualification:
      return "qualification";
    case ExclusionReason::kConflict:
      return "conflict";
    case ExclusionReason::kSameUnit:
      return "same_unit";
    case ExclusionReason::kPrevious:
      return "previous";
    case ExclusionReason::kWorkload:
      return "workload";
  }
  return "workload";
}

Digest AssignmentKey(const Digest& seed, std::string_view code, uint64_t total_load) {
  Sha256 h;
  AppendFramed(h, kAssignProtocolV1.data(), kAssignProtocolV1.size());
  AppendFramed(h, seed.data(), seed.size());
  AppendFramed(h, code.data(), code.size());
  uint8_t level[8];
  for (int k = 0; k < 8; ++k) level[k] = static_cast<uint8_t>(total_load >> (56 - 8 * k));
  AppendFramed(h, level, sizeof level);
  return h.Finish();
}

Status ValidateAssignmentInput(const AssignmentInput& in) {
  if (in.team.empty()) return Invalid("team must name at least one department");
  if (in.team.size() > kMaxAssignDepartments) {
    return Invalid("team has more than " + std::to_string(kMaxAssignDepartments) + " departments");
  }
  int64_t total = 0;
  for (const auto& [dept, count] : in.team) {
    if (!IsValidName(dept)) {
      return Invalid("team: department names must be 1 to 64 bytes without control characters");
    }
    if (count < 1 || count > kMaxTeamPerDepartment) {
      return Invalid("team." + dept + " must be between 1 and " +
                     std::to_string(kMaxTeamPerDepartment));
    }
    total += count;
  }
  if (total < 2) {
    return Invalid("team: the teams total " + std::to_string(total) +
                   " inspector; at least 2 are required (行政处罚法: 执法人员不得少于两人)");
  }
  for (const auto& [dept, tags] : in.required_qualifications) {
    if (in.team.count(dept) == 0) {
      return Invalid("required_qualifications." + dept + ": not a department of the team");
    }
    SUNLIT_RETURN_IF_ERROR(ValidateNames(tags, "required_qualifications." + dept));
  }
  if (in.workload_cap < 1 || in.workload_cap > kMaxWorkloadCap) {
    return Invalid("workload_cap must be between 1 and " + std::to_string(kMaxWorkloadCap));
  }
  if (in.inspectors.size() > kMaxAssignInspectors) {
    return Invalid("inspectors: more than " + std::to_string(kMaxAssignInspectors));
  }
  if (in.entities.size() > kMaxAssignEntities) {
    return Invalid("entities: more than " + std::to_string(kMaxAssignEntities));
  }
  std::set<std::string_view> codes;
  for (size_t k = 0; k < in.inspectors.size(); ++k) {
    const AssignInspector& i = in.inspectors[k];
    const std::string where = "inspectors[" + std::to_string(k) + "]";
    if (!IsValidName(i.code)) {
      return Invalid(where + ".code must be 1 to 64 bytes without control characters");
    }
    if (!codes.insert(i.code).second) {
      return Invalid(where + ".code " + Quoted(i.code) + " appears twice");
    }
    if (!IsValidName(i.department)) {
      return Invalid(where + ".department must be 1 to 64 bytes without control characters");
    }
    if (!IsValidName(i.unit)) {
      return Invalid(where + ".unit must be 1 to 64 bytes without control characters");
    }
    SUNLIT_RETURN_IF_ERROR(ValidateNames(i.qualifications, where + ".qualifications"));
    if (i.current_load < 0 || i.current_load > kMaxCurrentLoad) {
      return Invalid(where + ".current_load must be between 0 and " +
                     std::to_string(kMaxCurrentLoad));
    }
  }
  std::set<std::string_view> entities;
  for (size_t k = 0; k < in.entities.size(); ++k) {
    const AssignEntity& e = in.entities[k];
    const std::string where = "entities[" + std::to_string(k) + "]";
    if (!IsValidCode(e.code)) {
      return Invalid(where + ".code " + Quoted(e.code) +
                     " is not a valid unified social credit code");
    }
    if (!entities.insert(e.code).second) {
      return Invalid(where + ".code " + Quoted(e.code) + " appears twice");
    }
    if (!e.jurisdiction_unit.empty() && !IsValidName(e.jurisdiction_unit)) {
      return Invalid(where +
                     ".jurisdiction_unit must be empty or 1 to 64 bytes without control "
                     "characters");
    }
    SUNLIT_RETURN_IF_ERROR(ValidateNames(e.conflicts, where + ".conflicts"));
    SUNLIT_RETURN_IF_ERROR(ValidateNames(e.previous_inspectors, where + ".previous_inspectors"));
  }
  return Status::Ok();
}

Result<AssignmentResult> Assign(const AssignmentInput& input, AssignStats* stats) {
  SUNLIT_RETURN_IF_ERROR(ValidateAssignmentInput(input));
  const Prepared p = Prepare(input);
  const auto n_ent = static_cast<int32_t>(input.entities.size());
  const auto n_dept = static_cast<int32_t>(p.departments.size());

  AssignmentResult r;
  r.protocol = std::string(kAssignProtocolV1);
  r.seed = input.seed;
  r.teams.resize(static_cast<size_t>(n_ent));
  for (int32_t e = 0; e < n_ent; ++e) {
    r.teams[e].entity = input.entities[e].code;
    r.teams[e].departments.reserve(static_cast<size_t>(n_dept));
  }
  std::vector<uint8_t> short_team(static_cast<size_t>(n_ent), 0);
  std::vector<int64_t> new_load(input.inspectors.size(), 0);
  // Team sizes, [entity * n_dept + department], for the explanations.
  std::vector<int32_t> team_size(static_cast<size_t>(n_ent) * static_cast<size_t>(n_dept), 0);

  for (int32_t d = 0; d < n_dept; ++d) {
    const Prepared::Department& dept = p.departments[d];
    DepartmentMatcher m(p, d);
    m.Run();
    if (stats != nullptr) m.AddStats(*stats);
    for (const int32_t i : dept.pool) new_load[i] = m.NewLoad(i);
    for (int32_t e = 0; e < n_ent; ++e) {
      r.teams[e].departments.push_back({std::string(dept.name), m.Team(e)});
      team_size[static_cast<size_t>(e) * static_cast<size_t>(n_dept) + d] = m.TeamSize(e);
      if (m.TeamSize(e) < dept.count) short_team[e] = 1;
    }
  }

  // Explanations: for each short entity and each department whose places are not all
  // filled, the department's inspectors counted under the first reason that excludes them.
  std::vector<std::vector<int64_t>> unit_count;  // [department][unit]: pool members
  if (input.cross_unit) {
    const int32_t n_units =
        p.unit.empty() ? 0 : *std::max_element(p.unit.begin(), p.unit.end()) + 1;
    unit_count.assign(static_cast<size_t>(n_dept), std::vector<int64_t>(n_units, 0));
    for (int32_t d = 0; d < n_dept; ++d) {
      for (const int32_t i : p.departments[d].pool) ++unit_count[d][p.unit[i]];
    }
  }
  std::vector<int32_t> conflict, previous;
  for (int32_t e = 0; e < n_ent; ++e) {
    if (!short_team[e]) continue;
    const AssignEntity& ent = input.entities[e];
    const int32_t ent_unit = p.entity_unit[e];
    UnstaffedEntity u;
    u.entity = ent.code;
    for (int32_t d = 0; d < n_dept; ++d) {
      const Prepared::Department& dept = p.departments[d];
      SlotExplanation x;
      x.department = std::string(dept.name);
      x.required = dept.count;
      x.assigned = team_size[static_cast<size_t>(e) * static_cast<size_t>(n_dept) + d];
      if (x.assigned == x.required) continue;  // only the short departments are explained
      x.inspectors = dept.members;
      for (size_t k = 0; k < 3; ++k) x.excluded[k] = dept.global_excluded[k];
      // Pool members of the department: conflict first, then same unit, then previous.
      conflict.clear();
      previous.clear();
      for (const std::string& c : ent.conflicts) {
        const int32_t i = p.Find(c);
        if (i != kNone && p.department[i] == d && p.in_pool[i]) conflict.push_back(i);
      }
      std::sort(conflict.begin(), conflict.end());
      conflict.erase(std::unique(conflict.begin(), conflict.end()), conflict.end());
      int64_t same_unit = 0;
      if (input.cross_unit && ent_unit != kNone) {
        same_unit = unit_count[d][ent_unit];
        for (const int32_t i : conflict) same_unit -= p.unit[i] == ent_unit ? 1 : 0;
      }
      if (!input.allow_previous) {
        for (const std::string& c : ent.previous_inspectors) {
          const int32_t i = p.Find(c);
          if (i == kNone || p.department[i] != d || !p.in_pool[i]) continue;
          if (std::binary_search(conflict.begin(), conflict.end(), i)) continue;
          if (input.cross_unit && p.unit[i] == ent_unit) continue;
          previous.push_back(i);
        }
        std::sort(previous.begin(), previous.end());
        previous.erase(std::unique(previous.begin(), previous.end()), previous.end());
      }
      x.excluded[3] = static_cast<int64_t>(conflict.size());
      x.excluded[4] = same_unit;
      x.excluded[5] = static_cast<int64_t>(previous.size());
      // Every other pool member not on the team is eligible and, the matching being
      // maximum, at its cap: otherwise the last search from e would have reached it.
      x.excluded[6] = static_cast<int64_t>(dept.pool.size()) - x.assigned - x.excluded[3] -
                      x.excluded[4] - x.excluded[5];
      u.slots.push_back(std::move(x));
    }
    r.unstaffed.push_back(std::move(u));
  }
  r.feasible = r.unstaffed.empty();

  for (size_t i = 0; i < input.inspectors.size(); ++i) {
    if (p.department[i] == kNone) continue;
    const AssignInspector& insp = input.inspectors[i];
    r.loads.push_back({insp.code, insp.department, new_load[i], insp.current_load + new_load[i]});
  }
  std::sort(r.loads.begin(), r.loads.end(), [](const InspectorLoad& a, const InspectorLoad& b) {
    return a.department != b.department ? a.department < b.department : a.code < b.code;
  });
  return r;
}

}  // namespace sunlit::draw
