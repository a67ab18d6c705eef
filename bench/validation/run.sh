#!/usr/bin/env bash
# Fast validation benchmark: warm-worker candidate validation vs one `mvn -q -o test` per
# candidate, on projects of bench/corpus, in the same run. See README.md.
#
# Usage: bench/validation/run.sh [--projects id,id] [--verdict-projects id,id] [--verdict-sample N]
#                                [--max-candidates N] [--workers N] [--threads N]
#                                [--scales 5,20 [--scale-project id]] [--out FILE] [--keep-temp]
#        bench/validation/run.sh soak PROJECT_ID CANDIDATES   (one worker, many candidates: drift)
# Needs the kintsugi-* artifacts installed in ~/.m2 (mvn install from the repository root, or
# at least -pl kintsugi-worker,kintsugi-sandbox) and the corpus projects' Maven plugins cached
# (the benchmark runs Maven offline).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
MVN="${MVN:-mvn}"

cd "$HERE"
"$MVN" -B -q -o compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="$HERE/target/classes:$(cat target/classpath.txt)"

cd "$REPO"
if [[ "${1:-}" == soak ]]; then
    shift
    exec java -cp "$CP" dev.kintsugi.bench.validation.SoakBench "$REPO/bench/corpus" "$@"
fi
exec java -cp "$CP" dev.kintsugi.bench.validation.ValidationBench \
    --corpus "$REPO/bench/corpus" --out "$HERE/out/results.json" "$@"
