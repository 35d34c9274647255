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
case "$runs$records$batch_size$concurrency" in
  *[!0-9]*|'') echo "cloud-ingest.sh: --runs, --records, --batch-size and --concurrency take whole numbers" >&2; exit 2 ;;
esac
[ "$runs" -ge 1 ] || { echo "cloud-ingest.sh: --runs must be at least 1" >&2; exit 2; }

cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-_build}"
if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" -Dapp=false >/dev/null
fi
ninja -C "$build_dir" src/cloud/ferry-cloud bench/ferry-cloud-load >/dev/null
cloud="$build_dir/src/cloud/ferry-cloud"
load="$build_dir/bench/ferry-cloud-load"

gnu_time=/usr/bin/time
"$gnu_time" -f %M true >/dev/null 2>&1 || { echo "cloud-ingest.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-cloud-bench-XXXXXX")"
server_pid=""
cleanup () {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A random password in a file only we can read; never on a command line.
(umask 077 && head -c 18 /dev/urandom | base64 > "$work/password")

# Starts the server on a fresh database; sets server_pid, time_pid and url.
start_server () {
  local db="$work/cloud.db" i
  rm -f "$db" "$db-wal" "$db-shm" "$work/server.out" "$work/server.err" "$work/time"
  "$cloud" site add --db "$db" bench >/dev/null
  "$cloud" company add --db "$db" --site bench 01 "Bench Construction" >/dev/null
  "$cloud" user add --db "$db" --site bench --can-sync --kdf-iterations 100000 loader \
    < "$work/password" >/dev/null
  "$gnu_time" -o "$work/time" -f '%M %U %S' "$cloud" serve --db "$db" --listen 127.0.0.1:0 \
    >"$work/server.out" 2>"$work/server.err" &
  time_pid=$!
  url=""
  for i in $(seq 1 200); do
    url="$(sed -n '1s|^ferry-cloud: listening on \(http://[0-9.:]*\)$|\1|p' "$work/server.out" 2>/dev/null)"
    [ -n "$url" ] && break
    kill -0 "$time_pid" 2>/dev/null || { echo "cloud-ingest.sh: the server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
    sleep 0.05
  done
  [ -n "$url" ] || { echo "cloud-ingest.sh: the server did not say where it listens" >&2; exit 1; }
  # GNU time does not pass SIGTERM on: signal the server itself.
  server_pid="$(pgrep -P "$time_pid")"
}

stop_server () {
  kill -TERM "$server_pid"
  wait "$time_pid" || { echo "cloud-ingest.sh: the server did not stop cleanly:" >&2; tail -n 5 "$work/server.err" >&2; exit 1; }
  server_pid=""
}

# One run on a fresh database; prints "RECORDS_PER_S SECONDS RSS_KB BUILD_S SERVER_CPU_S CLIENT_CPU_S".
run_once () {
  local result rss user sys
  start_server
  if ! "$load" --url "$url" --site bench --company 01 --user loader --password-file "$work/password" \
      --entity "$entity" --records "$records" --batch-size "$batch_size" \
      --concurrency "$concurrency" >"$work/load.out" 2>"$work/load.err"; then
    echo "cloud-ingest.sh: the load generator failed:" >&2
    cat "$work/load.err" >&2
    tail -n 5 "$work/server.err" >&2
    exit 1
  fi
  stop_server
  result="$(grep '^result:' "$work/load.out")"
  read -r rss user sys < <(tail -n 1 "$work/time")
  awk -v r="$result" -v rss="$rss" -v u="$user" -v s="$sys" 'BEGIN {
    n = split(r, parts, /[ =]/)
    for (i = 2; i < n; i += 2) v[parts[i]] = parts[i + 1]
    printf "%s %s %s %s %.2f %s\n", v["records_per_s"], v["seconds"], rss, v["build_seconds"], u + s, v["client_cpu_seconds"]
  }'
}

median () {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

command_line="BUILD_DIR=$build_dir bench/cloud-ingest.sh --runs $runs --records $records --batch-size $batch_size --concurrency $concurrency --entity $entity"
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
machine="$(nproc) CPUs, ${cpu:-unknown CPU}, $(awk '/^MemTotal:/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

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

median_rate=$(printf '%s\n' $rates | median | awk '{ printf "%.0f", $1 }')
median_wall=$(printf '%s\n' $walls | median | awk '{ printf "%.2f", $1 }')
median_rss=$(printf '%s\n' $rsss | median | awk '{ printf "%.0f", $1 }')
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

docs=docs/benchmarks.md
# Replace our section (up to the next "## " heading) or append it.
awk -v section="$section" '
  /^## Cloud ingest$/ { skipping = 1; if (!done) { print section; done = 1 }; next }
  skipping && /^## / { skipping = 0 }
  !skipping { print }
  END { if (!done) { print ""; print section } }
' "$docs" > "$work/benchmarks.md"
cat -s "$work/benchmarks.md" > "$docs"
echo "wrote the “Cloud ingest” section of $docs"
