#!/usr/bin/env bash
# Confidence calibration: bench/calibration/run.sh [CHECKOUTS_DIR]
#
# Heals the corpus (bench/corpus/run.sh) and, given CHECKOUTS_DIR, the planted bugs of public
# projects (bench/real/run.sh), both without the fix memory (so no heal learns from another and
# the repairer part of confidence is its no-history prior), then prints calibrate.py's table: per
# confidence bucket, how many fixes were correct at the intended location.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"
KINTSUGI_CMD="${KINTSUGI_CMD:-$ROOT/kintsugi}"
HEAL_ARGS=--no-memory RESULTS="$OUT/corpus-results.json" "$ROOT/bench/corpus/run.sh" "$KINTSUGI_CMD" \
  > "$OUT/calibration-corpus.log" 2>&1 || true
if [[ $# -ge 1 ]]; then
  "$ROOT/bench/real/run.sh" "$1" > "$OUT/calibration-real.log" 2>&1 || true
fi
cd "$ROOT" && python3 "$HERE/calibrate.py" --json "$OUT/calibration.json"
