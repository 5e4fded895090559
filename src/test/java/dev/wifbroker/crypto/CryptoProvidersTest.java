package dev.wifbroker.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.testing.LogCapture;
import dev.wifbroker.testing.TestProvider;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code broker.crypto.provider}: what each mode installs, what it logs, and that {@code native} never falls back. */
class CryptoProvidersTest {
    static final String ACCP = "AmazonCorrettoCryptoProvider";
    static final NativeProvider UNAVAILABLE = () -> {
        throw new NativeProvider.Unavailable("simulated: the native library did not load", null);
    };
    static final NativeProvider MUST_NOT_LOAD = () -> {
        throw new AssertionError("jdk mode must not even try the native provider");
    };

    private Optional<Provider> before;

    @BeforeEach
    void remember() {
        before = Jca.nativeProvider();
    }

    @AfterEach
    void restore() {
        TestProvider.restore(before);
    }

    @Test
    void auto_installs_the_native_provider_first_when_it_loads() throws Exception {
        int mark = LogCapture.mark();
        CryptoSelection s = CryptoProviders.install(CryptoConfig.Mode.AUTO, TestProvider::nativeProvider);

        assertThat(s.nativeInUse()).isTrue();
        assertThat(s.describe()).isEqualTo(ACCP + " 2.5.0");
        assertThat(s.fallbackReason()).isNull();
        assertThat(Security.getProviders()[0].getName()).isEqualTo(ACCP);
        assertThat(providerNames()).containsOnlyOnce(ACCP);
        // The broker's own calls and what libraries ask by name (jose4j, SHA-256, new SecureRandom()) all get it.
        assertThat(Jca.signature("SHA256withECDSAinP1363Format").getProvider().getName()).isEqualTo(ACCP);
        assertThat(Jca.signature("SHA256withRSA").getProvider().getName()).isEqualTo(ACCP);
        assertThat(Jca.signature("Ed25519").getProvider().getName()).isEqualTo(ACCP);
        assertThat(Jca.keyPairGenerator("EC").getProvider().getName()).isEqualTo(ACCP);
        assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo(ACCP);
        assertThat(new SecureRandom().getProvider().getName()).isEqualTo(ACCP);
        assertThat(LogCapture.textSince(mark)).containsOnlyOnce("crypto provider:")
                .contains("crypto provider: " + ACCP + " 2.5.0 (broker.crypto.provider=auto)");
    }

    @Test
    void auto_runs_on_the_jdk_and_says_why_in_one_line_when_the_native_provider_cannot_load() throws Exception {
        CryptoProviders.use(TestProvider.nativeProvider());
        int mark = LogCapture.mark();
        CryptoSelection s = CryptoProviders.install(CryptoConfig.Mode.AUTO, UNAVAILABLE);

        assertThat(s.nativeInUse()).isFalse();
        assertThat(s.describe()).isEqualTo("jdk");
        assertThat(s.fallbackReason()).isEqualTo("simulated: the native library did not load");
        assertThat(providerNames()).doesNotContain(ACCP);
        assertThat(Jca.nativeProvider()).isEmpty();
        assertThat(Jca.signature("SHA256withRSA").getProvider().getName()).isNotEqualTo(ACCP);
        assertThat(new SecureRandom().getProvider().getName()).isNotEqualTo(ACCP);
        List<String> alarms = LogCapture.alarmsSince(mark);
        assertThat(alarms).hasSize(1);
        assertThat(LogCapture.textSince(mark).lines().toList())
                .containsExactly("crypto provider: jdk (broker.crypto.provider=auto; native provider unavailable: "
                        + "simulated: the native library did not load)");
    }

    @Test
    void native_refuses_to_start_when_the_native_provider_cannot_load() {
        assertThatThrownBy(() -> CryptoProviders.install(CryptoConfig.Mode.NATIVE, UNAVAILABLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("broker.crypto.provider=native, but the native crypto provider cannot be used: simulated: the"
                        + " native library did not load (set broker.crypto.provider=auto or jdk to run on the JDK providers)");
    }

    @Test
    void native_installs_it_when_it_loads() {
        CryptoSelection s = CryptoProviders.install(CryptoConfig.Mode.NATIVE, TestProvider::nativeProvider);
        assertThat(s.nativeInUse()).isTrue();
        assertThat(Security.getProviders()[0].getName()).isEqualTo(ACCP);
    }

    @Test
    void jdk_never_loads_it_and_removes_one_in_force() throws Exception {
        CryptoProviders.use(TestProvider.nativeProvider());
        int mark = LogCapture.mark();
        CryptoSelection s = CryptoProviders.install(CryptoConfig.Mode.JDK, MUST_NOT_LOAD);

        assertThat(s.describe()).isEqualTo("jdk");
        assertThat(s.fallbackReason()).isNull();
        assertThat(providerNames()).doesNotContain(ACCP);
        assertThat(Jca.signature("SHA256withECDSAinP1363Format").getProvider().getName()).isEqualTo("SunEC");
        assertThat(LogCapture.textSince(mark)).contains("crypto provider: jdk (broker.crypto.provider=jdk)");
        assertThat(LogCapture.alarmsSince(mark)).isEmpty();
    }

    @Test
    void a_thread_cached_signature_follows_a_provider_change() throws Exception {
        SignatureCache cache = new SignatureCache(List.of("SHA256withRSA"));
        CryptoProviders.use(null);
        assertThat(cache.get(0).getProvider().getName()).isEqualTo("SunRsaSign");
        assertThat(cache.get(0)).isSameAs(cache.get(0));
        CryptoProviders.use(TestProvider.nativeProvider());
        assertThat(cache.get(0).getProvider().getName()).isEqualTo(ACCP);
    }

    /** The real loader: ACCP's library loads and its self-test passes wherever the build ships it (glibc Linux x86_64, aarch64). */
    @Test
    void the_accp_loader_loads_and_self_tests_here() throws Exception {
        Provider p = TestProvider.nativeProvider();
        assertThat(p.getName()).isEqualTo(ACCP);
        assertThat(p.getVersionStr()).isEqualTo("2.5.0");
    }

    private static List<String> providerNames() {
        return Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
    }
}
