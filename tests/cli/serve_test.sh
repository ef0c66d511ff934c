#!/usr/bin/env bash
# `sunlit serve` on a free port, driven with curl: demo logins, the session cookie and CSRF,
# JSON errors, an API token made by `sunlit user token`, and a clean stop on SIGTERM.
source "$(dirname "$0")/lib.sh"
db="sqlite:$WORK/serve.db"
expect_status "demo" 0 "$SUNLIT" demo --db "$db" --entities 500 --today 2026-03-02
expect_contains "demo prints logins" out "scjg.admin"

expect_status "user add" 0 "$SUNLIT" user add --db "$db" --username test.reviewer \
  --department SCJG --role reviewer
expect_contains "generated password shown once" out "password (shown once):"
echo "a chosen passphrase" > "$WORK/pw"
expect_status "user add --password-stdin" 0 bash -c \
  "\"$SUNLIT\" user add --db $db --username test.inspector --department SCJG --role inspector --password-stdin < $WORK/pw"
expect_status "user add refuses another department's unknown role" 1 "$SUNLIT" user add \
  --db "$db" --username x.y --department SCJG --role no_such_role
expect_status "user list" 0 "$SUNLIT" user list --db "$db"
expect_contains "user list shows the new user" out "test.inspector"
expect_status "user token" 0 "$SUNLIT" user token --db "$db" --username scjg.admin --name ci
token=$(cat "$WORK/out")

# A free port: bind to 0 is not possible through the CLI, so ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$SUNLIT" serve --db "$db" --listen "127.0.0.1:$port" >"$WORK/serve.out" 2>"$WORK/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do
  curl -s "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
base="http://127.0.0.1:$port"
expect_contains "prints the URL" "$WORK/serve.out" "http://127.0.0.1:$port"

status() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
expect_eq "health" 200 "$(status "$base/api/v1/health")"
expect_eq "unknown route" 404 "$(status "$base/api/v1/nope")"
expect_contains "unknown route is JSON" "$WORK/body" '"code":"not_found"'
expect_eq "anonymous users list" 401 "$(status "$base/api/v1/users")"
expect_eq "wrong password" 401 "$(status -H 'Content-Type: application/json' \
  -d '{"username":"scjg.admin","password":"wrong password"}' "$base/api/v1/session")"
expect_eq "malformed JSON" 400 "$(status -H 'Content-Type: application/json' \
  -d '{"username":' "$base/api/v1/session")"
expect_contains "malformed JSON is named" "$WORK/body" "malformed JSON"

head -c 100000 /dev/zero | tr '\0' 'a' > "$WORK/big"
expect_eq "oversized body refused before it is sent" "413 0" "$(curl -s -o "$WORK/body" \
  -w '%{http_code} %{size_upload}' -H 'Content-Type: application/json' \
  -H 'Expect: 100-continue' --data-binary @"$WORK/big" "$base/api/v1/session")"
expect_contains "413 is JSON" "$WORK/body" '"code":"payload_too_large"'
expect_eq "oversized body sent anyway" 413 "$(status -H 'Content-Type: application/json' \
  -H 'Expect:' --data-binary @"$WORK/big" "$base/api/v1/session")"

expect_eq "login" 200 "$(status -c "$WORK/jar" -H 'Content-Type: application/json' \
  -d '{"username":"scjg.admin","password":"sunlit-demo-2026"}' "$base/api/v1/session")"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$WORK/body")
expect_eq "session" 200 "$(status -b "$WORK/jar" "$base/api/v1/session")"
new_user='{"username":"made.by.curl","roles":["inspector"]}'
expect_eq "no CSRF header" 403 "$(status -b "$WORK/jar" -H 'Content-Type: application/json' \
  -d "$new_user" "$base/api/v1/users")"
expect_contains "CSRF error code" "$WORK/body" '"code":"csrf_failed"'
expect_eq "with CSRF header" 201 "$(status -b "$WORK/jar" -H "X-CSRF-Token: $csrf" \
  -H 'Content-Type: application/json' -d "$new_user" "$base/api/v1/users")"
expect_eq "bearer token, no CSRF" 200 "$(status -H "Authorization: Bearer $token" "$base/api/v1/users")"
expect_eq "openapi" 200 "$(status "$base/api/v1/openapi.json")"
expect_contains "openapi lists login" "$WORK/body" '"/api/v1/session"'
expect_eq "logout" 204 "$(status -b "$WORK/jar" -H "X-CSRF-Token: $csrf" -X DELETE "$base/api/v1/session")"
expect_eq "after logout" 401 "$(status -b "$WORK/jar" "$base/api/v1/session")"

kill -TERM $pid
for _ in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then
  echo "FAIL: still running after SIGTERM"; failures=$((failures + 1))
else
  wait $pid; expect_eq "clean exit on SIGTERM" 0 $?
fi
expect_contains "access log" "$WORK/serve.err" "POST /api/v1/session 200"
# The signing key comes from --key-file like every command's (cli/db_flags.h): another key
# than the log's is refused before anything is served.
expect_status "serve --key-file with another key" 1 "$SUNLIT" serve --db "$db" \
  --listen "127.0.0.1:$port" --key-file "$WORK/another.key"
expect_contains "the key mismatch is named" "$WORK/err" "does not match the key of this log"
expect_status "serve --key is not an option" 2 "$SUNLIT" serve --db "$db" --key "$WORK/x"
for secret in sunlit-demo-2026 "$csrf" "$token" "a chosen passphrase"; do
  if grep -qF -- "$secret" "$WORK/serve.err"; then
    echo "FAIL: a secret is in the log"; failures=$((failures + 1))
  fi
done
finish
