#!/usr/bin/env bash
# Scale-out benchmark (issue 17): 1, then 2, then 3 `kintsugi server` processes (separate JVMs,
# journals and ports) on ONE PostgreSQL, a fresh schema per configuration; envelopes over HTTP,
# connections spread round-robin over the nodes; prints events/s acknowledged and applied to the
# database, ratios to 1 node, and where the CPU went. Loopback only.
# Usage: [PG_URL=jdbc:postgresql://127.0.0.1:5432/DB?user=U&password=P] [NODES="1 2 3"]
#        [WARMUP=20] bench/scale/run.sh [CONNECTIONS=32] [SECONDS=15]
# Run it under the build lock: flock /tmp/kintsugi-build.lock bench/scale/run.sh
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
CONNECTIONS=${1:-32}
SECONDS_RUN=${2:-15}
WARMUP=${WARMUP:-20}
NODES=${NODES:-1 2 3}
PG_URL=${PG_URL:-${KINTSUGI_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/kintsugi_test?user=kintsugi&password=kintsugi}}
WORK=$(mktemp -d /tmp/kintsugi-bench-scale.XXXXXX)
PIDS=()
SCHEMAS=()
TOKEN=bench-token
JAVA=(java -Xmx1g -XX:+UseParallelGC)
HZ=$(getconf CLK_TCK)

mvn -B -q -f "$ROOT/pom.xml" -pl kintsugi-server -am compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
# The reactor's own modules, not what an older install left in the local repository.
DEPS=$(tr ':' '\n' <"$WORK/cp.txt" | sed "s|.*/dev/kintsugi/\([^/]*\)/.*|$ROOT/\1/target/classes|" | paste -sd:)
SERVER_CP="$ROOT/kintsugi-server/target/classes:$DEPS"
mkdir -p "$WORK/classes"
# ScaleLoad sends bench/ingest's event (LoadGenerator.envelope).
javac -nowarn -d "$WORK/classes" -cp "$SERVER_CP" $(find src/main/java -name '*.java') \
  ../ingest/src/main/java/dev/kintsugi/bench/ingest/LoadGenerator.java
CP="$WORK/classes:$SERVER_CP"

cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  for s in "${SCHEMAS[@]:-}"; do [ -n "$s" ] && "${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.scale.ScaleLoad schema-drop "$PG_URL" "$s" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() { # file pattern
  for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for $2 in $1" >&2; cat "$1" >&2; exit 1
}
port_of() { sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$1" | head -1; }
metric() { # port name → value (first sample)
  curl -sf "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n {printf "%.0f", $2; exit}'
}
await_applied() { # ports... → waits until every node's journal backlog is 0
  for _ in $(seq 1 2400); do
    local left=0
    for p in "$@"; do [ "$(metric "$p" kintsugi_ingest_backlog)" = "0" ] || left=1; done
    [ "$left" = 0 ] && return 0
    sleep 0.05
  done
  echo "journal backlog not applied after 120 s" >&2; exit 1
}
ticks() { # pid → utime+stime of the process in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
thread_ticks() { # pid → "applier jit gc other": CPU ticks of its threads by kind
  awk '
    FNR == 1 { split(FILENAME, f, "/") }
    { line = $0; sub(/^[0-9]+ \(/, "", line); name = substr(line, 1, index(line, ") ") - 1)
      rest = substr(line, index(line, ") ") + 2); split(rest, v, " "); t = v[12] + v[13]
      if (name == "kintsugi-journa") a += t
      else if (name ~ /^C[12] CompilerThre/) j += t
      else if (name ~ /GC Thread|^VM Thread|^G1 |^ParGC/) g += t
      else o += t }
    END { printf "%d %d %d %d\n", a, j, g, o }' /proc/"$1"/task/*/stat 2>/dev/null || echo "0 0 0 0"
}
pg_ticks() { # CPU ticks of every postgres process (server, backends, WAL writer, checkpointer)
  local sum=0 p
  for p in $(pgrep -x postgres); do sum=$((sum + $(ticks "$p"))); done
  echo "$sum"
}
secs() { awk -v t="$1" -v h="$HZ" 'BEGIN{printf "%.1f", t/h}'; }

echo "== $(nproc) cores shared by PostgreSQL, every node and the client; $CONNECTIONS connections, ${WARMUP}s warm-up, ${SECONDS_RUN}s load"
echo "== $(uptime)"
declare -A ACKED APPLIED
for n in $NODES; do
  schema="scale_${n}_$(date +%s)"
  SCHEMAS+=("$schema")
  "${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.scale.ScaleLoad schema-create "$PG_URL" "$schema"
  url="$PG_URL&currentSchema=$schema"
  ports=(); pids=(); targets=()
  for i in $(seq 1 "$n"); do
    KINTSUGI_ADMIN_TOKEN=$TOKEN "${JAVA[@]}" -cp "$SERVER_CP" dev.kintsugi.server.ServerMain \
      --host 127.0.0.1 --port 0 --db "$url" --journal "$WORK/journal-$n-$i" \
      --events-per-minute 2000000000 >"$WORK/server-$n-$i.log" 2>&1 &
    pids+=($!); PIDS+=($!)
    wait_for "$WORK/server-$n-$i.log" "listening on"
    ports+=("$(port_of "$WORK/server-$n-$i.log")")
    targets+=("127.0.0.1:${ports[-1]}")
  done
  json=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"bench","inAppPrefixes":["com.acme"]}' "http://127.0.0.1:${ports[0]}/api/v1/projects")
  project=$(echo "$json" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  key=$(echo "$json" | sed -n 's/.*"dsn":"http:\/\/\([0-9a-f]*\)@.*/\1/p')
  load() { "${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.scale.ScaleLoad load "$url" "$project" "$key" "$CONNECTIONS" "$1" "${targets[@]}"; }

  echo "== $n node(s): warm-up"
  load "$WARMUP" >/dev/null
  await_applied "${ports[@]}"
  stored0=$("${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.scale.ScaleLoad count "$url")
  pg0=$(pg_ticks); node0=(); app0=(); commits0=()
  for i in "${!pids[@]}"; do
    node0+=("$(ticks "${pids[$i]}")"); app0+=("$(thread_ticks "${pids[$i]}")")
    commits0+=("$(metric "${ports[$i]}" kintsugi_store_batch_events_count)")
  done
  t0=$(date +%s.%N)
  load "$SECONDS_RUN" | tee "$WORK/load-$n.out"
  await_applied "${ports[@]}"
  t1=$(date +%s.%N)
  stored1=$("${JAVA[@]}" -cp "$CP" dev.kintsugi.bench.scale.ScaleLoad count "$url")
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
  acked=$(sed -n 's/.*rate=\([0-9]*\)\/s.*/\1/p' "$WORK/load-$n.out")
  applied=$(awk -v s="$((stored1 - stored0))" -v w="$wall" 'BEGIN{printf "%.0f", s/w}')
  ACKED[$n]=$acked; APPLIED[$n]=$applied
  dups=0
  for i in "${!pids[@]}"; do
    d=$(metric "${ports[$i]}" kintsugi_events_duplicate_total); dups=$((dups + ${d:-0}))
  done
  pgcpu=$(( $(pg_ticks) - pg0 ))
  echo "== $n node(s): acknowledged ${acked}/s; applied $((stored1 - stored0)) events in ${wall}s (load + drain) = ${applied}/s; duplicates dropped: $dups"
  echo "   CPU over ${wall}s (cores x seconds available: $(awk -v w="$wall" -v c="$(nproc)" 'BEGIN{printf "%.1f", w*c}')):"
  echo "   postgres (all processes) $(secs "$pgcpu")s = $(awk -v t="$pgcpu" -v h="$HZ" -v s="$((stored1 - stored0))" 'BEGIN{printf "%.1f", t/h*1e6/s}') us/event"
  echo "   client $(sed -n 's/.*client_cpu=\([0-9.]*\)s.*/\1/p' "$WORK/load-$n.out")s"
  for i in "${!pids[@]}"; do
    cpu=$(( $(ticks "${pids[$i]}") - node0[$i] ))
    read -r a1 j1 g1 o1 <<<"$(thread_ticks "${pids[$i]}")"; read -r a0 j0 g0 o0 <<<"${app0[$i]}"
    commits=$(( $(metric "${ports[$i]}" kintsugi_store_batch_events_count) - commits0[$i] ))
    echo "   node $((i + 1)): process $(secs "$cpu")s: applier thread $(secs $((a1 - a0)))s, JIT $(secs $((j1 - j0)))s, GC/VM $(secs $((g1 - g0)))s, request and other threads $(secs $((o1 - o0)))s; $commits commits"
  done
  for p in "${pids[@]}"; do kill -9 "$p"; wait "$p" 2>/dev/null || true; done
done
echo "== summary (events/s; ratio to 1 node)"
printf '%-6s %12s %7s %12s %7s\n' nodes acknowledged ratio applied ratio
for n in $NODES; do
  printf '%-6s %12s %7s %12s %7s\n' "$n" "${ACKED[$n]}" \
    "$(awk -v a="${ACKED[$n]}" -v b="${ACKED[1]:-0}" 'BEGIN{if(b>0)printf "%.2f", a/b; else print "-"}')" \
    "${APPLIED[$n]}" "$(awk -v a="${APPLIED[$n]}" -v b="${APPLIED[1]:-0}" 'BEGIN{if(b>0)printf "%.2f", a/b; else print "-"}')"
done
echo "== $(uptime)"
