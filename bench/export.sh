#!/usr/bin/env bash
# bench/export.sh: how fast `ferryctl sync` writes the cloud's export items
# into the accounting database.
#
# Builds ferryctl and ferry-cloud (build directory $BUILD_DIR, default
# _build) and writes one demo accounting database, then makes ITEMS export
# items from its real keys: nine in ten time entries (each employee, day,
# job and cost code once), one in ten prime contract change orders with two
# items each. Each run copies the database, starts `ferry-cloud serve` on a
# free loopback port with a new cloud database, enqueues the items there
# (not timed), adds a connection with the two export types, and times two
# whole `ferryctl sync --direction export --json` processes checked by their
# counts: the first writes every item (each in its own transaction with its
# marker, acknowledged a page at a time), the second finds the feed empty.
# Prints each run and the medians, with ferryctl's peak RSS (GNU time), and
# writes them into the "Export" section of docs/benchmarks.md.
#
# Usage: bench/export.sh [--runs N] [--items N] [--records N] [--no-docs]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

runs=3
items=100000
records=50000
write_docs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --items) items="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --no-docs) write_docs=0; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "export.sh: unknown argument “$1”; see --help" >&2; exit 2 ;;
  esac
done
. "$(dirname "$0")/bench-lib.sh"
bench_check_numbers export.sh "$runs" "$items" "$records"
bench_build src/cli/ferryctl src/cloud/ferry-cloud
ferryctl="$build_dir/src/cli/ferryctl"
cloud="$build_dir/src/cloud/ferry-cloud"

gnu_time=/usr/bin/time
"$gnu_time" -f %M true >/dev/null 2>&1 || { echo "export.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "export.sh: needs python3" >&2; exit 1; }

demo_db="$work/demo.db"
echo "writing a demo company of $records records…"
"$ferryctl" demo-data --out "$demo_db" --records "$records" >/dev/null

# The items, from keys that exist and are active in the demo company.
python3 - "$demo_db" "$items" "$work/items.json" <<'EOF'
import datetime, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = int(sys.argv[2])
employees = [r[0] for r in db.execute("SELECT employee FROM pr_employee WHERE is_active = 1 ORDER BY 1")]
open_codes = db.execute("SELECT c.job, c.cost_code FROM jc_job_cost_code c JOIN cv_job j USING (job)"
                        " WHERE c.is_active = 1 AND j.is_active = 1 ORDER BY 1, 2").fetchall()
categories = [r[0] for r in db.execute("SELECT category FROM jc_category ORDER BY 1")]
contract_items = db.execute("SELECT contract, item FROM cn_contract_item ORDER BY 1, 2").fetchall()
if not (employees and open_codes and categories and contract_items):
    sys.exit("export.sh: the demo company lacks employees, cost codes, categories or contracts")
start = datetime.date(2026, 1, 1)
out = []
for i in range(n):
    if i % 10 == 9:
        contract, contract_item = contract_items[i % len(contract_items)]
        out.append({"export_id": "pcco-%07d" % i, "entity": "export.pcco", "fields": {
            "contract": contract, "change_order": "X%07d" % i, "description": "Added scope %d" % i,
            "change_order_date": "2026-03-01", "status": "Approved", "amount": "2500.05",
            "items": [{"item": "1", "contract_item": contract_item, "description": "Rough-in",
                       "amount": "2500.10"},
                      {"item": "2", "contract_item": None, "description": "Credit",
                       "amount": "-0.05"}]}})
    else:
        employee = employees[i % len(employees)]
        job, cost_code = open_codes[(i // len(employees)) % len(open_codes)]
        day = start + datetime.timedelta(days=i // (len(employees) * len(open_codes)))
        out.append({"export_id": "time-%07d" % i, "entity": "export.time_entry", "fields": {
            "employee": employee, "work_date": day.isoformat(), "job": job,
            "cost_code": cost_code, "category": categories[0], "pay_id": "REG",
            "hours": "8.25", "description": "Field time %d" % i}})
json.dump(out, open(sys.argv[3], "w"))
EOF

# Runs `ferryctl sync Bench --direction export --json` and checks that it
# succeeded with exported=$1. Sets seconds and rss_kb.
timed_sync () {
  local expected="$1"
  if ! bench_timed "$work/sync.json" "$work/sync.err" "$ferryctl" --profile "$work/profile" \
      sync Bench --password-file "$work/password" --direction export --json; then
    echo "export.sh: ferryctl sync failed:" >&2
    cat "$work/sync.err" "$work/sync.json" >&2
    exit 1
  fi
  python3 - "$work/sync.json" "$expected" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))
if result["result"] != "succeeded":
    sys.exit("export.sh: the sync ended with %s: %s" % (result["result"], result["message"]))
if result["counts"]["exported"] != int(sys.argv[2]) or result["counts"]["export_failed"] != 0:
    sys.exit("export.sh: exported %s, failed %s, not %s" % (result["counts"]["exported"],
             result["counts"]["export_failed"], sys.argv[2]))
EOF
}

# One run; sets rate, first, empty and mib.
run_once () {
  local db="$work/accounting.db" written
  cp "$demo_db" "$db"
  bench_start_cloud syncer
  "$cloud" export add --db "$work/cloud.db" --site bench --company 01 "$work/items.json" >/dev/null
  rm -rf "$work/profile"
  "$ferryctl" --profile "$work/profile" connection add Bench --location "$db" \
    --site-url "$url" --site bench --company 01 --user syncer \
    --entities export.time_entry,export.pcco --schedule manual >/dev/null
  timed_sync "$items"
  first=$seconds
  mib=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
  rate=$(awk -v n="$items" -v s="$first" 'BEGIN { printf "%.0f", n / s }')
  timed_sync 0
  empty=$seconds
  written=$(sqlite3 "$db" "SELECT count(*) FROM ferry_applied")
  [ "$written" = "$items" ] || { echo "export.sh: $written markers, not $items" >&2; exit 1; }
  bench_stop_cloud
}

command_line="BUILD_DIR=$build_dir bench/export.sh --runs $runs --items $items --records $records"
bench_describe_machine
load="$(cut -d' ' -f1-3 /proc/loadavg)"

table="| Run | Items/s | First sync (s) | Empty feed (s) | ferryctl peak RSS (MiB) |
|---:|---:|---:|---:|---:|"
declare -A all=()
echo "ferryctl sync --direction export of $items export items, $runs runs on $machine (load $load)"
for i in $(seq 1 "$runs"); do
  run_once
  printf 'run %d: %d items/s (%s s), empty feed %s s, peak RSS %d MiB\n' "$i" "$rate" "$first" "$empty" "$mib"
  table="$table
| $i | $rate | $first | $empty | $mib |"
  for key in rate first empty mib; do
    all[$key]="${all[$key]:-} ${!key}"
  done
done

declare -A med=()
for key in rate first empty mib; do
  med[$key]=$(printf '%s\n' ${all[$key]} | bench_median)
done
summary="${med[rate]} export items/s (${med[first]} s for $items), a sync with an empty feed ${med[empty]} s, ferryctl peak RSS ${med[mib]} MiB"
echo "median: $summary"

[ "$write_docs" = 1 ] || exit 0

section="## Export

\`ferryctl sync --direction export\` writing $items export items from
\`ferry-cloud serve\` on loopback into a demo company of $records records:
nine in ten time entries, one in ten prime contract change orders with two
items each, all with references that exist. Each item is validated against
the accounting database and written, all or nothing, together with its
\`ferry_applied\` marker (a savepoint each, committed in groups of at most
250 items or 200 ms); each page of the feed (1,000 items) is acknowledged
after its items are committed. The database keeps the demo's settings, a
rollback journal with \`synchronous = FULL\`, where a commit costs several
disk flushes: one commit per item would cap this near 800 items/s. Each run starts from a fresh
copy of the database and a new cloud with the items enqueued (not timed),
and times two whole \`ferryctl sync --json\` processes checked by their
counts: the first writes every item, the second finds nothing to do. Peak
RSS is ferryctl's during the first (GNU time).

- Command: \`$command_line\`
- Machine: $machine (ferryctl and the server share it; load average $load at the start)
- Commit: $commit, measured $(date -u +%Y-%m-%d)

$table

**Median: $summary.**
"

bench_write_section Export "$section"
