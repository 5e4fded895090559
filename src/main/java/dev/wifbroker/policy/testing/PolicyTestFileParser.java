package dev.wifbroker.policy.testing;

import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlFile;
import dev.wifbroker.yaml.YamlObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        Map<String, Object> defClaims = defaults.flatMap(d -> d.optObject("claims")).map(PolicyTestFileParser::claims)
                .orElse(Map.of());
        defaults.ifPresent(d -> d.finish("role", "issuer", "claims"));
        List<PolicyTestCase> out = new ArrayList<>();
        List<YamlObject> cases = root.objectList("cases");
        if (cases.isEmpty()) {
            problems.error(root.node(), "a test file needs a non-empty 'cases' list");
        }
        for (YamlObject c : cases) {
            String name = c.string("name");
            String role = c.optString("role").orElse(defRole);
            String issuer = c.optString("issuer").orElse(defIssuer);
            if (role == null || issuer == null) {
                problems.error(c.node(), c.path() + ": role and issuer are required (in the case or in defaults)");
            }
            Map<String, Object> claims = new LinkedHashMap<>(defClaims);
            Optional<String> token = c.optString("token");
            c.optObject("claims").ifPresent(o -> claims.putAll(claims(o)));
            c.stringList("remove", false).forEach(claims::remove);
            if (token.isPresent() && (c.has("claims") || c.has("remove"))) {
                problems.error(c.raw("token").orElseThrow(), c.path() + ": token and claims/remove are exclusive (a token"
                        + " brings all its claims)");
            } else if (token.isPresent()) {
                try {
                    claims.clear();
                    claims.putAll(UnverifiedJwt.claims(token.get()));
                } catch (IllegalArgumentException e) {
                    problems.error(c.raw("token").orElseThrow(), c.qualified("token") + ": " + e.getMessage());
                }
            }
            String expect = c.string("expect");
            if (expect != null && !expect.equals("allow") && !expect.equals("deny")) {
                problems.error(c.raw("expect").orElseThrow(), "expect must be allow or deny");
            }
            Optional<String> reason = c.optString("reason");
            reason.filter(r -> !REASONS.contains(r)).ifPresent(r -> problems.error(c.raw("reason").orElseThrow(),
                    "reason must be one of " + REASONS));
            Optional<String> failing = c.optString("failing");
            if ("allow".equals(expect) && (reason.isPresent() || failing.isPresent())) {
                problems.error(c.node(), c.path() + ": reason and failing only apply to expect: deny");
            }
            List<String> valueless = claims.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
            if (!valueless.isEmpty()) {
                // A token never carries a claim without a value; `x:` or `x: null` is a typo for a value or for remove.
                problems.error(c.node(), c.path() + ": claims " + valueless + " have no value; give each a value, or list"
                        + " them under remove to leave them out");
            }
            c.finish("name", "role", "issuer", "claims", "token", "remove", "expect", "reason", "failing");
            if (name != null && role != null && issuer != null && expect != null && valueless.isEmpty()) {
                out.add(new PolicyTestCase(name, role, issuer, claims, "allow".equals(expect), reason, failing,
                        SourcePos.of(problems.file(), c.node())));
            }
        }
        root.finish("defaults", "cases");
        return problems.hasErrors() ? List.of() : out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(YamlObject o) {
        Object plain = YamlObject.plain(o.node());
        o.keys();
        return plain instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
