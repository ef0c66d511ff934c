// Scratch databases: CREATE DATABASE / DROP DATABASE … WITH (FORCE) over a plain connection.
#include "store/postgres/pg_scratch.h"

#include <memory>

#include "store/postgres/pg_connection.h"

namespace sunlit::store::postgres {
namespace {

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Status RunOnServer(std::string_view server_url, const std::string& sql) {
  Result<std::unique_ptr<PgConnection>> conn = PgConnection::Open(std::string(server_url));
  if (!conn.ok()) return conn.status();
  return (*conn)->Exec(sql);
}

}  // namespace

std::string WithDatabase(std::string_view server_url, std::string_view db) {
  const size_t scheme = server_url.find("://");
  const size_t host = scheme == std::string_view::npos ? 0 : scheme + 3;
  const size_t query = server_url.find('?', host);
  const std::string_view head = server_url.substr(0, query);
  const std::string_view tail =
      query == std::string_view::npos ? std::string_view() : server_url.substr(query);
  const size_t slash = head.find('/', host);
  std::string out(slash == std::string_view::npos ? head : head.substr(0, slash));
  out += '/';
  out += db;
  out += tail;
  return out;
}

Status CreateDatabase(std::string_view server_url, std::string_view name) {
  if (!ValidName(name)) return InvalidArgument("bad database name");
  Status s = RunOnServer(server_url, "CREATE DATABASE " + std::string(name) +
                                         " ENCODING 'UTF8' TEMPLATE template0");
  if (!s.ok() && s.detail().find("42P04") != std::string::npos) return Status::Ok();
  return s;
}

Status DropDatabase(std::string_view server_url, std::string_view name) {
  if (!ValidName(name)) return InvalidArgument("bad database name");
  return RunOnServer(server_url,
                     "DROP DATABASE IF EXISTS " + std::string(name) + " WITH (FORCE)");
}

}  // namespace sunlit::store::postgres
