#!/usr/bin/env bash
# bench/sync.sh: how fast `ferryctl sync` moves a demo company to the cloud.
#
# Builds ferryctl and ferry-cloud (build directory $BUILD_DIR, default
# _build) and writes one demo accounting database. Each run starts
# `ferry-cloud serve` on a free loopback port with a new cloud database, adds
# a connection with every push entity type in a new profile, and times five
# syncs, each a whole `ferryctl sync --json` process checked by its counts:
# the first deep sync (everything is created), a deep sync with no change, a
# shallow sync with no change, then 1% of the records edited with sqlite3
# (modified_at bumped) and a shallow --dry-run and a shallow sync of them.
# Prints each run and the medians, with ferryctl's peak RSS (GNU time), and
# writes them into the "Sync" section of docs/benchmarks.md.
#
# Usage: bench/sync.sh [--runs N] [--records N] [--batch-size N] [--no-docs]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

runs=3
records=1000000
batch_size=1000
write_docs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --batch-size) batch_size="$2"; shift 2 ;;
    --no-docs) write_docs=0; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sync.sh: unknown argument “$1”; see --help" >&2; exit 2 ;;
  esac
done
. "$(dirname "$0")/bench-lib.sh"
bench_check_numbers sync.sh "$runs" "$records" "$batch_size"
bench_build src/cli/ferryctl src/cloud/ferry-cloud
ferryctl="$build_dir/src/cli/ferryctl"

gnu_time=/usr/bin/time
"$gnu_time" -f %M true >/dev/null 2>&1 || { echo "sync.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
for tool in sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "sync.sh: needs $tool" >&2; exit 1; }
done

source_db="$work/accounting.db"
echo "writing a demo company of $records records…"
"$ferryctl" demo-data --out "$source_db" --records "$records" >/dev/null

# The push entity types, and SQL that edits 1% of their rows: a required
# description or name gets a suffix, else a required amount one more cent;
# modified_at is bumped either way, as the accounting system would.
read -r push_ids push_total < <("$ferryctl" catalog --json | python3 -c '
import json, sqlite3, sys
catalog = json.load(sys.stdin)
db = sqlite3.connect(sys.argv[1])
push = [e for e in catalog["entity_types"] if e["direction"] == "push"]
total = sum(db.execute("SELECT count(*) FROM %s" % e["table"]).fetchone()[0] for e in push)
print(",".join(e["id"] for e in push), total)' "$source_db")
[ -n "${push_total:-}" ] || { echo "sync.sh: could not read the catalog or the demo database" >&2; exit 1; }

edit_sql () {
  "$ferryctl" catalog --json | python3 -c '
import json, sys
run = sys.argv[1]
for e in json.load(sys.stdin)["entity_types"]:
    if e["direction"] != "push":
        continue
    required = [f for f in e["fields"] if not f.get("optional") and not f.get("references")
                and f["name"] not in e["key"]]
    text = [f["name"] for f in required if f["name"] in ("description", "name", "first_name")]
    money = [f["name"] for f in required if f["type"] == "money"]
    if text:
        change = "%s = %s || %s" % (text[0], text[0], "\x27 (edit %s)\x27" % run)
    elif money:
        change = "%s = %s + 1" % (money[0], money[0])
    else:
        continue
    print("UPDATE %s SET %s, modified_at = strftime(\x27%%Y-%%m-%%dT%%H:%%M:%%SZ\x27, \x27now\x27) "
          "WHERE rowid %% 100 = 0;" % (e["table"], change))
    print("SELECT changes();")' "$1"
}

# A new profile with one connection to the running server.
add_connection () {
  rm -rf "$work/profile"
  "$ferryctl" --profile "$work/profile" connection add Bench --location "$source_db" \
    --site-url "$url" --site bench --company 01 --user syncer \
    --batch-size "$batch_size" --entities "$push_ids" --schedule manual >/dev/null
}

# Runs `ferryctl sync Bench --json ARGS…` and checks that it succeeded and
# that the counts COUNT=VALUE given before "--" hold. Sets seconds, rss_kb
# (ferryctl's peak RSS) and sent.
timed_sync () {
  local checks=()
  while [ "$1" != "--" ]; do checks+=("$1"); shift; done
  shift
  if ! bench_timed "$work/sync.json" "$work/sync.err" "$ferryctl" --profile "$work/profile" \
      sync Bench --password-file "$work/password" --json "$@"; then
    echo "sync.sh: ferryctl sync $* failed:" >&2
    cat "$work/sync.err" >&2
    exit 1
  fi
  sent=$(python3 - "$work/sync.json" "${checks[@]}" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))
counts = result["counts"]
if result["result"] != "succeeded":
    sys.exit("sync.sh: the sync ended with %s: %s" % (result["result"], result["message"]))
for check in sys.argv[2:]:
    name, value = check.split("=")
    if counts[name] != int(value):
        sys.exit("sync.sh: %s is %s, not %s" % (name, counts[name], value))
print(counts["sent"])
EOF
)
  peak_kb=$(( rss_kb > peak_kb ? rss_kb : peak_kb ))
}

# One run; sets rate, first, deep, shallow, edited, dry, edit and peak_kb.
run_once () {
  local run="$1"
  peak_kb=0
  bench_start_cloud syncer
  add_connection
  timed_sync "created=$push_total" -- --deep
  first=$seconds
  rate=$(awk -v n="$sent" -v s="$first" 'BEGIN { printf "%.0f", n / s }')
  timed_sync sent=0 "skipped=$push_total" -- --deep
  deep=$seconds
  timed_sync sent=0 --
  shallow=$seconds
  edited=$(edit_sql "$run" | sqlite3 "$source_db" | awk '{ n += $1 } END { print n + 0 }')
  timed_sync "sent=$edited" -- --dry-run
  dry=$seconds
  timed_sync "sent=$edited" "updated=$edited" --
  edit=$seconds
  bench_stop_cloud
}

command_line="BUILD_DIR=$build_dir bench/sync.sh --runs $runs --records $records --batch-size $batch_size"
bench_describe_machine
load="$(cut -d' ' -f1-3 /proc/loadavg)"

table="| Run | First deep (records/s) | First deep (s) | Deep, no change (s) | Shallow, no change (s) | Edited records | Shallow dry run, 1% (s) | Shallow, 1% (s) | ferryctl peak RSS (MiB) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A all=()
echo "ferryctl sync of $push_total push records ($records in the demo company), $batch_size per batch, $runs runs on $machine (load $load)"
for i in $(seq 1 "$runs"); do
  run_once "$i"
  mib=$(awk -v k="$peak_kb" 'BEGIN { printf "%.0f", k / 1024 }')
  printf 'run %d: first deep %d records/s (%s s), deep no change %s s, shallow no change %s s, %d edited: dry run %s s, shallow %s s; peak RSS %d MiB\n' \
    "$i" "$rate" "$first" "$deep" "$shallow" "$edited" "$dry" "$edit" "$mib"
  table="$table
| $i | $rate | $first | $deep | $shallow | $edited | $dry | $edit | $mib |"
  for key in rate first deep shallow dry edit mib; do
    all[$key]="${all[$key]:-} ${!key}"
  done
done

declare -A med=()
for key in rate first deep shallow dry edit mib; do
  med[$key]=$(printf '%s\n' ${all[$key]} | bench_median)
done
summary="first deep sync ${med[rate]} records/s (${med[first]} s), deep sync with no change ${med[deep]} s, shallow sync with no change ${med[shallow]} s, shallow sync of 1% edited ${med[edit]} s (dry run ${med[dry]} s), ferryctl peak RSS ${med[mib]} MiB"
echo "median: $summary"

[ "$write_docs" = 1 ] || exit 0

section="## Sync

\`ferryctl sync\` of a demo company of $records records ($push_total of them
in push entity types) to \`ferry-cloud serve\` on loopback, $batch_size records
per batch. Each run starts from a new cloud database and a new ledger, and
times five whole \`ferryctl sync --json\` processes (start, log in, read, hash,
send, record, reconcile, exit), each checked by its counts: the first deep
sync (every record created), a deep sync with no change (nothing sent), a
shallow sync with no change, then, after editing 1% of the rows of each push
table with sqlite3 (a description, name or amount, and \`modified_at\`), a
shallow \`--dry-run\` (reading and comparing without the network) and a shallow
sync that sends them (every one \`updated\`). Peak RSS is ferryctl's largest
over the five (GNU time). Targets: at least 50,000 records/s for the first
deep sync, at most 0.3 s for a shallow sync with no change, at most 100 MB.

- Command: \`$command_line\`
- Machine: $machine (ferryctl and the server share it; load average $load at the start)
- Commit: $commit, measured $(date -u +%Y-%m-%d)

$table

**Median: $summary.**
"

bench_write_section Sync "$section"
