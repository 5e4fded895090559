package dev.wifbroker.credential.azure;

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

/** {@code credentials.azure}: how {@link AzureKind} parses and bounds a block, and how adapters select it. */
class AzureKindTest {
    private static final String IDS = "tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47, clientId: 0d8f4c5e-7a1b-4c2d-9e3f-5a6b7c8d9e0f";

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("azure tenant not a GUID", BASE.replace("internal: {audience: api, scopes: [x]}", "azure: {tenantId: acme, clientId: 0d8f4c5e-7a1b-4c2d-9e3f-5a6b7c8d9e0f, scope: https://management.azure.com/.default}"), 6, "must be a GUID"),
                Arguments.of("token mode without a scope", RoleFiles.with("azure: {" + IDS + "}"), 6, "scope is required in token mode"),
                Arguments.of("a scope without /.default", RoleFiles.with("azure: {" + IDS + ", scope: https://management.azure.com/user_impersonation}"), 6,
                        "ends with /.default"),
                Arguments.of("an unknown mode", RoleFiles.with("azure: {" + IDS + ", mode: secret, scope: https://management.azure.com/.default}"), 6,
                        "mode must be token or assertion"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_role_files_are_refused_with_a_positioned_message(String name, String yaml, int line, String message) {
        RoleFiles.refused(yaml, line, message);
    }

    @Test
    void the_azure_kind_is_registered_with_its_target_and_minter_and_no_token_type_of_its_own() {
        AzureKind kind = new AzureKind();
        assertThat(CredentialKinds.named("azure")).get().isInstanceOf(AzureKind.class);
        assertThat(kind.targetType()).isEqualTo(AzureTarget.class);
        assertThat(kind.minter()).isEqualTo(AzureCredentialMinter.class);
        assertThat(kind.requestedTokenType()).isEmpty();
    }

    @Test
    void token_mode_is_the_default_and_a_duration_above_the_hour_is_left_to_the_linter() {
        AzureTarget target = RoleFiles.target(RoleFiles.with("azure: {" + IDS + ", scope: https://management.azure.com/.default, duration: 2h}"),
                AzureTarget.class);
        assertThat(target.mode()).isEqualTo(AzureTarget.Mode.TOKEN);
        assertThat(target.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(target.maxDuration()).isEqualTo(Duration.ofHours(1));
    }
}
