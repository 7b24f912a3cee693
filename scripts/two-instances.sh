#!/usr/bin/env bash
# Two app instances on different ports sharing one PostgreSQL database: what is done through one is seen through the
# other (sessions and records live in the database, not in a process).
#   scripts/two-instances.sh           needs DATABASE_URL (postgres://…/somedb) of a server where it may create databases
# It creates a fresh database gongkai_two_<pid> on that server (dropped afterwards), starts `gongkai serve` twice
# (ports chosen by the system), and checks over HTTP:
#   1. the administrator's first-run password, printed by instance A, logs in through B; the password changed
#      through B logs in through A;
#   2. a session cookie made by a login through A is a valid session on B (and logging out through B ends it on A);
#   3. an application submitted through A's portal form is found by its query code through B's page and B's API,
#      and appears in B's staff queue.
# Binary: $GONGKAI_BIN or .build/debug/gongkai. Exit status 0 when every check holds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${GONGKAI_BIN:-.build/debug/gongkai}
[ -x "$BIN" ] || { echo "no gongkai binary at $BIN (swift build first, or set GONGKAI_BIN)" >&2; exit 2; }
[ -n "${DATABASE_URL:-}" ] || { echo "DATABASE_URL (postgres://…) is required" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql is required (Debian: postgresql-client)" >&2; exit 2; }

SERVER_URL=${DATABASE_URL%/*}
QUERY=""
case "$DATABASE_URL" in *\?*) QUERY="?${DATABASE_URL#*\?}" ;; esac
DB=gongkai_two_$$
ADMIN_URL="${SERVER_URL}/postgres${QUERY}"
psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -qAt -c "CREATE DATABASE $DB" >/dev/null
export DATABASE_URL="${SERVER_URL}/${DB}${QUERY}"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql "$ADMIN_URL" -qAt -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; echo "--- instance A:" >&2; cat "$WORK/a.log" >&2 || true; echo "--- instance B:" >&2; cat "$WORK/b.log" >&2 || true; exit 1; }
ok() { echo "ok: $*"; }

start() { # name → sets URL_<name>
  local name=$1
  "$BIN" serve --hostname 127.0.0.1 --port 0 >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    if url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$WORK/$name.log" | head -n1) && [ -n "$url" ]; then
      printf -v "URL_$name" '%s' "${url%/}"; return 0
    fi
    kill -0 "${PIDS[-1]}" 2>/dev/null || fail "instance $name exited"
    sleep 1
  done
  fail "instance $name did not start in 120 s"
}

# A first: it migrates the database and creates the administrator; then B, on the same database.
start a
start b
A=$URL_a; B=$URL_b
[ "$A" != "$B" ] || fail "both instances on one address"
ok "instance A at $A, instance B at $B, one database ($DB)"
OTP=$(sed -n 's/.*一次性密码 \([A-Za-z0-9]*\).*/\1/p' "$WORK/a.log" | head -n1)
[ -n "$OTP" ] || fail "instance A printed no one-time password"
grep -q "一次性密码" "$WORK/b.log" && fail "instance B created a second administrator"

csrf() { sed -n 's/.*gongkai_csrf\t\([^\t]*\)$/\1/p' "$1" | tail -n1; }
# curl with a cookie jar; prints "status location"
post() { local jar=$1 url=$2; shift 2; curl -s -o "$WORK/body" -w '%{http_code} %{redirect_url}' -b "$jar" -c "$jar" "$@" "$url"; }

# 1. The first-run password, printed by A, logs in through B; B forces the change; the new password works on A.
JB=$WORK/jar-b
curl -s -o /dev/null -b "$JB" -c "$JB" "$B/staff/login"
T=$(csrf "$JB")
r=$(post "$JB" "$B/staff/login" --data-urlencode "_csrf=$T" --data-urlencode "username=admin" --data-urlencode "password=$OTP" --data-urlencode "next=/staff")
[ "${r%% *}" = 303 ] && [[ "$r" == *"/staff/password" ]] || fail "admin login through B with A's one-time password: $r"
r=$(post "$JB" "$B/staff/password" --data-urlencode "_csrf=$T" --data-urlencode "current=$OTP" --data-urlencode "new=two-instances-pass" --data-urlencode "confirm=two-instances-pass")
[ "${r%% *}" = 303 ] || fail "password change through B: $r"
ok "A's first-run password logged in through B and was changed there"

JA=$WORK/jar-a
curl -s -o /dev/null -b "$JA" -c "$JA" "$A/staff/login"
TA=$(csrf "$JA")
r=$(post "$JA" "$A/staff/login" --data-urlencode "_csrf=$TA" --data-urlencode "username=admin" --data-urlencode "password=two-instances-pass" --data-urlencode "next=/staff/admin")
[ "$r" = "303 $A/staff/admin" ] || fail "login through A with the password set through B: $r"
ok "the password set through B logs in through A"

# 2. A's session is a session on B.
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$JA" "$B/staff/admin")
[ "$code" = 200 ] || fail "A's session cookie on B: $code"
ok "a login made through A is a session on B"

# An agency and a clerk, made through A (the admin pages), for the queue check.
r=$(post "$JA" "$A/staff/admin/agencies" --data-urlencode "_csrf=$TA" --data-urlencode "code=edu" --data-urlencode "name=示例市教育局")
[ "${r%% *}" = 303 ] || fail "adding an agency through A: $r"
r=$(post "$JA" "$A/staff/admin/users" --data-urlencode "_csrf=$TA" --data-urlencode "username=clerk" --data-urlencode "displayName=承办人" \
  --data-urlencode "role=handler" --data-urlencode "agency=edu")
CLERK_OTP=$(grep -o '<code class="otp">[A-Za-z0-9]*</code>' "$WORK/body" | sed 's/<[^>]*>//g')
[ -n "$CLERK_OTP" ] || fail "adding a clerk through A: $r"

# Logging out through B ends the session everywhere.
r=$(post "$JA" "$B/staff/logout" --data-urlencode "_csrf=$TA")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$JA" "$A/staff/admin")
[ "$code" = 303 ] || fail "after logging out through B, A still accepts the session: $code"
ok "logging out through B ends the session on A"

# 3. An application through A's portal, followed through B.
JP=$WORK/jar-p
curl -s -o /dev/null -b "$JP" -c "$JP" "$A/apply"
TP=$(csrf "$JP")
r=$(post "$JP" "$A/apply" --data-urlencode "_csrf=$TP" --data-urlencode "agencyCode=edu" --data-urlencode "applicantKind=natural-person" \
  --data-urlencode "applicantName=王小明" --data-urlencode "idNumber=640502198806151234" --data-urlencode "phone=13912345678" \
  --data-urlencode "requestText=请公开2025年招生划片方案" --data-urlencode "provisionForm=electronic" --data-urlencode "deliveryMethod=online")
QC=$(printf '%s' "$r" | grep -o 'code=[A-Z0-9]\{10\}' | cut -d= -f2)
[ -n "$QC" ] || fail "applying through A: $r $(head -c 300 "$WORK/body")"
curl -s "$B/status?code=$QC" | grep -q "办理中" || fail "B's status page does not know $QC"
curl -s "$B/api/v1/applications/$QC/status" | grep -Eq "\"queryCode\" *: *\"$QC\"" || fail "B's API does not know $QC"
ok "application $QC made through A is seen through B's page and API"

JC=$WORK/jar-c
curl -s -o /dev/null -b "$JC" -c "$JC" "$B/staff/login"
TC=$(csrf "$JC")
r=$(post "$JC" "$B/staff/login" --data-urlencode "_csrf=$TC" --data-urlencode "username=clerk" --data-urlencode "password=$CLERK_OTP")
[ "${r%% *}" = 303 ] || fail "the clerk's login through B: $r $(head -c 300 "$WORK/body")"
r=$(post "$JC" "$B/staff/password" --data-urlencode "_csrf=$TC" --data-urlencode "current=$CLERK_OTP" --data-urlencode "new=clerk-password-1" \
  --data-urlencode "confirm=clerk-password-1")
[ "${r%% *}" = 303 ] || fail "the clerk's password change through B: $r $(head -c 300 "$WORK/body")"
code=$(curl -s -o "$WORK/queue" -w '%{http_code}' -b "$JC" "$B/staff/queue")
grep -q "$QC" "$WORK/queue" || fail "B's staff queue does not show $QC (HTTP $code, $(grep -o '<title>[^<]*' "$WORK/queue" | head -n1), $(grep -o 'class="alert[^"]*"[^>]*>[^<]*' "$WORK/queue" | head -n2 | tr '\n' ' '))"
ok "B's staff queue shows it"
echo "all checks passed"
