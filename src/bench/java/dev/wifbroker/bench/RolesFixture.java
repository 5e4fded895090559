package dev.wifbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A policy directory of N realistic roles for the scale benchmark (bench/roles.sh): the sample issuers, and
 * roles shaped like the samples (a deny rule, a trust rule with exact, oneOf and glob conditions, a CEL
 * {@code when}). Values vary per role (repository, ids, environments, ARNs), while, as in real estates, most
 * roles share a handful of expressions and patterns and a few have their own. Deterministic: the same N
 * gives the same files.
 * <p>
 * {@code RolesFixture DIR N} writes {@code DIR/issuers} and {@code DIR/roles}; {@code r-00005.yaml} is the
 * role bench/roles.sh edits to time a reload.
 */
public final class RolesFixture {
    private static final List<String> ENVIRONMENTS = List.of("production", "staging", "dev");
    /** The expressions most roles use, as teams copy them from one another. */
    private static final List<String> COMMON_WHEN = List.of(
            "claims.runner_environment == \"github-hosted\"",
            "claims.runner_environment == \"github-hosted\" && claims.run_attempt == \"1\"",
            "claims.repository_visibility == \"private\"",
            "claims.ref_type == \"branch\" || claims.ref.startsWith(\"refs/tags/v\")");

    private RolesFixture() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        write(dir, n);
        System.out.println(dir);
    }

    public static void write(Path dir, int n) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir.resolve("issuers"));
        Files.createDirectories(dir.resolve("roles"));
        // The sample issuers, with the pinned key of kubernetes-prod instead of discovery: a benchmark never leaves loopback.
        Path samples = Path.of("trust-policies/issuers");
        String pinned = Files.readString(samples.resolve("kubernetes-prod.yaml"));
        String jwks = pinned.substring(pinned.indexOf("jwks:"), pinned.indexOf("algorithms:"));
        for (String issuer : List.of("github.yaml", "gitlab.yaml", "kubernetes-prod.yaml")) {
            Files.writeString(dir.resolve("issuers").resolve(issuer),
                    Files.readString(samples.resolve(issuer)).replace("jwks: {discovery: true}\n", jwks));
        }
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve("roles").resolve(String.format("r-%05d.yaml", i)), role(i));
        }
    }

    /** Seven in ten roles are GitHub deploys, two GitLab releases, one a Kubernetes workload. */
    static String role(int i) {
        return switch (i % 10) {
            case 7, 8 -> gitlab(i);
            case 9 -> kubernetes(i);
            default -> github(i);
        };
    }

    private static String when(int i) {
        // One role in twenty has an expression of its own; the rest share four.
        return i % 20 == 3 ? "claims.actor == \"deployer-" + i + "\" && claims.run_attempt == \"1\"" : COMMON_WHEN.get(i % COMMON_WHEN.size());
    }

    private static String github(int i) {
        String team = "team-" + (i % 40);
        String env = ENVIRONMENTS.get(i % ENVIRONMENTS.size());
        String workflow = i % 3 == 0 ? "acme/deploy-workflows/.github/workflows/deploy.yml@refs/tags/v*"
                : "acme/" + team + "-workflows/.github/workflows/*.yml@refs/heads/main";
        return """
                # yaml-language-server: $schema=../schema/role.schema.json
                # Deploys of acme/svc-%1$d to %3$s, only via the %2$s deploy workflow.
                role: deploy-%1$d
                description: Deploys svc-%1$d (%2$s) to %3$s
                trust:
                  - issuer: github
                    claims:
                      repository: acme/svc-%1$d
                      repository_id: "%4$d"
                      repository_owner_id: "1342004"
                      ref: refs/heads/main
                      environment: %3$s
                      event_name: {oneOf: [push, workflow_dispatch]}
                      job_workflow_ref: {glob: "%5$s"}
                    when: '%6$s'
                deny:
                  - issuer: github
                    claims:
                      event_name: {oneOf: [pull_request_target, workflow_run]}
                credentials:
                  aws:
                    roleArn: arn:aws:iam::%7$012d:role/deploy-svc-%1$d
                    duration: 15m
                    sessionName: "gha-{run_id}-{run_attempt}"
                    tags:
                      repository: "{repository}"
                """.formatted(i, team, env, 100000 + i, workflow, when(i), 100000000000L + (i % 97));
    }

    private static String gitlab(int i) {
        return """
                # yaml-language-server: $schema=../schema/role.schema.json
                role: release-%1$d
                description: Publishes release artifacts of group-%2$d/tool-%1$d from the protected main branch
                trust:
                  - issuer: gitlab
                    claims:
                      project_path: group-%2$d/tool-%1$d
                      project_id: "%3$d"
                      ref: main
                      ref_type: branch
                      ref_protected: "true"
                      pipeline_source: {oneOf: [push, web, schedule]}
                deny:
                  - issuer: gitlab
                    claims:
                      pipeline_source: {oneOf: [merge_request_event, external_pull_request_event]}
                credentials:
                  gcp:
                    workloadIdentityProvider: //iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/wif-broker/providers/broker
                    serviceAccount: release-%1$d@acme-artifacts.iam.gserviceaccount.com
                    scopes: [https://www.googleapis.com/auth/cloud-platform]
                    duration: 30m
                """.formatted(i, i % 25, 48000000 + i);
    }

    private static String kubernetes(int i) {
        return """
                # yaml-language-server: $schema=../schema/role.schema.json
                role: worker-%1$d
                description: "ns-%2$d/worker-%1$d -> api-%1$d"
                trust:
                  - issuer: kubernetes-prod
                    claims:
                      namespace: ns-%2$d
                      service_account: {glob: "worker-%1$d-*"}
                      pod: {present: true}
                credentials:
                  internal:
                    audience: api-%1$d
                    scopes: [jobs.run]
                    duration: 5m
                    algorithm: ES256
                    claims:
                      caller_pod: "{pod}"
                """.formatted(i, i % 30);
    }
}
