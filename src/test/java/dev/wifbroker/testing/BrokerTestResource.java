package dev.wifbroker.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Starts a WireMock issuer on 127.0.0.1 and writes a policy directory trusting it: a GitHub-shaped
 * issuer and a GitLab-shaped one through discovery / a fixed JWKS URI, a Kubernetes cluster with
 * pinned keys (one-time tokens), and roles for each.
 */
public class BrokerTestResource implements QuarkusTestResourceLifecycleManager {
    public static final PublicJsonWebKey GITHUB_KEY = TestKeys.rsa("gh-1");
    public static final PublicJsonWebKey GITLAB_KEY = TestKeys.rsa("gl-1");
    public static final PublicJsonWebKey CLUSTER_KEY = TestKeys.ec("k8s-1");
    public static final String DEPLOY_ROLE = """
            role: deploy
            trust:
              - issuer: github
                claims:
                  repository_id: "892551"
                  repository_owner_id: "65"
                  ref: refs/heads/main
                  environment: production
            deny:
              - issuer: github
                claims:
                  event_name: {oneOf: [pull_request_target, workflow_run]}
            credentials:
              internal:
                audience: payments-api
                scopes: [deploy.read, deploy.write]
                duration: 10m
                claims: {repo: "{repository}", refund_limit_usd_cents: 4999}
            """;
    private static final String CLUSTER_ROLE = """
            role: cluster-api
            trust:
              - issuer: cluster
                claims: {namespace: payments, service_account: api}
            credentials:
              internal: {audience: orders-api, scopes: [orders.read], duration: 5m, algorithm: RS256}
            """;
    private static final String GITLAB_ROLE = """
            role: gitlab-main
            trust:
              - issuer: gitlab
                claims: {project_id: "20", namespace_id: "72", ref: main, ref_type: branch, ref_protected: "true"}
            credentials:
              internal: {audience: release-api, scopes: [release], duration: 5m, algorithm: EdDSA}
            """;
    private static final String TWO_TARGETS_ROLE = """
            role: two-targets
            trust:
              - issuer: cluster
                claims: {namespace: payments, service_account: api}
            credentials:
              internal: {audience: orders-api, scopes: [orders.read], duration: 5m}
              aws: {roleArn: "arn:aws:iam::123456789012:role/orders", duration: 15m}
            """;
    /** Operators: Kubernetes service accounts of the wif-broker namespace exchange their token for admin tokens. */
    private static final String OPERATORS_ROLE = """
            role: operators
            trust:
              - issuer: cluster
                claims: {namespace: wif-broker, service_account: wif-broker-operator}
            credentials:
              admin: {permissions: [read, explain, revoke], duration: 15m}
            """;
    private static final String VIEWERS_ROLE = """
            role: viewers
            trust:
              - issuer: cluster
                claims: {namespace: wif-broker, service_account: wif-broker-viewer}
            credentials:
              admin: {permissions: [read], duration: 5m}
            """;
    /** AWS: a GitHub deploy job obtains a session of an IAM role (container credentials, STS facade, /v1/token). */
    public static final String AWS_ROLE_ARN = "arn:aws:iam::123456789012:role/aws-deploy";
    private static final String AWS_ROLE = """
            role: aws-deploy
            trust:
              - issuer: github
                claims:
                  repository_id: "892551"
                  repository_owner_id: "65"
                  ref: refs/heads/main
                  event_name: {oneOf: [push, workflow_dispatch]}
            credentials:
              aws:
                roleArn: "%s"
                duration: 1h
                sessionName: "gha-{run_id}-{run_attempt}"
                sourceIdentity: "{actor}"
                tags: {repository: "{repository}"}
            """.formatted(AWS_ROLE_ARN);
    private static IssuerStub stub;
    private static StsStub sts;
    private static Path policyDir;

    public static IssuerStub stub() {
        return stub;
    }

    /** The WireMock AWS STS every broker under test calls ({@code broker.aws.sts-endpoint}). */
    public static StsStub sts() {
        return sts;
    }

    public static Path policyDir() {
        return policyDir;
    }

    public static String issuerUrl(String name) {
        return name.equals("cluster") ? "https://kubernetes.default.svc.cluster.local" : stub.issuerUrl(name);
    }

    @Override
    public Map<String, String> start() {
        stub = new IssuerStub();
        stub.publish("github", List.of(GITHUB_KEY));
        stub.publish("gitlab", List.of(GITLAB_KEY));
        stub.publish("flaky", List.of(GITHUB_KEY));
        stub.breakJwks("flaky");
        sts = new StsStub();
        sts.succeed(java.time.Duration.ofHours(1));
        Map<String, String> gcpAzure;
        try {
            policyDir = Files.createTempDirectory("wif-policies");
            Path issuers = Files.createDirectories(policyDir.resolve("issuers"));
            Files.writeString(issuers.resolve("github.yaml"), """
                    name: github
                    profile: github-actions
                    url: %s
                    audiences: [https://broker.example.com]
                    allowInsecureHttp: true
                    """.formatted(stub.issuerUrl("github")));
            Files.writeString(issuers.resolve("flaky.yaml"), """
                    name: flaky
                    profile: oidc
                    url: %s
                    audiences: [https://broker.example.com]
                    allowInsecureHttp: true
                    """.formatted(stub.issuerUrl("flaky")));
            Files.writeString(issuers.resolve("gitlab.yaml"), """
                    name: gitlab
                    profile: gitlab
                    url: %s
                    audiences: [https://broker.example.com]
                    jwks: {uri: %s/jwks}
                    allowInsecureHttp: true
                    """.formatted(stub.issuerUrl("gitlab"), stub.issuerUrl("gitlab")));
            Files.writeString(issuers.resolve("cluster.yaml"), """
                    name: cluster
                    profile: kubernetes
                    url: %s
                    audiences: [https://broker.example.com]
                    replay: reject
                    jwks:
                      inline: %s
                    """.formatted(issuerUrl("cluster"), TestKeys.jwks(List.of(CLUSTER_KEY))));
            Path roles = Files.createDirectories(policyDir.resolve("roles"));
            Files.writeString(roles.resolve("deploy.yaml"), DEPLOY_ROLE);
            Files.writeString(roles.resolve("cluster-api.yaml"), CLUSTER_ROLE);
            Files.writeString(roles.resolve("gitlab-main.yaml"), GITLAB_ROLE);
            Files.writeString(roles.resolve("two-targets.yaml"), TWO_TARGETS_ROLE);
            Files.writeString(roles.resolve("aws-deploy.yaml"), AWS_ROLE);
            Files.writeString(roles.resolve("operators.yaml"), OPERATORS_ROLE);
            Files.writeString(roles.resolve("viewers.yaml"), VIEWERS_ROLE);
            gcpAzure = GcpAzureFixtures.start(roles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new java.util.HashMap<>(Map.of("broker.policy-dir", policyDir.toString(),
                "broker.policy-reload-interval", "200ms",
                "broker.guard.identity-rate", "2",
                "broker.guard.identity-burst", "12",
                "broker.aws.sts-endpoint", sts.endpoint().toString()));
        config.putAll(gcpAzure);
        return config;
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
        if (sts != null) {
            sts.close();
        }
        GcpAzureFixtures.stop();
    }
}
