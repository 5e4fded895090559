package dev.wifbroker.api.wellknown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.of;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wifbroker.api.wellknown.PolicyShapes.Kind;
import dev.wifbroker.identity.jwks.JwsAlgorithms;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.policy.match.MatcherParser;
import dev.wifbroker.policy.role.RoleFileParser;
import dev.wifbroker.yaml.DurationText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The code is the source, the schema its published copy: every mapping's field set, every closed vocabulary and
 * the name and duration grammars are read from the parsers and must equal the schema's. A field, matcher kind,
 * profile or algorithm added on one side only fails here.
 */
class SchemaSourceTest {
    private static final Pattern UNKNOWN = Pattern.compile("unknown field '[^']*' \\(known fields: ([^)]*)\\)");
    private static final String ISSUER = "name: gh\nprofile: oidc\nurl: https://issuer.example.com\naudiences: [broker]\n";
    private static final String ROLE = "role: r\ntrust:\n  - {issuer: gh, claims: {sub: x}%s}\ncredentials:\n  %s\n%s";
    private static final String ARN = "roleArn: \"arn:aws:iam::123456789012:role/deploy\"";

    static Stream<Arguments> mappings() {
        return Stream.of(
                of("issuer file", Kind.ISSUER, ISSUER + "zz: 1\n", "/properties"),
                of("issuer jwks", Kind.ISSUER, ISSUER + "jwks: {discovery: true, zz: 1}\n", "/properties/jwks/properties"),
                of("role file", Kind.ROLE, ROLE.formatted("", "internal: {audience: api}", "zz: 1\n"), "/properties"),
                of("role rule", Kind.ROLE, ROLE.formatted(", zz: 1", "internal: {audience: api}", ""), "/$defs/rule/properties"),
                of("role shadow", Kind.ROLE, ROLE.formatted("", "internal: {audience: api}", "shadow: {deny: [], zz: 1}\n"),
                        "/$defs/shadow/properties"),
                of("role credentials", Kind.ROLE, ROLE.formatted("", "{internal: {audience: api}, zz: 1}", "").replace("\n  {", " {"),
                        "/properties/credentials/properties"),
                of("aws target", Kind.ROLE, ROLE.formatted("", "aws: {" + ARN + ", zz: 1}", ""), "/properties/credentials/properties/aws/properties"),
                of("gcp target", Kind.ROLE, ROLE.formatted("", "gcp: {workloadIdentityProvider: \"//iam.googleapis.com/projects/1/locations/"
                        + "global/workloadIdentityPools/pool/providers/prov\", zz: 1}", ""), "/properties/credentials/properties/gcp/properties"),
                of("azure target", Kind.ROLE, ROLE.formatted("", "azure: {mode: assertion, zz: 1}", ""), "/properties/credentials/properties/azure/properties"),
                of("internal target", Kind.ROLE, ROLE.formatted("", "internal: {audience: api, zz: 1}", ""),
                        "/properties/credentials/properties/internal/properties"),
                of("admin target", Kind.ROLE, ROLE.formatted("", "admin: {permissions: [read], zz: 1}", ""),
                        "/properties/credentials/properties/admin/properties"),
                of("test file", Kind.TEST, "zz: 1\ncases: []\n", "/properties"),
                of("test defaults", Kind.TEST, "defaults: {zz: 1}\ncases: []\n", "/properties/defaults/properties"),
                of("test case", Kind.TEST, "cases: [{zz: 1}]\n", "/properties/cases/items/properties"));
    }

    @ParameterizedTest(name = "{0}: the schema lists exactly the parser's fields")
    @MethodSource("mappings")
    void every_mapping_has_the_parsers_fields(String name, Kind kind, String withUnknownField, String schemaPointer) {
        List<String> messages = PolicyShapes.parser(kind, withUnknownField).messages();
        Set<String> parser = messages.stream().map(UNKNOWN::matcher).filter(Matcher::find).findFirst()
                .map(m -> (Set<String>) new TreeSet<>(Arrays.asList(m.group(1).split(", "))))
                .orElseThrow(() -> new AssertionError("no unknown-field error naming the known fields: " + messages));
        assertThat(names(PolicyShapes.document(kind).at(schemaPointer))).isEqualTo(parser);
    }

    @Test
    void matcher_kinds_are_the_parsers() {
        JsonNode role = PolicyShapes.document(Kind.ROLE);
        assertThat(names(role.at("/$defs/matcher/oneOf/1/properties"))).isEqualTo(new TreeSet<>(MatcherParser.KINDS));
        assertThat(names(role.at("/$defs/notMatcher/oneOf/1/properties")))
                .isEqualTo(new TreeSet<>(MatcherParser.KINDS.stream().filter(k -> Set.of("oneOf", "glob", "regex").contains(k)).toList()));
    }

    @Test
    void profiles_and_algorithms_are_the_brokers() {
        JsonNode issuer = PolicyShapes.document(Kind.ISSUER);
        assertThat(values(issuer.at("/properties/profile/enum")))
                .containsExactlyElementsOf(Arrays.stream(ProfileKind.values()).map(ProfileKind::id).toList());
        assertThat(values(issuer.at("/properties/algorithms/items/enum"))).containsExactlyElementsOf(JwsAlgorithms.SUPPORTED);
    }

    @Test
    void test_reasons_are_the_parsers() {
        List<String> messages = PolicyShapes.parser(Kind.TEST, "cases: [{name: n, role: r, issuer: gh, expect: deny, reason: zz}]\n").messages();
        Matcher m = messages.stream().map(Pattern.compile("reason must be one of \\[([^]]*)]")::matcher).filter(Matcher::find)
                .findFirst().orElseThrow(() -> new AssertionError(messages.toString()));
        assertThat(new TreeSet<>(values(PolicyShapes.document(Kind.TEST).at("/properties/cases/items/properties/reason/enum"))))
                .isEqualTo(new TreeSet<>(Arrays.asList(m.group(1).split(", "))));
    }

    @Test
    void names_and_durations_use_the_parsers_grammar() {
        String name = "^" + RoleFileParser.NAME.pattern() + "$";
        String duration = "^(" + DurationText.PATTERN + ")$";
        assertThat(PolicyShapes.document(Kind.ISSUER).at("/properties/name/pattern").asText()).isEqualTo(name);
        assertThat(PolicyShapes.document(Kind.ROLE).at("/properties/role/pattern").asText()).isEqualTo(name);
        assertThat(PolicyShapes.document(Kind.ROLE).at("/$defs/rule/properties/issuer/pattern").asText()).isEqualTo(name);
        List<String> durations = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            collectDurations(PolicyShapes.document(kind), durations);
        }
        assertThat(durations).hasSize(8).containsOnly(duration);
    }

    private static void collectDurations(JsonNode node, List<String> out) {
        node.fields().forEachRemaining(e -> {
            if (Set.of("duration", "clockSkew", "maxTokenAge", "maxLifetime").contains(e.getKey()) && e.getValue().has("pattern")) {
                out.add(e.getValue().get("pattern").asText());
            } else if (e.getValue().isContainerNode()) {
                collectDurations(e.getValue(), out);
            }
        });
        if (node.isArray()) {
            node.forEach(n -> collectDurations(n, out));
        }
    }

    private static Set<String> names(JsonNode object) {
        assertThat(object.isObject()).as("schema object").isTrue();
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> values(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
