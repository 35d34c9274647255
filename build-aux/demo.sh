#!/usr/bin/env bash
# The first README command: installs what Ferry needs, builds it and runs
# it on the embedded demo company.
#
# With a display (DISPLAY or WAYLAND_DISPLAY), the desktop application runs
# on the demo (`ferry --demo`): a generated accounting database, a
# ferry-cloud of its own on a free loopback port and a local connection
# ready to sync; quitting the window stops that cloud. Without a display,
# or with --cli, the same demo is walked through with ferryctl instead.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=app
case "${1:-}" in
  --cli) mode=cli ;;
  "") ;;
  *) echo "usage: $0 [--cli]" >&2; exit 2 ;;
esac
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  mode=cli
fi

build-aux/install-deps.sh
build-aux/build.sh
BUILD_DIR=${BUILD_DIR:-_build}

if [ "$mode" = app ]; then
  echo "== Ferry on its demo company (${FERRY_DEMO_RECORDS:-20000} records); close the window to stop"
  exec meson devenv -C "$BUILD_DIR" src/app/ferry --demo
fi

ferryctl="$BUILD_DIR/src/cli/ferryctl"
demo_dir="${XDG_DATA_HOME:-$HOME/.local/share}/ferry/demo"
mkdir -p "$demo_dir"

echo "== The demo company's accounting database"
"$ferryctl" demo-data --out "$demo_dir/accounting.db" --records "${FERRY_DEMO_RECORDS:-20000}" --force
echo
echo "== The entity catalog"
"$ferryctl" catalog

# A cloud of its own on a free loopback port, a local connection to it, and
# a first deep sync, then a shallow one that finds nothing to send.
cloud="$BUILD_DIR/src/cloud/ferry-cloud"
rm -rf "$demo_dir/cloud.db" "$demo_dir/cloud.db-wal" "$demo_dir/cloud.db-shm" "$demo_dir/profile"
(umask 077 && head -c 18 /dev/urandom | base64 > "$demo_dir/password")
"$cloud" site add --db "$demo_dir/cloud.db" demo >/dev/null
"$cloud" company add --db "$demo_dir/cloud.db" --site demo 01 "Demo Construction" >/dev/null
"$cloud" user add --db "$demo_dir/cloud.db" --site demo --role admin --can-sync \
  --display-name "Demo Administrator" demo < "$demo_dir/password" >/dev/null
"$cloud" serve --db "$demo_dir/cloud.db" --listen 127.0.0.1:0 \
  >"$demo_dir/cloud.out" 2>"$demo_dir/cloud.log" &
cloud_pid=$!
trap 'kill -TERM "$cloud_pid" 2>/dev/null || true; wait "$cloud_pid" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's|^ferry-cloud: listening on ||p' "$demo_dir/cloud.out")"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "demo: ferry-cloud did not start:" >&2; cat "$demo_dir/cloud.log" >&2; exit 1; }

echo
echo "== A local connection to the demo cloud at $url"
"$ferryctl" --profile "$demo_dir/profile" connection add "Demo Construction" \
  --location "$demo_dir/accounting.db" --site-url "$url" --site demo --company 01 --user demo
echo
echo "== First deep sync"
"$ferryctl" --profile "$demo_dir/profile" sync "Demo Construction" --deep \
  --password-file "$demo_dir/password"
echo
echo "== Shallow sync: nothing changed, nothing is sent"
"$ferryctl" --profile "$demo_dir/profile" sync "Demo Construction" \
  --password-file "$demo_dir/password"
echo
echo "== History"
"$ferryctl" --profile "$demo_dir/profile" history "Demo Construction"
