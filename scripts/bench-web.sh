#!/usr/bin/env bash
# The web platform's benchmark: with N applications (default 1,000,000 across 20 agencies), requests/s and latency
# of the staff queue (first page, one agency, filtered to 办理中) and of the public query-code status page, each against
# a bare route (/ping) of the same server, measured in the same run with wrk on loopback; and the server's peak RSS.
#   scripts/bench-web.sh                     SQLite file (in $TMPDIR)
#   DATABASE_URL=postgres://… scripts/bench-web.sh     PostgreSQL (the database is emptied and filled)
# Options (environment): APPS=1000000 AGENCIES=20 DURATION=15 CONNECTIONS=16 THREADS=1 SKIP_BUILD=1 KEEP_DB=FILE
# Needs wrk and curl (Debian: wrk, curl). Builds the release binaries first unless SKIP_BUILD=1.
set -euo pipefail
trap 'echo "bench-web.sh: the command on line $LINENO failed" >&2' ERR
cd "$(dirname "${BASH_SOURCE[0]}")/.."
APPS=${APPS:-1000000}; AGENCIES=${AGENCIES:-20}; DURATION=${DURATION:-15}; CONNECTIONS=${CONNECTIONS:-16}; THREADS=${THREADS:-1}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }
if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product gongkai >&2; swift build -c release --product gongkai-bench >&2; fi
BIN=.build/release
WORK=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

if [ -n "${DATABASE_URL:-}" ]; then
  DBDESC="PostgreSQL"; DBARGS=()
else
  DB=${KEEP_DB:-$WORK/bench.sqlite}; DBDESC="SQLite file"; DBARGS=(--db "$DB")
fi

if [ -n "${KEEP_DB:-}" ] && [ -s "${KEEP_DB}" ]; then
  echo "using the existing database $KEEP_DB" >&2
  CODE=$(sqlite3 "$KEEP_DB" "SELECT query_code FROM applications a JOIN agencies g ON g.id = a.agency_id WHERE g.code = 'syn00000' AND a.state = 'in-progress' LIMIT 1")
else
  t0=$SECONDS
  out=$("$BIN/gongkai-bench" populate --applications "$APPS" --agencies "$AGENCIES" ${DB:+--db "$DB"})
  echo "$out" >&2
  CODE=$(echo "$out" | sed -n 's/^open-query-code //p')
  echo "populated in $((SECONDS - t0)) s" >&2
fi
[ -n "$CODE" ] || { echo "no open application to look up" >&2; exit 1; }

# The server, with the rate limits out of the way (one client address makes every request here).
GONGKAI_LOOKUPS_PER_MINUTE=1000000 GONGKAI_LOGIN_PER_MINUTE=1000 "$BIN/gongkai" serve --port 0 "${DBARGS[@]}" >"$WORK/server.log" 2>/dev/null &
SERVER=$!
for _ in $(seq 1 120); do URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/server.log" | head -n1 || true); [ -n "$URL" ] && break; sleep 1; done
[ -n "$URL" ] || { cat "$WORK/server.log" >&2; exit 1; }

# A clerk of the first agency: the administrator's first-run password, then a user made on the admin page.
OTP=$(sed -n 's/.*一次性密码 \([A-Za-z0-9]*\).*/\1/p' "$WORK/server.log" | head -n1)
JAR=$WORK/jar
csrf() { sed -n 's/.*gongkai_csrf\t\([^\t]*\)$/\1/p' "$JAR" | tail -n1; }
form() { curl -s -o "$WORK/body" -b "$JAR" -c "$JAR" "$@"; }
form "$URL/staff/login"; T=$(csrf)
if [ -n "$OTP" ]; then
  form --data-urlencode "_csrf=$T" --data-urlencode username=admin --data-urlencode "password=$OTP" "$URL/staff/login"
  form --data-urlencode "_csrf=$T" --data-urlencode "current=$OTP" --data-urlencode new=bench-admin-pass --data-urlencode confirm=bench-admin-pass "$URL/staff/password"
else
  form --data-urlencode "_csrf=$T" --data-urlencode username=admin --data-urlencode password=bench-admin-pass "$URL/staff/login"
fi
form --data-urlencode "_csrf=$T" --data-urlencode username=bench --data-urlencode displayName=压测 --data-urlencode role=handler \
  --data-urlencode agency=syn00000 "$URL/staff/admin/users"
P=$(grep -o '<code class="otp">[A-Za-z0-9]*</code>' "$WORK/body" | sed 's/<[^>]*>//g' || true)
if [ -z "$P" ]; then form --data-urlencode "_csrf=$T" "$URL/staff/admin/users/bench/reset"; P=$(grep -o '<code class="otp">[A-Za-z0-9]*</code>' "$WORK/body" | sed 's/<[^>]*>//g'); fi
rm -f "$JAR"; form "$URL/staff/login"; T=$(csrf)
form --data-urlencode "_csrf=$T" --data-urlencode username=bench --data-urlencode "password=$P" "$URL/staff/login"
form --data-urlencode "_csrf=$T" --data-urlencode "current=$P" --data-urlencode new=bench-clerk-pass --data-urlencode confirm=bench-clerk-pass "$URL/staff/password"
SESSION=$(sed -n 's/.*gongkai_session\t\([^\t]*\)$/\1/p' "$JAR" | tail -n1)
QUEUE="$URL/staff/queue?agency=syn00000&state=in-progress"
STATUS="$URL/status?code=$CODE"
curl -s -b "gongkai_session=$SESSION" "$QUEUE" > "$WORK/queue.html"; grep -q "[0-9]* 件" "$WORK/queue.html" || { echo "the queue page did not answer as expected:" >&2; head -c 600 "$WORK/queue.html" >&2; exit 1; }
curl -s "$STATUS" | grep -q "$CODE" || { echo "the status page did not answer as expected" >&2; exit 1; }

measure() { # name url [header] → "rps p99"
  local name=$1 url=$2; shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$@" "$url" >/dev/null   # warm-up
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" >"$WORK/$name.wrk"
  local rps p99 non2xx
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$WORK/$name.wrk")
  p99=$(awk '$1=="99%"{print $2}' "$WORK/$name.wrk")
  non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$WORK/$name.wrk")
  echo "$rps $p99 ${non2xx:-0}"
}
read -r bare_rps bare_p99 bare_bad <<<"$(measure bare "$URL/ping")"
read -r queue_rps queue_p99 queue_bad <<<"$(measure queue "$QUEUE" -H "Cookie: gongkai_session=$SESSION")"
read -r status_rps status_p99 status_bad <<<"$(measure status "$STATUS")"
read -r bare2_rps bare2_p99 bare2_bad <<<"$(measure bare2 "$URL/ping")"
RSS=$(awk '/VmHWM/{print $2/1024 " MiB"}' "/proc/$SERVER/status")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }
BARE=$(awk -v a="$bare_rps" -v b="$bare2_rps" 'BEGIN{printf "%.0f", (a+b)/2}')
echo
echo "web benchmark: $APPS applications, $AGENCIES agencies, $DBDESC; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on loopback ($(nproc) cores)"
printf "%-40s %12s %10s %10s %8s\n" "route" "requests/s" "p99" "× bare" "non-2xx"
printf "%-40s %12s %10s %10s %8s\n" "bare route /ping (before, after)" "$bare_rps / $bare2_rps" "$bare_p99" "1" "$bare_bad"
printf "%-40s %12s %10s %10s %8s\n" "staff queue, one agency, 办理中, page 1" "$queue_rps" "$queue_p99" "$(ratio "$queue_rps" "$BARE")" "$queue_bad"
printf "%-40s %12s %10s %10s %8s\n" "status page by query code" "$status_rps" "$status_p99" "$(ratio "$status_rps" "$BARE")" "$status_bad"
echo "server peak RSS: $RSS"
