// Import use cases: validate every row, then write all of it in one transaction (or none).
//
// Entities stream: one pass parses and validates on one thread while the store writes on
// another, with the duplicate check kept in 16 bytes a row, so a 10-million-row file fits in
// well under 1 GiB (ImportEntities). The smaller directories are read into memory once.
#include "app/import.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/crash_point.h"
#include "app/code_set.h"
#include "app/columns.h"
#include "app/reference.h"
#include "core/uscc.h"

namespace sunlit::app {
namespace {

// Collects problems: counts them, keeps the first ones, forwards each to the callback and
// remembers which rows are rejected.
class ProblemSink {
 public:
  ProblemSink(ImportReport* report, const ImportOptions* options)
      : report_(report), options_(options) {}

  void Add(int64_t row, const HeaderMap* map, int field, std::string_view value,
           std::string reason, Severity severity = Severity::kError) {
    if (muted_) {
      if (severity == Severity::kError) row_failed_ = true;
      return;
    }
    Problem p;
    p.row = row;
    p.column = field >= 0 ? field + 1 : 0;
    if (map != nullptr && field >= 0 && static_cast<size_t>(field) < map->header.size()) {
      p.column_name = map->header[field];
    }
    p.value = std::string(value.substr(0, 200));
    p.reason = std::move(reason);
    p.severity = severity;
    if (severity == Severity::kError) {
      ++report_->errors;
      row_failed_ = true;
      if (row > 0 && (rejected_rows_.empty() || rejected_rows_.back() != row)) {
        rejected_rows_.push_back(row);
      }
    } else {
      ++report_->warnings;
    }
    if (options_->on_problem) options_->on_problem(p);
    if (report_->first_problems.size() < ImportReport::kMaxKeptProblems) {
      report_->first_problems.push_back(std::move(p));
    }
  }

  // Row bookkeeping: StartRow() then RowFailed() after the row's checks.
  void StartRow() { row_failed_ = false; }
  bool RowFailed() const { return row_failed_; }
  // A muted sink only tracks row failure (pass 2 re-parses rows already reported).
  void set_muted(bool muted) { muted_ = muted; }

  // Rejected rows, ascending and unique (call after all Add calls).
  std::vector<int64_t>& rejected_rows() {
    std::sort(rejected_rows_.begin(), rejected_rows_.end());
    rejected_rows_.erase(std::unique(rejected_rows_.begin(), rejected_rows_.end()),
                         rejected_rows_.end());
    return rejected_rows_;
  }

 private:
  ImportReport* report_;
  const ImportOptions* options_;
  std::vector<int64_t> rejected_rows_;
  bool row_failed_ = false;
  bool muted_ = false;
};

std::string_view Field(const io::Record& rec, const HeaderMap& map, size_t spec) {
  const int i = map.Find(spec);
  if (i < 0 || static_cast<size_t>(i) >= rec.fields.size()) return {};
  return Trim(rec.fields[i]);
}

// Reports an over-long text field; returns false when it is too long.
bool CheckLength(std::string_view v, size_t max_chars, int64_t row, const HeaderMap& map,
                 size_t spec, ProblemSink& sink) {
  if (v.size() <= max_chars || Utf8Length(v) <= max_chars) return true;
  sink.Add(row, &map, map.Find(spec), v,
           "longer than " + std::to_string(max_chars) + " characters");
  return false;
}

bool ParseRegionCode(std::string_view v, int32_t* out) {
  if (v.size() != 6) return false;
  int32_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  *out = n;
  return true;
}

// Aggregated warnings: one line per distinct value instead of one per row.
struct Tally {
  int64_t count = 0;
  int64_t first_row = 0;
};

// --- entities ---------------------------------------------------------------------------

enum EntityCol : size_t {
  kECode, kEName, kEType, kERegion, kEIndustry, kERisk, kELast, kEStatus, kEUnit, kETags,
  kEAddress
};

// Hashes std::string and std::string_view alike, so that lookups take views.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

// Rows per unit code that is not in the units table. Hashed, not a tree: with the units not
// imported yet, every row of the file looks its unit up here (a std::map made that ~5 % of
// the parsing thread).
using UnitTallies = std::unordered_map<std::string, Tally, StringHash, std::equal_to<>>;

// Lookups done once per row of a multi-million-row file, as flat tables rather than tree
// searches: which six-digit region codes exist, which industry codes exist (by digits),
// which unit codes exist.
class FastReference {
 public:
  explicit FastReference(const ReferenceData& ref) : region_known_(1000000, 0) {
    for (const core::RegionRow& r : ref.regions.rows()) {
      if (r.code >= 0 && r.code < 1000000) region_known_[static_cast<size_t>(r.code)] = 1;
    }
    industry_known_.assign(11110, 0);
    for (const core::IndustryRow& r : ref.industries.rows()) {
      const int slot = IndustrySlot(r.code);
      if (slot >= 0) industry_known_[static_cast<size_t>(slot)] = 1;
    }
    for (const auto& [code, unit] : ref.units) units_.insert(code);
  }
  bool RegionKnown(int32_t code) const {
    return code >= 0 && code < 1000000 && region_known_[static_cast<size_t>(code)] != 0;
  }
  bool IndustryKnown(std::string_view code) const {
    const int slot = IndustrySlot(code);
    return slot >= 0 && industry_known_[static_cast<size_t>(slot)] != 0;
  }
  bool UnitKnown(std::string_view code) const { return units_.find(code) != units_.end(); }

 private:
  // 2, 3 or 4 digits → a distinct slot (10 + 100 + 1000 + 10000 slots); else -1.
  static int IndustrySlot(std::string_view code) {
    if (code.size() < 2 || code.size() > 4) return -1;
    int v = 0;
    for (char c : code) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    static constexpr int kBase[] = {0, 0, 10, 110, 1110};
    return kBase[code.size()] + v;
  }
  std::vector<uint8_t> region_known_;
  std::vector<uint8_t> industry_known_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> units_;  // membership only
};

struct EntityContext {
  const ReferenceData* ref;
  const FastReference* fast;
  const ImportOptions* options;
  std::map<int32_t, Tally>* stale_code_regions;  // credit-code regions not in the table
  UnitTallies* unknown_units;
};

// Parses and validates one entity row into `e` (strings reuse their capacity). Returns
// whether e->code is a credit code whose GB 32100 check holds (the GB 11714 check of the
// organisation code may fail): the codes the duplicate check keeps.
bool ParseEntity(const io::Record& rec, const HeaderMap& map, const EntityContext& ctx,
                 core::Entity* e, ProblemSink& sink) {
  const int64_t row = rec.row;
  // Code. Nearly every code of a big file is valid: the fast check first, the full verdict
  // (which explains what is wrong) only when that fails.
  const std::string_view raw_code = rec.fields[map.Find(kECode)];
  std::string_view code = raw_code;
  std::string normalized;
  const bool valid = core::IsValidUscc(code);
  if (!valid && !core::IsValidUscc(code, true)) {
    core::NormalizedUscc n = core::NormalizeUscc(raw_code);
    if (n.changed()) {
      normalized = std::move(n.code);
      code = normalized;
      std::string what;
      for (const auto& c : n.changes) what += (what.empty() ? "" : ", ") + c;
      sink.Add(row, &map, map.Find(kECode), raw_code,
               "normalised to " + normalized + " (" + what + ")", Severity::kWarning);
    }
  }
  core::UsccVerdict verdict;
  if (!valid) verdict = core::ValidateUscc(code);
  if (verdict.problem == core::UsccProblem::kOrgCodeCheck) {
    sink.Add(row, &map, map.Find(kECode), code, verdict.reason,
             ctx.options->strict_org_code ? Severity::kError : Severity::kWarning);
  } else if (!verdict.ok()) {
    sink.Add(row, &map, map.Find(kECode), raw_code, verdict.reason);
  }
  e->code.assign(code);
  if (code.size() == core::kUsccLength && verdict.problem != core::UsccProblem::kLength &&
      verdict.problem != core::UsccProblem::kCharacter) {
    int32_t code_region = 0;
    if (ParseRegionCode(code.substr(2, 6), &code_region) &&
        !ctx.fast->RegionKnown(code_region)) {
      Tally& t = (*ctx.stale_code_regions)[code_region];
      if (t.count++ == 0) t.first_row = row;
    }
  }
  // Name.
  const std::string_view name = Field(rec, map, kEName);
  if (name.empty()) {
    sink.Add(row, &map, map.Find(kEName), name, "name is empty");
  } else {
    CheckLength(name, 200, row, map, kEName, sink);
  }
  e->name.assign(name);
  // Type.
  const std::string_view type = Field(rec, map, kEType);
  if (!core::ParseEntityType(type, &e->type)) {
    sink.Add(row, &map, map.Find(kEType), type,
             "unknown entity type (enterprise/企业, individual/个体工商户, "
             "cooperative/农民专业合作社, other/其他)");
  }
  // Region.
  const std::string_view region = Field(rec, map, kERegion);
  int32_t region_code = 0;
  if (!ParseRegionCode(region, &region_code)) {
    sink.Add(row, &map, map.Find(kERegion), region, "region must be a six-digit GB/T 2260 code");
  } else if (!ctx.fast->RegionKnown(region_code)) {
    sink.Add(row, &map, map.Find(kERegion), region,
             "unknown region code (not in the regions table; import it first)");
  }
  e->region = region_code;
  // Industry.
  const std::string_view industry = Field(rec, map, kEIndustry);
  std::string_view industry_code = industry;
  if (industry_code.size() >= 2 && industry_code[0] >= 'A' && industry_code[0] <= 'T' &&
      industry_code[1] >= '0' && industry_code[1] <= '9') {
    industry_code.remove_prefix(1);  // "F5211" → "5211"
  }
  if (industry_code.empty() || !(ctx.fast->IndustryKnown(industry_code) ||
                                 ctx.ref->industries.Find(industry_code) != nullptr)) {
    sink.Add(row, &map, map.Find(kEIndustry), industry,
             "unknown GB/T 4754-2017 industry code");
  }
  e->industry.assign(industry_code);
  // Risk class.
  const std::string_view risk = Field(rec, map, kERisk);
  if (!core::ParseRiskClass(risk, &e->risk)) {
    sink.Add(row, &map, map.Find(kERisk), risk, "risk class must be A, B, C, D or empty");
  }
  // Last inspected.
  const std::string_view last = Field(rec, map, kELast);
  e->last_inspected.reset();
  if (!last.empty()) {
    Result<core::Date> d = core::Date::Parse(last);
    if (!d.ok()) {
      sink.Add(row, &map, map.Find(kELast), last, d.status().message());
    } else if (*d > ctx.options->today) {
      sink.Add(row, &map, map.Find(kELast), last, "date is in the future");
    } else {
      e->last_inspected = *d;
    }
  }
  // Status.
  const std::string_view status = Field(rec, map, kEStatus);
  e->status = core::RegistrationStatus::kActive;
  if (!status.empty() && !core::ParseRegistrationStatus(status, &e->status)) {
    sink.Add(row, &map, map.Find(kEStatus), status,
             "unknown registration status (active/存续, suspended/停业, liquidating/清算, "
             "revoked/吊销, deregistered/注销, moved_out/迁出)");
  }
  // Unit.
  const std::string_view unit = Field(rec, map, kEUnit);
  e->unit_code.assign(unit);
  if (!unit.empty() && !ctx.fast->UnitKnown(unit)) {
    auto it = ctx.unknown_units->find(unit);
    if (it == ctx.unknown_units->end()) {
      it = ctx.unknown_units->emplace(std::string(unit), Tally{0, row}).first;
    }
    ++it->second.count;
  }
  if (!unit.empty()) CheckLength(unit, 64, row, map, kEUnit, sink);
  // Tags.
  const std::string_view tags = Field(rec, map, kETags);
  if (tags.empty()) {
    e->tags.clear();
  } else {
    SplitListInto(tags, &e->tags);
    CheckLength(tags, 500, row, map, kETags, sink);
  }
  // Address.
  const std::string_view address = Field(rec, map, kEAddress);
  CheckLength(address, 300, row, map, kEAddress, sink);
  e->address.assign(address);
  return verdict.ok() || verdict.problem == core::UsccProblem::kOrgCodeCheck;
}

// Serialises the calls of ImportOptions::on_progress and keeps them monotone: an entity
// import reports from its parsing and its writing thread; figures only grow and phases only
// move forward, whatever order the threads report in. Its mutex is the import's own: only
// the import's two threads ever wait on it.
class ProgressReporter {
 public:
  ProgressReporter() = default;  // reports nothing
  explicit ProgressReporter(const ImportOptions& options)
      : fn_(options.on_progress ? &options.on_progress : nullptr) {}

  // Applies `update` to a copy of the figures, merges it and reports the result.
  template <typename F>
  void Report(F&& update) {
    if (fn_ == nullptr) return;
    std::lock_guard lock(mu_);
    ImportProgress next = p_;
    update(next);
    p_.phase = std::max(p_.phase, next.phase);
    p_.rows_validated = std::max(p_.rows_validated, next.rows_validated);
    p_.rows_written = std::max(p_.rows_written, next.rows_written);
    if (p_.rows_total < 0) p_.rows_total = next.rows_total;
    p_.bytes_read = std::max(p_.bytes_read, next.bytes_read);
    p_.bytes_total = std::max(p_.bytes_total, next.bytes_total);
    (*fn_)(p_);
  }

 private:
  const std::function<void(const ImportProgress&)>* fn_ = nullptr;
  std::mutex mu_;
  ImportProgress p_;
};

// Rows between two progress reports of the smaller tables (entities report per chunk).
constexpr int64_t kProgressRows = 4096;

// Parsed rows on their way from the parsing thread to the writing thread. The first `size`
// entities are the chunk; entities beyond it are spares kept from an earlier use.
struct EntityChunk {
  std::vector<core::Entity> rows;
  size_t size = 0;

  std::span<const core::Entity> view() const { return {rows.data(), size}; }
};

// Bounded hand-over of parsed chunks from the parsing thread to the writing thread, and the
// way back: written chunks return to the parser, which parses into the same entities again.
// Their strings keep their capacity, so after the first few chunks rows are parsed and
// written without a heap allocation or free per field (that was ~13 % of the import's time,
// most of it the writer freeing what the parser had allocated).
class ChunkQueue {
 public:
  explicit ChunkQueue(size_t capacity) : capacity_(capacity) {}
  // Returns false when the consumer has gone away.
  bool Push(EntityChunk chunk) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return q_.size() < capacity_ || closed_; });
    if (closed_) return false;
    q_.push_back(std::move(chunk));
    cv_.notify_all();
    return true;
  }
  // Empty optional at the end.
  std::optional<EntityChunk> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !q_.empty() || done_ || closed_; });
    if (q_.empty()) return std::nullopt;
    auto c = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return c;
  }
  // Hands a written chunk back for reuse.
  void Recycle(EntityChunk chunk) {
    chunk.size = 0;
    std::lock_guard lock(mu_);
    free_.push_back(std::move(chunk));
  }
  // A recycled chunk (size 0), or an empty one when none is waiting.
  EntityChunk TakeFree() {
    std::lock_guard lock(mu_);
    if (free_.empty()) return {};
    EntityChunk c = std::move(free_.back());
    free_.pop_back();
    return c;
  }
  void Finish() {
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<EntityChunk> q_;
  std::vector<EntityChunk> free_;  // at most capacity + 2 chunks exist at any time
  size_t capacity_;
  bool done_ = false;
  bool closed_ = false;
};

constexpr size_t kChunkRows = 8192;
// Chunks waiting for the writer. The store writes in bursts (it buffers a sorted run of
// 131072 rows, then inserts it), so the queue holds about one run: the parser keeps going
// while the writer inserts, and the writer does not wait for the parser after a burst. With
// 4 the parser waited ~1.6 s and the writer ~0.6 s of a 2-million-row import; ~55 MB.
constexpr size_t kQueuedChunks = 16;

// Streams the entity file through validation and, on a second thread, into the store.
//
// Writing starts before the whole file is known to be good: the transaction makes that safe
// (an invalid file is rolled back, nothing is visible), and it lets a good 10-million-row
// file be read once, not twice. Once an error is seen (without skip_invalid) the parser stops
// feeding the writer but goes on validating, so the report still lists every problem.
// Rows rejected under skip_invalid are simply not written; duplicates, which are only known
// at the end, make it roll back and write again with the rejected rows known (rare).
Status ImportEntities(store::Store& store, io::TableReader& reader, const std::string& path,
                      const ImportOptions& options, ProgressReporter& progress,
                      ImportReport* report) {
  SUNLIT_ASSIGN_OR_RETURN(HeaderMap map, MapHeader(reader.header(), EntityColumns()));
  ReferenceData ref;
  {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store.BeginRead());
    SUNLIT_ASSIGN_OR_RETURN(ref, LoadReferenceData(*tx));
  }
  const FastReference fast(ref);
  ProblemSink sink(report, &options);
  for (const std::string& u : map.unknown) {
    sink.Add(1, nullptr, -1, u, "column \"" + u + "\" is not a known column and is ignored",
             Severity::kWarning);
  }
  std::map<int32_t, Tally> stale_regions;
  UnitTallies unknown_units;
  const EntityContext ctx{&ref, &fast, &options, &stale_regions, &unknown_units};

  // One pass: validate everything; hand good rows to the writer while the file is good.
  // `known_rejects` (for the retry) are rows not to write. A failed write ends the pass with
  // its error, unless the file has invalid rows (validating): a code twice in the store's
  // sorted run of rows fails the write before the duplicate check has reported it, so then
  // validation goes on without the writer and `*write_failed` tells the caller.
  auto run_pass = [&](bool validate, const std::vector<int64_t>& known_rejects,
                      std::unique_ptr<store::Transaction>* tx_out, bool* write_failed) -> Status {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"entities", path, options.actor}));
    ChunkQueue queue(kQueuedChunks);
    Status parse_status;
    CodeSet codes;
    std::thread parser([&] {
      ImportReport scratch;
      ProblemSink quiet(&scratch, &options);
      quiet.set_muted(true);
      ProblemSink& rows_sink = validate ? sink : quiet;
      std::map<int32_t, Tally> r2;
      UnitTallies u2;
      const EntityContext ctx2{&ref, &fast, &options, &r2, &u2};
      const EntityContext& c = validate ? ctx : ctx2;
      if (validate && reader.size() > 0) {
        codes.Reserve(static_cast<size_t>(reader.size() / 80 + 16));
      }
      size_t reject_i = 0;
      bool feeding = true;
      EntityChunk chunk;
      core::Entity scratch_entity;
      io::Record r;
      int64_t rows = 0;
      int64_t next_progress = 0;
      while (true) {
        Result<bool> more = reader.Next(&r);
        if (!more.ok()) {
          parse_status = more.status();
          break;
        }
        if (!*more) break;
        ++rows;
        if (r.row > CodeSet::kMaxRow) {
          parse_status = InvalidArgument("the file has too many rows to import at once");
          break;
        }
        while (reject_i < known_rejects.size() && known_rejects[reject_i] < r.row) ++reject_i;
        const bool known_bad = reject_i < known_rejects.size() && known_rejects[reject_i] == r.row;
        if (known_bad && !validate) continue;
        // Once the file is known to be refused, rows are parsed into a scratch entity only.
        feeding = feeding && (options.skip_invalid || report->errors == 0);
        core::Entity* e = &scratch_entity;
        if (feeding) {
          if (chunk.size == 0 && chunk.rows.empty()) {
            chunk = queue.TakeFree();
            chunk.rows.reserve(kChunkRows);
          }
          if (chunk.size == chunk.rows.size()) chunk.rows.emplace_back();
          e = &chunk.rows[chunk.size++];  // every field is overwritten by ParseEntity
        }
        rows_sink.StartRow();
        const bool code_checks = ParseEntity(r, map, c, e, rows_sink);
        if (validate && code_checks) codes.Add(e->code, r.row);
        if (feeding && rows_sink.RowFailed()) --chunk.size;
        // Reported before the chunk goes to the writer, whose report of it comes after.
        if (validate && rows % static_cast<int64_t>(kChunkRows) == 0) {
          progress.Report([&](ImportProgress& p) {
            p.rows_validated = rows;
            p.bytes_read = reader.position();
            p.bytes_total = reader.size();
          });
        }
        if (chunk.size == kChunkRows) {
          if (!queue.Push(std::move(chunk))) feeding = false;  // the writer failed
          chunk = {};
        }
        if (options.progress && rows >= next_progress) {
          options.progress(reader.position(), reader.size());
          next_progress = rows + 200000;
        }
      }
      if (validate) report->rows = rows;
      if (chunk.size > 0 && feeding) queue.Push(std::move(chunk));
      if (validate && parse_status.ok()) {
        progress.Report([&](ImportProgress& p) {
          p.phase = ImportPhase::kWriting;
          p.rows_validated = rows;
          p.rows_total = rows;
          p.bytes_read = reader.size();
          p.bytes_total = reader.size();
        });
      }
      if (validate && parse_status.ok()) {
        const int code_col = map.Find(kECode);
        codes.ForEachDuplicate([&](int64_t row, const std::string& code, int64_t first_row) {
          sink.Add(row, &map, code_col, code,
                   "duplicate code: also in row " + std::to_string(first_row));
        });
      }
      queue.Finish();
    });
    Status write_status;
    int64_t written_rows = 0;
    while (std::optional<EntityChunk> chunk = queue.Pop()) {
      Result<store::UpsertCounts> counts = tx->UpsertEntities(chunk->view(), batch);
      if (!counts.ok()) {
        write_status = counts.status();
        queue.Close();
        break;
      }
      report->counts.created += counts->created;
      report->counts.updated += counts->updated;
      report->counts.unchanged += counts->unchanged;
      if (options.on_entities_written) options.on_entities_written(chunk->view());
      written_rows += static_cast<int64_t>(chunk->size);
      progress.Report([&](ImportProgress& p) { p.rows_written = written_rows; });
      queue.Recycle(std::move(*chunk));
      CrashPoint("import.after_chunk");
    }
    parser.join();
    SUNLIT_RETURN_IF_ERROR(parse_status);
    if (!write_status.ok()) {
      if (!validate || report->errors == 0) return write_status;
      *write_failed = true;
    }
    *tx_out = std::move(tx);
    return Status::Ok();
  };

  std::unique_ptr<store::Transaction> tx;
  bool write_failed = false;
  SUNLIT_RETURN_IF_ERROR(run_pass(/*validate=*/true, {}, &tx, &write_failed));
  for (const auto& [region, t] : stale_regions) {
    sink.Add(t.first_row, &map, map.Find(kECode), std::to_string(region),
             "characters 3-8 of the credit code (" + std::to_string(region) +
                 ") are not a current GB/T 2260 region code (" + std::to_string(t.count) +
                 " rows; first here); codes are not reissued when regions merge, so kept",
             Severity::kWarning);
  }
  if (!unknown_units.empty()) {
    // One warning for all of them: a directory imported before its units would otherwise
    // drown the report in hundreds of lines that say the same thing.
    int64_t rows = 0;
    std::string examples;
    int64_t first_row = 0;
    std::string first_unit;
    const std::map<std::string_view, Tally> sorted(unknown_units.begin(), unknown_units.end());
    for (const auto& [unit, t] : sorted) {
      rows += t.count;
      if (first_row == 0 || t.first_row < first_row) {
        first_row = t.first_row;
        first_unit = unit;
      }
      if (examples.size() < 80) {
        if (!examples.empty()) examples += ", ";
        examples += unit;
      }
    }
    if (unknown_units.size() > 1) examples += ", …";
    sink.Add(first_row, &map, map.Find(kEUnit), first_unit,
             std::to_string(unknown_units.size()) + " unit code(s) are not in the units table (" +
                 std::to_string(rows) + " rows: " + examples +
                 "); kept as given — import units to resolve them",
             Severity::kWarning);
  }
  std::vector<int64_t> rejected = std::move(sink.rejected_rows());
  report->rejected = static_cast<int64_t>(rejected.size());
  const bool refused = !rejected.empty() && !options.skip_invalid;
  if (refused || report->rows == report->rejected) {
    report->counts = {};
    return Status::Ok();  // `tx` rolls back: nothing of the file is written
  }
  // Under skip_invalid, rows rejected only for being duplicates were written (or made the
  // write fail): write again without them.
  if (write_failed ||
      static_cast<int64_t>(report->counts.created + report->counts.updated +
                           report->counts.unchanged) != report->rows - report->rejected) {
    tx.reset();
    report->counts = {};
    SUNLIT_RETURN_IF_ERROR(reader.Rewind());
    SUNLIT_RETURN_IF_ERROR(run_pass(/*validate=*/false, rejected, &tx, &write_failed));
  }
  if (options.progress) options.progress(reader.size(), reader.size());
  CrashPoint("import.before_commit");
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  CrashPoint("import.after_commit");
  report->written = true;
  return Status::Ok();
}

// --- the smaller tables: read into memory, validate, write -----------------------------

template <typename T>
struct Parsed {
  std::vector<T> rows;
  std::map<std::string, int64_t, std::less<>> keys;  // key -> first row
};

// Registers `key` for `row`; reports a duplicate.
bool UniqueKey(std::map<std::string, int64_t, std::less<>>& keys, std::string key, int64_t row,
               const HeaderMap& map, int field, ProblemSink& sink) {
  auto [it, inserted] = keys.emplace(key, row);
  if (inserted) return true;
  sink.Add(row, &map, field, key, "duplicate: also in row " + std::to_string(it->second));
  return false;
}

enum InspectorCol : size_t {
  kICode, kIName, kIDept, kIUnit, kIRegion, kICert, kIExpiry, kIQual, kIExpert, kILeader,
  kIStatus
};

void ParseInspector(const io::Record& rec, const HeaderMap& map, const ReferenceData& ref,
                    core::Inspector* p, ProblemSink& sink) {
  const int64_t row = rec.row;
  p->code = std::string(Field(rec, map, kICode));
  if (p->code.empty()) sink.Add(row, &map, map.Find(kICode), "", "code is empty");
  CheckLength(p->code, 64, row, map, kICode, sink);
  p->name = std::string(Field(rec, map, kIName));
  if (p->name.empty()) sink.Add(row, &map, map.Find(kIName), "", "name is empty");
  CheckLength(p->name, 64, row, map, kIName, sink);
  p->department_code = std::string(Field(rec, map, kIDept));
  if (ref.departments.find(p->department_code) == ref.departments.end()) {
    sink.Add(row, &map, map.Find(kIDept), p->department_code,
             "unknown department (import units and departments first)");
  }
  p->unit_code = std::string(Field(rec, map, kIUnit));
  const core::Unit* unit = nullptr;
  if (!p->unit_code.empty()) {
    auto it = ref.units.find(p->unit_code);
    if (it == ref.units.end()) {
      sink.Add(row, &map, map.Find(kIUnit), p->unit_code, "unknown unit");
    } else if (it->second.department_code != p->department_code) {
      sink.Add(row, &map, map.Find(kIUnit), p->unit_code,
               "unit belongs to department " + it->second.department_code);
    } else {
      unit = &it->second;
    }
  }
  const std::string_view region = Field(rec, map, kIRegion);
  p->region = unit != nullptr ? unit->region : 0;
  if (!region.empty()) {
    if (!ParseRegionCode(region, &p->region) || ref.regions.Find(p->region) == nullptr) {
      sink.Add(row, &map, map.Find(kIRegion), region, "unknown region code");
    }
  } else if (unit == nullptr) {
    sink.Add(row, &map, map.Find(kIRegion), region, "region is required when no unit is given");
  }
  p->certificate_no = std::string(Field(rec, map, kICert));
  if (p->certificate_no.empty()) {
    sink.Add(row, &map, map.Find(kICert), "", "law-enforcement certificate number is empty");
  }
  CheckLength(p->certificate_no, 64, row, map, kICert, sink);
  const std::string_view expiry = Field(rec, map, kIExpiry);
  Result<core::Date> d = core::Date::Parse(expiry);
  if (!d.ok()) {
    sink.Add(row, &map, map.Find(kIExpiry), expiry, d.status().message());
    p->certificate_expiry.reset();
  } else {
    p->certificate_expiry = *d;
  }
  p->qualifications = SplitList(Field(rec, map, kIQual));
  for (size_t spec : {kIExpert, kILeader}) {
    const std::string_view v = Field(rec, map, spec);
    bool b = false;
    if (!ParseBool(v, &b)) sink.Add(row, &map, map.Find(spec), v, "expected 是/否 or yes/no");
    (spec == kIExpert ? p->expert : p->leader) = b;
  }
  const std::string_view status = Field(rec, map, kIStatus);
  p->status = core::InspectorStatus::kActive;
  if (!status.empty() && !core::ParseInspectorStatus(status, &p->status)) {
    sink.Add(row, &map, map.Find(kIStatus), status,
             "unknown status (active/在岗, suspended/暂停执法, left/调离)");
  }
}

enum ItemCol : size_t {
  kTDept, kTCode, kTName, kTBasis, kTTypes, kTInd, kTTags, kTMethod, kTQual, kTExempt, kTValid
};

void ParseItem(const io::Record& rec, const HeaderMap& map, const ReferenceData& ref,
               core::InspectionItem* t, ProblemSink& sink) {
  const int64_t row = rec.row;
  t->department_code = std::string(Field(rec, map, kTDept));
  if (ref.departments.find(t->department_code) == ref.departments.end()) {
    sink.Add(row, &map, map.Find(kTDept), t->department_code,
             "unknown department (import units and departments first)");
  }
  t->code = std::string(Field(rec, map, kTCode));
  if (t->code.empty()) sink.Add(row, &map, map.Find(kTCode), "", "item code is empty");
  CheckLength(t->code, 64, row, map, kTCode, sink);
  t->name = std::string(Field(rec, map, kTName));
  if (t->name.empty()) sink.Add(row, &map, map.Find(kTName), "", "item name is empty");
  CheckLength(t->name, 200, row, map, kTName, sink);
  t->legal_basis = std::string(Field(rec, map, kTBasis));
  if (t->legal_basis.empty()) {
    sink.Add(row, &map, map.Find(kTBasis), "", "legal basis (抽查依据) is empty");
  }
  CheckLength(t->legal_basis, 2000, row, map, kTBasis, sink);
  t->object_types.clear();
  for (const std::string& s : SplitList(Field(rec, map, kTTypes))) {
    core::EntityType type;
    if (!core::ParseEntityType(s, &type)) {
      sink.Add(row, &map, map.Find(kTTypes), s, "unknown entity type");
    } else if (std::find(t->object_types.begin(), t->object_types.end(), type) ==
               t->object_types.end()) {
      t->object_types.push_back(type);
    }
  }
  std::sort(t->object_types.begin(), t->object_types.end());
  t->industry_prefixes.clear();
  for (const std::string& s : SplitList(Field(rec, map, kTInd))) {
    Result<std::string> p = ref.industries.CanonicalPrefix(s);
    if (!p.ok()) {
      sink.Add(row, &map, map.Find(kTInd), s, p.status().message());
    } else {
      t->industry_prefixes.push_back(*p);
    }
  }
  std::sort(t->industry_prefixes.begin(), t->industry_prefixes.end());
  t->industry_prefixes.erase(
      std::unique(t->industry_prefixes.begin(), t->industry_prefixes.end()),
      t->industry_prefixes.end());
  t->tags = SplitList(Field(rec, map, kTTags));
  t->method = std::string(Field(rec, map, kTMethod));
  CheckLength(t->method, 200, row, map, kTMethod, sink);
  t->qualification = std::string(Field(rec, map, kTQual));
  CheckLength(t->qualification, 64, row, map, kTQual, sink);
  const std::string_view ex = Field(rec, map, kTExempt);
  t->exemption = core::CapExemption::kNone;
  if (!ex.empty() && !core::ParseCapExemption(ex, &t->exemption)) {
    sink.Add(row, &map, map.Find(kTExempt), ex,
             "unknown exemption category (national_security, public_safety, environment, "
             "life_health, emergency, complaint, or empty)");
  }
  const std::string_view valid = Field(rec, map, kTValid);
  t->valid = true;
  if (valid == "作废" || valid == "void" || valid == "失效") {
    t->valid = false;
  } else if (!valid.empty() && valid != "有效" && valid != "valid" && !ParseBool(valid, &t->valid)) {
    sink.Add(row, &map, map.Find(kTValid), valid, "expected 有效/作废 or valid/void");
  }
}

enum UnitCol : size_t { kUDept, kUDeptName, kUMarket, kUCode, kUName, kURegion };

enum RegionCol : size_t { kRCode, kRName, kRLevel, kRParent };
enum IndustryCol : size_t { kNCode, kNName, kNLevel, kNParent, kNSection };
enum HolidayCol : size_t { kHDate, kHKind, kHName, kHYear, kHNotice };

bool ParseLevel(std::string_view s, int* level) {
  static const std::pair<std::string_view, int> kLevels[] = {
      {"province", 1}, {"prefecture", 2}, {"county", 3}, {"section", 1}, {"division", 2},
      {"group", 3},    {"class", 4},      {"1", 1},      {"2", 2},       {"3", 3},
      {"4", 4},        {"省", 1},         {"地", 2},     {"市", 2},      {"县", 3},
      {"门类", 1},     {"大类", 2},       {"中类", 3},   {"小类", 4}};
  for (const auto& [name, v] : kLevels) {
    if (s == name) {
      *level = v;
      return true;
    }
  }
  return false;
}

// Reads every record of a small table, calling `parse(rec, sink)` for each.
template <typename Fn>
Status ForEachRecord(io::TableReader& reader, const ImportOptions& options,
                     ProgressReporter& progress, ImportReport* report, ProblemSink& sink,
                     Fn&& parse) {
  io::Record rec;
  while (true) {
    SUNLIT_ASSIGN_OR_RETURN(bool more, reader.Next(&rec));
    if (!more) break;
    ++report->rows;
    sink.StartRow();
    parse(rec);
    if (options.progress && report->rows % 50000 == 0) {
      options.progress(reader.position(), reader.size());
    }
    if (report->rows % kProgressRows == 0) {
      progress.Report([&](ImportProgress& p) {
        p.rows_validated = report->rows;
        p.bytes_read = reader.position();
        p.bytes_total = reader.size();
      });
    }
  }
  report->rejected = static_cast<int64_t>(sink.rejected_rows().size());
  progress.Report([&](ImportProgress& p) {
    p.rows_validated = report->rows;
    p.rows_total = report->rows;
    p.bytes_read = reader.size();
    p.bytes_total = reader.size();
  });
  return Status::Ok();
}

// The tables imported from the command line only: no progress but the final one.
template <typename Fn>
Status ForEachRecord(io::TableReader& reader, const ImportOptions& options,
                     ImportReport* report, ProblemSink& sink, Fn&& parse) {
  ProgressReporter none;
  return ForEachRecord(reader, options, none, report, sink, std::forward<Fn>(parse));
}

bool ShouldWrite(const ImportReport& report, const ImportOptions& options) {
  if (report.rejected > 0 && !options.skip_invalid) return false;
  return report.rows > report.rejected;
}

void Add(store::UpsertCounts* into, const store::UpsertCounts& c) {
  into->created += c.created;
  into->updated += c.updated;
  into->unchanged += c.unchanged;
}

Status ImportInspectors(store::Store& store, io::TableReader& reader, const std::string& path,
                        const ImportOptions& options, ProgressReporter& progress,
                        ImportReport* report) {
  SUNLIT_ASSIGN_OR_RETURN(HeaderMap map, MapHeader(reader.header(), InspectorColumns()));
  ProblemSink sink(report, &options);
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  Parsed<core::Inspector> parsed;
  std::map<std::string, int64_t, std::less<>> certs;
  SUNLIT_RETURN_IF_ERROR(ForEachRecord(reader, options, progress, report, sink, [&](const io::Record& r) {
    core::Inspector p;
    ParseInspector(r, map, ref, &p, sink);
    if (!p.code.empty()) UniqueKey(parsed.keys, p.code, r.row, map, map.Find(kICode), sink);
    if (!p.certificate_no.empty()) {
      UniqueKey(certs, p.certificate_no, r.row, map, map.Find(kICert), sink);
    }
    if (!sink.RowFailed()) parsed.rows.push_back(std::move(p));
  }));
  if (!ShouldWrite(*report, options)) return Status::Ok();
  progress.Report([](ImportProgress& p) { p.phase = ImportPhase::kWriting; });
  SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"inspectors", path, options.actor}));
  SUNLIT_ASSIGN_OR_RETURN(report->counts, tx->UpsertInspectors(parsed.rows, batch));
  progress.Report([&](ImportProgress& p) { p.rows_written = std::ssize(parsed.rows); });
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  report->written = true;
  return Status::Ok();
}

Status ImportItems(store::Store& store, io::TableReader& reader, const std::string& path,
                   const ImportOptions& options, ProgressReporter& progress,
                        ImportReport* report) {
  SUNLIT_ASSIGN_OR_RETURN(HeaderMap map, MapHeader(reader.header(), ItemColumns()));
  ProblemSink sink(report, &options);
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  Parsed<core::InspectionItem> parsed;
  SUNLIT_RETURN_IF_ERROR(ForEachRecord(reader, options, progress, report, sink, [&](const io::Record& r) {
    core::InspectionItem t;
    ParseItem(r, map, ref, &t, sink);
    if (!t.code.empty()) {
      UniqueKey(parsed.keys, t.department_code + "/" + t.code, r.row, map, map.Find(kTCode),
                sink);
    }
    if (!sink.RowFailed()) parsed.rows.push_back(std::move(t));
  }));
  if (!ShouldWrite(*report, options)) return Status::Ok();
  progress.Report([](ImportProgress& p) { p.phase = ImportPhase::kWriting; });
  SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"items", path, options.actor}));
  SUNLIT_ASSIGN_OR_RETURN(report->counts, tx->UpsertItems(parsed.rows, batch));
  progress.Report([&](ImportProgress& p) { p.rows_written = std::ssize(parsed.rows); });
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  report->written = true;
  return Status::Ok();
}

Status ImportUnits(store::Store& store, io::TableReader& reader, const std::string& path,
                   const ImportOptions& options, ImportReport* report) {
  SUNLIT_ASSIGN_OR_RETURN(HeaderMap map, MapHeader(reader.header(), UnitColumns()));
  ProblemSink sink(report, &options);
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  Parsed<core::Unit> parsed;
  std::map<std::string, core::Department, std::less<>> departments;
  SUNLIT_RETURN_IF_ERROR(ForEachRecord(reader, options, report, sink, [&](const io::Record& r) {
    core::Unit u;
    u.department_code = std::string(Field(r, map, kUDept));
    const std::string dept_name(Field(r, map, kUDeptName));
    bool market = false;
    const std::string_view market_field = Field(r, map, kUMarket);
    if (!ParseBool(market_field, &market)) {
      sink.Add(r.row, &map, map.Find(kUMarket), market_field, "expected 是/否 or yes/no");
    }
    if (u.department_code.empty()) {
      sink.Add(r.row, &map, map.Find(kUDept), "", "department code is empty");
    } else if (!dept_name.empty()) {
      core::Department d{u.department_code, dept_name, market};
      auto [it, inserted] = departments.emplace(u.department_code, d);
      if (!inserted && (it->second.name != d.name ||
                        it->second.market_supervision != d.market_supervision)) {
        sink.Add(r.row, &map, map.Find(kUDeptName), dept_name,
                 "department " + u.department_code + " is described differently in an "
                 "earlier row");
      }
    } else if (ref.departments.find(u.department_code) == ref.departments.end() &&
               departments.find(u.department_code) == departments.end()) {
      sink.Add(r.row, &map, map.Find(kUDept), u.department_code,
               "unknown department: give its name in department_name (部门名称)");
    }
    u.code = std::string(Field(r, map, kUCode));
    u.name = std::string(Field(r, map, kUName));
    if (u.code.empty()) sink.Add(r.row, &map, map.Find(kUCode), "", "unit code is empty");
    if (u.name.empty()) sink.Add(r.row, &map, map.Find(kUName), "", "unit name is empty");
    CheckLength(u.code, 64, r.row, map, kUCode, sink);
    CheckLength(u.name, 100, r.row, map, kUName, sink);
    const std::string_view region = Field(r, map, kURegion);
    if (!ParseRegionCode(region, &u.region) || ref.regions.Find(u.region) == nullptr) {
      sink.Add(r.row, &map, map.Find(kURegion), region, "unknown region code");
    }
    if (!u.code.empty()) UniqueKey(parsed.keys, u.code, r.row, map, map.Find(kUCode), sink);
    if (!sink.RowFailed()) parsed.rows.push_back(std::move(u));
  }));
  if (!ShouldWrite(*report, options)) return Status::Ok();
  SUNLIT_ASSIGN_OR_RETURN(int64_t batch, tx->BeginBatch({"units", path, options.actor}));
  (void)batch;  // units keep no per-field history; the batch records that the import ran
  std::vector<core::Department> depts;
  for (auto& [code, d] : departments) depts.push_back(d);
  SUNLIT_ASSIGN_OR_RETURN(auto dc, tx->UpsertDepartments(depts));
  SUNLIT_ASSIGN_OR_RETURN(report->counts, tx->UpsertUnits(parsed.rows));
  Add(&report->counts, dc);
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  report->written = true;
  return Status::Ok();
}

Status ImportRegions(store::Store& store, io::TableReader& reader, const ImportOptions& options,
                     ImportReport* report) {
  SUNLIT_ASSIGN_OR_RETURN(HeaderMap map, MapHeader(reader.header(), RegionColumns()));
  ProblemSink sink(report, &options);
  Parsed<core::RegionRow> parsed;
  SUNLIT_RETURN_IF_ERROR(ForEachRecord(reader, options, report, sink, [&](const io::Record& r) {
    core::RegionRow row;
    const std::string_view code = Field(r, map, kRCode);
    if (!ParseRegionCode(code, &row.code) || core::RegionLevelOf(row.code) == 0) {
      sink.Add(r.row, &map, map.Find(kRCode), code, "not a six-digit GB/T 2260 code");
    }
    row.level = core::RegionLevelOf(row.code);
    row.parent = core::RegionParentOf(row.code);
    row.name = std::string(Field(r, map, kRName));
    if (row.name.empty()) sink.Add(r.row, &map, map.Find(kRName), "", "name is empty");
    const std::string_view level = Field(r, map, kRLevel);
    int declared = 0;
    if (!level.empty() && (!ParseLevel(level, &declared) || declared != row.level)) {
      sink.Add(r.row, &map, map.Find(kRLevel), level,
               "level does not match the code (" + std::to_string(row.level) + ")");
    }
    const std::string_view parent = Field(r, map, kRParent);
    int32_t p = 0;
    if (!parent.empty() && (!ParseRegionCode(parent, &p) || p != row.parent)) {
      sink.Add(r.row, &map, map.Find(kRParent), parent,
               "parent does not match the code (expected " + std::to_string(row.parent) + ")");
    }
    UniqueKey(parsed.keys, std::string(code), r.row, map, map.Find(kRCode), sink);
    if (!sink.RowFailed()) parsed.rows.push_back(std::move(row));
  }));
  if (!ShouldWrite(*report, options)) return Status::Ok();
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(auto existing, tx->LoadRegions());
  std::map<int32_t, core::RegionRow> all;
  for (auto& r : existing) all[r.code] = r;
  for (const auto& r : parsed.rows) all[r.code] = r;
  std::vector<core::RegionRow> merged;
  for (auto& [c, r] : all) merged.push_back(r);
  Result<core::RegionTree> tree = core::RegionTree::Build(merged);
  if (!tree.ok()) {
    sink.Add(0, nullptr, -1, "", "the table is inconsistent: " + tree.status().message());
    report->rejected = report->rows;
    return Status::Ok();
  }
  SUNLIT_ASSIGN_OR_RETURN(report->counts, tx->UpsertRegions(parsed.rows));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  report->written = true;
  return Status::Ok();
}

Status ImportIndustries(store::Store& store, io::TableReader& reader,
                        const ImportOptions& options, ImportReport* report) {
  SUNLIT_ASSIGN_OR_RETURN(HeaderMap map, MapHeader(reader.header(), IndustryColumns()));
  ProblemSink sink(report, &options);
  Parsed<core::IndustryRow> parsed;
  std::string current_section;
  SUNLIT_RETURN_IF_ERROR(ForEachRecord(reader, options, report, sink, [&](const io::Record& r) {
    core::IndustryRow row;
    row.code = std::string(Field(r, map, kNCode));
    row.level = core::IndustryLevelOf(row.code);
    if (row.level == 0) {
      sink.Add(r.row, &map, map.Find(kNCode), row.code,
               "not a GB/T 4754 code (a letter A-T, or 2, 3 or 4 digits)");
    }
    row.name = std::string(Field(r, map, kNName));
    if (row.name.empty()) sink.Add(r.row, &map, map.Find(kNName), "", "name is empty");
    const std::string_view section = Field(r, map, kNSection);
    if (row.level == 1) current_section = row.code;
    if (row.level == 2) {
      row.parent = !section.empty() ? std::string(section) : current_section;
    } else if (row.level > 2) {
      row.parent = row.code.substr(0, row.code.size() - 1);
    }
    const std::string_view parent = Field(r, map, kNParent);
    if (!parent.empty() && parent != row.parent) {
      if (row.level == 2 && section.empty()) {
        row.parent = std::string(parent);
      } else {
        sink.Add(r.row, &map, map.Find(kNParent), parent,
                 "parent does not match the code (expected " + row.parent + ")");
      }
    }
    const std::string_view level = Field(r, map, kNLevel);
    int declared = 0;
    if (!level.empty() && (!ParseLevel(level, &declared) || declared != row.level)) {
      sink.Add(r.row, &map, map.Find(kNLevel), level, "level does not match the code");
    }
    UniqueKey(parsed.keys, row.code, r.row, map, map.Find(kNCode), sink);
    if (!sink.RowFailed()) parsed.rows.push_back(std::move(row));
  }));
  if (!ShouldWrite(*report, options)) return Status::Ok();
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(auto existing, tx->LoadIndustries());
  std::map<std::string, core::IndustryRow> all;
  for (auto& r : existing) all[r.code] = r;
  for (const auto& r : parsed.rows) all[r.code] = r;
  std::vector<core::IndustryRow> merged;
  for (auto& [c, r] : all) merged.push_back(r);
  Result<core::IndustryTree> tree = core::IndustryTree::Build(merged);
  if (!tree.ok()) {
    sink.Add(0, nullptr, -1, "", "the table is inconsistent: " + tree.status().message());
    report->rejected = report->rows;
    return Status::Ok();
  }
  SUNLIT_ASSIGN_OR_RETURN(report->counts, tx->UpsertIndustries(parsed.rows));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  report->written = true;
  return Status::Ok();
}

bool ParseDayKind(std::string_view s, core::DayKind* kind) {
  if (s == "holiday_off" || s == "off" || s == "放假" || s == "休" || s == "休息") {
    *kind = core::DayKind::kHolidayOff;
    return true;
  }
  if (s == "adjusted_workday" || s == "work" || s == "调休上班" || s == "上班" || s == "班") {
    *kind = core::DayKind::kAdjustedWorkday;
    return true;
  }
  return false;
}

Status WriteSchedule(store::Store& store, const core::HolidaySchedule& schedule,
                     ImportReport* report) {
  SUNLIT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(auto existing, tx->LoadCalendar());
  for (const auto& y : schedule) {
    bool found = false;
    for (const auto& e : existing) {
      if (e.year != y.year) continue;
      found = true;
      (e == y ? report->counts.unchanged : report->counts.updated) += 1;
    }
    if (!found) ++report->counts.created;
  }
  SUNLIT_RETURN_IF_ERROR(tx->ReplaceCalendarYears(schedule));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  report->written = true;
  return Status::Ok();
}

Status ImportHolidays(store::Store& store, io::TableReader& reader,
                      const ImportOptions& options, ImportReport* report) {
  SUNLIT_ASSIGN_OR_RETURN(HeaderMap map, MapHeader(reader.header(), HolidayColumns()));
  ProblemSink sink(report, &options);
  std::map<int, core::HolidayYear> years;
  std::map<std::string, int64_t, std::less<>> dates;
  SUNLIT_RETURN_IF_ERROR(ForEachRecord(reader, options, report, sink, [&](const io::Record& r) {
    const std::string_view date = Field(r, map, kHDate);
    Result<core::Date> d = core::Date::Parse(date);
    if (!d.ok()) {
      sink.Add(r.row, &map, map.Find(kHDate), date, d.status().message());
      return;
    }
    core::HolidayDay day;
    day.date = *d;
    const std::string_view kind = Field(r, map, kHKind);
    if (!ParseDayKind(kind, &day.kind)) {
      sink.Add(r.row, &map, map.Find(kHKind), kind,
               "kind must be holiday_off (放假) or adjusted_workday (调休上班)");
    }
    if (day.kind == core::DayKind::kAdjustedWorkday && !day.date.IsWeekend()) {
      sink.Add(r.row, &map, map.Find(kHDate), date,
               "an adjusted working day falls on a weekday (it changes nothing)",
               Severity::kWarning);
    }
    day.name = std::string(Field(r, map, kHName));
    const std::string_view year = Field(r, map, kHYear);
    if (!year.empty() && year != std::to_string(d->year())) {
      sink.Add(r.row, &map, map.Find(kHYear), year, "year does not match the date");
    }
    UniqueKey(dates, std::string(date), r.row, map, map.Find(kHDate), sink);
    if (sink.RowFailed()) return;
    core::HolidayYear& y = years[d->year()];
    y.year = d->year();
    const std::string_view notice = Field(r, map, kHNotice);
    if (y.notice.empty()) y.notice = std::string(notice);
    y.days.push_back(std::move(day));
  }));
  if (!ShouldWrite(*report, options)) return Status::Ok();
  core::HolidaySchedule schedule;
  for (auto& [year, y] : years) {
    std::sort(y.days.begin(), y.days.end(),
              [](const core::HolidayDay& a, const core::HolidayDay& b) { return a.date < b.date; });
    schedule.push_back(std::move(y));
  }
  return WriteSchedule(store, schedule, report);
}

// The product's own schedule format (data/calendar/*.txt) is accepted too.
bool LooksLikeScheduleText(const std::string& path, std::string* text) {
  if (path.size() < 4 || path.substr(path.size() - 4) != ".txt") return false;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char buf[65536];
  const size_t n = std::fread(buf, 1, sizeof buf, f);
  const bool whole = std::feof(f) != 0;
  std::fclose(f);
  if (!whole) return false;
  text->assign(buf, n);
  return true;
}

}  // namespace

bool ParseImportKind(std::string_view s, ImportKind* out) {
  static const std::pair<std::string_view, ImportKind> kKinds[] = {
      {"entities", ImportKind::kEntities},   {"inspectors", ImportKind::kInspectors},
      {"items", ImportKind::kItems},         {"units", ImportKind::kUnits},
      {"regions", ImportKind::kRegions},     {"industries", ImportKind::kIndustries},
      {"holidays", ImportKind::kHolidays}};
  for (const auto& [name, kind] : kKinds) {
    if (s == name) {
      *out = kind;
      return true;
    }
  }
  return false;
}

std::string_view ImportKindName(ImportKind kind) {
  switch (kind) {
    case ImportKind::kEntities: return "entities";
    case ImportKind::kInspectors: return "inspectors";
    case ImportKind::kItems: return "items";
    case ImportKind::kUnits: return "units";
    case ImportKind::kRegions: return "regions";
    case ImportKind::kIndustries: return "industries";
    case ImportKind::kHolidays: return "holidays";
  }
  return "";
}

std::string_view ImportPhaseName(ImportPhase phase) {
  switch (phase) {
    case ImportPhase::kValidating: return "validating";
    case ImportPhase::kWriting: return "writing";
    case ImportPhase::kIndexing: return "indexing";
    case ImportPhase::kDone: return "done";
  }
  return "";
}

namespace {

Result<ImportReport> ImportWith(store::Store& store, ImportKind kind, const std::string& path,
                                const ImportOptions& options, ProgressReporter& progress) {
  ImportReport report;
  SUNLIT_RETURN_IF_ERROR(EnsureReferenceData(store));
  if (kind == ImportKind::kHolidays) {
    std::string text;
    if (LooksLikeScheduleText(path, &text)) {
      Result<core::HolidayYear> year = core::ParseScheduleText(text);
      if (!year.ok()) return year.status();
      SUNLIT_RETURN_IF_ERROR(WriteSchedule(store, {*year}, &report));
      report.rows = static_cast<int64_t>(year->days.size());
      return report;
    }
  }
  SUNLIT_ASSIGN_OR_RETURN(auto reader, io::OpenTable(path, options.read));
  progress.Report([&](ImportProgress& p) {
    p.bytes_read = reader->position();
    p.bytes_total = reader->size();
  });
  switch (kind) {
    case ImportKind::kEntities:
      SUNLIT_RETURN_IF_ERROR(ImportEntities(store, *reader, path, options, progress, &report));
      break;
    case ImportKind::kInspectors:
      SUNLIT_RETURN_IF_ERROR(ImportInspectors(store, *reader, path, options, progress, &report));
      break;
    case ImportKind::kItems:
      SUNLIT_RETURN_IF_ERROR(ImportItems(store, *reader, path, options, progress, &report));
      break;
    case ImportKind::kUnits:
      SUNLIT_RETURN_IF_ERROR(ImportUnits(store, *reader, path, options, &report));
      break;
    case ImportKind::kRegions:
      SUNLIT_RETURN_IF_ERROR(ImportRegions(store, *reader, options, &report));
      break;
    case ImportKind::kIndustries:
      SUNLIT_RETURN_IF_ERROR(ImportIndustries(store, *reader, options, &report));
      break;
    case ImportKind::kHolidays:
      SUNLIT_RETURN_IF_ERROR(ImportHolidays(store, *reader, options, &report));
      break;
  }
  return report;
}

}  // namespace

Result<ImportReport> Import(store::Store& store, ImportKind kind, const std::string& path,
                            const ImportOptions& options) {
  ProgressReporter progress(options);
  Result<ImportReport> report = ImportWith(store, kind, path, options, progress);
  if (report.ok()) {
    // A unit import also counts the departments it names: at most one per row is reported.
    const int64_t written =
        report->written ? std::min(report->rows, report->counts.created +
                                                     report->counts.updated +
                                                     report->counts.unchanged)
                        : 0;
    progress.Report([&](ImportProgress& p) {
      p.phase = ImportPhase::kDone;
      p.rows_validated = report->rows;
      p.rows_total = report->rows;
      p.rows_written = written;
      p.bytes_read = p.bytes_total;
    });
  }
  return report;
}

}  // namespace sunlit::app
