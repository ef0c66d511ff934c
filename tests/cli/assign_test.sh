#!/usr/bin/env bash
# Inspector assignment through the binary: the worked example of docs/assignment.md (its
# input is read from the document), verification, tampering, infeasibility, bad files, and
# the document's Python program giving the same bytes.
source "$(dirname "$0")/lib.sh"
doc="$SRC/docs/assignment.md"

# The worked example's input: the first ```json block after "## Worked example".
awk '/^## Worked example/ {w = 1} w && /^```json/ {f = 1; next} f && /^```/ {exit} f' \
  "$doc" >input.json
expect_status "assign" 0 "$SUNLIT" assign --input input.json --out result.json
expect_eq "summary" "feasible: every entity has its team (4 entities, 8 places)" "$(cat out)"
expect_eq "result (golden)" \
  '{"protocol":"sunlit-assign-v1","seed":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f","feasible":true,"teams":[{"entity":"914303025FGQN85B35","team":{"SCJG":["S06"],"WJW":["W02"]}},{"entity":"914303022F95MPWG33","team":{"SCJG":["S02"],"WJW":["W02"]}},{"entity":"91430302MB2KLRPMXB","team":{"SCJG":["S01"],"WJW":["W01"]}},{"entity":"91430304XB52CY712W","team":{"SCJG":["S06"],"WJW":["W01"]}}],"loads":[{"code":"S01","department":"SCJG","new":1,"total":4},{"code":"S02","department":"SCJG","new":1,"total":2},{"code":"S03","department":"SCJG","new":0,"total":0},{"code":"S04","department":"SCJG","new":0,"total":0},{"code":"S05","department":"SCJG","new":0,"total":0},{"code":"S06","department":"SCJG","new":2,"total":3},{"code":"W01","department":"WJW","new":2,"total":2},{"code":"W02","department":"WJW","new":2,"total":6},{"code":"W03","department":"WJW","new":0,"total":0}],"unstaffed":[]}' \
  "$(cat result.json)"
expect_status "verify" 0 "$SUNLIT" verify assignment --input input.json --result result.json
expect_eq "verified" "verified" "$(cat out)"

# A result changed by hand is caught, with the rule it breaks.
sed 's/"WJW":\["W02"\]}},{"entity":"914303022F95MPWG33"/"WJW":["W01"]}},{"entity":"914303022F95MPWG33"/' \
  result.json >tampered.json
expect_status "tampered result" 1 "$SUNLIT" verify assignment --input input.json \
  --result tampered.json
expect_eq "names the rule" "mismatch: inspector W01 has 3 checks, above the workload cap 2" \
  "$(cat out)"

# A fifth business cannot be staffed: the result is written all the same, with the reasons.
head -n -2 input.json >input5.json
cat >>input5.json <<'EOF'
    ,{"code": "91430302TNWN4DY082", "jurisdiction_unit": "YH-01", "conflicts": ["W02"],
     "previous_inspectors": []}
  ]
}
EOF
expect_status "infeasible" 1 "$SUNLIT" assign --input input5.json --out result5.json
expect_eq "infeasible summary" \
  "infeasible: 1 of 5 entities cannot be staffed (9 of 10 places filled)
unstaffed 91430302TNWN4DY082 WJW required 1 assigned 0 of 3 inspectors: certificate 1, conflict 1, workload 1" \
  "$(cat out)"
expect_contains "explanation in the result" result5.json \
  '"unstaffed":[{"entity":"91430302TNWN4DY082","slots":[{"department":"WJW","required":1,"assigned":0,"inspectors":3,"excluded":{"inactive":0,"certificate":1,"qualification":0,"conflict":1,"same_unit":0,"previous":0,"workload":1}}]}]'
expect_status "verify infeasible" 0 "$SUNLIT" verify assignment --input input5.json \
  --result result5.json
expect_status "result of another input" 1 "$SUNLIT" verify assignment --input input5.json \
  --result result.json
expect_eq "says so" "mismatch: the result has 4 teams for 5 entities" "$(cat out)"

# Bad files and flags.
expect_status "missing input" 1 "$SUNLIT" assign --input nothing.json --out r.json
expect_contains "cannot open" err "cannot open nothing.json"
printf '{"protocol":' >bad.json
expect_status "not JSON" 1 "$SUNLIT" assign --input bad.json --out r.json
expect_contains "names the file" err "bad.json: input: not valid JSON"
sed 's/"team": {"SCJG": 1, "WJW": 1}/"team": {"SCJG": 1}/' \
  input.json >one.json
expect_status "team of one" 1 "$SUNLIT" assign --input one.json --out r.json
expect_contains "two inspectors" err "one.json: team: the teams total 1 inspector; at least 2"
sed 's/"status": "suspended"/"status": "on leave"/' input.json >status.json
expect_status "bad status" 1 "$SUNLIT" assign --input status.json --out r.json
expect_contains "names the field" err \
  'input: inspectors[3].status must be "active", "suspended" or "left"'
sed 's/"feasible":true/"feasible":"yes"/' result.json >badresult.json
expect_status "malformed result" 1 "$SUNLIT" verify assignment --input input.json \
  --result badresult.json
expect_contains "result field" err "badresult.json: result: feasible must be true or false"
expect_status "usage: no --out" 2 "$SUNLIT" assign --input input.json
expect_status "usage: unknown flag" 2 "$SUNLIT" assign --input input.json --out r.json --seed 1
expect_status "usage: verify" 2 "$SUNLIT" verify assignment --input input.json

# The document's Python program computes the same bytes.
if command -v python3 >/dev/null; then
  awk '/^```python/ {f = 1; next} f && /^```/ {exit} f' "$doc" >assign.py
  expect_contains "program extracted" assign.py "def assign(doc):"
  python3 assign.py input.json >py.json
  expect_eq "python gives the same result" "$(cat result.json)" "$(cat py.json)"
  python3 assign.py input5.json >py5.json
  expect_eq "python gives the same infeasible result" "$(cat result5.json)" "$(cat py5.json)"
else
  echo "skip: python3 not found, the documented program is not run"
fi
finish
