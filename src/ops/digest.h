// Table digests: the row count and a content hash of every table of a database, computed
// the same way on every backend, so that two databases (a source and its migrated copy, a
// backup and its restore) can be compared table by table without trusting either engine.
//
// The hash of a table is SHA-256 over its rows in primary-key order (text keys compared
// bytewise), each value encoded by kind: NULL → 0x00; integer → 0x01 + 8 bytes big-endian;
// text → 0x02 + 8-byte big-endian length + UTF-8 bytes; blob → 0x03 + length + bytes; each
// row closed by 0x0a. Thread-safety: as the transaction used.
#ifndef SUNLIT_OPS_DIGEST_H_
#define SUNLIT_OPS_DIGEST_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "draw/sha256.h"
#include "store/catalog.h"
#include "store/store.h"

namespace sunlit::ops {

struct TableDigest {
  std::string table;
  int64_t rows = 0;
  std::string sha256;  // 64 lower-case hex digits
  bool operator==(const TableDigest&) const = default;
};

// Hashes rows as described above. Not thread-safe.
class RowHasher {
 public:
  // Adds the current row of a query whose columns are those of `table`, in order.
  void AddRow(const store::SqlRow& row, const store::TableInfo& table);
  int64_t rows() const { return rows_; }
  // The digest of everything added; REQUIRES: called once.
  TableDigest Finish(std::string table_name);

 private:
  draw::Sha256 sha_;
  int64_t rows_ = 0;
};

// The digests of `tables` (from store::ListTables) read through `tx`, in the order given.
// `progress`, when set, is called with each table's name before it is read.
Result<std::vector<TableDigest>> DigestTables(
    store::Transaction& tx, store::Dialect dialect, const std::vector<store::TableInfo>& tables,
    const std::function<void(const std::string&)>& progress = {});

// Names of the tables of `tables` that hold rows, in the order given. The standard roles
// and their grants (roles.builtin = 1), which the program re-seeds at every start, do not
// count: a database that was only ever opened is empty.
Result<std::vector<std::string>> NonEmptyTables(store::Transaction& tx,
                                                const std::vector<store::TableInfo>& tables);

// Names of the tables whose digests differ between `a` and `b` (or exist in only one), as
// "table: 10 rows vs 9 rows" / "table: content differs" lines. Empty when they agree.
std::vector<std::string> CompareDigests(const std::vector<TableDigest>& a,
                                        const std::vector<TableDigest>& b);

}  // namespace sunlit::ops

#endif  // SUNLIT_OPS_DIGEST_H_
