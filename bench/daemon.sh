#!/usr/bin/env bash
# bench/daemon.sh: what `ferryctl daemon` costs and how punctual it is when
# it runs many connections unattended.
#
# Builds ferryctl and ferry-cloud (build directory $BUILD_DIR, default
# _build), writes one demo accounting database and starts `ferry-cloud
# serve` on a free loopback port. Each run makes a profile of CONNECTIONS
# connections to that database, all with the schedule "every:1m", and
# runs `ferryctl daemon` for MINUTES minutes: every connection's first run
# is due at once (it never ran), then one at each minute. Then the
# schedules become daily and the daemon, with nothing due, is watched for
# IDLE seconds. Prints, per run: the automatic runs in the ledgers (and
# that none of a connection overlapped another), how late runs started
# after their slot (median and worst, from the daemon's log), the daemon's
# peak RSS and its CPU time busy and idle. Writes the medians into the
# "Automatic syncs" section of docs/benchmarks.md.
#
# Usage: bench/daemon.sh [--runs N] [--connections N] [--minutes N]
#                        [--idle SECONDS] [--records N] [--no-docs]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

runs=3
connections=20
minutes=3
idle=60
records=2000
write_docs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --minutes) minutes="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --no-docs) write_docs=0; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "daemon.sh: unknown argument “$1”; see --help" >&2; exit 2 ;;
  esac
done
. "$(dirname "$0")/bench-lib.sh"
bench_check_numbers daemon.sh "$runs" "$connections" "$minutes" "$idle" "$records"
bench_build src/cli/ferryctl src/cloud/ferry-cloud
ferryctl="$build_dir/src/cli/ferryctl"
command -v python3 >/dev/null || { echo "daemon.sh: needs python3" >&2; exit 1; }
ticks=$(getconf CLK_TCK)

demo_db="$work/demo.db"
echo "writing a demo company of $records records…"
"$ferryctl" demo-data --out "$demo_db" --records "$records" >/dev/null
bench_start_cloud syncer

# CPU seconds (user + system) the process $1 has used.
cpu_seconds () {
  awk -v t="$ticks" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$1/stat"
}

# One run; sets n_runs, overlaps, late_median, late_worst, rss, busy_cpu, idle_cpu.
run_once () {
  local profile="$work/profile" daemon_pid i before after
  rm -rf "$profile"
  for i in $(seq 1 "$connections"); do
    "$ferryctl" --profile "$profile" connection add "Yard $i" --location "$demo_db" \
      --site-url "$url" --site bench --company 01 --user syncer --schedule every:1m >/dev/null
  done
  # Start just after a minute begins, so that every run covers whole slots.
  sleep $(( 61 - $(date +%-S) ))
  "$ferryctl" --profile "$profile" daemon --password-file "$work/password" \
    2>"$work/daemon.log" &
  daemon_pid=$!
  sleep $(( minutes * 60 ))
  busy_cpu=$(cpu_seconds "$daemon_pid")

  for i in $(seq 1 "$connections"); do
    "$ferryctl" --profile "$profile" connection set "Yard $i" --schedule daily:04:00 >/dev/null
  done
  sleep 5   # the last runs end, the next check reads the new schedules
  before=$(cpu_seconds "$daemon_pid")
  sleep "$idle"
  after=$(cpu_seconds "$daemon_pid")
  idle_cpu=$(awk -v a="$before" -v b="$after" -v s="$idle" 'BEGIN { printf "%.0f", (b - a) * 1000 * 60 / s }')
  rss=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$daemon_pid/status")
  kill -TERM "$daemon_pid"
  wait "$daemon_pid" || { echo "daemon.sh: the daemon did not stop cleanly:" >&2; tail -n 5 "$work/daemon.log" >&2; exit 1; }

  read -r n_runs overlaps late_median late_worst < <(python3 - "$profile" "$work/daemon.log" "$connections" <<'EOF'
import glob, re, sqlite3, statistics, sys
profile, log = sys.argv[1], sys.argv[2]
n = overlaps = 0
for path in glob.glob(profile + "/data/ledgers/*.db"):
    db = sqlite3.connect(path)
    rows = db.execute("SELECT started_at, ended_at, result FROM runs WHERE trigger = 'automatic'"
                      " ORDER BY started_at").fetchall()
    if any(r[2] != "succeeded" for r in rows):
        sys.exit("daemon.sh: a run did not succeed: %r" % (rows,))
    n += len(rows)
    for a, b in zip(rows, rows[1:]):
        if b[0] < a[1]:
            overlaps += 1
# "ferry-scheduler-Message: 14:05:00.123: “Yard 3”: automatic sync started"
# The first run of each connection is due at start-up, not at a slot.
first_runs = int(sys.argv[3])
late = []
for line in open(log):
    m = re.search(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d): .*automatic sync started", line)
    if m:
        h, mi, s, ms = map(int, m.groups())
        late.append(s * 1000 + ms)          # milliseconds after the minute began
late = late[first_runs:]
if not late:
    sys.exit("daemon.sh: the log shows no run")
print(n, overlaps, int(statistics.median(late)), max(late))
EOF
)
  [ "$overlaps" = 0 ] || { echo "daemon.sh: $overlaps overlapping runs" >&2; exit 1; }
}

command_line="BUILD_DIR=$build_dir bench/daemon.sh --runs $runs --connections $connections --minutes $minutes --idle $idle --records $records"
bench_describe_machine
load="$(cut -d' ' -f1-3 /proc/loadavg)"

table="| Run | Automatic runs | Overlaps | Start after the slot, median (ms) | worst (ms) | Peak RSS (MiB) | CPU busy (s) | CPU idle (ms/min) |
|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A all=()
echo "ferryctl daemon, $connections connections every minute for $minutes min, then $idle s idle; $runs runs on $machine (load $load)"
for i in $(seq 1 "$runs"); do
  run_once
  printf 'run %d: %d runs, %d overlaps, started %d ms after the slot (worst %d), peak RSS %d MiB, CPU %s s busy, %d ms/min idle\n' \
    "$i" "$n_runs" "$overlaps" "$late_median" "$late_worst" "$rss" "$busy_cpu" "$idle_cpu"
  table="$table
| $i | $n_runs | $overlaps | $late_median | $late_worst | $rss | $busy_cpu | $idle_cpu |"
  for key in n_runs late_median late_worst rss busy_cpu idle_cpu; do
    all[$key]="${all[$key]:-} ${!key}"
  done
done
bench_stop_cloud

declare -A med=()
for key in n_runs late_median late_worst rss busy_cpu idle_cpu; do
  med[$key]=$(printf '%s\n' ${all[$key]} | bench_median)
done
summary="${med[n_runs]} automatic runs, none overlapping; runs started ${med[late_median]} ms after their slot (worst ${med[late_worst]} ms); daemon peak RSS ${med[rss]} MiB, ${med[busy_cpu]} s CPU for the busy minutes, ${med[idle_cpu]} ms CPU per idle minute"
echo "median: $summary"

[ "$write_docs" = 1 ] || exit 0

section="## Automatic syncs

\`ferryctl daemon\` running $connections connections to one demo company of
$records records, all scheduled every minute, against \`ferry-cloud serve\`
on loopback, for $minutes minutes; then, with every schedule made daily,
watched for $idle s with nothing due. Every connection's first run is due at
once (it never ran), then one each minute: runs of different connections
may overlap, runs of one connection never do (checked in the ledgers). The
start delay is the time from the top of the minute to the daemon's log
line \"automatic sync started\", so it includes the runs of the other
connections started before it in the same check, and the scheduler's
deliberate half-second margin after a slot (a timer never fires before the
slot it waits for). CPU time is the daemon's
own (/proc), not the cloud's.

- Command: \`$command_line\`
- Machine: $machine (the daemon and the server share it; load average $load at the start)
- Commit: $commit, measured $(date -u +%Y-%m-%d)

$table

**Median: $summary.**
"

bench_write_section "Automatic syncs" "$section"
