// CrashPoint: named places where a test may kill the process (test-only).
//
// Crash-safety tests (docs/robustness.md) need the process to die at a chosen moment — in
// the middle of a transaction, after some writes and before the commit, or just after a
// commit — not at whatever moment a timer happens to hit. Use cases mark such moments with
// CrashPoint("draw.after_entries"); when the environment variable SUNLIT_CRASH_AT names that
// point the process sends itself SIGKILL there (no destructor, no rollback, no flush: the
// same as a power cut for the process, `kill -9`, or the OOM killer).
//
//   SUNLIT_CRASH_AT=draw.after_entries     dies at the first time the point is reached
//   SUNLIT_CRASH_AT=import.after_chunk#3   dies at the third time
//
// The variable is read once, at the first CrashPoint call of the process; without it every
// later call is one load and one predictable branch. Production never sets it. The one
// process-level hook in core/ (core otherwise does no I/O): it has to be reachable from
// store/, ledger/ and app/ alike. Thread-safe.
#ifndef SUNLIT_CORE_CRASH_POINT_H_
#define SUNLIT_CORE_CRASH_POINT_H_

#include <atomic>
#include <string_view>

namespace sunlit {

namespace crash_internal {
struct Target;
// Null when no crash point is armed (the usual case).
const Target* ArmedTarget();
void Reached(const Target* target, std::string_view name);
}  // namespace crash_internal

// Kills the process with SIGKILL when SUNLIT_CRASH_AT names `name` (and this is the chosen
// occurrence); otherwise does nothing. `name` is "<area>.<moment>", lower case.
inline void CrashPoint(std::string_view name) {
  const crash_internal::Target* target = crash_internal::ArmedTarget();
  if (target != nullptr) [[unlikely]] crash_internal::Reached(target, name);
}

// For tests that fork: re-arms this process with `spec` (the SUNLIT_CRASH_AT syntax; "" disarms),
// replacing what the environment said. Not for production code.
void ArmCrashPointForTesting(std::string_view spec);

}  // namespace sunlit

#endif  // SUNLIT_CORE_CRASH_POINT_H_
