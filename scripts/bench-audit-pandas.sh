#!/usr/bin/env bash
# `gongkai audit --json DIR` against a pandas `read_html` loop that only pulls the tables, on the same HTML pages, in
# one run: seconds for each and the ratio (issue 10, kind 7: the goal is 5× the pandas loop on a 2-core machine).
#   scripts/bench-audit-pandas.sh            300 generated report pages (gongkai-bench's corpus, ~350 KB each)
#   PAGES=N DIR=folder-of-html SKIP_BUILD=1  another count, or real pages of your own
# Needs pandas and lxml (Debian: python3-pandas python3-lxml). Builds the release binaries unless SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PAGES=${PAGES:-300}
/usr/bin/python3 -c "import pandas, lxml" 2>/dev/null || { echo "pandas and lxml are needed (apt-get install python3-pandas python3-lxml)" >&2; exit 2; }
if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product gongkai >&2; swift build -c release --product gongkai-bench >&2; fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -n "${DIR:-}" ]; then HTML=$DIR; else
  .build/release/gongkai-bench audit --text 1 --html "$PAGES" --dir "$WORK/corpus" >/dev/null
  HTML=$WORK/corpus/html
fi
COUNT=$(find "$HTML" -name '*.htm*' | wc -l)
t0=$(date +%s.%N)
.build/release/gongkai audit --json "$HTML" >"$WORK/audit.json" 2>/dev/null || true
t1=$(date +%s.%N)
/usr/bin/python3 - "$HTML" >"$WORK/pandas.txt" <<'PY'
import glob, os, sys
import pandas as pd
cells = 0
for f in sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.htm*"), recursive=True)):
    try:
        for t in pd.read_html(f):
            cells += t.size
    except ValueError:
        pass
print(cells)
PY
t2=$(date +%s.%N)
awk -v n="$COUNT" -v a="$t0" -v b="$t1" -v c="$t2" -v cores="$(nproc)" 'BEGIN {
  g = b - a; p = c - b
  printf "%d HTML pages, %d cores\n", n, cores
  printf "gongkai audit --json DIR   %6.2f s  (%.0f pages/s)\n", g, n / g
  printf "pandas read_html loop      %6.2f s  (%.0f pages/s)\n", p, n / p
  printf "ratio (pandas time / gongkai time): %.2f×  (goal 5×)\n", p / g
}'
