package dev.wifbroker.bench;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.policy.LiveDecision;
import dev.wifbroker.policy.PolicyDecision;
import dev.wifbroker.policy.PolicyEngine;
import dev.wifbroker.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What shadow rules cost the policy decision: the enforced decision alone ({@code decide}), the live decision of a
 * role without shadow rules (one check more) and of one with a shadow rule (a second evaluation), on the same
 * GitHub-shaped identity and rules (the sample {@code payments-deploy} and its immutable-ID shadow).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShadowDecisionBenchmark {
    private PolicyEngine engine;
    private IdentityView identity;

    @Setup
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("shadow-bench");
        Files.createDirectories(dir.resolve("roles"));
        Files.createDirectories(dir.resolve("issuers"));
        Files.copy(Path.of("trust-policies/issuers/github.yaml"), dir.resolve("issuers/github.yaml"));
        String role = Files.readString(Path.of("trust-policies/roles/payments-deploy.yaml"));
        Files.writeString(dir.resolve("roles/plain.yaml"), role.replace("role: payments-deploy", "role: plain"));
        Files.writeString(dir.resolve("roles/shadowed.yaml"), role.replace("role: payments-deploy", "role: shadowed"));
        Files.writeString(dir.resolve("roles/shadowed.shadow.yaml"), Files.readString(
                Path.of("trust-policies/roles/payments-deploy.shadow.yaml")).replace("shadowOf: payments-deploy", "shadowOf: shadowed"));
        engine = PolicyEngine.of(PolicyLoader.load(dir).set().orElseThrow());
        identity = new IdentityView("github", "https://token.actions.githubusercontent.com", ProfileKind.GITHUB_ACTIONS,
                "repo:acme@1342004/payments@892551:environment:production", Map.of(
                        "sub", "repo:acme@1342004/payments@892551:environment:production", "repository", "acme/payments",
                        "repository_id", "892551", "repository_owner_id", "1342004", "ref", "refs/heads/main",
                        "environment", "production", "event_name", "push", "runner_environment", "github-hosted",
                        "job_workflow_ref", "acme/deploy-workflows/.github/workflows/deploy.yml@refs/tags/v3.2.0"));
        if (!engine.decideLive(identity, "shadowed").shadow().orElseThrow().allowed()) {
            throw new IllegalStateException("the benchmark identity should pass both rule sets");
        }
    }

    @Benchmark
    public PolicyDecision enforcedOnly() {
        return engine.decide(identity, "plain");
    }

    @Benchmark
    public LiveDecision liveWithoutShadow() {
        return engine.decideLive(identity, "plain");
    }

    @Benchmark
    public LiveDecision liveWithShadow() {
        return engine.decideLive(identity, "shadowed");
    }
}
