#!/usr/bin/env bash
# Ingest load benchmark: the server vs a null server (same HTTP stack, answers at once) as the
# ceiling, then acknowledged vs stored events across a kill -9 mid-burst. Loopback only.
# Usage: [WARMUP=S] [DB_URL=jdbc:...] bench/ingest/run.sh [CONNECTIONS] [SECONDS]
#   (needs kintsugi-server installed: mvn install; extra Maven options, e.g. a local repository,
#   come through MAVEN_OPTS). DB_URL: the database of both server runs, e.g. an empty PostgreSQL
#   schema (jdbc:postgresql://HOST/DB?user=U&password=P&currentSchema=S); default: fresh H2 files.
set -euo pipefail
cd "$(dirname "$0")"
CONNECTIONS=${1:-32}
SECONDS_RUN=${2:-15}
# JIT warm-up before each measured run (same for the null server and the server). On 2 cores C2
# keeps recompiling the server's Jetty/H2/Jackson paths for more than 30 s (1,500 compilations
# after 30 s, ~20 us of C2 CPU per event; the null server has little to compile), so a short
# warm-up partly measures the JIT compiler. 60 s measures a long-running server; WARMUP=20 was the
# earlier default, WARMUP=3 gives the cold figures.
WARMUP=${WARMUP:-60}
WORK=$(mktemp -d /tmp/kintsugi-bench-ingest.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

mvn -B -q -f pom.xml package dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="target/classes:$(cat "$WORK/cp.txt")"
JAVA=(java -Xmx1g -XX:+UseParallelGC)
# JOURNAL_FSYNC=--journal-fsync: every acknowledgement also waits for the disk (group commit).
JOURNAL_FSYNC=${JOURNAL_FSYNC:-}
TOKEN=bench-token

wait_for() { # file pattern
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for $2 in $1" >&2; cat "$1" >&2; exit 1
}
port_of() { sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$1" | head -1; }

start_server() { # db log journal-dir
  KINTSUGI_ADMIN_TOKEN=$TOKEN "${JAVA[@]}" -cp "$CP" dev.kintsugi.server.ServerMain \
    --host 127.0.0.1 --port 0 --db "$1" --journal "$3" $JOURNAL_FSYNC >"$2" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_for "$2" "listening on"
}
create_project() { # port → "id key"
  local json
  json=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"bench","inAppPrefixes":["com.acme"]}' "http://127.0.0.1:$1/api/v1/projects")
  echo "$(echo "$json" | sed -n 's/.*"id":\([0-9]*\).*/\1/p') $(echo "$json" | sed -n 's/.*"dsn":"http:\/\/\([0-9a-f]*\)@.*/\1/p')"
}
backlog_of() { # port → events acknowledged but not yet in the database
  curl -sf "http://127.0.0.1:$1/metrics" | sed -n 's/^kintsugi_ingest_backlog \([0-9.]*\).*/\1/p' | cut -d. -f1
}
await_applied() { # port → seconds until the journal backlog is 0
  local t0; t0=$(date +%s.%N)
  for _ in $(seq 1 2400); do [ "$(backlog_of "$1")" = "0" ] && break; sleep 0.05; done
  [ "$(backlog_of "$1")" = "0" ] || { echo "journal backlog not applied after 120 s" >&2; exit 1; }
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'
}
rate_of() { sed -n 's/.*rate=\([0-9]*\)\/s.*/\1/p' "$1"; }

echo "== ceiling: null server (Javalin/Jetty, 200 at once), $CONNECTIONS connections, ${SECONDS_RUN}s"
"${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.ingest.NullServer 0 >"$WORK/null.log" 2>&1 &
NULL_PID=$!; PIDS+=("$NULL_PID")
wait_for "$WORK/null.log" "listening on"
NPORT=$(port_of "$WORK/null.log")
"${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.ingest.LoadGenerator 127.0.0.1 "$NPORT" 1 x "$CONNECTIONS" "$WARMUP" >/dev/null # warm-up
"${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.ingest.LoadGenerator 127.0.0.1 "$NPORT" 1 x "$CONNECTIONS" "$SECONDS_RUN" | tee "$WORK/null.out"
kill -9 "$NULL_PID"; wait "$NULL_PID" 2>/dev/null || true

echo "== load: $(uptime)"
DB_NAME=${DB_URL:-H2 file}
echo "== kintsugi server (${DB_NAME%%\?*}, scrub + group + ingest journal), $CONNECTIONS connections, ${SECONDS_RUN}s"
DB="${DB_URL:-jdbc:h2:file:$WORK/db/kintsugi}"
start_server "$DB" "$WORK/server.log" "$WORK/journal"
PORT=$(port_of "$WORK/server.log")
read -r PROJECT KEY < <(create_project "$PORT")
"${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.ingest.LoadGenerator 127.0.0.1 "$PORT" "$PROJECT" "$KEY" "$CONNECTIONS" "$WARMUP" >/dev/null # warm-up
await_applied "$PORT" >/dev/null
"${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.ingest.LoadGenerator 127.0.0.1 "$PORT" "$PROJECT" "$KEY" "$CONNECTIONS" "$SECONDS_RUN" | tee "$WORK/server.out"
DRAIN=$(await_applied "$PORT")
curl -sf "http://127.0.0.1:$PORT/metrics" | grep -E '^kintsugi_(events_rejected|store_batch_events_(count|sum)|ingest_latency_seconds\{quantile)' || true
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true

NULL_RATE=$(rate_of "$WORK/null.out"); RATE=$(rate_of "$WORK/server.out")
echo "== result: server ${RATE}/s, ceiling ${NULL_RATE}/s, ratio $(awk -v a="$RATE" -v b="$NULL_RATE" 'BEGIN{printf "%.2f", a/b}')"
# Acknowledged means journaled; the database caught up DRAIN seconds after the load stopped.
echo "== stored: backlog applied ${DRAIN}s after the run; acknowledged and stored $(awk -v r="$RATE" -v s="$SECONDS_RUN" -v d="$DRAIN" 'BEGIN{printf "%.0f", r*s/(s+d)}')/s"
echo "== load: $(uptime)"

echo "== durability: kill -9 mid-burst"
DB2="${DB_URL:-jdbc:h2:file:$WORK/db2/kintsugi}"
start_server "$DB2" "$WORK/server2.log" "$WORK/journal2"
PORT=$(port_of "$WORK/server2.log")
read -r PROJECT KEY < <(create_project "$PORT")
"${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.ingest.LoadGenerator 127.0.0.1 "$PORT" "$PROJECT" "$KEY" "$CONNECTIONS" 6 "$WORK/acked.txt" >"$WORK/burst.out" &
GEN=$!
sleep 3
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
wait "$GEN"
cat "$WORK/burst.out"
# A restart applies what the journal holds; a clean stop (SIGTERM) then releases the database.
start_server "$DB2" "$WORK/server3.log" "$WORK/journal2"
echo "== restart: journal applied in $(await_applied "$(port_of "$WORK/server3.log")")s"
grep -h "ingest journal" "$WORK/server3.log" || true
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
"${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.ingest.VerifyStored "$DB2" "$PROJECT" "$WORK/acked.txt"
