#!/usr/bin/env bash
# The standalone draw commands on the worked example of DRAW-PROTOCOL.md §6 and RFC 3797 §6.
source "$(dirname "$0")/lib.sh"

cat > pool.csv <<'CSV'
code,stratum
91430302NY31NN604U,A
91430302MB2KLRPMXB,B
91430302L7XYQN5Y4A,B
914303025FGQN85B35,A
91430302WLCQXP5X57,B
914303022F95MPWG33,B
91430302X37XWX5G17,A
91430302TNWN4DY082,B
91430304JFMC62RQ7R,B
91430304XB52CY712W,A
91430304L7DGEEX95E,B
914303047HFKMRPM17,B
CSV
expect_status "pool" 0 "$SUNLIT" draw pool pool.csv
expect_eq "pool output" "root 30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1038e864673
size 12
stratum A 4
stratum B 8" "$(cat out)"

secret=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
expect_status "run" 0 "$SUNLIT" draw run --pool pool.csv --draw-id XT-2026-0001 \
  --quota A:count:1 --quota B:bp:2500 --reserve 1 \
  --source "9319" --source "2 5 12 8 10" --source "9 18 26 34 41 45" \
  --secret "$secret" --out record.json
expect_eq "run output" "selected A 914303025FGQN85B35 61ac3408eecd51f5538a3204cfe04f4e7200743d71c7a746b9411db42e1db248
selected B 914303022F95MPWG33 0de4a5c4a2fa445451c80f4b237d01c37701847835894eb1457d2e605d4866d7
selected B 91430302MB2KLRPMXB 1c5be0c50ceb1cb243577b26329f37ddba35fac00f986bd7caa2a23a3f10125d
alternate A 91430304XB52CY712W 7748423b891bd4b6a71a8ac8fb038c3ed7fa89baad06f9ef53764823d747a581
alternate B 91430302TNWN4DY082 308abe101bb90ec6c02cef56b11e30b9ba2d5c624d3b7952a7a6355e03e16eeb" "$(cat out)"
expect_contains "record has the seed" record.json "bdea37d95f4c54efadefa1721ffe2e4424abb9258534be1af57fcaa67f2ee54e"
expect_contains "record has the commitment" record.json "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"

expect_status "verify" 0 "$SUNLIT" draw verify record.json --pool pool.csv
expect_eq "verified" "verified" "$(cat out)"

# Tampering: a pool without one candidate, a record with another secret.
grep -v 91430304L7DGEEX95E pool.csv > pool2.csv
expect_status "other pool fails" 1 "$SUNLIT" draw verify record.json --pool pool2.csv
expect_contains "names the pool" out "pool"
sed 's/000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f/100102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f/' record.json > record2.json
expect_status "other secret fails" 1 "$SUNLIT" draw verify record2.json --pool pool.csv
expect_contains "names the commitment" out "commitment"
echo '{"protocol": 1' > broken.json
expect_status "malformed record" 1 "$SUNLIT" draw verify broken.json --pool pool.csv
expect_contains "names the record" err "record"

expect_status "commit" 0 "$SUNLIT" draw commit
secret2=$(sed -n 's/^secret //p' out)
commitment2=$(sed -n 's/^commitment //p' out)
expect_eq "commitment is sha256(secret)" "$commitment2" \
  "$(python3 -c 'import hashlib,sys; print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest())' "$secret2")"

expect_status "rfc3797" 0 "$SUNLIT" draw rfc3797 --pool-size 25 --count 11 \
  --source "9319" --source "2 5 12 8 10" --source "9 18 26 34 41 45"
expect_eq "rfc3797 picks" "17 7 2 16 25 23 8 24 19 13 22" "$(tr '\n' ' ' < out | sed 's/ $//')"

printf 'code,stratum\n91430302NY31NN604U,A\n91430302NY31NN604U,B\n' > dup.csv
expect_status "duplicate code" 1 "$SUNLIT" draw pool dup.csv
expect_contains "names duplicate" err "duplicate"
printf 'code,stratum\n91430302NY31NN604X,A\n' > bad.csv
expect_status "invalid code" 1 "$SUNLIT" draw pool bad.csv
expect_contains "row named" err "row 2"
finish
