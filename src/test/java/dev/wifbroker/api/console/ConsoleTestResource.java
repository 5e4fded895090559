package dev.wifbroker.api.console;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A broker with its console on: the operator IdP stub on 127.0.0.1 ({@code WIF_TEST_CONSOLE_IDP_PORT}, 18310 by
 * default), and a policy directory trusting it (issuer {@code operators}, audience the console's client id) with a
 * role {@code console-admin} whose admin target the console exchanges into, a short-lived admin role for the expiry
 * test, and the GitHub deploy role of the other tests on pinned keys (no network) for decisions and revocations.
 */
public class ConsoleTestResource implements QuarkusTestResourceLifecycleManager {
    public static final PublicJsonWebKey GITHUB_KEY = TestKeys.rsa("gh-console");
    public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
    static final int IDP_PORT = Integer.parseInt(System.getenv().getOrDefault("WIF_TEST_CONSOLE_IDP_PORT", "18310"));
    private static OperatorIdpStub idp;
    private static Path policyDir;

    static OperatorIdpStub idp() {
        return idp;
    }

    static Path policyDir() {
        return policyDir;
    }

    /** Console on, the admin API authenticated, and every other setting as the unit tests have it. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("broker.console.issuer", "http://127.0.0.1:" + IDP_PORT,
                    "broker.console.client-id", OperatorIdpStub.CLIENT_ID,
                    "broker.console.role", "console-admin",
                    "broker.console.url", "http://127.0.0.1:${quarkus.management.test-port}",
                    "broker.admin.auth", "required");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ConsoleTestResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Override
    public Map<String, String> start() {
        idp = new OperatorIdpStub(IDP_PORT);
        try {
            policyDir = Files.createTempDirectory("wif-console-policies");
            Path issuers = Files.createDirectories(policyDir.resolve("issuers"));
            Files.writeString(issuers.resolve("operators.yaml"), """
                    name: operators
                    profile: oidc
                    url: %s
                    audiences: [%s]
                    replay: allow
                    allowInsecureHttp: true
                    """.formatted(idp.issuer(), OperatorIdpStub.CLIENT_ID));
            Files.writeString(issuers.resolve("github.yaml"), """
                    name: github
                    profile: github-actions
                    url: %s
                    audiences: [https://broker.example.com]
                    jwks:
                      inline: %s
                    """.formatted(GITHUB_ISSUER, TestKeys.jwks(List.of(GITHUB_KEY))));
            Path roles = Files.createDirectories(policyDir.resolve("roles"));
            Files.writeString(roles.resolve("console-admin.yaml"), """
                    role: console-admin
                    description: Operators of the broker, signed in through the console
                    trust:
                      - issuer: operators
                        claims: {sub: alice, email: alice@example.com}
                    credentials:
                      admin: {permissions: [read, explain, revoke], duration: 15m}
                    """);
            Files.writeString(roles.resolve("console-brief.yaml"), """
                    role: console-brief
                    trust:
                      - issuer: operators
                        claims: {sub: alice, email: alice@example.com}
                    credentials:
                      admin: {permissions: [read], duration: 4s}
                    """);
            // With a report-only candidate that also requires a manual run: a push is allowed, and the shadow disagrees.
            Files.writeString(roles.resolve("deploy.yaml"), BrokerTestResource.DEPLOY_ROLE + """
                    shadow:
                      trust:
                        - issuer: github
                          claims:
                            repository_id: "892551"
                            repository_owner_id: "65"
                            ref: refs/heads/main
                            environment: production
                            event_name: workflow_dispatch
                    """);
            // Binds names only (no repository_id): the linter warns, and the roles page shows it on its line.
            Files.writeString(roles.resolve("legacy-deploy.yaml"), """
                    role: legacy-deploy
                    trust:
                      - issuer: github
                        claims: {repository: acme/payments, ref: refs/heads/main}
                    credentials:
                      internal: {audience: payments-api, duration: 5m}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("broker.policy-dir", policyDir.toString(), "broker.policy-reload-interval", "200ms");
    }

    @Override
    public void stop() {
        if (idp != null) {
            idp.close();
        }
    }
}
