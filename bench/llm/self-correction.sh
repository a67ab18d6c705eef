#!/usr/bin/env bash
# Self-correction, end to end: heals a corpus bug no template fixes with a scripted model that is
# wrong until told why (scripted_openai.py), then shows the second round's prompt carrying the
# first round's test evidence, and the heal's outcome.
#
# Usage: bench/llm/self-correction.sh [corpus-id]   (default b31-availability-merge-sort)
# Env: KINTSUGI (default <repo>/kintsugi), PORT (default 18089), KEEP_TMP=1 keeps the temp dir.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ID="${1:-b31-availability-merge-sort}"
SRC="$REPO/bench/corpus/$ID"
[[ -f "$SRC/fix.diff" ]] || { echo "self-correction.sh: no corpus project $ID" >&2; exit 2; }
KINTSUGI="${KINTSUGI:-$REPO/kintsugi}"
PORT="${PORT:-18089}"
TMP="$(mktemp -d /tmp/kintsugi-selfcorrect.XXXXXX)"
cleanup() { kill "$SERVER" 2>/dev/null || true; [[ "${KEEP_TMP:-0}" == 1 ]] || rm -rf "$TMP"; }

# The project without its answer key, as one commit.
mkdir -p "$TMP/project"
(cd "$SRC" && tar --exclude=./target --exclude=./bug.properties --exclude=./fix.diff -cf - .) \
    | (cd "$TMP/project" && tar -xf -)
git -C "$TMP/project" init -q
git -C "$TMP/project" add -A
git -C "$TMP/project" -c user.name=bench -c user.email=bench@localhost commit -q -m "buggy"

python3 "$HERE/scripted_openai.py" "$PORT" "$SRC/fix.diff" "$TMP/prompts" &
SERVER=$!
trap cleanup EXIT
for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done

set +e
KINTSUGI_JAVA_OPTS="${KINTSUGI_JAVA_OPTS:--Duser.home=$TMP/home}" \
    "$KINTSUGI" heal "$TMP/project" --report "$TMP/report.json" \
    --llm openai --llm-base-url "http://127.0.0.1:$PORT/v1" --llm-model scripted \
    > "$TMP/heal.log" 2>&1
EXIT=$?
set -e

second="$(grep -l "Verdict: rejected by gate" "$TMP"/prompts/prompt-*.txt | head -n 1 || true)"
echo "== $ID: $(ls "$TMP"/prompts | wc -l) prompt(s) sent; heal exit $EXIT"
if [[ -n "$second" ]]; then
    echo "== the first prompt that carries an earlier verdict ($(basename "$second")), its feedback:"
    awk '/Patch by /{p=1} p{print} /^---$/{if(p) exit}' "$second" | cut -c1-160 | head -n 40
else
    echo "== no prompt carried an earlier verdict: self-correction did not reach the model"
fi
python3 - "$TMP/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
fix = r.get("fix") or {}
print("== report: status=%s rounds=%s repairer=%s llm requests=%s"
      % (r.get("status"), r.get("rounds"), fix.get("repairer"), (r.get("llm") or {}).get("requests")))
PY
