package dev.wifbroker.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtSignerTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final MutableClock CLOCK = new MutableClock(START);
    static KeyRing allAlgorithms;

    @BeforeAll
    static void ring() {
        allAlgorithms = KeyRing.open(KeyRingSettings.defaults(), new MemoryKeyRingStore(), CLOCK);
    }

    static Map<String, Object> claims(long expiresInSeconds) {
        return Map.of("sub", "workload", "exp", CLOCK.instant().getEpochSecond() + expiresInSeconds);
    }

    @ParameterizedTest(name = "{0} tokens verify with jose4j against the JWKS")
    @EnumSource(SigningAlgorithm.class)
    void each_algorithm_signs_verifiably_with_its_active_kid(SigningAlgorithm alg) throws Exception {
        SignedJwt jwt = new JwtSigner(allAlgorithms, CLOCK).sign(Map.of("typ", "at+jwt"), claims(300), alg);

        JwtClaims verified = JwksVerifier.verify(jwt.compact(), allAlgorithms.snapshot().jwksText(), CLOCK.instant());
        assertThat(verified.getSubject()).isEqualTo("workload");
        String header = new String(Base64.getUrlDecoder().decode(jwt.compact().split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"alg\":\"" + alg.jwsName() + "\",\"kid\":\"" + jwt.kid() + "\",\"typ\":\"at+jwt\"}");
        assertThat(jwt.kid()).isEqualTo(allAlgorithms.snapshot().active(alg).orElseThrow().kid());
        assertThat(jwt.toString()).doesNotContain(jwt.compact().substring(0, 10));
    }

    @Test
    void es256_signatures_are_64_bytes_r_and_s_as_jws_requires() {
        String token = new JwtSigner(allAlgorithms, CLOCK).sign(Map.of(), claims(60), SigningAlgorithm.ES256).compact();
        assertThat(Base64.getUrlDecoder().decode(token.split("\\.")[2])).hasSize(64);
    }

    @ParameterizedTest(name = "header {0} -> refused")
    @ValueSource(strings = {"alg", "kid", "crit", "jku", "x5u"})
    void reserved_header_parameters_are_refused(String name) {
        JwtSigner signer = new JwtSigner(allAlgorithms, CLOCK);
        assertThatThrownBy(() -> signer.sign(Map.of(name, "x"), claims(60), SigningAlgorithm.ES256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }

    @Test
    void a_token_without_exp_is_refused() {
        JwtSigner signer = new JwtSigner(allAlgorithms, CLOCK);
        assertThatThrownBy(() -> signer.sign(Map.of(), Map.of("sub", "w"), SigningAlgorithm.ES256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numeric exp");
    }

    @Test
    void a_token_living_longer_than_its_key_stays_published_is_refused() {
        JwtSigner signer = new JwtSigner(allAlgorithms, CLOCK);
        long max = KeyRingSettings.defaults().maxTokenLifetime().toSeconds();

        assertThat(signer.sign(Map.of(), claims(max), SigningAlgorithm.ES256).compact()).isNotEmpty();
        assertThatThrownBy(() -> signer.sign(Map.of(), claims(max + 1), SigningAlgorithm.ES256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max token lifetime");
    }

    @Test
    void an_algorithm_not_enabled_has_no_key() {
        KeyRing esOnly = KeyRing.open(new KeyRingSettings(EnumSet.of(SigningAlgorithm.ES256), Duration.ofHours(24),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO, 2048), new MemoryKeyRingStore(), CLOCK);
        assertThatThrownBy(() -> new JwtSigner(esOnly, CLOCK).sign(Map.of(), claims(60), SigningAlgorithm.RS256))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broker.keys.algorithms");
    }

    /**
     * Signers race a rotator that moves time ten minutes per step through many rotations. No signature may
     * fail, and each token must verify against any JWKS published before it expires: the one read right
     * after signing and the one at the end of the run. (Simulated time runs so fast here that a descheduled
     * signer can see its token expire before it reads the JWKS; those are checked only for the signature.)
     */
    @Test
    void rotating_under_concurrent_signing_loses_no_signature() throws Exception {
        MutableClock clock = new MutableClock(START);
        KeyRingSettings settings = new KeyRingSettings(EnumSet.of(SigningAlgorithm.ES256, SigningAlgorithm.EdDSA),
                Duration.ofHours(2), Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofMinutes(5), 2048);
        KeyRing ring = KeyRing.open(settings, new MemoryKeyRingStore(), clock);
        JwtSigner signer = new JwtSigner(ring, clock);
        record Signed(String token, String kid, String jwksAfter, long clockAfter, long exp) {}
        ConcurrentLinkedQueue<Signed> signed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(4);
        Semaphore signatures = new Semaphore(0);
        List<Thread> signers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            SigningAlgorithm alg = t % 2 == 0 ? SigningAlgorithm.ES256 : SigningAlgorithm.EdDSA;
            Thread thread = new Thread(() -> {
                started.countDown();
                while (!done.get()) {
                    try {
                        long exp = clock.instant().getEpochSecond() + 1800;
                        SignedJwt jwt = signer.sign(Map.of(), Map.of("sub", "w", "exp", exp), alg);
                        String jwksAfter = ring.snapshot().jwksText();
                        // Read after the snapshot: if the key were gone from it, this time would be past the removal.
                        long clockAfter = clock.instant().getEpochSecond();
                        signed.add(new Signed(jwt.compact(), jwt.kid(), jwksAfter, clockAfter, exp));
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        signatures.release();
                    }
                }
            });
            thread.start();
            signers.add(thread);
        }
        started.await();
        int rotations = 0;
        try {
            for (int step = 0; step < 6 * 24; step++) {
                clock.advance(Duration.ofMinutes(10));
                if (ring.rotate()) {
                    rotations++;
                }
                // Pacing: each step waits for eight signatures; with four signers at most four were in flight when it
                // began, so at least four are made against this state of the ring.
                signatures.drainPermits();
                assertThat(signatures.tryAcquire(8, 10, TimeUnit.SECONDS)).as("signatures after step " + step).isTrue();
            }
        } finally {
            done.set(true);
            for (Thread thread : signers) {
                thread.join();
            }
        }

        assertThat(failures).isEmpty();
        assertThat(signed.size()).as("signatures made").isGreaterThan(200);
        assertThat(rotations).as("publish, activate and remove steps").isGreaterThan(30);
        assertThat(signed.stream().map(Signed::kid).distinct().count()).as("tokens from many keys").isGreaterThan(10);
        String finalJwks = ring.snapshot().jwksText();
        long now = clock.instant().getEpochSecond();
        for (Signed s : signed) {
            if (s.clockAfter() < s.exp()) {
                assertThat(JwksVerifier.signatureVerifies(s.token(), s.jwksAfter())).as(s.kid()).isTrue();
            }
            if (s.exp() > now) {
                assertThat(JwksVerifier.signatureVerifies(s.token(), finalJwks)).as("unexpired " + s.kid()).isTrue();
            }
        }
    }
}
