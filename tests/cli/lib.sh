# Helpers for the command-line smoke tests: each test script gets the binary as $1 and the
# source tree as $2, works in its own temporary directory and exits non-zero on the first
# failed expectation.
set -euo pipefail
SUNLIT=$(readlink -f "$1")
SRC=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/sunlit-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
failures=0

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1"; echo "  expected: $2"; echo "  actual:   $3"; failures=$((failures + 1))
  else
    echo "ok: $1"
  fi
}
# expect_status NAME EXPECTED_STATUS CMD...
expect_status() {
  local name=$1 want=$2; shift 2
  set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?; set -e
  expect_eq "$name (exit status)" "$want" "$got"
}
# expect_contains NAME FILE TEXT
expect_contains() {
  if grep -qF -- "$3" "$2"; then echo "ok: $1"; else
    echo "FAIL: $1: '$3' not in $2:"; sed 's/^/  /' "$2" | head -20; failures=$((failures + 1)); fi
}
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures expectation(s) failed"; exit 1; fi
  echo "all expectations met"
}

# fresh_pg_db NAME: creates database NAME_<pid> on the server whose URL is in
# $SUNLIT_TEST_PG_URL_FILE (the ctest fixture `pg`, scripts/pg-test), sets PG_DB to its URL
# and drops it (WITH (FORCE)) when the script exits. Not in a subshell: it sets the trap.
fresh_pg_db() {
  local server name
  server=$(head -1 "$SUNLIT_TEST_PG_URL_FILE")
  name="$1_$$"
  PGOPTIONS='-c client_min_messages=warning' psql -q -v ON_ERROR_STOP=1 "$server" \
    -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
  trap "psql -q '$server' -c 'DROP DATABASE IF EXISTS $name WITH (FORCE)' >/dev/null 2>&1 || true; rm -rf '$WORK'" EXIT
  PG_DB="${server%/*}/$name"
}
