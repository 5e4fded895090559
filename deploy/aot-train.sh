#!/usr/bin/env bash
# Builds a JDK 25 AOT cache (JEP 483/514/515: loaded and linked classes plus method profiles) for the packaged
# broker by a training run on loopback: the demo issuer's tokens exchanged for the sample demo roles (only the
# demo-* files of POLICY_DIR, so nothing is fetched from real issuers), so the request path's classes are loaded
# and its hot methods profiled. A broker started with
# -XX:AOTCache=app.aot is ready sooner and reaches its warm throughput sooner (docs/benchmarks.md, warm-up).
#   deploy/aot-train.sh [APP_DIR] [POLICY_DIR] [EXCHANGES]
#   (defaults: target/quarkus-app, trust-policies, 3000; writes APP_DIR/app.aot)
# Needs java >= 25 on PATH (or JAVA_HOME), curl, and ports 18090 and 9000 free on 127.0.0.1 (the demo issuers'
# URLs name the management port 9000). The cache fits only the JDK build and application jars it
# was made with: run it again after every build, with the JDK the broker runs on.
set -eu
app=${1:-target/quarkus-app}
policies=${2:-trust-policies}
exchanges=${3:-3000}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
port=18090
management=9000
log=$(mktemp)
demo=$(mktemp -d)
mkdir -p "$demo/issuers" "$demo/roles"
cp "$policies"/issuers/demo-*.yaml "$demo/issuers/"
cp "$policies"/roles/demo-*.yaml "$demo/roles/"

"$java" -XX:AOTCacheOutput="$app/app.aot" --enable-native-access=ALL-UNNAMED \
  -Dbroker.policy-dir="$demo" -Dbroker.demo.enabled=true \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port \
  -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=$management \
  -Dbroker.guard.identity-rate=1000000 -Dbroker.guard.identity-burst=1000000 \
  -jar "$app/quarkus-run.jar" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$demo"' EXIT
for _ in $(seq 1 300); do curl -sf "127.0.0.1:$port/q/health/ready" > /dev/null && break; sleep 0.1; done
curl -sf "127.0.0.1:$port/q/health/ready" > /dev/null || { echo "broker did not start for training; log: $log" >&2; exit 1; }

exchange() {
  token=$(curl -sf -X POST "127.0.0.1:$management/demo/v1/token?kind=$1" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  curl -sf -o /dev/null "127.0.0.1:$port/v1/token" \
    -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange \
    -d subject_token_type=urn:ietf:params:oauth:token-type:jwt -d subject_token="$token" -d audience="$2"
}
# The first key fetch may run before the management port listens; retried within the refetch interval.
for _ in $(seq 1 120); do exchange kubernetes demo-orders && exchange github demo-deploy && exchange gitlab demo-release && break; sleep 0.5; done
exchange gitlab demo-release || { echo "training exchanges fail; log: $log" >&2; exit 1; }
i=0
while [ "$i" -lt "$exchanges" ]; do
  exchange kubernetes demo-orders & a=$!
  exchange github demo-deploy & b=$!
  exchange gitlab demo-release & c=$!
  wait "$a" "$b" "$c" || true
  i=$((i + 3))
done
# A denial and a malformed request, so their paths are trained too.
curl -s -o /dev/null "127.0.0.1:$port/v1/token" -d grant_type=x || true
kill "$pid"
wait "$pid" 2>/dev/null || true
trap - EXIT
rm -rf "$demo"
grep -q "AOTCache creation is complete" "$log" || { echo "no AOT cache written; log: $log" >&2; exit 1; }
echo "wrote $app/app.aot ($(du -h "$app/app.aot" | cut -f1)); start with: java -XX:AOTCache=$app/app.aot -jar $app/quarkus-run.jar"
rm -f "$log"
