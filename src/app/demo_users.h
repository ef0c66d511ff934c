// The demo's logins: one user per standard role, with fixed passwords printed by
// `sunlit demo` and `make run`. For the demo database only — a real installation creates its
// users with `sunlit user add`, which generates passwords.
#ifndef SUNLIT_APP_DEMO_USERS_H_
#define SUNLIT_APP_DEMO_USERS_H_

#include <string>
#include <vector>

#include "app/services.h"
#include "core/result.h"

namespace sunlit::app {

struct DemoLogin {
  std::string username;
  std::string password;
  std::string role;
  std::string department;
  std::string what;  // one line in Chinese: what this login shows
};

// The demo logins (fixed; the same in every demo database).
const std::vector<DemoLogin>& DemoLogins();

// Creates the demo logins in `services` (their departments must exist: run BuildDemo
// first). The inspector logins are linked to their department's inspector whose checks are in
// the most states (so `sunlit demo` creates them after walking the year and the login has
// checks to enter and results to read), else to the first active inspector of their
// department in the directory. Logins that exist already are left as they are.
Status CreateDemoUsers(Services& services);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DEMO_USERS_H_
