# bench/bench-lib.sh: what the benchmark scripts share; sourced, not run.
#
# The caller sets `set -euo pipefail`, parses its options, then calls
# bench_build with the ninja targets it needs. Afterwards: $build_dir,
# $work (a scratch directory removed at exit, with a 0600 password file
# $work/password), bench_start_cloud / bench_stop_cloud, bench_median,
# bench_describe_machine and bench_write_section.
#
# SPDX-License-Identifier: GPL-3.0-or-later

# Checks that every argument after the first (the script's name) is a
# whole number, and the first of them (--runs) at least 1.
bench_check_numbers () {
  local script="$1" value
  shift
  for value in "$@"; do
    case "$value" in
      *[!0-9]*|'') echo "$script: the options take whole numbers, not “$value”" >&2; exit 2 ;;
    esac
  done
  [ "$1" -ge 1 ] || { echo "$script: --runs must be at least 1" >&2; exit 2; }
}

# Goes to the top of the tree and builds the ninja targets given in
# $BUILD_DIR (default _build); sets build_dir and work.
bench_build () {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  build_dir="${BUILD_DIR:-_build}"
  if [ ! -f "$build_dir/build.ninja" ]; then
    meson setup "$build_dir" -Dapp=false >/dev/null
  fi
  ninja -C "$build_dir" "$@" >/dev/null

  work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench-XXXXXX")"
  bench_server_pid=""
  trap bench_cleanup EXIT
  # A random password in a file only we can read; never on a command line.
  (umask 077 && head -c 18 /dev/urandom | base64 > "$work/password")
}

bench_cleanup () {
  if [ -n "${bench_server_pid:-}" ]; then
    kill -TERM "$bench_server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}

# Starts `ferry-cloud serve` on a fresh database $work/cloud.db with site
# "bench", company 01 and the Can Sync user $1 (password $work/password);
# any further arguments run the server (e.g. under GNU time). Sets url and
# bench_server_pid (the server itself), and bench_wrapper_pid.
bench_start_cloud () {
  local user="$1" db="$work/cloud.db" cloud="$build_dir/src/cloud/ferry-cloud" i
  shift
  rm -f "$db" "$db-wal" "$db-shm" "$work/server.out" "$work/server.err"
  "$cloud" site add --db "$db" bench >/dev/null
  "$cloud" company add --db "$db" --site bench 01 "Bench Construction" >/dev/null
  "$cloud" user add --db "$db" --site bench --can-sync --kdf-iterations 100000 "$user" \
    < "$work/password" >/dev/null
  "$@" "$cloud" serve --db "$db" --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
  bench_wrapper_pid=$!
  url=""
  for i in $(seq 1 200); do
    url="$(sed -n '1s|^ferry-cloud: listening on \(http://[0-9.:]*\)$|\1|p' "$work/server.out" 2>/dev/null)"
    [ -n "$url" ] && break
    kill -0 "$bench_wrapper_pid" 2>/dev/null || { echo "the server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
    sleep 0.05
  done
  [ -n "$url" ] || { echo "the server did not say where it listens" >&2; exit 1; }
  # A wrapper such as GNU time does not pass SIGTERM on: signal the server.
  if [ $# -gt 0 ]; then
    bench_server_pid="$(pgrep -P "$bench_wrapper_pid")"
  else
    bench_server_pid="$bench_wrapper_pid"
  fi
}

bench_stop_cloud () {
  kill -TERM "$bench_server_pid"
  wait "$bench_wrapper_pid" || { echo "the server did not stop cleanly:" >&2; tail -n 5 "$work/server.err" >&2; exit 1; }
  bench_server_pid=""
}

# Runs a command under GNU time with standard output into $1 and standard
# error into $2; sets seconds (wall clock) and rss_kb (its peak RSS).
# Returns the command's status.
bench_timed () {
  local out="$1" err="$2" start end status=0
  shift 2
  start=$(date +%s%N)
  /usr/bin/time -o "$work/time" -f '%M' "$@" >"$out" 2>"$err" || status=$?
  end=$(date +%s%N)
  seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
  rss_kb=$(tail -n 1 "$work/time")
  return "$status"
}

# The median of the numbers on standard input, one a line.
bench_median () {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Sets machine ("2 CPUs, AMD EPYC, 23.5 GiB RAM") and commit.
bench_describe_machine () {
  local cpu
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
  machine="$(nproc) CPUs, ${cpu:-unknown CPU}, $(awk '/^MemTotal:/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
}

# Puts $2, a section starting "## $1", in place of the section of that
# title in docs/benchmarks.md (up to the next "## " heading), or at its end.
bench_write_section () {
  local title="$1" section="$2" docs="${BENCH_DOCS:-docs/benchmarks.md}"
  if [ ! -f "$docs" ]; then
    mkdir -p "$(dirname "$docs")"
    printf '# Benchmarks\n\nMeasured figures of Ferry'"'"'s performance-sensitive parts, each with the\ncommand that produced it and the machine it ran on. Each section is written\nby its script in `bench/`; rerun the script to refresh it.\n' > "$docs"
  fi
  awk -v title="## $title" -v section="$section" '
    $0 == title { skipping = 1; if (!done) { print section; done = 1 }; next }
    skipping && /^## / { skipping = 0 }
    !skipping { print }
    END { if (!done) { print ""; print section } }
  ' "$docs" > "$work/benchmarks.md"
  cat -s "$work/benchmarks.md" > "$docs"
  echo "wrote the “$title” section of $docs"
}
