#!/usr/bin/env bash
# Fuzzes every @FuzzTest in turn (Jazzer fuzzes one per JVM) for DURATION each, then prints one line of
# libFuzzer's final stats per target. Usage: fuzz/run-all.sh [DURATION] [Class#method ...]   (docs/fuzzing.md)
set -uo pipefail
cd "$(dirname "$0")/.."
duration="${1:-5m}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    CompactJwsFuzzTest#anyTextIsRefusedAsMalformedOrParsedExactly
    TokenVerifierFuzzTest#forgedTokenNeverVerifies
    TokenVerifierFuzzTest#editedSignedTokenVerifiesOnlyUnchanged
    TokenFormFuzzTest#anyFormIsRefusedWithAReasonOrParsedWithinBounds
    StsFormFuzzTest#anyQueryFormIsRefusedWithAnStsCodeOrParsedWithinBounds
    PolicyFilesFuzzTest#roleFileYieldsARoleOrPositionedErrors
    PolicyFilesFuzzTest#issuerFileYieldsAnIssuerOrPositionedErrors
    PolicyFilesFuzzTest#policyTestFileYieldsCasesOrPositionedErrors
    MatcherFuzzTest#globFastPathAgreesWithItsRegexAndNeverCrossesSlash
    MatcherFuzzTest#anyClaimValueCompilesOrIsRefusedAndAnswersForAnyValue
    WhenExpressionFuzzTest#anyExpressionCompilesOrIsRefusedAndEvaluatesToABoolean
  )
fi
mkdir -p target/fuzz-logs
./mvnw -B -q test-compile || exit 2
status=0
for t in "${targets[@]}"; do
  log="target/fuzz-logs/${t//#/.}.log"
  echo "== $t ($duration) -> $log"
  if ! ./mvnw -B -o -Pfuzz surefire:test@fuzz-tests -Dtest="$t" -Dfuzz.duration="$duration" >"$log" 2>&1; then
    status=1
    echo "   FAILED (finding or error): see $log"
  fi
  grep -E '^#[0-9]+' "$log" | tail -1 | sed 's/^/   /'
  grep -E 'DONE|Done [0-9]+ runs' "$log" | tail -1 | sed 's/^/   /'
done
exit $status
