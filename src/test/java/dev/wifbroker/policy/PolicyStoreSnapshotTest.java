package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.TrustedIssuer;
import dev.wifbroker.identity.TrustedIssuers;
import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.jwks.JwksSnapshot;
import dev.wifbroker.identity.jwks.PinnedKeySource;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.testing.Issuers;
import dev.wifbroker.yaml.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The set in force and its issuers' key sources are one snapshot: swapped together, kept together. */
class PolicyStoreSnapshotTest {
    private final PolicyStore store = new PolicyStore(Clock.systemUTC(), change -> {});

    @Test
    void before_any_load_no_issuer_is_trusted() {
        assertThat(store.trusted()).isSameAs(TrustedIssuers.NONE);
        assertThat(store.trusted().all()).isEmpty();
    }

    @Test
    void a_set_and_its_key_sources_come_into_force_in_one_swap_and_a_rejected_load_keeps_both() {
        PolicySet v1 = set("sha256:1111");
        TrustedIssuers t1 = trusted("https://one.example.com");
        store.activate(v1, t1);
        PolicyStore.Status status = store.status();
        assertThat(status.active()).contains(v1);
        assertThat(status.trusted()).isSameAs(t1);

        store.reject(List.of(Problem.error("issuers/x.yaml", 1, 1, "broken")));
        assertThat(store.get()).isSameAs(v1);
        assertThat(store.trusted()).isSameAs(t1);

        TrustedIssuers t2 = trusted("https://two.example.com");
        store.activate(set("sha256:2222"), t2);
        assertThat(store.get().version()).isEqualTo("sha256:2222");
        assertThat(store.trusted()).isSameAs(t2);
    }

    private static PolicySet set(String version) {
        return new PolicySet(version, new IssuerCatalog(Map.of(), Map.of()), Map.of(), List.of());
    }

    private static TrustedIssuers trusted(String url) {
        JwksSnapshot keys = new JwksSnapshot(List.of(), List.of(), Instant.EPOCH);
        var spec = Issuers.spec("corp", ProfileKind.OIDC, url, new JwksSpec.Pinned(keys, "test"));
        return new TrustedIssuers(Map.of(url, new TrustedIssuer(spec, new PinnedKeySource(keys))));
    }
}
