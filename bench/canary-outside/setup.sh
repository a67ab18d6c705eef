#!/usr/bin/env bash
# Fetches the outside app into $WORK (default /tmp/outside; never into this repository) and builds
# two jars: stable.jar (the app as published) and canary.jar (the same app plus PlantedBug.java,
# which does nothing unless started with -Dplanted.bug=errors|latency:N).
# The pom asks for <source>1.11</source>, which javac 17 refuses ("invalid target release: 1.11");
# -Dmaven.compiler.release=11 builds it unchanged.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${WORK:-/tmp/outside}"
REPO="${REPO:-https://github.com/fabianlee/spring-micro-with-actuator}"
COMMIT="${COMMIT:-e1dd0e7}"
mkdir -p "$WORK"
for copy in stable canary; do
  [[ -d "$WORK/$copy/.git" ]] || git clone -q "$REPO" "$WORK/$copy"
  git -C "$WORK/$copy" checkout -q "$COMMIT"
done
cp "$HERE/PlantedBug.java" "$WORK/canary/src/main/java/org/fabianlee/springmicrowithactuator/"
for copy in stable canary; do
  (cd "$WORK/$copy" && flock /tmp/kintsugi-build.lock mvn -B -q package -DskipTests -Dmaven.compiler.release=11)
  cp "$WORK/$copy"/target/spring-micro-with-actuator-*.jar "$WORK/$copy.jar"
done
ls -l "$WORK"/*.jar
