// Column schemas and header mapping for imports and exports.
#include "app/columns.h"

#include <algorithm>

namespace sunlit::app {
namespace {

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const std::vector<ColumnSpec> kEntity = {
    {"code", "统一社会信用代码", {"信用代码", "社会信用代码", "uscc", "credit_code"}, true},
    {"name", "名称", {"企业名称", "主体名称", "经营主体名称", "市场主体名称"}, true},
    {"type", "主体类型", {"类型", "市场主体类型", "经营主体类型"}, true},
    {"region", "行政区划", {"行政区划代码", "区划代码", "所属区划", "所属区域"}, true},
    {"industry", "行业代码", {"行业", "国民经济行业", "国民经济行业代码", "所属行业"}, true},
    {"risk", "信用风险分类", {"风险等级", "信用风险等级", "风险分类", "risk_class"}, false},
    {"last_inspected", "最近检查日期", {"上次检查日期", "最后检查日期"}, false},
    {"status", "登记状态", {"状态", "经营状态"}, false},
    {"unit", "属地监管单位", {"管辖单位", "监管单位", "unit_code"}, false},
    {"tags", "监管标签", {"特殊监管库", "标签"}, false},
    {"address", "住所", {"地址", "经营场所", "住所（经营场所）"}, false},
};

const std::vector<ColumnSpec> kInspector = {
    {"code", "人员编号", {"编号", "工号"}, true},
    {"name", "姓名", {"执法人员姓名"}, true},
    {"department", "部门编码", {"部门", "所属部门", "department_code"}, true},
    {"unit", "单位编码", {"单位", "所属单位", "unit_code"}, false},
    {"region", "行政区划", {"行政区划代码", "区划代码", "所属区划"}, false},
    {"certificate_no", "执法证号", {"执法证件号", "证件号码", "certificate"}, true},
    {"certificate_expiry", "执法证有效期至", {"证件有效期", "有效期至", "执法证有效期"}, true},
    {"qualifications", "执法资格", {"资格", "检查资格"}, false},
    {"expert", "是否专家", {"专家"}, false},
    {"leader", "是否组长", {"组长"}, false},
    {"status", "状态", {"人员状态"}, false},
};

const std::vector<ColumnSpec> kItem = {
    {"department", "部门编码", {"部门", "实施部门", "department_code"}, true},
    {"code", "事项编码", {"编码", "抽查事项编码"}, true},
    {"name", "抽查事项", {"事项名称", "抽查事项名称"}, true},
    {"legal_basis", "抽查依据", {"法律依据", "依据"}, true},
    {"object_types", "抽查对象类型", {"对象类型", "主体类型"}, false},
    {"industries", "行业范围", {"行业", "行业代码", "industry_prefixes"}, false},
    {"tags", "监管标签", {"特殊监管库", "标签"}, false},
    {"method", "检查方式", {"抽查方式", "方式"}, false},
    {"qualification", "执法资格要求", {"执法资格", "资格要求"}, false},
    {"exemption", "年度上限豁免类别", {"豁免类别"}, false},
    {"valid", "是否有效", {"有效", "状态"}, false},
};

const std::vector<ColumnSpec> kUnit = {
    {"department", "部门编码", {"部门", "department_code"}, true},
    {"department_name", "部门名称", {}, false},
    {"market_supervision", "是否市场监管部门", {}, false},
    {"code", "单位编码", {"编码", "unit_code"}, true},
    {"name", "单位名称", {"名称"}, true},
    {"region", "行政区划", {"行政区划代码", "区划代码"}, true},
};

const std::vector<ColumnSpec> kRegion = {
    {"code", "区划代码", {"代码", "行政区划代码"}, true},
    {"name", "名称", {"区划名称"}, true},
    {"level", "级别", {}, false},
    {"parent", "上级代码", {"parent_code"}, false},
};

const std::vector<ColumnSpec> kIndustry = {
    {"code", "代码", {"行业代码"}, true},
    {"name", "名称", {"类别名称", "行业名称"}, true},
    {"level", "级别", {}, false},
    {"parent", "上级代码", {"parent_code"}, false},
    {"section", "门类", {}, false},
};

const std::vector<ColumnSpec> kHoliday = {
    {"date", "日期", {}, true},
    {"kind", "类型", {"类别"}, true},
    {"name", "节日", {"holiday_name", "节假日", "名称"}, false},
    {"year", "年度", {"年份"}, false},
    {"notice", "通知", {"notice_url", "文件"}, false},
};

}  // namespace

std::span<const ColumnSpec> EntityColumns() { return kEntity; }
std::span<const ColumnSpec> InspectorColumns() { return kInspector; }
std::span<const ColumnSpec> ItemColumns() { return kItem; }
std::span<const ColumnSpec> UnitColumns() { return kUnit; }
std::span<const ColumnSpec> RegionColumns() { return kRegion; }
std::span<const ColumnSpec> IndustryColumns() { return kIndustry; }
std::span<const ColumnSpec> HolidayColumns() { return kHoliday; }

Result<HeaderMap> MapHeader(const std::vector<std::string>& header,
                            std::span<const ColumnSpec> specs) {
  HeaderMap map;
  map.header = header;
  map.index.assign(specs.size(), -1);
  for (size_t col = 0; col < header.size(); ++col) {
    const std::string_view h = Trim(header[col]);
    bool matched = false;
    for (size_t s = 0; s < specs.size() && !matched; ++s) {
      const ColumnSpec& spec = specs[s];
      bool hit = EqualsIgnoreAsciiCase(h, spec.name) || h == spec.chinese;
      for (std::string_view alias : spec.aliases) hit = hit || EqualsIgnoreAsciiCase(h, alias);
      if (!hit) continue;
      if (map.index[s] >= 0) {
        return InvalidArgument("row 1: column " + std::to_string(col + 1) + " (" +
                               std::string(h) + ") repeats column " +
                               std::to_string(map.index[s] + 1) + " (" + std::string(spec.name) +
                               ")");
      }
      map.index[s] = static_cast<int>(col);
      matched = true;
    }
    if (!matched && !h.empty()) map.unknown.emplace_back(h);
  }
  std::string missing;
  for (size_t s = 0; s < specs.size(); ++s) {
    if (specs[s].required && map.index[s] < 0) {
      if (!missing.empty()) missing += ", ";
      missing += std::string(specs[s].name) + " (" + std::string(specs[s].chinese) + ")";
    }
  }
  if (!missing.empty()) return InvalidArgument("row 1: missing required column(s): " + missing);
  return map;
}

std::string_view Trim(std::string_view s) {
  auto is_space = [](std::string_view t, size_t i, size_t* len) {
    if (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n') {
      *len = 1;
      return true;
    }
    if (i + 2 < t.size() + 0 && t.substr(i, 3) == "\xE3\x80\x80") {  // U+3000
      *len = 3;
      return true;
    }
    return false;
  };
  size_t len = 0;
  while (!s.empty() && is_space(s, 0, &len)) s.remove_prefix(len);
  while (!s.empty()) {
    if (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n') {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  SplitListInto(s, &out);
  return out;
}

void SplitListInto(std::string_view s, std::vector<std::string>* out) {
  // Parts are assigned over the strings already in `out`, so a vector reused row after row
  // (the entity import) stops allocating once its strings are long enough.
  size_t n = 0;
  auto add = [&](std::string_view part) {
    part = Trim(part);
    if (part.empty()) return;
    if (n < out->size()) {
      (*out)[n].assign(part);
    } else {
      out->emplace_back(part);
    }
    ++n;
  };
  size_t start = 0;
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == ';' || c == ',' || c == '|') {
      add(s.substr(start, i - start));
      start = ++i;
    } else if (s.substr(i, 3) == "；" || s.substr(i, 3) == "，" || s.substr(i, 3) == "、") {
      add(s.substr(start, i - start));
      i += 3;
      start = i;
    } else {
      ++i;
    }
  }
  add(s.substr(start));
  out->resize(n);
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

std::string JoinList(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

bool ParseBool(std::string_view s, bool* out) {
  s = Trim(s);
  static constexpr std::string_view kTrue[] = {"1", "true", "TRUE", "True", "yes", "Y", "y", "是"};
  static constexpr std::string_view kFalse[] = {"", "0", "false", "FALSE", "False", "no", "N",
                                                "n", "否"};
  for (auto t : kTrue) {
    if (s == t) {
      *out = true;
      return true;
    }
  }
  for (auto f : kFalse) {
    if (s == f) {
      *out = false;
      return true;
    }
  }
  *out = false;
  return false;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace sunlit::app
