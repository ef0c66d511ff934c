// XLSX reader: finds the first worksheet through the workbook's relationships, loads shared
// strings and date styles, then streams the sheet XML (libzip + expat) row by row.
#include "io/xlsx_reader.h"

#include <expat.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "io/file_status.h"
#include "io/text_util.h"

namespace sunlit::io::internal {
namespace {

constexpr size_t kChunk = size_t{64} << 10;
constexpr uint32_t kMaxColumns = 16384;  // Excel's limit (XFD)
// Far beyond real workbooks; bounds the index of a file made of millions of "<si/>".
constexpr size_t kMaxSharedStrings = size_t{16} << 20;

Status NotXlsx(const std::string& why, std::string detail = {}) {
  return InvalidArgument("not a valid XLSX file: " + why, std::move(detail));
}

std::string ZipErrorString(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string s = zip_error_strerror(&error);
  zip_error_fini(&error);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string RowCol(int64_t row, uint32_t col) {
  return "row " + std::to_string(row) + ", column " + std::to_string(col);
}

// Elements and attributes are matched on their local name: "x:c" and "c" are the same cell
// whatever prefix the writer chose (the parser does not resolve namespaces: that would cost a
// 50-byte URI per name, and nothing here depends on them).
std::string_view LocalName(const XML_Char* name) {
  std::string_view s(name);
  const size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

const char* FindAttr(const XML_Char** attrs, std::string_view local) {
  for (size_t i = 0; attrs[i] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

// Parses a non-negative decimal integer of at most `max_digits` digits; -1 otherwise.
int64_t ParseIndex(std::string_view s, size_t max_digits = 10) {
  s = TrimCell(s);
  if (s.empty() || s.size() > max_digits) return -1;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "C12" -> column 3 (1-based) and row 12; returns false unless the reference is well formed.
bool ParseCellRef(std::string_view ref, uint32_t* col, int64_t* row) {
  size_t i = 0;
  uint32_t c = 0;
  while (i < ref.size() && i < 4 && std::isalpha(static_cast<unsigned char>(ref[i]))) {
    c = c * 26 + static_cast<uint32_t>(std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    ++i;
  }
  if (i == 0 || c > kMaxColumns) return false;
  *col = c;
  const int64_t r = ParseIndex(ref.substr(i));
  if (r <= 0) return false;
  *row = r;
  return true;
}

// Decodes Excel's escapes for characters XML cannot hold ("_x000D_" = CR, "_x005F_" = '_')
// in `s` from offset `from` on.
void DecodeExcelEscapes(std::string* s, size_t from) {
  size_t at = s->find("_x", from);
  if (at == std::string::npos) return;
  std::string out(*s, 0, at);
  const std::string& in = *s;
  while (at < in.size()) {
    if (in[at] == '_' && at + 6 < in.size() && in[at + 1] == 'x' && in[at + 6] == '_') {
      char32_t cp = 0;
      bool hex = true;
      for (size_t k = at + 2; k < at + 6; ++k) {
        const char c = in[k];
        int d = -1;
        if (c >= '0' && c <= '9') d = c - '0';
        if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        if (d < 0) {
          hex = false;
          break;
        }
        cp = cp * 16 + static_cast<char32_t>(d);
      }
      if (hex && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
        AppendUtf8(cp, &out);
        at += 7;
        continue;
      }
    }
    out.push_back(in[at++]);
  }
  *s = std::move(out);
}

// Resolves a relationship target against the folder of the part that refers to it.
std::string ResolveTarget(std::string_view folder, std::string_view target) {
  std::string joined;
  if (!target.empty() && target.front() == '/') {
    joined = std::string(target.substr(1));
  } else {
    joined = std::string(folder) + std::string(target);
  }
  for (char& c : joined) {
    if (c == '\\') c = '/';
  }
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string path;
  for (std::string_view part : parts) {
    if (!path.empty()) path += '/';
    path += part;
  }
  return path;
}

// Receives the events of one XML part. A handler that finds a problem calls Fail().
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(const char* s, size_t n) {
    (void)s;
    (void)n;
  }

  void Fail(Status s) {
    if (error_.ok()) error_ = std::move(s);
    XML_StopParser(parser_, XML_FALSE);
  }
  const Status& error() const { return error_; }
  void Attach(XML_Parser parser) {
    parser_ = parser;
    error_ = Status::Ok();
  }

 private:
  XML_Parser parser_ = nullptr;
  Status error_;
};

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  static_cast<XmlHandler*>(data)->Start(LocalName(name), attrs);
}
void XMLCALL OnEnd(void* data, const XML_Char* name) {
  static_cast<XmlHandler*>(data)->End(LocalName(name));
}
void XMLCALL OnText(void* data, const XML_Char* s, int len) {
  if (len > 0) static_cast<XmlHandler*>(data)->Text(s, static_cast<size_t>(len));
}
void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  // Spreadsheet parts never declare a DTD; refusing one rules out entity expansion attacks.
  static_cast<XmlHandler*>(data)->Fail(NotXlsx("unexpected DOCTYPE in a workbook part"));
}

// An expat parser wired to a handler.
class XmlParser {
 public:
  XmlParser() = default;
  ~XmlParser() { Free(); }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  bool Create(XmlHandler* handler) {
    Free();
    parser_ = XML_ParserCreate(nullptr);
    if (parser_ == nullptr) return false;
    XML_SetUserData(parser_, handler);
    XML_SetElementHandler(parser_, OnStart, OnEnd);
    XML_SetCharacterDataHandler(parser_, OnText);
    XML_SetStartDoctypeDeclHandler(parser_, OnDoctype);
    handler->Attach(parser_);
    handler_ = handler;
    return true;
  }
  XML_Parser get() const { return parser_; }
  XmlHandler* handler() const { return handler_; }

 private:
  void Free() {
    if (parser_ != nullptr) XML_ParserFree(parser_);
    parser_ = nullptr;
  }
  XML_Parser parser_ = nullptr;
  XmlHandler* handler_ = nullptr;
};

// One zip entry, inflated a chunk at a time into an XML parser, with a size cap.
class ZipEntry {
 public:
  ZipEntry() = default;
  ~ZipEntry() { Close(); }
  ZipEntry(const ZipEntry&) = delete;
  ZipEntry& operator=(const ZipEntry&) = delete;

  // Opens entry `name` of `zip`; `*found` is false (and the status OK) when there is none.
  Status Open(zip_t* zip, const std::string& name, uint64_t limit, bool* found) {
    Close();
    *found = false;
    name_ = name;
    limit_ = limit;
    read_ = 0;
    finished_ = false;
    zip_int64_t index = zip_name_locate(zip, name.c_str(), 0);
    if (index < 0) index = zip_name_locate(zip, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return Status::Ok();
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &st) == 0 &&
        (st.valid & ZIP_STAT_SIZE) != 0 && st.size > limit) {
      return TooBig();
    }
    file_ = zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0);
    if (file_ == nullptr) {
      return NotXlsx("cannot read " + name + ": " +
                     ZipErrorString(zip_error_code_zip(zip_get_error(zip))));
    }
    if (chunk_ == nullptr) chunk_ = std::make_unique_for_overwrite<char[]>(kChunk);
    *found = true;
    return Status::Ok();
  }

  // Feeds the next chunk to `parser`. Sets `*done` once the whole entry has been parsed.
  Status Feed(XmlParser* parser, bool* done) {
    *done = finished_ || file_ == nullptr;
    if (*done) return Status::Ok();
    const zip_int64_t n = zip_fread(file_, chunk_.get(), kChunk);
    if (n < 0) return NotXlsx("cannot read " + name_ + ": " + zip_file_strerror(file_));
    read_ += static_cast<uint64_t>(n);
    if (read_ > limit_) return TooBig();
    const bool last = n == 0;
    if (XML_Parse(parser->get(), chunk_.get(), static_cast<int>(n), last ? XML_TRUE : XML_FALSE) !=
        XML_STATUS_OK) {
      if (!parser->handler()->error().ok()) return parser->handler()->error();
      return NotXlsx(name_ + ", line " + std::to_string(XML_GetCurrentLineNumber(parser->get())) +
                     ": " + XML_ErrorString(XML_GetErrorCode(parser->get())));
    }
    if (!parser->handler()->error().ok()) return parser->handler()->error();
    finished_ = last;
    *done = last;
    return Status::Ok();
  }

  // Parses the whole entry.
  Status ParseAll(XmlParser* parser) {
    for (bool done = false; !done;) SUNLIT_RETURN_IF_ERROR(Feed(parser, &done));
    return Status::Ok();
  }

  void Close() {
    if (file_ != nullptr) zip_fclose(file_);
    file_ = nullptr;
  }

 private:
  Status TooBig() const {
    return InvalidArgument("the XLSX file is too large: " + name_ + " inflates to more than " +
                           std::to_string(limit_ >> 20) + " MB (is it a zip bomb?)");
  }

  zip_file_t* file_ = nullptr;
  std::string name_;
  uint64_t limit_ = 0;
  uint64_t read_ = 0;
  bool finished_ = false;
  std::unique_ptr<char[]> chunk_;
};

// xl/_rels/workbook.xml.rels
struct Relationship {
  std::string id;
  std::string type;
  std::string target;
};

class RelsHandler final : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship") return;
    const char* id = FindAttr(attrs, "Id");
    const char* type = FindAttr(attrs, "Type");
    const char* target = FindAttr(attrs, "Target");
    const char* mode = FindAttr(attrs, "TargetMode");
    if (id == nullptr || target == nullptr) return;
    if (mode != nullptr && std::string_view(mode) == "External") return;
    rels.push_back({id, type != nullptr ? type : "", target});
  }
  void End(std::string_view) override {}

  // The target of the first relationship of the given type (matched on its last segment).
  const Relationship* FindByType(std::string_view kind) const {
    for (const Relationship& r : rels) {
      if (r.type.ends_with("/" + std::string(kind))) return &r;
    }
    return nullptr;
  }
  const Relationship* FindById(std::string_view id) const {
    for (const Relationship& r : rels) {
      if (r.id == id) return &r;
    }
    return nullptr;
  }

  std::vector<Relationship> rels;
};

// xl/workbook.xml
class WorkbookHandler final : public XmlHandler {
 public:
  struct Sheet {
    std::string rel_id;
    bool hidden = false;
  };

  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "workbookPr") {
      const char* v = FindAttr(attrs, "date1904");
      if (v != nullptr) date1904 = std::string_view(v) == "1" || std::string_view(v) == "true";
    } else if (name == "sheet") {
      const char* id = FindAttr(attrs, "id");
      const char* state = FindAttr(attrs, "state");
      if (id == nullptr) return;
      sheets.push_back({id, state != nullptr && std::string_view(state) != "visible"});
    }
  }
  void End(std::string_view) override {}

  std::vector<Sheet> sheets;
  bool date1904 = false;
};

// xl/styles.xml: which cell formats (the s="" index of a cell) show dates.
class StylesHandler final : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "numFmt") {
      const char* id = FindAttr(attrs, "numFmtId");
      const char* code = FindAttr(attrs, "formatCode");
      if (id != nullptr && code != nullptr) {
        custom_[ParseIndex(id)] = IsDateFormatCode(code);
      }
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const char* id = FindAttr(attrs, "numFmtId");
      xf_formats_.push_back(id != nullptr ? ParseIndex(id) : 0);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

  std::vector<bool> DateStyles() const {
    std::vector<bool> dates(xf_formats_.size());
    for (size_t i = 0; i < xf_formats_.size(); ++i) {
      const int64_t id = xf_formats_[i];
      const auto custom = custom_.find(id);
      dates[i] = custom != custom_.end()
                     ? custom->second
                     : (id >= 0 && id < 200 && IsDateFormatId(static_cast<int>(id)));
    }
    return dates;
  }

 private:
  bool in_cell_xfs_ = false;
  std::unordered_map<int64_t, bool> custom_;
  std::vector<int64_t> xf_formats_;
};

// xl/sharedStrings.xml, held as one pool of text plus offsets.
class SharedStringsHandler final : public XmlHandler {
 public:
  explicit SharedStringsHandler(size_t max_string) : max_string_(max_string) {
    starts_.push_back(0);
  }

  void Start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      if (count() >= kMaxSharedStrings) {
        Fail(NotXlsx("more than " + std::to_string(kMaxSharedStrings) + " shared strings"));
        return;
      }
      in_si_ = true;
      rph_depth_ = 0;
      si_start_ = pool_.size();
    } else if (name == "rPh") {
      ++rph_depth_;
    } else if (name == "t") {
      in_t_ = in_si_ && rph_depth_ == 0;
    }
  }
  void End(std::string_view name) override {
    if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      if (rph_depth_ > 0) --rph_depth_;
    } else if (name == "si" && in_si_) {
      if (pool_.find("_x", si_start_) != std::string::npos) {
        std::string tail = pool_.substr(si_start_);
        DecodeExcelEscapes(&tail, 0);
        pool_.resize(si_start_);
        pool_ += tail;
      }
      starts_.push_back(pool_.size());
      in_si_ = false;
      in_t_ = false;
    }
  }
  void Text(const char* s, size_t n) override {
    if (!in_t_) return;
    if (pool_.size() - si_start_ + n > max_string_) {
      Fail(NotXlsx("a shared string is longer than " + std::to_string(max_string_) + " bytes"));
      return;
    }
    pool_.append(s, n);
  }

  size_t count() const { return starts_.size() - 1; }
  std::string_view Get(size_t i) const {
    return std::string_view(pool_).substr(starts_[i], starts_[i + 1] - starts_[i]);
  }

 private:
  const size_t max_string_;
  std::string pool_;
  std::vector<size_t> starts_;
  bool in_si_ = false;
  bool in_t_ = false;
  int rph_depth_ = 0;
  size_t si_start_ = 0;
};

// One <row> of the sheet, its non-empty cells as slices of one string.
struct SheetRow {
  struct Cell {
    uint32_t col;  // 1-based
    size_t offset;
    size_t size;
  };
  int64_t number = 0;
  std::string text;
  std::vector<Cell> cells;
  std::string error;  // the first problem found in the row, if any

  std::string_view Value(const Cell& c) const {
    return std::string_view(text).substr(c.offset, c.size);
  }
  bool IsBlank() const {
    for (const Cell& c : cells) {
      if (!TrimCell(Value(c)).empty()) return false;
    }
    return error.empty();
  }
};

// The worksheet: turns the event stream into SheetRows, rows_[0, ready_).
class SheetHandler final : public XmlHandler {
 public:
  // t="s", t="n" (or none), t="b"; every other type (inlineStr, str, e, d) is text.
  enum class CellType { kShared, kNumber, kBool, kText };

  SheetHandler(const SharedStringsHandler* strings, std::vector<bool> date_styles, bool date1904,
               size_t max_row_bytes)
      : strings_(strings),
        date_styles_(std::move(date_styles)),
        date1904_(date1904),
        max_row_bytes_(max_row_bytes) {}

  void Reset() {
    ready_ = 0;
    finished_ = false;
    in_data_ = in_row_ = in_cell_ = in_v_ = in_is_ = in_t_ = false;
    rph_depth_ = 0;
    prev_row_ = 0;
  }

  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "c") {
      if (!in_row_) return;
      in_cell_ = true;
      cell_.clear();
      cell_too_long_ = false;
      const char* ref = FindAttr(attrs, "r");
      uint32_t col = 0;
      int64_t row = 0;
      col_ = ref != nullptr && ParseCellRef(ref, &col, &row) ? col : prev_col_ + 1;
      // Cells come in ascending column order (ECMA-376 Part 1, 18.3.1.4); one that goes back
      // would silently replace a value already read.
      if (col_ <= prev_col_) {
        SetError(&rows_[ready_],
                 RowCol(rows_[ready_].number, col_) + ": cells out of order (the file is damaged)");
      }
      const std::string_view type = FindAttr(attrs, "t") != nullptr ? FindAttr(attrs, "t") : "n";
      type_ = type == "s"   ? CellType::kShared
              : type == "n" ? CellType::kNumber
              : type == "b" ? CellType::kBool
                            : CellType::kText;
      const char* style = FindAttr(attrs, "s");
      style_ = style != nullptr ? ParseIndex(style) : 0;
    } else if (name == "v") {
      in_v_ = in_cell_;
    } else if (name == "is") {
      in_is_ = in_cell_;
    } else if (name == "rPh") {
      ++rph_depth_;
    } else if (name == "t") {
      in_t_ = in_is_ && rph_depth_ == 0;
    } else if (name == "row") {
      if (!in_data_) return;
      const char* r = FindAttr(attrs, "r");
      const int64_t number = r != nullptr ? ParseIndex(r) : -1;
      // Rows come in ascending order (ECMA-376 Part 1, 18.3.1.73). A number that goes back
      // is damage: the row is reported as an error under the next number, so that row
      // numbers stay ascending (found by fuzz/xlsx_fuzz.cc).
      const bool backwards = number > 0 && number <= prev_row_;
      prev_row_ = number > prev_row_ ? number : prev_row_ + 1;
      if (ready_ == rows_.size()) rows_.emplace_back();
      SheetRow& row = rows_[ready_];
      row.number = prev_row_;
      row.text.clear();
      row.cells.clear();
      row.error.clear();
      if (backwards) {
        SetError(&row, "row " + std::to_string(prev_row_) + ": the sheet says row " +
                           std::to_string(number) + " after row " + std::to_string(prev_row_ - 1) +
                           " (the file is damaged)");
      }
      prev_col_ = 0;
      in_row_ = true;
    } else if (name == "sheetData") {
      in_data_ = true;
    } else if (name == "dimension") {
      const char* ref = FindAttr(attrs, "ref");
      if (ref == nullptr) return;
      std::string_view last(ref);
      if (const size_t colon = last.find(':'); colon != std::string_view::npos) {
        last = last.substr(colon + 1);
      }
      uint32_t col = 0;
      int64_t row = 0;
      if (ParseCellRef(last, &col, &row)) dimension_rows_ = row;
    }
  }

  void End(std::string_view name) override {
    if (name == "v") {
      in_v_ = false;
    } else if (name == "t") {
      in_t_ = false;
    } else if (name == "is") {
      in_is_ = false;
    } else if (name == "rPh") {
      if (rph_depth_ > 0) --rph_depth_;
    } else if (name == "c") {
      if (!in_cell_) return;
      FinishCell();
      in_cell_ = in_v_ = in_is_ = in_t_ = false;
      prev_col_ = col_;
    } else if (name == "row") {
      if (!in_row_) return;
      in_row_ = false;
      const SheetRow& row = rows_[ready_];
      if (!row.cells.empty() || !row.error.empty()) ++ready_;
    } else if (name == "sheetData") {
      in_data_ = false;
      finished_ = true;
    }
  }

  void Text(const char* s, size_t n) override {
    if (!in_v_ && !in_t_) return;
    if (rows_[ready_].text.size() + cell_.size() + n > max_row_bytes_) {
      cell_too_long_ = true;
      return;
    }
    cell_.append(s, n);
  }

  std::vector<SheetRow>& rows() { return rows_; }
  size_t ready() const { return ready_; }
  // Recycles the handed-out slots. A row still being parsed (cut by a chunk boundary) lives
  // in slot ready_; it moves to slot 0 so its remaining cells join its first ones.
  void ClearReady() {
    if (in_row_ && ready_ > 0) std::swap(rows_[0], rows_[ready_]);
    ready_ = 0;
  }
  bool finished() const { return finished_; }
  int64_t dimension_rows() const { return dimension_rows_; }

 private:
  void SetError(SheetRow* row, std::string message) {
    if (row->error.empty()) row->error = std::move(message);
  }

  void FinishCell() {
    SheetRow& row = rows_[ready_];
    if (cell_too_long_) {
      SetError(&row, "row " + std::to_string(row.number) + ": record longer than " +
                         std::to_string(max_row_bytes_) + " bytes");
      return;
    }
    if (col_ > kMaxColumns) {
      SetError(&row, RowCol(row.number, col_) + ": beyond Excel's last column");
      return;
    }
    const size_t offset = row.text.size();
    if (type_ == CellType::kShared) {
      const int64_t index = ParseIndex(cell_);
      if (index < 0 || static_cast<uint64_t>(index) >= strings_->count()) {
        SetError(&row, RowCol(row.number, col_) +
                           ": the cell refers to a shared string that does not exist (the file "
                           "is damaged)");
        return;
      }
      row.text += strings_->Get(static_cast<size_t>(index));
    } else if (type_ == CellType::kBool) {
      const std::string_view v = TrimCell(cell_);
      if (v == "1") {
        row.text += "TRUE";
      } else if (v == "0") {
        row.text += "FALSE";
      } else {
        row.text += v;
      }
    } else if (type_ == CellType::kNumber) {
      const bool is_date = style_ >= 0 && static_cast<uint64_t>(style_) < date_styles_.size() &&
                           date_styles_[static_cast<size_t>(style_)];
      const std::string_view v = TrimCell(cell_);
      if (!(is_date && ExcelSerialToDate(v, date1904_, &row.text))) row.text += PlainNumber(v);
    } else {  // inlineStr, str (formula result), e (error such as #N/A), d (ISO date)
      DecodeExcelEscapes(&cell_, 0);
      row.text += cell_;
    }
    if (row.text.size() > max_row_bytes_) {
      row.text.resize(offset);
      SetError(&row, "row " + std::to_string(row.number) + ": record longer than " +
                         std::to_string(max_row_bytes_) + " bytes");
      return;
    }
    if (row.text.size() > offset) row.cells.push_back({col_, offset, row.text.size() - offset});
  }

  const SharedStringsHandler* const strings_;
  const std::vector<bool> date_styles_;
  const bool date1904_;
  const size_t max_row_bytes_;

  std::vector<SheetRow> rows_;
  size_t ready_ = 0;
  bool finished_ = false;
  int64_t dimension_rows_ = 0;

  bool in_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_v_ = false;
  bool in_is_ = false;
  bool in_t_ = false;
  int rph_depth_ = 0;
  int64_t prev_row_ = 0;
  uint32_t prev_col_ = 0;
  uint32_t col_ = 0;
  CellType type_ = CellType::kNumber;
  int64_t style_ = 0;
  std::string cell_;
  bool cell_too_long_ = false;
};

class XlsxReader final : public TableReader {
 public:
  XlsxReader(const ReadOptions& options, uint64_t max_uncompressed)
      : max_record_(options.max_record_bytes > 0 ? options.max_record_bytes
                                                 : ReadOptions{}.max_record_bytes),
        max_uncompressed_(max_uncompressed) {}

  ~XlsxReader() override {
    entry_.Close();
    if (zip_ != nullptr) zip_discard(zip_);
  }
  XlsxReader(const XlsxReader&) = delete;
  XlsxReader& operator=(const XlsxReader&) = delete;

  Status Open(const std::string& path);

  const std::vector<std::string>& header() const override { return header_; }
  Encoding encoding() const override { return Encoding::kUtf8; }
  Result<bool> Next(Record* out) override;
  Status Rewind() override;
  int64_t position() const override { return position_; }
  int64_t size() const override {
    const int64_t rows = sheet_ != nullptr ? sheet_->dimension_rows() : 0;
    return rows > position_ ? rows : position_;
  }

 private:
  // Opens the sheet entry and positions the stream on its first row.
  Status StartSheet();
  // Returns the next non-blank row of the sheet, or nullptr at its end.
  Result<const SheetRow*> NextRow();
  Status ReadHeader();
  Status Sticky(Status s) {
    sticky_ = s;
    return s;
  }

  const size_t max_record_;
  const uint64_t max_uncompressed_;

  zip_t* zip_ = nullptr;
  std::string sheet_path_;
  std::unique_ptr<SharedStringsHandler> strings_;
  std::unique_ptr<SheetHandler> sheet_;
  XmlParser parser_;
  ZipEntry entry_;
  bool entry_done_ = false;
  size_t head_ = 0;  // next row to hand out among sheet_->rows()[0, ready())

  std::vector<std::string> header_;
  int64_t header_row_ = 0;
  int64_t position_ = 0;
  Status sticky_;
};

Status XlsxReader::Open(const std::string& path) {
  // libzip reports "can't open file" without errno: try first, for a useful message.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return FileError("cannot open the file", path, errno);
  struct stat st;
  const bool directory = ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
  ::close(fd);
  if (directory) return InvalidArgument("this is a directory, not a file", path);
  int error = 0;
  zip_ = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (zip_ == nullptr) return NotXlsx(ZipErrorString(error), path);

  // Which part is the first worksheet, and where are the shared strings and styles.
  RelsHandler rels;
  WorkbookHandler workbook;
  for (auto [name, handler] :
       {std::pair<const char*, XmlHandler*>{"xl/_rels/workbook.xml.rels", &rels},
        std::pair<const char*, XmlHandler*>{"xl/workbook.xml", &workbook}}) {
    XmlParser parser;
    if (!parser.Create(handler)) return Internal("out of memory", "XML_ParserCreate");
    ZipEntry entry;
    bool found = false;
    SUNLIT_RETURN_IF_ERROR(entry.Open(zip_, name, max_uncompressed_, &found));
    if (found) SUNLIT_RETURN_IF_ERROR(entry.ParseAll(&parser));
  }
  for (int pass = 0; pass < 2 && sheet_path_.empty(); ++pass) {
    for (const WorkbookHandler::Sheet& sheet : workbook.sheets) {
      if (pass == 0 && sheet.hidden) continue;
      const Relationship* rel = rels.FindById(sheet.rel_id);
      if (rel == nullptr || !rel->type.ends_with("/worksheet")) continue;
      sheet_path_ = ResolveTarget("xl/", rel->target);
      break;
    }
  }
  if (sheet_path_.empty()) sheet_path_ = "xl/worksheets/sheet1.xml";
  const Relationship* strings_rel = rels.FindByType("sharedStrings");
  const std::string strings_path =
      strings_rel != nullptr ? ResolveTarget("xl/", strings_rel->target) : "xl/sharedStrings.xml";
  const Relationship* styles_rel = rels.FindByType("styles");
  const std::string styles_path =
      styles_rel != nullptr ? ResolveTarget("xl/", styles_rel->target) : "xl/styles.xml";

  StylesHandler styles;
  strings_ = std::make_unique<SharedStringsHandler>(max_record_);
  for (auto [name, handler] :
       {std::pair<const std::string*, XmlHandler*>{&styles_path, &styles},
        std::pair<const std::string*, XmlHandler*>{&strings_path, strings_.get()}}) {
    XmlParser parser;
    if (!parser.Create(handler)) return Internal("out of memory", "XML_ParserCreate");
    ZipEntry entry;
    bool found = false;
    SUNLIT_RETURN_IF_ERROR(entry.Open(zip_, *name, max_uncompressed_, &found));
    if (found) SUNLIT_RETURN_IF_ERROR(entry.ParseAll(&parser));
  }

  sheet_ = std::make_unique<SheetHandler>(strings_.get(), styles.DateStyles(), workbook.date1904,
                                          max_record_);
  SUNLIT_RETURN_IF_ERROR(StartSheet());
  return ReadHeader();
}

Status XlsxReader::StartSheet() {
  bool found = false;
  SUNLIT_RETURN_IF_ERROR(entry_.Open(zip_, sheet_path_, max_uncompressed_, &found));
  if (!found) return NotXlsx("no worksheet found");
  if (!parser_.Create(sheet_.get())) return Internal("out of memory", "XML_ParserCreate");
  sheet_->Reset();
  entry_done_ = false;
  head_ = 0;
  position_ = 0;
  sticky_ = Status::Ok();
  return Status::Ok();
}

Result<const SheetRow*> XlsxReader::NextRow() {
  for (;;) {
    while (head_ < sheet_->ready()) {
      const SheetRow* row = &sheet_->rows()[head_++];
      if (!row->IsBlank()) return row;
    }
    if (entry_done_ || sheet_->finished()) return static_cast<const SheetRow*>(nullptr);
    // Everything handed out: the row slots can be reused.
    sheet_->ClearReady();
    head_ = 0;
    SUNLIT_RETURN_IF_ERROR(entry_.Feed(&parser_, &entry_done_));
  }
}

Status XlsxReader::ReadHeader() {
  Result<const SheetRow*> got = NextRow();
  if (!got.ok()) return got.status();
  const SheetRow* row = *got;
  if (row == nullptr) return InvalidArgument("the first worksheet is empty");
  if (!row->error.empty()) return InvalidArgument(row->error);
  uint32_t width = 0;
  for (const SheetRow::Cell& c : row->cells) {
    if (!TrimCell(row->Value(c)).empty() && c.col > width) width = c.col;
  }
  header_.assign(width, std::string());
  for (const SheetRow::Cell& c : row->cells) {
    if (c.col <= width) header_[c.col - 1] = std::string(TrimCell(row->Value(c)));
  }
  header_row_ = row->number;
  position_ = row->number;
  return Status::Ok();
}

Result<bool> XlsxReader::Next(Record* out) {
  if (!sticky_.ok()) return sticky_;
  Result<const SheetRow*> got = NextRow();
  if (!got.ok()) return Sticky(got.status());
  const SheetRow* row = *got;
  if (row == nullptr) return false;
  position_ = row->number;
  out->row = row->number;
  if (!row->error.empty()) return InvalidArgument(row->error);
  out->fields.assign(header_.size(), std::string_view());
  for (const SheetRow::Cell& c : row->cells) {
    if (c.col > header_.size()) {
      if (TrimCell(row->Value(c)).empty()) continue;  // a stray space is not worth an error
      return InvalidArgument(RowCol(row->number, c.col) + ": value outside the header's columns");
    }
    out->fields[c.col - 1] = row->Value(c);
  }
  return true;
}

Status XlsxReader::Rewind() {
  SUNLIT_RETURN_IF_ERROR(StartSheet());
  return ReadHeader();
}

}  // namespace

bool ExcelSerialToDate(std::string_view number, bool date1904, std::string* out) {
  number = TrimCell(number);
  double v = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
  if (ec != std::errc() || end != number.data() + number.size()) return false;
  if (!(v >= 0 && v < 2958466)) return false;  // 2958465 = 9999-12-31
  double whole = std::floor(v);
  auto seconds = static_cast<int32_t>(std::lround((v - whole) * 86400.0));
  if (seconds >= 86400) {
    seconds -= 86400;
    whole += 1;
  }
  const auto serial = static_cast<int32_t>(whole);
  int32_t days = 0;
  if (date1904) {
    days = core::DaysFromCivil(1904, 1, 1) + serial;
  } else {
    if (serial < 1 || serial == 60) return false;  // 1900-01-00 and the phantom 1900-02-29
    days = serial < 60 ? core::DaysFromCivil(1899, 12, 31) + serial
                       : core::DaysFromCivil(1899, 12, 30) + serial;
  }
  int year = 0;
  int month = 0;
  int day = 0;
  core::CivilFromDays(days, &year, &month, &day);
  if (year > 9999) return false;
  char buf[32];
  int n = std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, day);
  if (seconds > 0) {
    n += std::snprintf(buf + n, sizeof(buf) - static_cast<size_t>(n), " %02d:%02d:%02d",
                       seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
  out->append(buf, static_cast<size_t>(n));
  return true;
}

bool IsDateFormatId(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

bool IsDateFormatCode(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
      return true;
    }
  }
  return false;
}

std::string PlainNumber(std::string_view number) {
  const size_t e = number.find_first_of("eE");
  if (e == std::string_view::npos) return std::string(number);
  std::string_view mantissa = number.substr(0, e);
  std::string_view exponent = number.substr(e + 1);
  std::string sign;
  if (!mantissa.empty() && (mantissa[0] == '-' || mantissa[0] == '+')) {
    if (mantissa[0] == '-') sign = "-";
    mantissa.remove_prefix(1);
  }
  const size_t dot = mantissa.find('.');
  const std::string_view whole = mantissa.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : mantissa.substr(dot + 1);
  auto all_digits = [](std::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction)) return std::string(number);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (!exponent.empty() && exponent[0] == '+') exponent.remove_prefix(1);
  if (exponent.empty() || exponent.size() > 3 || !all_digits(exponent)) {
    return std::string(number);  // negative exponents included: not an integer
  }
  const int exp = std::stoi(std::string(exponent));
  if (exp < static_cast<int>(fraction.size())) return std::string(number);
  std::string digits = std::string(whole) + std::string(fraction);
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return "0";
  digits.erase(0, first);
  const size_t zeros = static_cast<size_t>(exp) - fraction.size();
  if (digits.size() + zeros > 30) return std::string(number);
  return sign + digits + std::string(zeros, '0');
}

Result<std::unique_ptr<TableReader>> OpenXlsx(const std::string& path, const ReadOptions& options,
                                              uint64_t max_uncompressed) {
  auto reader = std::make_unique<XlsxReader>(options, max_uncompressed);
  SUNLIT_RETURN_IF_ERROR(reader->Open(path));
  return std::unique_ptr<TableReader>(std::move(reader));
}

}  // namespace sunlit::io::internal
