#!/usr/bin/env bash
# HTTP exchanges/s with broker.state=redis against broker.state=memory, on loopback only.
#   bench/state-load.sh [ROUNDS]
# Each round starts a fresh broker per state (and flushes Redis) so the same single-use tokens
# (issuer replay: reject) are valid once per run. States alternate so machine noise hits both.
# Env: BROKER_JAVA_HOME, CONCURRENCY (16), SECONDS_PER_RUN (10), TOKENS (40000).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
concurrency=${CONCURRENCY:-16}
seconds=${SECONDS_PER_RUN:-10}
tokens=${TOKENS:-40000}
broker_java=${BROKER_JAVA_HOME:+$BROKER_JAVA_HOME/bin/}java
work=target/state-load
redis_port=16379
mkdir -p "$work"

. bench/classpath.sh
policy_dir=$(REPLAY=reject java -cp "$cp" dev.wifbroker.bench.BenchFixture "$work" RS256 "$tokens" 4000 | tail -1)

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$work/redis.log" 2>&1 &
redis_pid=$!
pid=
trap 'kill $pid $redis_pid 2>/dev/null || true' EXIT
sleep 0.5

run() {
  local state=$1
  redis-cli -p "$redis_port" flushall > /dev/null
  BROKER_STATE=$state QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$redis_port BROKER_KEYS_CLUSTER_JOIN_DELAY=1s \
    BROKER_POLICY_DIR="$policy_dir" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_PORT=19000 \
    BROKER_GUARD_IDENTITY_RATE=1000000000 BROKER_GUARD_IDENTITY_BURST=1000000000 \
    BROKER_GUARD_ROLE_RATE=1000000000 BROKER_GUARD_ROLE_BURST=1000000000 \
    "$broker_java" -Xmx256m -jar target/quarkus-app/quarkus-run.jar > "$work/broker-$state.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do curl -sf localhost:18080/q/health/ready > /dev/null && break; sleep 1; done
  curl -sf localhost:18080/q/health/ready > /dev/null || { echo "broker ($state) not ready, see $work/broker-$state.log" >&2; exit 1; }
  TOKENS_FILE="$work/warmup.txt" wrk -t1 -c"$concurrency" -d5s -s bench/exchange.lua http://127.0.0.1:18080/v1/token > /dev/null
  local cpu0 cpu1 result
  cpu0=$(awk '{print $14 + $15}' /proc/$pid/stat)
  result=$(TOKENS_FILE="$work/tokens.txt" wrk -t1 -c"$concurrency" -d"${seconds}s" -s bench/exchange.lua http://127.0.0.1:18080/v1/token | grep '^wrk:')
  cpu1=$(awk '{print $14 + $15}' /proc/$pid/stat)
  case $result in *non2xx=0*) ;; *) echo "refused in the measured run: $(grep -o '"reason":"[a-z_]*","stage":"[a-z]*' "$work/broker-$state.log" | grep -v '"reason":"[a-z_]*","stage":"done' | sort | uniq -c | tr -s ' \n' ' ')" ;; esac
  echo "state=$state $result broker_cpu_s=$(( (cpu1 - cpu0) / $(getconf CLK_TCK) )) $(grep VmRSS /proc/$pid/status | tr -s ' \t' ' ')"
  kill $pid; wait $pid 2>/dev/null || true
}

"$broker_java" -version 2>&1 | head -1
for _ in $(seq 1 "$rounds"); do run memory; run redis; done
