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
 * issuer and a GitLab-shaped one through discovery, and a Kubernetes cluster with pinned keys.
 */
public class BrokerTestResource implements QuarkusTestResourceLifecycleManager {
    public static final PublicJsonWebKey GITHUB_KEY = TestKeys.rsa("gh-1");
    public static final PublicJsonWebKey GITLAB_KEY = TestKeys.rsa("gl-1");
    public static final PublicJsonWebKey CLUSTER_KEY = TestKeys.ec("k8s-1");
    private static IssuerStub stub;
    private static Path policyDir;

    public static IssuerStub stub() {
        return stub;
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
                    jwks:
                      inline: %s
                    """.formatted(issuerUrl("cluster"), TestKeys.jwks(List.of(CLUSTER_KEY))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("broker.policy-dir", policyDir.toString());
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
