#!/usr/bin/env bash
# HTTP load test of POST /v1/token with many distinct valid tokens, on loopback only.
#   bench/load.sh [ALG_IN] [ROLE]      e.g. bench/load.sh RS256 bench-es256
# Env: BROKER_JAVA_HOME (JDK running the broker), CONCURRENCY (16), SECONDS (20), TOKENS (20000).
# Prints peak throughput (closed loop), then latency at half that rate (open loop), and the broker's RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
alg=${1:-RS256}
role=${2:-bench-es256}
concurrency=${CONCURRENCY:-16}
seconds=${SECONDS_PER_RUN:-20}
tokens=${TOKENS:-20000}
broker_java=${BROKER_JAVA_HOME:+$BROKER_JAVA_HOME/bin/}java
work=target/load
mkdir -p "$work"

. bench/classpath.sh
policy_dir=$(java -cp "$cp" dev.wifbroker.bench.BenchFixture "$work" "$alg" "$tokens" | tail -1)

BROKER_POLICY_DIR="$policy_dir" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_PORT=19000 \
  BROKER_GUARD_IDENTITY_RATE=1000000000 BROKER_GUARD_IDENTITY_BURST=1000000000 \
  BROKER_GUARD_ROLE_RATE=1000000000 BROKER_GUARD_ROLE_BURST=1000000000 \
  "$broker_java" -Xmx256m -jar target/quarkus-app/quarkus-run.jar > "$work/broker.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf localhost:18080/q/health/ready > /dev/null && break; sleep 1; done
"$broker_java" -version 2>&1 | head -1

url=http://127.0.0.1:18080/v1/token
java -cp "$cp" dev.wifbroker.bench.LoadClient "$url" "$work/tokens.txt" "$role" closed "$concurrency" 10 > /dev/null  # warm-up
peak=$(java -cp "$cp" dev.wifbroker.bench.LoadClient "$url" "$work/tokens.txt" "$role" closed "$concurrency" "$seconds")
echo "$peak"
rate=$(echo "$peak" | sed -E 's/.*throughput=([0-9]+).*/\1/')
half=$((rate / 2))
java -cp "$cp" dev.wifbroker.bench.LoadClient "$url" "$work/tokens.txt" "$role" open "$half" "$seconds"
grep -E 'VmRSS|VmHWM' /proc/$pid/status
grep -c '"type":"exchange"' "$work/broker.log" | sed 's/^/audit events: /'
grep -c 'jwks' "$work/broker.log" | sed 's/^/log lines mentioning jwks: /'
