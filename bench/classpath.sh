# Sourced by the bench scripts (from the repository root): packages the broker if it is not built yet, compiles
# the benchmarks (bench profile) and sets $cp to their classpath.
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package
./mvnw -B -q -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
