// Directory: the index follows imports made through it, by upserts for small changes and by a
// rebuild for large ones, and Load reads the store.
#include "app/directory.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/gen.h"
#include "app/reference.h"
#include "gtest/gtest.h"
#include "store/test_backend.h"

namespace sunlit::app {
namespace {

namespace fs = std::filesystem;

class DirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sunlit-directory-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto s = store::Open(store::testing::TestDatabaseUrl(dir_));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    ASSERT_TRUE(EnsureReferenceData(*store_).ok());
    options_.today = core::Date::FromYmd(2026, 10, 29);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::string Generate(const std::string& name, int64_t count, uint64_t seed) {
    GenOptions gen;
    gen.count = count;
    gen.seed = seed;
    gen.region_prefix = "4303";
    gen.today = options_.today;
    const std::string path = dir_ + "/" + name;
    EXPECT_TRUE(GenerateEntities(gen, path).ok());
    return path;
  }

  ImportReport MustImport(Directory& d, const std::string& path) {
    auto report = d.Import(*store_, ImportKind::kEntities, path, options_);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report.ok() && report->written);
    return report.ok() ? *report : ImportReport{};
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  ImportOptions options_;
};

TEST_F(DirectoryTest, LoadReadsEveryEntityOfTheStore) {
  Directory first;
  MustImport(first, Generate("a.csv", 2000, 1));
  Directory fresh;
  EXPECT_FALSE(fresh.loaded());
  EXPECT_EQ(fresh.index()->size(), 0u);
  ASSERT_TRUE(fresh.Load(*store_).ok());
  EXPECT_TRUE(fresh.loaded());
  EXPECT_EQ(fresh.index()->size(), 2000u);
  // Same content as the index kept in step by the import.
  index::PoolFilter all;
  all.statuses.clear();
  auto a = first.index()->BuildPool(all, index::Stratify::kRiskClass);
  auto b = fresh.index()->BuildPool(all, index::Stratify::kRiskClass);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(*a == *b);
}

TEST_F(DirectoryTest, SmallImportsAreUpsertedAndLargeOnesRebuild) {
  Directory d;
  const std::string base = Generate("a.csv", 3000, 1);
  MustImport(d, base);
  const std::shared_ptr<index::EntityIndex> before = d.index();
  ASSERT_EQ(before->size(), 3000u);

  // Deregister 5 entities: under 1 % of the directory, so the same index is updated.
  std::ifstream in(base);
  std::string header, line;
  std::getline(in, header);
  std::ostringstream changed;
  changed << header << "\n";
  std::vector<std::string> codes;
  for (int i = 0; i < 5 && std::getline(in, line); ++i) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, ',');) fields.push_back(f);
    while (fields.size() < 11) fields.emplace_back();
    fields[7] = "deregistered";
    codes.push_back(fields[0]);
    for (size_t k = 0; k < fields.size(); ++k) changed << (k > 0 ? "," : "") << fields[k];
    changed << "\n";
  }
  const std::string small = dir_ + "/small.csv";
  std::ofstream(small) << changed.str();
  ImportReport report = MustImport(d, small);
  EXPECT_EQ(report.counts.created + report.counts.updated, static_cast<int64_t>(codes.size()));
  EXPECT_EQ(d.index().get(), before.get());
  for (const std::string& code : codes) {
    auto e = d.index()->Find(code);
    ASSERT_TRUE(e.has_value()) << code;
    EXPECT_EQ(e->status, core::RegistrationStatus::kDeregistered);
  }

  // 2000 new entities: a rebuild, with everything in it.
  MustImport(d, Generate("b.csv", 2000, 2));
  EXPECT_NE(d.index().get(), before.get());
  EXPECT_EQ(d.index()->size(), 5000u);
  auto e = d.index()->Find(codes[0]);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->status, core::RegistrationStatus::kDeregistered);
  // The old index is still usable by whoever held it.
  EXPECT_EQ(before->size(), 3000u);
}

}  // namespace
}  // namespace sunlit::app
