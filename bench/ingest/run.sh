#!/usr/bin/env bash
# Ingest load benchmark: the server vs a null server (same HTTP stack, answers at once) as the
# ceiling, then acknowledged vs stored events across a kill -9 mid-burst. Loopback only.
# Usage: [WARMUP=S] [DB_URL=jdbc:...] [BASE=DIR [ROUNDS=N]] [DURABILITY=0] bench/ingest/run.sh [CONNECTIONS] [SECONDS]
#   Builds the server from this checkout (mvn compile of kintsugi-server and what it needs, into
#   the checkout's target/ directories; nothing is installed into the local repository; extra Maven
#   options come through MAVEN_OPTS). DB_URL: the database of the server runs, e.g. an empty
#   PostgreSQL schema (jdbc:postgresql://HOST/DB?user=U&password=P&currentSchema=S); default: fresh
#   H2 files. BASE: another checkout of the repository (e.g. a `git worktree` of an older commit),
#   whose server is measured too, after the null server and before this one, in the same run, so
#   the two ratios can be compared; ROUNDS=N measures both N times, alternating which goes first.
#   DURABILITY=0 skips the kill -9 check.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
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

server_classpath() { # checkout-root out-file → classpath of its server, built in place
  mvn -B -q -f "$1/pom.xml" -pl kintsugi-server -am compile dependency:build-classpath \
    -Dmdep.outputFile="$2" >/dev/null
  echo "$1/kintsugi-server/target/classes:$(cat "$2")"
}
SERVER_CP=$(server_classpath "$ROOT" "$WORK/cp.txt")
# The load generator, null server and checker are compiled here, once, against this checkout.
mkdir -p "$WORK/bench-classes"
javac -nowarn -d "$WORK/bench-classes" -cp "$SERVER_CP" $(find src/main/java -name '*.java') \
  2>"$WORK/javac.log" || { cat "$WORK/javac.log" >&2; exit 1; }
CP="$WORK/bench-classes:$SERVER_CP"
if [ -n "${BASE:-}" ]; then
  BASE=$(cd "$BASE" && pwd)
  BASE_CP=$(server_classpath "$BASE" "$WORK/base-cp.txt")
fi
JAVA=(java -Xmx1g -XX:+UseParallelGC)
# JOURNAL_FSYNC=--journal-fsync: every acknowledgement also waits for the disk (group commit).
JOURNAL_FSYNC=${JOURNAL_FSYNC:-}
TOKEN=bench-token

wait_for() { # file pattern
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for $2 in $1" >&2; cat "$1" >&2; exit 1
}
port_of() { sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$1" | head -1; }

# The per-project rate limit (issue 18) must not throttle the benchmark: a server that has the
# option gets a limit far above any rate reached here.
rate_option() { # checkout-root
  if grep -q -- '--events-per-minute' "$1/kintsugi-server/src/main/java/dev/kintsugi/server/ServerMain.java"; then
    echo "--events-per-minute 2000000000"
  fi
}
start_server() { # db log journal-dir [classpath checkout-root]
  local cp=${4:-$SERVER_CP} root=${5:-$ROOT}
  KINTSUGI_ADMIN_TOKEN=$TOKEN "${JAVA[@]}" -cp "$cp" dev.kintsugi.server.ServerMain \
    --host 127.0.0.1 --port 0 --db "$1" --journal "$3" $JOURNAL_FSYNC $(rate_option "$root") >"$2" 2>&1 &
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

measure_server() { # name classpath checkout-root → prints the run, leaves the rate in $WORK/NAME.out
  local name=$1 cp=$2 root=$3
  echo "== load: $(uptime)"
  echo "== kintsugi server [$name: $(git -C "$root" log -1 --format=%h)] (${DB_NAME%%\?*}, scrub + group + ingest journal), $CONNECTIONS connections, ${SECONDS_RUN}s"
  local db="${DB_URL:-jdbc:h2:file:$WORK/db-$name/kintsugi}"
  start_server "$db" "$WORK/server-$name.log" "$WORK/journal-$name" "$cp" "$root"
  PORT=$(port_of "$WORK/server-$name.log")
  read -r PROJECT KEY < <(create_project "$PORT")
  "${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.ingest.LoadGenerator 127.0.0.1 "$PORT" "$PROJECT" "$KEY" "$CONNECTIONS" "$WARMUP" >/dev/null # warm-up
  await_applied "$PORT" >/dev/null
  "${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.ingest.LoadGenerator 127.0.0.1 "$PORT" "$PROJECT" "$KEY" "$CONNECTIONS" "$SECONDS_RUN" | tee "$WORK/$name.out"
  local drain; drain=$(await_applied "$PORT")
  curl -sf "http://127.0.0.1:$PORT/metrics" | grep -E '^kintsugi_(events_rejected|events_duplicate|store_batch_events_(count|sum)|ingest_latency_seconds\{quantile)' || true
  echo "== journal files after the run: $(find "$WORK/journal-$name" -type f | wc -l) files, $(du -sk "$WORK/journal-$name" | cut -f1) KB"
  sleep 3
  echo "== journal files 3 s later: $(find "$WORK/journal-$name" -type f | wc -l) files, $(du -sk "$WORK/journal-$name" | cut -f1) KB"
  kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  local rate; rate=$(rate_of "$WORK/$name.out")
  echo "== result [$name]: server ${rate}/s, ceiling ${NULL_RATE}/s, ratio $(awk -v a="$rate" -v b="$NULL_RATE" 'BEGIN{printf "%.2f", a/b}')"
  # Acknowledged means journaled; the database caught up DRAIN seconds after the load stopped.
  echo "== stored [$name]: backlog applied ${drain}s after the run; acknowledged and stored $(awk -v r="$rate" -v s="$SECONDS_RUN" -v d="$drain" 'BEGIN{printf "%.0f", r*s/(s+d)}')/s"
}

DB_NAME=${DB_URL:-H2 file}
NULL_RATE=$(rate_of "$WORK/null.out")
if [ -n "${BASE:-}" ]; then
  # ROUNDS=N alternates the order (base, this; this, base; ...) so that neither server always runs
  # on the hotter machine.
  for r in $(seq 1 "${ROUNDS:-1}"); do
    if [ $((r % 2)) = 1 ]; then
      measure_server "base-$r" "$BASE_CP" "$BASE"; measure_server "this-$r" "$SERVER_CP" "$ROOT"
    else
      measure_server "this-$r" "$SERVER_CP" "$ROOT"; measure_server "base-$r" "$BASE_CP" "$BASE"
    fi
  done
else
  measure_server this "$SERVER_CP" "$ROOT"
fi
echo "== load: $(uptime)"
if [ "${DURABILITY:-1}" = "0" ]; then exit 0; fi

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
