package dev.wifbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.jwks.JwksHttpClient;
import dev.wifbroker.identity.jwks.JwksSettings;
import dev.wifbroker.identity.jwks.KeySource;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.testing.Issuers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reload carries unchanged issuers' key sources over and closes the others before new ones register. */
class KeySourcesTest {
    private static final String URL = "https://idp.example.com";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService http = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final KeySources sources = new KeySources(new JwksHttpClient(JwksSettings.defaults(), http),
            JwksSettings.defaults(), Clock.systemUTC(), scheduler, meters, false);

    @AfterEach
    void tearDown() {
        http.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void an_unchanged_issuer_keeps_its_key_source_and_cached_keys_across_a_reload() {
        TrustedIssuers first = sources.replace(TrustedIssuers.NONE, catalog(remote("corp", URL, "https://keys.example.com/a")));
        TrustedIssuers second = sources.replace(first, catalog(remote("corp", URL, "https://keys.example.com/a"),
                remote("other", "https://other.example.com", "https://keys.example.com/o")));
        assertThat(keys(second, URL)).isSameAs(keys(first, URL));
        assertThat(second.all()).hasSize(2);
    }

    @Test
    void an_issuer_whose_key_location_changed_gets_a_new_source_with_its_own_live_meters() {
        TrustedIssuers first = sources.replace(TrustedIssuers.NONE, catalog(remote("corp", URL, "https://keys.example.com/a")));
        TrustedIssuers second = sources.replace(first, catalog(remote("corp", URL, "https://keys.example.com/b")));
        assertThat(keys(second, URL)).isNotSameAs(keys(first, URL));
        assertThat(meters.find("broker.jwks.keys").tag("issuer", "corp").gauges()).as("the old source closed first")
                .hasSize(1);
    }

    @Test
    void a_dropped_issuer_is_gone_from_the_new_set_and_its_source_is_closed() {
        TrustedIssuers first = sources.replace(TrustedIssuers.NONE, catalog(remote("corp", URL, "https://keys.example.com/a"),
                remote("gone", "https://gone.example.com", "https://keys.example.com/g")));
        TrustedIssuers second = sources.replace(first, catalog(remote("corp", URL, "https://keys.example.com/a")));
        assertThat(second.byUrl("https://gone.example.com")).isEmpty();
        assertThat(meters.find("broker.jwks.keys").tag("issuer", "gone").gauges()).isEmpty();
        assertThat(meters.find("broker.jwks.keys").tag("issuer", "corp").gauges()).hasSize(1);
    }

    private static KeySource keys(TrustedIssuers issuers, String url) {
        return issuers.byUrl(url).orElseThrow().keys();
    }

    private static IssuerSpec remote(String name, String url, String jwks) {
        return Issuers.spec(name, ProfileKind.OIDC, url, new JwksSpec.Remote(URI.create(jwks)));
    }

    private static IssuerCatalog catalog(IssuerSpec... specs) {
        return new IssuerCatalog(Arrays.stream(specs).collect(Collectors.toMap(IssuerSpec::name, Function.identity())),
                Arrays.stream(specs).collect(Collectors.toMap(IssuerSpec::url, Function.identity())));
    }
}
