#!/usr/bin/env bash
# The second README command: installs what Ferry needs, builds it and runs
# every test. The last line of output is "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/install-deps.sh
build-aux/build.sh
BUILD_DIR=${BUILD_DIR:-_build}

set +e
build-aux/test-session.sh meson test -C "$BUILD_DIR" --print-errorlogs --num-processes 2 "$@"
status=$?
set -e
python3 build-aux/test-summary.py "$BUILD_DIR/meson-logs/testlog.json" || status=1
exit $status
