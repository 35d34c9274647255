#!/usr/bin/env bash
# The first README command: installs what Ferry needs, builds it and runs
# its main job on the embedded demo company.
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/install-deps.sh
build-aux/build.sh
BUILD_DIR=${BUILD_DIR:-_build}
ferryctl="$BUILD_DIR/src/cli/ferryctl"

demo_dir="${XDG_DATA_HOME:-$HOME/.local/share}/ferry/demo"
mkdir -p "$demo_dir"

echo "== The demo company's accounting database"
"$ferryctl" demo-data --out "$demo_dir/accounting.db" --records "${FERRY_DEMO_RECORDS:-20000}" --force
echo
echo "== The entity catalog"
"$ferryctl" catalog
