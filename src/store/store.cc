// store::Open: picks the backend from the database URL.
#include "store/store.h"

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace sunlit::store {
namespace {

// True when `url` starts with a URL scheme ("name:"), RFC 3986 style: a letter, then letters,
// digits, '+', '-' or '.'. One-letter schemes are not recognised, so that nothing that looks
// like a drive letter is ever taken for one.
bool HasScheme(std::string_view url) {
  const size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(url[0])) return false;
  for (size_t i = 1; i < colon; ++i) {
    const char c = url[i];
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<Store>> Open(std::string_view url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PostgresStore> store,
                            postgres::PostgresStore::Open(url));
    return std::unique_ptr<Store>(std::move(store));
  }
  std::string_view path = url;
  if (url.starts_with("sqlite:")) {
    path = url.substr(7);
  } else if (HasScheme(url)) {
    return InvalidArgument("unknown database URL; use sqlite:PATH or postgresql://…");
  }
  if (path.empty()) return InvalidArgument("the database path is empty");
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<sqlite::SqliteStore> store,
                          sqlite::SqliteStore::Open(path));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace sunlit::store
