#!/usr/bin/env bash
# The broker's token exchange against Keycloak's JWT Authorization Grant (RFC 7523, the peer a user would otherwise
# deploy) in one run: same machine, same JDK, same wrk and bench/exchange.lua, same issuer and RS256 key, fresh
# single-use tokens on both sides (distinct jti; both enforce one-time use), ES256 tokens out on both sides, loopback only.
#   bench/keycloak-compare.sh
# Keycloak (org.keycloak:keycloak-quarkus-dist from Maven Central, cached under target/keycloak) runs `start
# --optimized` on a fresh dev-file (H2) database, http on 127.0.0.1, hostname-strict off, cache local, no event
# listeners, log level warn, its default heap (-Xms64m -Xmx512m), and is configured by its own kcadm.sh: realm `bench`
# signing ES256, an identity provider of type jwt-authorization-grant trusting the fixture's issuer with its RSA
# public key pasted (as the broker pins it), a confidential client allowed the grant for that provider, and one user
# linked to the tokens' `sub`. The broker runs as bench/exchange-load.sh runs it (native crypto by default). Both are
# warmed up alike and measured per concurrency level, alternating. A run with any response that is not a 200 with an
# access token is marked INVALID (a level that runs out of tokens replays them, which both refuse).
# Env: KEYCLOAK_VERSION (26.7.3), JDK (temurin 25), LEVELS ("1 16 64"), SECONDS_PER_RUN (10), WARMUP_SECONDS (60, both),
#      TOKENS (400000, the broker's, split between the levels), WARMUP_TOKENS (200000, the broker's warm-up),
#      KEYCLOAK_TOKENS (80000, split between Keycloak's warm-up and its levels), PROVIDER (native).
set -euo pipefail
cd "$(dirname "$0")/.."
kc_version=${KEYCLOAK_VERSION:-26.7.3}
jdk=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
levels=${LEVELS:-1 16 64}
seconds=${SECONDS_PER_RUN:-10}
warmup=${WARMUP_SECONDS:-60}
tokens=${TOKENS:-400000}
warmup_tokens=${WARMUP_TOKENS:-200000}
kc_tokens=${KEYCLOAK_TOKENS:-80000}
provider=${PROVIDER:-native}
work=target/keycloak-compare
port=18520
management_port=18521
kc_port=18510
kc_url=http://127.0.0.1:$kc_port
realm=bench
kc_home=target/keycloak/keycloak-$kc_version
mkdir -p "$work"

# Fetch and build Keycloak once; `kc.sh build` bakes the build-time options in (about a minute).
if [ ! -x "$kc_home/bin/kc.sh" ]; then
  ./mvnw -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$kc_version:zip" -DoutputDirectory=target/keycloak
  unzip -q -o "target/keycloak/keycloak-quarkus-dist-$kc_version.zip" -d target/keycloak
fi
kc_build="--db=dev-file --features=jwt-authorization-grant"
if [ "$(cat "$kc_home/bench-build" 2>/dev/null)" != "$kc_build" ]; then
  JAVA_HOME=$jdk "$kc_home/bin/kc.sh" build $kc_build > "$work/keycloak-build.log" 2>&1
  echo "$kc_build" > "$kc_home/bench-build"
fi

# Start Keycloak on a fresh database while the tokens are signed. Keycloak turns on Narayana's transaction recovery,
# whose listener takes a random loopback port (outside this script's range) and which a single node without XA
# does not use: off. (One more listener on a random loopback port remains, not identified; nothing connects to it.)
rm -rf "$kc_home/data"
echo "quarkus.transaction-manager.enable-recovery=false" > "$kc_home/conf/quarkus.properties"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=bench-admin JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
  JAVA_HOME=$jdk "$kc_home/bin/kc.sh" start --optimized --cache=local --http-enabled=true --http-host=127.0.0.1 --http-port=$kc_port \
  --http-management-port=18511 --hostname-strict=false --log-level=warn > "$work/keycloak.log" 2>&1 &
kc_script=$!
kc_pid= pid=
trap 'kill $pid $kc_pid $kc_script 2>/dev/null || true' EXIT

# One issuer key for both sides: the broker pins it inline, Keycloak gets its public key pasted. Token files are
# reused for up to 3 h (they are valid 4 h, and Keycloak's maximum assertion age is set to the same) and both servers
# are fresh each run, so a second run needs no signing.
. bench/exchange-lib.sh
trap 'kill $pid $kc_pid $kc_script 2>/dev/null || true' EXIT
reuse=reuse
[ -f "$work/keycloak-tokens.txt" ] && [ "$(wc -l < "$work/keycloak-tokens.txt")" -ge "$kc_tokens" ] || reuse=fresh
KEYCLOAK_AUDIENCE="$kc_url/realms/$realm" KEYCLOAK_TOKENS=$kc_tokens KEYCLOAK_TTL=14400 write_tokens $reuse
n_levels=$(echo $levels | wc -w)
tail -n +2 "$work/keycloak-tokens.txt" > "$work/kc-rest.txt"
split -n l/$((n_levels + 1)) -d "$work/kc-rest.txt" "$work/kc-slice-"

for _ in $(seq 1 600); do curl -sf -o /dev/null "$kc_url/realms/master" && break; sleep 0.5; done
curl -sf -o /dev/null "$kc_url/realms/master" || { echo "Keycloak not ready, see $work/keycloak.log" >&2; exit 1; }
kc_pid=$(pgrep -P "$kc_script" java)

kcadm() { JAVA_HOME=$jdk "$kc_home/bin/kcadm.sh" "$@" --config "$work/kcadm.config"; }
kcadm config credentials --server "$kc_url" --realm master --user admin --password bench-admin > /dev/null
kcadm create realms -s realm=$realm -s enabled=true -s 'eventsListeners=[]' -s eventsEnabled=false \
  -s adminEventsEnabled=false -s defaultSignatureAlgorithm=ES256
kcadm create components -r $realm -s name=ec-p256 -s providerId=ecdsa-generated -s providerType=org.keycloak.keys.KeyProvider \
  -s 'config.priority=["200"]' -s 'config.ecdsaEllipticCurveKey=["P-256"]' -s 'config.active=["true"]' -s 'config.enabled=["true"]'
kcadm create identity-provider/instances -r $realm -s alias=bench-cluster -s providerId=jwt-authorization-grant -s enabled=true \
  -s config.issuer=https://kubernetes.bench.internal -s config.jwtAuthorizationGrantEnabled=true -s config.useJwksUrl=false \
  -s config.publicKeySignatureVerifier="$(cat "$work/rsa-public.b64")" -s config.publicKeySignatureVerifierKeyId=bench-rsa \
  -s config.jwtAuthorizationGrantAssertionSignatureAlg=RS256 -s config.jwtAuthorizationGrantMaxAllowedAssertionExpiration=14400
kcadm create clients -r $realm -s clientId=bench -s publicClient=false -s secret=bench-secret -s standardFlowEnabled=false \
  -s directAccessGrantsEnabled=false -s 'attributes."oauth2.jwt.authorization.grant.enabled"=true' \
  -s 'attributes."oauth2.jwt.authorization.grant.idp"=bench-cluster'
kcadm create users -r $realm -s username=payments-api -s enabled=true -s email=payments-api@bench.internal \
  -s emailVerified=true -s firstName=payments -s lastName=api
user_id=$(kcadm get users -r $realm -q username=payments-api --fields id --format csv --noquotes)
kcadm create "users/$user_id/federated-identity/bench-cluster" -r $realm -s identityProvider=bench-cluster \
  -s userId=system:serviceaccount:payments:api -s userName=payments-api

kc_token_url="$kc_url/realms/$realm/protocol/openid-connect/token"
kc_body="grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&client_id=bench&client_secret=bench-secret&assertion="
broker_url="http://127.0.0.1:$port/v1/token"
broker_body="grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt&audience=bench-es256&subject_token="

# A sample request must get a 200 with an ES256 access token, and the same token again must be refused.
check_sample() {
  local name=$1 url=$2 body=$3 token=$4 status again
  status=$(curl -s -o "$work/sample-$name.json" -w '%{http_code}' "$url" --data "$body$token")
  again=$(curl -s -o /dev/null -w '%{http_code}' "$url" --data "$body$token")
  python3 - "$work/sample-$name.json" "$name" "$status" "$again" <<'PY'
import base64, json, sys
path, name, status, again = sys.argv[1:]
body = json.load(open(path))
header = json.loads(base64.urlsafe_b64decode(body["access_token"].split(".")[0] + "==="))
if status != "200" or header["alg"] != "ES256" or not again.startswith("4"):
    sys.exit(f"{name}: sample {status} {header}, replay {again}")
print(f"sample {name}: HTTP {status}, access_token {header['alg']}, {body.get('token_type')}, expires_in {body.get('expires_in')}; same token again: HTTP {again}")
PY
}
check_sample keycloak "$kc_token_url" "$kc_body" "$(head -1 "$work/keycloak-tokens.txt")"
start_broker "$jdk" "$provider"
check_sample broker "$broker_url" "$broker_body" "$(head -1 "$work/tokens.txt")"
stop_broker

load() { cut -d' ' -f1-3 /proc/loadavg; }
valid() { case $1 in *"non200=0 no_token=0"*) echo ok ;; *) echo INVALID ;; esac; }
rss() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
echo "== $(date -u +%FT%TZ) $("$jdk/bin/java" -version 2>&1 | head -1); Keycloak $kc_version (JWT Authorization Grant); broker provider=$provider"
# Both servers stay up for the whole run, each warmed up for the same time and then fed a fresh slice of tokens per
# level, alternating, so the machine's noise falls on both.
tail -n +2 "$work/tokens.txt" > "$work/broker-rest.txt"
split -n l/$n_levels -d "$work/broker-rest.txt" "$work/broker-slice-"
start_broker "$jdk" "$provider"
broker_pid=$pid
echo "keycloak warm-up ${warmup}s c16 (load $(load)): $(pid=$kc_pid BODY_PREFIX=$kc_body measure 16 "$warmup" "$work/kc-slice-00" "$kc_token_url")"
echo "broker   warm-up ${warmup}s c16 (load $(load)): $(measure 16 "$warmup" "$work/warmup.txt")"
results=()
slice=0
for level in $levels; do
  before=$(load)
  kc=$(pid=$kc_pid BODY_PREFIX=$kc_body measure "$level" "$seconds" "$work/kc-slice-$(printf %02d $((slice + 1)))" "$kc_token_url")
  echo "keycloak c=$level load=[$before] $kc rss_kb=$(rss "$kc_pid") $(valid "$kc")"
  before=$(load)
  br=$(measure "$level" "$seconds" "$work/broker-slice-$(printf %02d $slice)")
  echo "broker   c=$level load=[$before] $br rss_kb=$(rss "$broker_pid") $(valid "$br")"
  slice=$((slice + 1))
  results+=("$level $(echo "$kc" | sed -E 's/.*throughput=([0-9]+).*/\1/') $(echo "$br" | sed -E 's/.*throughput=([0-9]+).*/\1/') $(valid "$kc")/$(valid "$br")")
done
stop_broker
for r in "${results[@]}"; do
  set -- $r
  echo "ratio c=$1: broker $3/s / keycloak $2/s = $(awk -v b="$3" -v k="$2" 'BEGIN { printf "%.1f", (k > 0 ? b / k : 0) }')x ($4)"
done
