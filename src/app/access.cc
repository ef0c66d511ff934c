// AccessService: passwords (Argon2id), lock-out, sessions, CSRF, API tokens and the standard
// roles. libsodium and nlohmann/json stay in this file.
#include "app/access.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/field_error.h"
#include "store/repo/access_repo.h"

namespace sunlit::app {
namespace {

using Json = nlohmann::json;
using store::repo::AccessRepo;
using store::repo::UserRow;

constexpr std::string_view kWrongCredentials = "wrong username or password";
constexpr std::string_view kSessionExpired = "your session has expired, please log in again";
constexpr size_t kMinPasswordChars = 10;
constexpr size_t kMaxPasswordBytes = 256;
constexpr std::string_view kApiTokenPrefix = "slt_";

void InitSodium() {
  static const int rc = sodium_init();
  (void)rc;  // < 0 only when the system has no random source; randombytes then aborts
}

std::string Base64Url(const unsigned char* bytes, size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  std::string t = Base64Url(bytes, sizeof bytes);
  sodium_memzero(bytes, sizeof bytes);
  return t;
}

std::string Sha256(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

// Number of UTF-8 code points (the input was validated as UTF-8 by whoever parsed it).
size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

Status CheckUsername(std::string_view u) {
  if (u.size() < 3 || u.size() > 64) {
    return InvalidField("username", "username must be 3 to 64 characters");
  }
  for (size_t i = 0; i < u.size(); ++i) {
    const char c = u[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
      return InvalidField("username",
                          "username may contain only a-z, 0-9, '.', '_' and '-', starting with a "
                          "letter or digit");
    }
  }
  return Status::Ok();
}

Scope ScopeFromText(std::string_view s) { return ParseScope(s).value_or(Scope::kNone); }

RoleInfo ToInfo(const store::repo::RoleRow& r) {
  RoleInfo info{r.code, r.name_zh, r.name_en, r.description, r.builtin, {}};
  for (const auto& g : r.grants) info.grants.push_back({g.permission, ScopeFromText(g.scope)});
  return info;
}

UserInfo ToInfo(const UserRow& u, const std::string& now) {
  UserInfo info;
  info.id = u.id;
  info.username = u.username;
  info.display_name = u.display_name;
  info.department_code = u.department_code;
  info.inspector_code = u.inspector_code;
  info.roles = u.roles;
  info.disabled = u.disabled;
  info.locked = !u.locked_until.empty() && u.locked_until > now;
  info.created_at = u.created_at;
  info.created_by = u.created_by;
  info.password_changed_at = u.password_changed_at;
  return info;
}

ApiTokenInfo ToInfo(const store::repo::ApiTokenRow& t, std::string username) {
  return {t.id,         t.user_id,    std::move(username), t.name,       t.prefix,
          t.created_at, t.created_by, t.expires_at,        t.revoked_at, t.last_used_at};
}

// Who did it, for the ledger: a user id (no names in the public log) or the local operator.
std::string ActorRef(const Caller& c) {
  return c.user_id > 0 ? "user:" + std::to_string(c.user_id) : c.Actor();
}

Status AppendUserEvent(ledger::Ledger& ledger, store::Transaction& tx, std::string_view kind,
                       const Caller& caller, int64_t user_id, const std::string& department,
                       const std::vector<std::string>& roles) {
  Json body = {{"actor", ActorRef(caller)}, {"department", department}, {"roles", roles}};
  ledger::Event e{std::string(kind), "user:" + std::to_string(user_id), body.dump()};
  return ledger.Append(tx, e).status();
}

struct StandardRole {
  std::string_view code, zh, en, description;
  std::vector<std::pair<std::string_view, Scope>> grants;
};

// The standard permission sets (docs/access.md keeps the table in step).
std::vector<StandardRole> StandardRoles() {
  namespace p = perm;
  const Scope D = Scope::kDepartment;
  const Scope A = Scope::kAll;
  const Scope O = Scope::kOwn;
  std::vector<StandardRole> roles;
  StandardRole admin{role::kSystemAdmin,
                     "系统管理员",
                     "System administrator",
                     "every permission in every department",
                     {}};
  for (std::string_view perm_name : AllPermissions()) admin.grants.push_back({perm_name, A});
  roles.push_back(admin);
  StandardRole dept{role::kDepartmentAdmin,
                    "部门管理员",
                    "Department administrator",
                    "runs the department: directories, item lists, plans, tasks and draws, "
                    "publication, users of the department",
                    {}};
  for (std::string_view perm_name : AllPermissions()) dept.grants.push_back({perm_name, D});
  dept.grants.front().second = A;  // directory.read: the directory is shared by all departments
  roles.push_back(dept);
  roles.push_back({role::kReviewer,
                   "审核员",
                   "Reviewer",
                   "reviews (approves or returns) and publishes the department's results",
                   {{p::kDirectoryRead, A},
                    {p::kPlanRead, D},
                    {p::kTaskRead, D},
                    {p::kCheckReview, D},
                    {p::kCheckPublish, D},
                    {p::kCreditPropose, D},
                    {p::kReferralWrite, D},
                    {p::kStatsRead, D},
                    {p::kLogRead, D}}});
  roles.push_back({role::kInspector,
                   "执法人员",
                   "Inspector",
                   "sees own assignments and enters their results",
                   {{p::kDirectoryRead, A}, {p::kTaskRead, O}, {p::kCheckEnter, O}}});
  roles.push_back({role::kPartnerStaff,
                   "协同部门人员",
                   "Partner-department staff",
                   "takes part in joint tasks: reads them, enters and publishes the "
                   "department's own results",
                   {{p::kDirectoryRead, A},
                    {p::kPlanRead, D},
                    {p::kTaskRead, D},
                    {p::kCheckEnter, D},
                    {p::kCheckPublish, D},
                    {p::kReferralWrite, D},
                    {p::kStatsRead, D}}});
  return roles;
}

}  // namespace

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kOwn:
      return "own";
    case Scope::kDepartment:
      return "department";
    case Scope::kAll:
      return "all";
    case Scope::kNone:
      break;
  }
  return "none";
}

std::optional<Scope> ParseScope(std::string_view name) {
  if (name == "own") return Scope::kOwn;
  if (name == "department") return Scope::kDepartment;
  if (name == "all") return Scope::kAll;
  return std::nullopt;
}

AccessService::AccessService(store::Store& store, ledger::Ledger& ledger, Clock& clock,
                             AccessOptions options)
    : store_(store), ledger_(ledger), clock_(clock), options_(options) {
  InitSodium();
  if (options_.max_concurrent_hashes < 1) options_.max_concurrent_hashes = 1;
}

int64_t AccessService::Now() {
  Result<int64_t> s = ParseUtcSeconds(clock_.NowUtc());
  return s.ok() ? *s : 0;
}

// --- passwords -------------------------------------------------------------------------------

Status AccessService::CheckPasswordPolicy(std::string_view password) {
  if (password.size() > kMaxPasswordBytes || Utf8Chars(password) < kMinPasswordChars) {
    return InvalidField("password", "a password must have at least 10 and at most 256 characters");
  }
  if (HasControl(password)) {
    return InvalidField("password", "a password may not contain control characters");
  }
  return Status::Ok();
}

std::string AccessService::GeneratePassword() {
  InitSodium();
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out.push_back(kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
  }
  return out;
}

Result<std::string> AccessService::HashPassword(std::string_view password) {
  std::unique_lock<std::mutex> lock(hash_mu_);
  hash_cv_.wait(lock, [this] { return hashes_running_ < options_.max_concurrent_hashes; });
  ++hashes_running_;
  lock.unlock();
  char out[crypto_pwhash_STRBYTES];
  const int rc =
      crypto_pwhash_str_alg(out, password.data(), password.size(), options_.pwhash_opslimit,
                            options_.pwhash_memlimit, crypto_pwhash_ALG_ARGON2ID13);
  lock.lock();
  --hashes_running_;
  hash_cv_.notify_one();
  if (rc != 0) return Internal("internal error", "crypto_pwhash_str_alg failed (out of memory?)");
  return std::string(out);
}

bool AccessService::VerifyPassword(const std::string& hash, std::string_view password) {
  std::unique_lock<std::mutex> lock(hash_mu_);
  hash_cv_.wait(lock, [this] { return hashes_running_ < options_.max_concurrent_hashes; });
  ++hashes_running_;
  lock.unlock();
  const bool ok = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  lock.lock();
  --hashes_running_;
  hash_cv_.notify_one();
  return ok;
}

std::string AccessService::CsrfTokenFor(std::string_view session_token) {
  InitSodium();
  const std::string h = Sha256("sunlit-csrf-v1\n" + std::string(session_token));
  return Base64Url(reinterpret_cast<const unsigned char*>(h.data()), h.size());
}

bool AccessService::ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff = static_cast<unsigned char>(
        diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  }
  return diff == 0;
}

// --- roles -----------------------------------------------------------------------------------

Status AccessService::EnsureStandardRoles() {
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccessRepo repo(tx->sql());
  for (const StandardRole& r : StandardRoles()) {
    store::repo::RoleRow row{std::string(r.code),
                             std::string(r.zh),
                             std::string(r.en),
                             std::string(r.description),
                             true,
                             {}};
    for (const auto& [p, s] : r.grants) {
      row.grants.push_back({std::string(p), std::string(ScopeName(s))});
    }
    SUNLIT_RETURN_IF_ERROR(repo.PutRole(row));
  }
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  InvalidateRoles();
  return Status::Ok();
}

void AccessService::InvalidateRoles() {
  std::lock_guard<std::mutex> lock(roles_mu_);
  roles_cache_.reset();
}

Result<std::vector<RoleInfo>> AccessService::CachedRoles() {
  {
    std::lock_guard<std::mutex> lock(roles_mu_);
    if (roles_cache_) return *roles_cache_;
  }
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(auto rows, AccessRepo(tx->sql()).Roles());
  std::vector<RoleInfo> roles;
  for (const auto& r : rows) roles.push_back(ToInfo(r));
  std::lock_guard<std::mutex> lock(roles_mu_);
  roles_cache_ = roles;
  return roles;
}

Result<std::vector<RoleInfo>> AccessService::Roles() { return CachedRoles(); }

Result<std::vector<core::Department>> AccessService::Departments() {
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  return tx->LoadDepartments();
}

Caller AccessService::CallerOf(const UserInfo& user, const std::vector<RoleInfo>& roles) {
  Caller c;
  c.user_id = user.id;
  c.username = user.username;
  c.department_code = user.department_code;
  c.inspector_code = user.inspector_code;
  c.roles = user.roles;
  std::sort(c.roles.begin(), c.roles.end());
  for (const std::string& code : c.roles) {
    auto it =
        std::find_if(roles.begin(), roles.end(), [&](const RoleInfo& r) { return r.code == code; });
    if (it == roles.end()) continue;
    for (const Grant& g : it->grants) {
      auto [pos, inserted] = c.scopes.emplace(g.permission, g.scope);
      if (!inserted && g.scope > pos->second) pos->second = g.scope;
    }
  }
  return c;
}

// --- users -----------------------------------------------------------------------------------

Status AccessService::RequireUserAdmin(const Caller& caller, std::string_view department) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  if (caller.ScopeOf(perm::kUsersAdmin) == Scope::kAll) return Status::Ok();
  if (department.empty() || department != caller.department_code) {
    return PermissionDenied("you may administer only the users of your own department");
  }
  return Status::Ok();
}

Status AccessService::RequireGrantable(const Caller& caller, const std::vector<std::string>& roles,
                                       const std::vector<RoleInfo>& all) {
  for (const std::string& code : roles) {
    auto it =
        std::find_if(all.begin(), all.end(), [&](const RoleInfo& r) { return r.code == code; });
    if (it == all.end()) {
      return InvalidField("roles", "unknown role \"" + code + "\"");
    }
    for (const Grant& g : it->grants) {
      if (caller.ScopeOf(g.permission) < g.scope) {
        return PermissionDenied(
            "you may not grant the role \"" + code + "\": it holds more than you do",
            "permission " + g.permission);
      }
    }
  }
  return Status::Ok();
}

Result<CreatedUser> AccessService::CreateUser(const Caller& caller, const NewUser& in) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  SUNLIT_RETURN_IF_ERROR(CheckUsername(in.username));
  if (Utf8Chars(in.display_name) > 64 || HasControl(in.display_name)) {
    return InvalidField("display_name",
                        "display name must be at most 64 characters without control characters");
  }
  if (in.roles.empty()) {
    return InvalidField("roles", "a user needs at least one role");
  }
  std::vector<std::string> roles = in.roles;
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  SUNLIT_RETURN_IF_ERROR(RequireUserAdmin(caller, in.department_code));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RoleInfo> all, CachedRoles());
  SUNLIT_RETURN_IF_ERROR(RequireGrantable(caller, roles, all));
  const bool only_system = roles.size() == 1 && roles[0] == role::kSystemAdmin;
  if (in.department_code.empty() && !only_system) {
    return InvalidField("department", "department is required");
  }
  std::string password = in.password;
  std::string generated;
  if (password.empty()) {
    generated = GeneratePassword();
    password = generated;
  } else {
    SUNLIT_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  }
  SUNLIT_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));

  const std::string now = clock_.NowUtc();
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  if (!in.department_code.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(auto departments, tx->LoadDepartments());
    if (std::none_of(departments.begin(), departments.end(),
                     [&](const core::Department& d) { return d.code == in.department_code; })) {
      return InvalidField("department", "unknown department \"" + in.department_code + "\"");
    }
  }
  if (!in.inspector_code.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(auto inspector, tx->FindInspector(in.inspector_code));
    if (!inspector) {
      return InvalidField("inspector_code",
                          "no inspector with code \"" + in.inspector_code + "\" in the directory");
    }
    if (inspector->department_code != in.department_code) {
      return InvalidField("inspector_code", "the inspector belongs to another department");
    }
  }
  AccessRepo repo(tx->sql());
  UserRow row;
  row.username = in.username;
  row.display_name = in.display_name;
  row.department_code = in.department_code;
  row.inspector_code = in.inspector_code;
  row.password_hash = hash;
  row.password_changed_at = now;
  row.created_at = now;
  row.created_by = caller.Actor();
  row.roles = roles;
  Result<int64_t> id = repo.InsertUser(row);
  if (!id.ok()) {
    if (id.status().code() == StatusCode::kAlreadyExists) {
      return FieldStatus(StatusCode::kAlreadyExists, "username", "the username is taken");
    }
    return id.status();
  }
  row.id = *id;
  SUNLIT_RETURN_IF_ERROR(
      AppendUserEvent(ledger_, *tx, kEventUserCreated, caller, row.id, row.department_code, roles));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return CreatedUser{ToInfo(row, now), generated};
}

Result<std::vector<UserInfo>> AccessService::ListUsers(const Caller& caller) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  const bool all = caller.ScopeOf(perm::kUsersAdmin) == Scope::kAll;
  if (!all && caller.department_code.empty()) return std::vector<UserInfo>();
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(auto rows,
                          AccessRepo(tx->sql()).ListUsers(all ? "" : caller.department_code));
  const std::string now = clock_.NowUtc();
  std::vector<UserInfo> out;
  for (const UserRow& r : rows) out.push_back(ToInfo(r, now));
  return out;
}

Result<UserInfo> AccessService::GetUser(const Caller& caller, int64_t user_id) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(auto row, AccessRepo(tx->sql()).FindUser(user_id));
  if (!row || !RequireUserAdmin(caller, row->department_code).ok()) {
    return NotFound("no such user");
  }
  return ToInfo(*row, clock_.NowUtc());
}

Result<UserInfo> AccessService::GetUserByName(const Caller& caller, std::string_view username) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(auto row, AccessRepo(tx->sql()).FindUserByName(username));
  if (!row || !RequireUserAdmin(caller, row->department_code).ok()) {
    return NotFound("no such user");
  }
  return ToInfo(*row, clock_.NowUtc());
}

Status AccessService::DisableUser(const Caller& caller, int64_t user_id) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  if (user_id == caller.user_id) {
    return FailedPrecondition("you cannot disable your own account");
  }
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccessRepo repo(tx->sql());
  SUNLIT_ASSIGN_OR_RETURN(auto row, repo.FindUser(user_id));
  if (!row || !RequireUserAdmin(caller, row->department_code).ok()) {
    return NotFound("no such user");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RoleInfo> all, CachedRoles());
  SUNLIT_RETURN_IF_ERROR(RequireGrantable(caller, row->roles, all));
  if (row->disabled) return Status::Ok();
  SUNLIT_RETURN_IF_ERROR(repo.SetDisabled(user_id, true));
  SUNLIT_RETURN_IF_ERROR(repo.DeleteUserSessions(user_id));
  SUNLIT_RETURN_IF_ERROR(repo.RevokeUserApiTokens(user_id, clock_.NowUtc()));
  SUNLIT_RETURN_IF_ERROR(AppendUserEvent(ledger_, *tx, kEventUserDisabled, caller, user_id,
                                         row->department_code, row->roles));
  return tx->Commit();
}

Status AccessService::EnableUser(const Caller& caller, int64_t user_id) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccessRepo repo(tx->sql());
  SUNLIT_ASSIGN_OR_RETURN(auto row, repo.FindUser(user_id));
  if (!row || !RequireUserAdmin(caller, row->department_code).ok()) {
    return NotFound("no such user");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RoleInfo> all, CachedRoles());
  SUNLIT_RETURN_IF_ERROR(RequireGrantable(caller, row->roles, all));
  if (!row->disabled) return Status::Ok();
  SUNLIT_RETURN_IF_ERROR(repo.SetDisabled(user_id, false));
  SUNLIT_RETURN_IF_ERROR(AppendUserEvent(ledger_, *tx, kEventUserRolesChanged, caller, user_id,
                                         row->department_code, row->roles));
  return tx->Commit();
}

Result<UserInfo> AccessService::SetRoles(const Caller& caller, int64_t user_id,
                                         const std::vector<std::string>& roles_in) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  if (roles_in.empty()) {
    return InvalidField("roles", "a user needs at least one role");
  }
  std::vector<std::string> roles = roles_in;
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RoleInfo> all, CachedRoles());
  SUNLIT_RETURN_IF_ERROR(RequireGrantable(caller, roles, all));
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccessRepo repo(tx->sql());
  SUNLIT_ASSIGN_OR_RETURN(auto row, repo.FindUser(user_id));
  if (!row || !RequireUserAdmin(caller, row->department_code).ok()) {
    return NotFound("no such user");
  }
  // Taking roles away needs the same standing as granting them.
  SUNLIT_RETURN_IF_ERROR(RequireGrantable(caller, row->roles, all));
  if (row->department_code.empty() && !(roles.size() == 1 && roles[0] == role::kSystemAdmin)) {
    return InvalidField("roles", "a user without a department can only be a system administrator");
  }
  SUNLIT_RETURN_IF_ERROR(repo.SetUserRoles(user_id, roles));
  SUNLIT_RETURN_IF_ERROR(AppendUserEvent(ledger_, *tx, kEventUserRolesChanged, caller, user_id,
                                         row->department_code, roles));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  row->roles = roles;
  return ToInfo(*row, clock_.NowUtc());
}

Result<std::string> AccessService::ResetPassword(const Caller& caller, int64_t user_id,
                                                 std::string_view new_password) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  std::string password(new_password);
  if (password.empty()) {
    password = GeneratePassword();
  } else {
    SUNLIT_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  }
  SUNLIT_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccessRepo repo(tx->sql());
  SUNLIT_ASSIGN_OR_RETURN(auto row, repo.FindUser(user_id));
  if (!row || !RequireUserAdmin(caller, row->department_code).ok()) {
    return NotFound("no such user");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RoleInfo> all, CachedRoles());
  SUNLIT_RETURN_IF_ERROR(RequireGrantable(caller, row->roles, all));
  SUNLIT_RETURN_IF_ERROR(repo.SetPasswordHash(user_id, hash, clock_.NowUtc()));
  SUNLIT_RETURN_IF_ERROR(repo.DeleteUserSessions(user_id));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return new_password.empty() ? password : std::string();
}

Status AccessService::ChangePassword(const Caller& caller, std::string_view old_password,
                                     std::string_view new_password,
                                     std::string_view keep_session_token) {
  if (caller.user_id <= 0) return Unauthenticated("please log in");
  SUNLIT_RETURN_IF_ERROR(CheckPasswordPolicy(new_password));
  UserRow user;
  {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(auto row, AccessRepo(tx->sql()).FindUser(caller.user_id));
    if (!row || row->disabled) return Unauthenticated(std::string(kSessionExpired));
    user = std::move(*row);
  }
  if (!VerifyPassword(user.password_hash, old_password)) {
    return FieldStatus(StatusCode::kPermissionDenied, "old_password",
                       "the current password is wrong");
  }
  if (old_password == new_password) {
    return InvalidField("new_password", "the new password must differ from the old one");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccessRepo repo(tx->sql());
  SUNLIT_RETURN_IF_ERROR(repo.SetPasswordHash(user.id, hash, clock_.NowUtc()));
  std::optional<store::repo::SessionRow> keep;
  if (!keep_session_token.empty()) {
    SUNLIT_ASSIGN_OR_RETURN(keep, repo.FindSession(Sha256(keep_session_token)));
  }
  SUNLIT_RETURN_IF_ERROR(repo.DeleteUserSessions(user.id));
  if (keep && keep->user_id == user.id) SUNLIT_RETURN_IF_ERROR(repo.InsertSession(*keep));
  return tx->Commit();
}

// --- login and sessions ----------------------------------------------------------------------

bool AccessService::IpTryReserve(const std::string& ip, int64_t now) {
  std::lock_guard<std::mutex> lock(ip_mu_);
  if (ip_failures_.size() > 100000) ip_failures_.clear();  // bound memory under a flood
  auto& times = ip_failures_[ip];
  times.erase(std::remove_if(times.begin(), times.end(),
                             [&](int64_t t) { return t <= now - options_.ip_window_seconds; }),
              times.end());
  if (static_cast<int64_t>(times.size()) >= options_.ip_max_failures) return false;
  times.push_back(now);
  return true;
}

void AccessService::IpRelease(const std::string& ip, int64_t now) {
  std::lock_guard<std::mutex> lock(ip_mu_);
  auto it = ip_failures_.find(ip);
  if (it == ip_failures_.end()) return;
  auto& times = it->second;
  auto t = std::find(times.rbegin(), times.rend(), now);
  if (t != times.rend()) times.erase(std::next(t).base());
  if (times.empty()) ip_failures_.erase(it);
}

namespace {

Status AccountLocked(const std::string& until) {
  return ResourceExhausted(
      "this account is locked after too many failed logins; try again "
      "after " +
      until);
}

}  // namespace

// The account's failure count is taken before the (slow) password check, in a write
// transaction on a fresh read: concurrent guesses then cannot all pass one stale "not
// locked" look — each takes one of the max_failed_logins places, the next one locks the
// account and the rest are refused unchecked —, and no guess can clear a lock another one set.
Status AccessService::ReserveLoginAttempt(int64_t user_id, int64_t now) {
  const std::string now_text = FormatUtc(now);
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccessRepo repo(tx->sql());
  SUNLIT_ASSIGN_OR_RETURN(auto fresh, repo.FindUser(user_id));
  if (!fresh || fresh->disabled) return Unauthenticated(std::string(kWrongCredentials));
  if (!fresh->locked_until.empty() && fresh->locked_until > now_text) {
    return AccountLocked(fresh->locked_until);
  }
  if (fresh->failed_logins >= options_.max_failed_logins) {
    // Every place is taken by an attempt that failed or is still being checked.
    const std::string until = FormatUtc(now + options_.lockout_seconds);
    SUNLIT_RETURN_IF_ERROR(repo.SetLoginFailures(user_id, 0, until));
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
    return AccountLocked(until);
  }
  SUNLIT_RETURN_IF_ERROR(repo.SetLoginFailures(user_id, fresh->failed_logins + 1, ""));
  return tx->Commit();
}

Result<LoginResult> AccessService::Login(std::string_view username, std::string_view password,
                                         std::string_view client_ip) {
  const int64_t now = Now();
  const std::string now_text = FormatUtc(now);
  const std::string ip(client_ip);
  if (!IpTryReserve(ip, now)) {
    return ResourceExhausted("too many failed logins from your address; try again later");
  }
  if (password.size() > kMaxPasswordBytes || username.size() > 64) {
    return Unauthenticated(std::string(kWrongCredentials));
  }
  std::optional<UserRow> user;
  {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(user, AccessRepo(tx->sql()).FindUserByName(username));
  }
  if (!user || user->disabled) {
    std::call_once(dummy_once_, [this] {
      Result<std::string> h = HashPassword("sunlit-dummy-password");
      if (h.ok()) dummy_hash_ = *h;
    });
    if (!dummy_hash_.empty()) VerifyPassword(dummy_hash_, password);
    return Unauthenticated(std::string(kWrongCredentials));
  }
  if (!user->locked_until.empty() && user->locked_until > now_text) {
    IpRelease(ip, now);  // refused unchecked: not a failure of this address
    return AccountLocked(user->locked_until);
  }
  if (Status reserved = ReserveLoginAttempt(user->id, now); !reserved.ok()) {
    if (reserved.code() == StatusCode::kResourceExhausted) IpRelease(ip, now);
    return reserved;
  }
  if (!VerifyPassword(user->password_hash, password)) {
    // Already counted; lock when this was the last place (unless a concurrent attempt did).
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    AccessRepo repo(tx->sql());
    SUNLIT_ASSIGN_OR_RETURN(auto fresh, repo.FindUser(user->id));
    const bool locked = fresh && !fresh->locked_until.empty() && fresh->locked_until > now_text;
    if (fresh && !locked && fresh->failed_logins >= options_.max_failed_logins) {
      SUNLIT_RETURN_IF_ERROR(
          repo.SetLoginFailures(user->id, 0, FormatUtc(now + options_.lockout_seconds)));
      SUNLIT_RETURN_IF_ERROR(tx->Commit());
    }
    return Unauthenticated(std::string(kWrongCredentials));
  }
  IpRelease(ip, now);

  LoginResult out;
  out.session_token = RandomToken();
  out.csrf_token = CsrfTokenFor(out.session_token);
  out.max_age_seconds = options_.session_absolute_seconds;
  out.expires_at = FormatUtc(now + options_.session_absolute_seconds);
  {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    AccessRepo repo(tx->sql());
    SUNLIT_ASSIGN_OR_RETURN(auto fresh, repo.FindUser(user->id));
    if (!fresh || fresh->disabled) return Unauthenticated(std::string(kWrongCredentials));
    // Locked by concurrent wrong guesses while this one was checked: the lock stands.
    if (!fresh->locked_until.empty() && fresh->locked_until > now_text) {
      return AccountLocked(fresh->locked_until);
    }
    SUNLIT_RETURN_IF_ERROR(repo.SetLoginFailures(user->id, 0, ""));
    SUNLIT_RETURN_IF_ERROR(repo.InsertSession(
        {Sha256(out.session_token), user->id, now_text, now_text, out.expires_at, ip}));
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RoleInfo> roles, CachedRoles());
  out.caller = CallerOf(ToInfo(*user, now_text), roles);
  return out;
}

Status AccessService::Logout(std::string_view session_token) {
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  SUNLIT_RETURN_IF_ERROR(AccessRepo(tx->sql()).DeleteSession(Sha256(session_token)));
  return tx->Commit();
}

Result<Authenticated> AccessService::FromSession(std::string_view session_token) {
  if (session_token.empty() || session_token.size() > 128) {
    return Unauthenticated(std::string(kSessionExpired));
  }
  const std::string hash = Sha256(session_token);
  const int64_t now = Now();
  const std::string now_text = FormatUtc(now);
  std::optional<store::repo::SessionRow> session;
  std::optional<UserRow> user;
  {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
    AccessRepo repo(tx->sql());
    SUNLIT_ASSIGN_OR_RETURN(session, repo.FindSession(hash));
    if (!session) return Unauthenticated(std::string(kSessionExpired));
    SUNLIT_ASSIGN_OR_RETURN(user, repo.FindUser(session->user_id));
  }
  Result<int64_t> last = ParseUtcSeconds(session->last_seen_at);
  const bool expired =
      session->expires_at <= now_text || !last.ok() || *last + options_.session_idle_seconds <= now;
  if (expired || !user || user->disabled) {
    Logout(session_token).IgnoreError();  // best effort; the session is refused either way
    return Unauthenticated(std::string(kSessionExpired));
  }
  if (now - *last >= options_.session_touch_seconds) {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    SUNLIT_RETURN_IF_ERROR(AccessRepo(tx->sql()).TouchSession(hash, now_text));
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RoleInfo> roles, CachedRoles());
  Authenticated out;
  out.caller = CallerOf(ToInfo(*user, now_text), roles);
  out.via_session = true;
  out.csrf_token = CsrfTokenFor(session_token);
  return out;
}

Result<Authenticated> AccessService::FromApiToken(std::string_view token) {
  const Status denied = Unauthenticated("the API token is not valid");
  if (token.size() < kApiTokenPrefix.size() || token.size() > 128 ||
      token.substr(0, kApiTokenPrefix.size()) != kApiTokenPrefix) {
    return denied;
  }
  const std::string now = clock_.NowUtc();
  std::optional<store::repo::ApiTokenRow> row;
  std::optional<UserRow> user;
  {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
    AccessRepo repo(tx->sql());
    SUNLIT_ASSIGN_OR_RETURN(row, repo.FindApiTokenByHash(Sha256(token)));
    if (!row) return denied;
    SUNLIT_ASSIGN_OR_RETURN(user, repo.FindUser(row->user_id));
  }
  if (!row->revoked_at.empty() || (!row->expires_at.empty() && row->expires_at <= now) || !user ||
      user->disabled) {
    return denied;
  }
  if (row->last_used_at.size() < 16 || row->last_used_at.compare(0, 16, now, 0, 16) != 0) {
    // Written at most once a minute per token.
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    SUNLIT_RETURN_IF_ERROR(AccessRepo(tx->sql()).TouchApiToken(row->id, now));
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RoleInfo> roles, CachedRoles());
  Authenticated out;
  out.caller = CallerOf(ToInfo(*user, now), roles);
  out.via_session = false;
  return out;
}

Result<int64_t> AccessService::PurgeExpiredSessions() {
  const int64_t now = Now();
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  SUNLIT_ASSIGN_OR_RETURN(int64_t n,
                          AccessRepo(tx->sql()).DeleteExpiredSessions(
                              FormatUtc(now), FormatUtc(now - options_.session_idle_seconds)));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return n;
}

// --- API tokens ------------------------------------------------------------------------------

Result<CreatedApiToken> AccessService::CreateApiToken(const Caller& caller, int64_t user_id,
                                                      std::string_view name,
                                                      std::string_view expires_at) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  if (name.empty() || Utf8Chars(name) > 64 || HasControl(name)) {
    return InvalidField("name", "token name must be 1 to 64 characters without control characters");
  }
  const std::string now = clock_.NowUtc();
  std::string expires;
  if (!expires_at.empty()) {
    Result<int64_t> t = ParseUtcSeconds(expires_at);
    if (!t.ok()) {
      return InvalidField("expires_at", "expires_at must be a time like 2026-12-31T16:00:00Z");
    }
    expires = FormatUtc(*t);
    if (expires <= now) {
      return InvalidField("expires_at", "expires_at must be in the future");
    }
  }
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccessRepo repo(tx->sql());
  SUNLIT_ASSIGN_OR_RETURN(auto user, repo.FindUser(user_id));
  if (!user || !RequireUserAdmin(caller, user->department_code).ok()) {
    return NotFound("no such user");
  }
  if (user->disabled) return FailedPrecondition("the user is disabled");
  SUNLIT_ASSIGN_OR_RETURN(std::vector<RoleInfo> all, CachedRoles());
  SUNLIT_RETURN_IF_ERROR(RequireGrantable(caller, user->roles, all));
  CreatedApiToken out;
  out.token = std::string(kApiTokenPrefix) + RandomToken();
  store::repo::ApiTokenRow row;
  row.user_id = user_id;
  row.name = std::string(name);
  row.token_hash = Sha256(out.token);
  row.prefix = out.token.substr(0, kApiTokenPrefix.size() + 4);
  row.created_at = now;
  row.created_by = caller.Actor();
  row.expires_at = expires;
  SUNLIT_ASSIGN_OR_RETURN(row.id, repo.InsertApiToken(row));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  out.info = ToInfo(row, user->username);
  return out;
}

Status AccessService::RevokeApiToken(const Caller& caller, int64_t token_id) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccessRepo repo(tx->sql());
  SUNLIT_ASSIGN_OR_RETURN(auto token, repo.FindApiToken(token_id));
  if (!token) return NotFound("no such token");
  if (token->user_id != caller.user_id) {
    SUNLIT_ASSIGN_OR_RETURN(auto user, repo.FindUser(token->user_id));
    if (!user || !caller.Can(perm::kUsersAdmin) ||
        !RequireUserAdmin(caller, user->department_code).ok()) {
      return NotFound("no such token");
    }
  }
  SUNLIT_RETURN_IF_ERROR(repo.RevokeApiToken(token_id, clock_.NowUtc()));
  return tx->Commit();
}

Result<std::vector<ApiTokenInfo>> AccessService::ListApiTokens(const Caller& caller) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  AccessRepo repo(tx->sql());
  const bool admin = caller.Can(perm::kUsersAdmin);
  SUNLIT_ASSIGN_OR_RETURN(auto rows, repo.ListApiTokens(admin ? 0 : caller.user_id));
  std::map<int64_t, std::optional<UserRow>> users;
  std::vector<ApiTokenInfo> out;
  for (const auto& r : rows) {
    auto it = users.find(r.user_id);
    if (it == users.end()) {
      SUNLIT_ASSIGN_OR_RETURN(auto u, repo.FindUser(r.user_id));
      it = users.emplace(r.user_id, std::move(u)).first;
    }
    if (!it->second) continue;
    if (r.user_id != caller.user_id &&
        !RequireUserAdmin(caller, it->second->department_code).ok()) {
      continue;
    }
    out.push_back(ToInfo(r, it->second->username));
  }
  return out;
}

}  // namespace sunlit::app
