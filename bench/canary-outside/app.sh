#!/usr/bin/env bash
# The stable app: app.sh start [JAR] | stop | pid. Pid file $WORK/run/stable.pid (the one the
# runbook's restart and the chaos experiments use); ports 18080 (API) and 18081 (actuator).
set -euo pipefail
WORK="${WORK:-/tmp/outside}"
RUN="$WORK/run"
mkdir -p "$RUN/stable"
up() { [[ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:18081/actuator/health)" == 200 ]]; }
case "${1:-}" in
start)
  up && { echo "stable already up"; exit 0; }
  cd "$RUN/stable"
  nohup "$(command -v java)" -Xmx256m -jar "${2:-$WORK/stable.jar}" --server.port=18080 \
    --management.server.port=18081 >>"$RUN/stable.log" 2>&1 </dev/null &
  echo $! >"$RUN/stable.pid"
  for _ in $(seq 240); do up && { echo "stable up, pid $(cat "$RUN/stable.pid")"; exit 0; }; sleep 0.5; done
  echo "stable did not come up" >&2; exit 1 ;;
stop)
  pid="$(cat "$RUN/stable.pid" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -CONT "$pid" 2>/dev/null && kill "$pid" 2>/dev/null || true ;;
pid) cat "$RUN/stable.pid" ;;
*) echo "usage: app.sh start [JAR] | stop | pid" >&2; exit 2 ;;
esac
