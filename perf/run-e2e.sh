#!/usr/bin/env bash
# The end-to-end suite: Bourse against the echo baseline on the same three-node cluster (three node JVMs on
# 127.0.0.1 with identical settings), in one run: max throughput, latency at a moderate open-loop rate, a rate
# sweep, market-data latency, and the recovery benchmark when the build has it. One summary.md (+ summary.json,
# .hlog files and percentile plots) under perf/results/<timestamp>-e2e/.
#
#   perf/run-e2e.sh                      the full suite (about 20 minutes on 2 cores)
#   perf/run-e2e.sh --smoke              a few seconds per part, no thresholds (what the JUnit smoke test runs)
#   perf/run-e2e.sh --parts latency --latency-rate 5000      any suite option; --help lists them
#   java ... dev.bourse.perf.e2e.LoadGenerator --help        one load run against one target
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=perf/target/benchmarks.jar

if [[ ! -f "$JAR" ]] || [[ -n "$(find perf/src order-book/src cluster-node/src client-sdk/src schemas/src perf/pom.xml \
        -newer "$JAR" -type f -print -quit)" ]]; then
    echo "building $JAR"
    mvn -B -q package -pl perf -am -DskipTests
fi

exec java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    -Xms1g -Xmx1g -XX:+UseParallelGC ${E2E_JAVA_OPTS:-} \
    -cp "$JAR" dev.bourse.perf.e2e.E2eSuite "$@"
