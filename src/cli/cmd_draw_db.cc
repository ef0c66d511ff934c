// `sunlit draw freeze|randomness|exec|alternate|redraw|show|export-pool|export-record`: the
// draw of a task in the database (app::DrawService), with its events in the transparency log.
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/directory.h"
#include "app/draw_service.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/db_flags.h"
#include "cli/draw_flags.h"
#include "draw/protocol.h"
#include "draw/sha256.h"
#include "ledger/ledger.h"
#include "store/store.h"

namespace sunlit::cli {
namespace {

constexpr char kUsage[] =
    "usage: sunlit draw freeze --draw-id ID [scope] --quota LABEL:count:N|LABEL:bp:B ...\n"
    "                          --reserve R --source \"NAME|ISSUE|HOW|AVAILABLE_AT\" ...\n"
    "         scope: [--region P]... [--industry P]... [--type T]... [--tag T]...\n"
    "                [--status S]... [--risk A|B|C|D|U]... [--risk-strata]\n"
    "                [--cooldown-days D] [--annual-cap] [--exclude CODE]...\n"
    "       sunlit draw randomness ID --source \"N N N\" ...   (one per announced source)\n"
    "       sunlit draw exec ID\n"
    "       sunlit draw alternate ID --replace CODE --reason TEXT\n"
    "       sunlit draw redraw ID --reason TEXT [--draw-id NEW_ID] [freeze flags]\n"
    "       sunlit draw show ID\n"
    "       sunlit draw export-pool ID --out POOL.csv\n"
    "       sunlit draw export-record ID --out RECORD.json\n"
    "common: [--db URL] [--key-file PATH] [--actor NAME]";

// "NAME|ISSUE|HOW|AVAILABLE_AT".
Result<app::RandomnessSource> ParseAnnouncedSource(const std::string& text) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, '|')) parts.push_back(part);
  if (!text.empty() && text.back() == '|') parts.emplace_back();
  if (parts.size() != 4) {
    return InvalidArgument("--source \"" + text + "\": expected NAME|ISSUE|HOW|AVAILABLE_AT");
  }
  return app::RandomnessSource{parts[0], parts[1], parts[2], parts[3]};
}

// The freeze flags into a request (draw_id left as given, possibly "").
Result<app::FreezeRequest> ParseFreeze(const Args& args) {
  app::FreezeRequest r;
  r.draw_id = args.Get("draw-id");
  r.scope.region_prefixes = args.GetAll("region");
  r.scope.industry_prefixes = args.GetAll("industry");
  for (const std::string& t : args.GetAll("type")) {
    core::EntityType type;
    if (!core::ParseEntityType(t, &type)) return InvalidArgument("--type: unknown type " + t);
    r.scope.types.push_back(type);
  }
  r.scope.tags_any = args.GetAll("tag");
  if (args.Has("status")) {
    r.scope.statuses.clear();
    for (const std::string& s : args.GetAll("status")) {
      core::RegistrationStatus status;
      if (!core::ParseRegistrationStatus(s, &status)) {
        return InvalidArgument("--status: unknown status " + s);
      }
      r.scope.statuses.push_back(status);
    }
  }
  for (const std::string& s : args.GetAll("risk")) {
    core::RiskClass risk = core::RiskClass::kNone;
    if (s != "U" && (!core::ParseRiskClass(s, &risk) || risk == core::RiskClass::kNone)) {
      return InvalidArgument("--risk: expected A, B, C, D or U (not classified), not " + s);
    }
    r.scope.risks.push_back(risk);
  }
  r.stratify = args.Has("risk-strata") ? index::Stratify::kRiskClass : index::Stratify::kNone;
  for (const std::string& q : args.GetAll("quota")) {
    SUNLIT_ASSIGN_OR_RETURN(draw::Quota quota, ParseQuota(q));
    r.quotas.push_back(std::move(quota));
  }
  uint64_t n = 0;
  if (!ParseUint(args.Get("reserve", "0"), &n) || n > INT64_MAX) {
    return InvalidArgument("--reserve must be a non-negative integer");
  }
  r.reserve = static_cast<int64_t>(n);
  if (!ParseUint(args.Get("cooldown-days", "0"), &n) || n > 36500) {
    return InvalidArgument("--cooldown-days must be an integer from 0 to 36500");
  }
  r.cooldown_days = static_cast<int32_t>(n);
  r.annual_cap = args.Has("annual-cap");
  r.exclude_codes = args.GetAll("exclude");
  for (const std::string& s : args.GetAll("source")) {
    SUNLIT_ASSIGN_OR_RETURN(app::RandomnessSource source, ParseAnnouncedSource(s));
    r.sources.push_back(std::move(source));
  }
  r.actor = args.Get("actor", "cli");
  return r;
}

void PrintFrozen(const app::FrozenPool& f) {
  std::printf("draw_id %s\n", f.draw_id.c_str());
  if (!f.previous_draw_id.empty()) std::printf("redraws %s\n", f.previous_draw_id.c_str());
  std::printf("year %d\n", f.year);
  std::printf("pool_root %s\n", draw::ToHex(f.pool_root).c_str());
  std::printf("pool_size %" PRIu64 "\n", f.pool_size);
  for (const draw::StratumSize& s : f.strata) {
    std::printf("stratum %s %" PRIu64 "\n", s.label.empty() ? "\"\"" : s.label.c_str(), s.size);
  }
  std::printf("params %s\n", f.params.c_str());
  std::printf("commitment %s\n", draw::ToHex(f.commitment).c_str());
  std::printf("excluded cooled_down %" PRId64 " annual_cap %" PRId64 " explicit %" PRId64 "\n",
              f.excluded.cooled_down, f.excluded.annual_cap, f.excluded.explicit_list);
  for (size_t i = 0; i < f.sources.size(); ++i) {
    const app::RandomnessSource& s = f.sources[i];
    std::printf("source %zu %s | %s | %s | %s\n", i + 1, s.name.c_str(), s.issue.c_str(),
                s.how_written.c_str(), s.available_at.c_str());
  }
  std::printf("frozen_at %s\n", f.frozen_at.c_str());
}

void PrintEntries(const draw::DrawRecord& record) {
  for (const auto role : {draw::EntryRole::kSelected, draw::EntryRole::kAlternate}) {
    for (const draw::DrawEntry& e : record.entries) {
      if (e.role != role) continue;
      std::printf("%s %s %s %s\n", role == draw::EntryRole::kSelected ? "selected" : "alternate",
                  e.stratum.c_str(), e.code.c_str(), draw::ToHex(e.rank).c_str());
    }
  }
}

// What a writing command needs: the store, the ledger (its signing key), the service.
struct Session {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<ledger::Ledger> ledger;
  app::Directory directory;
  app::SystemClock clock;
  app::SystemSecretSource secrets;
  std::unique_ptr<app::DrawService> service;
};

Result<std::unique_ptr<Session>> OpenSession(const Args& args, bool load_directory) {
  auto s = std::make_unique<Session>();
  const std::string url = args.Get("db", store::kDefaultUrl);
  SUNLIT_ASSIGN_OR_RETURN(const std::string key_path, KeyFilePath(args));
  SUNLIT_ASSIGN_OR_RETURN(s->store, store::Open(url));
  ledger::Ledger::Options options;
  options.key_path = key_path;
  Result<std::unique_ptr<ledger::Ledger>> log = ledger::Ledger::Open(*s->store, options);
  if (!log.ok()) {
    return Status(log.status().code(), log.status().message() + " (key file " + key_path + ")",
                  log.status().detail());
  }
  s->ledger = std::move(log).value();
  if (load_directory) SUNLIT_RETURN_IF_ERROR(s->directory.Load(*s->store));
  s->service =
      std::make_unique<app::DrawService>(*s->store, s->directory, *s->ledger, s->clock, s->secrets);
  return s;
}

// The one positional argument: the draw id.
Result<std::string> DrawIdArg(const Args& args) {
  if (args.positional().size() != 1) return InvalidArgument(kUsage);
  return args.positional()[0];
}

int Freeze(const Args& args) {
  if (!args.positional().empty() || !args.Has("draw-id")) return Fail(kUsage, 2);
  Result<app::FreezeRequest> request = ParseFreeze(args);
  if (!request.ok()) return Fail(request.status(), 2);
  Result<std::unique_ptr<Session>> s = OpenSession(args, /*load_directory=*/true);
  if (!s.ok()) return Fail(s.status());
  Result<app::FrozenPool> frozen = (*s)->service->Freeze(*request);
  if (!frozen.ok()) return Fail(frozen.status());
  PrintFrozen(*frozen);
  return 0;
}

int Randomness(const Args& args) {
  Result<std::string> id = DrawIdArg(args);
  if (!id.ok()) return Fail(id.status(), 2);
  Result<draw::Sources> values = ParseSourceNumbers(args.GetAll("source"));
  if (!values.ok()) return Fail(values.status(), 2);
  Result<std::unique_ptr<Session>> s = OpenSession(args, false);
  if (!s.ok()) return Fail(s.status());
  Result<std::string> k = (*s)->service->EnterRandomness(*id, *values, args.Get("actor", "cli"));
  if (!k.ok()) return Fail(k.status());
  std::printf("randomness %s\n", k->c_str());
  return 0;
}

int Exec(const Args& args) {
  Result<std::string> id = DrawIdArg(args);
  if (!id.ok()) return Fail(id.status(), 2);
  Result<std::unique_ptr<Session>> s = OpenSession(args, false);
  if (!s.ok()) return Fail(s.status());
  Result<app::DrawOutcome> drawn = (*s)->service->Draw(*id, args.Get("actor", "cli"));
  if (!drawn.ok()) return Fail(drawn.status());
  PrintEntries(drawn->record);
  return 0;
}

int Alternate(const Args& args) {
  Result<std::string> id = DrawIdArg(args);
  if (!id.ok()) return Fail(id.status(), 2);
  if (!args.Has("replace") || !args.Has("reason")) return Fail(kUsage, 2);
  Result<std::unique_ptr<Session>> s = OpenSession(args, false);
  if (!s.ok()) return Fail(s.status());
  Result<app::AlternateUse> use = (*s)->service->UseAlternate(
      *id, args.Get("replace"), args.Get("reason"), args.Get("actor", "cli"));
  if (!use.ok()) return Fail(use.status());
  std::printf(
      "replaced %s\nby %s\nstratum %s\nrank %s\nreason %s\ndirectory_status %s\n",
      use->replaced_code.c_str(), use->alternate_code.c_str(), use->stratum.c_str(),
      use->alternate_rank.c_str(), use->reason.c_str(),
      use->directory_status.empty() ? "(not in the directory)" : use->directory_status.c_str());
  return 0;
}

int Redraw(const Args& args) {
  Result<std::string> id = DrawIdArg(args);
  if (!id.ok()) return Fail(id.status(), 2);
  if (!args.Has("reason")) return Fail(kUsage, 2);
  Result<app::FreezeRequest> request = ParseFreeze(args);
  if (!request.ok()) return Fail(request.status(), 2);
  Result<std::unique_ptr<Session>> s = OpenSession(args, /*load_directory=*/true);
  if (!s.ok()) return Fail(s.status());
  Result<app::FrozenPool> frozen = (*s)->service->Redraw(*id, args.Get("reason"), *request);
  if (!frozen.ok()) return Fail(frozen.status());
  PrintFrozen(*frozen);
  return 0;
}

int Show(const Args& args) {
  Result<std::string> id = DrawIdArg(args);
  if (!id.ok()) return Fail(id.status(), 2);
  Result<std::unique_ptr<store::Store>> db = store::Open(args.Get("db", store::kDefaultUrl));
  if (!db.ok()) return Fail(db.status());
  Result<app::DrawView> v = app::GetDraw(**db, *id);
  if (!v.ok()) return Fail(v.status());
  std::printf("state %s\n", std::string(app::DrawStageName(v->stage)).c_str());
  if (!v->superseded_by.empty()) std::printf("superseded_by %s\n", v->superseded_by.c_str());
  if (!v->redraw_reason.empty()) std::printf("redraw_reason %s\n", v->redraw_reason.c_str());
  PrintFrozen(v->pool);
  std::printf("frozen_by %s\n", v->frozen_by.c_str());
  std::printf("filter %s\n", v->filter_json.c_str());
  std::printf("randomness_after %s\n", v->available_at.c_str());
  if (!v->randomness_string.empty()) {
    std::printf("randomness %s\nrandomness_at %s\n", v->randomness_string.c_str(),
                v->randomness_at.c_str());
  }
  if (v->stage != app::DrawStage::kDrawn) return 0;
  std::printf("record_hash %s\ndrawn_at %s\n", draw::ToHex(v->record_hash).c_str(),
              v->drawn_at.c_str());
  for (const app::DrawnEntry& e : v->entries) {
    std::string note;
    if (!e.replaced_by.empty()) note += " replaced_by " + e.replaced_by;
    if (!e.replaces.empty()) note += " replaces " + e.replaces;
    std::printf("%s %s %s %s%s\n", e.role == draw::EntryRole::kSelected ? "selected" : "alternate",
                e.stratum.c_str(), e.code.c_str(), e.rank.c_str(), note.c_str());
  }
  for (const app::AlternateUse& u : v->alternate_uses) {
    std::printf("alternate_used %s -> %s reason %s directory_status %s at %s by %s\n",
                u.replaced_code.c_str(), u.alternate_code.c_str(), u.reason.c_str(),
                u.directory_status.empty() ? "-" : u.directory_status.c_str(), u.at.c_str(),
                u.actor.c_str());
  }
  return 0;
}

int ExportPool(const Args& args) {
  Result<std::string> id = DrawIdArg(args);
  if (!id.ok() || !args.Has("out")) return Fail(kUsage, 2);
  Result<std::unique_ptr<store::Store>> db = store::Open(args.Get("db", store::kDefaultUrl));
  if (!db.ok()) return Fail(db.status());
  const std::string path = args.Get("out");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Fail("cannot write " + path);
  const Status s = app::WritePoolCsv(**db, *id, [&out](std::string_view piece) {
    out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    return static_cast<bool>(out);
  });
  out.close();
  if (!s.ok()) return Fail(s);
  if (!out) return Fail("cannot write " + path);
  return 0;
}

int ExportRecord(const Args& args) {
  Result<std::string> id = DrawIdArg(args);
  if (!id.ok() || !args.Has("out")) return Fail(kUsage, 2);
  Result<std::unique_ptr<store::Store>> db = store::Open(args.Get("db", store::kDefaultUrl));
  if (!db.ok()) return Fail(db.status());
  Result<app::DrawView> v = app::GetDraw(**db, *id);
  if (!v.ok()) return Fail(v.status());
  if (v->stage != app::DrawStage::kDrawn) {
    return Fail("draw " + *id + " has not been drawn yet: there is no record");
  }
  const std::string path = args.Get("out");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << v->record_json;
  out.close();
  if (!out) return Fail("cannot write " + path);
  return 0;
}

}  // namespace

int RunDrawDb(int argc, char** argv) {
  if (argc < 3) return Fail(kUsage, 2);
  const std::string_view sub = argv[2];
  Result<Args> args = Args::Parse(
      argc, argv, 3,
      {"db", "key-file", "actor", "draw-id", "region", "industry", "type", "tag", "status", "risk",
       "quota", "reserve", "cooldown-days", "exclude", "source", "replace", "reason", "out"},
      {"risk-strata", "annual-cap"});
  if (!args.ok()) return Fail(args.status(), 2);
  if (sub == "freeze") return Freeze(*args);
  if (sub == "randomness") return Randomness(*args);
  if (sub == "exec") return Exec(*args);
  if (sub == "alternate") return Alternate(*args);
  if (sub == "redraw") return Redraw(*args);
  if (sub == "show") return Show(*args);
  if (sub == "export-pool") return ExportPool(*args);
  if (sub == "export-record") return ExportRecord(*args);
  return Fail("unknown draw command \"" + std::string(sub) + "\"\n" + kUsage, 2);
}

}  // namespace sunlit::cli
