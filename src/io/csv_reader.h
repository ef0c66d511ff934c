// CSV side of TableReader (private to io/; use OpenTable).
//
// Row numbers follow what Excel shows when it opens the file: the header is the first
// non-blank line (row 1 unless blank lines precede it) and every further physical record adds
// one, blank lines included (they are skipped, but still counted). A quoted field that
// contains line breaks is one record, hence one row, however many lines it spans.
//
// A blank line is an empty line or one made only of spaces, tabs and commas (Excel writes
// ",,,," for rows whose cells were formatted but left empty).
//
// After an error about one record (field count, encoding, a stray quote) the next Next()
// continues with the following record. After a quoted field that is never closed, or a record
// longer than max_record_bytes, the reader cannot be sure where the next record starts: every
// later Next() returns the same error (until Rewind()).
//
// Thread-compatible: one reader per thread.
#ifndef SUNLIT_IO_CSV_READER_H_
#define SUNLIT_IO_CSV_READER_H_

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.h"
#include "io/table_reader.h"

namespace sunlit::io::internal {

// Bytes read from the file at a time. 1 MB measured faster than 8 MB (the block is scanned
// while it is still in the CPU cache after read(2) copied it) and as fast as 256 KB. Memory
// use is about block_size + 3 * max_record_bytes.
inline constexpr size_t kDefaultCsvBlockSize = size_t{1} << 20;

// Opens a CSV file. `block_size` is a test hook (tiny blocks exercise every record that spans
// two blocks); values below 4 are raised to 4.
Result<std::unique_ptr<TableReader>> OpenCsv(const std::string& path, const ReadOptions& options,
                                             size_t block_size = kDefaultCsvBlockSize);

}  // namespace sunlit::io::internal

#endif  // SUNLIT_IO_CSV_READER_H_
