#!/usr/bin/env bash
# Run the matching-engine JMH suite: Bourse's engine and the exchange-core baseline over the same command
# streams, in one run, with the GC profiler. Defaults suit a small shared machine (2 cores): one fork,
# 3 x 2 s warm-up and 5 x 3 s measurement iterations per benchmark, about 7 minutes in all.
#
#   perf/run-engine-benchmarks.sh                                # full suite, results in perf/results/
#   perf/run-engine-benchmarks.sh -p scenario=MIX                # one scenario (any extra JMH options)
#   ENGINES=fast,reference perf/run-engine-benchmarks.sh         # also the reference engine
#   BENCHMARKS='MatchingEngineBenchmark' perf/run-engine-benchmarks.sh   # Bourse only
#
# Writes perf/results/engine-<timestamp>.json (JMH JSON) and .txt (console), then prints the
# Bourse / exchange-core throughput ratio per scenario.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=perf/target/benchmarks.jar
RESULTS=perf/results
ENGINES=${ENGINES:-fast}
BENCHMARKS=${BENCHMARKS:-'MatchingEngineBenchmark|ExchangeCoreBenchmark'}
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -i 5 -w 2s -r 3s -prof gc}

if [[ ! -f "$JAR" ]] || [[ -n "$(find perf/src order-book/src perf/pom.xml -newer "$JAR" -type f -print -quit)" ]]; then
    echo "building $JAR"
    mvn -B -q package -pl perf -am -DskipTests
fi

mkdir -p "$RESULTS"
STAMP=$(date +%Y%m%d-%H%M%S)
JSON="$RESULTS/engine-$STAMP.json"
TXT="$RESULTS/engine-$STAMP.txt"

{
    echo "# host: $(uname -srm), $(nproc) cores, $(java -version 2>&1 | head -1)"
    echo "# command: java -jar $JAR '$BENCHMARKS' $JMH_OPTS -p engine=$ENGINES $* -rf json -rff $JSON"
} | tee "$TXT"

# shellcheck disable=SC2086 # JMH_OPTS is a list of options
java -jar "$JAR" "$BENCHMARKS" $JMH_OPTS -p engine="$ENGINES" "$@" -rf json -rff "$JSON" 2>&1 | tee -a "$TXT"

if command -v python3 > /dev/null; then
    python3 - "$JSON" <<'PY' | tee -a "$TXT"
import json, sys
rows = json.load(open(sys.argv[1]))
score, alloc = {}, {}
for r in rows:
    name = r["benchmark"].rsplit(".", 2)[-2]
    params = r.get("params", {})
    key = (name + ("/" + params["engine"] if "engine" in params else ""), params.get("scenario"))
    score[key] = r["primaryMetric"]["score"]
    norm = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    if norm:
        alloc[key] = norm["score"]
impls = sorted({k[0] for k in score})
scenarios = sorted({k[1] for k in score})
print()
print("%-22s" % "scenario" + "".join("%30s" % i for i in impls) + "   ratios vs ExchangeCoreBenchmark")
for s in scenarios:
    line = "%-22s" % s
    for i in impls:
        v = score.get((i, s))
        line += "%30s" % ("-" if v is None else "%.3f Mops/s %6.1f B/op" % (v / 1e6, alloc.get((i, s), float("nan"))))
    base = score.get(("ExchangeCoreBenchmark", s))
    if base:
        line += "   " + " ".join("%s=%.2fx" % (i, score[(i, s)] / base)
                                  for i in impls if i != "ExchangeCoreBenchmark" and (i, s) in score)
    print(line)
PY
fi
echo "results: $JSON $TXT"
