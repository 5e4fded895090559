package dev.wifbroker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * The policy directory every replica of a {@link BrokerCluster} loads (one copy, as a ConfigMap would be) and
 * the workload tokens tests present: two Kubernetes-profile issuers with pinned keys generated here, one with
 * {@code replay: reject} (each token exchanges once) and one with {@code replay: allow}; roles issuing internal
 * tokens (ES256, RS256), and, when the cluster has an STS stub, an AWS role.
 */
public final class ReplicaPolicies {
    public static final String ONE_TIME_ISSUER = "https://kubernetes.once.replicas.internal";
    public static final String REUSABLE_ISSUER = "https://kubernetes.reusable.replicas.internal";
    /** Internal ES256 tokens; trusts both issuers. */
    public static final String ROLE = "orders";
    /** Internal RS256 tokens; trusts the one-time issuer. */
    public static final String RS256_ROLE = "orders-rs256";
    /** AWS session for {@link #AWS_ROLE_ARN}; written only when the cluster has an STS endpoint. */
    public static final String AWS_ROLE = "orders-aws";
    public static final String AWS_ROLE_ARN = "arn:aws:iam::123456789012:role/orders";
    /** The workload's {@code sub}; the subject revocation value is {@code <issuer name>|SUBJECT}. */
    public static final String SUBJECT = "system:serviceaccount:payments:api";

    private final Path dir;
    private final PublicJsonWebKey oneTimeKey = TestKeys.ec("replicas-once");
    private final PublicJsonWebKey reusableKey = TestKeys.ec("replicas-reusable");

    private ReplicaPolicies(Path dir) {
        this.dir = dir;
    }

    /** Writes the directory under {@code dir}; {@code sts} adds the AWS role. */
    static ReplicaPolicies write(Path dir, Optional<URI> sts) {
        ReplicaPolicies p = new ReplicaPolicies(dir);
        try {
            Path issuers = Files.createDirectories(dir.resolve("issuers"));
            Path roles = Files.createDirectories(dir.resolve("roles"));
            Files.writeString(issuers.resolve("once.yaml"), p.issuer("once", ONE_TIME_ISSUER, "reject", p.oneTimeKey));
            Files.writeString(issuers.resolve("reusable.yaml"), p.issuer("reusable", REUSABLE_ISSUER, "allow", p.reusableKey));
            Files.writeString(roles.resolve(ROLE + ".yaml"), """
                    role: %s
                    trust:
                      - issuer: once
                        claims: {namespace: payments, service_account: api}
                      - issuer: reusable
                        claims: {namespace: payments, service_account: api}
                    credentials:
                      internal: {audience: orders-api, scopes: [orders.read], duration: 5m}
                    """.formatted(ROLE));
            Files.writeString(roles.resolve(RS256_ROLE + ".yaml"), """
                    role: %s
                    trust:
                      - issuer: once
                        claims: {namespace: payments, service_account: api}
                    credentials:
                      internal: {audience: orders-api, scopes: [orders.read], duration: 5m, algorithm: RS256}
                    """.formatted(RS256_ROLE));
            if (sts.isPresent()) {
                Files.writeString(roles.resolve(AWS_ROLE + ".yaml"), """
                        role: %s
                        trust:
                          - issuer: once
                            claims: {namespace: payments, service_account: api}
                        credentials:
                          aws: {roleArn: "%s", duration: 15m}
                        """.formatted(AWS_ROLE, AWS_ROLE_ARN));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private String issuer(String name, String url, String replay, PublicJsonWebKey key) {
        return """
                name: %s
                profile: kubernetes
                url: %s
                audiences: [https://broker.example.com]
                algorithms: [ES256]
                replay: %s
                jwks:
                  inline: %s
                """.formatted(name, url, replay, TestKeys.jwks(List.of(key)));
    }

    public Path dir() {
        return dir;
    }

    /** A fresh token of the one-time issuer (its own jti), valid for 5 minutes. */
    public String oneTimeToken() {
        return token(ONE_TIME_ISSUER, oneTimeKey, UUID.randomUUID().toString());
    }

    /** A token of the {@code replay: allow} issuer with the given jti: it can be exchanged again and again. */
    public String reusableToken(String jti) {
        return token(REUSABLE_ISSUER, reusableKey, jti);
    }

    private static String token(String issuer, PublicJsonWebKey key, String jti) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("kubernetes/payments-api.json"), Instant.now(), 300);
        claims.put("iss", issuer);
        claims.put("jti", jti);
        return Tokens.sign(claims, key, "ES256");
    }
}
