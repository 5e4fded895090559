package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.support.PolicyDir;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReloadTest {
    static final String ROLE = """
            role: refunds
            trust:
              - issuer: kubernetes-prod
                claims: {namespace: payments, service_account: refund-service}
            credentials:
              internal: {audience: payments-api, scopes: [refunds:create], duration: 15m}
            """;

    @TempDir
    Path tmp;
    PolicyDir dir;
    List<PolicyChange> changes = new CopyOnWriteArrayList<>();
    PolicyStore store;
    PolicyDirectoryWatcher watcher;

    @BeforeEach
    void setUp() {
        dir = PolicyDir.withSampleIssuers(tmp).role("refunds", ROLE);
        store = new PolicyStore(Clock.fixed(Instant.parse("2026-11-28T03:00:00Z"), ZoneOffset.UTC), changes::add);
        watcher = PolicyDirectoryWatcher.into(store, dir.path(), Duration.ofHours(1));
    }

    @Test
    void first_load_activates_and_reports_no_previous_version() {
        assertThat(store.status().ready()).isFalse();
        watcher.reloadNow();
        assertThat(store.status().ready()).isTrue();
        assertThat(changes).singleElement().isInstanceOfSatisfying(PolicyChange.Activated.class, a -> {
            assertThat(a.previousVersion()).isNull();
            assertThat(a.version()).isEqualTo(store.get().version());
            assertThat(a.roles()).isEqualTo(1);
        });
    }

    @Test
    void a_broken_edit_keeps_the_last_good_set_and_says_why() {
        watcher.reloadNow();
        String good = store.get().version();
        dir.role("refunds", ROLE.replace("duration: 15m", "duration: 15m, colour: blue"));
        assertThat(watcher.poll()).as("first poll sees the change and waits for it to settle").isFalse();
        assertThat(watcher.poll()).isTrue();
        assertThat(store.get().version()).isEqualTo(good);
        assertThat(store.status().lastErrors()).singleElement().hasToString(
                "roles/refunds.yaml:6:79: error: unknown field 'credentials.internal.colour' (known fields: audience, scopes,"
                        + " duration, claims, algorithm)");
        assertThat(changes.get(1)).isInstanceOfSatisfying(PolicyChange.Rejected.class,
                r -> assertThat(r.activeVersion()).isEqualTo(good));
        assertThat(store.status().ready()).isTrue();
    }

    @Test
    void an_edit_that_fails_an_error_lint_is_rejected_too() {
        watcher.reloadNow();
        dir.role("refunds", ROLE.replace("duration: 15m", "duration: 3h"));
        watcher.poll();
        watcher.poll();
        assertThat(store.status().lastErrors()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("[ttl-above-maximum]"));
        assertThat(store.status().rejections()).isEqualTo(1);
    }

    @Test
    void a_fixed_edit_swaps_in_the_new_version_and_reports_old_and_new() {
        watcher.reloadNow();
        String v1 = store.get().version();
        dir.role("refunds", ROLE.replace("15m", "10m"));
        watcher.poll();
        watcher.poll();
        String v2 = store.get().version();
        assertThat(v2).isNotEqualTo(v1);
        assertThat(changes.get(1)).isInstanceOfSatisfying(PolicyChange.Activated.class, a -> {
            assertThat(a.previousVersion()).isEqualTo(v1);
            assertThat(a.version()).isEqualTo(v2);
        });
        assertThat(store.get().role("refunds").orElseThrow().credentials().internal().orElseThrow().duration())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void nothing_changed_means_no_reload() {
        watcher.reloadNow();
        assertThat(watcher.poll()).isFalse();
        assertThat(watcher.poll()).isFalse();
        assertThat(changes).hasSize(1);
    }

    @Test
    void the_background_thread_picks_up_edits() throws InterruptedException {
        try (PolicyDirectoryWatcher live = PolicyDirectoryWatcher.into(store, dir.path(), Duration.ofMillis(20))) {
            live.start();
            String v1 = store.get().version();
            dir.role("refunds", ROLE.replace("15m", "12m"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.get().version().equals(v1) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(store.get().version()).isNotEqualTo(v1);
        }
    }
}
