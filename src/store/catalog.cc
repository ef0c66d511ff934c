// Catalog queries per dialect. The PostgreSQL half is written against the pg_catalog and
// information_schema views of PostgreSQL 15 and only ever runs through a PostgreSQL store's
// Sql (which rewrites `?` to $n).
#include "store/catalog.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace sunlit::store {
namespace {

// Tables that are not part of the copied data: the schema history (each database has its
// own, written by its migrations).
bool Skipped(std::string_view name) { return name == "schema_migrations"; }

ValueKind KindOfType(std::string type) {
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type.find("int") != std::string::npos) return ValueKind::kInteger;  // integer, bigint
  if (type == "blob" || type == "bytea") return ValueKind::kBlob;
  return ValueKind::kText;
}

Status ReadSqlite(Sql& sql, std::vector<TableInfo>& tables) {
  std::vector<std::string> names;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\' ORDER BY name",
      {}, [&](const SqlRow& row) {
        names.push_back(row.String(0));
        return true;
      }));
  for (const std::string& name : names) {
    if (Skipped(name)) continue;
    TableInfo t;
    t.name = name;
    std::vector<std::pair<int64_t, std::string>> key;  // (position in key, column)
    bool integer_key = false;
    SUNLIT_RETURN_IF_ERROR(sql.Query(
        "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", {std::string_view(name)},
        [&](const SqlRow& row) {
          ColumnInfo c;
          c.name = row.String(0);
          c.kind = KindOfType(row.String(1));
          if (row.Int(2) > 0) {
            key.emplace_back(row.Int(2), c.name);
            integer_key = row.Text(1) == "INTEGER";
          }
          t.columns.push_back(std::move(c));
          return true;
        }));
    std::sort(key.begin(), key.end());
    for (auto& k : key) t.key.push_back(std::move(k.second));
    // A rowid table whose key is not its rowid (INTEGER PRIMARY KEY) records insertion order.
    SUNLIT_ASSIGN_OR_RETURN(
        const std::optional<int64_t> without_rowid,
        sql.QueryInt("SELECT instr(upper(sql), 'WITHOUT ROWID') FROM sqlite_schema WHERE "
                     "type = 'table' AND name = ?",
                     {std::string_view(name)}));
    if (!(key.size() == 1 && integer_key) && without_rowid.value_or(0) == 0) {
      t.insertion_order = "rowid";
    }
    SUNLIT_RETURN_IF_ERROR(sql.Query(
        "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?) ORDER BY 1",
        {std::string_view(name)}, [&](const SqlRow& row) {
          if (row.Text(0) != name) t.refers.push_back(row.String(0));
          return true;
        }));
    tables.push_back(std::move(t));
  }
  return Status::Ok();
}

Status ReadPostgres(Sql& sql, std::vector<TableInfo>& tables) {
  std::vector<std::string> names;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT c.relname FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.relname",
      {}, [&](const SqlRow& row) {
        names.push_back(row.String(0));
        return true;
      }));
  for (const std::string& name : names) {
    if (Skipped(name)) continue;
    TableInfo t;
    t.name = name;
    SUNLIT_RETURN_IF_ERROR(sql.Query(
        "SELECT column_name, data_type, is_identity, COALESCE(identity_generation, ''), "
        "CASE WHEN column_default LIKE 'nextval(%' THEN 1 ELSE 0 END "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = ? ORDER BY ordinal_position",
        {std::string_view(name)}, [&](const SqlRow& row) {
          ColumnInfo c;
          c.name = row.String(0);
          c.kind = KindOfType(row.String(1));
          const bool identity = row.Text(2) == "YES";
          c.identity_always = identity && row.Text(3) == "ALWAYS";
          c.has_sequence = identity || row.Int(4) != 0;
          t.columns.push_back(std::move(c));
          return true;
        }));
    // (The key is read below; a GENERATED ALWAYS identity outside it is the engine's
    // insertion order, taken out of `columns` after.)
    SUNLIT_RETURN_IF_ERROR(sql.Query(
        "SELECT a.attname FROM pg_catalog.pg_index i "
        "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indisprimary AND n.nspname = current_schema() AND c.relname = ? "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        {std::string_view(name)}, [&](const SqlRow& row) {
          t.key.push_back(row.String(0));
          return true;
        }));
    for (auto c = t.columns.begin(); c != t.columns.end(); ++c) {
      if (c->identity_always && std::find(t.key.begin(), t.key.end(), c->name) == t.key.end()) {
        t.insertion_order = c->name;
        t.columns.erase(c);
        break;
      }
    }
    SUNLIT_RETURN_IF_ERROR(sql.Query(
        "SELECT DISTINCT r.relname FROM pg_catalog.pg_constraint k "
        "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
        "JOIN pg_catalog.pg_class r ON r.oid = k.confrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname = ? ORDER BY 1",
        {std::string_view(name)}, [&](const SqlRow& row) {
          if (row.Text(0) != name) t.refers.push_back(row.String(0));
          return true;
        }));
    tables.push_back(std::move(t));
  }
  return Status::Ok();
}

// Kahn's algorithm over `tables` (sorted by name), always taking the smallest ready name.
Result<std::vector<TableInfo>> DependencyOrder(std::vector<TableInfo> tables) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < tables.size(); ++i) index[tables[i].name] = i;
  std::vector<std::set<std::string>> waiting(tables.size());
  for (size_t i = 0; i < tables.size(); ++i) {
    for (const std::string& r : tables[i].refers) {
      if (index.count(r) > 0) waiting[i].insert(r);  // a skipped table is always there
    }
  }
  std::vector<TableInfo> out;
  std::set<std::string> done;
  while (out.size() < tables.size()) {
    bool progressed = false;
    for (size_t i = 0; i < tables.size(); ++i) {
      if (done.count(tables[i].name) > 0) continue;
      const bool ready = std::all_of(waiting[i].begin(), waiting[i].end(),
                                     [&](const std::string& r) { return done.count(r) > 0; });
      if (!ready) continue;
      done.insert(tables[i].name);
      out.push_back(tables[i]);
      progressed = true;
      break;  // restart from the smallest name
    }
    if (!progressed) return Internal("the schema's foreign keys form a cycle");
  }
  return out;
}

std::string JoinColumns(const TableInfo& table) {
  std::string out;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(table.columns[i].name);
  }
  return out;
}

}  // namespace

Result<Dialect> DialectOf(const Store& store) {
  const std::string d = store.Describe();
  if (d.starts_with("sqlite:")) return Dialect::kSqlite;
  if (d.starts_with("postgresql://") || d.starts_with("postgres://")) return Dialect::kPostgres;
  return InvalidArgument("unknown kind of database", d);
}

std::string QuoteIdentifier(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

Result<std::vector<TableInfo>> ListTables(Sql& sql, Dialect dialect) {
  std::vector<TableInfo> tables;
  if (dialect == Dialect::kSqlite) {
    SUNLIT_RETURN_IF_ERROR(ReadSqlite(sql, tables));
  } else {
    SUNLIT_RETURN_IF_ERROR(ReadPostgres(sql, tables));
  }
  for (TableInfo& t : tables) {
    if (t.key.empty()) {
      for (const ColumnInfo& c : t.columns) t.key.push_back(c.name);
    }
  }
  return DependencyOrder(std::move(tables));
}

std::string OrderedSelect(const TableInfo& table, Dialect dialect) {
  std::string out = "SELECT " + JoinColumns(table) + " FROM " + QuoteIdentifier(table.name) +
                    " ORDER BY ";
  for (size_t i = 0; i < table.key.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(table.key[i]);
    if (dialect == Dialect::kPostgres) {
      const auto c = std::find_if(table.columns.begin(), table.columns.end(),
                                  [&](const ColumnInfo& col) { return col.name == table.key[i]; });
      if (c != table.columns.end() && c->kind == ValueKind::kText) out += " COLLATE \"C\"";
    }
  }
  return out;
}

std::string InsertionOrderedSelect(const TableInfo& table, Dialect dialect) {
  if (table.insertion_order.empty()) return OrderedSelect(table, dialect);
  return "SELECT " + JoinColumns(table) + " FROM " + QuoteIdentifier(table.name) +
         " ORDER BY " + (table.insertion_order == "rowid" && dialect == Dialect::kSqlite
                             ? std::string("rowid")
                             : QuoteIdentifier(table.insertion_order));
}

std::string InsertStatement(const TableInfo& table, Dialect dialect, size_t rows) {
  std::string out = "INSERT INTO " + QuoteIdentifier(table.name) + " (" + JoinColumns(table) + ")";
  if (dialect == Dialect::kPostgres &&
      std::any_of(table.columns.begin(), table.columns.end(),
                  [](const ColumnInfo& c) { return c.identity_always; })) {
    out += " OVERRIDING SYSTEM VALUE";
  }
  out += " VALUES ";
  std::string one = "(";
  for (size_t i = 0; i < table.columns.size(); ++i) one += i == 0 ? "?" : ", ?";
  one += ")";
  out.reserve(out.size() + rows * (one.size() + 2));
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0) out += ", ";
    out += one;
  }
  return out;
}

Result<SuspendedTriggers> SuspendTriggers(Sql& sql, Dialect dialect,
                                          const std::vector<TableInfo>& tables) {
  SuspendedTriggers saved;
  if (dialect == Dialect::kSqlite) {
    SUNLIT_RETURN_IF_ERROR(sql.Exec("PRAGMA defer_foreign_keys = ON").status());
    SUNLIT_RETURN_IF_ERROR(sql.Query(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name", {},
        [&](const SqlRow& row) {
          saved.names.push_back(row.String(0));
          saved.statements.push_back(row.String(1));
          return true;
        }));
    for (const std::string& name : saved.names) {
      SUNLIT_RETURN_IF_ERROR(sql.Exec("DROP TRIGGER " + QuoteIdentifier(name)).status());
    }
    return saved;
  }
  for (const TableInfo& t : tables) {
    SUNLIT_RETURN_IF_ERROR(
        sql.Exec("ALTER TABLE " + QuoteIdentifier(t.name) + " DISABLE TRIGGER USER").status());
    saved.names.push_back(t.name);
  }
  return saved;
}

Status RestoreTriggers(Sql& sql, Dialect dialect, const SuspendedTriggers& saved) {
  if (dialect == Dialect::kSqlite) {
    for (const std::string& statement : saved.statements) {
      SUNLIT_RETURN_IF_ERROR(sql.Exec(statement).status());
    }
    return Status::Ok();
  }
  for (const std::string& table : saved.names) {
    SUNLIT_RETURN_IF_ERROR(
        sql.Exec("ALTER TABLE " + QuoteIdentifier(table) + " ENABLE TRIGGER USER").status());
  }
  return Status::Ok();
}

Status AdvanceSequences(Sql& sql, Dialect dialect, const std::vector<TableInfo>& tables) {
  if (dialect == Dialect::kSqlite) return Status::Ok();
  for (const TableInfo& t : tables) {
    for (const ColumnInfo& c : t.columns) {
      if (!c.has_sequence) continue;
      // setval(seq, max + 1, false): the next nextval() returns max + 1 (1 on an empty table).
      const std::string q = "SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(" +
                            QuoteIdentifier(c.name) + ") FROM " + QuoteIdentifier(t.name) +
                            "), 0) + 1, false)";
      SUNLIT_RETURN_IF_ERROR(sql.Query(q, {std::string_view(t.name), std::string_view(c.name)},
                                       [](const SqlRow&) { return true; }));
    }
  }
  return Status::Ok();
}

}  // namespace sunlit::store
