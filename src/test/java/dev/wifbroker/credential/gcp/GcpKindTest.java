package dev.wifbroker.credential.gcp;

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

/** {@code credentials.gcp}: how {@link GcpKind} parses and bounds a block, and how adapters select it. */
class GcpKindTest {
    private static final String PROVIDER =
            "workloadIdentityProvider: //iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool-1/providers/broker";

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("gcp provider malformed", BASE.replace("internal: {audience: api, scopes: [x]}", "gcp: {workloadIdentityProvider: projects/1/pools/p}"), 6, "//iam.googleapis.com"),
                Arguments.of("a service account that is not an email", RoleFiles.with("gcp: {" + PROVIDER + ", serviceAccount: deployer}"), 6,
                        "is not a service account email"),
                Arguments.of("a scope that is not a Google OAuth scope URL", RoleFiles.with("gcp: {" + PROVIDER + ", scopes: [cloud-platform]}"), 6,
                        "is not a Google OAuth scope URL"),
                Arguments.of("a zero duration", RoleFiles.with("gcp: {" + PROVIDER + ", duration: 0s}"), 6, "must be positive"),
                Arguments.of("an unknown field", RoleFiles.with("gcp: {" + PROVIDER + ", project: p}"), 6, "unknown field 'credentials.gcp.project'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_role_files_are_refused_with_a_positioned_message(String name, String yaml, int line, String message) {
        RoleFiles.refused(yaml, line, message);
    }

    @Test
    void the_gcp_kind_is_registered_with_its_target_and_minter_and_no_token_type_of_its_own() {
        GcpKind kind = new GcpKind();
        assertThat(CredentialKinds.named("gcp")).get().isInstanceOf(GcpKind.class);
        assertThat(kind.targetType()).isEqualTo(GcpTarget.class);
        assertThat(kind.minter()).isEqualTo(GcpCredentialMinter.class);
        assertThat(kind.requestedTokenType()).isEmpty();
    }

    @Test
    void a_duration_above_the_hour_parses_and_is_left_to_the_linter_against_the_target_maximum() {
        GcpTarget target = RoleFiles.target(RoleFiles.with("gcp: {" + PROVIDER + ", duration: 2h}"), GcpTarget.class);
        assertThat(target.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(target.maxDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(target.cached()).isTrue();
    }

    @Test
    void the_callers_grantable_scopes_are_the_targets_scopes() {
        GcpTarget target = RoleFiles.target(RoleFiles.with("gcp: {" + PROVIDER
                + ", scopes: [\"https://www.googleapis.com/auth/devstorage.read_only\"]}"), GcpTarget.class);
        assertThat(target.grantableScopes()).containsExactly("https://www.googleapis.com/auth/devstorage.read_only");
    }
}
