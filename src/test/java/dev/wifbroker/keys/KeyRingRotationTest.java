package dev.wifbroker.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

class KeyRingRotationTest {
    static final Duration ROTATION = Duration.ofHours(24);
    static final Duration AHEAD = Duration.ofHours(1);
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    static final Duration MARGIN = Duration.ofMinutes(5);
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(START);

    static KeyRingSettings settings(Set<SigningAlgorithm> algs) {
        return new KeyRingSettings(algs, ROTATION, AHEAD, MAX_LIFETIME, MARGIN, 2048);
    }

    KeyRing es256Ring(KeyRingStore store) {
        return KeyRing.open(settings(EnumSet.of(SigningAlgorithm.ES256)), store, clock);
    }

    String activeKid(KeyRing ring) {
        return ring.snapshot().active(SigningAlgorithm.ES256).orElseThrow().kid();
    }

    Map<String, Object> claimsExpiringIn(Duration d) {
        return Map.of("sub", "w", "exp", clock.instant().plus(d).getEpochSecond());
    }

    @Test
    void an_empty_store_gets_one_active_key_per_algorithm_at_once() {
        KeyRing ring = KeyRing.open(settings(EnumSet.allOf(SigningAlgorithm.class)), new MemoryKeyRingStore(), clock);

        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            assertThat(ring.snapshot().active(alg)).as(alg.jwsName()).get()
                    .satisfies(k -> assertThat(k.phase()).isEqualTo(KeyPhase.ACTIVE))
                    .satisfies(k -> assertThat(k.activatedAt()).isEqualTo(START));
        }
        assertThat(ring.snapshot().keys()).hasSize(3);
        assertThat(ring.rotate()).as("nothing is due right after start").isFalse();
    }

    @Test
    void a_successor_is_in_the_jwks_for_the_whole_publish_ahead_time_before_it_signs() {
        KeyRing ring = es256Ring(new MemoryKeyRingStore());
        JwtSigner signer = new JwtSigner(ring, clock);
        String first = activeKid(ring);

        clock.advance(ROTATION.minus(AHEAD).minusSeconds(1));
        assertThat(ring.rotate()).isFalse();
        assertThat(ring.snapshot().keys()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(ring.rotate()).isTrue();
        Instant publishedAt = clock.instant();
        List<ManagedKey> keys = ring.snapshot().keys();
        assertThat(keys).extracting(ManagedKey::phase).containsExactlyInAnyOrder(KeyPhase.ACTIVE, KeyPhase.PUBLISHED);
        String second = keys.stream().filter(k -> k.phase() == KeyPhase.PUBLISHED).findFirst().orElseThrow().kid();
        assertThat(ring.snapshot().jwksText()).contains(first, second);

        clock.advance(AHEAD.minusSeconds(1));
        ring.rotate();
        assertThat(signer.sign(Map.of(), claimsExpiringIn(MAX_LIFETIME), SigningAlgorithm.ES256).kid())
                .as("one second before activation the old key still signs").isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        assertThat(ring.rotate()).isTrue();
        SignedJwt jwt = signer.sign(Map.of(), claimsExpiringIn(MAX_LIFETIME), SigningAlgorithm.ES256);
        assertThat(jwt.kid()).isEqualTo(second);
        assertThat(Duration.between(publishedAt, clock.instant())).isGreaterThanOrEqualTo(AHEAD);
        assertThat(ring.snapshot().active(SigningAlgorithm.ES256).orElseThrow().kid()).isEqualTo(second);
        assertThat(ring.snapshot().keys()).filteredOn(k -> k.kid().equals(first))
                .singleElement().extracting(ManagedKey::phase).isEqualTo(KeyPhase.RETIRED);
    }

    @Test
    void a_token_signed_just_before_rotation_verifies_against_the_published_jwks_until_it_expires() throws Exception {
        KeyRing ring = es256Ring(new MemoryKeyRingStore());
        JwtSigner signer = new JwtSigner(ring, clock);
        String oldKid = activeKid(ring);
        clock.advance(ROTATION.minus(AHEAD));
        assertThat(ring.rotate()).as("the successor is published").isTrue();
        clock.advance(AHEAD.minusSeconds(1));
        ring.rotate();
        SignedJwt signed = signer.sign(Map.of(), claimsExpiringIn(MAX_LIFETIME), SigningAlgorithm.ES256);
        assertThat(signed.kid()).isEqualTo(oldKid);
        String token = signed.compact();
        Instant exp = clock.instant().plus(MAX_LIFETIME);

        clock.advance(Duration.ofSeconds(1));
        assertThat(ring.rotate()).as("the successor takes over").isTrue();
        assertThat(activeKid(ring)).isNotEqualTo(oldKid);
        Instant retiredAt = clock.instant();

        // Tick like the scheduler does, checking the token the way a relying party would at each step.
        while (clock.instant().isBefore(exp)) {
            ring.rotate();
            JwksVerifier.verify(token, ring.snapshot().jwksText(), clock.instant());
            clock.advance(Duration.ofSeconds(30));
        }
        assertThatThrownBy(() -> JwksVerifier.verify(token, ring.snapshot().jwksText(), clock.instant()))
                .as("expired now, for time reasons only").isInstanceOf(InvalidJwtException.class)
                .hasMessageContaining("no longer valid");

        clock.set(retiredAt.plus(MAX_LIFETIME).plus(MARGIN).minusSeconds(1));
        ring.rotate();
        assertThat(ring.snapshot().jwksText()).as("kept for the removal margin").contains(oldKid);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ring.rotate()).isTrue();
        assertThat(ring.snapshot().jwksText()).doesNotContain(oldKid);
        assertThat(ring.snapshot().keys()).hasSize(1);
    }

    @Test
    void there_is_always_exactly_one_active_key_across_many_rotations() {
        KeyRing ring = es256Ring(new MemoryKeyRingStore());
        String previous = activeKid(ring);
        int changes = 0;
        for (int minute = 0; minute < 5 * 24 * 60; minute += 10) {
            clock.advance(Duration.ofMinutes(10));
            ring.rotate();
            assertThat(ring.snapshot().keys()).filteredOn(k -> k.phase() == KeyPhase.ACTIVE).hasSize(1);
            assertThat(ring.snapshot().keys()).hasSizeLessThanOrEqualTo(2);
            String kid = activeKid(ring);
            if (!kid.equals(previous)) {
                changes++;
                previous = kid;
            }
        }
        assertThat(changes).isEqualTo(5);
    }

    @Test
    void after_a_long_outage_the_published_successor_takes_over_and_old_keys_go() {
        MemoryKeyRingStore store = new MemoryKeyRingStore();
        KeyRing ring = es256Ring(store);
        clock.advance(ROTATION.minus(AHEAD));
        ring.rotate();
        String successor = ring.snapshot().keys().stream().filter(k -> k.phase() == KeyPhase.PUBLISHED).findFirst().orElseThrow().kid();

        clock.advance(Duration.ofDays(10));
        KeyRing restarted = es256Ring(store);

        assertThat(activeKid(restarted)).isEqualTo(successor);
        assertThat(restarted.snapshot().keys()).extracting(ManagedKey::phase)
                .as("the predecessor retired now, and stays until its tokens have expired")
                .containsExactlyInAnyOrder(KeyPhase.ACTIVE, KeyPhase.RETIRED);
    }

    @Test
    void a_disabled_algorithm_stops_signing_but_stays_published_until_its_tokens_expire() {
        MemoryKeyRingStore store = new MemoryKeyRingStore();
        KeyRing both = KeyRing.open(settings(EnumSet.of(SigningAlgorithm.ES256, SigningAlgorithm.EdDSA)), store, clock);
        clock.advance(ROTATION.minus(AHEAD));
        both.rotate();
        assertThat(both.snapshot().keys()).filteredOn(k -> k.algorithm() == SigningAlgorithm.EdDSA).hasSize(2);

        KeyRing reconfigured = es256Ring(store);

        assertThat(reconfigured.snapshot().active(SigningAlgorithm.EdDSA)).isEmpty();
        assertThat(reconfigured.snapshot().keys()).filteredOn(k -> k.algorithm() == SigningAlgorithm.EdDSA)
                .as("the retired key stays; the successor that never signed goes at once")
                .singleElement().extracting(ManagedKey::phase).isEqualTo(KeyPhase.RETIRED);
        assertThat(reconfigured.snapshot().jwksText()).contains("Ed25519");
        clock.advance(MAX_LIFETIME.plus(MARGIN));
        reconfigured.rotate();
        assertThat(reconfigured.snapshot().jwksText()).doesNotContain("Ed25519");
    }

    @Test
    void a_failing_store_keeps_the_current_keys_in_force() {
        MemoryKeyRingStore good = new MemoryKeyRingStore();
        KeyRing ring = es256Ring(new KeyRingStore() {
            boolean broken;

            @Override
            public List<ManagedKey> load() {
                return good.load();
            }

            @Override
            public void save(List<ManagedKey> keys) {
                if (broken) {
                    throw new IllegalStateException("disk full");
                }
                good.save(keys);
                broken = true;
            }
        });
        String kid = activeKid(ring);
        String jwks = ring.snapshot().jwksText();

        clock.advance(ROTATION);
        assertThatThrownBy(ring::rotate).hasMessage("disk full");

        assertThat(activeKid(ring)).isEqualTo(kid);
        assertThat(ring.snapshot().jwksText()).isEqualTo(jwks);
    }

    @Test
    void the_jwks_holds_public_parameters_only() {
        KeyRing ring = KeyRing.open(settings(EnumSet.allOf(SigningAlgorithm.class)), new MemoryKeyRingStore(), clock);
        String jwks = ring.snapshot().jwksText();

        assertThat(jwks).contains("\"kty\":\"EC\"", "\"kty\":\"RSA\"", "\"kty\":\"OKP\"", "\"use\":\"sig\"",
                "\"alg\":\"ES256\"", "\"alg\":\"RS256\"", "\"alg\":\"EdDSA\"");
        for (String privateParam : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertThat(jwks).doesNotContain(privateParam);
        }
        assertThat(ring.snapshot().keys()).allSatisfy(k -> assertThat(k.toString()).doesNotContain("private").contains(k.kid()));
    }
}
