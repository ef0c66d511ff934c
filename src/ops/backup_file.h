// The backup file: one self-describing file per backup.
//
//   line 1   "SUNLIT-BACKUP 1\n"                                  (the magic and format version)
//   line 2   the manifest, one JSON object, padded with spaces, then "\n"
//   rest     the payload: a SQLite database file, or a pg_dump custom-format archive
//
// The manifest says what the payload is (backend, schema version), what it must contain (the
// transparency log's size and root, the row count and content hash of every table) and how
// to recognise damage (the payload's exact size and SHA-256). A reader refuses a file whose
// payload is shorter or longer than stated or does not hash to it, before anything is
// restored. docs/operations.md describes the format for people.
//
// Thread-safety: free functions on files; independent calls may run concurrently.
#ifndef SUNLIT_OPS_BACKUP_FILE_H_
#define SUNLIT_OPS_BACKUP_FILE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ops/digest.h"

namespace sunlit::ops {

inline constexpr std::string_view kBackupMagic = "SUNLIT-BACKUP 1\n";
inline constexpr std::string_view kManifestFormat = "sunlit-backup-v1";
inline constexpr std::string_view kPayloadSqlite = "sqlite3-database";
inline constexpr std::string_view kPayloadPgDump = "pg_dump-custom";

struct Manifest {
  std::string backend;        // "sqlite" or "postgresql"
  std::string payload;        // kPayloadSqlite or kPayloadPgDump
  int64_t payload_size = 0;   // bytes after the manifest line
  std::string payload_sha256; // 64 hex digits
  int schema_version = 0;     // of the database in the payload
  int64_t ledger_size = 0;    // events in the transparency log
  std::string ledger_root;    // 64 hex digits (SHA-256("") for an empty log)
  std::string ledger_checkpoint_at;  // time of the latest checkpoint; "" for an empty log
  std::vector<TableDigest> tables;
  std::string created_at;     // UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string source;         // store Describe(): never a password
  std::string program;        // e.g. "sunlit 0.1.0"
};

// The manifest as one JSON line (without the padding and newline).
std::string ManifestToJson(const Manifest& m);
// Parses a manifest line. kInvalidArgument naming the problem.
Result<Manifest> ManifestFromJson(std::string_view json);

// Writes `out_path` from `manifest` (whose payload_size and payload_sha256 are filled in
// here) and the payload file at `payload_path`, with mode 0600 (a backup holds draw
// secrets and password hashes): to a temporary name beside it, synced, then renamed, so a
// crash never leaves a half backup under the final name. `progress` gets bytes copied and
// the total. Errors: kAlreadyExists when out_path exists; kUnavailable on I/O failure.
Status WriteBackupFile(const std::string& out_path, Manifest manifest,
                       const std::string& payload_path,
                       const std::function<void(int64_t, int64_t)>& progress = {});

struct OpenedBackup {
  Manifest manifest;
  int64_t payload_offset = 0;
};

// Reads and checks a backup file: magic, manifest, payload size and, when `check_payload`,
// the payload's SHA-256 (reading the whole file; `progress` gets bytes read and the total).
// Errors: kNotFound when the file is missing; kInvalidArgument when it is not a Sunlit
// backup; kDataLoss when it is truncated, too long or its payload does not match its hash.
Result<OpenedBackup> ReadBackupFile(const std::string& path, bool check_payload = true,
                                    const std::function<void(int64_t, int64_t)>& progress = {});

// Copies the payload of `backup` (from ReadBackupFile) to the new file `out_path` (mode
// 0600), checking its SHA-256 on the way: kDataLoss, with out_path removed, on a mismatch.
Status ExtractPayload(const std::string& path, const OpenedBackup& backup,
                      const std::string& out_path,
                      const std::function<void(int64_t, int64_t)>& progress = {});

}  // namespace sunlit::ops

#endif  // SUNLIT_OPS_BACKUP_FILE_H_
