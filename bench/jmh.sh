#!/usr/bin/env bash
# Runs the JMH benchmarks (src/bench/java). Arguments go to JMH, e.g.:
#   bench/jmh.sh VerifyBenchmark -wi 3 -i 5 -f 1 -r 2s
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/jmh.sh VerifyBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
exec "$java" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main "$@"
