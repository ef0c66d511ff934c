// `sunlit user add|passwd|disable|enable|roles|list|token`: user administration by the local
// operator (every permission, every department). Passwords are read from stdin
// (--password-stdin) or generated and printed once; they are never taken as arguments (they
// would end up in the shell history and the process list).
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "app/access.h"
#include "app/services.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/db_flags.h"

namespace sunlit::cli {
namespace {

constexpr char kUsage[] =
    "usage: sunlit user add --username U --department D --role R [--role R2 …]\n"
    "                       [--inspector CODE] [--display-name NAME] [--password-stdin]\n"
    "       sunlit user passwd --username U [--password-stdin]\n"
    "       sunlit user disable|enable --username U\n"
    "       sunlit user roles --username U --role R [--role R2 …]\n"
    "       sunlit user list\n"
    "       sunlit user token --username U --name NAME [--expires 2026-12-31T16:00:00Z]\n"
    "       (all take --db URL [--key-file PATH] [--files-dir PATH]; roles: sunlit user list\n"
    "       shows them)";

Result<std::unique_ptr<app::Services>> Open(const Args& args) {
  SUNLIT_ASSIGN_OR_RETURN(app::ServicesOptions so, ServicesOptionsOf(args));
  so.load_directory = false;
  return app::Services::Open(so);
}

// One line from stdin, without its line end.
Result<std::string> ReadPassword() {
  std::string line;
  if (!std::getline(std::cin, line)) return InvalidArgument("no password on stdin");
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  SUNLIT_RETURN_IF_ERROR(app::AccessService::CheckPasswordPolicy(line));
  return line;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

int RunUser(int argc, char** argv) {
  if (argc < 3) return Fail(kUsage, 2);
  const std::string sub = argv[2];
  Result<Args> args = Args::Parse(
      argc, argv, 3,
      {"db", kKeyFileFlag, kFilesDirFlag, "username", "department", "role", "inspector",
       "display-name", "name", "expires"},
      {"password-stdin"});
  if (!args.ok()) return Fail(args.status(), 2);
  const app::Caller cli = app::Caller::System("cli");
  const bool needs_user = sub != "list" && sub != "add";
  if ((sub == "add" || needs_user) && !args->Has("username")) return Fail(kUsage, 2);
  if (sub != "add" && sub != "passwd" && sub != "disable" && sub != "enable" && sub != "roles" &&
      sub != "list" && sub != "token") {
    return Fail(kUsage, 2);
  }

  Result<std::unique_ptr<app::Services>> opened = Open(*args);
  if (!opened.ok()) return Fail(opened.status());
  app::AccessService& access = *(*opened)->access;

  if (sub == "add") {
    app::NewUser u;
    u.username = args->Get("username");
    u.department_code = args->Get("department");
    u.roles = args->GetAll("role");
    u.inspector_code = args->Get("inspector");
    u.display_name = args->Get("display-name");
    if (args->Has("password-stdin")) {
      Result<std::string> pw = ReadPassword();
      if (!pw.ok()) return Fail(pw.status());
      u.password = *pw;
    }
    Result<app::CreatedUser> created = access.CreateUser(cli, u);
    if (!created.ok()) return Fail(created.status());
    std::printf("created user %s (id %lld) in %s with roles %s\n", created->user.username.c_str(),
                static_cast<long long>(created->user.id),
                created->user.department_code.empty() ? "no department"
                                                      : created->user.department_code.c_str(),
                Join(created->user.roles).c_str());
    if (!created->generated_password.empty()) {
      std::printf("password (shown once): %s\n", created->generated_password.c_str());
    }
    return 0;
  }
  if (sub == "list") {
    Result<std::vector<app::UserInfo>> users = access.ListUsers(cli);
    if (!users.ok()) return Fail(users.status());
    std::printf("%-6s %-24s %-10s %-16s %-30s %s\n", "id", "username", "department", "inspector",
                "roles", "state");
    for (const app::UserInfo& u : *users) {
      std::printf("%-6lld %-24s %-10s %-16s %-30s %s\n", static_cast<long long>(u.id),
                  u.username.c_str(), u.department_code.c_str(), u.inspector_code.c_str(),
                  Join(u.roles).c_str(),
                  u.disabled ? "disabled" : (u.locked ? "locked" : "active"));
    }
    Result<std::vector<app::RoleInfo>> roles = access.Roles();
    if (roles.ok()) {
      std::printf("\nroles:");
      for (const app::RoleInfo& r : *roles)
        std::printf(" %s (%s)", r.code.c_str(), r.name_zh.c_str());
      std::printf("\n");
    }
    return 0;
  }

  Result<app::UserInfo> user = access.GetUserByName(cli, args->Get("username"));
  if (!user.ok()) return Fail("no user named " + args->Get("username"));
  if (sub == "passwd") {
    std::string password;
    if (args->Has("password-stdin")) {
      Result<std::string> pw = ReadPassword();
      if (!pw.ok()) return Fail(pw.status());
      password = *pw;
    }
    Result<std::string> generated = access.ResetPassword(cli, user->id, password);
    if (!generated.ok()) return Fail(generated.status());
    std::printf("password of %s changed; their sessions ended\n", user->username.c_str());
    if (!generated->empty()) std::printf("password (shown once): %s\n", generated->c_str());
    return 0;
  }
  if (sub == "disable" || sub == "enable") {
    Status s =
        sub == "disable" ? access.DisableUser(cli, user->id) : access.EnableUser(cli, user->id);
    if (!s.ok()) return Fail(s);
    std::printf("%s %s\n", user->username.c_str(), sub == "disable" ? "disabled" : "enabled");
    return 0;
  }
  if (sub == "roles") {
    Result<app::UserInfo> changed = access.SetRoles(cli, user->id, args->GetAll("role"));
    if (!changed.ok()) return Fail(changed.status());
    std::printf("%s now has roles %s\n", changed->username.c_str(), Join(changed->roles).c_str());
    return 0;
  }
  // token
  if (!args->Has("name")) return Fail(kUsage, 2);
  Result<app::CreatedApiToken> token =
      access.CreateApiToken(cli, user->id, args->Get("name"), args->Get("expires"));
  if (!token.ok()) return Fail(token.status());
  std::fprintf(stderr, "API token %lld for %s (shown once; send as \"Authorization: Bearer …\"):\n",
               static_cast<long long>(token->info.id), user->username.c_str());
  std::printf("%s\n", token->token.c_str());
  return 0;
}

}  // namespace sunlit::cli
