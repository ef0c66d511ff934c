// Command-line argument parsing and common helpers of the subcommands.
#include "cli/args.h"

#include <cstdio>
#include <ctime>

namespace sunlit::cli {

Result<Args> Args::Parse(int argc, char** argv, int first,
                         const std::set<std::string_view>& value_flags,
                         const std::set<std::string_view>& bool_flags) {
  Args a;
  bool flags_done = false;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (flags_done || arg.size() < 3 || arg.rfind("--", 0) != 0) {
      if (arg == "--") {
        flags_done = true;
        continue;
      }
      a.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (value_flags.count(name) > 0) {
      if (!has_value) {
        if (i + 1 >= argc) return InvalidArgument("--" + name + " needs a value");
        value = argv[++i];
      }
      a.values_[name].push_back(value);
    } else if (bool_flags.count(name) > 0) {
      if (has_value) return InvalidArgument("--" + name + " takes no value");
      a.values_[name].push_back("1");
    } else {
      return InvalidArgument("unknown option --" + name);
    }
  }
  return a;
}

std::string Args::Get(std::string_view flag, std::string_view fallback) const {
  auto it = values_.find(std::string(flag));
  return it == values_.end() ? std::string(fallback) : it->second.back();
}

std::vector<std::string> Args::GetAll(std::string_view flag) const {
  auto it = values_.find(std::string(flag));
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

Result<core::Date> Today(const Args& args) {
  if (args.Has("today")) return core::Date::Parse(args.Get("today"));
  const std::time_t now = std::time(nullptr) + 8 * 3600;  // China Standard Time, no DST
  return core::Date::FromDays(static_cast<int32_t>(now / 86400));
}

int Fail(std::string_view message, int code) {
  std::fprintf(stderr, "sunlit: %.*s\n", static_cast<int>(message.size()), message.data());
  return code;
}

int Fail(const Status& status, int code) { return Fail(status.message(), code); }

}  // namespace sunlit::cli
