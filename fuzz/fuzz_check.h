// FUZZ_CHECK: the invariant checks of the fuzz targets. A failed check prints what was
// expected and aborts, which libFuzzer reports as a crash and saves the input that caused it.
// Used only by fuzz/*.cc (never by the product).
#ifndef SUNLIT_FUZZ_FUZZ_CHECK_H_
#define SUNLIT_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, ...)                                                             \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n  ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                                  \
      std::fprintf(stderr, "\n");                                                         \
      std::abort();                                                                       \
    }                                                                                     \
  } while (false)

#endif  // SUNLIT_FUZZ_FUZZ_CHECK_H_
