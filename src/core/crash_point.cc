// CrashPoint: the armed target, parsed once from SUNLIT_CRASH_AT, and the kill.
#include "core/crash_point.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>

namespace sunlit {
namespace crash_internal {

struct Target {
  std::string name;
  long occurrence = 1;            // die at this hit (1-based)
  mutable std::atomic<long> hits{0};
};

namespace {

// "name" or "name#N"; null for "" or a malformed count (a typo must not arm a wrong point).
Target* Parse(std::string_view spec) {
  if (spec.empty()) return nullptr;
  auto* t = new Target;
  const size_t hash = spec.find('#');
  t->name = std::string(spec.substr(0, hash));
  if (hash != std::string_view::npos) {
    long n = 0;
    for (const char c : spec.substr(hash + 1)) {
      if (c < '0' || c > '9' || n > 1000000) {
        delete t;
        return nullptr;
      }
      n = n * 10 + (c - '0');
    }
    if (n < 1) {
      delete t;
      return nullptr;
    }
    t->occurrence = n;
  }
  return t;
}

std::atomic<const Target*> g_target{nullptr};
std::once_flag g_once;

}  // namespace

const Target* ArmedTarget() {
  // Targets are never freed: a thread may still be comparing against an old one.
  std::call_once(g_once, [] {
    const char* env = std::getenv("SUNLIT_CRASH_AT");
    if (env != nullptr) g_target.store(Parse(env), std::memory_order_release);
  });
  return g_target.load(std::memory_order_acquire);
}

void Reached(const Target* target, std::string_view name) {
  if (name != target->name) return;
  if (target->hits.fetch_add(1) + 1 != target->occurrence) return;
  // A line for the test's log (write(2): no buffering that the kill would lose), then die.
  std::string line = "sunlit: crash point " + std::string(name) + " reached, SIGKILL\n";
  const ssize_t w = ::write(2, line.data(), line.size());
  (void)w;
  ::kill(::getpid(), SIGKILL);
  ::pause();  // SIGKILL cannot be caught; never returns
}

}  // namespace crash_internal

void ArmCrashPointForTesting(std::string_view spec) {
  crash_internal::ArmedTarget();  // the environment is read first, then overridden
  crash_internal::g_target.store(crash_internal::Parse(spec), std::memory_order_release);
}

}  // namespace sunlit
