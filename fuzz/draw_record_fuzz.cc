// Fuzz target: draw-record verification, the code behind `sunlit draw verify RECORD.json
// --pool POOL.csv` (draw/record_json.h, draw/verify.h), against the fixed pool
// fuzz/data/draw-pool.csv; the seeds are records `sunlit draw run` made on that pool.
//
// Invariants:
//   - RecordFromJson never throws; its errors are kInvalidArgument "record: …";
//   - a record that parses re-serialises canonically: RecordToJson(r) parses back to r, and
//     writing that again gives the same bytes;
//   - a P or K that parses is canonical: ParamsString / RandomnessString give it back;
//   - VerifyRecord says OK exactly when the record is what the draw protocol computes from
//     the record's own inputs on this pool (the verifier agrees with the drawer), and OK with
//     the candidate list and with the compact pool alike.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "draw/protocol.h"
#include "draw/record_json.h"
#include "draw/verify.h"
#include "draw_support.h"
#include "fuzz_check.h"

namespace {

const std::vector<sunlit::draw::Candidate>* g_pool = nullptr;
const sunlit::draw::CompactPool* g_compact = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_pool = new std::vector<sunlit::draw::Candidate>(
      sunlit::fuzz::LoadPool(SUNLIT_FUZZ_DATA_DIR "/draw-pool.csv"));
  auto compact = sunlit::draw::MakeCompactPool(*g_pool);
  FUZZ_CHECK(compact.ok(), "the fixed pool is invalid: %s", compact.status().message().c_str());
  g_compact = new sunlit::draw::CompactPool(std::move(compact).value());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sunlit::draw;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = RecordFromJson(text);
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().code() == sunlit::StatusCode::kInvalidArgument &&
                   parsed.status().message().rfind("record: ", 0) == 0,
               "error '%s'", parsed.status().message().c_str());
    return 0;
  }
  const DrawRecord& r = *parsed;
  const std::string json = RecordToJson(r);
  auto back = RecordFromJson(json);
  FUZZ_CHECK(back.ok(), "RecordToJson's output does not parse: %s",
             back.status().message().c_str());
  FUZZ_CHECK(*back == r, "the record changed in a JSON round trip");
  FUZZ_CHECK(RecordToJson(*back) == json, "RecordToJson is not canonical");

  if (auto p = ParseParamsString(r.params); p.ok()) {
    FUZZ_CHECK(ParamsString(p->quotas, p->reserve) == r.params, "P '%s' is not canonical",
               r.params.c_str());
  }
  if (auto k = ParseRandomnessString(r.randomness); k.ok()) {
    FUZZ_CHECK(RandomnessString(*k) == r.randomness, "K '%s' is not canonical",
               r.randomness.c_str());
  }

  const sunlit::Status by_list = VerifyRecord(r, *g_pool);
  const sunlit::Status by_view = VerifyRecord(r, g_compact->view(), 1);
  FUZZ_CHECK(by_list.ok() == by_view.ok(), "candidates say '%s', compact pool '%s'",
             by_list.message().c_str(), by_view.message().c_str());
  if (!by_list.ok()) {
    FUZZ_CHECK(by_list.code() == sunlit::StatusCode::kInvalidArgument && !by_list.message().empty(),
               "verification error '%s'", by_list.message().c_str());
  }
  auto redrawn = sunlit::fuzz::Redraw(r, *g_pool);
  const bool same = redrawn.ok() && *redrawn == r;
  FUZZ_CHECK(by_list.ok() == same, "VerifyRecord says '%s' but the redraw %s the record",
             by_list.ok() ? "OK" : by_list.message().c_str(), same ? "matches" : "differs from");
  return 0;
}
