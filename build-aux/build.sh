#!/usr/bin/env bash
# Configures (once) and builds Ferry into $BUILD_DIR (default _build).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-_build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  meson setup "$BUILD_DIR" --prefix=/usr/local >/dev/null
fi
ninja -C "$BUILD_DIR" >/dev/null
