#!/usr/bin/env bash
# Chaos experiments on the outside app, recovered by `kintsugi server --runtime`.
#   chaos.sh server good|bad   (re)start Kintsugi; bad: the runbook restarts a broken jar
#   chaos.sh run pause|kill    the experiment (chaos-pause.yml / chaos-kill.yml), one line of figures
#   chaos.sh canary [JSON]     POST /api/v1/canary/analysis (default: app vs app-canary over 2m)
#   chaos.sh down              stop Kintsugi (the app stays: app.sh stop)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${WORK:-/tmp/outside}"
RUN="$WORK/run"
KINTSUGI_JAR="${KINTSUGI_JAR:-/work/main/kintsugi-cli/target/kintsugi-all.jar}"
K_PORT="${K_PORT:-8790}"
export KINTSUGI_ADMIN_TOKEN="${KINTSUGI_ADMIN_TOKEN:-outside-bench-token}"
JAVA="$(command -v java)"
API="http://127.0.0.1:$K_PORT/api/v1"
mkdir -p "$RUN/k"
api() { curl -sf -H "Authorization: Bearer $KINTSUGI_ADMIN_TOKEN" "$@"; }

case "${1:-}" in
server)
  mode="${2:?good or bad}"
  jar="$WORK/stable.jar"
  if [[ "$mode" == bad ]]; then head -c 4096 "$WORK/stable.jar" >"$WORK/broken.jar"; jar="$WORK/broken.jar"; fi
  if [[ -f "$RUN/k/kintsugi.pid" ]] && kill "$(cat "$RUN/k/kintsugi.pid")" 2>/dev/null; then
    while kill -0 "$(cat "$RUN/k/kintsugi.pid")" 2>/dev/null; do sleep 0.5; done
  fi
  cp "$HERE/policy.yml" "$RUN/k/policy.yml"
  metrics="$(sed 's/^/    /' "${CANARY_METRICS:-$HERE/canary-metrics.yml}")"
  sed -e "s|@RUN@|$RUN|g" -e "s|@JAVA@|$JAVA|g" -e "s|@RESTART_JAR@|$jar|g" "$HERE/runtime.yml.template" \
    | awk -v m="$metrics" '{ if ($0 == "@CANARY_METRICS@") print m; else print }' >"$RUN/k/runtime.yml"
  (cd "$RUN/stable"; nohup "$JAVA" -Xmx384m -jar "$KINTSUGI_JAR" server --no-heal --host 127.0.0.1 \
     --port "$K_PORT" --db "jdbc:h2:file:$RUN/k/db/kintsugi" --journal "$RUN/k/journal" \
     --runtime "$RUN/k/runtime.yml" >>"$RUN/k/kintsugi.log" 2>&1 </dev/null & echo $! >"$RUN/k/kintsugi.pid")
  for _ in $(seq 240); do curl -sf -o /dev/null "http://127.0.0.1:$K_PORT/healthz" && break; sleep 0.5; done
  kill -0 "$(cat "$RUN/k/kintsugi.pid")" 2>/dev/null || { tail -3 "$RUN/k/kintsugi.log" >&2; exit 1; }
  api -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"name":"outside"}' "$API/projects" || true
  echo "kintsugi up ($mode: restart runs $jar)" ;;
run)
  kind="${2:?pause or kill}"
  "$HERE/app.sh" start >/dev/null
  journal="$RUN/journal-$kind-$(date +%H%M%S).json"
  rc=0
  "$JAVA" -Xmx256m -jar "$KINTSUGI_JAR" chaos run "$HERE/chaos-$kind.yml" --journal-path "$journal" \
    --var "kintsugi_url=http://127.0.0.1:$K_PORT" --var "app_pid_file=$RUN/stable.pid" \
    --var "bring_back=$HERE/app.sh" >"${journal%.json}.log" 2>&1 || rc=$?
  for _ in $(seq 60); do  # the runbook's verify may still be running when the hypothesis held
    run="$(api "$API/runtime/runs?project=outside&limit=1" | jq '.[0]')"
    [[ "$(jq -r .endedAt <<<"$run")" != null ]] && break; sleep 1
  done
  jq -r --arg kind "$kind" --arg rc "$rc" --argjson run "$run" '
    "fault=\($kind) exit=\($rc) status=\(.status) deviated=\(.deviated)"
    + " held=\(.kintsugi.hypothesis_held) detect_s=\(.kintsugi.time_to_detect_s) recover_s=\(.kintsugi.time_to_recover_s)"
    + " run=\($run.id) outcome=\($run.outcome)"
    + " rollbacks=\([.rollbacks[]? | "\(.activity.name):\(.status)"] | join(","))"' "$journal"
  jq -c '.steps[] | {phase, kind, state, detail}' <<<"$run" ;;
canary)
  body="${2:-{\"baseline\":\"app\",\"canary\":\"app-canary\",\"window\":\"2m\"\}}"
  api -H 'Content-Type: application/json' -d "$body" "$API/canary/analysis" | jq . ;;
down)
  kill "$(cat "$RUN/k/kintsugi.pid")" 2>/dev/null || true ;;
*) echo "usage: chaos.sh server good|bad | run pause|kill | canary [JSON] | down" >&2; exit 2 ;;
esac
