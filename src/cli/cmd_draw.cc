// `sunlit draw pool|commit|run|verify|rfc3797`: the verifiable draw on CSV files, with no
// database, so that anyone holding a published pool and record can check a draw. The
// database-backed commands (freeze, randomness, exec, …) are forwarded to RunDrawDb.
#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/draw_flags.h"
#include "draw/protocol.h"
#include "draw/record_json.h"
#include "draw/rfc3797.h"
#include "draw/sha256.h"
#include "draw/verify.h"
#include "io/table_reader.h"

namespace sunlit::cli {
namespace {

// Reads POOL.csv (header `code,stratum`; the stratum column may be absent or empty) into a
// compact pool sorted by code. Errors name the row.
Result<draw::CompactPool> ReadPool(const std::string& path) {
  SUNLIT_ASSIGN_OR_RETURN(auto reader, io::OpenTable(path));
  const auto& header = reader->header();
  int code_col = -1, stratum_col = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "code") code_col = static_cast<int>(i);
    if (header[i] == "stratum") stratum_col = static_cast<int>(i);
  }
  if (code_col < 0) return InvalidArgument(path + ": row 1: the header must be code,stratum");
  draw::CompactPool pool;
  std::map<std::string, uint8_t, std::less<>> label_index;
  io::Record rec;
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool more, reader->Next(&rec));
    if (!more) break;
    const std::string_view code = rec.fields[code_col];
    const std::string_view label =
        stratum_col >= 0 ? rec.fields[stratum_col] : std::string_view();
    if (!draw::IsValidCode(code)) {
      return InvalidArgument(path + ": row " + std::to_string(rec.row) + ", column " +
                             std::to_string(code_col + 1) + ": \"" + std::string(code) +
                             "\" is not a valid credit code");
    }
    if (!draw::IsValidStratumLabel(label)) {
      return InvalidArgument(path + ": row " + std::to_string(rec.row) +
                             ": stratum label must match [A-Za-z0-9_-]{0,32}");
    }
    auto it = label_index.find(label);
    if (it == label_index.end()) {
      if (label_index.size() >= draw::kMaxStrata) {
        return InvalidArgument(path + ": more than 256 strata");
      }
      // Provisional index in order of first appearance; remapped to label order below.
      it = label_index.emplace(std::string(label), static_cast<uint8_t>(label_index.size()))
               .first;
    }
    draw::PoolEntry e{};
    std::memcpy(e.code.data(), code.data(), draw::kCodeLength);
    e.stratum_index = it->second;
    pool.entries.push_back(e);
  }
  if (pool.entries.empty()) return InvalidArgument(path + ": the pool is empty");
  // Labels in bytewise order (the map's order), and each entry's index into them.
  std::array<uint8_t, draw::kMaxStrata> remap{};
  uint8_t next = 0;
  for (const auto& [label, provisional] : label_index) {
    remap[provisional] = next++;
    pool.labels.push_back(label);
  }
  for (draw::PoolEntry& e : pool.entries) e.stratum_index = remap[e.stratum_index];
  std::sort(pool.entries.begin(), pool.entries.end(),
            [](const draw::PoolEntry& a, const draw::PoolEntry& b) { return a.code < b.code; });
  for (size_t i = 1; i < pool.entries.size(); ++i) {
    if (pool.entries[i].code == pool.entries[i - 1].code) {
      return InvalidArgument(path + ": duplicate code " +
                             std::string(pool.entries[i].code.data(), draw::kCodeLength));
    }
  }
  return pool;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  if (s.str().size() > (64u << 20)) return ResourceExhausted(path + " is larger than 64 MiB");
  return s.str();
}

void PrintEntries(const draw::DrawRecord& record) {
  for (auto role : {draw::EntryRole::kSelected, draw::EntryRole::kAlternate}) {
    for (const draw::DrawEntry& e : record.entries) {
      if (e.role != role) continue;
      std::printf("%s %s %s %s\n", role == draw::EntryRole::kSelected ? "selected" : "alternate",
                  e.stratum.c_str(), e.code.c_str(), draw::ToHex(e.rank).c_str());
    }
  }
}

int Pool(const Args& args) {
  if (args.positional().size() != 2) return Fail("usage: sunlit draw pool POOL.csv", 2);
  Result<draw::CompactPool> pool = ReadPool(args.positional()[1]);
  if (!pool.ok()) return Fail(pool.status());
  Result<draw::PoolSummary> summary = draw::SummarisePool(pool->view());
  if (!summary.ok()) return Fail(summary.status());
  std::printf("root %s\nsize %" PRIu64 "\n", draw::ToHex(summary->root).c_str(), summary->size);
  for (const draw::StratumSize& s : summary->strata) {
    std::printf("stratum %s %" PRIu64 "\n", s.label.c_str(), s.size);
  }
  return 0;
}

int Commit() {
  draw::Secret secret{};
  if (getrandom(secret.data(), secret.size(), 0) != static_cast<ssize_t>(secret.size())) {
    return Fail("the operating system's random source failed");
  }
  std::printf("secret %s\ncommitment %s\n", draw::ToHex(secret).c_str(),
              draw::ToHex(draw::Commitment(secret)).c_str());
  return 0;
}

int Run(const Args& args) {
  constexpr char kUsage[] =
      "usage: sunlit draw run --pool POOL.csv --draw-id ID --quota LABEL:count:N|LABEL:bp:B "
      "... --reserve R --source \"N N N\" ... --secret HEX --out RECORD.json";
  if (!args.Has("pool") || !args.Has("draw-id") || !args.Has("secret") || !args.Has("out")) {
    return Fail(kUsage, 2);
  }
  draw::DrawParams params;
  params.draw_id = args.Get("draw-id");
  for (const std::string& q : args.GetAll("quota")) {
    Result<draw::Quota> quota = ParseQuota(q);
    if (!quota.ok()) return Fail(quota.status(), 2);
    params.quotas.push_back(*quota);
  }
  uint64_t reserve = 0;
  if (!ParseUint(args.Get("reserve", "0"), &reserve) || reserve > INT64_MAX) {
    return Fail("--reserve must be a non-negative integer", 2);
  }
  params.reserve = static_cast<int64_t>(reserve);
  Result<draw::Sources> sources = ParseSourceNumbers(args.GetAll("source"));
  if (!sources.ok()) return Fail(sources.status(), 2);
  params.sources = *sources;
  const std::optional<draw::Digest> secret = draw::ParseDigestHex(args.Get("secret"));
  if (!secret) return Fail("--secret must be 64 hexadecimal digits (32 bytes)", 2);
  params.secret = *secret;
  Result<draw::CompactPool> pool = ReadPool(args.Get("pool"));
  if (!pool.ok()) return Fail(pool.status());
  Result<draw::DrawRecord> record = draw::RunDraw(pool->view(), params);
  if (!record.ok()) return Fail(record.status());
  const std::string json = draw::RecordToJson(*record);
  std::ofstream out(args.Get("out"), std::ios::binary | std::ios::trunc);
  out << json;
  out.close();
  if (!out) return Fail("cannot write " + args.Get("out"));
  PrintEntries(*record);
  return 0;
}

int Verify(const Args& args) {
  if (args.positional().size() != 2 || !args.Has("pool")) {
    return Fail("usage: sunlit draw verify RECORD.json --pool POOL.csv", 2);
  }
  Result<std::string> json = ReadFile(args.positional()[1]);
  if (!json.ok()) return Fail(json.status());
  Result<draw::DrawRecord> record = draw::RecordFromJson(*json);
  if (!record.ok()) return Fail(record.status());
  Result<draw::CompactPool> pool = ReadPool(args.Get("pool"));
  if (!pool.ok()) return Fail(pool.status());
  const Status s = draw::VerifyRecord(*record, pool->view());
  if (!s.ok()) {
    std::printf("mismatch: %s\n", s.message().c_str());
    return 1;
  }
  std::printf("verified\n");
  return 0;
}

int Rfc3797(const Args& args) {
  uint64_t pool_size = 0, count = 0;
  if (!ParseUint(args.Get("pool-size"), &pool_size) || !ParseUint(args.Get("count"), &count)) {
    return Fail("usage: sunlit draw rfc3797 --pool-size P --count K --source \"N N N\" ...", 2);
  }
  Result<draw::Sources> sources = ParseSourceNumbers(args.GetAll("source"));
  if (!sources.ok()) return Fail(sources.status(), 2);
  Result<std::vector<uint64_t>> picks = draw::Rfc3797Select(pool_size, *sources, count);
  if (!picks.ok()) return Fail(picks.status());
  for (uint64_t p : *picks) std::printf("%" PRIu64 "\n", p);
  return 0;
}

}  // namespace

int RunDraw(int argc, char** argv) {
  if (argc < 3) {
    return Fail("usage: sunlit draw pool|commit|run|verify|rfc3797|freeze|randomness|exec|"
                "alternate|redraw|show|export-pool|export-record …", 2);
  }
  const std::string_view sub = argv[2];
  if (sub != "pool" && sub != "commit" && sub != "run" && sub != "verify" && sub != "rfc3797") {
    return RunDrawDb(argc, argv);
  }
  Result<Args> args = Args::Parse(argc, argv, 2,
                                  {"pool", "draw-id", "quota", "reserve", "source", "secret",
                                   "out", "pool-size", "count"},
                                  {});
  if (!args.ok()) return Fail(args.status(), 2);
  if (sub == "pool") return Pool(*args);
  if (sub == "commit") return Commit();
  if (sub == "run") return Run(*args);
  if (sub == "verify") return Verify(*args);
  return Rfc3797(*args);
}

}  // namespace sunlit::cli
