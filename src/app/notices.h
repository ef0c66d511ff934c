// The inspection notice (检查通知书) of one check: what will be checked (the task's items
// with their legal basis), by whom (each inspector with department and law-enforcement
// certificate number, 出示执法证件), when (the check window), what to prepare, and whom to
// contact — as data and as a printable HTML page (A4, no script, no external resource).
//
// Every text that comes from data (names, addresses, items, materials …) is HTML-escaped;
// the page is safe to serve as is. RenderNoticeHtml is a pure function.
//
// Who may get it: the lead and partner departments of the task (task.read; a confidential
// task's notices only once its window opens, except for the organisers), and each inspector
// of the check's team. Errors: kNotFound for an unknown or invisible task or check;
// kFailedPrecondition when the check is cancelled or has no team yet.
#ifndef SUNLIT_APP_NOTICES_H_
#define SUNLIT_APP_NOTICES_H_

#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/services.h"
#include "app/tasks.h"
#include "core/result.h"

namespace sunlit::app {

struct NoticeItem {
  std::string department_name;
  std::string name;
  std::string legal_basis;
  std::string method;
};

struct NoticeInspector {
  std::string name;
  std::string department_name;
  std::string certificate_no;
};

struct Notice {
  std::string task_number;
  std::string task_title;
  std::string issuer;  // the lead department's name
  std::string entity_code;
  std::string entity_name;
  std::string entity_address;
  std::vector<NoticeItem> items;
  std::vector<NoticeInspector> inspectors;
  std::string window_start;  // YYYY-MM-DD
  std::string window_end;
  std::vector<std::string> materials;
  Contact contact;
  std::string issued_on;  // YYYY-MM-DD, the day it was produced
  bool drawn = true;      // false for a targeted check (not drawn at random)
};

Result<Notice> BuildNotice(Services& s, const Caller& caller, std::string_view number,
                           std::string_view entity_code);

// The printable page (UTF-8, a complete document).
std::string RenderNoticeHtml(const Notice& notice);

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_NOTICES_H_
