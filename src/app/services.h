// Services: everything a running Sunlit needs, opened once — the store, the transparency
// log, the in-memory directory, the clock and the draw service. `sunlit serve` owns one;
// use cases take what they need from it; tests open one on a temporary database with a
// fixed clock.
//
// Thread-safety: the members are safe to share between threads as documented on each
// (Store, Ledger::Append inside a transaction, Directory's const methods, DrawService).
#ifndef SUNLIT_APP_SERVICES_H_
#define SUNLIT_APP_SERVICES_H_

#include <memory>
#include <string>

#include "app/access.h"
#include "app/directory.h"
#include "app/draw_service.h"
#include "app/workflow_policy.h"
#include "app/file_store.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "store/store.h"

namespace sunlit::app {

struct ServicesOptions {
  std::string db_url{store::kDefaultUrl};
  // The ledger's signing key; "" = $SUNLIT_KEY_FILE when set, else
  // ledger::DefaultKeyPath(db_url) (a PostgreSQL database has no default: give one of them).
  std::string key_path;
  // Where evidence files live; "" = $SUNLIT_FILES_DIR when set, else DefaultFilesDir(db_url).
  std::string files_dir;
  // Build the in-memory directory from the store (needed for draws and pool counts).
  bool load_directory = true;
  // Test hooks; null = the system clock and the system's secure random source. When set,
  // they must outlive the Services.
  Clock* clock = nullptr;
  SecretSource* secrets = nullptr;
  // Sessions, lock-out and password hashing (tests lower the hashing cost).
  AccessOptions access;
};

struct Services {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<Directory> directory;
  Clock* clock = nullptr;  // options.clock or owned_clock
  SecretSource* secrets = nullptr;
  std::unique_ptr<DrawService> draws;
  std::unique_ptr<FileStore> files;        // evidence, content-addressed (file_store.h)
  std::unique_ptr<AccessService> access;  // users, roles, sessions, API tokens
  // The province's configurable numbers for plans and tasks (defaults: DOMAIN.md).
  WorkflowPolicy policy;

  // Opens the store (migrating it), seeds missing reference data and result categories,
  // opens the ledger and loads the directory, seeds the standard roles. Errors as
  // store::Open, ledger::Ledger::Open, Directory::Load.
  static Result<std::unique_ptr<Services>> Open(const ServicesOptions& options);

 private:
  std::unique_ptr<SystemClock> owned_clock_;
  std::unique_ptr<SystemSecretSource> owned_secrets_;
};

}  // namespace sunlit::app

#endif  // SUNLIT_APP_SERVICES_H_
