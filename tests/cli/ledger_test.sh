#!/usr/bin/env bash
# `sunlit verify log|proof` and `sunlit log show|key|proof`. Events come only from the use
# cases (there is no command to append one), so on the empty log this checks verification,
# the key and the refusals; `sunlit verify proof` is checked on a proof built outside Sunlit
# (Python hashlib + openssl Ed25519, as docs/ledger.md describes), which also pins the
# formats. The draw commands' test extends this with a log built by real draws.
source "$(dirname "$0")/lib.sh"

db="sqlite:$WORK/var/sunlit.db"
empty_root=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

expect_status "verify empty log" 0 "$SUNLIT" verify log --db "$db"
expect_eq "empty log line" "verified 0 events; the log is empty (root $empty_root)" "$(cat out)"

expect_status "log key creates the key" 0 "$SUNLIT" log key --db "$db"
key_id=$(awk '$1 == "key_id" {print $2}' out)
public_key=$(awk '$1 == "public_key" {print $2}' out)
expect_eq "key id is 16 hex digits" 1 "$(printf %s "$key_id" | grep -cE '^[0-9a-f]{16}$')"
expect_eq "public key is 64 hex digits" 1 "$(printf %s "$public_key" | grep -cE '^[0-9a-f]{64}$')"
expect_eq "key file beside the database, mode 600" 600 "$(stat -c %a "$WORK/var/ledger-ed25519.key")"
expect_eq "key id is SHA-256(public key)[0:8]" "$key_id" \
  "$(python3 -c "import hashlib,sys; print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest()[:16])" "$public_key")"
expect_status "log key again" 0 "$SUNLIT" log key --db "$db"
expect_contains "same key" out "public_key $public_key"
if grep -qF "$(head -c 64 "$WORK/var/ledger-ed25519.key")" out err; then
  echo "FAIL: the secret key was printed"; failures=$((failures + 1))
else
  echo "ok: the secret key is never printed"
fi
expect_status "another key file is refused" 1 "$SUNLIT" log key --db "$db" --key-file "$WORK/other.key"
expect_contains "names the mismatch" err "the signing key does not match the key of this log"
expect_status "server database needs --key-file" 2 "$SUNLIT" log key --db postgresql://localhost/x
expect_contains "asks for --key-file" err "--key-file"

expect_status "show on empty log" 0 "$SUNLIT" log show --db "$db"
expect_eq "no lines" "" "$(cat out)"
expect_status "no proof in an empty log" 1 "$SUNLIT" log proof --event 0 --db "$db"
expect_contains "says empty" err "the log is empty"
expect_status "verify log still passes" 0 "$SUNLIT" verify log --db "$db"

expect_status "usage: verify" 2 "$SUNLIT" verify
expect_status "usage: log" 2 "$SUNLIT" log frobnicate
expect_status "usage: proof without --event" 2 "$SUNLIT" log proof --db "$db"
expect_status "usage: bad --limit" 2 "$SUNLIT" log show --db "$db" --limit -3
expect_status "usage: verify proof without file" 2 "$SUNLIT" verify proof
expect_status "usage: bad --key" 2 "$SUNLIT" verify proof x.json --key 1234

# A two-event log made outside Sunlit: proof of event 1 (path = [leaf hash of event 0]).
if openssl genpkey -algorithm ed25519 -out ext.pem 2>/dev/null; then
  ext_pub=$(openssl pkey -in ext.pem -pubout -outform DER | tail -c 32 | od -An -tx1 | tr -d ' \n')
  python3 - "$ext_pub" <<'EOF'
import hashlib, json, sys
h = lambda b: hashlib.sha256(b).digest()
def leaf(seq, at, kind, subject, body):
    return h(b"\x00" + ("sunlit-ledger-v1\n%d\n%s\n%s\n%s\n%s" % (seq, at, kind, subject, body)).encode())
at0, at1 = "2026-11-02T06:00:00Z", "2026-11-02T06:30:00Z"
body1 = '{"record_sha256":"ab","selected":3}'
l0 = leaf(0, at0, "pool_frozen", "XT-2026-0001", '{"pool_size":12}')
l1 = leaf(1, at1, "draw_done", "XT-2026-0001", body1)
root = h(b"\x01" + l0 + l1)
open("msg", "wb").write(("sunlit-ledger-checkpoint-v1\n2\n%s\n%s\n" % (root.hex(), at1)).encode())
json.dump({"format": "sunlit-ledger-proof-v1", "seq": 1, "size": 2, "leaf_hash": l1.hex(),
           "path": [l0.hex()],
           "checkpoint": {"size": 2, "root": root.hex(), "at": at1,
                          "key_id": h(bytes.fromhex(sys.argv[1]))[:8].hex(), "signature": ""},
           "public_key": sys.argv[1],
           "event": {"at": at1, "kind": "draw_done", "subject": "XT-2026-0001", "body": body1}},
          open("proof.json", "w"), indent=2)
EOF
  openssl pkeyutl -sign -inkey ext.pem -rawin -in msg -out sig
  sig=$(od -An -tx1 sig | tr -d ' \n')
  sed -i "s/\"signature\": \"\"/\"signature\": \"$sig\"/" proof.json

  expect_status "external proof verifies" 0 "$SUNLIT" verify proof proof.json
  expect_contains "verified line" out "verified: event 1 (draw_done XT-2026-0001) is in the log of 2 events"
  expect_contains "warns about the key in the file" out \
    "verified against the key in the file; compare it with the published key"
  expect_status "with the published key" 0 "$SUNLIT" verify proof proof.json --key "$ext_pub"
  expect_eq "no warning with --key" 1 "$(wc -l < out | tr -d ' ')"
  expect_status "with another key" 1 "$SUNLIT" verify proof proof.json --key "$public_key"
  expect_contains "names the key" err "not the given key $key_id"
  sed 's/"selected\\":3/"selected\\":4/' proof.json > edited.json
  expect_status "edited event" 1 "$SUNLIT" verify proof edited.json
  expect_contains "content mismatch" err "the event's content does not hash to the proof's leaf hash"
  python3 -c "import json; p=json.load(open('proof.json'))
p['checkpoint']['at'] = '2026-11-02T06:31:00Z'
json.dump(p, open('redated.json', 'w'))"
  expect_status "re-dated checkpoint" 1 "$SUNLIT" verify proof redated.json
  expect_contains "signature fails" err "signature does not verify"
  python3 -c "import json; p=json.load(open('proof.json')); p['path']=[]; json.dump(p, open('short.json','w'))"
  expect_status "path removed" 1 "$SUNLIT" verify proof short.json
  expect_contains "path fails" err "does not lead to the checkpoint's root"
  echo '{"format": "sunlit-ledger-proof-v1"' > broken.json
  expect_status "malformed proof" 1 "$SUNLIT" verify proof broken.json
  expect_contains "says malformed" err "proof verification failed: proof: not valid JSON"
else
  echo "skip: openssl without Ed25519"
fi
finish
