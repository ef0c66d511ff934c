// TestServer and TestClient: the fixture of the HTTP tests.
#include "http/test_server.h"

#include <httplib.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "app/demo_data.h"
#include "app/draw_service.h"
#include "app/gen.h"
#include "app/import.h"
#include "core/uscc.h"
#include "store/sql.h"
#include "store/store.h"
#include "store/test_backend.h"

namespace sunlit::http::testing {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

// --- TestClock -------------------------------------------------------------------------------

TestClock::TestClock(std::string utc) { Set(std::move(utc)); }

std::string TestClock::NowUtc() {
  std::lock_guard<std::mutex> lock(mu_);
  return app::FormatUtc(now_);
}

void TestClock::Set(std::string utc) {
  Result<int64_t> t = app::ParseUtcSeconds(utc);
  std::lock_guard<std::mutex> lock(mu_);
  now_ = t.ok() ? *t : 0;
}

void TestClock::Advance(int64_t seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += seconds;
}

// --- Reply -----------------------------------------------------------------------------------

std::string Reply::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return v;
  }
  return {};
}

namespace {
std::string ErrorMember(const Json& j, const char* key) {
  if (!j.is_object()) return {};
  auto e = j.find("error");
  if (e == j.end() || !e->is_object()) return {};
  auto v = e->find(key);
  return v != e->end() && v->is_string() ? v->get<std::string>() : std::string();
}
}  // namespace

std::string Reply::ErrorCode() const { return ErrorMember(json, "code"); }
std::string Reply::ErrorMessage() const { return ErrorMember(json, "message"); }
std::string Reply::ErrorField() const { return ErrorMember(json, "field"); }

// --- TestClient ------------------------------------------------------------------------------

Reply TestClient::Send(const std::string& method, const std::string& path, const std::string& body,
                       const std::string& content_type,
                       const std::vector<std::pair<std::string, std::string>>& headers) {
  httplib::Client cli("127.0.0.1", port_);
  cli.set_connection_timeout(5, 0);
  cli.set_read_timeout(30, 0);
  httplib::Headers h;
  if (!cookie_.empty()) h.emplace("Cookie", "sunlit_session=" + cookie_);
  if (!bearer_.empty()) h.emplace("Authorization", "Bearer " + bearer_);
  if (!cookie_.empty() && send_csrf_ && method != "GET" && method != "HEAD") {
    h.emplace("X-CSRF-Token", csrf_);
  }
  for (const auto& [k, v] : headers) h.emplace(k, v);
  auto call = [&]() -> httplib::Result {
    if (method == "GET") return cli.Get(path, h);
    if (method == "HEAD") return cli.Head(path, h);
    if (method == "POST") return cli.Post(path, h, body, content_type);
    if (method == "PUT") return cli.Put(path, h, body, content_type);
    if (method == "PATCH") return cli.Patch(path, h, body, content_type);
    if (method == "DELETE") return cli.Delete(path, h, body, content_type);
    return cli.Options(path, h);
  };
  httplib::Result res = call();
  Reply r;
  if (!res) return r;
  r.status = res->status;
  r.body = res->body;
  for (const auto& [k, v] : res->headers) r.headers.emplace_back(k, v);
  if (!r.body.empty()) r.json = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (r.json.is_discarded()) r.json = nullptr;
  return r;
}

Reply TestClient::Get(const std::string& path_and_query) {
  return Send("GET", path_and_query, "", "");
}
Reply TestClient::Post(const std::string& path, const Json& body) {
  return Send("POST", path, body.dump(), "application/json");
}
Reply TestClient::Put(const std::string& path, const Json& body) {
  return Send("PUT", path, body.dump(), "application/json");
}
Reply TestClient::Patch(const std::string& path, const Json& body) {
  return Send("PATCH", path, body.dump(), "application/json");
}
Reply TestClient::Delete(const std::string& path) { return Send("DELETE", path, "", ""); }

Reply TestClient::Login(std::string_view username, std::string_view password) {
  cookie_.clear();
  csrf_.clear();
  Reply r = Post("/api/v1/session", Json{{"username", username}, {"password", password}});
  if (r.status != 200) return r;
  const std::string set_cookie = r.Header("Set-Cookie");
  constexpr std::string_view kPrefix = "sunlit_session=";
  if (set_cookie.rfind(kPrefix, 0) == 0) {
    cookie_ = set_cookie.substr(kPrefix.size(), set_cookie.find(';') - kPrefix.size());
  }
  if (r.json.contains("csrf_token")) csrf_ = r.json["csrf_token"].get<std::string>();
  return r;
}

// --- TestServer ------------------------------------------------------------------------------

app::AccessOptions TestServerOptions::FastAccessOptions() {
  app::AccessOptions o;
  o.pwhash_opslimit = 1;
  o.pwhash_memlimit = 8192;
  o.ip_max_failures = 1000000;
  o.max_concurrent_hashes = 8;
  return o;
}

TestServer::TestServer(std::string start_time) : clock_(std::move(start_time)) {}

TestServer::~TestServer() {
  if (server_) server_->Stop();
  server_.reset();
  services_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

Result<std::unique_ptr<TestServer>> TestServer::Start(TestServerOptions options) {
  std::unique_ptr<TestServer> t(new TestServer(options.start_time));
  char tmpl[] = "/tmp/sunlit-http-test-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return Unavailable("mkdtemp failed");
  t->dir_ = tmpl;
  app::ServicesOptions so;
  so.db_url = options.db_url.empty()
                  ? store::testing::TestDatabaseUrl(t->dir_, "test.db")  // SUNLIT_TEST_BACKEND
                  : options.db_url;
  so.key_path = t->dir_ + "/ledger.key";
  so.files_dir = t->dir_ + "/files";
  so.clock = &t->clock_;
  so.access = options.access;
  SUNLIT_ASSIGN_OR_RETURN(t->services_, app::Services::Open(so));
  {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, t->services_->store->Begin());
    SUNLIT_RETURN_IF_ERROR(tx->UpsertDepartments(options.departments).status());
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
  }
  if (options.setup) SUNLIT_RETURN_IF_ERROR(options.setup(*t->services_));
  ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.threads = options.threads;
  server_options.web_dir = options.web_dir;
  TestServer* raw = t.get();
  server_options.log = [raw](std::string_view line) {
    std::lock_guard<std::mutex> lock(raw->log_mu_);
    raw->log_.emplace_back(line);
  };
  t->server_ = std::make_unique<Server>(*t->services_, server_options);
  if (options.extra_routes) options.extra_routes(t->server_->router(), *t->services_);
  SUNLIT_RETURN_IF_ERROR(t->server_->Start());
  return t;
}

Result<TestUser> TestServer::AddUser(const std::string& username, const std::string& department,
                                     const std::vector<std::string>& roles,
                                     const std::string& inspector_code) {
  app::NewUser u;
  u.username = username;
  u.department_code = department;
  u.roles = roles;
  u.inspector_code = inspector_code;
  u.password = std::string(kTestPassword);
  SUNLIT_ASSIGN_OR_RETURN(app::CreatedUser created,
                          services_->access->CreateUser(app::Caller::System("test"), u));
  TestUser out{created.user.id, username, std::string(kTestPassword),
               department,      roles,    inspector_code};
  users_[username] = out;
  return out;
}

TestClient TestServer::Login(const TestUser& user) {
  TestClient c(port());
  c.Login(user.username, user.password);
  return c;
}

TestClient TestServer::As(std::string_view role, std::string_view department) {
  std::string name = Lower(role) + "." + Lower(department);
  std::replace(name.begin(), name.end(), '_', '-');
  auto it = users_.find(name);
  if (it == users_.end()) {
    Result<TestUser> u = AddUser(name, std::string(department), {std::string(role)});
    if (!u.ok()) return Anonymous();
    it = users_.find(name);
  }
  return Login(it->second);
}

std::vector<std::string> TestServer::LogLines() const {
  std::lock_guard<std::mutex> lock(log_mu_);
  return log_;
}

std::string TestServer::LogText() const {
  std::string out;
  for (const std::string& l : LogLines()) out += l + "\n";
  return out;
}

Status LoadDemoDirectory(app::Services& s) {
  const core::Date today = core::Date::FromYmd(2026, 3, 1);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_RETURN_IF_ERROR(tx->UpsertUnits(app::DemoUnits()).status());
  SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"test", "fixtures", "test"}));
  SUNLIT_RETURN_IF_ERROR(tx->UpsertInspectors(app::DemoInspectors(3, today), batch).status());
  SUNLIT_RETURN_IF_ERROR(tx->UpsertItems(app::DemoItems(), batch).status());
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  char tmpl[] = "/tmp/sunlit-directory-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return Internal("mkdtemp");
  const std::string dir = tmpl;
  app::GenOptions gen;
  gen.count = 2000;
  gen.seed = 9;
  gen.region_prefix = "4303";
  gen.today = today;
  Status status = app::GenerateEntities(gen, dir + "/e.csv");
  if (status.ok()) {
    app::ImportOptions import;
    import.today = today;
    status =
        s.directory->Import(*s.store, app::ImportKind::kEntities, dir + "/e.csv", import).status();
  }
  std::filesystem::remove_all(dir);
  return status;
}

std::string FixtureCode(std::string_view body, int n) {
  static const char kDigits[] = "0123456789";
  std::string org(body);
  int v = n;
  for (int i = 0; i < 4; ++i) {
    org.push_back(kDigits[v % 10]);
    v /= 10;
  }
  org += core::OrgCodeCheckCharacter(org);
  const std::string first17 = "91430302" + org;
  return first17 + core::UsccCheckCharacter(first17);
}

Status SeedTask(app::Services& s, const SeededTask& t) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"test", "fixture", "test"}));
  std::vector<core::Entity> entities;
  for (int i = 1; i <= t.entities; ++i) {
    core::Entity e;
    e.code = FixtureCode(t.code_body, i);
    e.name = t.entity_name + std::to_string(i);
    e.region = 430302;
    e.industry = "5211";
    e.address = t.address + (t.numbered_address ? std::to_string(i) + "号" : "");
    entities.push_back(e);
  }
  SUNLIT_RETURN_IF_ERROR(tx->UpsertEntities(entities, batch).status());
  std::vector<core::Inspector> inspectors;
  for (const char* code : {"I-001", "I-002", "I-003"}) {
    core::Inspector i;
    i.code = code;
    i.name = std::string("执法人员") + code;
    i.department_code = "SCJG";
    i.region = 430302;
    i.certificate_no = std::string("ZF") + code;
    inspectors.push_back(i);
  }
  SUNLIT_RETURN_IF_ERROR(tx->UpsertInspectors(inspectors, batch).status());
  core::InspectionItem item;
  item.department_code = "SCJG";
  item.code = "SCJG-001";
  item.name = "营业执照公示情况";
  item.legal_basis = "《市场主体登记管理条例》";
  item.method = "实地检查";
  SUNLIT_RETURN_IF_ERROR(tx->UpsertItems(std::vector<core::InspectionItem>{item}, batch).status());
  store::Sql& sql = tx->sql();
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t task,
      sql.InsertReturningId(
          "INSERT INTO tasks (number, bureau, year, seq, title, kind, lead_department, "
          "departments, items, scope, quotas, exclusions, team, options, window_start, "
          "window_end, confidential, state, created_at, created_by, updated_at) VALUES "
          "('XT-2026-0001', 'XT', 2026, 1, ?, 'random', 'SCJG', '[\"SCJG\",\"XFJY\"]', "
          "'[]', '{}', '[]', '[]', '{}', '{}', '2026-09-01', '2026-11-30', 0, 'assigned', "
          "'2026-09-01T00:00:00Z', 'test', '2026-09-01T00:00:00Z') RETURNING id",
          {std::string_view(t.title)}));
  for (size_t k = 0; k < t.checks.size(); ++k) {
    const int n = static_cast<int>(k) + 1;
    const std::string code = FixtureCode(t.code_body, n);
    const std::string name = t.entity_name + std::to_string(n);
    SUNLIT_ASSIGN_OR_RETURN(
        int64_t check,
        sql.InsertReturningId(
            "INSERT INTO checks (task_id, entity_code, entity_name, region, unit_code, origin, "
            "state, created_at) VALUES (?, ?, ?, 430302, 'U1', 'drawn', ?, "
            "'2026-09-01T00:00:00Z') RETURNING id",
            {task, std::string_view(code), std::string_view(name),
             std::string_view(t.checks[k].state)}));
    for (const std::string& inspector : t.checks[k].team) {
      SUNLIT_RETURN_IF_ERROR(
          sql.Exec("INSERT INTO check_inspectors (check_id, inspector_code, department_code, "
                   "assigned_at) VALUES (?, ?, 'SCJG', '2026-09-01T00:00:00Z')",
                   {check, std::string_view(inspector)})
              .status());
    }
  }
  return tx->Commit();
}

}  // namespace sunlit::http::testing
