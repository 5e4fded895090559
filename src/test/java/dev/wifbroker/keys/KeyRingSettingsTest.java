package dev.wifbroker.keys;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyRingSettingsTest {
    static final Set<SigningAlgorithm> ES = EnumSet.of(SigningAlgorithm.ES256);
    static final Duration H = Duration.ofHours(1);

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("no algorithm -> refused", new Object[] {Set.of(), Duration.ofDays(1), H, H, Duration.ZERO, 2048}, "at least one signing algorithm"),
                Arguments.of("publish-ahead not shorter than rotation -> refused", new Object[] {ES, H, H, H, Duration.ZERO, 2048}, "must be shorter than rotation-period"),
                Arguments.of("publish-ahead within the JWKS max-age -> refused", new Object[] {ES, Duration.ofDays(1), Duration.ofMinutes(5), H, Duration.ZERO, 2048}, "longer than the JWKS cache max-age"),
                Arguments.of("zero max token lifetime -> refused", new Object[] {ES, Duration.ofDays(1), H, Duration.ZERO, Duration.ZERO, 2048}, "max-token-lifetime must be positive"),
                Arguments.of("negative removal margin -> refused", new Object[] {ES, Duration.ofDays(1), H, H, Duration.ofSeconds(-1), 2048}, "removal-margin"),
                Arguments.of("RSA 1024 -> refused", new Object[] {ES, Duration.ofDays(1), H, H, Duration.ZERO, 1024}, "at least 2048 bits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    @SuppressWarnings("unchecked")
    void invalid_settings_are_refused_with_a_reason(String name, Object[] a, String message) {
        assertThatThrownBy(() -> new KeyRingSettings((Set<SigningAlgorithm>) a[0], (Duration) a[1], (Duration) a[2], (Duration) a[3],
                (Duration) a[4], (Integer) a[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
