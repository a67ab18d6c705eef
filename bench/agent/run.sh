#!/usr/bin/env bash
# Agent overhead: JMH forks with and without -javaagent (alternating), hot in-app method and the
# cost of one captured error. Loopback only; the DSN points at a closed port (server absent).
# Usage: bench/agent/run.sh [ROUNDS=2]        (~3 minutes; builds the agent jar first)
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${1:-2}
WORK=$(mktemp -d /tmp/kintsugi-bench-agent.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

mvn -B -q -f ../../pom.xml -pl kintsugi-agent -am package -DskipTests >/dev/null
JAR=$(ls ../../kintsugi-agent/target/kintsugi-agent-*.jar | grep -v original | head -1)
mvn -B -q -f pom.xml package dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
mkdir -p ../out
java -cp "target/classes:$(cat "$WORK/cp.txt")" dev.kintsugi.bench.agent.Main \
  "$(realpath "$JAR")" "$WORK/spool" "$ROUNDS" | tee ../out/agent.txt
