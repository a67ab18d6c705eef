#!/usr/bin/env bash
# Anomaly detection benchmark: generates our own labeled corpus (seeded; NAB layout: data/*.csv +
# labels/combined_windows.json) into bench/out/anomaly/corpus, runs every detector of
# kintsugi-runtime plus baselines (random, null, perfect) on it, and prints the NAB
# standard-profile score per detector (threshold optimised per detector, null = 0, perfect = 100).
# Usage: bench/anomaly/run.sh [--corpus DIR]   (DIR: any corpus in NAB's layout instead)
#   Builds kintsugi-runtime from this checkout (mvn compile, into the checkout's target/
#   directories; extra Maven options through MAVEN_ARGS, e.g. MAVEN_ARGS=-o).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
OUT="$ROOT/bench/out/anomaly"
mkdir -p "$OUT/classes"
if ! mvn -B -q ${MAVEN_ARGS:-} -f "$ROOT/pom.xml" -pl kintsugi-runtime -am compile >"$OUT/build.log" 2>&1; then
  echo "bench/anomaly: building kintsugi-runtime failed; the end of $OUT/build.log:" >&2
  tail -n 30 "$OUT/build.log" >&2
  exit 1
fi
CP="$ROOT/kintsugi-runtime/target/classes"
javac -nowarn -d "$OUT/classes" -cp "$CP" $(find src/main/java -name '*.java')
java -cp "$OUT/classes:$CP" dev.kintsugi.bench.anomaly.AnomalyBench "$OUT" "$@"
