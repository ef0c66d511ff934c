#include "app/directory_upload.h"

#include "app/access.h"
#include "app/directory.h"
#include "app/task_internal.h"

namespace sunlit::app {
namespace {

Status MayImportChecked(Services& s, const Caller& caller, ImportKind kind) {
  switch (kind) {
    case ImportKind::kEntities: {
      SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kDirectoryWrite));
      if (caller.ScopeOf(perm::kDirectoryWrite) == Scope::kAll) return Status::Ok();
      SUNLIT_ASSIGN_OR_RETURN(std::vector<core::Department> departments,
                              s.access->Departments());
      for (const core::Department& d : departments) {
        if (d.code == caller.department_code && d.market_supervision) return Status::Ok();
      }
      return PermissionDenied("only the market supervision bureau imports the entity directory");
    }
    case ImportKind::kInspectors:
      SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kDirectoryWrite));
      if (caller.ScopeOf(perm::kDirectoryWrite) != Scope::kAll) {
        return PermissionDenied("importing inspectors needs the system administrator");
      }
      return Status::Ok();
    case ImportKind::kItems:
      SUNLIT_RETURN_IF_ERROR(caller.Require(perm::kItemsWrite));
      if (caller.ScopeOf(perm::kItemsWrite) != Scope::kAll) {
        return PermissionDenied("importing item lists needs the system administrator");
      }
      return Status::Ok();
    default:
      return InvalidArgument("only entities, inspectors and items are imported here");
  }
}

}  // namespace

Status MayImportUpload(Services& s, const Caller& caller, ImportKind kind) {
  return MayImportChecked(s, caller, kind);
}

Result<ImportReport> ImportUpload(Services& s, const Caller& caller, ImportKind kind,
                                  const std::string& path,
                                  const std::function<void(const ImportProgress&)>& on_progress) {
  SUNLIT_RETURN_IF_ERROR(MayImportUpload(s, caller, kind));
  ImportOptions options;
  options.on_progress = on_progress;
  options.actor = caller.Actor();
  options.today = internal::Today(*s.clock);
  return s.directory->Import(*s.store, kind, path, options);
}

}  // namespace sunlit::app
