package dev.wifbroker.policy.testing;

import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlFile;
import dev.wifbroker.yaml.YamlObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a {@code tests/*.yaml} file. A file has optional {@code defaults} (role, issuer, claims) and a list
 * of {@code cases}; a case's {@code claims} are merged over the defaults' and {@code remove} deletes claims,
 * so each case states only how it differs from the baseline token.
 */
public final class PolicyTestFileParser {
    private static final Set<String> REASONS = Set.of("no_matching_rule", "denied_by_rule", "unknown_role");

    private PolicyTestFileParser() {}

    public static List<PolicyTestCase> parse(String text, Problems problems) {
        return YamlFile.parse(text, problems).map(root -> bind(root, problems)).orElse(List.of());
    }

    private static List<PolicyTestCase> bind(YamlObject root, Problems problems) {
        Optional<YamlObject> defaults = root.optObject("defaults");
        String defRole = defaults.flatMap(d -> d.optString("role")).orElse(null);
        String defIssuer = defaults.flatMap(d -> d.optString("issuer")).orElse(null);
        Map<String, Object> defClaims = defaults.flatMap(d -> d.optObject("claims")).map(o -> claims(o, problems))
                .orElse(Map.of());
        defaults.ifPresent(d -> d.finish("role", "issuer", "claims"));
        List<PolicyTestCase> out = new ArrayList<>();
        List<YamlObject> cases = root.objectList("cases");
        if (cases.isEmpty()) {
            problems.error(root.node(), "a test file needs a non-empty 'cases' list");
        }
        for (YamlObject c : cases) {
            String name = c.string("name");
            if (name != null && name.isBlank()) {
                problems.error(c.raw("name").orElseThrow(), c.qualified("name") + " must say what the case specifies");
            }
            String role = c.optString("role").orElse(defRole);
            String issuer = c.optString("issuer").orElse(defIssuer);
            if (role == null || issuer == null) {
                problems.error(c.node(), c.path() + ": role and issuer are required (in the case or in defaults)");
            }
            Map<String, Object> claims = new LinkedHashMap<>(defClaims);
            Optional<String> token = c.optString("token");
            c.optObject("claims").ifPresent(o -> claims.putAll(claims(o, problems)));
            c.stringList("remove", false).forEach(claims::remove);
            if (token.isPresent() && (c.has("claims") || c.has("remove"))) {
                problems.error(c.raw("token").orElseThrow(), c.path() + ": token and claims/remove are exclusive (a token"
                        + " brings all its claims)");
            } else if (token.isPresent()) {
                try {
                    claims.clear();
                    claims.putAll(UnverifiedJwt.claims(token.get()));
                    // A JSON null is no value: the verifier drops it too, so the case sees the claim as absent.
                    claims.values().removeIf(Objects::isNull);
                } catch (IllegalArgumentException e) {
                    problems.error(c.raw("token").orElseThrow(), c.qualified("token") + ": " + e.getMessage());
                }
            }
            String expect = c.word("expect");
            if (expect != null && !expect.equals("allow") && !expect.equals("deny")) {
                problems.error(c.raw("expect").orElseThrow(), "expect must be allow or deny");
            }
            Optional<String> reason = c.optWord("reason");
            reason.filter(r -> !REASONS.contains(r)).ifPresent(r -> problems.error(c.raw("reason").orElseThrow(),
                    "reason must be one of " + REASONS));
            Optional<String> failing = c.optString("failing");
            if ("allow".equals(expect) && (reason.isPresent() || failing.isPresent())) {
                problems.error(c.node(), c.path() + ": reason and failing only apply to expect: deny");
            }
            Optional<String> expectShadow = c.optWord("expectShadow");
            expectShadow.filter(e -> !e.equals("allow") && !e.equals("deny")).ifPresent(e -> problems.error(
                    c.raw("expectShadow").orElseThrow(), "expectShadow must be allow or deny"));
            c.finish("name", "role", "issuer", "claims", "token", "remove", "expect", "reason", "failing", "expectShadow");
            if (name != null && role != null && issuer != null && expect != null) {
                out.add(new PolicyTestCase(name, role, issuer, claims, "allow".equals(expect), reason, failing,
                        expectShadow.map("allow"::equals), SourcePos.of(problems.file(), c.node())));
            }
        }
        root.finish("defaults", "cases");
        return problems.hasErrors() ? List.of() : out;
    }

    /**
     * A claim set as plain data. A null anywhere ({@code environment:} or {@code ~}) is refused at its line:
     * it is neither a value nor a way to say "absent" ({@code remove: [name]} says that), and guessing either
     * would make the case test something other than what it reads.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(YamlObject o, Problems problems) {
        rejectNulls(o.node(), o.path(), "", problems);
        Object plain = YamlObject.plain(o.node());
        o.keys();
        if (!(plain instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) m);
        out.values().removeIf(Objects::isNull);
        return out;
    }

    private static void rejectNulls(Node node, String field, String claim, Problems problems) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                String key = String.valueOf(YamlObject.plain(t.getKeyNode()));
                rejectNulls(t.getValueNode(), field, claim.isEmpty() ? key : claim + "." + key, problems);
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                rejectNulls(seq.getValue().get(i), field, claim + "[" + i + "]", problems);
            }
        } else if (node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())) {
            String top = claim.replaceFirst("[.\\[].*", "");
            problems.error(node, field + ": claim '" + claim + "' is null; write its value, or remove: [" + top
                    + "] to test a token without it");
        }
    }
}
