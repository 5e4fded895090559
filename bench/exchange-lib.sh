# Sourced by the HTTP exchange benchmarks (bench/exchange-load.sh, bench/keycloak-compare.sh) from the repository root:
# builds what they need, writes the fixture's token files, starts and stops the broker, and measures one wrk run.
# Set before sourcing: work (a directory), tokens and warmup_tokens (counts), port and management_port (127.0.0.1).
. bench/classpath.sh

# Writes the policy directory and token files into $work (REPLAY=reject: each token is valid once per broker). With
# "reuse", files that are still valid (4 h) and large enough are kept: signing 400,000 RS256 tokens takes a minute or
# more. Extra environment (KEYCLOAK_AUDIENCE, ...) passes through to BenchFixture.
write_tokens() {
  if [ "${1:-}" != reuse ] || [ ! -f "$work/tokens.txt" ] || [ -n "$(find "$work/tokens.txt" -mmin +180)" ] \
      || [ "$(wc -l < "$work/tokens.txt")" -lt "$tokens" ]; then
    REPLAY=reject TOKEN_TTL=14400 java -cp "$cp" dev.wifbroker.bench.BenchFixture "$work" RS256 "$tokens" "$warmup_tokens" \
      | tail -1 > "$work/policy-dir"
    split -n l/4 -d "$work/tokens.txt" "$work/window-"
  fi
  policy_dir=$(cat "$work/policy-dir")
}

# The process whose CPU measure() reads: the broker while one runs.
pid=
trap 'kill $pid 2>/dev/null || true' EXIT

start_broker() {
  local jdk=$1 provider=$2 extra=${3:-} started
  started=$(date +%s%N)
  BROKER_CRYPTO_PROVIDER=$provider BROKER_POLICY_DIR="$policy_dir" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$management_port \
    BROKER_GUARD_IDENTITY_RATE=1000000000 BROKER_GUARD_IDENTITY_BURST=1000000000 \
    BROKER_GUARD_ROLE_RATE=1000000000 BROKER_GUARD_ROLE_BURST=1000000000 \
    "$jdk/bin/java" ${JAVA_OPTS:--Xmx256m --enable-native-access=ALL-UNNAMED} $extra -jar target/quarkus-app/quarkus-run.jar > "$work/broker.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -sf "127.0.0.1:$port/q/health/ready" > /dev/null && break; sleep 0.1; done
  curl -sf "127.0.0.1:$port/q/health/ready" > /dev/null || { echo "broker not ready, see $work/broker.log" >&2; exit 1; }
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
}

stop_broker() {
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

# One wrk run (bench/exchange.lua: BODY_PREFIX and ROLE from the environment) against URL, by default the broker's
# token endpoint; prints its result line with the CPU per exchange of process $pid appended.
measure() {
  local connections=$1 duration=$2 file=$3 url=${4:-http://127.0.0.1:$port/v1/token} cpu0 cpu1 result requests
  cpu0=$(cpu_ticks)
  result=$(TOKENS_FILE="$file" wrk -t1 -c"$connections" -d"${duration}s" -s bench/exchange.lua "$url" | grep '^wrk:')
  cpu1=$(cpu_ticks)
  requests=$(echo "$result" | sed -E 's/.*requests=([0-9]+).*/\1/')
  echo "$result server_cpu_us_per_exchange=$(( (cpu1 - cpu0) * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) ))"
}
