package dev.wifbroker.credential.internal;

import static dev.wifbroker.credential.RoleFiles.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.credential.CredentialKinds;
import dev.wifbroker.credential.RoleFiles;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code credentials.internal}: how {@link InternalKind} parses and bounds a block, and how adapters select it. */
class InternalKindTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("reserved internal claim", BASE.replace("scopes: [x]}", "scopes: [x], claims: {sub: me}}"), 6, "reserved"),
                Arguments.of("bad internal algorithm", BASE.replace("scopes: [x]}", "scopes: [x], algorithm: HS256}"), 6, "ES256, RS256 or EdDSA"),
                Arguments.of("a scope with a space", RoleFiles.with("internal: {audience: api, scopes: [\"orders read\"]}"), 6,
                        "printable ASCII without spaces"),
                Arguments.of("an audience with a space", RoleFiles.with("internal: {audience: \"orders api\", scopes: [x]}"), 6,
                        "one service name or URL without spaces"),
                Arguments.of("a claim that is an object", RoleFiles.with("internal: {audience: api, scopes: [x], claims: {team: {a: b}}}"), 6,
                        "must be a string, number, boolean or list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_role_files_are_refused_with_a_positioned_message(String name, String yaml, int line, String message) {
        RoleFiles.refused(yaml, line, message);
    }

    @Test
    void the_internal_kind_is_registered_with_its_target_and_minter_and_no_token_type_of_its_own() {
        InternalKind kind = new InternalKind();
        assertThat(CredentialKinds.named("internal")).get().isInstanceOf(InternalKind.class);
        assertThat(kind.targetType()).isEqualTo(InternalTarget.class);
        assertThat(kind.minter()).isEqualTo(InternalTokenMinter.class);
        assertThat(kind.requestedTokenType()).isEmpty();
    }

    @Test
    void a_token_lasts_5_minutes_by_default_is_signed_by_the_broker_and_never_cached() {
        InternalTarget target = RoleFiles.target(BASE, InternalTarget.class);
        assertThat(target.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(target.maxDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(target.algorithm()).isEqualTo(InternalTarget.Algorithm.ES256);
        assertThat(target.signedByBroker()).isTrue();
        assertThat(target.cached()).isFalse();
        assertThat(target.grantableScopes()).containsExactly("x");
    }
}
