package dev.wifbroker.policy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.identity.KeySources;
import dev.wifbroker.identity.jwks.JwksHttpClient;
import dev.wifbroker.identity.jwks.JwksSettings;
import dev.wifbroker.policy.PolicyDirectoryWatcher;
import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.testing.TestConfigs;
import dev.wifbroker.testing.AuditCapture;
import dev.wifbroker.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load that throws is visible in every channel an operator watches, and never stops the reloads. */
class PolicyRuntimeCrashReportingTest {
    private static final String ROLE = """
            role: refunds
            trust:
              - issuer: kubernetes-prod
                claims: {namespace: payments, service_account: refund-service}
            credentials:
              internal: {audience: payments-api, scopes: [refunds:create], duration: 15m}
            """;

    @TempDir
    Path tmp;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final List<PolicySetActivated> activations = new CopyOnWriteArrayList<>();
    private final AtomicBoolean crash = new AtomicBoolean();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private ExecutorService http;
    private ScheduledExecutorService scheduler;
    private PolicyDir dir;
    private PolicyRuntime runtime;

    @BeforeEach
    void setUp() {
        AuditCapture.install();
        Logger.getLogger(PolicyRuntime.class.getName()).addHandler(handler);
        dir = PolicyDir.withSampleIssuers(tmp).role("refunds", ROLE);
        JwksSettings jwks = JwksSettings.defaults();
        http = Executors.newCachedThreadPool();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        KeySources issuers = new KeySources(new JwksHttpClient(jwks, http), jwks, clock, scheduler, meters, false);
        PolicyDirectoryWatcher.Loader loader = d -> {
            if (crash.get()) {
                throw new OutOfMemoryError("Java heap space");
            }
            return PolicyLoader.load(d);
        };
        runtime = new PolicyRuntime(TestConfigs.broker(dir.path(), Duration.ofSeconds(2)), issuers, new AuditLog(clock), clock, meters, loader, activations::add);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger(PolicyRuntime.class.getName()).removeHandler(handler);
        http.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void an_out_of_memory_load_is_counted_audited_logged_once_and_shown_while_the_last_good_set_serves() {
        assertThat(runtime.reload()).isTrue();
        String good = runtime.current().orElseThrow().version();
        crash.set(true);
        dir.role("refunds", ROLE.replace("15m", "10m"));
        runtime.poll();
        runtime.poll();

        assertThat(runtime.current().orElseThrow().version()).isEqualTo(good);
        assertThat(runtime.lastError()).contains("policy load failed: java.lang.OutOfMemoryError: Java heap space");
        assertThat(counter("crashed")).isEqualTo(1);
        assertThat(counter("refused")).isEqualTo(1);
        assertThat(meters.get("broker.policy.last.reload.failed").gauge().value()).isEqualTo(1);
        assertThat(AuditCapture.events()).anySatisfy(e -> assertThat(e).contains("\"type\":\"policy_reload\"")
                .contains("\"outcome\":\"refused\"").contains("\"oldVersion\":\"" + good + "\"").contains("OutOfMemoryError"));
        assertThat(errors).anySatisfy(r -> assertThat(r.getThrown()).isInstanceOf(OutOfMemoryError.class));
        int logged = errors.size();

        clock.advance(Duration.ofSeconds(2));
        assertThat(runtime.poll()).as("the crashed load is retried").isTrue();
        assertThat(counter("crashed")).isEqualTo(2);
        assertThat(errors).as("the same failure is logged once").hasSize(logged);

        crash.set(false);
        dir.role("refunds", ROLE.replace("15m", "12m"));
        runtime.poll();
        assertThat(runtime.poll()).isTrue();
        assertThat(runtime.current().orElseThrow().version()).isNotEqualTo(good);
        assertThat(runtime.lastError()).isNull();
        assertThat(runtime.lastPollAt()).isEqualTo(clock.instant());
        assertThat(activations).hasSize(2).last().satisfies(a -> {
            assertThat(a.previous().orElseThrow().version()).isEqualTo(good);
            assertThat(a.current().version()).isEqualTo(runtime.current().orElseThrow().version());
        });
    }

    private double counter(String outcome) {
        return meters.get("broker.policy.reloads").tag("outcome", outcome).counter().count();
    }
}
