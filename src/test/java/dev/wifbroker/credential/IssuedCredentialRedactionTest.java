package dev.wifbroker.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stray log line of a credential or its answer must not carry the secret (records print every component by default). */
class IssuedCredentialRedactionTest {
    private static final Instant EXP = Instant.parse("2026-12-02T18:00:00Z");

    @Test
    void no_credential_or_token_response_prints_its_secret() {
        List<IssuedCredential> all = List.of(
                new IssuedCredential.InternalToken("eyJ.internal.secret", "j1", List.of("orders.read"), EXP),
                new IssuedCredential.AdminToken("eyJ.admin.secret", "j2", List.of("read"), EXP),
                new IssuedCredential.AwsSession("ASIAEXAMPLE", "aws-secret-key", "aws-session-token", EXP, "arn:aws:iam::1:role/r"),
                new IssuedCredential.CloudAccessToken("gcp", "ya29.cloud-secret", "Bearer", EXP, List.of("cloud-platform")),
                new IssuedCredential.Assertion("eyJ.assertion.secret", "api://AzureADTokenExchange", EXP));
        for (IssuedCredential c : all) {
            assertThat(c.toString()).as(c.kind()).doesNotContain(c.secret()).contains(EXP.toString());
            assertThat(c.tokenResponse().toString()).as(c.kind() + " answer").doesNotContain(c.secret());
        }
        IssuedCredential.AwsSession aws = (IssuedCredential.AwsSession) all.get(2);
        assertThat(aws.tokenResponse().toString()).doesNotContain("aws-secret-key").contains("aws_secret_access_key");
    }
}
