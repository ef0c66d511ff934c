// The public portal's routes (no login, 一公开): published results by code or name, plans,
// task announcements and drawn lists, draws with their record and pool downloads, the
// transparency log's checkpoint, events and proofs. app/public_portal.h builds every body;
// the handlers only read the query and copy bytes.
#include <algorithm>

#include "app/public_portal.h"
#include "core/field_error.h"
#include "http/routes.h"

namespace sunlit::http {
namespace {

constexpr std::string_view kJson = "application/json; charset=utf-8";

Response JsonBytes(std::string body) {
  return Response::Bytes(std::move(body), std::string(kJson));
}

// A task number or draw id in a path: 1–100 of A–Z a–z 0–9 - _ (nothing that could name a
// file or a different path).
Result<std::string> NameParam(const Request& req, std::string_view name) {
  const std::string& v = req.Param(name);
  const bool ok = !v.empty() && v.size() <= 100 && std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
  if (!ok) {
    return InvalidField(name, std::string(name) + " must be 1 to 100 letters, digits, - or _");
  }
  return v;
}

Result<app::PublicPage> PageOf(const Request& req) {
  SUNLIT_ASSIGN_OR_RETURN(Page p, req.Paging(app::kDefaultPublicLimit, app::kMaxPublicLimit));
  return app::PublicPage{p.limit, p.offset};
}

const Json kListSchema = {{"type", "object"},
                          {"properties",
                           {{"items", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                            {"total", {{"type", "integer"}}},
                            {"limit", {{"type", "integer"}}},
                            {"offset", {{"type", "integer"}}}}}};

}  // namespace

void RegisterPublicRoutes(Router& router, app::Services& services) {
  app::Services& s = services;

  router.Add({.method = "GET",
              .path = "/api/v1/public/results",
              .summary = "Published inspection results by credit code (?code=) or name prefix "
                         "(?name=), newest first",
              .tag = "public",
              .access = Access::Public(),
              .response_schema = kListSchema,
              .fast = true,  // one indexed read of at most 100 documents
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::PublicPage page, PageOf(req));
                const std::optional<std::string> code = req.Query("code");
                const std::optional<std::string> name = req.Query("name");
                if (code.has_value() == name.has_value()) {
                  return Response(InvalidField("code", "give either code or name"));
                }
                SUNLIT_ASSIGN_OR_RETURN(std::string body,
                                        code ? app::PublicResultsByCode(s, *code, page)
                                             : app::PublicResultsByName(s, *name, page));
                return JsonBytes(std::move(body));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/plans",
              .summary = "Published inspection plans (?year=)",
              .tag = "public",
              .access = Access::Public(),
              .response_schema = kListSchema,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::PublicPage page, PageOf(req));
                SUNLIT_ASSIGN_OR_RETURN(int64_t year, req.QueryInt("year", 0, 0, 2999));
                SUNLIT_ASSIGN_OR_RETURN(std::string body,
                                        app::PublicPlans(s, static_cast<int>(year), page));
                return JsonBytes(std::move(body));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/tasks",
              .summary = "Task announcements (?year=)",
              .tag = "public",
              .access = Access::Public(),
              .response_schema = kListSchema,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(app::PublicPage page, PageOf(req));
                SUNLIT_ASSIGN_OR_RETURN(int64_t year, req.QueryInt("year", 0, 0, 2999));
                SUNLIT_ASSIGN_OR_RETURN(std::string body,
                                        app::PublicTasks(s, static_cast<int>(year), page));
                return JsonBytes(std::move(body));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/tasks/{number}",
              .summary = "One task announcement",
              .tag = "public",
              .access = Access::Public(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(std::string number, NameParam(req, "number"));
                SUNLIT_ASSIGN_OR_RETURN(std::string body, app::PublicTask(s, number));
                return JsonBytes(std::move(body));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/tasks/{number}/checks",
              .summary = "A task's drawn list (a confidential task's after its check period)",
              .tag = "public",
              .access = Access::Public(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(std::string number, NameParam(req, "number"));
                SUNLIT_ASSIGN_OR_RETURN(std::string body, app::PublicDrawnList(s, number));
                return JsonBytes(std::move(body));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/draws/{id}",
              .summary = "A draw's public facts: pool root, commitment, randomness, record hash",
              .tag = "public",
              .access = Access::Public(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(std::string id, NameParam(req, "id"));
                SUNLIT_ASSIGN_OR_RETURN(std::string body, app::PublicDraw(s, id));
                return JsonBytes(std::move(body));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/draws/{id}/record.json",
              .summary = "The draw record exactly as hashed (for `sunlit draw verify`)",
              .tag = "public",
              .access = Access::Public(),
              .cacheable = true,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(std::string id, NameParam(req, "id"));
                SUNLIT_ASSIGN_OR_RETURN(std::string body, app::PublicDrawRecord(s, id));
                Response r = JsonBytes(std::move(body));
                r.Header("Content-Disposition", "attachment; filename=\"" + id + "-record.json\"");
                return r;
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/draws/{id}/pool.csv",
              .summary = "The frozen pool as CSV (code,stratum), for `sunlit draw verify --pool`",
              .tag = "public",
              .access = Access::Public(),
              .cacheable = true,
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(std::string id, NameParam(req, "id"));
                std::string csv;
                SUNLIT_RETURN_IF_ERROR(app::PublicDrawPool(s, id, [&](std::string_view piece) {
                  csv.append(piece);
                  return true;
                }));
                Response r = Response::Bytes(std::move(csv), "text/csv; charset=utf-8");
                r.Header("Content-Disposition", "attachment; filename=\"" + id + "-pool.csv\"");
                return r;
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/ledger/checkpoint",
              .summary = "The transparency log's latest signed checkpoint and public key",
              .tag = "public",
              .access = Access::Public(),
              .handler = [&s](Request&) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(std::string body, app::PublicCheckpoint(s));
                return JsonBytes(std::move(body));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/ledger/events",
              .summary = "Events of the transparency log (?from=&count=, at most 100)",
              .tag = "public",
              .access = Access::Public(),
              .handler = [&s](Request& req) -> Response {
                SUNLIT_ASSIGN_OR_RETURN(int64_t from, req.QueryInt("from", 0, 0, INT64_MAX / 2));
                SUNLIT_ASSIGN_OR_RETURN(int64_t count, req.QueryInt("count", 100, 1, 100));
                SUNLIT_ASSIGN_OR_RETURN(std::string body,
                                        app::PublicLedgerEvents(s, from, static_cast<int>(count)));
                return JsonBytes(std::move(body));
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/public/ledger/proofs/{seq}",
              .summary = "The inclusion proof of event {seq} in the latest checkpoint",
              .tag = "public",
              .access = Access::Public(),
              .handler = [&s](Request& req) -> Response {
                const std::string& text = req.Param("seq");
                int64_t seq = 0;
                const bool digits = !text.empty() && text.size() <= 18 &&
                                    std::all_of(text.begin(), text.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
                if (!digits) return Response(InvalidField("seq", "seq must be 0 or more"));
                for (const char c : text) seq = seq * 10 + (c - '0');
                SUNLIT_ASSIGN_OR_RETURN(std::string body, app::PublicLedgerProof(s, seq));
                return JsonBytes(std::move(body));
              }});
}

}  // namespace sunlit::http
