package dev.wifbroker.bench;

import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.TrustedIssuer;
import dev.wifbroker.identity.VerificationException;
import dev.wifbroker.identity.VerifiedToken;
import dev.wifbroker.identity.VerifierSettings;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.jwks.JwksSnapshot;
import dev.wifbroker.identity.jwks.PinnedKeySource;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.testing.Issuers;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import dev.wifbroker.crypto.CryptoProviders;
import dev.wifbroker.crypto.Jca;
import dev.wifbroker.crypto.NativeProvider;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.PublicJsonWebKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of verifying one GitHub-shaped token (parse, key lookup, signature, time, audience,
 * normalization) next to the raw JCA signature verification it contains.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VerifyBenchmark {
    private static final int TOKENS = 512;
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Param({"RS256", "ES256"})
    public String alg;

    /** {@code jdk}: the JDK providers; {@code native}: ACCP installed first, as {@code broker.crypto.provider=auto} does. */
    @Param({"jdk", "native"})
    public String provider;

    private TokenVerifier verifier;
    private String[] tokens;
    private byte[][] signingInputs;
    private byte[][] derSignatures;
    private PublicJsonWebKey key;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // Each parameter combination runs in its own forked JVM, so the JVM-wide choice is made once, before any key.
        CryptoProviders.use(provider.equals("native") ? NativeProvider.accp() : null);
        key = alg.equals("RS256") ? TestKeys.rsa("k1") : TestKeys.ec("k1");
        JwksSnapshot keys = JwksSnapshot.parse(TestKeys.jwks(List.of(key)), NOW);
        var spec = Issuers.spec("github", ProfileKind.GITHUB_ACTIONS, "https://token.actions.githubusercontent.com",
                new JwksSpec.Pinned(keys, "inline"), List.of("RS256", "ES256"));
        verifier = new TokenVerifier(Issuers.lookup(new TrustedIssuer(spec, new PinnedKeySource(keys))),
                VerifierSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        tokens = new String[TOKENS];
        signingInputs = new byte[TOKENS][];
        derSignatures = new byte[TOKENS][];
        Signature signer = signature();
        for (int i = 0; i < TOKENS; i++) {
            Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), NOW, 300);
            claims.put("run_id", String.valueOf(1_000_000 + i));
            tokens[i] = Tokens.sign(claims, key, alg);
            signingInputs[i] = tokens[i].substring(0, tokens[i].lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
            signer.initSign(key.getPrivateKey());
            signer.update(signingInputs[i]);
            derSignatures[i] = signer.sign();
        }
        verifier.verify(tokens[0]);
    }

    private Signature signature() throws Exception {
        return Jca.signature(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSA");
    }

    /** The whole verification of one token. */
    @Benchmark
    public VerifiedToken verifyToken() throws VerificationException {
        return verifier.verify(tokens[next++ & (TOKENS - 1)]);
    }

    /** Baseline: only the JCA signature check of the same bytes. */
    @Benchmark
    public boolean jcaVerifyOnly() throws Exception {
        int i = next++ & (TOKENS - 1);
        Signature s = signature();
        s.initVerify(key.getPublicKey());
        s.update(signingInputs[i]);
        return s.verify(derSignatures[i]);
    }

    /** Parsing alone, to see what the non-crypto part costs. */
    @Benchmark
    public Object parseOnly() throws VerificationException {
        return dev.wifbroker.identity.CompactJws.parse(tokens[next++ & (TOKENS - 1)], 16384);
    }

}
