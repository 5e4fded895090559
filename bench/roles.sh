#!/usr/bin/env bash
# The broker at 10 and at 10,000 roles (issue 12): RSS after start, start to ready, `policy lint` wall time,
# one edited role to live, idle CPU (and the CPU time of lint and start); then the PolicyDecideBenchmark (JMH) for decision latency.
#   bench/roles.sh [N...]          default: 10 10000
# Env: BROKER_JAVA_HOME (JDK running the broker), BROKER_HEAP (e.g. -Xmx512m; default: the JVM's),
#      IDLE_SECONDS (30), EDITS (5), JMH (1: run the decide benchmark; 0: skip), HTTP_PORT (18280),
#      MANAGEMENT_PORT (18290), BROKER_JAR (target/quarkus-app/quarkus-run.jar: another build to compare). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 10000)
broker_java=${BROKER_JAVA_HOME:+$BROKER_JAVA_HOME/bin/}java
heap=${BROKER_HEAP:-}
idle=${IDLE_SECONDS:-30}
edits=${EDITS:-5}
http_port=${HTTP_PORT:-18280}
management_port=${MANAGEMENT_PORT:-18290}
work=target/roles
mkdir -p "$work"

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package
./mvnw -B -q -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
jar=${BROKER_JAR:-target/quarkus-app/quarkus-run.jar}
"$broker_java" -version 2>&1 | head -1
hz=$(getconf CLK_TCK)
now_ms() { date +%s%3N; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
version() { curl -sf "localhost:$management_port/q/metrics" | sed -nE 's/^broker_policy_version_info\{.*version="([^"]+)".*/\1/p' | head -1; }

for n in "${sizes[@]}"; do
  dir=$work/policy-$n
  java -cp "$cp" dev.wifbroker.bench.RolesFixture "$dir" "$n" > /dev/null

  # policy lint: the CLI as an operator runs it (a fresh JVM), best of 3.
  # Also its CPU time (user + sys, all threads, the JIT's included): on a shared machine wall time is mostly waiting.
  best=
  best_cpu=
  for _ in 1 2 3; do
    t0=$(now_ms)
    { TIMEFORMAT='%U %S'; time "$broker_java" -jar "$jar" policy lint "$dir" > "$work/lint-$n.txt" 2>&1; } 2> "$work/lint-cpu-$n.txt" \
      || { tail -5 "$work/lint-$n.txt"; exit 1; }
    t=$(( $(now_ms) - t0 ))
    cpu=$(awk '{printf "%d", 1000 * ($1 + $2)}' "$work/lint-cpu-$n.txt")
    [ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
    [ -z "$best_cpu" ] || [ "$cpu" -lt "$best_cpu" ] && best_cpu=$cpu
  done
  echo "N=$n policy_lint_ms=$best policy_lint_cpu_ms=$best_cpu ($(tail -1 "$work/lint-$n.txt" | cut -c1-80))"

  t0=$(now_ms)
  # shellcheck disable=SC2086
  BROKER_POLICY_DIR="$dir" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$http_port QUARKUS_MANAGEMENT_PORT=$management_port \
    "$broker_java" $heap -jar "$jar" > "$work/broker-$n.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  until curl -sf "localhost:$http_port/q/health/ready" > /dev/null; do
    kill -0 $pid 2>/dev/null || { tail -20 "$work/broker-$n.log"; exit 1; }
    sleep 0.05
  done
  echo "N=$n start_to_ready_ms=$(( $(now_ms) - t0 )) start_cpu_ms=$(( $(cpu_ticks $pid) * 1000 / hz ))"

  sleep 5
  jcmd $pid GC.run > /dev/null
  sleep 5
  echo "N=$n rss_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) \
heap_used_after_gc_mb=$(jcmd $pid GC.heap_info | sed -nE 's/.*total [0-9]+K, used ([0-9]+)K.*/\1/p' | head -1 | awk '{print int($1/1024)}')"
  jcmd $pid GC.class_histogram 2>/dev/null | head -25 > "$work/histogram-$n.txt" || true

  c0=$(cpu_ticks $pid); sleep "$idle"; c1=$(cpu_ticks $pid)
  echo "N=$n idle_cpu_percent=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v s="$idle" 'BEGIN {printf "%.2f", 100 * d / hz / s}') (of one core, over ${idle}s)"

  # One edited role to live: rewrite r-00005.yaml (a different duration each time), poll the version gauge.
  lat=()
  for e in $(seq 1 "$edits"); do
    before=$(version)
    sed -i -E "s/duration: [0-9]+m/duration: $((20 + e))m/" "$dir/roles/r-00005.yaml"
    t0=$(now_ms)
    while [ "$(version)" = "$before" ]; do
      [ $(( $(now_ms) - t0 )) -lt 60000 ] || { echo "edit $e not live after 60 s"; break; }
      sleep 0.02
    done
    lat+=($(( $(now_ms) - t0 )))
    sleep 1
  done
  echo "N=$n edit_to_live_ms=${lat[*]}"
  echo "N=$n rss_after_edits_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))"
  kill $pid; wait $pid 2>/dev/null || true
  trap - EXIT
done

if [ "${JMH:-1}" = 1 ]; then
  java -cp "$cp" org.openjdk.jmh.Main PolicyDecideBenchmark -wi 3 -w 2s -i 5 -r 2s -f 1 2>&1 | grep -E '^PolicyDecide|Benchmark '
fi
