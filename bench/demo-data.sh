#!/usr/bin/env bash
# bench/demo-data.sh: how fast `ferryctl demo-data` writes a large company.
#
# Builds ferryctl if needed (build directory $BUILD_DIR, default _build),
# runs `ferryctl demo-data` for 1,000,000 records several times, prints the
# seconds, records/s and peak RSS of each run and the median, and writes
# them into the "Demo data generator" section of docs/benchmarks.md.
#
# Usage: bench/demo-data.sh [--runs N] [--records N] [--no-docs]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

runs=3
records=1000000
write_docs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --no-docs) write_docs=0; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo-data.sh: unknown argument “$1”; see --help" >&2; exit 2 ;;
  esac
done
. "$(dirname "$0")/bench-lib.sh"
bench_check_numbers demo-data.sh "$runs" "$records"
bench_build src/cli/ferryctl
ferryctl="$build_dir/src/cli/ferryctl"

# Peak RSS comes from GNU time; without it (and without root to install
# it), from the kernel's high-water mark, polled while the run lasts.
gnu_time=/usr/bin/time
if ! "$gnu_time" -f %M true >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq time >/dev/null 2>&1 || true
  fi
fi
"$gnu_time" -f %M true >/dev/null 2>&1 || gnu_time=""

# Runs ferryctl once; prints "SECONDS RSS_KB".
run_once () {
  local out="$work/demo.db" start end rss=0 pid
  rm -f "$out"
  start=$(date +%s.%N)
  if [ -n "$gnu_time" ]; then
    "$gnu_time" -o "$work/rss" -f %M "$ferryctl" demo-data --out "$out" --records "$records" \
      --seed 1 >"$work/summary"
    rss=$(tail -n 1 "$work/rss")
  else
    "$ferryctl" demo-data --out "$out" --records "$records" --seed 1 >"$work/summary" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      rss=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo "$rss")
      sleep 0.05
    done
    wait "$pid"
  fi
  end=$(date +%s.%N)
  grep -q "^Total  *$records\$" "$work/summary" || { echo "demo-data.sh: unexpected summary:" >&2; cat "$work/summary" >&2; exit 1; }
  rm -f "$out"
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') $rss"
}

command_line="BUILD_DIR=$build_dir bench/demo-data.sh --runs $runs --records $records"
bench_describe_machine

table="| Run | Seconds | Records/s | Peak RSS (MiB) |
|---:|---:|---:|---:|"
seconds_list=""
echo "ferryctl demo-data --records $records, $runs runs on $machine"
for i in $(seq 1 "$runs"); do
  read -r seconds rss < <(run_once)
  rate=$(awk -v n="$records" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
  mib=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
  printf 'run %d: %6.2f s  %9d records/s  peak RSS %d MiB\n' "$i" "$seconds" "$rate" "$mib"
  table="$table
| $i | $seconds | $rate | $mib |"
  seconds_list="$seconds_list $seconds"
done

median=$(printf '%s\n' $seconds_list | bench_median | awk '{ printf "%.2f", $1 }')
median_rate=$(awk -v n="$records" -v s="$median" 'BEGIN { printf "%.0f", n / s }')
echo "median: $median s, $median_rate records/s"

[ "$write_docs" = 1 ] || exit 0

section="## Demo data generator

\`ferryctl demo-data\` writing a company of $records records (seed 1, as of
the default date) into a new SQLite file: generation, inserts in one
transaction, the final foreign key check, fsync and rename. Seconds are wall
clock around the whole process; peak RSS is the process's maximum resident
set size.

- Command: \`$command_line\`
- Machine: $machine
- Commit: $commit, measured $(date -u +%Y-%m-%d)

$table

**Median: $median s, $median_rate records/s.**
"

bench_write_section "Demo data generator" "$section"
