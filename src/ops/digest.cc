// Table digests: one ordered scan per table.
#include "ops/digest.h"

#include <map>

namespace sunlit::ops {
namespace {

void PutLength(draw::Sha256& sha, uint8_t tag, uint64_t n) {
  uint8_t buf[9];
  buf[0] = tag;
  for (int i = 0; i < 8; ++i) buf[1 + i] = static_cast<uint8_t>(n >> (56 - 8 * i));
  sha.Update(buf, sizeof buf);
}

}  // namespace

void RowHasher::AddRow(const store::SqlRow& row, const store::TableInfo& table) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const int c = static_cast<int>(i);
    if (row.IsNull(c)) {
      const uint8_t null_tag = 0;
      sha_.Update(&null_tag, 1);
      continue;
    }
    switch (table.columns[i].kind) {
      case store::ValueKind::kInteger:
        PutLength(sha_, 1, static_cast<uint64_t>(row.Int(c)));
        break;
      case store::ValueKind::kText: {
        const std::string_view t = row.Text(c);
        PutLength(sha_, 2, t.size());
        sha_.Update(t);
        break;
      }
      case store::ValueKind::kBlob: {
        const std::string_view b = row.Blob(c);
        PutLength(sha_, 3, b.size());
        sha_.Update(b);
        break;
      }
    }
  }
  const uint8_t end = '\n';
  sha_.Update(&end, 1);
  ++rows_;
}

TableDigest RowHasher::Finish(std::string table_name) {
  TableDigest d;
  d.table = std::move(table_name);
  d.rows = rows_;
  const draw::Digest h = sha_.Finish();
  d.sha256 = draw::ToHex(h);
  return d;
}

Result<std::vector<TableDigest>> DigestTables(
    store::Transaction& tx, store::Dialect dialect, const std::vector<store::TableInfo>& tables,
    const std::function<void(const std::string&)>& progress) {
  std::vector<TableDigest> out;
  for (const store::TableInfo& t : tables) {
    if (progress) progress(t.name);
    RowHasher hasher;
    SUNLIT_RETURN_IF_ERROR(tx.sql().Query(store::OrderedSelect(t, dialect), {},
                                          [&](const store::SqlRow& row) {
                                            hasher.AddRow(row, t);
                                            return true;
                                          }));
    out.push_back(hasher.Finish(t.name));
  }
  return out;
}

Result<std::vector<std::string>> NonEmptyTables(store::Transaction& tx,
                                                const std::vector<store::TableInfo>& tables) {
  std::vector<std::string> out;
  for (const store::TableInfo& t : tables) {
    std::string q;
    if (t.name == "roles") {
      q = "SELECT count(*) FROM roles WHERE builtin = 0";
    } else if (t.name == "role_grants") {
      q = "SELECT count(*) FROM role_grants WHERE role_code NOT IN "
          "(SELECT code FROM roles WHERE builtin = 1)";
    } else {
      q = "SELECT count(*) FROM (SELECT 1 FROM " + store::QuoteIdentifier(t.name) +
          " LIMIT 1) AS any_row";
    }
    SUNLIT_ASSIGN_OR_RETURN(std::optional<int64_t> n, tx.sql().QueryInt(q));
    if (n.value_or(0) > 0) out.push_back(t.name);
  }
  return out;
}

std::vector<std::string> CompareDigests(const std::vector<TableDigest>& a,
                                        const std::vector<TableDigest>& b) {
  std::map<std::string, const TableDigest*> right;
  for (const TableDigest& d : b) right[d.table] = &d;
  std::vector<std::string> out;
  for (const TableDigest& d : a) {
    const auto it = right.find(d.table);
    if (it == right.end()) {
      out.push_back(d.table + ": missing");
      continue;
    }
    if (it->second->rows != d.rows) {
      out.push_back(d.table + ": " + std::to_string(d.rows) + " rows vs " +
                    std::to_string(it->second->rows) + " rows");
    } else if (it->second->sha256 != d.sha256) {
      out.push_back(d.table + ": content differs");
    }
    right.erase(it);
  }
  for (const auto& [name, d] : right) out.push_back(name + ": unexpected table");
  return out;
}

}  // namespace sunlit::ops
