#!/usr/bin/env bash
# One canary rollout of the outside app behind Kintsugi's weighted proxy, with traffic from Load.java.
#   rollout.sh clean|errors|latency:MS [p99AllowedAbsoluteMs=50]
# Starts the stable (stable.jar) if nothing answers on its port, then `kintsugi rollout` (which
# starts the canary: canary.jar with -Dplanted.bug=MODE, or stable.jar for clean) and the load,
# and prints one line of figures; the report is kept in $RUN/report-*.json.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${WORK:-/tmp/outside}"
RUN="$WORK/run"
KINTSUGI_JAR="${KINTSUGI_JAR:-/work/main/kintsugi-cli/target/kintsugi-all.jar}"
STABLE_PORT=18080 CANARY_PORT=18090 CANARY_MGMT=18091 PROXY_PORT=18088
mode="${1:?clean, errors or latency:MS}"
p99abs="${2:-50}"
JAVA="$(command -v java)"
mkdir -p "$RUN/stable" "$RUN/canary"
up() { [[ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/actuator/health")" == 200 ]]; }

"$HERE/app.sh" start
if up $CANARY_MGMT; then echo "something answers on the canary's port $CANARY_MGMT" >&2; exit 1; fi

if [[ "$mode" == clean ]]; then jar="$WORK/stable.jar"; planted=""
else jar="$WORK/canary.jar"; planted="\"-Dplanted.bug=$mode\","; fi
sed -e "s|@PROXY_PORT@|$PROXY_PORT|g" -e "s|@STABLE_PORT@|$STABLE_PORT|g" -e "s|@JAVA@|$JAVA|g" \
    -e "s|@PLANTED@|$planted|g" -e "s|@CANARY_JAR@|$jar|g" -e "s|@CANARY_PORT@|$CANARY_PORT|g" \
    -e "s|@CANARY_MGMT@|$CANARY_MGMT|g" -e "s|@RUN@|$RUN|g" -e "s|@P99_ABS@|$p99abs|g" \
    "$HERE/rollout.yml.template" >"$RUN/rollout.yml"

stamp="$(date +%H%M%S)"
report="$RUN/report-${mode/:/-}-$stamp.json"
"$JAVA" -Xmx256m -jar "$KINTSUGI_JAR" rollout "$RUN/rollout.yml" --report "$report" \
  >"$RUN/rollout-${mode/:/-}-$stamp.log" 2>&1 &
kpid=$!
until curl -s -o /dev/null -m 1 "http://127.0.0.1:$PROXY_PORT/api/user"; do
  kill -0 $kpid 2>/dev/null || break; sleep 0.2; done
"$JAVA" "$HERE/Load.java" "http://127.0.0.1:$PROXY_PORT" "${THREADS:-4}" "${PAUSE_MS:-40}" \
  >"$RUN/load-$stamp.log" 2>&1 &
lpid=$!
rc=0; wait $kpid || rc=$?
kill $lpid 2>/dev/null || true; wait $lpid 2>/dev/null || true
# a promoted canary keeps running (it is the new version): stop it for the next run
if [[ "$rc" == 0 ]]; then cpid="$(jq -r .canaryPid "$report")"; kill "$cpid" 2>/dev/null || true
  while kill -0 "$cpid" 2>/dev/null; do sleep 0.5; done; fi
jq -r --arg mode "$mode" --arg rc "$rc" '
  ([.steps[] | select(.verdict != "pass")] | first) as $bad
  | "mode=\($mode) exit=\($rc) decision=\(.decision) decision_s=\(.decisionMillis/1000)"
  + " ready_s=\(.canaryReadyMillis/1000) served_s=\(.canaryServedMillis/1000)"
  + " steps=\([.steps[] | "\(.percent)%:\(.verdict)x\(.judgements)"] | join(","))"
  + (if $bad then " failed_at=\($bad.percent)% canary_req=\($bad.canary.requests) canary_err=\($bad.canary.errors)"
     + " p99=\([$bad.metrics[] | select(.name=="latency-p99") | "\(.baselineMedian|tostring|.[0:6])->\(.canaryMedian|tostring|.[0:6])"] | join(""))"
     + " reason=\"\($bad.reason)\"" else "" end)' "$report"
