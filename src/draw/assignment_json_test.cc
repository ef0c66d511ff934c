// Assignment JSON: the documented example parses to the worked example, canonical writing,
// round trips, strict rejection naming the field, no crash on mangled documents.
#include "draw/assignment_json.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "draw/assignment_test_support.h"

namespace sunlit::draw {
namespace {

// docs/assignment.md, "Worked example" (as printed there).
constexpr char kExampleInput[] = R"({
  "protocol": "sunlit-assign-v1",
  "seed": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
  "check_date": "2026-06-01",
  "team": {"SCJG": 1, "WJW": 1},
  "required_qualifications": {"SCJG": ["food"]},
  "cross_unit": true,
  "workload_cap": 2,
  "allow_previous": false,
  "inspectors": [
    {"code": "S01", "department": "SCJG", "unit": "YH-01", "status": "active",
     "certificate_expiry": "2027-12-31", "qualifications": ["food"], "current_load": 3},
    {"code": "S02", "department": "SCJG", "unit": "YH-02", "status": "active",
     "certificate_expiry": "2026-12-31", "qualifications": ["drugs", "food"], "current_load": 1},
    {"code": "S03", "department": "SCJG", "unit": "YH-01", "status": "active",
     "certificate_expiry": "2026-05-31", "qualifications": ["food"], "current_load": 0},
    {"code": "S04", "department": "SCJG", "unit": "YH-03", "status": "suspended",
     "certificate_expiry": "2027-12-31", "qualifications": ["food"], "current_load": 0},
    {"code": "S05", "department": "SCJG", "unit": "YH-03", "status": "active",
     "certificate_expiry": "2028-12-31", "qualifications": ["drugs"], "current_load": 0},
    {"code": "S06", "department": "SCJG", "unit": "YH-03", "status": "active",
     "certificate_expiry": "2027-06-30", "qualifications": ["food"], "current_load": 1},
    {"code": "W01", "department": "WJW", "unit": "WJ-1", "status": "active",
     "certificate_expiry": "2027-12-31", "qualifications": [], "current_load": 0},
    {"code": "W02", "department": "WJW", "unit": "WJ-1", "status": "active",
     "certificate_expiry": "2027-12-31", "qualifications": [], "current_load": 4},
    {"code": "W03", "department": "WJW", "unit": "WJ-2", "status": "active",
     "certificate_expiry": null, "qualifications": [], "current_load": 0}
  ],
  "entities": [
    {"code": "914303025FGQN85B35", "jurisdiction_unit": "YH-02", "conflicts": [],
     "previous_inspectors": []},
    {"code": "914303022F95MPWG33", "jurisdiction_unit": "YH-01", "conflicts": ["W01"],
     "previous_inspectors": []},
    {"code": "91430302MB2KLRPMXB", "jurisdiction_unit": "YH-03", "conflicts": [],
     "previous_inspectors": ["S02"]},
    {"code": "91430304XB52CY712W", "jurisdiction_unit": "YH-01", "conflicts": ["W02"],
     "previous_inspectors": []}
  ]
}
)";

TEST(AssignmentJsonTest, DocumentedExampleIsTheWorkedExample) {
  const Result<AssignmentInput> in = AssignmentInputFromJson(kExampleInput);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(*in, testing::AssignmentWorkedExample());
}

TEST(AssignmentJsonTest, CanonicalInput) {
  AssignmentInput in = testing::AssignmentWorkedExample();
  in.inspectors.resize(1);
  in.entities.resize(1);
  EXPECT_EQ(AssignmentInputToJson(in),
            R"({"protocol":"sunlit-assign-v1",)"
            R"("seed":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",)"
            R"("check_date":"2026-06-01","team":{"SCJG":1,"WJW":1},)"
            R"("required_qualifications":{"SCJG":["food"]},"cross_unit":true,"workload_cap":2,)"
            R"("allow_previous":false,"inspectors":[{"code":"S01","department":"SCJG",)"
            R"("unit":"YH-01","status":"active","certificate_expiry":"2027-12-31",)"
            R"("qualifications":["food"],"current_load":3}],"entities":[{"code":)"
            R"("914303025FGQN85B35","jurisdiction_unit":"YH-02","conflicts":[],)"
            R"("previous_inspectors":[]}]})"
            "\n");
}

TEST(AssignmentJsonTest, RoundTrips) {
  std::mt19937_64 rng(4);
  for (int iter = 0; iter < 30; ++iter) {
    testing::RandomShape shape;
    shape.entities = rng() % 20;
    AssignmentInput in = testing::RandomAssignmentInput(rng, shape);
    if (iter == 0) in.inspectors[0].unit = "雨湖区\"所\"\\";  // quotes, backslash, UTF-8
    const std::string json = AssignmentInputToJson(in);
    const Result<AssignmentInput> back = AssignmentInputFromJson(json);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, in);
    const Result<AssignmentResult> r = Assign(in);
    ASSERT_TRUE(r.ok());
    const std::string rjson = AssignmentResultToJson(*r);
    const Result<AssignmentResult> rback = AssignmentResultFromJson(rjson);
    ASSERT_TRUE(rback.ok()) << rback.status().ToString();
    EXPECT_EQ(*rback, *r);
    EXPECT_EQ(AssignmentResultToJson(*rback), rjson);
  }
}

TEST(AssignmentJsonTest, OptionalKeys) {
  std::string json = kExampleInput;
  json.replace(json.find(R"(  "allow_previous": false,)"), 26, "");
  json.replace(json.find(R"("certificate_expiry": null, )"), 28, "");
  const Result<AssignmentInput> in = AssignmentInputFromJson(json);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_FALSE(in->allow_previous);
  EXPECT_FALSE(in->inspectors[8].certificate_expiry.has_value());
}

// Replaces the first occurrence of `from` in the example by `to`.
std::string Edit(const std::string& from, const std::string& to) {
  std::string s = kExampleInput;
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(AssignmentJsonTest, InputErrorsNameTheField) {
  struct Case {
    std::string json;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "input: not valid JSON (at byte 1)"},
      {"{\"protocol\": ", "input: not valid JSON (at byte 14)"},
      {"[]", "input: the document must be an object"},
      {Edit(R"("cross_unit": true,)", R"("cross_unit": true, "cross_unit": false,)"),
       "input: the key 'cross_unit' appears twice in an object"},
      {Edit(R"("cross_unit": true,)", R"("cross_unit": true, "crossunit": 1,)"),
       "input: the document has an unknown key 'crossunit'"},
      {Edit(R"("workload_cap": 2,)", ""), "input: the document lacks the key 'workload_cap'"},
      {Edit("sunlit-assign-v1", "sunlit-assign-v0"),
       "input: protocol must be \"sunlit-assign-v1\""},
      {Edit("000102030405060708090a0b0c0d0e0f", "000102030405060708090A0B0C0D0E0F"),
       "input: seed must be 64 lower-case hexadecimal digits"},
      {Edit(R"("seed": "0001)", R"("seed": "01)"),
       "input: seed must be 64 lower-case hexadecimal digits"},
      {Edit("2026-06-01", "2026-02-30"), "input: check_date must be a date YYYY-MM-DD"},
      {Edit(R"("check_date": "2026-06-01")", R"("check_date": 20260601)"),
       "input: check_date must be a string"},
      {Edit(R"({"SCJG": 1, "WJW": 1})", R"([["SCJG", 1]])"), "input: team must be an object"},
      {Edit(R"("WJW": 1})", R"("WJW": 0})"), "input: team.WJW must be an integer from 1 to 100"},
      {Edit(R"("WJW": 1})", R"("WJW": 1.0})"), "input: team.WJW must be an integer from 1 to 100"},
      {Edit(R"({"SCJG": ["food"]})", R"({"SCJG": "food"})"),
       "input: required_qualifications.SCJG must be an array of strings"},
      {Edit(R"({"SCJG": ["food"]})", R"({"SCJG": [7]})"),
       "input: required_qualifications.SCJG[0] must be a string"},
      {Edit(R"("cross_unit": true)", R"("cross_unit": "yes")"),
       "input: cross_unit must be true or false"},
      {Edit(R"("workload_cap": 2)", R"("workload_cap": -2)"),
       "input: workload_cap must be an integer from 1 to 1000000"},
      {Edit(R"("workload_cap": 2)", R"("workload_cap": 99999999999999999999999)"),
       "input: workload_cap must be an integer from 1 to 1000000"},
      {Edit(R"("allow_previous": false)", R"("allow_previous": null)"),
       "input: allow_previous must be true or false"},
      {Edit(R"("inspectors": [)", R"("inspectors": {"x": [)"), "input: not valid JSON"},
      {Edit(R"({"code": "S01", )", R"({"code": "S01", "name": "张三", )"),
       "input: inspectors[0] has an unknown key 'name'"},
      {Edit(R"({"code": "S02", "department": "SCJG", )", R"({"code": "S02", )"),
       "input: inspectors[1] lacks the key 'department'"},
      {Edit(R"("status": "suspended")", R"("status": "on leave")"),
       "input: inspectors[3].status must be \"active\", \"suspended\" or \"left\""},
      {Edit(R"("certificate_expiry": "2026-12-31")", R"("certificate_expiry": "31/12/2026")"),
       "input: inspectors[1].certificate_expiry must be a date YYYY-MM-DD"},
      {Edit(R"("current_load": 3)", R"("current_load": "3")"),
       "input: inspectors[0].current_load must be an integer from 0 to 1000000000"},
      {Edit(R"("qualifications": ["drugs"])", R"("qualifications": "drugs")"),
       "input: inspectors[4].qualifications must be an array of strings"},
      {Edit(R"("entities": [)", R"("entities": [7, )"), "input: entities[0] must be an object"},
      {Edit(R"("conflicts": ["W01"])", R"("conflicts": "W01")"),
       "input: entities[1].conflicts must be an array of strings"},
      {Edit(R"(, "jurisdiction_unit": "YH-02")", ""),
       "input: entities[0] lacks the key 'jurisdiction_unit'"},
      {Edit(R"("previous_inspectors": ["S02"])", R"("previous_inspectors": [null])"),
       "input: entities[2].previous_inspectors[0] must be a string"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message);
    const Result<AssignmentInput> r = AssignmentInputFromJson(c.json);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message().rfind(c.message, 0), 0u) << r.status().message();
  }
}

TEST(AssignmentJsonTest, ResultErrorsNameTheField) {
  const std::string good = AssignmentResultToJson(*Assign(testing::AssignmentWorkedExample(true)));
  auto edit = [&good](const std::string& from, const std::string& to) {
    std::string s = good;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
  };
  struct Case {
    std::string json;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"{}", "result: the document lacks the key 'protocol'"},
      {edit(R"("feasible":false)", R"("feasible":0)"), "result: feasible must be true or false"},
      {edit(R"("teams":[)", R"("teams":[1,)"), "result: teams[0] must be an object"},
      {edit(R"({"SCJG":["S06"],)", R"({"SCJG":"S06",)"),
       "result: teams[0].team.SCJG must be an array of strings"},
      {edit(R"("new":1,)", R"("new":-1,)"),
       "result: loads[0].new must be an integer from 0 to 4503599627370496"},
      {edit(R"("workload":1})", R"("workload":1,"other":0})"),
       "result: unstaffed[0].slots[0].excluded has an unknown key 'other'"},
      {edit(R"("inactive":0,)", ""),
       "result: unstaffed[0].slots[0].excluded lacks the key 'inactive'"},
      {edit(R"("required":1,)", ""), "result: unstaffed[0].slots[0] lacks the key 'required'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message);
    const Result<AssignmentResult> r = AssignmentResultFromJson(c.json);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message().rfind(c.message, 0), 0u) << r.status().message();
  }
}

// Mangled documents (truncated, bytes changed) give an error or a value, never a crash.
TEST(AssignmentJsonTest, MangledDocumentsDoNotCrash) {
  const std::string input = kExampleInput;
  const std::string result =
      AssignmentResultToJson(*Assign(testing::AssignmentWorkedExample(true)));
  std::mt19937_64 rng(9);
  const std::string alphabet = "{}[]\":,0123456789-.eE ntrufalsx\\\x01\xff";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string a = input, b = result;
    for (std::string* s : {&a, &b}) {
      if (iter % 3 == 0) {
        s->resize(rng() % s->size());
      } else {
        for (int k = 0; k < 1 + iter % 4; ++k) {
          (*s)[rng() % s->size()] = alphabet[rng() % alphabet.size()];
        }
      }
    }
    const Result<AssignmentInput> in = AssignmentInputFromJson(a);
    const Result<AssignmentResult> r = AssignmentResultFromJson(b);
    if (in.ok()) {
      const Result<AssignmentResult> computed = Assign(*in);  // may be refused, must not crash
      if (computed.ok() && r.ok()) VerifyAssignment(*in, *r).IgnoreError();
    }
  }
}

}  // namespace
}  // namespace sunlit::draw
