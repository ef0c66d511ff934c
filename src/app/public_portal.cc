// The public portal: reads only, JSON out. Documents stored at publication are copied as
// they are; JSON columns written by other use cases are re-serialised HTML-safe.
#include "app/public_portal.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <semaphore>
#include <thread>

#include "app/draw_service.h"
#include "app/results_internal.h"
#include "core/field_error.h"
#include "core/text_rules.h"
#include "draw/sha256.h"
#include "ledger/ledger.h"
#include "ledger/ledger_json.h"
#include "store/repo/portal_repo.h"

namespace sunlit::app {

namespace repo = store::repo;
using internal::JsonObject;
using internal::JsonString;

namespace {

Status CheckPage(const PublicPage& page) {
  if (page.limit < 1 || page.limit > kMaxPublicLimit) {
    return InvalidField("limit", "limit must be an integer between 1 and 100");
  }
  if (page.offset < 0 || page.offset > 2147483647) {
    return InvalidField("offset", "offset must be an integer between 0 and 2147483647");
  }
  return Status::Ok();
}

// The paging members of a list body.
void Paged(JsonObject& o, const std::string& items, int64_t total, const PublicPage& page) {
  o.Raw("items", items).Int("total", total).Int("limit", page.limit).Int("offset", page.offset);
}

// JSON written by another use case, re-serialised with <, > and & escaped (they occur in
// JSON only inside strings, so a textual replacement is exact). Not JSON: as a string.
std::string SafeJson(std::string_view raw) {
  const nlohmann::json j = nlohmann::json::parse(raw, nullptr, false);
  if (j.is_discarded()) return JsonString(raw);
  const std::string dumped = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(dumped.size());
  for (const char c : dumped) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string Hex(std::string_view bytes) {
  return draw::ToHex(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

// The day from which a task's drawn list is public; "" when it is public as soon as drawn.
std::string PublicFrom(const repo::PublicTaskRow& t) {
  if (!t.confidential) return "";
  Result<core::Date> end = core::Date::Parse(t.window_end);
  return end.ok() ? end->AddDays(1).ToString() : "9999-12-31";
}

bool Drawn(const repo::PublicTaskRow& t) {
  return t.state == "drawn" || t.state == "assigned" || t.state == "closed";
}

bool ListPublic(const repo::PublicTaskRow& t, core::Date today) {
  const std::string from = PublicFrom(t);
  return Drawn(t) && (from.empty() || today.ToString() >= from);
}

Status Hidden(const repo::PublicTaskRow& t) {
  return PermissionDenied("the task is confidential: its drawn list is public from " +
                          PublicFrom(t));
}

std::string TaskJson(const repo::PublicTaskRow& t, core::Date today) {
  const std::string from = PublicFrom(t);
  return JsonObject(true)
      .Str("number", t.number)
      .Int("year", t.year)
      .Str("title", t.title)
      .Str("kind", t.kind)
      .Str("lead_department", t.lead_department)
      .Str("lead_department_name", t.lead_department_name)
      .Raw("departments", SafeJson(t.departments))
      .Raw("items", SafeJson(t.items))
      .Str("window_start", t.window_start)
      .Str("window_end", t.window_end)
      .Bool("confidential", t.confidential)
      .Str("state", t.state)
      .Int("checks", t.checks)
      .Bool("list_public", ListPublic(t, today))
      .Str("list_public_from", from)
      .Dump();
}

Result<repo::PublicTaskRow> AnnouncedTask(store::Transaction& tx, std::string_view number) {
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::PublicTaskRow> t,
                          repo::FindTaskByNumber(tx.sql(), number));
  if (!t || t->state == "draft") return NotFound("there is no such task");
  return std::move(*t);
}

// The task a draw belongs to: the task numbered like the first draw of its chain of
// re-draws. nullopt for a draw made outside a task (e.g. `sunlit draw freeze` by hand).
Result<std::optional<repo::PublicTaskRow>> TaskOfDraw(store::Transaction& tx,
                                                      std::string_view draw_id) {
  std::string id(draw_id);
  for (int hops = 0; hops < 1000; ++hops) {
    SUNLIT_ASSIGN_OR_RETURN(std::optional<store::DrawPoolRow> row, tx.FindDrawPool(id));
    if (!row) return NotFound("there is no draw " + std::string(draw_id));
    if (row->previous_draw_id.empty()) break;
    id = row->previous_draw_id;
  }
  return repo::FindTaskByNumber(tx.sql(), id);
}

// Whether the record of `draw_id` may be shown today.
Status RecordVisible(Services& s, std::string_view draw_id) {
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::PublicTaskRow> task, TaskOfDraw(*tx, draw_id));
  if (task && task->confidential && today.ToString() < PublicFrom(*task)) return Hidden(*task);
  return Status::Ok();
}

}  // namespace

// ---- results -------------------------------------------------------------------------------

namespace {

// At most 2 × cores lookups read the database at once. The HTTP server runs a thread per
// connection (hundreds under load); when all of them start SQLite read transactions together
// they convoy on the WAL lock and the pool, and a preempted holder stalls the rest: measured
// with wrk (200 connections, 2 cores) the gate took the lookup from 30 000 to 58 000 requests/s
// and p99 from 86 ms to 15 ms (docs/benchmarks.md). The wait is a futex, not a spin.
class LookupGate {
 public:
  class Pass {
   public:
    Pass() = default;
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    ~Pass() { Semaphore().release(); }
  };
  static Pass Enter() {
    Semaphore().acquire();
    return Pass();
  }

 private:
  static std::counting_semaphore<64>& Semaphore() {
    static std::counting_semaphore<64> s(
        static_cast<std::ptrdiff_t>(std::clamp(2 * std::thread::hardware_concurrency(), 2u, 16u)));
    return s;
  }
};

}  // namespace

Result<std::string> PublicResultsByCode(Services& s, std::string_view code, PublicPage page) {
  SUNLIT_RETURN_IF_ERROR(CheckPage(page));
  SUNLIT_ASSIGN_OR_RETURN(std::string normalized, internal::ParseEntityCode(code));
  const LookupGate::Pass pass = LookupGate::Enter();
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  // Written by hand (keys in bytewise order, like JsonObject): this is the hot path. The
  // page comes first; a first page that is not full is everything, so the count — a second
  // statement — is only needed beyond it.
  std::string out;
  out.reserve(1024);
  out += "{\"code\":";
  out += JsonString(normalized);
  out += ",\"items\":[";
  int64_t rows = 0;
  SUNLIT_RETURN_IF_ERROR(repo::PublishedByCode(tx->sql(), normalized, page.limit, page.offset,
                                               [&](std::string_view doc) {
                                                 if (rows++ > 0) out.push_back(',');
                                                 out.append(doc);
                                               }));
  int64_t total = rows;
  if (page.offset > 0 || rows == page.limit) {
    SUNLIT_ASSIGN_OR_RETURN(total, repo::CountPublishedByCode(tx->sql(), normalized));
  }
  out += "],\"limit\":" + std::to_string(page.limit) +
         ",\"offset\":" + std::to_string(page.offset) + ",\"total\":" + std::to_string(total) + "}";
  return out;
}

Result<std::string> PublicResultsByName(Services& s, std::string_view name, PublicPage page) {
  SUNLIT_RETURN_IF_ERROR(CheckPage(page));
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  core::TextRule rule;
  rule.max_bytes = 100;
  rule.required = true;
  SUNLIT_RETURN_IF_ERROR(core::ValidateText("name", name, rule));
  if (name.size() < 2) return InvalidField("name", "name must be at least 2 bytes");
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(int64_t total, repo::CountPublishedByNamePrefix(tx->sql(), name));
  std::vector<std::string> docs;
  if (total > page.offset) {
    SUNLIT_RETURN_IF_ERROR(
        repo::PublishedByNamePrefix(tx->sql(), name, page.limit, page.offset,
                                    [&](std::string_view doc) { docs.emplace_back(doc); }));
  }
  JsonObject o(true);
  o.Str("name", name);
  Paged(o, internal::JsonArray(docs), total, page);
  return o.Dump();
}

// ---- plans and tasks --------------------------------------------------------------------

Result<std::string> PublicPlans(Services& s, int year, PublicPage page) {
  SUNLIT_RETURN_IF_ERROR(CheckPage(page));
  if (year != 0 && (year < 2000 || year > 2999)) {
    return InvalidField("year", "year must be between 2000 and 2999");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(int64_t total, repo::CountPublishedPlans(tx->sql(), year));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::PublicPlanRow> plans,
                          repo::PublishedPlans(tx->sql(), year, page.limit, page.offset));
  std::vector<std::string> items;
  for (const repo::PublicPlanRow& p : plans) {
    items.push_back(JsonObject(true)
                        .Int("id", p.id)
                        .Str("kind", p.kind)
                        .Int("year", p.year)
                        .Str("department", p.department_code)
                        .Str("department_name", p.department_name)
                        .Int("region", p.region)
                        .Str("title", p.title)
                        .Raw("body", SafeJson(p.body))
                        .Str("published_at", p.published_at)
                        .Dump());
  }
  JsonObject o(true);
  o.Int("year", year);
  Paged(o, internal::JsonArray(items), total, page);
  return o.Dump();
}

Result<std::string> PublicTasks(Services& s, int year, PublicPage page) {
  SUNLIT_RETURN_IF_ERROR(CheckPage(page));
  if (year != 0 && (year < 2000 || year > 2999)) {
    return InvalidField("year", "year must be between 2000 and 2999");
  }
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(int64_t total, repo::CountAnnouncedTasks(tx->sql(), year));
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::PublicTaskRow> tasks,
                          repo::AnnouncedTasks(tx->sql(), year, page.limit, page.offset));
  std::vector<std::string> items;
  for (const repo::PublicTaskRow& t : tasks) items.push_back(TaskJson(t, today));
  JsonObject o(true);
  o.Int("year", year);
  Paged(o, internal::JsonArray(items), total, page);
  return o.Dump();
}

Result<std::string> PublicTask(Services& s, std::string_view number) {
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(repo::PublicTaskRow t, AnnouncedTask(*tx, number));
  return TaskJson(t, today);
}

Result<std::string> PublicDrawnList(Services& s, std::string_view number) {
  SUNLIT_ASSIGN_OR_RETURN(core::Date today, internal::Today(s));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(repo::PublicTaskRow t, AnnouncedTask(*tx, number));
  if (!Drawn(t)) return FailedPrecondition("the task is not drawn yet");
  if (!ListPublic(t, today)) return Hidden(t);
  SUNLIT_ASSIGN_OR_RETURN(std::vector<repo::DrawnCheckRow> checks,
                          repo::TaskChecks(tx->sql(), t.id));
  std::vector<std::string> items;
  for (const repo::DrawnCheckRow& c : checks) {
    items.push_back(JsonObject(true)
                        .Str("entity_code", c.entity_code)
                        .Str("entity_name", c.entity_name)
                        .Int("region", c.region)
                        .Str("origin", c.origin)
                        .Dump());
  }
  return JsonObject(true)
      .Str("task", t.number)
      .Str("title", t.title)
      .Raw("checks", internal::JsonArray(items))
      .Dump();
}

// ---- draws -------------------------------------------------------------------------------

Result<std::string> PublicDraw(Services& s, std::string_view draw_id) {
  SUNLIT_ASSIGN_OR_RETURN(DrawView v, GetDraw(*s.store, draw_id));
  const bool record_visible = RecordVisible(s, draw_id).ok();
  JsonObject strata(true);
  for (const draw::StratumSize& st : v.pool.strata) {
    strata.Int(st.label, static_cast<int64_t>(st.size));
  }
  std::vector<std::string> sources;
  for (const RandomnessSource& src : v.pool.sources) {
    sources.push_back(JsonObject(true)
                          .Str("name", src.name)
                          .Str("issue", src.issue)
                          .Str("how_written", src.how_written)
                          .Str("available_at", src.available_at)
                          .Dump());
  }
  JsonObject o(true);
  o.Str("draw_id", v.pool.draw_id)
      .Str("stage", DrawStageName(v.stage))
      .Int("year", v.pool.year)
      .Str("pool_root", draw::ToHex(v.pool.pool_root))
      .Int("pool_size", static_cast<int64_t>(v.pool.pool_size))
      .Raw("strata", strata.Dump())
      .Str("params", v.pool.params)
      .Int("reserve", v.pool.reserve)
      .Raw("sources", internal::JsonArray(sources))
      .Str("commitment", draw::ToHex(v.pool.commitment))
      .Str("frozen_at", v.pool.frozen_at)
      .Str("previous_draw_id", v.pool.previous_draw_id)
      .Str("redraw_reason", v.redraw_reason)
      .Str("superseded_by", v.superseded_by)
      .Str("available_at", v.available_at)
      .Str("randomness", v.randomness_string)
      .Str("randomness_at", v.randomness_at)
      .Bool("record_public", record_visible)
      .Str("pool_csv", "/api/v1/public/draws/" + v.pool.draw_id + "/pool.csv");
  if (v.stage == DrawStage::kDrawn) {
    o.Str("record_hash", draw::ToHex(v.record_hash)).Str("drawn_at", v.drawn_at);
    if (record_visible) {
      o.Str("record_json", "/api/v1/public/draws/" + v.pool.draw_id + "/record.json");
      std::vector<std::string> uses;
      for (const AlternateUse& u : v.alternate_uses) {
        uses.push_back(JsonObject(true)
                           .Str("replaced", u.replaced_code)
                           .Str("alternate", u.alternate_code)
                           .Str("stratum", u.stratum)
                           .Str("reason", u.reason)
                           .Str("at", u.at)
                           .Dump());
      }
      o.Raw("alternates_used", internal::JsonArray(uses));
    }
  }
  return o.Dump();
}

Result<std::string> PublicDrawRecord(Services& s, std::string_view draw_id) {
  SUNLIT_ASSIGN_OR_RETURN(DrawView v, GetDraw(*s.store, draw_id));
  if (v.stage != DrawStage::kDrawn) return FailedPrecondition("the draw has not run yet");
  SUNLIT_RETURN_IF_ERROR(RecordVisible(s, draw_id));
  return v.record_json;
}

Status PublicDrawPool(Services& s, std::string_view draw_id,
                      const std::function<bool(std::string_view)>& write) {
  return WritePoolCsv(*s.store, draw_id, write);
}

// ---- the transparency log -------------------------------------------------------------

Result<std::string> PublicCheckpoint(Services& s) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::LedgerCheckpointRow> cp,
                          tx->LatestLedgerCheckpoint());
  if (!cp) return NotFound("the transparency log is empty");
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::LedgerKeyRow> keys, tx->LedgerKeys());
  std::string public_key;
  for (const store::LedgerKeyRow& k : keys) {
    if (k.key_id == cp->key_id) public_key = Hex(k.public_key);
  }
  return JsonObject(true)
      .Int("size", cp->size)
      .Str("root", Hex(cp->root))
      .Str("at", cp->at)
      .Str("key_id", cp->key_id)
      .Str("signature", Hex(cp->signature))
      .Str("public_key", public_key)
      .Dump();
}

Result<std::string> PublicLedgerEvents(Services& s, int64_t from, int count) {
  if (from < 0) return InvalidField("from", "from: 0 or more");
  if (count < 1 || count > 100) return InvalidField("count", "count: 1 to 100");
  SUNLIT_ASSIGN_OR_RETURN(std::vector<ledger::StoredEvent> events,
                          ledger::Ledger::Events(*s.store, from, from + count));
  std::vector<std::string> items;
  for (const ledger::StoredEvent& e : events) items.push_back(SafeJson(ledger::EventToJson(e)));
  return JsonObject(true)
      .Int("from", from)
      .Int("count", static_cast<int64_t>(events.size()))
      .Int("next", from + static_cast<int64_t>(events.size()))
      .Raw("events", internal::JsonArray(items))
      .Dump();
}

Result<std::string> PublicLedgerProof(Services& s, int64_t seq) {
  if (seq < 0) return InvalidField("seq", "seq: 0 or more");
  SUNLIT_ASSIGN_OR_RETURN(ledger::InclusionProof proof, ledger::Ledger::Prove(*s.store, seq));
  ledger::ProofDocument doc;
  doc.proof = proof;
  SUNLIT_ASSIGN_OR_RETURN(std::vector<ledger::RegisteredKey> keys, ledger::Ledger::Keys(*s.store));
  for (const ledger::RegisteredKey& k : keys) {
    if (k.key_id == proof.checkpoint.key_id) doc.public_key = k.public_key;
  }
  SUNLIT_ASSIGN_OR_RETURN(std::vector<ledger::StoredEvent> events,
                          ledger::Ledger::Events(*s.store, seq, seq + 1));
  if (!events.empty()) doc.event = events[0];
  return ledger::ProofToJson(doc);
}

}  // namespace sunlit::app
