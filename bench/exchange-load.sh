#!/usr/bin/env bash
# HTTP exchanges with fresh single-use tokens, RS256 in -> ES256 out, per JDK x crypto provider x concurrency,
# on loopback only. The issuer runs `replay: reject` (every exchange writes its one-time id, as a production
# issuer would have it), so each run gets a fresh broker and the same token files are valid once per run.
#   bench/exchange-load.sh            # the table: every JDK, provider and concurrency level
#   bench/exchange-load.sh warmup     # throughput in 5 s windows from a fresh start, per JDK and provider, and on
#                                     # JDK 25+ also with the AOT cache of deploy/aot-train.sh
# Env: JDKS (paths of JDKs to run the broker on), PROVIDERS ("jdk native"), LEVELS ("1 4 16 64"),
#      SECONDS_PER_RUN (10), WARMUP_SECONDS (10), TOKENS (320000), WARMUP_TOKENS (80000), JAVA_OPTS (broker JVM flags; the default matches the image: -Xmx256m --enable-native-access=ALL-UNNAMED, which the AOT cache also requires).
# Prints one line per run: exchanges/s, p50/p99 (wrk), broker CPU per exchange (from /proc), RSS, time to ready;
# then the crypto-only ceiling (one RS256 verify + one ES256 sign, on every core) of each JDK and provider.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-table}
jdks=${JDKS:-/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64}
providers=${PROVIDERS:-jdk native}
levels=${LEVELS:-1 4 16 64}
seconds=${SECONDS_PER_RUN:-10}
warmup=${WARMUP_SECONDS:-10}
tokens=${TOKENS:-320000}
warmup_tokens=${WARMUP_TOKENS:-80000}
work=target/exchange-load
port=18080
management_port=19000
mkdir -p "$work"
. bench/exchange-lib.sh
write_tokens reuse

provider_in_use() {
  grep -o 'crypto provider[^"]*' "$work/broker.log" | head -1
}

if [ "$mode" = warmup ]; then
  for jdk in $jdks; do
    variants=plain
    # aot-train.sh needs JDK 25's one-step -XX:AOTCacheOutput.
    if [ "$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')" -ge 25 ]; then
      [ target/quarkus-app/app.aot -nt target/quarkus-app/quarkus-run.jar ] || JAVA_HOME=$jdk deploy/aot-train.sh target/quarkus-app trust-policies 3000
      variants="plain aot"
    fi
    for variant in $variants; do
      for provider in $providers; do
        extra=
        [ "$variant" = aot ] && extra=-XX:AOTCache=target/quarkus-app/app.aot
        start_broker "$jdk" "$provider" "$extra"
        echo "== $("$jdk/bin/java" -version 2>&1 | head -1) provider=$provider $variant ready_ms=$ready_ms $(provider_in_use)"
        for w in 0 1 2 3; do
          echo "window $((w * 5))-$((w * 5 + 5)) s: $(measure 16 5 "$work/window-0$w")"
        done
        stop_broker
      done
    done
  done
  exit 0
fi

for jdk in $jdks; do
  echo "== $("$jdk/bin/java" -version 2>&1 | head -1)"
  for level in $levels; do
    # Providers alternate within a level, so the machine's noise falls on both.
    for provider in $providers; do
      start_broker "$jdk" "$provider"
      TOKENS_FILE="$work/warmup.txt" wrk -t1 -c16 -d"${warmup}s" -s bench/exchange.lua "http://127.0.0.1:$port/v1/token" > /dev/null
      line=$(measure "$level" "$seconds" "$work/tokens.txt")
      echo "provider=$provider c=$level $line rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status") hwm_kb=$(awk '/VmHWM/{print $2}' "/proc/$pid/status") ready_ms=$ready_ms"
      case $line in *"non200=0 no_token=0"*) ;; *) echo "  refused: $(grep -o '"reason":"[a-z_]*' "$work/broker.log" | sort | uniq -c | tr -s ' \n' ' ')" ;; esac
      stop_broker
    done
  done
  for provider in $providers; do
    echo "ceiling provider=$provider $("$jdk/bin/java" -cp "$cp" dev.wifbroker.bench.CryptoCeiling "$provider" 5)"
  done
done
