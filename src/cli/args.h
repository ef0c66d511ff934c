// A small command-line parser: positional arguments and --flags (with values or alone).
#ifndef SUNLIT_CLI_ARGS_H_
#define SUNLIT_CLI_ARGS_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace sunlit::cli {

class Args {
 public:
  // Parses argv[first..]. `value_flags` take a value ("--db URL" or "--db=URL"); `bool_flags`
  // take none. Any other --flag is an error naming it; "--" ends flags.
  static Result<Args> Parse(int argc, char** argv, int first,
                            const std::set<std::string_view>& value_flags,
                            const std::set<std::string_view>& bool_flags);

  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(std::string_view flag) const { return values_.count(std::string(flag)) > 0; }
  // The flag's (last) value, or `fallback` when absent.
  std::string Get(std::string_view flag, std::string_view fallback = {}) const;
  // Every value of a repeatable flag, in command-line order.
  std::vector<std::string> GetAll(std::string_view flag) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>> values_;
};

// Today's date in China (UTC+8), or the value of --today when given (for reproducible runs).
Result<core::Date> Today(const Args& args);

// Prints "sunlit: <message>" to stderr and returns exit code `code`.
int Fail(std::string_view message, int code = 1);
int Fail(const Status& status, int code = 1);

}  // namespace sunlit::cli

#endif  // SUNLIT_CLI_ARGS_H_
