package dev.wifbroker.bench;

import dev.wifbroker.crypto.CryptoProviders;
import dev.wifbroker.crypto.NativeProvider;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A policy directory and a supply of distinct valid tokens for benchmarks: one Kubernetes-profile
 * issuer with pinned RSA and EC keys, and roles issuing internal tokens signed ES256 and RS256.
 */
public final class BenchFixture {
    public static final String ISSUER = "https://kubernetes.bench.internal";
    public final Path policyDir;
    private final PublicJsonWebKey rsa = TestKeys.rsa("bench-rsa");
    private final PublicJsonWebKey ec = TestKeys.ec("bench-ec");

    public BenchFixture() throws IOException {
        policyDir = Files.createTempDirectory("wif-bench");
        Files.createDirectories(policyDir.resolve("issuers"));
        Files.createDirectories(policyDir.resolve("roles"));
        Files.writeString(policyDir.resolve("issuers/bench.yaml"), """
                name: bench-cluster
                profile: kubernetes
                url: %s
                audiences: [https://broker.example.com]
                algorithms: [RS256, ES256]
                replay: %s
                maxTokenAge: 6h
                maxLifetime: 6h
                jwks:
                  inline: %s
                """.formatted(ISSUER, System.getenv().getOrDefault("REPLAY", "allow"), TestKeys.jwks(List.of(rsa, ec))));
        for (String alg : List.of("ES256", "RS256")) {
            Files.writeString(policyDir.resolve("roles/bench-" + alg.toLowerCase() + ".yaml"), """
                    role: bench-%s
                    trust:
                      - issuer: bench-cluster
                        claims: {namespace: payments, service_account: api, pod: {present: true}}
                    credentials:
                      internal:
                        audience: orders-api
                        scopes: [orders.read, orders.write]
                        duration: 5m
                        algorithm: %s
                        claims: {pod: "{pod}"}
                    """.formatted(alg.toLowerCase(), alg));
        }
    }

    /** {@code count} distinct tokens (own jti and pod) signed with {@code alg}, valid for {@code ttlSeconds}. */
    public List<String> tokens(String alg, int count, long ttlSeconds) {
        return tokens(alg, count, ttlSeconds, null);
    }

    /** The same, with {@code audience} (a single string) in place of the fixture's {@code aud} unless null. */
    public List<String> tokens(String alg, int count, long ttlSeconds, String audience) {
        PublicJsonWebKey key = alg.equals("RS256") ? rsa : ec;
        Instant now = Instant.now();
        // Parallel: hundreds of thousands of RSA signatures for the single-use load tests.
        return IntStream.range(0, count).parallel().mapToObj(i -> {
            Map<String, Object> claims = Tokens.fresh(Tokens.fixture("kubernetes/payments-api.json"), now, ttlSeconds);
            claims.put("iss", ISSUER);
            claims.put("jti", UUID.randomUUID().toString());
            if (audience != null) {
                claims.put("aud", audience);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> k8s = (Map<String, Object>) claims.get("kubernetes.io");
            k8s.put("pod", Map.of("name", "api-" + i, "uid", UUID.randomUUID().toString()));
            return Tokens.sign(claims, key, alg);
        }).toList();
    }

    /**
     * Writes a policy directory and token files for the HTTP load tests: {@code BenchFixture DIR ALG COUNT [WARMUP_COUNT]}.
     * With {@code KEYCLOAK_AUDIENCE} set it also writes {@code keycloak-tokens.txt} ({@code KEYCLOAK_TOKENS} RS256 tokens
     * of the same issuer and key for that audience, valid {@code KEYCLOAK_TTL} seconds) and {@code rsa-public.b64} (the
     * issuer's RSA public key, X.509 DER in base64), so a Keycloak in the same run trusts exactly what the broker trusts.
     */
    public static void main(String[] args) throws Exception {
        // Hundreds of thousands of RSA signatures: natively, where the platform allows, about 3x sooner.
        try {
            CryptoProviders.use(NativeProvider.accp());
        } catch (NativeProvider.Unavailable e) {
            System.err.println("signing on the JDK providers: " + e.getMessage());
        }
        BenchFixture f = new BenchFixture();
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        int count = Integer.parseInt(args[2]);
        long ttl = Long.parseLong(System.getenv().getOrDefault("TOKEN_TTL", "3600"));
        Files.write(out.resolve("tokens.txt"), f.tokens(args[1], count, ttl));
        if (args.length > 3) {
            Files.write(out.resolve("warmup.txt"), f.tokens(args[1], Integer.parseInt(args[3]), ttl));
        }
        String keycloakAudience = System.getenv("KEYCLOAK_AUDIENCE");
        if (keycloakAudience != null) {
            Files.write(out.resolve("keycloak-tokens.txt"), f.tokens("RS256",
                    Integer.parseInt(System.getenv().getOrDefault("KEYCLOAK_TOKENS", "100000")),
                    Long.parseLong(System.getenv().getOrDefault("KEYCLOAK_TTL", "3600")), keycloakAudience));
            Files.writeString(out.resolve("rsa-public.b64"), Base64.getEncoder().encodeToString(f.rsa.getPublicKey().getEncoded()));
        }
        System.out.println(f.policyDir);
    }
}
