package dev.wifbroker.bench;

import dev.wifbroker.credential.internal.InternalTokenMinter;
import dev.wifbroker.credential.internal.MintRequest;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSettings;
import dev.wifbroker.keys.ManagedKey;
import dev.wifbroker.keys.MemoryKeyRingStore;
import dev.wifbroker.keys.SigningAlgorithm;
import dev.wifbroker.crypto.CryptoProviders;
import dev.wifbroker.crypto.Jca;
import dev.wifbroker.crypto.NativeProvider;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The cost of minting one internal access token next to the raw JCA operations inside it: one signature
 * with the same key and the same JCA algorithm, over a signing input of the same size. The difference is
 * the minter's own work (claims map, JSON, base64url, jti, key-ring snapshot read). Raw verify is here too,
 * so the exchange benchmarks can express their cost as a ratio to one verify plus one sign.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SigningBenchmark {

    @Param({"ES256", "RS256", "EdDSA"})
    public String alg;

    /** {@code jdk}: the JDK providers; {@code native}: ACCP installed first, as {@code broker.crypto.provider=auto} does. */
    @Param({"jdk", "native"})
    public String provider;

    private SigningAlgorithm algorithm;
    private PrivateKey privateKey;
    private PublicKey publicKey;
    private Signature signer;
    private Signature verifier;
    private byte[] input;
    private byte[] signature;
    private InternalTokenMinter minter;
    private MintRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // Each parameter combination runs in its own forked JVM, so the JVM-wide choice is made once, before any key.
        CryptoProviders.use(provider.equals("native") ? NativeProvider.accp() : null);
        algorithm = SigningAlgorithm.fromJwsName(alg).orElseThrow();
        Clock clock = Clock.systemUTC();
        KeyRingSettings defaults = KeyRingSettings.defaults();
        KeyRing ring = KeyRing.open(new KeyRingSettings(EnumSet.of(algorithm), defaults.rotationPeriod(), defaults.publishAhead(),
                defaults.maxTokenLifetime(), defaults.removalMargin(), defaults.rsaKeySize()), new MemoryKeyRingStore(), clock);
        ManagedKey key = ring.snapshot().active(algorithm).orElseThrow();
        privateKey = key.keyPair().getPrivate();
        publicKey = key.keyPair().getPublic();

        minter = new InternalTokenMinter(new JwtSigner(ring, clock), clock, new BrokerIssuer("https://broker.example.com"));
        request = new MintRequest("repo:acme/payments:ref:refs/heads/main", "payments-api", List.of("refunds:write", "refunds:read"),
                Duration.ofMinutes(5), Map.of("max_refund_usd", 50), "https://token.actions.githubusercontent.com",
                "repo:acme/payments:ref:refs/heads/main", "payments-deploy", algorithm);
        // The raw operations sign exactly what a minted token signs (header.payload), so sizes match.
        String token = minter.mint(request).token();
        input = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);

        signer = Jca.signature(algorithm.jcaSignature());
        verifier = Jca.signature(algorithm.jcaSignature());
        signer.initSign(privateKey);
        signer.update(input);
        signature = signer.sign();
    }

    /** One JCA signature with a cached {@link Signature}, as the signer does per thread. */
    @Benchmark
    public byte[] jcaSign() throws Exception {
        signer.initSign(privateKey);
        signer.update(input);
        return signer.sign();
    }

    /** The same with a new {@code Signature} per call: what the per-thread cache saves. */
    @Benchmark
    public byte[] jcaSignFreshInstance() throws Exception {
        Signature s = Jca.signature(algorithm.jcaSignature());
        s.initSign(privateKey);
        s.update(input);
        return s.sign();
    }

    /** One JCA signature check of a token-sized input. */
    @Benchmark
    public boolean jcaVerify() throws Exception {
        verifier.initVerify(publicKey);
        verifier.update(input);
        return verifier.verify(signature);
    }

    /** A whole RFC 9068 access token: claims, JSON, base64url, jti, active-key lookup, signature. */
    @Benchmark
    public String mint() {
        return minter.mint(request).token();
    }
}
