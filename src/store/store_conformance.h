// Test support: the store conformance suite (store_test.cc) is a value-parameterised
// GoogleTest suite; each backend instantiates it with a StoreFactory, e.g.
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
//                            ::testing::Values(SqliteFactory()), FactoryName);
//
// Only test executables include this header.
#ifndef SUNLIT_STORE_STORE_CONFORMANCE_H_
#define SUNLIT_STORE_STORE_CONFORMANCE_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "core/directory.h"
#include "store/store.h"

namespace sunlit::store::testing {

using Clock = std::function<std::string()>;

inline ::testing::AssertionResult IsOk(const Status& s) {
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << s.ToString() << " [" << s.detail() << "]";
}
template <typename T>
::testing::AssertionResult IsOk(const Result<T>& r) {
  return IsOk(r.status());
}

#define STORE_ASSERT_OK(expr) ASSERT_TRUE(::sunlit::store::testing::IsOk(expr))
#define STORE_EXPECT_OK(expr) EXPECT_TRUE(::sunlit::store::testing::IsOk(expr))

// An 18-character string shaped like a credit code; distinct `n` (< 31^10) give distinct
// codes, and ascending `n` give ascending codes. The check character is not computed.
inline std::string SyntheticCode(uint64_t n) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  char digits[10];
  for (int i = 9; i >= 0; --i) {
    digits[i] = kAlphabet[n % 31];
    n /= 31;
  }
  return "91430302" + std::string(digits, sizeof digits);
}

// A plausible entity for `n`, with realistic field lengths (Chinese name and address).
inline core::Entity SyntheticEntity(uint64_t n) {
  core::Entity e;
  e.code = SyntheticCode(n);
  e.name = "湘潭市雨湖区" + std::to_string(n) + "商贸有限公司";
  e.type = n % 3 == 0 ? core::EntityType::kIndividual : core::EntityType::kEnterprise;
  e.status = core::RegistrationStatus::kActive;
  e.region = 430302 + static_cast<int32_t>(n % 3);
  e.industry = n % 2 == 0 ? "5211" : "6110";
  if (n % 4 == 0) e.unit_code = "SCJG-430302-01";
  if (n % 5 == 0) e.tags = {"food_production", "fuel_retail"};
  e.risk = static_cast<core::RiskClass>(n % 5);
  if (n % 2 == 1) e.last_inspected = core::Date::FromDays(19000 + static_cast<int32_t>(n % 1000));
  e.address = "湖南省湘潭市雨湖区建设北路" + std::to_string(n % 100000) + "号";
  return e;
}

struct StoreFactory {
  std::string name;  // used in test names: letters and digits only
  // Opens the store identified by `dir` (a fresh temporary directory per test; opening the
  // same `dir` again must reach the same database), creating it when missing, with `clock`
  // as the batch clock.
  std::function<Result<std::unique_ptr<Store>>(const std::string& dir, Clock clock)> open;
};

inline std::string FactoryName(const ::testing::TestParamInfo<StoreFactory>& info) {
  return info.param.name;
}

// A deterministic clock: "2025-03-01T08:00:00Z", then one second later on each call.
inline Clock CountingClock() {
  auto n = std::make_shared<int>(0);
  return [n] {
    const int s = (*n)++;
    char buf[32];
    std::snprintf(buf, sizeof buf, "2025-03-01T%02d:%02d:%02dZ", 8 + s / 3600, s / 60 % 60, s % 60);
    return std::string(buf);
  };
}

// A fresh directory under the test temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "sunlit-store-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class StoreConformanceTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.path().empty()) << "cannot create a temp dir"; }

  // Opens the test's store with the shared counting clock.
  Result<std::unique_ptr<Store>> OpenStore() { return GetParam().open(dir_.path(), clock_); }
  std::unique_ptr<Store> MustOpen() {
    Result<std::unique_ptr<Store>> s = OpenStore();
    EXPECT_TRUE(s.ok()) << s.status().ToString() << " / " << s.status().detail();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  TempDir dir_;
  Clock clock_ = CountingClock();
};

}  // namespace sunlit::store::testing

#endif  // SUNLIT_STORE_STORE_CONFORMANCE_H_
