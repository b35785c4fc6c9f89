#!/usr/bin/env bash
# Builds what is missing and runs the engine demo: a scripted trading session through the matching engine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file=cluster-node/target/runtime.classpath
# Build when nothing is built yet or any source, schema or pom is newer than the last build.
if [ ! -f "$cp_file" ] || [ -n "$(find . \( -path ./.git -o -name target \) -prune -o \( -name '*.java' -o -name '*.xml' \) \
        -newer "$cp_file" -print -quit)" ]; then
    # One reactor run, so sibling modules resolve to their freshly built jars, never to a stale ~/.m2 copy.
    mvn -B -q -DskipTests -pl cluster-node -am package dependency:build-classpath \
        -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime
fi
exec java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    -cp "cluster-node/target/classes:$(cat "$cp_file")" dev.bourse.node.EngineDemo "$@"
