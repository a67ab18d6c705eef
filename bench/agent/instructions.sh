#!/usr/bin/env bash
# Instructions per call of the hot in-app method with and without the agent, counted by valgrind's
# callgrind (all threads, JIT code included): (count(N) - count(0)) / N. Unlike timings, the count
# does not move with the load of this shared machine. Needs valgrind and a built agent jar
# (run.sh builds both jars). ~6 minutes: JVMs are slow under valgrind.
# Usage: bench/agent/instructions.sh [N=100000000]
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-100000000}
JAR=$(realpath "$(ls ../../kintsugi-agent/target/kintsugi-agent-*.jar | grep -v original | head -1)")
WORK=$(mktemp -d /tmp/kintsugi-bench-agent-ir.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
CP=target/classes
AGENT="-javaagent:$JAR=dsn=http://bench@127.0.0.1:1/1,packages=dev.kintsugi.bench.agent.app,spool=$WORK/spool"

count() { # java args... → total instructions of all threads
  local d; d=$(mktemp -d "$WORK/cg.XXXX")
  valgrind --tool=callgrind --callgrind-out-file="$d/cg.%p" -q \
    java -Xshare:off -XX:-BackgroundCompilation -XX:+UseSerialGC "$@" >/dev/null 2>&1
  grep -h '^totals:' "$d"/cg.* | awk '{s+=$2} END {printf "%.0f", s}'
}
a0=$(count -cp "$CP" dev.kintsugi.bench.agent.HotCount 0)
a1=$(count -cp "$CP" dev.kintsugi.bench.agent.HotCount "$N")
b0=$(count "$AGENT" -cp "$CP" dev.kintsugi.bench.agent.HotCount 0)
b1=$(count "$AGENT" -cp "$CP" dev.kintsugi.bench.agent.HotCount "$N")
python3 -c "
a = ($a1 - $a0) / $N; b = ($b1 - $b0) / $N
print(f'hot in-app method, instructions per call: without agent {a:.2f}, with agent {b:.2f}, ratio {b / a:.4f}')"
