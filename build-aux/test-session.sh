#!/usr/bin/env bash
# Runs a command the way Ferry's tests need: a private session bus, an
# unlocked gnome-keyring as the Secret Service, and an Xvfb display, all
# thrown away afterwards.
set -euo pipefail

if [ -z "${FERRY_TEST_SESSION:-}" ]; then
  export FERRY_TEST_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# The keyring's password is a throwaway; it protects nothing real.
keyring_env=$(printf 'ferry-test' | gnome-keyring-daemon --unlock --components=secrets)
eval "$keyring_env"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true

exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$@"
