// The console routes: what the staff console's pages need beyond the workflow and access
// areas: the live pool count of the task wizard, the dashboard's own facts, and the
// directory search (entities and
// inspectors: filtered lists, records with history, export). Thin: read and check the input,
// call the app/ use case with req.caller(), shape the JSON.
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/dashboard.h"
#include "app/departments.h"
#include "app/directory_search.h"
#include "app/directory_upload.h"
#include "app/import_jobs.h"
#include "app/item_edit.h"
#include "app/pool_preview.h"
#include "app/units.h"
#include "core/field_error.h"
#include "http/errors.h"
#include "http/routes.h"
#include "http/scope_body.h"

namespace sunlit::http {
namespace {

const Json kStrings = {{"type", "array"}, {"items", {{"type", "string"}}}};

const Json kDirectoryListSchema = {
    {"type", "object"},
    {"properties",
     {{"items", {{"type", "array"}, {"items", {{"type", "object"}}}}},
      {"total", {{"type", "integer"}}},
      {"total_capped", {{"type", "boolean"}}},
      {"limit", {{"type", "integer"}}},
      {"offset", {{"type", "integer"}}}}}};

std::string DateText(const std::optional<core::Date>& d) { return d ? d->ToString() : ""; }

Json HistoryJson(const std::vector<store::Change>& history) {
  Json out = Json::array();
  for (const store::Change& c : history) {
    out.push_back({{"batch_id", c.batch_id},
                   {"at", c.at},
                   {"source", c.source},
                   {"field", c.field},
                   {"old_value", c.old_value},
                   {"new_value", c.new_value}});
  }
  return out;
}

template <typename Row>
Json PageJson(const app::DirectoryPage<Row>& page, Json items) {
  return Json{{"items", std::move(items)},
              {"total", page.total},
              {"total_capped", page.total_capped},
              {"limit", page.limit},
              {"offset", page.offset}};
}

// A temporary file for an export, removed when this goes out of scope.
class ExportFile {
 public:
  explicit ExportFile(std::string_view suffix) {
    std::string tmpl = "/tmp/sunlit-direxport-XXXXXX" + std::string(suffix);
    const int fd = ::mkstemps(tmpl.data(), static_cast<int>(suffix.size()));
    if (fd >= 0) {
      ::close(fd);
      path_ = tmpl;
    }
  }
  ~ExportFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  ExportFile(const ExportFile&) = delete;
  ExportFile& operator=(const ExportFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The upload's file name reduced to letters, digits, CJK and . - _ (at most 80 bytes), so
// that it can name the temporary file the import reads (and the batch history shows).
std::string SafeFileName(std::string_view raw, std::string_view fallback) {
  std::string out;
  for (unsigned char c : raw) {
    if (out.size() >= 80) break;
    if (std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_' || c >= 0x80) {
      out.push_back(static_cast<char>(c));
    }
  }
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  if (out.empty()) out = std::string(fallback);
  return out;
}

// A private temporary directory for one upload, removed with everything in it.
class UploadDir {
 public:
  UploadDir() {
    char tmpl[] = "/tmp/sunlit-upload-XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~UploadDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  UploadDir(const UploadDir&) = delete;
  UploadDir& operator=(const UploadDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Json ImportReportJson(app::ImportKind kind, const app::ImportReport& r) {
  Json problems = Json::array();
  for (const app::Problem& p : r.first_problems) {
    problems.push_back({{"row", p.row},
                        {"column", p.column},
                        {"column_name", p.column_name},
                        {"value", p.value},
                        {"reason", p.reason},
                        {"severity", p.severity == app::Severity::kError ? "error" : "warning"}});
  }
  return Json{{"kind", app::ImportKindName(kind)},
              {"written", r.written},
              {"rows", r.rows},
              {"rejected", r.rejected},
              {"errors", r.errors},
              {"warnings", r.warnings},
              {"created", r.counts.created},
              {"updated", r.counts.updated},
              {"unchanged", r.counts.unchanged},
              {"problems", problems}};
}

// GET /imports/jobs/{id}: the job's state and figures, its report when it has one (the same
// JSON as the synchronous answer), its error in the API's error shape.
Json ImportJobJson(const app::ImportJob& j) {
  const app::ImportProgress& p = j.progress;
  Json out = {{"id", j.id},
              {"kind", app::ImportKindName(j.kind)},
              {"state", app::ImportJobStateName(j.state)},
              {"phase", app::ImportPhaseName(p.phase)},
              {"rows_done", p.rows_validated},
              {"rows_validated", p.rows_validated},
              {"rows_written", p.rows_written},
              {"bytes_uploaded", j.bytes_uploaded},
              {"bytes_read", p.bytes_read},
              {"bytes_total", p.bytes_total},
              {"started_at", j.started_at},
              {"finished_at", j.finished_at}};
  if (p.rows_total >= 0) out["rows_total"] = p.rows_total;
  if (j.report) out["report"] = ImportReportJson(j.kind, *j.report);
  if (!j.error.ok()) out["error"] = ErrorBodyOf(j.error)["error"];
  return out;
}

// Whether the client asked for a job rather than the answer: ?job=1 or
// "Prefer: respond-async" (RFC 7240).
bool WantsJob(const Request& req) {
  const std::optional<std::string> job = req.Query("job");
  if (job && (*job == "1" || *job == "true")) return true;
  return req.Header("Prefer").find("respond-async") != std::string::npos;
}

const Json kImportJobSchema = {
    {"type", "object"},
    {"properties",
     {{"id", {{"type", "integer"}}},
      {"kind", {{"type", "string"}}},
      {"state", {{"type", "string"}, {"enum", {"running", "done", "failed"}}}},
      {"phase", {{"type", "string"}, {"enum", {"validating", "writing", "indexing", "done"}}}},
      {"rows_done", {{"type", "integer"}}},
      {"rows_validated", {{"type", "integer"}}},
      {"rows_written", {{"type", "integer"}}},
      {"rows_total", {{"type", "integer"}}},
      {"bytes_uploaded", {{"type", "integer"}}},
      {"bytes_read", {{"type", "integer"}}},
      {"bytes_total", {{"type", "integer"}}},
      {"started_at", {{"type", "string"}}},
      {"finished_at", {{"type", "string"}}},
      {"report", {{"type", "object"}}},
      {"error", {{"type", "object"}}}}}};

Json UnitJson(const core::Unit& u) {
  return Json{{"code", u.code},
              {"name", u.name},
              {"department", u.department_code},
              {"region", std::to_string(u.region)}};
}

const Json kUnitSchema = {{"type", "object"},
                          {"properties",
                           {{"code", {{"type", "string"}}},
                            {"name", {{"type", "string"}}},
                            {"department", {{"type", "string"}}},
                            {"region", {{"type", "string"}}}}}};

// A GB/T 2260 code of 2, 4 or 6 digits as the unit's region; 0 when it is not digits (the
// use case then names the field).
int32_t RegionNumber(const std::string& s) {
  if (s.empty() || s.size() > 6) return 0;
  int32_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

Response ExportResponse(app::Services& s, const Request& req, app::ImportKind kind) {
  const std::string format = req.Query("format").value_or("xlsx");
  if (format != "csv" && format != "xlsx") {
    return Response(InvalidField("format", "format must be csv or xlsx"));
  }
  ExportFile tmp(format == "csv" ? ".csv" : ".xlsx");
  if (tmp.path().empty()) return Response(Internal("internal error", "mkstemps failed"));
  Result<int64_t> rows = app::ExportDirectory(
      s, req.caller(), kind, format == "csv" ? io::WriteFormat::kCsv : io::WriteFormat::kXlsx,
      tmp.path());
  if (!rows.ok()) return Response(rows.status());
  std::ifstream in(tmp.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string name = "sunlit-" + std::string(app::ImportKindName(kind)) + "." + format;
  Response out = Response::Bytes(
      bytes.str(), format == "csv"
                       ? "text/csv; charset=utf-8"
                       : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  out.Header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return out;
}

const Json kPoolPreviewSchema = {
    {"type", "object"},
    {"properties",
     {{"scope",
       {{"type", "object"},
        {"properties",
         {{"region_prefixes", kStrings},
          {"industry_prefixes", kStrings},
          {"types", kStrings},
          {"tags_any", kStrings},
          {"statuses", kStrings},
          {"risks", kStrings}}}}},
      {"stratify", {{"type", "string"}, {"enum", {"risk_class", "none"}}}},
      {"cooldown_days", {{"type", "integer"}}},
      {"annual_cap", {{"type", "boolean"}}},
      {"exclude_codes", kStrings}}}};

}  // namespace

void RegisterConsoleRoutes(Router& router, app::Services& services) {
  app::Services& s = services;
  // The browser's background imports; owned by the route handlers, so it ends (waiting for
  // running imports) with the server, before the Services it uses.
  auto jobs = std::make_shared<app::ImportJobs>(*s.clock);
  router.Add(
      {.method = "POST",
       .path = "/api/v1/pool-preview",
       .summary = "Count the pool a draft scope would have if frozen now: per stratum, with "
                  "what the cool-down, annual cap and named codes leave out (nothing stored)",
       .tag = "tasks",
       .access = Access::Permission(app::perm::kTaskWrite),
       .request_schema = kPoolPreviewSchema,
       .max_body = 256 * 1024,
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         app::PoolPreviewRequest r;
         r.scope = ReadPoolScope(in);
         const std::optional<std::string> stratify = in.OptEnum("stratify", {"risk_class", "none"});
         r.stratify = stratify.value_or("none") == "risk_class" ? index::Stratify::kRiskClass
                                                                : index::Stratify::kNone;
         r.cooldown_days = static_cast<int32_t>(in.OptInt("cooldown_days", 0, 3650).value_or(0));
         r.annual_cap = in.OptBool("annual_cap").value_or(false);
         r.exclude_codes = OptStrings(in, "exclude_codes", {.max_items = 10000, .max_chars = 18});
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_ASSIGN_OR_RETURN(app::PoolPreview p, app::PreviewPool(s, req.caller(), r));
         Json strata = Json::object();
         for (const auto& [label, n] : p.strata) strata[label] = n;
         return Json{{"size", p.size},
                     {"strata", strata},
                     {"excluded",
                      {{"cooled_down", p.excluded.cooled_down},
                       {"annual_cap", p.excluded.annual_cap},
                       {"explicit_list", p.excluded.explicit_list}}},
                     {"directory_size", p.directory_size},
                     {"as_of", p.as_of},
                     {"tags", p.tags}};
       }});

  router.Add({.method = "GET",
              .path = "/api/v1/entities",
              .summary = "Search the entity directory (?code=&name=&region=&industry= prefixes, "
                         "?type=&status=&risk=), in code order, paged",
              .tag = "directory",
              .access = Access::Permission(app::perm::kDirectoryRead),
              .response_schema = kDirectoryListSchema,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(Page p, req.Paging(20, app::kMaxDirectoryLimit));
                app::EntityQuery q;
                q.code_prefix = req.Query("code").value_or("");
                q.name_prefix = req.Query("name").value_or("");
                q.region_prefix = req.Query("region").value_or("");
                q.industry_prefix = req.Query("industry").value_or("");
                q.type = req.Query("type").value_or("");
                q.status = req.Query("status").value_or("");
                q.risk = req.Query("risk").value_or("");
                q.limit = p.limit;
                q.offset = p.offset;
                SUNLIT_ASSIGN_OR_RETURN(auto page, app::SearchEntities(s, req.caller(), q));
                Json items = Json::array();
                for (const auto& r : page.items) {
                  items.push_back({{"code", r.code},
                                   {"name", r.name},
                                   {"type", r.type},
                                   {"status", r.status},
                                   {"region", r.region},
                                   {"industry", r.industry},
                                   {"unit_code", r.unit_code},
                                   {"risk", r.risk},
                                   {"last_inspected", r.last_inspected}});
                }
                return PageJson(page, std::move(items));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/entities/export",
              .summary = "The whole entity directory as a file (?format=xlsx|csv), in the "
                         "import columns with Chinese headers",
              .tag = "directory",
              .access = Access::Permission(app::perm::kDirectoryRead),
              .handler = [&s](Request& req) -> Response {
                return ExportResponse(s, req, app::ImportKind::kEntities);
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/entities/{code}",
              .summary = "One entity with its change history",
              .tag = "directory",
              .access = Access::Permission(app::perm::kDirectoryRead),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::EntityRecord r,
                                        app::GetEntity(s, req.caller(), req.Param("code")));
                const core::Entity& e = r.entity;
                return Json{{"code", e.code},
                            {"name", e.name},
                            {"type", core::WireName(e.type)},
                            {"status", core::WireName(e.status)},
                            {"region", e.region},
                            {"industry", e.industry},
                            {"unit_code", e.unit_code},
                            {"tags", e.tags},
                            {"risk", core::WireName(e.risk)},
                            {"last_inspected", DateText(e.last_inspected)},
                            {"address", e.address},
                            {"history", HistoryJson(r.history)}};
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/inspectors",
              .summary = "Search the inspector directory (?code=&name=&region= prefixes, "
                         "?department=&status=), in code order, paged",
              .tag = "directory",
              .access = Access::Permission(app::perm::kDirectoryRead),
              .response_schema = kDirectoryListSchema,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(Page p, req.Paging(20, app::kMaxDirectoryLimit));
                app::InspectorQuery q;
                q.code_prefix = req.Query("code").value_or("");
                q.name_prefix = req.Query("name").value_or("");
                q.department = req.Query("department").value_or("");
                q.region_prefix = req.Query("region").value_or("");
                q.status = req.Query("status").value_or("");
                q.limit = p.limit;
                q.offset = p.offset;
                SUNLIT_ASSIGN_OR_RETURN(auto page, app::SearchInspectors(s, req.caller(), q));
                Json items = Json::array();
                for (const auto& r : page.items) {
                  items.push_back({{"code", r.code},
                                   {"name", r.name},
                                   {"department", r.department_code},
                                   {"unit_code", r.unit_code},
                                   {"region", r.region},
                                   {"certificate_expiry", r.certificate_expiry},
                                   {"qualifications", r.qualifications},
                                   {"expert", r.expert},
                                   {"leader", r.leader},
                                   {"status", r.status}});
                }
                return PageJson(page, std::move(items));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/inspectors/export",
              .summary = "The whole inspector directory as a file (?format=xlsx|csv)",
              .tag = "directory",
              .access = Access::Permission(app::perm::kDirectoryRead),
              .handler = [&s](Request& req) -> Response {
                return ExportResponse(s, req, app::ImportKind::kInspectors);
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/inspectors/{code}",
              .summary = "One inspector with their change history",
              .tag = "directory",
              .access = Access::Permission(app::perm::kDirectoryRead),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::InspectorRecord r,
                                        app::GetInspector(s, req.caller(), req.Param("code")));
                const core::Inspector& i = r.inspector;
                return Json{{"code", i.code},
                            {"name", i.name},
                            {"department", i.department_code},
                            {"unit_code", i.unit_code},
                            {"region", i.region},
                            {"certificate_no", i.certificate_no},
                            {"certificate_expiry", DateText(i.certificate_expiry)},
                            {"qualifications", i.qualifications},
                            {"expert", i.expert},
                            {"leader", i.leader},
                            {"status", core::WireName(i.status)},
                            {"history", HistoryJson(r.history)}};
              }});

  router.Add(
      {.method = "POST",
       .path = "/api/v1/imports/{kind}",
       .summary = "Import an uploaded CSV or XLSX file of entities, inspectors or items "
                  "(?name=FILE): all rows valid or nothing written; the row-by-row report. "
                  "With ?job=1 or Prefer: respond-async: 202 and a job to poll",
       .tag = "directory",
       .access = Access::Authenticated(),  // per kind: app/directory_upload.h
       .max_body = 64 * 1024 * 1024,
       .raw_body = true,
       .handler = [&s, jobs](Request& req) -> Response {
         app::ImportKind kind{};
         if (!app::ParseImportKind(req.Param("kind"), &kind)) {
           return Response(InvalidField("kind", "kind must be entities, inspectors or items"));
         }
         if (req.body().empty()) return Response(InvalidField("file", "the file is empty"));
         const bool as_job = WantsJob(req);
         if (as_job) SUNLIT_RETURN_IF_ERROR(app::MayImportUpload(s, req.caller(), kind));
         // Shared: a job's work keeps the file until the import has read it.
         auto dir = std::make_shared<UploadDir>();
         if (dir->path().empty()) return Response(Internal("internal error", "mkdtemp failed"));
         const std::string path =
             dir->path() + "/" +
             SafeFileName(req.Query("name").value_or(""), std::string(app::ImportKindName(kind)));
         {
           std::ofstream out(path, std::ios::binary);
           out.write(req.body().data(), static_cast<std::streamsize>(req.body().size()));
           if (!out) return Response(Internal("internal error", "writing the upload failed"));
         }
         if (as_job) {
           const app::Caller caller = req.caller();
           SUNLIT_ASSIGN_OR_RETURN(
               int64_t id,
               jobs->Start(caller, kind, static_cast<int64_t>(req.body().size()),
                           [&s, caller, kind, path, dir](const app::ImportJobs::ProgressFn& p) {
                             return app::ImportUpload(s, caller, kind, path, p);
                           }));
           SUNLIT_ASSIGN_OR_RETURN(app::ImportJob job, jobs->Get(caller, id));
           Response accepted(ImportJobJson(job), 202);
           accepted.Header("Location", "/api/v1/imports/jobs/" + std::to_string(id));
           return accepted;
         }
         SUNLIT_ASSIGN_OR_RETURN(app::ImportReport report,
                                 app::ImportUpload(s, req.caller(), kind, path));
         return ImportReportJson(kind, report);  // refused or not: `written` says
       }});
  router.Add({.method = "GET",
              .path = "/api/v1/imports/jobs/{id}",
              .summary = "An import started with ?job=1: state, phase, rows and bytes so far; "
                         "the report when finished (only for the user who started it)",
              .tag = "directory",
              .access = Access::Authenticated(),
              .response_schema = kImportJobSchema,
              .handler = [jobs](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t id, req.IdParam("id"));
                SUNLIT_ASSIGN_OR_RETURN(app::ImportJob job, jobs->Get(req.caller(), id));
                return ImportJobJson(job);
              }});
  router.Add({.method = "PUT",
              .path = "/api/v1/items/{department}/{code}",
              .summary = "Create an inspection item, or store its next version when it changed "
                         "(the rules of the item import)",
              .tag = "items",
              .access = Access::Permission(app::perm::kItemsWrite),
              .request_schema = {{"type", "object"},
                                 {"required", {"name", "legal_basis"}},
                                 {"properties",
                                  {{"name", {{"type", "string"}}},
                                   {"legal_basis", {{"type", "string"}}},
                                   {"object_types", kStrings},
                                   {"industries", kStrings},
                                   {"tags", kStrings},
                                   {"method", {{"type", "string"}}},
                                   {"qualification", {{"type", "string"}}},
                                   {"exemption", {{"type", "string"}}},
                                   {"valid", {{"type", "boolean"}}}}}},
              .handler = [&s](Request& req) -> Response {
                JsonReader in = req.Body();
                app::ItemEdit e;
                e.department = req.Param("department");
                e.code = req.Param("code");
                e.name = in.String("name", {.max_chars = 200});
                e.legal_basis = in.String("legal_basis", {.max_chars = 2000});
                e.object_types = OptStrings(in, "object_types", {.max_items = 10, .max_chars = 20});
                e.industries = OptStrings(in, "industries", {.max_items = 100, .max_chars = 8});
                e.tags = OptStrings(in, "tags", {.max_items = 64, .max_chars = 60});
                e.method = in.OptString("method", {.max_chars = 200}).value_or("");
                e.qualification = in.OptString("qualification", {.max_chars = 100}).value_or("");
                e.exemption = in.OptString("exemption", {.max_chars = 40}).value_or("");
                e.valid = in.OptBool("valid").value_or(true);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(app::SavedItem saved, app::SaveItem(s, req.caller(), e));
                return Response(Json{{"department", e.department},
                                     {"code", e.code},
                                     {"created", saved.created},
                                     {"changed", saved.changed}},
                                saved.created ? 201 : 200);
              }});
  router.Add({.method = "PUT",
              .path = "/api/v1/departments/{code}",
              .summary = "Create a department or change its name and bureau flag (system "
                         "administrator)",
              .tag = "access",
              .access = Access::Permission(app::perm::kUsersAdmin),
              .request_schema = {{"type", "object"},
                                 {"required", {"name"}},
                                 {"properties",
                                  {{"name", {{"type", "string"}}},
                                   {"market_supervision", {{"type", "boolean"}}}}}},
              .handler = [&s](Request& req) -> Response {
                JsonReader in = req.Body();
                core::Department d;
                d.code = req.Param("code");
                d.name = in.String("name", {.max_chars = 100});
                d.market_supervision = in.OptBool("market_supervision").value_or(false);
                SUNLIT_RETURN_IF_ERROR(in.Finish());
                SUNLIT_ASSIGN_OR_RETURN(bool created, app::SaveDepartment(s, req.caller(), d));
                return Response(Json{{"code", d.code},
                                     {"name", d.name},
                                     {"market_supervision", d.market_supervision},
                                     {"created", created}},
                                created ? 201 : 200);
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/units",
              .summary = "Units (监管所、科室) of every department, or of ?department=, in code "
                         "order",
              .tag = "access",
              .access = Access::Authenticated(),
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"items", {{"type", "array"}, {"items", kUnitSchema}}}}}},
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(
                    std::vector<core::Unit> units,
                    app::ListUnits(s, req.caller(), req.Query("department").value_or("")));
                Json items = Json::array();
                for (const core::Unit& u : units) items.push_back(UnitJson(u));
                return Json{{"items", std::move(items)}};
              }});
  router.Add(
      {.method = "POST",
       .path = "/api/v1/units",
       .summary = "Create a unit of a department (its administrator, or the system "
                  "administrator); logged",
       .tag = "access",
       .access = Access::Permission(app::perm::kUsersAdmin),
       .request_schema = {{"type", "object"},
                          {"required", {"code", "name", "region"}},
                          {"properties",
                           {{"code", {{"type", "string"}}},
                            {"name", {{"type", "string"}}},
                            {"department", {{"type", "string"}}},
                            {"region", {{"type", "string"}}}}}},
       .response_schema = kUnitSchema,
       .max_body = 4096,
       .success_status = 201,
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         core::Unit u;
         u.code = in.String("code", {.max_chars = 64});
         u.name = in.String("name", {.max_chars = 100});
         u.department_code =
             in.OptString("department", {.max_chars = 16}).value_or(req.caller().department_code);
         u.region = RegionNumber(in.String("region", {.max_chars = 6}));
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_RETURN_IF_ERROR(app::CreateUnit(s, req.caller(), u));
         return Response(UnitJson(u), 201);
       }});
  router.Add(
      {.method = "PUT",
       .path = "/api/v1/units/{code}",
       .summary = "Change a unit's name and region (its department's administrator, or "
                  "the system administrator); logged",
       .tag = "access",
       .access = Access::Permission(app::perm::kUsersAdmin),
       .request_schema = {{"type", "object"},
                          {"required", {"name", "region"}},
                          {"properties",
                           {{"name", {{"type", "string"}}}, {"region", {{"type", "string"}}}}}},
       .response_schema = kUnitSchema,
       .max_body = 4096,
       .handler = [&s](Request& req) -> Response {
         JsonReader in = req.Body();
         core::Unit u;
         u.code = req.Param("code");
         u.name = in.String("name", {.max_chars = 100});
         u.region = RegionNumber(in.String("region", {.max_chars = 6}));
         SUNLIT_RETURN_IF_ERROR(in.Finish());
         SUNLIT_ASSIGN_OR_RETURN(app::SavedUnit saved, app::UpdateUnit(s, req.caller(), u));
         Json body = UnitJson(saved.unit);
         body["changed"] = saved.changed;
         return body;
       }});
  router.Add({.method = "GET",
              .path = "/api/v1/dashboard",
              .summary = "The dashboard's own facts (?year=): tasks by stage and kind, the "
                         "directory's risk-class mix, the problem rate by industry section",
              .tag = "stats",
              .access = Access::Permission(app::perm::kStatsRead),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t year, req.QueryInt("year", 0, 0, 2999));
                SUNLIT_ASSIGN_OR_RETURN(
                    app::Dashboard d,
                    app::ComputeDashboard(s, req.caller(), static_cast<int32_t>(year)));
                Json industries = Json::array();
                for (const app::IndustryProblems& i : d.problems_by_industry) {
                  industries.push_back({{"key", i.key},
                                        {"name", i.name},
                                        {"entered", i.entered},
                                        {"problems", i.problems}});
                }
                return Json{{"year", d.year},
                            {"tasks_by_state", d.tasks_by_state},
                            {"tasks_by_kind", d.tasks_by_kind},
                            {"risk_mix", d.risk_mix},
                            {"directory_size", d.directory_size},
                            {"problems_by_industry", industries}};
              }});
}

}  // namespace sunlit::http
