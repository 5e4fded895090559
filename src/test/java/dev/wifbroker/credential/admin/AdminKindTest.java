package dev.wifbroker.credential.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.credential.CredentialKinds;
import dev.wifbroker.credential.RoleFiles;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code credentials.admin}: how {@link AdminKind} parses and bounds a block, and how adapters select it. */
class AdminKindTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("no permissions", RoleFiles.with("admin: {duration: 15m}"), 6, "must list at least one of [read, explain, revoke]"),
                Arguments.of("an empty permission list", RoleFiles.with("admin: {permissions: []}"), 6, "must list at least one of"),
                Arguments.of("an unknown permission", RoleFiles.with("admin: {permissions: [read, delete]}"), 6,
                        "permission 'delete' must be one of [read, explain, revoke]"),
                Arguments.of("a permission in capitals", RoleFiles.with("admin: {permissions: [READ]}"), 6, "permission 'READ' must be one of"),
                Arguments.of("a single permission not in a list", RoleFiles.with("admin: {permissions: read}"), 6, "must be a list of strings"),
                Arguments.of("a zero duration", RoleFiles.with("admin: {permissions: [read], duration: 0s}"), 6, "must be positive"),
                Arguments.of("an unknown field", RoleFiles.with("admin: {permissions: [read], scopes: [x]}"), 6, "unknown field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_role_files_are_refused_with_a_positioned_message(String name, String yaml, int line, String message) {
        RoleFiles.refused(yaml, line, message);
    }

    @Test
    void the_admin_kind_is_registered_with_its_target_minter_and_token_type() {
        AdminKind kind = new AdminKind();
        assertThat(CredentialKinds.named("admin")).get().isInstanceOf(AdminKind.class);
        assertThat(kind.targetType()).isEqualTo(AdminTarget.class);
        assertThat(kind.minter()).isEqualTo(AdminTokenMinter.class);
        assertThat(kind.requestedTokenType()).contains("urn:wif-broker:token-type:admin");
    }

    @Test
    void fifteen_minutes_is_the_default_duplicates_collapse_and_a_duration_above_the_hour_is_left_to_the_linter() {
        AdminTarget target = RoleFiles.target(RoleFiles.with("admin: {permissions: [read, explain, read]}"), AdminTarget.class);
        assertThat(target.permissions()).containsExactly(AdminPermission.READ, AdminPermission.EXPLAIN);
        assertThat(target.duration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(target.signedByBroker()).isTrue();
        assertThat(target.cached()).isFalse();
        AdminTarget longer = RoleFiles.target(RoleFiles.with("admin: {permissions: [revoke], duration: 2h}"), AdminTarget.class);
        assertThat(longer.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(longer.maxDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(longer.permissions()).isEqualTo(List.of(AdminPermission.REVOKE));
    }
}
