// `sunlit assign` and `sunlit verify assignment`: the inspector assignment on JSON files,
// with no database, so that anyone holding a published input and result can check it.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "app/assignment_service.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "draw/assignment.h"
#include "draw/assignment_json.h"
#include "store/store.h"

namespace sunlit::cli {
namespace {

constexpr size_t kMaxFile = size_t{256} << 20;  // 1 M entities take about 120 MiB
constexpr size_t kMaxUnstaffedLines = 20;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in.good() && !in.eof()) return Unavailable("cannot read " + path);
  if (s.str().size() > kMaxFile) return ResourceExhausted(path + " is larger than 256 MiB");
  return s.str();
}

Result<draw::AssignmentInput> ReadInput(const std::string& path) {
  SUNLIT_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  Result<draw::AssignmentInput> in = draw::AssignmentInputFromJson(text);
  if (!in.ok()) return InvalidArgument(path + ": " + in.status().message());
  return in;
}

// "certificate 1, conflict 1, workload 1": the non-zero counts.
std::string Reasons(const draw::SlotExplanation& x) {
  std::string s;
  for (size_t k = 0; k < draw::kExclusionReasons; ++k) {
    if (x.excluded[k] == 0) continue;
    if (!s.empty()) s += ", ";
    s += std::string(draw::ExclusionReasonName(static_cast<draw::ExclusionReason>(k))) + " " +
         std::to_string(x.excluded[k]);
  }
  return s.empty() ? "no inspectors" : s;
}

int Assign(int argc, char** argv) {
  constexpr char kUsage[] = "usage: sunlit assign --input INPUT.json --out RESULT.json";
  Result<Args> args = Args::Parse(argc, argv, 2, {"input", "out"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  if (!args->positional().empty() || !args->Has("input") || !args->Has("out")) {
    return Fail(kUsage, 2);
  }
  Result<draw::AssignmentInput> in = ReadInput(args->Get("input"));
  if (!in.ok()) return Fail(in.status());
  Result<draw::AssignmentResult> r = draw::Assign(*in);
  if (!r.ok()) return Fail(args->Get("input") + ": " + r.status().message());
  const std::string json = draw::AssignmentResultToJson(*r);
  std::ofstream out(args->Get("out"), std::ios::binary | std::ios::trunc);
  out << json;
  out.close();
  if (!out) return Fail("cannot write " + args->Get("out"));

  int64_t places = 0, filled = 0;
  for (const draw::EntityTeam& t : r->teams) {
    for (const draw::DepartmentTeam& d : t.departments) {
      filled += static_cast<int64_t>(d.inspectors.size());
    }
  }
  for (const auto& [d, n] : in->team) places += n * static_cast<int64_t>(in->entities.size());
  if (r->feasible) {
    std::printf("feasible: every entity has its team (%zu entities, %" PRId64 " places)\n",
                r->teams.size(), places);
    return 0;
  }
  std::printf("infeasible: %zu of %zu entities cannot be staffed (%" PRId64 " of %" PRId64
              " places filled)\n",
              r->unstaffed.size(), r->teams.size(), filled, places);
  size_t lines = 0;
  for (const draw::UnstaffedEntity& u : r->unstaffed) {
    for (const draw::SlotExplanation& x : u.slots) {
      if (lines++ == kMaxUnstaffedLines) break;
      std::printf("unstaffed %s %s required %" PRId64 " assigned %" PRId64 " of %" PRId64
                  " inspectors: %s\n",
                  u.entity.c_str(), x.department.c_str(), x.required, x.assigned, x.inspectors,
                  Reasons(x).c_str());
    }
    if (lines > kMaxUnstaffedLines) {
      std::printf("… and more: see %s\n", args->Get("out").c_str());
      break;
    }
  }
  return 1;
}

}  // namespace

int RunAssign(int argc, char** argv) { return Assign(argc, argv); }

int RunVerifyAssignment(int argc, char** argv) {
  constexpr char kUsage[] =
      "usage: sunlit verify assignment --input INPUT.json --result RESULT.json\n"
      "       sunlit verify assignment --task NUMBER [--db URL]";
  Result<Args> args = Args::Parse(argc, argv, 3, {"input", "result", "task", "db"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  if (!args->positional().empty()) return Fail(kUsage, 2);
  if (args->Has("task")) {
    // From the database: every stored run of the task, against its hashes in the log.
    if (args->Has("input") || args->Has("result")) return Fail(kUsage, 2);
    Result<std::unique_ptr<store::Store>> db = store::Open(args->Get("db", store::kDefaultUrl));
    if (!db.ok()) return Fail(db.status());
    Result<int64_t> runs = app::VerifyStoredAssignments(**db, args->Get("task"));
    if (!runs.ok()) {
      if (runs.status().code() == StatusCode::kNotFound) return Fail(runs.status());
      std::printf("mismatch: %s\n", runs.status().message().c_str());
      return 1;
    }
    std::printf("verified: %" PRId64 " assignment run(s) of %s\n", *runs, args->Get("task").c_str());
    return 0;
  }
  if (!args->Has("input") || !args->Has("result")) return Fail(kUsage, 2);
  Result<draw::AssignmentInput> in = ReadInput(args->Get("input"));
  if (!in.ok()) return Fail(in.status());
  Result<std::string> text = ReadFile(args->Get("result"));
  if (!text.ok()) return Fail(text.status());
  Result<draw::AssignmentResult> result = draw::AssignmentResultFromJson(*text);
  if (!result.ok()) return Fail(args->Get("result") + ": " + result.status().message());
  const Status s = draw::VerifyAssignment(*in, *result);
  if (!s.ok()) {
    std::printf("mismatch: %s\n", s.message().c_str());
    return 1;
  }
  std::printf("verified\n");
  return 0;
}

}  // namespace sunlit::cli
