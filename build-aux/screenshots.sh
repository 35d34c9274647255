#!/usr/bin/env bash
# Renders the screenshots of the user guide and the AppStream metainfo:
# docs/screenshots/{connect,connections,sync,history}.png.
#
# Builds Ferry if needed, then runs `ferry --demo` on an Xvfb display inside
# a private session bus with an unlocked, throwaway gnome-keyring and private
# XDG directories (nothing of yours is read or written), waits until the
# demo company is ready, runs one demo sync with ferryctl so that Sync and
# History have something to show, switches the tabs with the window's
# Alt+1…Alt+4 shortcuts (win.show-page) and captures each one with
# ImageMagick. Everything it started is stopped at the end.
#
#   bash build-aux/screenshots.sh [--no-sync]
#
# BUILD_DIR (default _build) is the build to use; OUT_DIR (default
# docs/screenshots) where the PNGs go; FERRY_DEMO_RECORDS the size of the
# demo company (default 2000 here, so that the demo is ready quickly).
set -euo pipefail
cd "$(dirname "$0")/.."

sync_first=1
case "${1:-}" in
  --no-sync) sync_first=0 ;;
  "") ;;
  *) echo "usage: $0 [--no-sync]" >&2; exit 2 ;;
esac

BUILD_DIR=${BUILD_DIR:-_build}
OUT_DIR=${OUT_DIR:-docs/screenshots}
export BUILD_DIR OUT_DIR

if [ -z "${FERRY_SCREENSHOT_SESSION:-}" ]; then
  build-aux/install-deps.sh
  build-aux/build.sh
  export FERRY_SCREENSHOT_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi

# ---- Inside the private session bus ---------------------------------------

out_dir=$(realpath -m "$OUT_DIR")
mkdir -p "$out_dir"
scratch=$(mktemp -d /tmp/ferry-screenshots.XXXXXX)
app_pid="" xvfb_pid="" keyring_pid=""
cleanup() {
  # The app quits on SIGTERM as from its menu, which stops the demo cloud.
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$app_pid" 2>/dev/null || true
  fi
  if [ -n "$xvfb_pid" ]; then kill -TERM "$xvfb_pid" 2>/dev/null || true; fi
  if [ -n "$keyring_pid" ]; then kill -TERM "$keyring_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# A home of its own, so the paths the pages show look like a user's.
export HOME="$scratch"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config"
export XDG_CACHE_HOME="$HOME/.cache" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# The keyring's password is a throwaway; it protects nothing real.
keyring_env=$(printf 'ferry-screenshots' | gnome-keyring-daemon --unlock --components=secrets)
eval "$keyring_env"
export GNOME_KEYRING_CONTROL 2>/dev/null || true
keyring_pid=${GNOME_KEYRING_PID:-}

# A display of our own; -displayfd picks a free number.
exec 3<> <(:)
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp >"$scratch/xvfb.log" 2>&1 &
xvfb_pid=$!
display=""
for _ in $(seq 1 100); do
  display=$(timeout 0.1 head -n1 <&3 2>/dev/null || true)
  [ -n "$display" ] && break
done
[ -n "$display" ] || { echo "screenshots: Xvfb did not start" >&2; cat "$scratch/xvfb.log" >&2; exit 1; }
export DISPLAY=":$display"
unset WAYLAND_DISPLAY
export GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none
# A settings backend that does not need dconf, and the first page first.
export GSETTINGS_BACKEND=memory
export FERRY_DEMO_RECORDS=${FERRY_DEMO_RECORDS:-2000}
unset FERRY_PROFILE

echo "== ferry --demo on $DISPLAY ($FERRY_DEMO_RECORDS records)"
meson devenv -C "$BUILD_DIR" src/app/ferry --demo >"$scratch/ferry.log" 2>&1 &
app_pid=$!

# The window.
wid=""
for _ in $(seq 1 300); do
  wid=$(xdotool search --onlyvisible --name '^Ferry$' 2>/dev/null | head -n1 || true)
  [ -n "$wid" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$scratch/ferry.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$wid" ] || { echo "screenshots: no Ferry window" >&2; cat "$scratch/ferry.log" >&2; exit 1; }

# The demo is ready when its connection exists and its cloud answers; the
# Connect page then shows the demo user as connected.
ferryctl=$(realpath "$BUILD_DIR/src/cli/ferryctl")
demo_dir="$XDG_DATA_HOME/ferry/demo"
profile="$demo_dir/profile"
ready=0
for _ in $(seq 1 600); do
  if [ -s "$demo_dir/password" ] &&
     "$ferryctl" --profile "$profile" connection list 2>/dev/null | grep -q 'Demo Construction'; then
    ready=1
    break
  fi
  kill -0 "$app_pid" 2>/dev/null || { cat "$scratch/ferry.log" >&2; exit 1; }
  sleep 0.2
done
[ "$ready" = 1 ] || { echo "screenshots: the demo did not get ready" >&2; cat "$scratch/ferry.log" >&2; exit 1; }
sleep 3   # the account connects and the “ready” toast shows, then fades

if [ "$sync_first" = 1 ]; then
  # As build-aux/demo.sh does: a deep sync, then a shallow one that finds
  # nothing to send. The pause lets the window notice the new ledger.
  echo "== Demo syncs with ferryctl, so that Sync and History have runs"
  for args in "--deep" ""; do
    # shellcheck disable=SC2086
    "$ferryctl" --profile "$profile" sync "Demo Construction" $args \
      --password-file "$demo_dir/password" >"$scratch/sync.log" 2>&1 ||
      { echo "screenshots: the demo sync did not succeed (exit $?); going on:" >&2; tail -n 5 "$scratch/sync.log" >&2; }
    head -n 1 "$scratch/sync.log" | sed 's/^/   /'
    sleep 5
  done
fi

# No window manager runs on the display: place, size and focus by hand.
xdotool windowmove --sync "$wid" 0 0 2>/dev/null || true
xdotool windowsize --sync "$wid" 1280 760 2>/dev/null || true
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool mousemove --window "$wid" 1230 20 2>/dev/null || true
sleep 1

capture() {  # NAME KEY
  local name=$1 key=$2 x y w h
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  xdotool key --clearmodifiers "$key"
  sleep 1.5
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  x=$X y=$Y w=$WIDTH h=$HEIGHT
  import -display "$DISPLAY" -window root -crop "${w}x${h}+${x}+${y}" +repage \
    "$out_dir/$name.png"
  echo "   $OUT_DIR/$name.png (${w}x${h})"
}

echo "== Capturing"
capture connect alt+1
capture connections alt+2
capture sync alt+3
capture history alt+4
capture connect alt+1   # leave the first page as the remembered one
echo "== Done"
