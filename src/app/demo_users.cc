// The demo logins.
#include "app/demo_users.h"

#include <string>

#include "store/sql.h"

namespace sunlit::app {

const std::vector<DemoLogin>& DemoLogins() {
  static const std::vector<DemoLogin> kLogins = {
      {"admin", "sunlit-demo-admin", std::string(role::kSystemAdmin), "SCJG",
       "系统管理员：全部部门、全部功能、用户管理"},
      {"scjg.admin", "sunlit-demo-2026", std::string(role::kDepartmentAdmin), "SCJG",
       "市场监管局部门管理员：计划、任务、抽取、公示、本部门用户"},
      {"scjg.reviewer", "sunlit-demo-2026", std::string(role::kReviewer), "SCJG",
       "市场监管局审核员：审核、公示检查结果"},
      {"scjg.inspector", "sunlit-demo-2026", std::string(role::kInspector), "SCJG",
       "市场监管局执法人员：本人的检查任务、录入结果"},
      {"xfjy.staff", "sunlit-demo-2026", std::string(role::kPartnerStaff), "XFJY",
       "消防救援支队协同人员：联合检查、本部门结果"},
      {"xfjy.inspector", "sunlit-demo-2026", std::string(role::kInspector), "XFJY",
       "消防救援支队执法人员：本人的检查任务"},
  };
  return kLogins;
}

namespace {

// The inspector of `department` whose checks are in the most different states, then on the
// most checks (ties: the smallest code), so that the demo's inspector login has work to do —
// and done work to look at — once the year has been walked; "" when the department's
// inspectors have no checks (a directory-only demo).
Result<std::string> BusiestInspector(Services& services, const std::string& department) {
  SUNLIT_ASSIGN_OR_RETURN(auto tx, services.store->BeginRead());
  std::string code;
  SUNLIT_RETURN_IF_ERROR(tx->sql().Query(
      "SELECT ci.inspector_code, COUNT(DISTINCT c.state) AS states, COUNT(*) AS n "
      "FROM check_inspectors ci JOIN checks c ON c.id = ci.check_id "
      "WHERE ci.department_code = ? GROUP BY ci.inspector_code "
      "ORDER BY states DESC, n DESC, ci.inspector_code LIMIT 1",
      {department}, [&](const store::SqlRow& r) {
        code = r.String(0);
        return false;
      }));
  return code;
}

}  // namespace

Status CreateDemoUsers(Services& services) {
  const Caller demo = Caller::System("demo");
  for (const DemoLogin& login : DemoLogins()) {
    if (services.access->GetUserByName(demo, login.username).ok()) continue;
    NewUser u;
    u.username = login.username;
    u.department_code = login.department;
    u.roles = {login.role};
    u.password = login.password;
    if (login.role == role::kInspector) {
      SUNLIT_ASSIGN_OR_RETURN(u.inspector_code, BusiestInspector(services, login.department));
    }
    if (login.role == role::kInspector && u.inspector_code.empty()) {
      SUNLIT_ASSIGN_OR_RETURN(auto tx, services.store->BeginRead());
      SUNLIT_RETURN_IF_ERROR(tx->ScanInspectors([&](const core::Inspector& i) {
        if (i.department_code != login.department || i.status != core::InspectorStatus::kActive) {
          return true;
        }
        u.inspector_code = i.code;
        return false;
      }));
    }
    SUNLIT_RETURN_IF_ERROR(services.access->CreateUser(demo, u).status());
  }
  return Status::Ok();
}

}  // namespace sunlit::app
