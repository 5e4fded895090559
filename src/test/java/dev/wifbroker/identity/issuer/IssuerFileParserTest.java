package dev.wifbroker.identity.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IssuerFileParserTest {
    @TempDir
    Path dir;

    private Optional<IssuerSpec> parse(String yaml, Problems problems) {
        return new IssuerFileParser(dir).parse(yaml, problems);
    }

    @Test
    void githubIssuerWithDefaults() {
        Problems p = new Problems("issuers/github.yaml");
        IssuerSpec spec = parse("""
                name: github
                profile: github-actions
                url: https://token.actions.githubusercontent.com
                audiences: [https://broker.example.com]
                """, p).orElseThrow();
        assertThat(p.all()).isEmpty();
        assertThat(spec.profile().kind()).isEqualTo(ProfileKind.GITHUB_ACTIONS);
        assertThat(spec.algorithms()).containsExactly("RS256");
        assertThat(spec.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(spec.jwks()).isInstanceOf(JwksSpec.Discovery.class);
        assertThat(spec.replay()).isEqualTo(ReplayMode.ALLOW);
    }

    static Stream<Arguments> lifetimeDefaults() {
        return Stream.of(
                Arguments.of("oidc: 1 h lifetime, 1 h age", "oidc", "", Duration.ofHours(1), Duration.ofHours(1)),
                Arguments.of("oidc with maxLifetime raised on purpose", "oidc", "maxLifetime: 24h\n", Duration.ofHours(24),
                        Duration.ofHours(1)),
                Arguments.of("kubernetes keeps its longer bound: 48 h", "kubernetes", "jwks: {discovery: true}\n",
                        Duration.ofHours(48), Duration.ofHours(24)),
                Arguments.of("github-actions: 1 h", "github-actions", "", Duration.ofHours(1), Duration.ofMinutes(15)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifetimeDefaults")
    void maxLifetimeAndAgeDefaultPerProfile(String name, String profile, String extra, Duration lifetime, Duration age) {
        Problems p = new Problems("issuers/x.yaml");
        String url = profile.equals("github-actions") ? "https://token.actions.githubusercontent.com" : "https://idp.example.com";
        IssuerSpec spec = parse("name: x\nprofile: " + profile + "\nurl: " + url + "\naudiences: [a]\n" + extra, p).orElseThrow();
        assertThat(p.all()).isEmpty();
        assertThat(spec.maxLifetime()).isEqualTo(lifetime);
        assertThat(spec.maxTokenAge()).isEqualTo(age);
    }

    @Test
    void enterpriseAndGhesIssuerShapesAreAccepted() {
        for (String url : List.of("https://token.actions.githubusercontent.com/octo-enterprise",
                "https://github.acme.internal/_services/token", "https://token.actions.acme.ghe.com")) {
            Problems p = new Problems("x.yaml");
            parse("name: gh\nprofile: github-actions\nurl: " + url + "\naudiences: [a]\n", p);
            assertThat(p.all()).as(url).isEmpty();
        }
    }

    @Test
    void kubernetesWithPinnedInlineJwks() {
        String jwks = TestKeys.jwks(List.of(TestKeys.rsa("cluster-1")));
        Problems p = new Problems("issuers/k8s.yaml");
        IssuerSpec spec = parse("name: prod-cluster\nprofile: kubernetes\nurl: https://kubernetes.default.svc\n"
                + "audiences: [https://broker.example.com]\njwks:\n  inline: " + jwks + "\nreplay: reject\n", p).orElseThrow();
        assertThat(p.all()).isEmpty();
        assertThat(((JwksSpec.Pinned) spec.jwks()).keys().keys()).hasSize(1);
        assertThat(spec.algorithms()).containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(spec.replay()).isEqualTo(ReplayMode.REJECT);
    }

    @Test
    void kubernetesWithPinnedJwksFileRelativeToThePolicyDirectory() throws Exception {
        Files.writeString(dir.resolve("cluster.jwks.json"), TestKeys.jwks(List.of(TestKeys.ec("c1"))));
        Problems p = new Problems("issuers/k8s.yaml");
        IssuerSpec spec = parse("name: k\nprofile: kubernetes\nurl: https://k8s.internal\naudiences: [b]\n"
                + "jwks: {file: cluster.jwks.json}\n", p).orElseThrow();
        assertThat(((JwksSpec.Pinned) spec.jwks()).keys().keys()).hasSize(1);
    }

    @Test
    void allErrorsOfAFileAreReportedTogetherWithPositions() {
        Problems p = new Problems("issuers/bad.yaml");
        Optional<IssuerSpec> spec = parse("""
                name: Bad Name
                profile: github
                url: http://token.actions.githubusercontent.com
                audience: https://broker.example.com
                algorithms: [RS256, HS256, none]
                clockSkew: 10m
                """, p);
        assertThat(spec).isEmpty();
        assertThat(p.all()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "issuers/bad.yaml:1:7: error: issuer name 'Bad Name' must be lowercase letters, digits, '.', '_' or '-' (at most 63)",
                "issuers/bad.yaml:2:10: error: unknown profile 'github' (one of: github-actions, gitlab, kubernetes, oidc)",
                "issuers/bad.yaml:3:6: error: issuer url must be https:// (http:// only with allowInsecureHttp: true on a loopback host)",
                "issuers/bad.yaml:1:1: error: audiences is required: list the audience(s) workloads request for this broker",
                "issuers/bad.yaml:5:13: error: algorithms: HMAC algorithms are never accepted (a shared secret is not an identity)",
                "issuers/bad.yaml:5:13: error: algorithms: unsigned tokens (alg none) are never accepted",
                "issuers/bad.yaml:6:12: error: clockSkew 600 s is above the maximum of 300 s",
                "issuers/bad.yaml:4:1: error: unknown field 'audience' (known fields: name, profile, url, audiences, jwks, "
                        + "algorithms, clockSkew, maxTokenAge, maxLifetime, replay, allowInsecureHttp, description)");
    }

    static Stream<Arguments> invalidFiles() {
        String base = "name: x\nprofile: oidc\naudiences: [a]\n";
        return Stream.of(
                Arguments.of("insecure http to a non-loopback host", base + "url: http://idp.example.com\nallowInsecureHttp: true\n",
                        "allowInsecureHttp permits http:// only for loopback hosts"),
                Arguments.of("issuer url with query", base + "url: https://idp.example.com?x=1\n", "must not have a query"),
                Arguments.of("empty audiences", "name: x\nprofile: oidc\nurl: https://i\naudiences: []\n", "audiences is required"),
                Arguments.of("two key sources", base + "url: https://i\njwks: {discovery: true, uri: https://i/k}\n",
                        "exactly one of discovery, uri, inline or file (found discovery, uri)"),
                Arguments.of("unknown jwks field", base + "url: https://i\njwks: {discovery: true, refresh: 1m}\n",
                        "unknown field 'jwks.refresh'"),
                Arguments.of("jwks uri over http", base + "url: https://i\njwks: {uri: http://i/keys}\n", "jwks.uri must be https://"),
                Arguments.of("inline jwks without keys", base + "url: https://i\njwks: {inline: {keys: []}}\n",
                        "has no usable signature keys"),
                Arguments.of("missing jwks file", base + "url: https://i\njwks: {file: nope.json}\n", "cannot read jwks.file 'nope.json'"),
                Arguments.of("bad duration", base + "url: https://i\nmaxTokenAge: soon\n", "'soon' is not a duration"),
                Arguments.of("bad replay", base + "url: https://i\nreplay: sometimes\n", "replay must be reject or allow"),
                Arguments.of("duplicate key", base + "url: https://i\nurl: https://j\n", "duplicate key"),
                Arguments.of("unknown algorithm", base + "url: https://i\nalgorithms: [RS1]\n", "'RS1' is not a supported"),
                Arguments.of("github url of another shape", "name: x\nprofile: github-actions\naudiences: [a]\nurl: https://github.com\n",
                        "not a GitHub Actions issuer"),
                Arguments.of("gitlab url with trailing slash", "name: x\nprofile: gitlab\naudiences: [a]\nurl: https://gitlab.com/\n",
                        "without a trailing slash"),
                Arguments.of("not a mapping", "- a\n- b\n", "expected a mapping at the top level"),
                Arguments.of("invalid yaml", "name: [unclosed\n", "invalid YAML"),
                // Found by PolicyFilesFuzzTest: SnakeYAML refuses these tags with an IllegalArgumentException.
                Arguments.of("tag ending in an escaped space", "name: !!x%20 a\n", "invalid YAML"),
                Arguments.of("verbatim tag ending in a control character", "name: !<x%15> a\n", "invalid YAML"),
                Arguments.of("two documents", base + "url: https://i\n---\nname: y\n", "only one YAML document per file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void invalidFilesAreRefusedWithAPreciseMessage(String name, String yaml, String expected) {
        Problems p = new Problems("issuers/x.yaml");
        Optional<IssuerSpec> spec = parse(yaml, p);
        assertThat(spec).isEmpty();
        assertThat(p.all()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedIssuersUnderAnotherProfile")
    void multiTenantIssuerUrlUnderAnotherProfileIsRefused(String name, String profile, String url, String expected) {
        Problems p = new Problems("issuers/x.yaml");
        Optional<IssuerSpec> spec = parse("name: x\nprofile: " + profile + "\naudiences: [a]\nurl: " + url + "\n", p);
        assertThat(spec).isEmpty();
        assertThat(p.all()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("is a multi-tenant issuer shared by every").contains("Fix: profile: " + expected));
    }

    static Stream<Arguments> sharedIssuersUnderAnotherProfile() {
        return Stream.of(
                Arguments.of("github.com as generic oidc", "oidc", "https://token.actions.githubusercontent.com", "github-actions"),
                Arguments.of("github.com as kubernetes", "kubernetes", "https://token.actions.githubusercontent.com", "github-actions"),
                Arguments.of("github.com with port as oidc", "oidc", "https://token.actions.githubusercontent.com:443", "github-actions"),
                Arguments.of("gitlab.com as generic oidc", "oidc", "https://gitlab.com", "gitlab"),
                Arguments.of("gitlab.com in upper case as oidc", "oidc", "https://GitLab.com", "gitlab"),
                Arguments.of("gitlab.com as github-actions", "github-actions", "https://gitlab.com", "gitlab"));
    }

    @Test
    void singleTenantIssuersOfTheSameHostsKeepAnyProfile() {
        for (String url : List.of("https://token.actions.githubusercontent.com/octo-enterprise", "https://gitlab.example.com")) {
            Problems p = new Problems("x.yaml");
            parse("name: x\nprofile: oidc\naudiences: [a]\nurl: " + url + "\n", p);
            assertThat(p.all()).as(url).isEmpty();
        }
    }

    @Test
    void loopbackHttpIsAllowedOnlyWithTheFlag() {
        Problems p = new Problems("x.yaml");
        parse("name: x\nprofile: oidc\naudiences: [a]\nurl: http://127.0.0.1:8089/demo\nallowInsecureHttp: true\n", p);
        assertThat(p.all()).isEmpty();
        Problems q = new Problems("x.yaml");
        parse("name: x\nprofile: oidc\naudiences: [a]\nurl: http://127.0.0.1:8089/demo\n", q);
        assertThat(q.hasErrors()).isTrue();
    }

    @Test
    void catalogRefusesDuplicateNamesAndUrlsAcrossFiles() throws Exception {
        Files.createDirectories(dir.resolve("issuers"));
        Files.writeString(dir.resolve("issuers/a.yaml"), "name: same\nprofile: oidc\nurl: https://i\naudiences: [a]\n");
        Files.writeString(dir.resolve("issuers/b.yaml"), "name: same\nprofile: oidc\nurl: https://i\naudiences: [a]\n");
        IssuerCatalog.LoadResult r = IssuerCatalog.load(dir);
        assertThat(r.catalog()).isEmpty();
        assertThat(r.problems()).extracting(Problem::message)
                .contains("issuer name 'same' is already defined in issuers/a.yaml", "issuer url 'https://i' is already defined in issuers/a.yaml");
    }
}
