#!/usr/bin/env bash
# Runs the dtls4j benchmarks and writes JMH JSON results plus a summary.
#
#   jmh/run.sh quick [JAVA_HOME]   a few minutes per step on 2 cores: 1 fork, 2 x 1 s warm-up,
#                                  3 x 1 s measurement, 1,200-byte records only, GC profiler on
#   jmh/run.sh full  [JAVA_HOME]   every parameter: 2 forks, 5 x 2 s warm-up, 5 x 2 s measurement
#
# JAVA_HOME defaults to the java on the PATH. Results go to jmh/results/<profile>-<java version>/,
# one JSON file per step, and summary.md there is made by summarize.py. Set SKIP_BUILD=1 to use
# an existing jmh/target/benchmarks.jar. Nothing here runs in the normal build or in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-quick}"
java_home="${2:-}"
java="java"
if [ -n "$java_home" ]; then
  java="$java_home/bin/java"
fi
version="$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.version = /{print $2}')"
out="jmh/results/${profile}-${version}"
mkdir -p "$out"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -ntp -q -pl jmh -am package -DskipTests
fi
jar=jmh/target/benchmarks.jar

case "$profile" in
  quick)
    timing=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
    handshake_timing=(-wi 3 -w 3s -i 3 -r 2s)
    records=(-p payload=1200)
    storm=(-p clients=1,4 -p provider=BC)
    memory_runs=("10000 PSK dtls4j JDK" "10000 ECDHE_ECDSA_P256 dtls4j JDK" "2000 ECDHE_ECDSA_P256 jdk")
    ;;
  full)
    timing=(-f 2 -wi 5 -w 2s -i 5 -r 2s)
    handshake_timing=(-w 4s)
    records=()
    storm=()
    memory_runs=("10000 PSK dtls4j JDK" "10000 ECDHE_ECDSA_P256 dtls4j JDK" "10000 ECDHE_ECDSA_P256 dtls4j BC"
                 "10000 ECDHE_ECDSA_P256 jdk" "10000 PSK jdk")
    ;;
  *)
    echo "usage: $0 quick|full [JAVA_HOME]" >&2
    exit 2
    ;;
esac

bench() {
  local name="$1"; shift
  echo "== $name" >&2
  "$java" -jar "$jar" "${timing[@]}" -rf json -rff "$out/$name.json" "$@" | tee "$out/$name.txt" | grep -E '^[A-Z][A-Za-z0-9]+Benchmark' || true
}

bench records -prof gc "${records[@]}" 'Record(Floor|Dtls4j|Engine|Jdk|Bc)Benchmark'
# Handshakes take milliseconds: a longer warm-up, or part of the run is still interpreted.
bench handshakes -prof gc "${handshake_timing[@]}" 'Handshake(Dtls4j|Jdk|Bc)Benchmark'
bench floor "${handshake_timing[@]}" 'HandshakeFloorBenchmark'
bench resumption "${handshake_timing[@]}" 'ResumptionBenchmark'
bench sockets 'SocketBenchmark'
bench storm "${storm[@]}" 'HandshakeStormBenchmark'

: > "$out/memory.txt"
for run in "${memory_runs[@]}"; do
  echo "== memory $run" >&2
  # shellcheck disable=SC2086
  "$java" -Xmx2g -cp "$jar" org.dtls4j.jmh.SessionMemory $run | tee -a "$out/memory.txt"
done

python3 jmh/summarize.py "$out" > "$out/summary.md"
echo "summary: $out/summary.md" >&2
