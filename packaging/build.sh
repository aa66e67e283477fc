#!/usr/bin/env bash
# Build the one-folder desktop bundle: dist/annotator/annotator (plus its libraries and resources/).
#
#   packaging/build.sh                 # output in ./dist/annotator, work files in ./build/pyinstaller
#   DIST_DIR=/tmp/out packaging/build.sh
#
# Installs PyInstaller from the project's "package" extra first (skip with SKIP_INSTALL=1, e.g. offline
# when it is already installed), then smoke-tests the result with --self-test.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST_DIR="${DIST_DIR:-$ROOT/dist}"
WORK_DIR="${WORK_DIR:-$ROOT/build/pyinstaller}"
PYTHON="${PYTHON:-python}"

cd "$ROOT"
if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then
    "$PYTHON" -m pip install -e ".[package]"
fi

"$PYTHON" -m PyInstaller --noconfirm --clean \
    --distpath "$DIST_DIR" --workpath "$WORK_DIR" \
    packaging/annotator.spec

BUNDLE="$DIST_DIR/annotator"
echo "built $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
if [[ "${SKIP_SELF_TEST:-0}" != 1 ]]; then
    QT_QPA_PLATFORM=offscreen "$BUNDLE/annotator" --self-test
fi
