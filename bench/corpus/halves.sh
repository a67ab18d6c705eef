#!/usr/bin/env bash
# What learned fix patterns add: heal half of the corpus to learn (odd-numbered projects), then
# the other half twice from copies of that memory, without and with learned patterns, and compare
# fixes found and candidates tested to the first plausible fix.
#
# Usage: bench/corpus/halves.sh [KINTSUGI_CMD]   (default <repo>/kintsugi)
# Env: OUT (default <repo>/bench/out), HEAL_TIMEOUT (passed to run.sh).
set -uo pipefail
CORPUS="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$CORPUS/../.." && pwd)"
KINTSUGI="${1:-${KINTSUGI:-$REPO/kintsugi}}"
OUT="${OUT:-$REPO/bench/out}"
mkdir -p "$OUT"
HOMES="$(mktemp -d /tmp/kintsugi-halves.XXXXXX)"

learn=() evaluate=()
for dir in "$CORPUS"/b*/; do
    id="$(basename "$dir")"
    n=$((10#${id:1:2}))
    if (( n % 2 == 1 )); then learn+=("$id"); else evaluate+=("$id"); fi
done

echo "== learning from ${#learn[@]} projects"
KINTSUGI_JAVA_OPTS="-Duser.home=$HOMES/learn" RESULTS="$OUT/halves-learn.json" \
    "$CORPUS/run.sh" "$KINTSUGI" "${learn[@]}" | tail -n 6
cp -a "$HOMES/learn" "$HOMES/off"
cp -a "$HOMES/learn" "$HOMES/on"
echo "== evaluating ${#evaluate[@]} projects without learned patterns"
KINTSUGI_JAVA_OPTS="-Duser.home=$HOMES/off -Dkintsugi.learnedPatterns=false" \
    RESULTS="$OUT/halves-off.json" "$CORPUS/run.sh" "$KINTSUGI" "${evaluate[@]}" | tail -n 6
echo "== evaluating ${#evaluate[@]} projects with learned patterns"
KINTSUGI_JAVA_OPTS="-Duser.home=$HOMES/on" \
    RESULTS="$OUT/halves-on.json" "$CORPUS/run.sh" "$KINTSUGI" "${evaluate[@]}" | tail -n 6

python3 - "$OUT/halves-off.json" "$OUT/halves-on.json" "$HOMES/learn" <<'PY'
import glob, json, sys
off = {p["id"]: p for p in json.load(open(sys.argv[1]))["projects"]}
on = {p["id"]: p for p in json.load(open(sys.argv[2]))["projects"]}
patterns = 0
for f in glob.glob(sys.argv[3] + "/.kintsugi/memory/fixes.jsonl"):
    patterns += sum(1 for line in open(f) if '"pattern":{' in line.replace(" ", ""))
print("\npatterns learned from the first half: %d" % patterns)
print("%-32s %-10s %-10s %6s %6s  %s" % ("id", "off", "on", "to1st", "to1st", "repairer (on)"))
for id in sorted(off):
    a, b = off[id], on.get(id, {})
    print("%-32s %-10s %-10s %6s %6s  %s" % (id, a["status"], b.get("status"), a.get("toFirstPlausible") or "-",
                                             b.get("toFirstPlausible") or "-", b.get("fixRepairer") or "-"))
def total(d):
    fixed = [p for p in d.values() if p["status"] == "fixed"]
    return len(fixed), sum(p.get("toFirstPlausible") or 0 for p in fixed)
fo, to = total(off)
fn, tn = total(on)
both = [i for i in off if off[i]["status"] == "fixed" and on.get(i, {}).get("status") == "fixed"]
print("without: %d fixed, %d candidates to the first plausible fix; with: %d fixed, %d" % (fo, to, fn, tn))
print("on the %d fixed by both: %d vs %d candidates to the first plausible fix; %d fixed by a learned pattern"
      % (len(both), sum(off[i].get("toFirstPlausible") or 0 for i in both),
         sum(on[i].get("toFirstPlausible") or 0 for i in both),
         sum(1 for p in on.values() if str(p.get("fixRepairer") or "").startswith("pattern:"))))
PY
rm -rf "$HOMES"
