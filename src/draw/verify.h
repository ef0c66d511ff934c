// Independent check of a published draw record (protocol §5): everything is recomputed
// from the published pool and the record's own draw_id, P, K and secret.
//
// Thread-safe; pure.
#ifndef SUNLIT_DRAW_VERIFY_H_
#define SUNLIT_DRAW_VERIFY_H_

#include <span>

#include "core/status.h"
#include "draw/protocol.h"

namespace sunlit::draw {

// OK when `record` is exactly what sunlit-draw-v1 gives for `candidates` (any order) and
// the record's inputs. Otherwise kInvalidArgument naming the FIRST problem, checked in this
// order: protocol name; the pool itself (invalid pools are reported as by RunDraw); pool
// size; pool root; stratum sizes; P; K; commitment against the secret; seed; the selected
// entries, stratum by stratum in rank order; the alternates likewise; extra or missing
// entries; the order of the entries. Examples:
//   "pool root mismatch: record has 30489b1a…, pool gives 5c0e…"
//   "secret does not match the commitment"
//   "selected entry 2 of stratum B: record has 91430302MB2KLRPMXB rank 1c5b…, recomputed
//    91430302TNWN4DY082 rank 308a…"
Status VerifyRecord(const DrawRecord& record, std::span<const Candidate> candidates);
Status VerifyRecord(const DrawRecord& record, const PoolView& pool, int threads = 0);

}  // namespace sunlit::draw

#endif  // SUNLIT_DRAW_VERIFY_H_
