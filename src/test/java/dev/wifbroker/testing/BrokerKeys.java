package dev.wifbroker.testing;

import dev.wifbroker.credential.CloudAssertionSigner;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwksVerifier;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSettings;
import dev.wifbroker.keys.MemoryKeyRingStore;
import java.time.Clock;
import java.time.Instant;
import org.jose4j.jwt.JwtClaims;

/** The broker's signing side without Quarkus: a fresh in-memory key ring, its signer, and checks against its JWKS. */
public final class BrokerKeys {
    public static final String ISSUER = "https://broker.example.com";

    private final KeyRing ring;
    private final CloudAssertionSigner assertions;

    public BrokerKeys() {
        Clock clock = Clock.systemUTC();
        this.ring = KeyRing.open(KeyRingSettings.defaults(), new MemoryKeyRingStore(), clock);
        this.assertions = new CloudAssertionSigner(new JwtSigner(ring, clock), new BrokerIssuer(ISSUER), clock);
    }

    public CloudAssertionSigner assertions() {
        return assertions;
    }

    /** The published JWKS, as a relying party fetches it. */
    public String jwks() {
        return ring.snapshot().jwksText();
    }

    /** Verifies {@code token} the way a cloud does: signature against the published JWKS, then time. */
    public JwtClaims verify(String token) {
        try {
            return JwksVerifier.verify(token, jwks(), Instant.now());
        } catch (Exception e) {
            throw new AssertionError("assertion does not verify against the broker's JWKS: " + e.getMessage(), e);
        }
    }
}
