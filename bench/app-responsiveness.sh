#!/usr/bin/env bash
# bench/app-responsiveness.sh: whether the app's main loop stays responsive
# while its Sync controller runs a large sync, and how long Cancel takes.
#
# Builds bench/app-responsiveness (build directory $BUILD_DIR, default
# _build, with the app) and runs it --runs times inside
# build-aux/test-session.sh: each run starts the embedded demo (a generated
# company of --records records and a real ferry-cloud on loopback), switches
# on every push entity type of the catalog, and syncs everything through
# FerrySyncController on a main loop with a 5 ms probe timer; then once
# more, cancelled --cancel-after seconds in. Prints each run and the
# medians: the longest main-loop stall (target ≤ 30 ms; next to it the
# longest with nothing running, which is the machine's load) and Cancel's
# delay (target < 1 s).
#
# Usage: bench/app-responsiveness.sh [--runs N] [--records N] [--cancel-after S]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

runs=3
records=1000000
cancel_after=3
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --cancel-after) cancel_after="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "app-responsiveness.sh: unknown argument “$1”; see --help" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-_build}"
[ -f "$build_dir/build.ninja" ] || meson setup "$build_dir" >/dev/null
ninja -C "$build_dir" bench/app-responsiveness src/cloud/ferry-cloud >/dev/null

entities="$(python3 -c '
import json, sys
catalog = json.load(open("data/catalog.json"))
print(",".join(e["id"] for e in catalog["entity_types"] if e["direction"] == "push"))')"
probe() {
  build-aux/test-session.sh meson devenv -C "$build_dir" bench/app-responsiveness \
    --records "$records" --entities "$entities" "$@" 2>&1 | grep -E '^records=|longest stall'
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

: > "${TMPDIR:-/tmp}/ferry-app-resp.$$"
results="${TMPDIR:-/tmp}/ferry-app-resp.$$"
trap 'rm -f "$results"' EXIT
for i in $(seq 1 "$runs"); do
  full="$(probe)"
  cancelled="$(probe --cancel-after "$cancel_after")"
  echo "run $i: full sync: $full"
  echo "run $i: cancelled: $cancelled"
  echo "$(echo "$full" | field sync_ms) $(echo "$full" | field max_stall_ms)" \
       "$(echo "$cancelled" | field max_stall_ms) $(echo "$cancelled" | field cancel_ms)" \
       "$(echo "$full" | field idle_stall_ms)" >> "$results"
done
median() { awk "{ print \$$1 }" "$results" | sort -n |
           awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "records: $records (push entity types: all), median of $runs runs:"
echo "  full sync: $(median 1) ms, longest main-loop stall $(median 2) ms" \
     "(idle, before it: $(median 5) ms)"
echo "  cancelled ${cancel_after} s in: longest stall $(median 3) ms, Cancel took $(median 4) ms"
