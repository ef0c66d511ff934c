// pg_dump / pg_restore: command lines and a small posix_spawn runner that keeps the child's
// stderr for the error message.
#include "ops/pg_tools.h"

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace sunlit::ops {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsExecutable(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// "15" → 15000, "9.6" → 9006; anything else (".", "..", "notes") → -1. No exceptions.
int64_t MajorVersion(const std::string& s) {
  int64_t major = 0, minor = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 6; ++i) major = major * 10 + (s[i] - '0');
  if (i == 0) return -1;
  if (i < s.size()) {
    if (s[i] != '.' || i + 1 == s.size()) return -1;
    for (size_t j = i + 1; j < s.size(); ++j) {
      if (s[j] < '0' || s[j] > '9' || j > i + 3) return -1;
      minor = minor * 10 + (s[j] - '0');
    }
  }
  return major * 1000 + minor;
}

}  // namespace

Result<PgConnection> SplitPgUrl(std::string_view url) {
  size_t scheme_end = 0;
  if (url.starts_with("postgresql://")) {
    scheme_end = 13;
  } else if (url.starts_with("postgres://")) {
    scheme_end = 11;
  } else {
    return InvalidArgument("not a postgresql:// URL");
  }
  const size_t authority_end = std::min(url.find_first_of("/?", scheme_end), url.size());
  const std::string_view authority = url.substr(scheme_end, authority_end - scheme_end);
  PgConnection out;
  const size_t at = authority.rfind('@');
  if (at == std::string_view::npos) {
    out.url = std::string(url);
    return out;
  }
  const std::string_view userinfo = authority.substr(0, at);
  const size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) {
    out.url = std::string(url);
    return out;
  }
  const std::string_view encoded = userinfo.substr(colon + 1);
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      out.password.push_back(encoded[i]);
      continue;
    }
    if (i + 2 >= encoded.size() || HexValue(encoded[i + 1]) < 0 ||
        HexValue(encoded[i + 2]) < 0) {
      return InvalidArgument("the password in the database URL has a malformed % escape");
    }
    out.password.push_back(static_cast<char>(HexValue(encoded[i + 1]) * 16 + HexValue(encoded[i + 2])));
    i += 2;
  }
  out.has_password = true;
  out.url = std::string(url.substr(0, scheme_end)) + std::string(userinfo.substr(0, colon)) +
            std::string(authority.substr(at)) + std::string(url.substr(authority_end));
  return out;
}

Result<std::string> FindPgTool(std::string_view name, std::string_view path_env,
                               std::string_view lib_root) {
  size_t start = 0;
  while (start <= path_env.size()) {
    const size_t end = std::min(path_env.find(':', start), path_env.size());
    std::string dir(path_env.substr(start, end - start));
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + std::string(name);
    if (IsExecutable(candidate)) return candidate;
    start = end + 1;
  }
  std::string best;
  int64_t best_version = -1;
  if (DIR* d = ::opendir(std::string(lib_root).c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string version = e->d_name;
      const int64_t v = MajorVersion(version);
      if (v < 0) continue;
      const std::string candidate =
          std::string(lib_root) + "/" + version + "/bin/" + std::string(name);
      if (v > best_version && IsExecutable(candidate)) {
        best = candidate;
        best_version = v;
      }
    }
    ::closedir(d);
  }
  if (!best.empty()) return best;
  return NotFound(std::string(name) + " was not found in PATH nor in " + std::string(lib_root) +
                  "/*/bin; install the PostgreSQL client (Debian: postgresql-client)");
}

ToolCommand PgDumpCommand(const std::string& pg_dump, const PgConnection& db,
                          const std::string& snapshot, const std::string& out_file) {
  ToolCommand c;
  c.argv = {pg_dump, "--format=custom", "--no-password", "--file=" + out_file};
  if (!snapshot.empty()) c.argv.push_back("--snapshot=" + snapshot);
  c.argv.push_back("--dbname=" + db.url);
  if (db.has_password) c.env.push_back("PGPASSWORD=" + db.password);
  return c;
}

ToolCommand PgRestoreCommand(const std::string& pg_restore, const PgConnection& db,
                             const std::string& archive) {
  ToolCommand c;
  c.argv = {pg_restore,  "--no-password",    "--exit-on-error", "--single-transaction",
            "--clean",   "--if-exists",      "--no-owner",      "--no-privileges",
            "--dbname=" + db.url, archive};
  if (db.has_password) c.env.push_back("PGPASSWORD=" + db.password);
  return c;
}

Status RunTool(const ToolCommand& command) {
  if (command.argv.empty()) return Internal("no program to run");
  // The environment: ours, with command.env's names replaced.
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string kv = *e;
    env[kv.substr(0, kv.find('='))] = kv;
  }
  for (const std::string& kv : command.env) env[kv.substr(0, kv.find('='))] = kv;
  std::vector<char*> envp;
  for (auto& [name, kv] : env) envp.push_back(kv.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = command.argv;
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return Unavailable("cannot start " + command.argv[0]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(err_pipe[0]);
    return Unavailable("cannot start " + command.argv[0], std::strerror(rc));
  }
  std::string err;
  char buf[4096];
  while (true) {
    const ssize_t n = ::read(err_pipe[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    err.append(buf, static_cast<size_t>(n));
    if (err.size() > 65536) err.erase(0, err.size() - 65536);
  }
  ::close(err_pipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
  while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
  const size_t last = err.rfind('\n');
  const std::string last_line = last == std::string::npos ? err : err.substr(last + 1);
  std::string program = command.argv[0].substr(command.argv[0].rfind('/') + 1);
  std::string why = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                      : "killed by signal " + std::to_string(WTERMSIG(status));
  return Unavailable(program + " failed (" + why + ")" +
                         (last_line.empty() ? std::string() : ": " + last_line),
                     err);
}

}  // namespace sunlit::ops
