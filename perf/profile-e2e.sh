#!/usr/bin/env bash
# Profile the three cluster nodes under end-to-end load with async-profiler (tools.profiler:async-profiler from
# Maven Central; its linux-x64 library is unpacked into perf/target/async-profiler). One flame graph per node.
#
#   perf/profile-e2e.sh [cpu|alloc|wall] [LoadGenerator options...]
#   perf/profile-e2e.sh cpu --target bourse --rate 2000 --duration 20s --warmup 5s
#
# Writes perf/results/profile-<event>-<timestamp>/node-<pid>.html next to the load generator's own results.
set -euo pipefail

cd "$(dirname "$0")/.."
EVENT=${1:-cpu}
shift || true
VERSION=4.1
JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION.jar"
LIB=perf/target/async-profiler/linux-x64/libasyncProfiler.so

if [[ ! -f "$JAR" ]]; then
    mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION"
fi
if [[ ! -f "$LIB" ]]; then
    mkdir -p perf/target/async-profiler
    (cd perf/target/async-profiler && unzip -q -o "$JAR" 'linux-x64/*')
fi
if [[ ! -f perf/target/benchmarks.jar ]]; then
    mvn -B -q package -pl perf -am -DskipTests
fi

OUT="perf/results/profile-$EVENT-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
case "$EVENT" in
    alloc) AGENT="start,event=alloc,alloc=64k" ;;
    wall) AGENT="start,event=wall,interval=1ms,threads" ;;
    *) AGENT="start,event=$EVENT,interval=1ms" ;;
esac
AGENT="$AGENT,file=$(pwd)/$OUT/node-%p.html"

java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    -cp perf/target/benchmarks.jar dev.bourse.perf.e2e.LoadGenerator --out "$OUT" \
    --node-jvm-opts "-agentpath:$(pwd)/$LIB=$AGENT" "$@"
echo "flame graphs: $OUT/node-*.html"
