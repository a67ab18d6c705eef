#!/usr/bin/env bash
# Runtime remediation on an outside Spring Boot service: see README.md for the setup.
#   run.sh app                 start the service (first time), write its pid file
#   run.sh kintsugi good|bad   (re)start Kintsugi with the runbook whose restart works (good) or
#                              points the service at a dead database (bad: cannot recover)
#   run.sh fault stop|kill     SIGSTOP or kill -9 the service, wait for the run to end, print figures
#   run.sh series              how many series were scraped (psql on Kintsugi's database)
#   run.sh down                stop Kintsugi and the service
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KINTSUGI="${KINTSUGI:?the Kintsugi checkout whose ./kintsugi is used}"
WORK="${WORK:-/work/scratch/outside-runtime/run}"
APP_JAR="${APP_JAR:?the service jar}"
APP_PORT="${APP_PORT:-18080}"
APP_DB="${APP_DB:-jdbc:postgresql://127.0.0.1:55432/test_db}"
BAD_DB="${BAD_DB:-jdbc:postgresql://127.0.0.1:1/test_db}"
K_PORT="${K_PORT:-8790}"
K_DB="${K_DB:-jdbc:postgresql://127.0.0.1:55432/kintsugi?user=root}"
PSQL="${PSQL:-psql -h 127.0.0.1 -p 55432 -U root -d kintsugi -tA}"
export KINTSUGI_ADMIN_TOKEN="${KINTSUGI_ADMIN_TOKEN:-outside-bench-token}"
JAVA="$(command -v java)"
API="http://127.0.0.1:$K_PORT/api/v1"
mkdir -p "$WORK"
now() { date +%s.%3N; }
api() { curl -sf -H "Authorization: Bearer $KINTSUGI_ADMIN_TOKEN" "$@"; }
health() { curl -s -m 1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APP_PORT/actuator/health" || true; }

case "${1:-}" in
app)
  [[ "$(health)" == 000 ]] || { echo "something already answers on port $APP_PORT" >&2; exit 1; }
  nohup "$JAVA" -Xmx256m -jar "$APP_JAR" --server.port="$APP_PORT" --spring.datasource.url="$APP_DB" \
    --management.tracing.enabled=false >>"$WORK/app.log" 2>&1 &
  echo $! >"$WORK/app.pid"
  until [[ "$(health)" == 200 ]]; do sleep 0.5; done
  echo "service up, pid $(cat "$WORK/app.pid")" ;;
kintsugi)
  mode="${2:?good or bad}"
  db="$APP_DB"; runbook=restart-outside
  if [[ "$mode" == bad ]]; then db="$BAD_DB"; runbook=restart-outside-bad; fi
  if [[ -f "$WORK/kintsugi.pid" ]] && kill "$(cat "$WORK/kintsugi.pid")" 2>/dev/null; then
    while kill -0 "$(cat "$WORK/kintsugi.pid")" 2>/dev/null; do sleep 0.5; done
  fi
  cp "$HERE/policy.yml" "$WORK/policy.yml"
  sed -e "s|@APP_PORT@|$APP_PORT|g" -e "s|@PIDFILE@|$WORK/app.pid|g" -e "s|@JAVA@|$JAVA|g" \
      -e "s|@APP_JAR@|$APP_JAR|g" -e "s|@DB_URL@|$db|g" -e "s|@LOG@|$WORK/app.log|g" \
      -e "s|@RUNBOOK@|$runbook|g" "$HERE/runtime.yml.template" >"$WORK/runtime.yml"
  (cd "$WORK"; KINTSUGI_JAVA_OPTS="-Xmx512m" nohup "$KINTSUGI/kintsugi" server --no-heal \
      --host 127.0.0.1 --port "$K_PORT" --db "$K_DB" --journal "$WORK/journal" \
      --runtime "$WORK/runtime.yml" >>"$WORK/kintsugi.log" 2>&1 & echo $! >"$WORK/kintsugi.pid")
  until curl -sf -o /dev/null "http://127.0.0.1:$K_PORT/healthz"; do sleep 0.5; done
  api -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"name":"outside"}' "$API/projects" || true
  echo "kintsugi up ($mode), runbook $runbook" ;;
fault)
  kind="${2:?stop or kill}"
  before="$(api "$API/runtime/runs?project=outside&limit=500" | jq length)"
  pid="$(cat "$WORK/app.pid")"
  t_fault="$(now)"
  if [[ "$kind" == stop ]]; then kill -STOP "$pid"; else kill -9 "$pid"; fi
  # wall clock: when the service answers 200 again (or 300 s pass)
  t_up=""
  while (( $(echo "$(now) - $t_fault < 300" | bc) )); do
    runs="$(api "$API/runtime/runs?project=outside&limit=500")"
    if (( $(jq length <<<"$runs") > before )) && [[ "$(jq -r '.[0].endedAt' <<<"$runs")" != null ]]; then break; fi
    if [[ -z "$t_up" && "$(health)" == 200 && "$(cat "$WORK/app.pid")" != "$pid" ]]; then t_up="$(now)"; fi
    sleep 0.5
  done
  [[ -z "$t_up" && "$(health)" == 200 ]] && t_up="$(now)"
  run="$(jq '.[0]' <<<"$runs")"
  epoch() { [[ "$1" == null ]] && echo null || date -d "$1" +%s.%3N; }
  d() { [[ "$2" == null || -z "$2" ]] && echo "-" || printf '%.1f' "$(echo "$2 - $1" | bc)"; }
  det="$(epoch "$(jq -r .detectedAt <<<"$run")")"; act="$(epoch "$(jq -r .actedAt <<<"$run")")"
  rec="$(epoch "$(jq -r .recoveredAt <<<"$run")")"; end="$(epoch "$(jq -r .endedAt <<<"$run")")"
  step="$(epoch "$(jq -r '.steps[0].startedAt' <<<"$run")")"
  echo "fault=$kind run=$(jq -r .id <<<"$run") outcome=$(jq -r .outcome <<<"$run")" \
    "detect=$(d "$t_fault" "$det")s act_start=$(d "$t_fault" "$step")s act_done=$(d "$t_fault" "$act")s recovered=$(d "$t_fault" "$rec")s" \
    "ended=$(d "$t_fault" "$end")s service_200=$(d "$t_fault" "$t_up")s" \
    "kintsugi_ttr=$(jq -r .timeToRecoverySeconds <<<"$run")s"
  jq -c '.steps[] | {phase, kind, state, detail}' <<<"$run"
  api "$API/runtime/mttr?project=outside" | jq -c . ;;
series)
  echo "series: $($PSQL -c "select count(*) from series where project='outside'")," \
    "scraped: $($PSQL -c "select count(*) from series where project='outside' and name like 'app/%'")," \
    "points: $($PSQL -c "select count(*) from series_point p join series s on s.id=p.series_id where s.project='outside'")"
  grep -c "scrape app .*failed" "$WORK/kintsugi.log" | sed 's/^/scrape failures logged: /' || true ;;
down)
  for f in kintsugi.pid app.pid; do
    [[ -f "$WORK/$f" ]] && { kill -CONT "$(cat "$WORK/$f")" 2>/dev/null; kill "$(cat "$WORK/$f")" 2>/dev/null || true; }
  done ;;
*) sed -n 2,9p "$0"; exit 2 ;;
esac
