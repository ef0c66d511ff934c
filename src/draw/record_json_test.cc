// Draw record JSON: the worked example's document, round trips, strict rejection.
#include "draw/record_json.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "draw/test_support.h"
#include "draw/verify.h"

namespace sunlit::draw {
namespace {

DrawRecord ExampleRecord() {
  Result<DrawRecord> r = RunDraw(testing::WorkedExample());
  EXPECT_TRUE(r.ok());
  return *r;
}

constexpr char kExampleJson[] = R"({
  "protocol": "sunlit-draw-v1",
  "draw_id": "XT-2026-0001",
  "pool_size": 12,
  "pool_root": "30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1038e864673",
  "strata": [
    {
      "label": "A",
      "size": 4
    },
    {
      "label": "B",
      "size": 8
    }
  ],
  "params": "A:count:1;B:bp:2500;#1",
  "randomness": "9319./2.5.8.10.12./9.18.26.34.41.45./",
  "commitment": "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd",
  "secret": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
  "seed": "bdea37d95f4c54efadefa1721ffe2e4424abb9258534be1af57fcaa67f2ee54e",
  "entries": [
    {
      "stratum": "A",
      "code": "914303025FGQN85B35",
      "role": "selected",
      "rank": "61ac3408eecd51f5538a3204cfe04f4e7200743d71c7a746b9411db42e1db248"
    },
    {
      "stratum": "A",
      "code": "91430304XB52CY712W",
      "role": "alternate",
      "rank": "7748423b891bd4b6a71a8ac8fb038c3ed7fa89baad06f9ef53764823d747a581"
    },
    {
      "stratum": "B",
      "code": "914303022F95MPWG33",
      "role": "selected",
      "rank": "0de4a5c4a2fa445451c80f4b237d01c37701847835894eb1457d2e605d4866d7"
    },
    {
      "stratum": "B",
      "code": "91430302MB2KLRPMXB",
      "role": "selected",
      "rank": "1c5be0c50ceb1cb243577b26329f37ddba35fac00f986bd7caa2a23a3f10125d"
    },
    {
      "stratum": "B",
      "code": "91430302TNWN4DY082",
      "role": "alternate",
      "rank": "308abe101bb90ec6c02cef56b11e30b9ba2d5c624d3b7952a7a6355e03e16eeb"
    }
  ]
}
)";

TEST(RecordJsonTest, WorkedExampleDocument) {
  EXPECT_EQ(RecordToJson(ExampleRecord()), kExampleJson);
  const Result<DrawRecord> r = RecordFromJson(kExampleJson);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, ExampleRecord());
  EXPECT_TRUE(VerifyRecord(*r, testing::WorkedExample().candidates).ok());
}

TEST(RecordJsonTest, RoundTripsRandomRecords) {
  std::mt19937_64 rng(3);
  for (int iter = 0; iter < 50; ++iter) {
    DrawInput in;
    for (std::string& code : testing::RandomCodes(rng, 1 + rng() % 300)) {
      in.candidates.push_back(
          {std::move(code), iter % 2 == 0 ? "" : "K-" + std::to_string(rng() % 3)});
    }
    in.params.draw_id =
        iter % 3 == 0 ? "湘潭市场监管-" + std::to_string(iter) : "D\"\\/\t" + std::to_string(iter);
    in.params.quotas = {{"", Quota::Kind::kBasisPoints, 500}, {"K-1", Quota::Kind::kCount, 4}};
    in.params.reserve = 2;
    in.params.sources = {{rng() % 10}};
    in.params.secret = testing::RandomSecret(rng);
    const Result<DrawRecord> r = RunDraw(in);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const std::string json = RecordToJson(*r);
    const Result<DrawRecord> back = RecordFromJson(json);
    ASSERT_TRUE(back.ok()) << back.status().ToString() << "\n" << json;
    EXPECT_EQ(*back, *r);
    EXPECT_EQ(RecordToJson(*back), json);
  }
  // Compact input with other whitespace parses the same.
  const Result<DrawRecord> compact = RecordFromJson(
      R"({"protocol":"p","draw_id":"","pool_size":0,"pool_root":")" + std::string(64, '0') +
      R"(","strata":[],"params":"","randomness":"","commitment":")" + std::string(64, 'a') +
      R"(","secret":")" + std::string(64, 'b') + R"(","seed":")" + std::string(64, 'c') +
      R"(","entries":[]} )");
  ASSERT_TRUE(compact.ok()) << compact.status().ToString();
  EXPECT_EQ(compact->protocol, "p");
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

TEST(RecordJsonTest, MalformedRecordsAreRejected) {
  const std::string good = kExampleJson;
  const struct {
    std::string json;
    std::string message;  // expected prefix
  } kCases[] = {
      {"", "record: not valid JSON"},
      {"{", "record: not valid JSON"},
      {"null", "record: the record must be an object"},
      {"[]", "record: the record must be an object"},
      {good + "x", "record: not valid JSON"},
      {good.substr(0, good.size() / 2), "record: not valid JSON"},
      {Replace(good, "\"protocol\": \"sunlit-draw-v1\",", ""),
       "record: the record lacks the key 'protocol'"},
      {Replace(good, "\"protocol\"", "\"extra\": 1, \"protocol\""),
       "record: the record has an unknown key 'extra'"},
      {Replace(good, "\"draw_id\"", "\"seed\": \"x\", \"draw_id\""),
       "record: the key 'seed' appears twice in an object"},
      {Replace(good, "\"pool_size\": 12", "\"pool_size\": \"12\""),
       "record: record.pool_size must be a non-negative integer"},
      {Replace(good, "\"pool_size\": 12", "\"pool_size\": -12"),
       "record: record.pool_size must be a non-negative integer"},
      {Replace(good, "\"pool_size\": 12", "\"pool_size\": 12.0"),
       "record: record.pool_size must be a non-negative integer"},
      {Replace(good, "\"pool_size\": 12", "\"pool_size\": 1e1"),
       "record: record.pool_size must be a non-negative integer"},
      {Replace(good, "\"pool_size\": 12", "\"pool_size\": 123456789012345678901234567890"),
       "record: record.pool_size must be a non-negative integer"},
      {Replace(good, "\"draw_id\": \"XT-2026-0001\"", "\"draw_id\": 7"),
       "record: record.draw_id must be a string"},
      {Replace(good, "30489b1a", "30489B1A"),
       "record: record.pool_root must be 64 lower-case hexadecimal digits"},
      {Replace(good, "\"30489b1a", "\"0489b1a"),
       "record: record.pool_root must be 64 lower-case hexadecimal digits"},
      {Replace(good, "000102030405", "00010203040g"),
       "record: record.secret must be 64 lower-case hexadecimal digits"},
      {Replace(good, "\"strata\": [", "\"strata\": {\"a\": ["), "record: not valid JSON"},
      {Replace(good, "\"label\": \"A\"", "\"label\": \"A B\""),
       "record: strata[0].label is not a valid label"},
      {Replace(good, "\"size\": 8", "\"size\": 8, \"more\": 1"),
       "record: strata[1] has an unknown key 'more'"},
      {Replace(good, "\"role\": \"alternate\"", "\"role\": \"reserve\""),
       "record: entries[1].role must be \"selected\" or \"alternate\""},
      {Replace(good, "\"914303025FGQN85B35\"", "\"914303025FGQN85B3\""),
       "record: entries[0].code must be 18 characters"},
      {Replace(good, "\"rank\": \"61ac", "\"rank\": \"61AC"),
       "record: entries[0].rank must be 64 lower-case hexadecimal digits"},
      {Replace(good, "\"stratum\": \"A\",", ""), "record: entries[0] lacks the key 'stratum'"},
      {Replace(good, "\"entries\": [", "\"entries\": [1, "),
       "record: entries[0] must be an object"},
      {Replace(good, "\"entries\": [", "\"entries\": [{\"stratum\": \"A\", \"stratum\": \"B\"}, "),
       "record: the key 'stratum' appears twice in an object"},
      {Replace(good, "\"XT-2026-0001\"", "\"XT\xff\""), "record: not valid JSON"},
      {std::string(100000, '[') + std::string(100000, ']'), "record: the record must be an object"},
      {std::string(100000, '['), "record: not valid JSON"},
      {"{\"a\":" + std::string(50000, '{'), "record: not valid JSON"},
  };
  for (const auto& c : kCases) {
    const Result<DrawRecord> r = RecordFromJson(c.json);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message().substr(0, c.message.size()), c.message) << r.status().message();
  }
}

TEST(RecordJsonTest, RandomGarbageNeverThrows) {
  std::mt19937_64 rng(17);
  const std::string good = kExampleJson;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s = good;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t pos = rng() % s.size();
      switch (rng() % 3) {
        case 0:
          s[pos] = static_cast<char>(rng());
          break;
        case 1:
          s.erase(pos, 1 + rng() % 10);
          break;
        default:
          s.insert(pos, 1, "{}[],:\"0a-e."[rng() % 12]);
          break;
      }
    }
    const Result<DrawRecord> r = RecordFromJson(s);  // must not throw or crash
    if (r.ok()) {
      EXPECT_TRUE(RecordFromJson(RecordToJson(*r)).ok());
    }
  }
}

}  // namespace
}  // namespace sunlit::draw
