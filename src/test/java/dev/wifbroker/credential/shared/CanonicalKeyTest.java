package dev.wifbroker.credential.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.credential.CredentialCache.Key;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.aws.AwsLimits;
import dev.wifbroker.credential.aws.AwsTarget;
import dev.wifbroker.credential.azure.AzureTarget;
import dev.wifbroker.credential.gcp.GcpTarget;
import dev.wifbroker.credential.internal.InternalTarget;
import dev.wifbroker.credential.template.Template;
import dev.wifbroker.credential.template.TemplateCharset;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The digest naming a shared entry: different keys never share one, equal keys always do (on every replica). */
class CanonicalKeyTest {
    private static final AwsTarget AWS = SharedTierFixture.AWS;

    private static Key key(String issuer, String issuerUrl, String subject, Map<String, Object> claims, List<String> scopes) {
        return new Key("deploy", AWS, issuer, issuerUrl, subject, claims, scopes, null);
    }

    private static Key withTarget(AwsTarget target) {
        return new Key("deploy", target, "github", "https://issuer", "sub", Map.of(), List.of(), null);
    }

    private static AwsTarget sessionName(Template template) {
        return new AwsTarget(AWS.roleArn(), AWS.duration(), Optional.of(template), Optional.empty(), List.of(), Map.of());
    }

    static Stream<Arguments> lookAlikes() {
        return Stream.of(
                Arguments.of("a claim value holding ', b=y' vs two claims",
                        key("github", "https://i", "s", Map.of("a", "x, b=y"), List.of()),
                        key("github", "https://i", "s", Map.of("a", "x", "b", "y"), List.of())),
                Arguments.of("an issuer name holding ', issuerUrl=' vs the next field",
                        key("i, issuerUrl=u", "v", "s", Map.of(), List.of()),
                        key("i", "u, issuerUrl=v", "s", Map.of(), List.of())),
                Arguments.of("one scope holding ', ' vs two scopes",
                        key("github", "https://i", "s", Map.of(), List.of("a, b")),
                        key("github", "https://i", "s", Map.of(), List.of("a", "b"))),
                Arguments.of("different unpaired surrogates (UTF-8 folds both to '?')",
                        key("github", "https://i", "s\uD800", Map.of(), List.of()),
                        key("github", "https://i", "s\uD801", Map.of(), List.of())),
                Arguments.of("a template reading a claim vs literal braces (Template prints its source)",
                        withTarget(sessionName(Template.parse("{actor}", AwsLimits.SESSION_NAME_CHARSET))),
                        withTarget(sessionName(new Template("{actor}", List.of("{actor}"), AwsLimits.SESSION_NAME_CHARSET)))),
                Arguments.of("a claim 1 (int) vs 1 (long)",
                        key("github", "https://i", "s", Map.of("n", 1), List.of()),
                        key("github", "https://i", "s", Map.of("n", 1L), List.of())),
                Arguments.of("a null claim vs the text 'null'",
                        key("github", "https://i", "s", nullClaim(), List.of()),
                        key("github", "https://i", "s", Map.of("a", "null"), List.of())));
    }

    private static Map<String, Object> nullClaim() {
        Map<String, Object> m = new HashMap<>();
        m.put("a", null);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookAlikes")
    void keysThatPrintAlikeButDifferGetDifferentDigests(String name, Key one, Key other) {
        assertThat(one).isNotEqualTo(other);
        if (!name.startsWith("different unpaired")) {
            assertThat(one.toString()).as("premise: toString cannot tell them apart").isEqualTo(other.toString());
        }
        assertThat(CanonicalKey.digest(one)).isNotEqualTo(CanonicalKey.digest(other));
    }

    @Test
    void equalKeysBuiltDifferentlyGetTheSameDigest() {
        Map<String, Object> linked = new LinkedHashMap<>();
        linked.put("repository", "octo/api");
        linked.put("actor", "octocat");
        Map<String, Object> hashed = new HashMap<>(Map.of("actor", "octocat", "repository", "octo/api"));
        AwsTarget tagged = new AwsTarget(AWS.roleArn(), AWS.duration(), Optional.empty(), Optional.empty(), List.of(),
                new TreeMap<>(Map.of("b", Template.parse("{actor}", AwsLimits.TAG_VALUE_CHARSET), "a",
                        Template.parse("x", AwsLimits.TAG_VALUE_CHARSET))));
        AwsTarget sameTags = new AwsTarget(AWS.roleArn(), AWS.duration(), Optional.empty(), Optional.empty(), List.of(),
                new LinkedHashMap<>(Map.of("a", Template.parse("x", AwsLimits.TAG_VALUE_CHARSET), "b",
                        Template.parse("{actor}", AwsLimits.TAG_VALUE_CHARSET))));
        Key one = new Key("deploy", tagged, "github", "https://i", "s", linked, List.of("a"), Duration.ofMinutes(20));
        Key two = new Key("deploy", sameTags, "github", "https://i", "s", hashed, List.of("a"), Duration.ofSeconds(1200));
        assertThat(one).isEqualTo(two);
        assertThat(CanonicalKey.digest(one)).isEqualTo(CanonicalKey.digest(two)).matches("[0-9a-f]{64}");
    }

    @Test
    void everyCloudTargetHasAnEncodingAndTargetsOfDifferentCloudsDiffer() {
        Key gcp = new Key("r", new GcpTarget("//iam.googleapis.com/p", Optional.of("sa@p.iam.gserviceaccount.com"),
                List.of(GcpTarget.CLOUD_PLATFORM), Duration.ofHours(1)), "i", "u", "s", Map.of(), List.of(), null);
        Key azure = new Key("r", new AzureTarget("t", "c", "https://management.azure.com/.default", AzureTarget.Mode.TOKEN,
                Duration.ofMinutes(10)), "i", "u", "s", Map.of(), List.of(), null);
        assertThat(List.of(CanonicalKey.digest(gcp), CanonicalKey.digest(azure), CanonicalKey.digest(withTarget(AWS))))
                .doesNotHaveDuplicates();
    }

    /**
     * Digests computed by the release before each kind declared its own template charsets (they were one enum):
     * replicas of both releases, mid-rollout, still name templated targets' entries alike.
     */
    @Test
    void templatedTargetsKeepTheDigestsOfEarlierReleases() {
        AwsTarget aws = new AwsTarget("arn:aws:iam::123456789012:role/deploy", Duration.ofMinutes(15),
                Optional.of(Template.parse("gha-{repository}-{run_id}", AwsLimits.SESSION_NAME_CHARSET)), Optional.empty(),
                List.of(), Map.of("repo", Template.parse("{repository}", AwsLimits.TAG_VALUE_CHARSET)),
                Optional.of(Template.parse("{actor}", AwsLimits.SESSION_NAME_CHARSET)));
        InternalTarget internal = new InternalTarget("payments", List.of("refunds:write"), Duration.ofMinutes(5),
                Map.of("env", Template.parse("{environment}", TemplateCharset.TEXT), "limit", 5L), InternalTarget.Algorithm.ES256);
        String github = "https://token.actions.githubusercontent.com";
        String sub = "repo:acme/app:ref:refs/heads/main";
        assertThat(CanonicalKey.digest(new Key("deploy", aws, "github", github, sub,
                Map.of("repository", "acme/app", "run_id", "42", "actor", "octocat"), List.of(), Duration.ofMinutes(15))))
                .isEqualTo("12419b31a0c2dc3cd4c2226c24e136b9937cef82c4968319c049e0def8334911");
        assertThat(CanonicalKey.digest(new Key("api", internal, "github", github, sub, Map.of("environment", "production"),
                List.of("refunds:write"), null)))
                .isEqualTo("9a20a6da76236d57210ff98792ee77629cea25f6e41e9fa1dbaaa8836c37e331");
    }

    @Test
    void aValueOfAnotherTypeIsRefusedRatherThanEncodedAmbiguously() {
        assertThatThrownBy(() -> CanonicalKey.digest(key("g", "u", "s", Map.of("d", new java.util.Date(0)), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.util.Date");
    }

    static Stream<Arguments> sessions() {
        Instant exp = Instant.parse("2026-12-01T10:00:00.123456Z");
        return Stream.of(
                Arguments.of("aws session", new IssuedCredential.AwsSession("ASIAX", "secret", "session", exp, "arn:aws:sts::1:x")),
                Arguments.of("aws session without assumed role", new IssuedCredential.AwsSession("ASIAX", "s", "t", exp, null)),
                Arguments.of("gcp token", new IssuedCredential.CloudAccessToken("gcp", "ya29.x", "Bearer", exp, List.of("a", "b"))),
                Arguments.of("azure token", new IssuedCredential.CloudAccessToken("azure", "eyJ.x", "Bearer", exp, List.of("s"))));
    }

    @ParameterizedTest(name = "{0} round-trips exactly")
    @MethodSource("sessions")
    void cloudSessionMaterialRoundTrips(String name, IssuedCredential credential) {
        assertThat(SessionCodec.decode(SessionCodec.encode(credential).orElseThrow())).isEqualTo(credential);
    }

    @Test
    void brokerSignedTokensAreNeverShared() {
        Instant exp = Instant.now().plusSeconds(60);
        assertThat(SessionCodec.encode(new IssuedCredential.InternalToken("eyJ", "jti", List.of(), exp))).isEmpty();
        assertThat(SessionCodec.encode(new IssuedCredential.Assertion("eyJ", "api://AzureADTokenExchange", exp))).isEmpty();
    }
}
