#include "app/units.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <span>

#include "app/reference.h"
#include "core/field_error.h"

namespace sunlit::app {
namespace {

Status CheckCode(std::string_view code) {
  bool ok = code.size() >= 2 && code.size() <= 64;
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_')) {
      ok = false;
    }
  }
  return ok ? Status::Ok() : InvalidField("code", "code: 2 to 64 of A-Z, a-z, 0-9, - and _");
}

Status CheckNameAndRegion(const core::Unit& u, const ReferenceData& ref) {
  if (u.name.empty() || u.name.size() > 100) return InvalidField("name", "name: 1 to 100 bytes");
  for (unsigned char c : u.name) {
    if (c < 0x20 || c == 0x7F) return InvalidField("name", "name: control characters");
  }
  if (u.region <= 0 || ref.regions.Find(u.region) == nullptr) {
    return InvalidField("region", "region: not a known GB/T 2260 region code");
  }
  return Status::Ok();
}

// Who did it, for the public log: a user id, never a name (as access.cc).
std::string ActorRef(const Caller& c) {
  return c.user_id > 0 ? "user:" + std::to_string(c.user_id) : c.Actor();
}

Status AppendUnitEvent(Services& s, store::Transaction& tx, const Caller& caller,
                       const core::Unit& u, bool created) {
  const nlohmann::json body = {{"actor", ActorRef(caller)},
                               {"created", created},
                               {"department", u.department_code},
                               {"name", u.name},
                               {"region", u.region}};
  ledger::Event e{std::string(kEventUnitSaved), "unit:" + u.code, body.dump()};
  return s.ledger->Append(tx, e).status();
}

Status Write(Services& s, store::Transaction& tx, const Caller& caller, const core::Unit& u,
             bool created) {
  SUNLIT_RETURN_IF_ERROR(tx.UpsertUnits(std::span<const core::Unit>(&u, 1)).status());
  SUNLIT_RETURN_IF_ERROR(AppendUnitEvent(s, tx, caller, u, created));
  return tx.Commit();
}

}  // namespace

Result<std::vector<core::Unit>> ListUnits(Services& s, const Caller& caller,
                                          std::string_view department) {
  if (!caller.authenticated()) return Unauthenticated("please log in");
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<core::Unit> all, tx->LoadUnits());
  std::vector<core::Unit> out;
  for (core::Unit& u : all) {
    if (department.empty() || u.department_code == department) out.push_back(std::move(u));
  }
  std::sort(out.begin(), out.end(),
            [](const core::Unit& a, const core::Unit& b) { return a.code < b.code; });
  return out;
}

Status CreateUnit(Services& s, const Caller& caller, const core::Unit& unit) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  SUNLIT_RETURN_IF_ERROR(CheckCode(unit.code));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  if (ref.departments.find(unit.department_code) == ref.departments.end()) {
    return InvalidField("department", "department: unknown department");
  }
  if (!caller.CanIn(perm::kUsersAdmin, unit.department_code)) {
    return PermissionDenied("you manage the units of your own department only");
  }
  SUNLIT_RETURN_IF_ERROR(CheckNameAndRegion(unit, ref));
  if (ref.units.find(unit.code) != ref.units.end()) {
    return AlreadyExists("a unit with this code exists");
  }
  return Write(s, *tx, caller, unit, /*created=*/true);
}

Result<SavedUnit> UpdateUnit(Services& s, const Caller& caller, const core::Unit& unit) {
  SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kUsersAdmin));
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  auto it = ref.units.find(unit.code);
  // Another department's unit is not revealed.
  if (it == ref.units.end() || !caller.CanIn(perm::kUsersAdmin, it->second.department_code)) {
    return NotFound("no such unit");
  }
  SavedUnit saved{it->second, false};
  saved.unit.name = unit.name;
  saved.unit.region = unit.region;
  SUNLIT_RETURN_IF_ERROR(CheckNameAndRegion(saved.unit, ref));
  saved.changed = saved.unit.name != it->second.name || saved.unit.region != it->second.region;
  if (!saved.changed) return saved;
  SUNLIT_RETURN_IF_ERROR(Write(s, *tx, caller, saved.unit, /*created=*/false));
  return saved;
}

}  // namespace sunlit::app
