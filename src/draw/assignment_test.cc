// Inspector assignment: the worked example (golden), every constraint and exclusion count,
// a case greedy alone cannot solve, maximality against an independent max-flow, identity
// with a literal re-implementation of docs/assignment.md, determinism, load balance, and
// tampered results caught by VerifyAssignment.
#include "draw/assignment.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "draw/assignment_json.h"
#include "draw/assignment_test_support.h"

namespace sunlit::draw {
namespace {

using testing::AssignmentWorkedExample;
using testing::D;
using testing::Ent;
using testing::Insp;
using testing::RandomAssignmentInput;
using testing::RandomShape;

constexpr size_t kInactive = 0, kCertificate = 1, kQualification = 2, kConflict = 3, kSameUnit = 4,
                 kPrevious = 5, kWorkload = 6;

// ---- A literal re-implementation of docs/assignment.md, written from the document ----
//
// No pruning, an entity queue as in the textbook breadth-first search, keys recomputed from
// scratch, every eligibility decided from the strings. Slow and obviously faithful.

struct Reference {
  const AssignmentInput& in;
  // team[d][e]: codes on entity e's team of department d (order of joining).
  std::map<std::string, std::vector<std::vector<std::string>>> team;
  std::map<std::string, int64_t> new_load;

  explicit Reference(const AssignmentInput& input) : in(input) {
    for (const auto& [d, n] : in.team) team[d].resize(in.entities.size());
  }

  static bool Has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }
  // -1 when eligible, else the first reason.
  int Reason(const AssignInspector& i, const AssignEntity& e) const {
    if (i.status != core::InspectorStatus::kActive) return kInactive;
    if (!i.certificate_expiry || *i.certificate_expiry < in.check_date) return kCertificate;
    auto req = in.required_qualifications.find(i.department);
    if (req != in.required_qualifications.end()) {
      for (const std::string& t : req->second) {
        if (!Has(i.qualifications, t)) return kQualification;
      }
    }
    if (Has(e.conflicts, i.code)) return kConflict;
    if (in.cross_unit && i.unit == e.jurisdiction_unit) return kSameUnit;
    if (!in.allow_previous && Has(e.previous_inspectors, i.code)) return kPrevious;
    return -1;
  }
  bool Eligible(const AssignInspector& i, size_t e) const { return Reason(i, in.entities[e]) < 0; }
  int64_t Total(const AssignInspector& i) const { return i.current_load + new_load.at(i.code); }
  // The department's inspectors in the pool (active, certified, qualified), in order.
  std::vector<const AssignInspector*> Order(const std::string& d) const {
    std::vector<const AssignInspector*> v;
    const AssignEntity nobody{"", "", {}, {}};
    for (const AssignInspector& i : in.inspectors) {
      if (i.department == d && Reason(i, nobody) < 0) v.push_back(&i);
    }
    std::sort(v.begin(), v.end(), [&](const AssignInspector* a, const AssignInspector* b) {
      const int64_t ta = Total(*a), tb = Total(*b);
      if (ta != tb) return ta < tb;
      const Digest ka = AssignmentKey(in.seed, a->code, static_cast<uint64_t>(ta));
      const Digest kb = AssignmentKey(in.seed, b->code, static_cast<uint64_t>(tb));
      if (ka != kb) return ka < kb;
      return a->code < b->code;
    });
    return v;
  }

  bool Search(const std::string& d, size_t s) {
    auto& t = team[d];
    const std::vector<const AssignInspector*> order = Order(d);
    std::set<std::string> reached_i;
    std::vector<bool> reached_e(in.entities.size(), false);
    std::map<std::string, size_t> from_i;  // inspector -> entity it was reached from
    std::map<size_t, std::string> from_e;  // entity -> inspector it was reached through
    std::deque<size_t> queue = {s};
    reached_e[s] = true;
    while (!queue.empty()) {
      const size_t u = queue.front();
      queue.pop_front();
      for (const AssignInspector* i : order) {
        if (reached_i.count(i->code) || !Eligible(*i, u) || Has(t[u], i->code)) continue;
        reached_i.insert(i->code);
        from_i[i->code] = u;
        if (new_load[i->code] < in.workload_cap) {
          std::string cur = i->code;
          while (true) {
            const size_t x = from_i[cur];
            t[x].push_back(cur);
            if (x == s) break;
            const std::string prev = from_e[x];
            t[x].erase(std::find(t[x].begin(), t[x].end(), prev));
            cur = prev;
          }
          ++new_load[i->code];
          return true;
        }
        for (size_t v = 0; v < in.entities.size(); ++v) {
          if (!reached_e[v] && Has(t[v], i->code)) {
            reached_e[v] = true;
            from_e[v] = i->code;
            queue.push_back(v);
          }
        }
      }
    }
    return false;
  }

  // Phase 1; returns the number of places it fills.
  int64_t Greedy() {
    int64_t filled = 0;
    for (const AssignInspector& i : in.inspectors) new_load[i.code] = 0;
    for (size_t e = 0; e < in.entities.size(); ++e) {
      for (const auto& [d, n] : in.team) {
        while (static_cast<int64_t>(team[d][e].size()) < n) {
          const AssignInspector* pick = nullptr;
          for (const AssignInspector* i : Order(d)) {
            if (Eligible(*i, e) && !Has(team[d][e], i->code) &&
                new_load[i->code] < in.workload_cap) {
              pick = i;
              break;
            }
          }
          if (pick == nullptr) break;
          team[d][e].push_back(pick->code);
          ++new_load[pick->code];
          ++filled;
        }
      }
    }
    return filled;
  }

  AssignmentResult Run() {
    Greedy();
    for (size_t e = 0; e < in.entities.size(); ++e) {
      for (const auto& [d, n] : in.team) {
        while (static_cast<int64_t>(team[d][e].size()) < n && Search(d, e)) {
        }
      }
    }
    AssignmentResult r;
    r.protocol = "sunlit-assign-v1";
    r.seed = in.seed;
    for (size_t e = 0; e < in.entities.size(); ++e) {
      EntityTeam et{in.entities[e].code, {}};
      bool short_team = false;
      for (const auto& [d, n] : in.team) {
        std::vector<std::string> codes = team[d][e];
        std::sort(codes.begin(), codes.end());
        short_team = short_team || static_cast<int64_t>(codes.size()) < n;
        et.departments.push_back({d, codes});
      }
      r.teams.push_back(et);
      if (!short_team) continue;
      UnstaffedEntity u{in.entities[e].code, {}};
      for (const auto& [d, n] : in.team) {
        SlotExplanation x;
        x.department = d;
        x.required = n;
        x.assigned = static_cast<int64_t>(team[d][e].size());
        if (x.assigned == n) continue;
        for (const AssignInspector& i : in.inspectors) {
          if (i.department != d) continue;
          ++x.inspectors;
          if (Has(team[d][e], i.code)) continue;
          const int reason = Reason(i, in.entities[e]);
          ++x.excluded[reason < 0 ? kWorkload : static_cast<size_t>(reason)];
        }
        u.slots.push_back(x);
      }
      r.unstaffed.push_back(u);
    }
    r.feasible = r.unstaffed.empty();
    for (const AssignInspector& i : in.inspectors) {
      if (in.team.count(i.department)) {
        r.loads.push_back({i.code, i.department, new_load[i.code], Total(i)});
      }
    }
    std::sort(r.loads.begin(), r.loads.end(), [](const auto& a, const auto& b) {
      return std::tie(a.department, a.code) < std::tie(b.department, b.code);
    });
    return r;
  }
};

// ---- An independent maximum flow (Edmonds–Karp on an explicit graph) per department ----

int64_t MaxPlaces(const AssignmentInput& in) {
  Reference ref(in);  // for Reason() only
  int64_t total = 0;
  for (const auto& [d, count] : in.team) {
    std::vector<size_t> insp;
    const AssignEntity nobody{"", "", {}, {}};
    for (size_t i = 0; i < in.inspectors.size(); ++i) {
      if (in.inspectors[i].department == d) insp.push_back(i);
    }
    const size_t ne = in.entities.size(), ni = insp.size(), n = ne + ni + 2;
    const size_t src = ne + ni, sink = src + 1;
    std::vector<std::vector<int64_t>> cap(n, std::vector<int64_t>(n, 0));
    for (size_t e = 0; e < ne; ++e) {
      cap[src][e] = count;
      for (size_t k = 0; k < ni; ++k) {
        if (ref.Reason(in.inspectors[insp[k]], in.entities[e]) < 0) cap[e][ne + k] = 1;
      }
    }
    for (size_t k = 0; k < ni; ++k) cap[ne + k][sink] = in.workload_cap;
    while (true) {
      std::vector<size_t> parent(n, n);
      parent[src] = src;
      std::deque<size_t> q = {src};
      while (!q.empty() && parent[sink] == n) {
        const size_t u = q.front();
        q.pop_front();
        for (size_t v = 0; v < n; ++v) {
          if (parent[v] == n && cap[u][v] > 0) {
            parent[v] = u;
            q.push_back(v);
          }
        }
      }
      if (parent[sink] == n) break;
      for (size_t v = sink; v != src; v = parent[v]) {
        --cap[parent[v]][v];
        ++cap[v][parent[v]];
      }
      ++total;
    }
  }
  return total;
}

int64_t FilledPlaces(const AssignmentResult& r) {
  int64_t n = 0;
  for (const EntityTeam& t : r.teams) {
    for (const DepartmentTeam& d : t.departments) n += static_cast<int64_t>(d.inspectors.size());
  }
  return n;
}

AssignmentResult MustAssign(const AssignmentInput& in) {
  Result<AssignmentResult> r = Assign(in);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : AssignmentResult{};
}

const std::vector<std::string>& TeamOf(const AssignmentResult& r, size_t entity,
                                       const std::string& dept) {
  for (const DepartmentTeam& d : r.teams.at(entity).departments) {
    if (d.department == dept) return d.inspectors;
  }
  static const std::vector<std::string> kNone;
  ADD_FAILURE() << "no department " << dept;
  return kNone;
}

// ---- The worked example of docs/assignment.md ----

TEST(AssignmentGoldenTest, KeyBytes) {
  // key(i, L) = SHA-256(F("sunlit-assign-v1") || F(seed) || F(code) || F(L, 8 bytes BE)),
  // recomputed here with OpenSSL from the bytes the document spells out.
  const Digest seed = testing::SecretFrom(0);
  std::string msg;
  auto frame = [&msg](const std::string& x) {
    const auto n = static_cast<uint32_t>(x.size());
    msg += static_cast<char>(n >> 24);
    msg += static_cast<char>(n >> 16);
    msg += static_cast<char>(n >> 8);
    msg += static_cast<char>(n);
    msg += x;
  };
  frame("sunlit-assign-v1");
  frame(std::string(seed.begin(), seed.end()));
  frame("S02");
  frame(std::string("\0\0\0\0\0\0\0\x02", 8));
  Digest want{};
  SHA256(reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), want.data());
  EXPECT_EQ(AssignmentKey(seed, "S02", 2), want);
  EXPECT_EQ(msg.size(), 4u + 16 + 4 + 32 + 4 + 3 + 4 + 8);
  EXPECT_EQ(ToHex(AssignmentKey(seed, "S02", 2)),
            "e99078d70d4271e2d0cbec6db4e33dc788b094e7ea8709b6c33f9ef42768df6b");
}

TEST(AssignmentGoldenTest, WorkedExample) {
  const AssignmentResult r = MustAssign(AssignmentWorkedExample());
  const std::string want =
      R"({"protocol":"sunlit-assign-v1",)"
      R"("seed":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",)"
      R"("feasible":true,"teams":[{"entity":"914303025FGQN85B35","team":{"SCJG":["S06"],)"
      R"("WJW":["W02"]}},{"entity":"914303022F95MPWG33","team":{"SCJG":["S02"],"WJW":["W02"]}},)"
      R"({"entity":"91430302MB2KLRPMXB","team":{"SCJG":["S01"],"WJW":["W01"]}},)"
      R"({"entity":"91430304XB52CY712W","team":{"SCJG":["S06"],"WJW":["W01"]}}],)"
      R"("loads":[{"code":"S01","department":"SCJG","new":1,"total":4},{"code":"S02",)"
      R"("department":"SCJG","new":1,"total":2},{"code":"S03","department":"SCJG","new":0,)"
      R"("total":0},{"code":"S04","department":"SCJG","new":0,"total":0},{"code":"S05",)"
      R"("department":"SCJG","new":0,"total":0},{"code":"S06","department":"SCJG","new":2,)"
      R"("total":3},{"code":"W01","department":"WJW","new":2,"total":2},{"code":"W02",)"
      R"("department":"WJW","new":2,"total":6},{"code":"W03","department":"WJW","new":0,)"
      R"("total":0}],"unstaffed":[]})"
      "\n";
  EXPECT_EQ(AssignmentResultToJson(r), want);
  // The example's tie: at the fourth entity S02 and S06 both have a total load of 2, and
  // key(S06, 2) = 495d… is below key(S02, 2) = e990….
  EXPECT_EQ(ToHex(AssignmentKey(testing::SecretFrom(0), "S06", 2)),
            "495d5043b2b25f9e6f496d8f99c25797a94b56a21afd8cf7d4fe8d790bdb4f08");
  EXPECT_TRUE(VerifyAssignment(AssignmentWorkedExample(), r).ok());
}

TEST(AssignmentGoldenTest, WorkedExampleInfeasible) {
  const AssignmentResult r = MustAssign(AssignmentWorkedExample(/*fifth_entity=*/true));
  const std::string want =
      R"({"protocol":"sunlit-assign-v1",)"
      R"("seed":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",)"
      R"("feasible":false,"teams":[{"entity":"914303025FGQN85B35","team":{"SCJG":["S06"],)"
      R"("WJW":["W02"]}},{"entity":"914303022F95MPWG33","team":{"SCJG":["S02"],"WJW":["W02"]}},)"
      R"({"entity":"91430302MB2KLRPMXB","team":{"SCJG":["S01"],"WJW":["W01"]}},)"
      R"({"entity":"91430304XB52CY712W","team":{"SCJG":["S06"],"WJW":["W01"]}},)"
      R"({"entity":"91430302TNWN4DY082","team":{"SCJG":["S02"],"WJW":[]}}],)"
      R"("loads":[{"code":"S01","department":"SCJG","new":1,"total":4},{"code":"S02",)"
      R"("department":"SCJG","new":2,"total":3},{"code":"S03","department":"SCJG","new":0,)"
      R"("total":0},{"code":"S04","department":"SCJG","new":0,"total":0},{"code":"S05",)"
      R"("department":"SCJG","new":0,"total":0},{"code":"S06","department":"SCJG","new":2,)"
      R"("total":3},{"code":"W01","department":"WJW","new":2,"total":2},{"code":"W02",)"
      R"("department":"WJW","new":2,"total":6},{"code":"W03","department":"WJW","new":0,)"
      R"("total":0}],"unstaffed":[{"entity":"91430302TNWN4DY082","slots":[{"department":"WJW",)"
      R"("required":1,"assigned":0,"inspectors":3,"excluded":{"inactive":0,"certificate":1,)"
      R"("qualification":0,"conflict":1,"same_unit":0,"previous":0,"workload":1}}]}]})"
      "\n";
  EXPECT_EQ(AssignmentResultToJson(r), want);
  EXPECT_TRUE(VerifyAssignment(AssignmentWorkedExample(true), r).ok());
}

// ---- Identity with the re-implementation, and maximality ----

TEST(AssignmentTest, MatchesTheDocumentAndIsMaximum) {
  std::mt19937_64 rng(20260601);
  int feasible = 0, infeasible = 0, rescued = 0;
  for (int iter = 0; iter < 400; ++iter) {
    RandomShape shape;
    shape.entities = 1 + rng() % 30;
    shape.inspectors = 2 + rng() % 24;
    shape.departments = 1 + rng() % 3;
    shape.units = 1 + rng() % 5;
    shape.cap = 1 + static_cast<int64_t>(rng() % 5);
    shape.max_team = 1 + static_cast<int64_t>(rng() % 2);
    shape.defect_percent = static_cast<int>(rng() % 20);
    shape.conflict_percent = static_cast<int>(rng() % 30);
    shape.previous_percent = static_cast<int>(rng() % 20);
    shape.cross_unit = rng() % 2 == 0;
    shape.allow_previous = rng() % 4 == 0;
    const AssignmentInput in = RandomAssignmentInput(rng, shape);
    const AssignmentResult got = MustAssign(in);
    const AssignmentResult want = Reference(in).Run();
    ASSERT_EQ(AssignmentResultToJson(got), AssignmentResultToJson(want)) << "iteration " << iter;
    ASSERT_EQ(FilledPlaces(got), MaxPlaces(in)) << "iteration " << iter;
    const Status v = VerifyAssignment(in, got);
    ASSERT_TRUE(v.ok()) << "iteration " << iter << ": " << v.ToString();
    (got.feasible ? feasible : infeasible) += 1;
    rescued += FilledPlaces(got) > Reference(in).Greedy() ? 1 : 0;
  }
  // Feasible and infeasible instances, and instances where phase 2 fills places that
  // greedy alone leaves empty, are all exercised.
  EXPECT_GT(feasible, 50) << feasible;
  EXPECT_GT(infeasible, 50) << infeasible;
  EXPECT_GT(rescued, 10) << rescued;
}

// Larger instances where phase 2 does most of the work: one crowded unit holds nearly half
// the inspectors and half the entities, which come last in draw order, and capacity is
// tight, so phase 1 spends on the others the inspectors these need. Exercises the paths of
// the implementation that a small instance does not (whole units skipped, the search list
// kept across failed searches, inspectors moved in it after each augmentation).
TEST(AssignmentTest, CrowdedUnitLastMatchesTheDocument) {
  std::mt19937_64 rng(31);
  int64_t augmented = 0;
  for (int iter = 0; iter < 6; ++iter) {
    RandomShape shape;
    shape.entities = 120;
    shape.inspectors = 40;
    shape.departments = 1;
    shape.units = 6;
    shape.cap = 5 + static_cast<int64_t>(iter % 3);
    shape.max_team = 2;
    shape.defect_percent = 3;
    shape.conflict_percent = 2;
    shape.previous_percent = 2;
    AssignmentInput in = RandomAssignmentInput(rng, shape);
    for (AssignInspector& i : in.inspectors) {
      if (rng() % 100 < 45) i.unit = "U0";
      i.department = "D0";
    }
    for (AssignEntity& e : in.entities) e.jurisdiction_unit = rng() % 2 ? "U0" : "U1";
    std::stable_partition(in.entities.begin(), in.entities.end(),
                          [](const AssignEntity& e) { return e.jurisdiction_unit != "U0"; });
    AssignStats stats;
    const Result<AssignmentResult> got = Assign(in, &stats);
    ASSERT_TRUE(got.ok());
    ASSERT_EQ(AssignmentResultToJson(*got), AssignmentResultToJson(Reference(in).Run()))
        << "iteration " << iter;
    ASSERT_EQ(FilledPlaces(*got), MaxPlaces(in));
    ASSERT_TRUE(VerifyAssignment(in, *got).ok());
    augmented += stats.augmentations;
  }
  EXPECT_GT(augmented, 30);
}

// Plain greedy in draw order fails here; the augmenting path finds the assignment.
//   E1 may take X or Y; E2 only X (Y has a conflict with E2); E3 only Y or Z … cap 1.
// Greedy gives E1 the least-loaded X, then E2 has nobody. Phase 2 moves E1 to Y.
TEST(AssignmentTest, AugmentingPathWhereGreedyFails) {
  AssignmentInput in;
  in.seed = testing::SecretFrom(7);
  in.check_date = D("2026-06-01");
  in.team = {{"A", 1}, {"B", 1}};
  in.workload_cap = 1;
  const auto ok = D("2027-01-01");
  in.inspectors = {Insp("X", "A", "u1", ok, {}, 0), Insp("Y", "A", "u1", ok, {}, 5),
                   Insp("Z", "A", "u1", ok, {}, 9), Insp("B1", "B", "b", ok, {}, 0),
                   Insp("B2", "B", "b", ok, {}, 0), Insp("B3", "B", "b", ok, {}, 0)};
  in.entities = {Ent("914303025FGQN85B35", "", {"Z"}),       // X or Y; greedy: X
                 Ent("914303022F95MPWG33", "", {"Y", "Z"}),  // only X
                 Ent("91430302MB2KLRPMXB", "", {"X"})};      // Y or Z; greedy: Y
  // Greedy alone: E1 X, E2 nobody, E3 Y. The path E2 -> X -> E1 -> Y -> E3 -> Z moves
  // everyone: E1 Y, E2 X, E3 Z.
  const AssignmentResult r = MustAssign(in);
  ASSERT_TRUE(r.feasible);
  EXPECT_EQ(TeamOf(r, 0, "A"), std::vector<std::string>{"Y"});
  EXPECT_EQ(TeamOf(r, 1, "A"), std::vector<std::string>{"X"});
  EXPECT_EQ(TeamOf(r, 2, "A"), std::vector<std::string>{"Z"});
  // Phase 1 alone, per the reference, leaves E2 short: this case needs phase 2.
  Reference ref(in);
  EXPECT_EQ(ref.Greedy(), 5);
  EXPECT_EQ(ref.team["A"][0], std::vector<std::string>{"X"});
  EXPECT_TRUE(ref.team["A"][1].empty());
  EXPECT_TRUE(VerifyAssignment(in, r).ok());
}

// Augmentations happen in random instances too, and the result stays maximum: a tight
// single-department instance where greedy leaves places empty that the matching fills.
TEST(AssignmentTest, TightInstancesNeedPhaseTwo) {
  std::mt19937_64 rng(3);
  int rescued = 0;
  for (int iter = 0; iter < 100; ++iter) {
    RandomShape shape;
    shape.entities = 20;
    shape.inspectors = 14;
    shape.departments = 1;
    shape.units = 3;
    shape.cap = 3;
    shape.max_team = 2;
    shape.defect_percent = 0;
    shape.conflict_percent = 25;
    shape.previous_percent = 0;
    const AssignmentInput in = RandomAssignmentInput(rng, shape);
    const AssignmentResult r = MustAssign(in);
    const int64_t greedy = Reference(in).Greedy();
    ASSERT_EQ(FilledPlaces(r), MaxPlaces(in));
    if (FilledPlaces(r) > greedy) ++rescued;
  }
  EXPECT_GT(rescued, 5);
}

// ---- Each hard constraint, and how an exclusion is counted ----

TEST(AssignmentTest, EachReasonExcludesAndIsCounted) {
  // Department A has one inspector, A1, whose defect is the case; B has a good one.
  const auto ok = D("2027-01-01");
  struct Case {
    std::string name;
    std::function<void(AssignmentInput&)> change;
    int reason;  // -1: A1 is eligible and takes the place
  };
  const std::vector<Case> cases = {
      {"eligible", [](AssignmentInput&) {}, -1},
      {"suspended",
       [](AssignmentInput& in) { in.inspectors[0].status = core::InspectorStatus::kSuspended; },
       kInactive},
      {"left", [](AssignmentInput& in) { in.inspectors[0].status = core::InspectorStatus::kLeft; },
       kInactive},
      {"no certificate", [](AssignmentInput& in) { in.inspectors[0].certificate_expiry.reset(); },
       kCertificate},
      {"expired the day before",
       [](AssignmentInput& in) { in.inspectors[0].certificate_expiry = D("2026-05-31"); },
       kCertificate},
      {"expires on the check date",
       [](AssignmentInput& in) { in.inspectors[0].certificate_expiry = D("2026-06-01"); }, -1},
      {"lacks a qualification",
       [](AssignmentInput& in) {
         in.required_qualifications["A"] = {"food", "drugs"};
       },
       kQualification},
      {"holds every qualification",
       [](AssignmentInput& in) { in.required_qualifications["A"] = {"food"}; }, -1},
      {"qualification of the other department does not matter",
       [](AssignmentInput& in) { in.required_qualifications["B"] = {}; }, -1},
      {"conflict", [](AssignmentInput& in) { in.entities[0].conflicts = {"A1"}; }, kConflict},
      {"same unit", [](AssignmentInput& in) { in.entities[0].jurisdiction_unit = "ua"; },
       kSameUnit},
      {"same unit without cross_unit",
       [](AssignmentInput& in) {
         in.entities[0].jurisdiction_unit = "ua";
         in.cross_unit = false;
       },
       -1},
      {"previous", [](AssignmentInput& in) { in.entities[0].previous_inspectors = {"A1"}; },
       kPrevious},
      {"previous allowed",
       [](AssignmentInput& in) {
         in.entities[0].previous_inspectors = {"A1"};
         in.allow_previous = true;
       },
       -1},
      {"workload cap used by the entity before",
       [](AssignmentInput& in) {
         in.entities.insert(in.entities.begin(), Ent("91430302NY31NN604U", ""));
       },
       kWorkload},
      {"first reason wins: suspended and in conflict",
       [](AssignmentInput& in) {
         in.inspectors[0].status = core::InspectorStatus::kSuspended;
         in.entities[0].conflicts = {"A1"};
       },
       kInactive},
      {"first reason wins: conflict and same unit and previous",
       [](AssignmentInput& in) {
         in.entities[0].conflicts = {"A1"};
         in.entities[0].jurisdiction_unit = "ua";
         in.entities[0].previous_inspectors = {"A1"};
       },
       kConflict},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    AssignmentInput in;
    in.check_date = D("2026-06-01");
    in.team = {{"A", 1}, {"B", 1}};
    in.required_qualifications = {{"A", {"food"}}};
    in.cross_unit = true;
    in.workload_cap = 1;
    in.inspectors = {Insp("A1", "A", "ua", ok, {"food"}, 0), Insp("B1", "B", "ub", ok, {}, 0),
                     Insp("B2", "B", "ub", ok, {}, 0), Insp("C1", "C", "ua", ok, {}, 0)};
    in.entities = {Ent("914303025FGQN85B35", "uz")};
    c.change(in);
    const AssignmentResult r = MustAssign(in);
    const size_t last = in.entities.size() - 1;
    ASSERT_TRUE(VerifyAssignment(in, r).ok()) << VerifyAssignment(in, r).ToString();
    if (c.reason < 0) {
      EXPECT_TRUE(r.feasible);
      EXPECT_EQ(TeamOf(r, last, "A"), std::vector<std::string>{"A1"});
      continue;
    }
    ASSERT_FALSE(r.feasible);
    ASSERT_EQ(r.unstaffed.size(), 1u);
    const UnstaffedEntity& u = r.unstaffed[0];
    EXPECT_EQ(u.entity, in.entities[last].code);
    ASSERT_EQ(u.slots.size(), 1u);  // B is complete: only A is explained
    SlotExplanation want_a;
    want_a.department = "A";
    want_a.required = 1;
    want_a.assigned = 0;
    want_a.inspectors = 1;
    want_a.excluded[static_cast<size_t>(c.reason)] = 1;
    EXPECT_EQ(u.slots[0], want_a);
    EXPECT_TRUE(TeamOf(r, last, "A").empty());
    EXPECT_EQ(TeamOf(r, last, "B").size(), 1u);
  }
}

TEST(AssignmentTest, TeamsHaveDistinctInspectorsAndRespectTheCap) {
  std::mt19937_64 rng(11);
  RandomShape shape;
  shape.entities = 300;
  shape.inspectors = 60;
  shape.departments = 3;
  shape.max_team = 3;
  shape.cap = 9;
  const AssignmentInput in = RandomAssignmentInput(rng, shape);
  const AssignmentResult r = MustAssign(in);
  std::map<std::string, int64_t> load;
  for (const EntityTeam& t : r.teams) {
    std::set<std::string> seen;
    for (const DepartmentTeam& d : t.departments) {
      EXPECT_LE(static_cast<int64_t>(d.inspectors.size()), in.team.at(d.department));
      for (const std::string& c : d.inspectors) {
        EXPECT_TRUE(seen.insert(c).second) << c << " twice on " << t.entity;
        ++load[c];
      }
    }
  }
  for (const auto& [code, n] : load) EXPECT_LE(n, in.workload_cap) << code;
  for (const InspectorLoad& l : r.loads) EXPECT_EQ(l.new_load, load[l.code]) << l.code;
}

TEST(AssignmentTest, RejectsBadInput) {
  const auto ok = D("2027-01-01");
  struct Case {
    std::string name;
    std::function<void(AssignmentInput&)> change;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"one inspector",
       [](AssignmentInput& in) {
         in.team = {{"SCJG", 1}};
       },
       "team: the teams total 1 inspector; at least 2 are required"},
      {"no team", [](AssignmentInput& in) { in.team.clear(); },
       "team must name at least one department"},
      {"zero count", [](AssignmentInput& in) { in.team["WJW"] = 0; },
       "team.WJW must be between 1 and 100"},
      {"cap 0", [](AssignmentInput& in) { in.workload_cap = 0; },
       "workload_cap must be between 1 and 1000000"},
      {"qualification for another department",
       [](AssignmentInput& in) { in.required_qualifications["XF"] = {"fire"}; },
       "required_qualifications.XF: not a department of the team"},
      {"empty tag", [](AssignmentInput& in) { in.required_qualifications["SCJG"] = {""}; },
       "required_qualifications.SCJG[0] must be 1 to 64 bytes"},
      {"duplicate inspector",
       [ok](AssignmentInput& in) { in.inspectors.push_back(Insp("S01", "WJW", "x", ok, {}, 0)); },
       "inspectors[9].code 'S01' appears twice"},
      {"empty unit", [](AssignmentInput& in) { in.inspectors[2].unit = ""; },
       "inspectors[2].unit must be 1 to 64 bytes"},
      {"control character", [](AssignmentInput& in) { in.inspectors[1].code = "S\n2"; },
       "inspectors[1].code must be 1 to 64 bytes without control characters"},
      {"negative load", [](AssignmentInput& in) { in.inspectors[0].current_load = -1; },
       "inspectors[0].current_load must be between 0 and 1000000000"},
      {"bad entity code", [](AssignmentInput& in) { in.entities[1].code = "91430302MB2KLRPMXC"; },
       "entities[1].code '91430302MB2KLRPMXC' is not a valid unified social credit code"},
      {"duplicate entity", [](AssignmentInput& in) { in.entities.push_back(in.entities[0]); },
       "entities[4].code '914303025FGQN85B35' appears twice"},
      {"empty conflict code",
       [](AssignmentInput& in) {
         in.entities[0].conflicts = {"W01", ""};
       },
       "entities[0].conflicts[1] must be 1 to 64 bytes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    AssignmentInput in = AssignmentWorkedExample();
    c.change(in);
    const Result<AssignmentResult> r = Assign(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message().rfind(c.message, 0), 0u) << r.status().message();
    EXPECT_EQ(VerifyAssignment(in, AssignmentResult{}).message().rfind("input: " + c.message, 0),
              0u);
  }
}

TEST(AssignmentTest, EmptyInputsAreFine) {
  AssignmentInput in = AssignmentWorkedExample();
  in.entities.clear();
  AssignmentResult r = MustAssign(in);
  EXPECT_TRUE(r.feasible);
  EXPECT_TRUE(r.teams.empty());
  EXPECT_EQ(r.loads.size(), 9u);
  in = AssignmentWorkedExample();
  in.inspectors.clear();
  r = MustAssign(in);
  EXPECT_FALSE(r.feasible);
  ASSERT_EQ(r.unstaffed.size(), 4u);
  EXPECT_EQ(r.unstaffed[0].slots[0].inspectors, 0);
  EXPECT_TRUE(VerifyAssignment(in, r).ok());
}

// ---- Determinism ----

TEST(AssignmentTest, SameInputSameResultWhateverTheInspectorOrder) {
  std::mt19937_64 rng(5);
  RandomShape shape;
  shape.entities = 200;
  shape.inspectors = 40;
  shape.cap = 6;
  const AssignmentInput in = RandomAssignmentInput(rng, shape);
  const std::string first = AssignmentResultToJson(MustAssign(in));
  EXPECT_EQ(AssignmentResultToJson(MustAssign(in)), first);
  AssignmentInput shuffled = in;
  std::shuffle(shuffled.inspectors.begin(), shuffled.inspectors.end(), rng);
  for (AssignEntity& e : shuffled.entities) {
    std::reverse(e.conflicts.begin(), e.conflicts.end());
    std::reverse(e.previous_inspectors.begin(), e.previous_inspectors.end());
  }
  for (auto& [d, tags] : shuffled.required_qualifications) std::reverse(tags.begin(), tags.end());
  EXPECT_EQ(AssignmentResultToJson(MustAssign(shuffled)), first);
  // The seed decides: another seed, another matching (of the same quality).
  AssignmentInput reseeded = in;
  reseeded.seed[0] ^= 1;
  const AssignmentResult other = MustAssign(reseeded);
  EXPECT_NE(AssignmentResultToJson(other), first);
  EXPECT_EQ(FilledPlaces(other), FilledPlaces(MustAssign(in)));
  // The draw order decides too: entities reversed, another matching.
  AssignmentInput reordered = in;
  std::reverse(reordered.entities.begin(), reordered.entities.end());
  EXPECT_EQ(FilledPlaces(MustAssign(reordered)), FilledPlaces(MustAssign(in)));
}

// ---- Load balance ----

// Without exclusions the greedy fills levels: an inspector never gets a check while another
// of its department with a total load at least 2 lower still had room, so at the end
// total(a) <= total(b) + 1 for every a with new checks and b below the cap.
TEST(AssignmentTest, LoadsAreLevelled) {
  std::mt19937_64 rng(17);
  for (int iter = 0; iter < 20; ++iter) {
    RandomShape shape;
    shape.entities = 500 + rng() % 500;
    shape.inspectors = 80;
    shape.departments = 2;
    shape.cap = 10 + static_cast<int64_t>(rng() % 20);
    shape.defect_percent = 0;
    shape.conflict_percent = 0;
    shape.previous_percent = 0;
    shape.cross_unit = false;
    AssignmentInput in = RandomAssignmentInput(rng, shape);
    for (AssignEntity& e : in.entities) e.conflicts.clear();
    const AssignmentResult r = MustAssign(in);
    for (const InspectorLoad& a : r.loads) {
      for (const InspectorLoad& b : r.loads) {
        if (a.department != b.department || a.new_load == 0 || b.new_load >= in.workload_cap) {
          continue;
        }
        ASSERT_LE(a.total_load, b.total_load + 1) << a.code << " vs " << b.code;
      }
    }
  }
}

// With every current load equal and room to spare, new loads differ by at most one even
// with the exclusions of a realistic task (conflicts, cross-unit, previous inspectors).
TEST(AssignmentTest, NewLoadsSpreadEvenlyWithExclusions) {
  std::mt19937_64 rng(23);
  RandomShape shape;
  shape.entities = 2000;
  shape.inspectors = 120;
  shape.departments = 2;
  shape.units = 12;
  shape.cap = 100;
  shape.defect_percent = 0;
  shape.conflict_percent = 1;
  shape.previous_percent = 1;
  AssignmentInput in = RandomAssignmentInput(rng, shape);
  for (AssignInspector& i : in.inspectors) i.current_load = 0;
  const AssignmentResult r = MustAssign(in);
  ASSERT_TRUE(r.feasible);
  std::map<std::string, std::pair<int64_t, int64_t>> range;  // department -> min, max
  for (const InspectorLoad& l : r.loads) {
    auto [it, fresh] = range.emplace(l.department, std::make_pair(l.new_load, l.new_load));
    it->second.first = std::min(it->second.first, l.new_load);
    it->second.second = std::max(it->second.second, l.new_load);
  }
  for (const auto& [dept, mm] : range) {
    EXPECT_LE(mm.second - mm.first, 1) << dept << " " << mm.first << ".." << mm.second;
  }
}

// Teams of two from one department: the partners change from round to round (with one fixed
// rank per inspector, the same pairs would come back every round).
TEST(AssignmentTest, PartnersChange) {
  AssignmentInput in;
  in.seed = testing::SecretFrom(3);
  in.check_date = D("2026-06-01");
  in.team = {{"A", 2}};
  in.workload_cap = 10;
  for (int i = 0; i < 10; ++i) {
    in.inspectors.push_back(Insp("A" + std::to_string(i), "A", "u", D("2027-01-01"), {}, 0));
  }
  std::mt19937_64 rng(1);
  for (std::string& c : testing::RandomCodes(rng, 50)) in.entities.push_back(Ent(c, ""));
  const AssignmentResult r = MustAssign(in);
  ASSERT_TRUE(r.feasible);
  std::map<std::vector<std::string>, int> pairs;
  for (const EntityTeam& t : r.teams) ++pairs[t.departments[0].inspectors];
  EXPECT_GE(pairs.size(), 30u);  // 50 teams; fixed ranks would give 5 pairs
  int most = 0;
  for (const auto& [p, n] : pairs) most = std::max(most, n);
  EXPECT_LE(most, 4);
}

// ---- Verification ----

TEST(VerifyAssignmentTest, UntouchedResultsPass) {
  EXPECT_TRUE(
      VerifyAssignment(AssignmentWorkedExample(), MustAssign(AssignmentWorkedExample())).ok());
  const AssignmentInput five = AssignmentWorkedExample(true);
  EXPECT_TRUE(VerifyAssignment(five, MustAssign(five)).ok());
}

TEST(VerifyAssignmentTest, EachTamperingIsNamed) {
  const AssignmentInput in5 = AssignmentWorkedExample(true);
  const AssignmentResult good = MustAssign(in5);
  // Expected (see the worked example): E1 S06+W02, E2 S02+W02, E3 S01+W01, E4 S02+W01,
  // E5 S06 and no WJW inspector (unstaffed).
  ASSERT_EQ(TeamOf(good, 0, "SCJG"), std::vector<std::string>{"S06"});
  struct Case {
    std::string name;
    std::function<void(AssignmentInput&, AssignmentResult&)> tamper;
    std::string message;  // expected prefix
  };
  auto set = [](AssignmentResult& r, size_t e, size_t d, std::vector<std::string> codes) {
    r.teams[e].departments[d].inspectors = std::move(codes);
  };
  const std::vector<Case> cases = {
      {"input changed after the fact",
       [](AssignmentInput& in, AssignmentResult&) { in.workload_cap = 0; },
       "input: workload_cap must be between 1 and 1000000"},
      {"protocol", [](AssignmentInput&, AssignmentResult& r) { r.protocol = "sunlit-assign-v2"; },
       "protocol mismatch: result has 'sunlit-assign-v2'"},
      {"seed", [](AssignmentInput&, AssignmentResult& r) { r.seed[0] ^= 1; },
       "seed mismatch: result has 01010203"},
      {"entity missing", [](AssignmentInput&, AssignmentResult& r) { r.teams.pop_back(); },
       "the result has 4 teams for 5 entities"},
      {"entities swapped",
       [](AssignmentInput&, AssignmentResult& r) { std::swap(r.teams[0], r.teams[1]); },
       "teams[0] is for entity 914303022F95MPWG33, but entity 0 in draw order is "
       "914303025FGQN85B35"},
      {"department missing",
       [](AssignmentInput&, AssignmentResult& r) { r.teams[0].departments.pop_back(); },
       "entity 914303025FGQN85B35: the team must list exactly the departments"},
      {"too many",
       [set](AssignmentInput&, AssignmentResult& r) {
         set(r, 0, 0, {"S02", "S06"});
       },
       "entity 914303025FGQN85B35: 2 inspectors of SCJG for 1 places"},
      {"unknown inspector", [set](AssignmentInput&, AssignmentResult& r) { set(r, 0, 0, {"S99"}); },
       "entity 914303025FGQN85B35: unknown inspector S99"},
      {"wrong department", [set](AssignmentInput&, AssignmentResult& r) { set(r, 0, 0, {"W03"}); },
       "entity 914303025FGQN85B35: inspector W03 belongs to WJW, not SCJG"},
      {"suspended", [set](AssignmentInput&, AssignmentResult& r) { set(r, 0, 0, {"S04"}); },
       "entity 914303025FGQN85B35: inspector S04 is not active (status suspended)"},
      {"expired", [set](AssignmentInput&, AssignmentResult& r) { set(r, 0, 0, {"S03"}); },
       "entity 914303025FGQN85B35: inspector S03 has no certificate valid on 2026-06-01"},
      {"unqualified", [set](AssignmentInput&, AssignmentResult& r) { set(r, 0, 0, {"S05"}); },
       "entity 914303025FGQN85B35: inspector S05 lacks the qualification 'food'"},
      {"conflict", [set](AssignmentInput&, AssignmentResult& r) { set(r, 1, 1, {"W01"}); },
       "entity 914303022F95MPWG33: inspector W01 has a declared conflict of interest"},
      {"same unit", [set](AssignmentInput&, AssignmentResult& r) { set(r, 0, 0, {"S02"}); },
       "entity 914303025FGQN85B35: inspector S02 belongs to the unit of the entity's "
       "jurisdiction"},
      {"previous", [set](AssignmentInput&, AssignmentResult& r) { set(r, 2, 0, {"S02"}); },
       "entity 91430302MB2KLRPMXB: inspector S02 did the entity's previous check"},
      {"workload cap", [set](AssignmentInput&, AssignmentResult& r) { set(r, 4, 1, {"W01"}); },
       "inspector W01 has 3 checks, above the workload cap 2"},
      {"unsorted",
       [set](AssignmentInput& in, AssignmentResult& r) {
         in.team["SCJG"] = 2;
         set(r, 0, 0, {"S06", "S01"});
       },
       "entity 914303025FGQN85B35: the inspectors of SCJG must be distinct and sorted"},
      {"loads", [](AssignmentInput&, AssignmentResult& r) { r.loads[0].total_load += 1; },
       "loads[0]: result has S01 (SCJG) new 1 total 5, the teams give S01 (SCJG) new 1 total 4"},
      {"a load left out", [](AssignmentInput&, AssignmentResult& r) { r.loads.pop_back(); },
       "loads: missing W03 (WJW) new 0 total 0"},
      {"member removed",
       [set](AssignmentInput&, AssignmentResult& r) {
         set(r, 0, 1, {});
         r.loads[7].new_load -= 1;
         r.loads[7].total_load -= 1;
       },
       "unstaffed: entity 914303025FGQN85B35 has a short team but is not listed"},
      {"unstaffed entity dropped",
       [](AssignmentInput&, AssignmentResult& r) { r.unstaffed.clear(); },
       "unstaffed: entity 91430302TNWN4DY082 has a short team but is not listed"},
      {"count changed",
       [](AssignmentInput&, AssignmentResult& r) {
         r.unstaffed[0].slots[0].excluded[kConflict] = 0;
         r.unstaffed[0].slots[0].excluded[kWorkload] += 1;
       },
       "unstaffed entity 91430302TNWN4DY082, WJW: result counts 0 excluded by conflict, the "
       "recount gives 1"},
      {"not maximal: spare capacity left",
       [set](AssignmentInput& in, AssignmentResult& r) {
         in.workload_cap = 3;
         for (InspectorLoad& l : r.loads) l.total_load += 0;
       },
       "unstaffed entity 91430302TNWN4DY082: inspector W01 of WJW is eligible and has spare "
       "capacity (2 of 3 checks) but is not on the short team"},
      {"feasible flag", [](AssignmentInput&, AssignmentResult& r) { r.feasible = true; },
       "feasible is true but 1 entities are unstaffed"},
      {"another valid assignment",
       [set](AssignmentInput&, AssignmentResult& r) {
         set(r, 2, 1, {"W02"});  // E3 W01 -> W02 and E1 W02 -> W01: loads unchanged
         set(r, 0, 1, {"W01"});
       },
       "entity 914303025FGQN85B35: result has team SCJG:[S06] WJW:[W01], the algorithm gives "
       "SCJG:[S06] WJW:[W02]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    AssignmentInput in = in5;
    AssignmentResult r = good;
    c.tamper(in, r);
    const Status s = VerifyAssignment(in, r);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message().rfind(c.message, 0), 0u) << s.message();
  }
}

}  // namespace
}  // namespace sunlit::draw
