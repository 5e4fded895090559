package dev.wifbroker.policy.bench;

import dev.wifbroker.bench.RolesFixture;
import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.policy.ClaimsIdentity;
import dev.wifbroker.policy.PolicyDecision;
import dev.wifbroker.policy.PolicyEngine;
import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.role.RoleFileParser;
import dev.wifbroker.yaml.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * decide() for one role in a set of 10 or 10,000 roles. With {@code source=inline} each role looks like the
 * payments-deploy sample (seven conditions, a CEL expression, a deny rule), so the numbers reflect realistic rules,
 * and the requested role sits in the middle of the set. With {@code source=loaded} the set is bench/roles.sh's
 * directory ({@link RolesFixture}) loaded by {@link PolicyLoader} as the broker loads it (shared expressions and
 * matchers, interned strings), and the role decided is a GitHub deploy near the middle: issue 12's decision-latency
 * target (10,000 roles within 1.2x of 10).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyDecideBenchmark {
    @Param({"10", "10000"})
    int roles;

    @Param({"inline", "loaded"})
    String source;

    PolicyEngine engine;
    IdentityView allowed;
    IdentityView denied;
    String role;

    @Setup
    public void setUp() throws IOException {
        PolicySet set = source.equals("loaded") ? loaded() : inline();
        engine = PolicyEngine.of(set);
        Map<String, Object> claims = source.equals("loaded") ? loadedClaims() : inlineClaims();
        allowed = ClaimsIdentity.of(set.issuers().byName().get("github"), claims);
        claims.put("ref", "refs/heads/dev");
        denied = ClaimsIdentity.of(set.issuers().byName().get("github"), claims);
        if (!engine.decide(allowed, role).allowed() || engine.decide(denied, role).allowed()) {
            throw new IllegalStateException("benchmark fixtures do not decide as intended");
        }
    }

    private PolicySet inline() {
        IssuerCatalog issuers = IssuerCatalog.load(Path.of("trust-policies")).catalog().orElseThrow();
        RoleFileParser parser = new RoleFileParser(issuers.byName().keySet());
        Map<String, Role> byName = new HashMap<>();
        for (int i = 0; i < roles; i++) {
            Problems problems = new Problems("roles/r" + i + ".yaml");
            Role r = parser.parse(role(i), problems).orElseThrow(() -> new IllegalStateException(problems.all().toString()));
            byName.put(r.name(), r);
        }
        return new PolicySet("sha256:bench", issuers, byName, List.of());
    }

    private Map<String, Object> inlineClaims() {
        int target = roles / 2;
        role = "deploy-" + target;
        return claims("acme/app-" + target, 100000 + target,
                "repo:acme@1342004/app-" + target + "@" + (100000 + target) + ":environment:production");
    }

    /** What a push to main of {@code repository} in production through the v3.2.0 deploy workflow carries. */
    private static Map<String, Object> claims(String repository, int repositoryId, String sub) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://token.actions.githubusercontent.com");
        claims.put("sub", sub);
        claims.put("repository", repository);
        claims.put("repository_id", String.valueOf(repositoryId));
        claims.put("repository_owner_id", "1342004");
        claims.put("ref", "refs/heads/main");
        claims.put("environment", "production");
        claims.put("event_name", "push");
        claims.put("job_workflow_ref", "acme/deploy-workflows/.github/workflows/deploy.yml@refs/tags/v3.2.0");
        claims.put("runner_environment", "github-hosted");
        return claims;
    }

    private PolicySet loaded() throws IOException {
        Path dir = Files.createTempDirectory("roles-bench");
        RolesFixture.write(dir, roles);
        return PolicyLoader.load(dir).set().orElseThrow(() -> new IllegalStateException("the fixture does not load"));
    }

    /** A GitHub deploy of the fixture (i % 10 < 7) with the tag workflow (i % 3 == 0), production, a shared expression. */
    private Map<String, Object> loadedClaims() {
        int i = roles / 2;
        while (i % 10 >= 7 || i % 3 != 0 || i % 4 != 0 || i % 20 == 3) {
            i--;
        }
        role = "deploy-" + i;
        return claims("acme/svc-" + i, 100000 + i, "repo:acme/svc-" + i + ":environment:production");
    }

    static String role(int i) {
        return """
                role: deploy-%1$d
                trust:
                  - issuer: github
                    claims:
                      repository: acme/app-%1$d
                      repository_id: "%2$d"
                      repository_owner_id: "1342004"
                      ref: refs/heads/main
                      environment: production
                      event_name: {oneOf: [push, workflow_dispatch]}
                      job_workflow_ref: {glob: "acme/deploy-workflows/.github/workflows/deploy.yml@refs/tags/v*"}
                    when: 'claims.runner_environment == "github-hosted"'
                deny:
                  - issuer: github
                    claims: {event_name: {oneOf: [pull_request_target, workflow_run]}}
                credentials:
                  aws: {roleArn: "arn:aws:iam::123456789012:role/deploy-%1$d", duration: 15m}
                """.formatted(i, 100000 + i);
    }

    @Benchmark
    public PolicyDecision decideAllowed() {
        return engine.decide(allowed, role);
    }

    @Benchmark
    public PolicyDecision decideDenied() {
        return engine.decide(denied, role);
    }
}
