package dev.wifbroker.bench;

import dev.wifbroker.audit.AuditLog;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.wifbroker.credential.CloudAssertionSigner;
import dev.wifbroker.credential.MemoryIssuedTokens;
import dev.wifbroker.credential.admin.AdminTokenMinter;
import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.credential.TargetMinters;
import dev.wifbroker.credential.UpstreamRetry;
import dev.wifbroker.credential.aws.AwsCredentialMinter;
import dev.wifbroker.credential.aws.AwsSettings;
import dev.wifbroker.credential.azure.AzureCredentialMinter;
import dev.wifbroker.credential.azure.AzureSettings;
import dev.wifbroker.credential.gcp.GcpCredentialMinter;
import dev.wifbroker.credential.gcp.GcpSettings;
import dev.wifbroker.credential.internal.InternalTokenMinter;
import dev.wifbroker.crypto.CryptoProviders;
import dev.wifbroker.crypto.NativeProvider;
import dev.wifbroker.exchange.ExchangeFailure;
import dev.wifbroker.exchange.ExchangeRequest;
import dev.wifbroker.exchange.ExchangeResult;
import dev.wifbroker.exchange.ShadowOutcomes;
import dev.wifbroker.exchange.TokenExchange;
import dev.wifbroker.guard.MemoryAdmissionGuard;
import dev.wifbroker.guard.MemoryRateLimiter;
import dev.wifbroker.guard.MemoryReplayGuard;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.identity.KeySources;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.VerifierSettings;
import dev.wifbroker.identity.jwks.JwksHttpClient;
import dev.wifbroker.identity.jwks.JwksSettings;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSettings;
import dev.wifbroker.keys.MemoryKeyRingStore;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import dev.wifbroker.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A whole in-process exchange (verify → decide → guard → mint → audit event rendering) through the real
 * {@link TokenExchange}, over distinct tokens. Compare with SigningBenchmark's raw verify + sign of the
 * same algorithms: the difference is everything the broker adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExchangeBenchmark {
    private static final int TOKENS = 4096;

    /** Incoming token algorithm → internal token algorithm. */
    @Param({"RS256>ES256", "ES256>ES256", "RS256>RS256"})
    public String algs;

    /** {@code jdk}: the JDK providers; {@code native}: ACCP installed first, as {@code broker.crypto.provider=auto} does. */
    @Param({"jdk", "native"})
    public String provider;

    private TokenExchange exchange;
    private List<String> tokens;
    private String role;
    private int next;

    @Setup
    public void setUp() throws Exception {
        CryptoProviders.use(provider.equals("native") ? NativeProvider.accp() : null);
        Logger.getLogger(AuditLog.CATEGORY).setLevel(Level.OFF);
        Logger.getLogger("dev.wifbroker").setLevel(Level.WARNING);
        String in = algs.split(">")[0];
        String out = algs.split(">")[1];
        BenchFixture fixture = new BenchFixture();
        tokens = fixture.tokens(in, TOKENS, 3600);
        role = "bench-" + out.toLowerCase();
        Clock clock = Clock.systemUTC();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        JwksSettings jwks = JwksSettings.defaults();
        KeySources keySources = new KeySources(new JwksHttpClient(jwks, Executors.newCachedThreadPool()), jwks, clock,
                Executors.newSingleThreadScheduledExecutor(), meters, false);
        AuditLog audit = new AuditLog(clock);
        PolicyRuntime policies = new PolicyRuntime(TestConfigs.broker(fixture.policyDir, Duration.ofHours(1)), keySources, audit, clock, meters,
                dev.wifbroker.policy.PolicyLoader::load, activated -> {});
        if (!policies.reload()) {
            throw new IllegalStateException("bench policy refused: " + policies.lastError());
        }
        KeyRing ring = KeyRing.open(KeyRingSettings.defaults(), new MemoryKeyRingStore(), clock);
        JwtSigner signer = new JwtSigner(ring, clock);
        BrokerIssuer broker = new BrokerIssuer("https://broker.example.com");
        InternalTokenMinter minter = new InternalTokenMinter(signer, clock, broker);
        exchange = new TokenExchange(new TokenVerifier(policies.issuers(), VerifierSettings.defaults(), clock), policies,
                new MemoryAdmissionGuard(new MemoryReplayGuard(clock, 10_000_000, 300), new MemoryRateLimiter(clock, 1000)),
                new Revocations(clock), new TargetMinters(minters(minter, signer, broker, clock)), new CredentialCache(clock, 10, Duration.ofMinutes(5), Duration.ofSeconds(5)),
                audit, new ShadowOutcomes(new SimpleMeterRegistry()), TestConfigs.limits(1e9, 1_000_000_000, 1e9, 1_000_000_000, 10_000_000), clock);
        exchange.exchange(request(0));
    }

    private ExchangeRequest request(int i) {
        return new ExchangeRequest(tokens.get(i), role, Optional.empty(), Optional.empty(), Optional.empty(), "127.0.0.1");
    }

    @Benchmark
    public ExchangeResult exchange() throws ExchangeFailure {
        return exchange.exchange(request(next++ & (TOKENS - 1)));
    }

    /** The internal minter, and the cloud minters every registered kind needs (on a closed loopback port: the roles never call them). */
    private static List<TargetMinter<?>> minters(InternalTokenMinter internal, JwtSigner signer, BrokerIssuer broker, Clock clock) {
        String closed = "127.0.0.1:9";
        UpstreamRetry.Policy retry = new UpstreamRetry.Policy(1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(100));
        CloudAssertionSigner assertions = new CloudAssertionSigner(signer, broker, clock);
        return List.of(internal,
                new AwsCredentialMinter(signer, broker, clock, AwsSettings.defaults(URI.create("http://" + closed))),
                new GcpCredentialMinter(assertions, new GcpSettings("http://" + closed + "/v1/token", "http://" + closed,
                        Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(1), retry), new NetHttpTransport(),
                        new UpstreamRetry("gcp", retry), new MemoryIssuedTokens(clock, 10_000)),
                new AzureCredentialMinter(assertions, new AzureSettings("https://" + closed, false, "api://AzureADTokenExchange",
                        Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(1), retry), new UpstreamRetry("azure", retry)),
                new AdminTokenMinter(signer, clock, broker, broker.url() + "/admin"));
    }
}
