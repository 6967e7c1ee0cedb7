#!/usr/bin/env bash
# Runs the dtls4j benchmarks and writes JMH JSON results plus a summary.
#
#   jmh/run.sh quick [JAVA_HOME]   a few minutes per step on 2 cores: 1 fork, 2 x 1 s warm-up,
#                                  3 x 1 s measurement, 1,200-byte records only, GC profiler on
#   jmh/run.sh full  [JAVA_HOME]   every parameter: 2 forks, 5 x 2 s warm-up, 5 x 2 s measurement
#   jmh/run.sh quick JAVA_HOME records handshakes ...   only the named steps (records, handshakes,
#                                  floor, resumption, sockets, storm, memory)
#
# JAVA_HOME defaults to the java on the PATH. Results go to jmh/results/<profile>-<java version>/,
# one JSON file per step, and summary.md there is made by summarize.py. Set SKIP_BUILD=1 to use
# an existing jmh/target/benchmarks.jar. Nothing here runs in the normal build or in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-quick}"
java_home="${2:-}"
shift $(( $# > 2 ? 2 : $# ))
steps=("$@")
if [ ${#steps[@]} -eq 0 ]; then
  steps=(records handshakes floor resumption sockets storm memory)
fi
wanted() {
  local s
  for s in "${steps[@]}"; do [ "$s" = "$1" ] && return 0; done
  return 1
}
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
    # Handshakes take milliseconds: a longer warm-up, or part of the run is still interpreted.
    handshake_timing=(-f 1 -wi 3 -w 3s -i 3 -r 2s)
    records=(-p payload=1200)
    storm=(-p clients=1,4 -p provider=BC)
    memory_runs=("10000 PSK dtls4j JDK" "10000 ECDHE_ECDSA_P256 dtls4j JDK" "2000 ECDHE_ECDSA_P256 jdk")
    ;;
  full)
    timing=(-f 2 -wi 5 -w 2s -i 5 -r 2s)
    handshake_timing=(-f 2 -wi 5 -w 4s -i 5 -r 2s)
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

# bench NAME TIMING-ARRAY-NAME JMH-ARGS...
bench() {
  local name="$1" timing_name="$2"; shift 2
  wanted "$name" || return 0
  local -n chosen="$timing_name"
  echo "== $name" >&2
  "$java" -jar "$jar" "${chosen[@]}" -rf json -rff "$out/$name.json" "$@" 2>&1 | tee "$out/$name.txt" \
    | grep -E '^[A-Z][A-Za-z0-9]+Benchmark' || true
}

bench records timing -prof gc "${records[@]}" 'Record(Floor|Dtls4j|Engine|Jdk|Bc)Benchmark'
bench handshakes handshake_timing -prof gc 'Handshake(Dtls4j|Jdk|Bc)Benchmark'
bench floor handshake_timing 'HandshakeFloorBenchmark'
bench resumption handshake_timing 'ResumptionBenchmark'
bench sockets timing 'SocketBenchmark'
bench storm timing "${storm[@]}" 'HandshakeStormBenchmark'

wanted memory && : > "$out/memory.txt"
wanted memory && for run in "${memory_runs[@]}"; do
  echo "== memory $run" >&2
  # shellcheck disable=SC2086
  "$java" -Xmx2g -cp "$jar" org.dtls4j.jmh.SessionMemory $run | tee -a "$out/memory.txt"
done

python3 jmh/summarize.py "$out" > "$out/summary.md"
echo "summary: $out/summary.md" >&2
