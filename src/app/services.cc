// Services::Open: the start-up sequence shared by `sunlit serve` and the tests.
#include "app/services.h"

#include <cstdlib>

#include "app/reference.h"
#include "app/results.h"

namespace sunlit::app {
namespace {

// The value of environment variable `name`; "" when unset.
std::string FromEnvironment(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

}  // namespace

Result<std::unique_ptr<Services>> Services::Open(const ServicesOptions& options) {
  auto s = std::make_unique<Services>();
  SUNLIT_ASSIGN_OR_RETURN(s->store, store::Open(options.db_url));
  SUNLIT_RETURN_IF_ERROR(EnsureReferenceData(*s->store));
  std::string key_path = options.key_path;
  if (key_path.empty()) key_path = FromEnvironment("SUNLIT_KEY_FILE");
  if (key_path.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(key_path, ledger::DefaultKeyPath(options.db_url));
  }
  ledger::Ledger::Options ledger_options;
  ledger_options.key_path = key_path;
  if (options.clock != nullptr) {
    Clock* clock = options.clock;
    ledger_options.clock = [clock] { return clock->NowUtc(); };
  }
  Result<std::unique_ptr<ledger::Ledger>> log = ledger::Ledger::Open(*s->store, ledger_options);
  if (!log.ok()) {
    return Status(log.status().code(), log.status().message() + " (key file " + key_path + ")",
                  log.status().detail());
  }
  s->ledger = std::move(log).value();
  s->directory = std::make_unique<Directory>();
  if (options.load_directory) SUNLIT_RETURN_IF_ERROR(s->directory->Load(*s->store));
  if (options.clock != nullptr) {
    s->clock = options.clock;
  } else {
    s->owned_clock_ = std::make_unique<SystemClock>();
    s->clock = s->owned_clock_.get();
  }
  if (options.secrets != nullptr) {
    s->secrets = options.secrets;
  } else {
    s->owned_secrets_ = std::make_unique<SystemSecretSource>();
    s->secrets = s->owned_secrets_.get();
  }
  std::string files_dir = options.files_dir;
  if (files_dir.empty()) files_dir = FromEnvironment("SUNLIT_FILES_DIR");
  if (files_dir.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(files_dir, DefaultFilesDir(options.db_url));
  }
  s->files = std::make_unique<DiskFileStore>(files_dir);
  SUNLIT_RETURN_IF_ERROR(EnsureResultCategories(*s->store, s->clock->NowUtc()));
  s->draws = std::make_unique<DrawService>(*s->store, *s->directory, *s->ledger, *s->clock,
                                           *s->secrets);
  s->access = std::make_unique<AccessService>(*s->store, *s->ledger, *s->clock, options.access);
  SUNLIT_RETURN_IF_ERROR(s->access->EnsureStandardRoles());
  return s;
}

}  // namespace sunlit::app
