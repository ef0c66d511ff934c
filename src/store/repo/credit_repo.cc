// Credit and referral repository: portable SQL for credit_entries and referrals. Optional
// filters use the `(? = '' OR column = ?)` form so that each query is one constant text (one
// prepared statement).
#include "store/repo/credit_repo.h"

#include <utility>

namespace sunlit::store::repo {
namespace {

constexpr std::string_view kEntryColumns =
    "id, list, entity_code, entity_name, reason_code, reason, source_check_id, "
    "source_entry_id, department_code, state, proposed_on, proposed_by, decision_due, "
    "decided_on, decided_by, decision_ref, decision_note, removed_on, removed_by, "
    "removal_reason, updated_at, version";

// Reads a row of kEntryColumns; false when a stored enum is unknown.
bool ReadEntry(const SqlRow& r, CreditEntryRow* e) {
  e->id = r.Int(0);
  if (!core::ParseCreditList(r.Text(1), &e->list)) return false;
  e->entity_code = r.String(2);
  e->entity_name = r.String(3);
  e->reason_code = r.String(4);
  e->reason = r.String(5);
  e->source_check_id = r.Int(6);
  e->source_entry_id = r.Int(7);
  e->department_code = r.String(8);
  if (!core::ParseCreditState(r.Text(9), &e->state)) return false;
  e->proposed_on = r.String(10);
  e->proposed_by = r.String(11);
  e->decision_due = r.String(12);
  e->decided_on = r.String(13);
  e->decided_by = r.String(14);
  e->decision_ref = r.String(15);
  e->decision_note = r.String(16);
  e->removed_on = r.String(17);
  e->removed_by = r.String(18);
  e->removal_reason = r.String(19);
  e->updated_at = r.String(20);
  e->version = r.Int(21);
  return true;
}

Status QueryEntries(Sql& sql, std::string_view text, Sql::Params params,
                    std::vector<CreditEntryRow>* out) {
  bool bad = false;
  SUNLIT_RETURN_IF_ERROR(sql.Query(text, params, [&](const SqlRow& r) {
    CreditEntryRow e;
    if (!ReadEntry(r, &e)) {
      bad = true;
      return false;
    }
    out->push_back(std::move(e));
    return true;
  }));
  if (bad) return DataLoss("stored data is damaged", "unknown credit list or state");
  return Status::Ok();
}

SqlParam IdOrNull(int64_t id) { return id == 0 ? SqlParam(nullptr) : SqlParam(id); }

Status Conflict(std::string_view what, int64_t id) {
  return Aborted(
      "the " + std::string(what) + " was changed by someone else; reload it and try again",
      std::string(what) + " " + std::to_string(id) +
          " moved on from the expected version or state");
}

constexpr std::string_view kReferralColumns =
    "id, check_id, entity_code, entity_name, kind, from_department, to_department, subject, "
    "body, sent_on, sent_at, sent_by, feedback_due, state, feedback, feedback_on, "
    "feedback_by, version";

ReferralRow ReadReferral(const SqlRow& r) {
  ReferralRow v;
  v.id = r.Int(0);
  v.check_id = r.Int(1);
  v.entity_code = r.String(2);
  v.entity_name = r.String(3);
  v.kind = r.String(4);
  v.from_department = r.String(5);
  v.to_department = r.String(6);
  v.subject = r.String(7);
  v.body = r.String(8);
  v.sent_on = r.String(9);
  v.sent_at = r.String(10);
  v.sent_by = r.String(11);
  v.feedback_due = r.String(12);
  v.state = r.String(13);
  v.feedback = r.String(14);
  v.feedback_on = r.String(15);
  v.feedback_by = r.String(16);
  v.version = r.Int(17);
  return v;
}

}  // namespace

// ---- credit entries ------------------------------------------------------------------------

Result<int64_t> InsertCreditEntry(Sql& sql, const CreditEntryRow& e) {
  return sql.InsertReturningId(
      "INSERT INTO credit_entries (list, entity_code, entity_name, reason_code, reason, "
      "source_check_id, source_entry_id, department_code, state, proposed_on, proposed_by, "
      "decision_due, decided_on, decided_by, decision_ref, decision_note, removed_on, "
      "removed_by, removal_reason, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {core::WireName(e.list),
       e.entity_code,
       e.entity_name,
       e.reason_code,
       e.reason,
       IdOrNull(e.source_check_id),
       IdOrNull(e.source_entry_id),
       e.department_code,
       core::WireName(e.state),
       e.proposed_on,
       e.proposed_by,
       e.decision_due,
       e.decided_on,
       e.decided_by,
       e.decision_ref,
       e.decision_note,
       e.removed_on,
       e.removed_by,
       e.removal_reason,
       e.updated_at,
       e.version});
}

Result<std::optional<CreditEntryRow>> FindCreditEntry(Sql& sql, int64_t id) {
  static const std::string kSql =
      "SELECT " + std::string(kEntryColumns) + " FROM credit_entries WHERE id = ?";
  std::vector<CreditEntryRow> rows;
  const SqlParam params[] = {id};
  SUNLIT_RETURN_IF_ERROR(QueryEntries(sql, kSql, params, &rows));
  if (rows.empty()) return std::optional<CreditEntryRow>();
  return std::optional<CreditEntryRow>(std::move(rows[0]));
}

Status DecideCreditEntry(Sql& sql, int64_t id, int64_t expected_version, core::CreditState to,
                         std::string_view decided_on, std::string_view decided_by,
                         std::string_view decision_ref, std::string_view note,
                         std::string_view updated_at) {
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t n,
      sql.Exec("UPDATE credit_entries SET state = ?, decided_on = ?, decided_by = ?, "
               "decision_ref = ?, decision_note = ?, updated_at = ?, version = version + 1 "
               "WHERE id = ? AND version = ? AND state = 'proposed'",
               {core::WireName(to), decided_on, decided_by, decision_ref, note, updated_at, id,
                expected_version}));
  if (n == 0) return Conflict("entry", id);
  return Status::Ok();
}

Status RemoveCreditEntry(Sql& sql, int64_t id, int64_t expected_version,
                         std::string_view removed_on, std::string_view removed_by,
                         std::string_view reason, std::string_view updated_at) {
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t n,
      sql.Exec("UPDATE credit_entries SET state = 'removed', removed_on = ?, removed_by = ?, "
               "removal_reason = ?, updated_at = ?, version = version + 1 "
               "WHERE id = ? AND version = ? AND state = 'listed'",
               {removed_on, removed_by, reason, updated_at, id, expected_version}));
  if (n == 0) return Conflict("entry", id);
  return Status::Ok();
}

Result<std::vector<CreditEntryRow>> ListCreditEntries(Sql& sql, const CreditQuery& q) {
  static const std::string kSql =
      "SELECT " + std::string(kEntryColumns) +
      " FROM credit_entries WHERE (? = '' OR list = ?) AND (? = '' OR state = ?) "
      "AND (? = '' OR department_code = ?) AND (? = '' OR entity_code = ?) "
      "AND (? = '' OR (state = 'proposed' AND decision_due < ?)) "
      "ORDER BY id DESC LIMIT ?";
  const SqlParam params[] = {q.list,       q.list,       q.state,       q.state,
                             q.department, q.department, q.entity_code, q.entity_code,
                             q.due_before, q.due_before, q.limit};
  std::vector<CreditEntryRow> rows;
  SUNLIT_RETURN_IF_ERROR(QueryEntries(sql, kSql, params, &rows));
  return rows;
}

Result<std::vector<CreditEntryRow>> ListedEntriesOf(Sql& sql, std::string_view entity_code) {
  static const std::string kSql =
      "SELECT " + std::string(kEntryColumns) +
      " FROM credit_entries WHERE entity_code = ? AND state = 'listed' ORDER BY decided_on, id";
  const SqlParam params[] = {entity_code};
  std::vector<CreditEntryRow> rows;
  SUNLIT_RETURN_IF_ERROR(QueryEntries(sql, kSql, params, &rows));
  return rows;
}

Result<std::vector<CreditEntryRow>> AbnormalEntriesToEscalate(Sql& sql,
                                                              std::string_view decided_until,
                                                              std::string_view department) {
  static const std::string kSql =
      "SELECT " + std::string(kEntryColumns) +
      " FROM credit_entries e WHERE list = 'abnormal' AND state = 'listed' AND decided_on <= ? "
      "AND (? = '' OR department_code = ?) AND NOT EXISTS (SELECT 1 FROM credit_entries s "
      "WHERE s.source_entry_id = e.id) ORDER BY decided_on, id";
  const SqlParam params[] = {decided_until, department, department};
  std::vector<CreditEntryRow> rows;
  SUNLIT_RETURN_IF_ERROR(QueryEntries(sql, kSql, params, &rows));
  return rows;
}

// ---- departments and entities ------------------------------------------------------------

Result<std::optional<DepartmentRef>> FindDepartment(Sql& sql, std::string_view code) {
  std::optional<DepartmentRef> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT code, name, market_supervision FROM departments WHERE code = ?", {code},
                [&](const SqlRow& r) {
                  out = DepartmentRef{r.String(0), r.String(1), r.Flag(2)};
                  return false;
                }));
  return out;
}

Result<std::optional<DepartmentRef>> FirstMarketSupervisionDepartment(Sql& sql) {
  std::optional<DepartmentRef> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT code, name, market_supervision FROM departments WHERE market_supervision = 1 "
      "ORDER BY code LIMIT 1",
      {}, [&](const SqlRow& r) {
        out = DepartmentRef{r.String(0), r.String(1), r.Flag(2)};
        return false;
      }));
  return out;
}

Result<std::optional<std::string>> EntityName(Sql& sql, std::string_view code) {
  std::optional<std::string> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT name FROM entities WHERE code = ?", {code}, [&](const SqlRow& r) {
        out = r.String(0);
        return false;
      }));
  return out;
}

// ---- referrals -----------------------------------------------------------------------------

Result<int64_t> InsertReferral(Sql& sql, const ReferralRow& r) {
  return sql.InsertReturningId(
      "INSERT INTO referrals (check_id, entity_code, entity_name, kind, from_department, "
      "to_department, subject, body, sent_on, sent_at, sent_by, feedback_due, state, "
      "feedback, feedback_on, feedback_by, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {IdOrNull(r.check_id), r.entity_code, r.entity_name, r.kind, r.from_department,
       r.to_department, r.subject, r.body, r.sent_on, r.sent_at, r.sent_by, r.feedback_due, r.state,
       r.feedback, r.feedback_on, r.feedback_by, r.version});
}

Result<std::optional<ReferralRow>> FindReferral(Sql& sql, int64_t id) {
  static const std::string kSql =
      "SELECT " + std::string(kReferralColumns) + " FROM referrals WHERE id = ?";
  std::optional<ReferralRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(kSql, {id}, [&](const SqlRow& r) {
    out = ReadReferral(r);
    return false;
  }));
  return out;
}

Status AnswerReferral(Sql& sql, int64_t id, int64_t expected_version, std::string_view feedback,
                      std::string_view feedback_on, std::string_view feedback_by) {
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t n, sql.Exec("UPDATE referrals SET state = 'answered', feedback = ?, feedback_on = ?, "
                          "feedback_by = ?, version = version + 1 "
                          "WHERE id = ? AND version = ? AND state = 'sent'",
                          {feedback, feedback_on, feedback_by, id, expected_version}));
  if (n == 0) return Conflict("referral", id);
  return Status::Ok();
}

Result<std::vector<ReferralRow>> ListReferrals(Sql& sql, const ReferralQuery& q) {
  static const std::string kSql =
      "SELECT " + std::string(kReferralColumns) +
      " FROM referrals WHERE (? = '' OR to_department = ?) AND (? = '' OR from_department = ?) "
      "AND (? = '' OR to_department = ? OR from_department = ?) AND (? = '' OR state = ?) "
      "AND (? = '' OR (state = 'sent' AND feedback_due < ?)) ORDER BY id DESC LIMIT ?";
  const SqlParam params[] = {q.to_department,
                             q.to_department,
                             q.from_department,
                             q.from_department,
                             q.either_department,
                             q.either_department,
                             q.either_department,
                             q.state,
                             q.state,
                             q.due_before,
                             q.due_before,
                             q.limit};
  std::vector<ReferralRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(kSql, params, [&](const SqlRow& r) {
    out.push_back(ReadReferral(r));
    return true;
  }));
  return out;
}

}  // namespace sunlit::store::repo
