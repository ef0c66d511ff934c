// PgConnection: libpq calls, parameter binding and the PostgreSQL-error → Status mapping.
#include "store/postgres/pg_connection.h"

#include <charconv>
#include <cstring>
#include <type_traits>
#include <vector>

namespace sunlit::store::postgres {
namespace {

std::string ServerText(const PGresult* res, PGconn* conn) {
  const char* m = res != nullptr ? PQresultErrorMessage(res) : nullptr;
  if (m == nullptr || *m == '\0') m = conn != nullptr ? PQerrorMessage(conn) : "";
  std::string s(m);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Status PgError(const PGresult* res, PGconn* conn, std::string_view what) {
  const char* state_c = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = state_c != nullptr ? state_c : "";
  std::string detail = "postgresql: ";
  detail += what;
  detail += ": ";
  detail += ServerText(res, conn);
  if (!state.empty()) detail += " (SQLSTATE " + state + ")";
  if (state.empty()) {
    // No SQLSTATE: the connection itself failed (or libpq refused the call).
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
      return Unavailable("the database server cannot be reached", std::move(detail));
    }
    return Internal("database error", std::move(detail));
  }
  const std::string_view cls = std::string_view(state).substr(0, 2);
  if (state == "23505") {
    return AlreadyExists("a record with the same key exists", std::move(detail));
  }
  if (cls == "23" || state == "P0001") {
    return FailedPrecondition("the change conflicts with stored data", std::move(detail));
  }
  if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014") {
    return Unavailable("the database is busy; try again later", std::move(detail));
  }
  if (cls == "08" || state == "57P01" || state == "57P02" || state == "57P03" || cls == "28" ||
      state == "3D000") {
    return Unavailable("the database cannot be accessed", std::move(detail));
  }
  if (state == "53100") {
    return ResourceExhausted("the disk holding the database is full", std::move(detail));
  }
  if (cls == "53") return ResourceExhausted("the database server is out of resources", detail);
  if (state == "25006") {
    return FailedPrecondition("this operation needs a read-write transaction", std::move(detail));
  }
  if (state == "25P02") {
    return FailedPrecondition("an earlier statement of this transaction failed",
                              std::move(detail));
  }
  if (cls == "22") return InvalidArgument("a value cannot be stored", std::move(detail));
  if (cls == "XX" && (state == "XX001" || state == "XX002")) {
    return DataLoss("the database is damaged", std::move(detail));
  }
  return Internal("database error", std::move(detail));
}

bool DecodeByteaText(std::string_view text, std::string* out) {
  out->clear();
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) return false;
  out->resize((text.size() - 2) / 2);
  for (size_t i = 2, o = 0; i < text.size(); i += 2, ++o) {
    const int hi = HexValue(text[i]);
    const int lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[o] = static_cast<char>(hi << 4 | lo);
  }
  return true;
}

int64_t PgResult::Int(int row, int col) const {
  if (IsNull(row, col)) return 0;
  const std::string_view t = Text(row, col);
  if (PQfformat(r_, col) == 1) {  // binary int8
    if (t.size() != 8) return 0;
    uint64_t v = 0;
    for (char c : t) v = v << 8 | static_cast<unsigned char>(c);
    return static_cast<int64_t>(v);
  }
  if (PQftype(r_, col) == kBoolOid) return t == "t" ? 1 : 0;
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

std::string PgResult::Bytes(int row, int col) const {
  if (IsNull(row, col)) return {};
  const std::string_view t = Text(row, col);
  if (PQfformat(r_, col) == 1) return std::string(t);
  std::string out;
  if (!DecodeByteaText(t, &out)) out.clear();
  return out;
}

int64_t PgResult::Changed() const {
  const char* n = r_ != nullptr ? PQcmdTuples(r_) : nullptr;
  if (n == nullptr || *n == '\0') return 0;
  int64_t v = 0;
  std::from_chars(n, n + std::strlen(n), v);
  return v;
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr) return ResourceExhausted("out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string detail = "postgresql: connect: " + ServerText(nullptr, conn);
    PQfinish(conn);
    return Unavailable("the database server cannot be reached", std::move(detail));
  }
  // Notices (e.g. "index does not exist, skipping") are not errors; keep stderr quiet.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  auto c = std::unique_ptr<PgConnection>(new PgConnection(conn));
  // UTC and ISO text, whatever the server's defaults; bytea as hex.
  SUNLIT_RETURN_IF_ERROR(
      c->Exec("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET bytea_output = 'hex'; "
              "SET client_min_messages = 'warning'"));
  return c;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Status PgConnection::Exec(std::string_view sql) {
  const std::string text(sql);
  PgResult r(PQexec(conn_, text.c_str()));
  const ExecStatusType st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return PgError(r.get(), conn_, text.size() > 200 ? text.substr(0, 200) + "…" : text);
  }
  return Status::Ok();
}

void PgConnection::Bind(std::span<const SqlParam> params, Bound* out) {
  // Text values must be NUL-terminated for libpq; integers go as decimal text; bytes as
  // binary (no escaping).
  out->owned.assign(params.size(), std::string());
  out->values.assign(params.size(), nullptr);
  out->lengths.assign(params.size(), 0);
  out->formats.assign(params.size(), 0);
  for (size_t i = 0; i < params.size(); ++i) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            out->values[i] = nullptr;
          } else if constexpr (std::is_same_v<T, int64_t>) {
            out->owned[i] = std::to_string(v);
            out->values[i] = out->owned[i].c_str();
          } else if constexpr (std::is_same_v<T, std::string_view>) {
            out->owned[i].assign(v);
            out->values[i] = out->owned[i].c_str();
          } else {
            out->values[i] = v.bytes.empty() ? "" : v.bytes.data();
            out->lengths[i] = static_cast<int>(v.bytes.size());
            out->formats[i] = 1;
          }
        },
        params[i]);
  }
}

Result<const PgConnection::Prepared*> PgConnection::Prepare(std::string_view sql,
                                                            std::span<const SqlParam> params,
                                                            bool pipelined) {
  if (copying_) return Internal("database error", "a statement was issued during COPY");
  const int n = static_cast<int>(params.size());
  auto it = prepared_.find(std::string(sql));
  if (it == prepared_.end()) {
    std::vector<Oid> types(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      if (std::holds_alternative<int64_t>(params[i])) types[i] = kInt8Oid;
      if (std::holds_alternative<SqlBlob>(params[i])) types[i] = kByteaOid;
    }
    Prepared p{"s" + std::to_string(++statements_), n};
    const std::string text(sql);
    if (pipelined) {
      // Queued in the caller's pipeline; its result is read there. Remembered now: if the
      // PREPARE fails, the caller forgets it again (Forget).
      if (PQsendPrepare(conn_, p.name.c_str(), text.c_str(), n, types.data()) != 1) {
        return PgError(nullptr, conn_, "prepare " + text);
      }
    } else {
      PgResult r(PQprepare(conn_, p.name.c_str(), text.c_str(), n, types.data()));
      if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
        return PgError(r.get(), conn_, "prepare " + text);
      }
    }
    it = prepared_.emplace(text, std::move(p)).first;
  }
  if (it->second.params != n) {
    return Internal("database error", "parameter count mismatch for: " + std::string(sql));
  }
  return &it->second;
}

Result<PgResult> PgConnection::Query(std::string_view sql, std::span<const SqlParam> params,
                                     bool binary) {
  SUNLIT_ASSIGN_OR_RETURN(const Prepared* p, Prepare(sql, params, false));
  Bound b;
  Bind(params, &b);
  PgResult r(PQexecPrepared(conn_, p->name.c_str(), p->params, b.values.data(), b.lengths.data(),
                            b.formats.data(), binary ? 1 : 0));
  const ExecStatusType st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return PgError(r.get(), conn_, sql);
  return r;
}

Result<PgResult> PgConnection::QueryAtomic(std::string_view sql,
                                           std::span<const SqlParam> params) {
  if (copying_) return Internal("database error", "a statement was issued during COPY");
  if (PQenterPipelineMode(conn_) != 1) return PgError(nullptr, conn_, "pipeline");
  const bool was_prepared = prepared_.count(std::string(sql)) > 0;
  Bound b;
  Bind(params, &b);
  bool sent = PQsendQueryParams(conn_, "SAVEPOINT sunlit_stmt", 0, nullptr, nullptr, nullptr,
                                nullptr, 0) == 1;
  Result<const Prepared*> p = sent ? Prepare(sql, params, true)
                                   : Result<const Prepared*>(PgError(nullptr, conn_, "send"));
  sent = sent && p.ok() &&
         PQsendQueryPrepared(conn_, (*p)->name.c_str(), (*p)->params, b.values.data(),
                             b.lengths.data(), b.formats.data(), 0) == 1 &&
         PQsendQueryParams(conn_, "RELEASE SAVEPOINT sunlit_stmt", 0, nullptr, nullptr, nullptr,
                           nullptr, 0) == 1;
  PQpipelineSync(conn_);
  // Results in order: SAVEPOINT, [PREPARE], the statement, RELEASE, then the sync.
  Status error = sent ? Status::Ok() : (p.ok() ? PgError(nullptr, conn_, "send") : p.status());
  PgResult result;
  const int commands = 3 + (was_prepared ? 0 : 1);
  int command = 0;
  int failed = -1;  // the command that failed
  bool synced = false;
  while (!synced) {
    PGresult* raw = PQgetResult(conn_);
    if (raw == nullptr) {
      ++command;  // the end of one command's results
      if (PQstatus(conn_) != CONNECTION_OK) break;
      continue;
    }
    PgResult r(raw);
    const ExecStatusType st = PQresultStatus(raw);
    if (st == PGRES_PIPELINE_SYNC) {
      synced = true;
    } else if (st == PGRES_FATAL_ERROR && error.ok()) {
      error = PgError(raw, conn_, sql);
      failed = command;
    } else if ((st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) &&
               command == commands - 2) {  // the statement itself
      result = std::move(r);
    }
  }
  PQexitPipelineMode(conn_);
  if (error.ok()) return result;
  if (!was_prepared && failed == 1) prepared_.erase(std::string(sql));  // PREPARE failed
  if (PQstatus(conn_) == CONNECTION_OK && !idle()) {
    // Undo the statement only; the transaction goes on.
    Status undo = Exec("ROLLBACK TO SAVEPOINT sunlit_stmt; RELEASE SAVEPOINT sunlit_stmt");
    if (!undo.ok()) return undo;
  }
  return error;
}

Result<int64_t> PgConnection::QueryInt(std::string_view sql,
                                       std::initializer_list<SqlParam> params,
                                       int64_t fallback) {
  SUNLIT_ASSIGN_OR_RETURN(PgResult r, Query(sql, params));
  if (r.rows() == 0 || r.columns() == 0 || r.IsNull(0, 0)) return fallback;
  return r.Int(0, 0);
}

Status PgConnection::CopyBegin(std::string_view copy_sql) {
  const std::string text(copy_sql);
  PgResult r(PQexec(conn_, text.c_str()));
  if (PQresultStatus(r.get()) != PGRES_COPY_IN) return PgError(r.get(), conn_, text);
  copying_ = true;
  return Status::Ok();
}

Status PgConnection::CopyPut(std::string_view data) {
  while (!data.empty()) {
    const size_t n = std::min<size_t>(data.size(), size_t{1} << 30);
    if (PQputCopyData(conn_, data.data(), static_cast<int>(n)) != 1) {
      return PgError(nullptr, conn_, "COPY data");
    }
    data.remove_prefix(n);
  }
  return Status::Ok();
}

void PgConnection::CopyAbort() {
  copying_ = false;
  if (PQputCopyEnd(conn_, "aborted by the client") != 1) return;
  while (PGresult* raw = PQgetResult(conn_)) PQclear(raw);
}

Status PgConnection::CopyEnd() {
  copying_ = false;
  if (PQputCopyEnd(conn_, nullptr) != 1) return PgError(nullptr, conn_, "COPY end");
  Status s;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult r(raw);
    if (s.ok() && PQresultStatus(raw) != PGRES_COMMAND_OK) s = PgError(raw, conn_, "COPY");
  }
  return s;
}

}  // namespace sunlit::store::postgres
