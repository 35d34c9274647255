#!/usr/bin/env bash
# Installs what Ferry needs to build, run and test on Debian 12.
# Does nothing (and needs no network) when everything is already there.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc gettext python3
  # tests/cloud/check-openapi.py
  python3-yaml
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libsecret-1-dev nettle-dev
  # TLS for libsoup (client and ferry-cloud), and certificates for its tests
  glib-networking ca-certificates openssl
  # validation of the desktop file, metainfo and settings schema
  desktop-file-utils appstream-util appstream
  # tests: a display, a session bus and a Secret Service
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools
  # tools the tests, benchmarks and screenshots use
  sqlite3 time imagemagick
  # build-aux/screenshots.sh switches the tabs with the keyboard
  xdotool
  # time zones for the schedule tests (daylight-saving changes)
  tzdata
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
