#!/usr/bin/env bash
# bench/cloud-ingest.sh: how fast `ferry-cloud serve` stores pushed records.
#
# Builds ferry-cloud and the load generator (build directory $BUILD_DIR,
# default _build). Each run makes a fresh cloud database with the admin
# commands, starts `ferry-cloud serve` on a free loopback port, pushes the
# records with bench/ferry-cloud-load (batch bodies built before the clock
# starts), and stops the server with SIGTERM. Prints records/s, wall seconds
# and the server's peak RSS of each run and the medians, and writes them into
# the "Cloud ingest" section of docs/benchmarks.md.
#
# Usage: bench/cloud-ingest.sh [--runs N] [--records N] [--batch-size N]
#                              [--concurrency N] [--entity ID] [--no-docs]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

runs=3
records=1000000
batch_size=1000
concurrency=2
entity=ar.customer
write_docs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --batch-size) batch_size="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --entity) entity="$2"; shift 2 ;;
    --no-docs) write_docs=0; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cloud-ingest.sh: unknown argument “$1”; see --help" >&2; exit 2 ;;
  esac
done
. "$(dirname "$0")/bench-lib.sh"
bench_check_numbers cloud-ingest.sh "$runs" "$records" "$batch_size" "$concurrency"
bench_build src/cloud/ferry-cloud bench/ferry-cloud-load
load="$build_dir/bench/ferry-cloud-load"

gnu_time=/usr/bin/time
"$gnu_time" -f %M true >/dev/null 2>&1 || { echo "cloud-ingest.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

# One run on a fresh database; prints "RECORDS_PER_S SECONDS RSS_KB BUILD_S SERVER_CPU_S CLIENT_CPU_S".
run_once () {
  local result rss user sys
  bench_start_cloud loader "$gnu_time" -o "$work/time" -f '%M %U %S'
  if ! "$load" --url "$url" --site bench --company 01 --user loader --password-file "$work/password" \
      --entity "$entity" --records "$records" --batch-size "$batch_size" \
      --concurrency "$concurrency" >"$work/load.out" 2>"$work/load.err"; then
    echo "cloud-ingest.sh: the load generator failed:" >&2
    cat "$work/load.err" >&2
    tail -n 5 "$work/server.err" >&2
    exit 1
  fi
  bench_stop_cloud
  result="$(grep '^result:' "$work/load.out")"
  read -r rss user sys < <(tail -n 1 "$work/time")
  awk -v r="$result" -v rss="$rss" -v u="$user" -v s="$sys" 'BEGIN {
    n = split(r, parts, /[ =]/)
    for (i = 2; i < n; i += 2) v[parts[i]] = parts[i + 1]
    printf "%s %s %s %s %.2f %s\n", v["records_per_s"], v["seconds"], rss, v["build_seconds"], u + s, v["client_cpu_seconds"]
  }'
}

command_line="BUILD_DIR=$build_dir bench/cloud-ingest.sh --runs $runs --records $records --batch-size $batch_size --concurrency $concurrency --entity $entity"
bench_describe_machine

table="| Run | Records/s | Wall (s) | Server peak RSS (MiB) | Server CPU (s) | Client CPU (s) | Body building (s) |
|---:|---:|---:|---:|---:|---:|---:|"
rates="" walls="" rsss=""
echo "ferry-cloud ingest of $records $entity records, $batch_size per batch, $concurrency connections, $runs runs on $machine"
for i in $(seq 1 "$runs"); do
  read -r rate wall rss build server_cpu client_cpu < <(run_once)
  mib=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
  printf 'run %d: %9d records/s  %6.2f s  server peak RSS %d MiB  server CPU %s s  client CPU %s s\n' \
    "$i" "$rate" "$wall" "$mib" "$server_cpu" "$client_cpu"
  table="$table
| $i | $rate | $wall | $mib | $server_cpu | $client_cpu | $build |"
  rates="$rates $rate" walls="$walls $wall" rsss="$rsss $mib"
done

median_rate=$(printf '%s\n' $rates | bench_median | awk '{ printf "%.0f", $1 }')
median_wall=$(printf '%s\n' $walls | bench_median | awk '{ printf "%.2f", $1 }')
median_rss=$(printf '%s\n' $rsss | bench_median | awk '{ printf "%.0f", $1 }')
echo "median: $median_rate records/s, $median_wall s, server peak RSS $median_rss MiB"

[ "$write_docs" = 1 ] || exit 0

section="## Cloud ingest

\`ferry-cloud serve\` on loopback storing $records new \`$entity\` records
pushed by \`bench/ferry-cloud-load\` in batches of $batch_size over
$concurrency connections, each batch with its own \`Idempotency-Key\`, after 50
records of each type they refer to. Every run starts from a new cloud database
(SQLite, WAL). The batch bodies are built before the clock starts (\"Body
building\"); wall seconds run from the first request to the last answer. Each
answer is checked: its summary must count every record of the batch as
\`created\` (or \`unchanged\`) and it must hold one result per record. The
server stores batches on its writer thread while its main loop reads the next
request. Peak RSS and CPU are the server process's (GNU time); client CPU is
the load generator's while it sends and checks.

- Command: \`$command_line\`
- Machine: $machine (server and client share it)
- Commit: $commit, measured $(date -u +%Y-%m-%d)

$table

**Median: $median_rate records/s, $median_wall s, server peak RSS $median_rss MiB.**
"

bench_write_section "Cloud ingest" "$section"
