// The public portal's data (一公开, no login): published results by credit code or name,
// plans, task announcements, drawn lists, each draw's facts, record and pool, and the
// transparency log's checkpoints and proofs. Every function returns the JSON body the API
// serves (docs/public-api.md), HTML-safe (<, >, & inside strings written as \u003c …), so
// the http handlers only copy bytes.
//
// Confidential tasks (不预先告知): their drawn list and draw record (which names the
// selected entities) are public from the day after the task's check period ends
// (window_end); before that these calls are kPermissionDenied with the date in the message.
// The pool (everyone eligible) and the draw's frozen facts are public from the freeze, as
// the draw protocol requires.
//
// Paging follows docs/api.md: limit 1 … 100, offset ≥ 0 (kInvalidArgument otherwise); lists
// answer {"items":[…],"total":N,"limit":L,"offset":O} plus what they were asked for.
// The lookup by code is the hot path (docs/benchmarks.md): one read transaction, a count and
// one index range over the stored public documents, concatenated.
//
// Thread-safety: every function may be called concurrently.
#ifndef SUNLIT_APP_PUBLIC_PORTAL_H_
#define SUNLIT_APP_PUBLIC_PORTAL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "app/services.h"
#include "core/result.h"

namespace sunlit::app {

inline constexpr int64_t kDefaultPublicLimit = 20;
inline constexpr int64_t kMaxPublicLimit = 100;

struct PublicPage {
  int64_t limit = kDefaultPublicLimit;
  int64_t offset = 0;
};

// {"code","items":[document…],"total","limit","offset"}, newest first. kInvalidArgument for
// a malformed credit code (the reason given); an unknown code has total 0.
Result<std::string> PublicResultsByCode(Services& s, std::string_view code, PublicPage page);
// {"name","items","total","limit","offset"}: entity names starting with `name` (2 … 100
// bytes after trimming spaces, no control characters), by name, newest first.
Result<std::string> PublicResultsByName(Services& s, std::string_view name, PublicPage page);

// {"year","items":[{id, kind, year, department, department_name, region, title, body,
// published_at}],"total","limit","offset"}: published plans; year 0 = every year.
Result<std::string> PublicPlans(Services& s, int year, PublicPage page);
// {"year","items":[announcement…],"total","limit","offset"}: tasks past the draft stage.
Result<std::string> PublicTasks(Services& s, int year, PublicPage page);
// One announcement: number, title, kind, lead department, departments, items, check period,
// confidential, state, number of checks, whether and from when the drawn list is public.
// kNotFound for an unknown or draft task.
Result<std::string> PublicTask(Services& s, std::string_view number);
// {"task","checks":[{entity_code, entity_name, region, origin}]}: the drawn list.
// kFailedPrecondition before the draw; kPermissionDenied for a confidential task before
// its list is public.
Result<std::string> PublicDrawnList(Services& s, std::string_view number);

// The public facts of a draw (pool root and size, strata, sources, commitment, randomness,
// record hash, alternates used, links to the downloads). kNotFound for an unknown draw.
Result<std::string> PublicDraw(Services& s, std::string_view draw_id);
// The draw record exactly as stored and hashed (for `sunlit draw verify`). kFailedPrecondition
// before the draw; kPermissionDenied while confidential.
Result<std::string> PublicDrawRecord(Services& s, std::string_view draw_id);
// The frozen pool as CSV (app::WritePoolCsv) in pieces to `write`.
Status PublicDrawPool(Services& s, std::string_view draw_id,
                      const std::function<bool(std::string_view)>& write);

// {"size","root","at","key_id","signature","public_key"}: the latest signed checkpoint.
// kNotFound while the log is empty.
Result<std::string> PublicCheckpoint(Services& s);
// {"from","count","next","events":[event…]} (ledger::EventToJson), count 1 … 100.
Result<std::string> PublicLedgerEvents(Services& s, int64_t from, int count);
// The inclusion proof document of event `seq` (ledger::ProofToJson), with the event.
Result<std::string> PublicLedgerProof(Services& s, int64_t seq);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_PUBLIC_PORTAL_H_
