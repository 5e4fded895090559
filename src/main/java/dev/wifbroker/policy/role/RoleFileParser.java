package dev.wifbroker.policy.role;

import com.github.benmanes.caffeine.cache.Interner;
import dev.wifbroker.policy.cel.WhenExpression;
import dev.wifbroker.policy.cel.WhenExpressions;
import dev.wifbroker.policy.match.CompileBudget;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.match.MatcherInterner;
import dev.wifbroker.policy.match.MatcherParser;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.model.Shadow;
import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.policy.model.RoleCredentials;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlFile;
import dev.wifbroker.yaml.YamlObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Binds one {@code roles/*.yaml} file into a compiled {@link Role}: strict fields, matchers and
 * regexes compiled, CEL type-checked, issuers resolved against the directory's issuers. Every error
 * of the file is reported; a file with any error yields no role.
 * <p>
 * What roles have in common is compiled once and shared ({@link Shared}): each distinct {@code when}
 * expression, each distinct matcher (with its compiled pattern) and repeated strings such as claim names.
 */
public final class RoleFileParser {
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /** The fields of either kind of file (a role or a shadow file); each kind refuses the other's with its own message. */
    private static final String[] FILE_FIELDS = {"role", "shadowOf", "description", "trust", "deny", "credentials", "shadow"};
    private static final String[] SHADOW_FIELDS = {"description", "trust", "deny"};
    private static final String[] RULE_FIELDS = {"issuer", "claims", "when", "description"};

    /**
     * What the roles of a directory share, kept across loads: compiled {@code when} expressions, matchers and
     * strings, each held only while some role uses it. Thread-safe.
     */
    public static final class Shared {
        final WhenExpressions expressions = new WhenExpressions();
        final MatcherInterner matchers = new MatcherInterner();
        final Interner<String> strings = Interner.newWeakInterner();

        /** How many {@code when} expressions were actually compiled, for tests and benchmarks. */
        public long compiledExpressions() {
            return expressions.compilations();
        }
    }

    private final Set<String> issuerNames;
    /** Shared by every file this parser reads: one parser per policy load. */
    private final CompileBudget budget;
    private final Shared shared;

    /** @param issuerNames the issuers rules may name (from {@code issuers/*.yaml}); one parser per load */
    public RoleFileParser(Set<String> issuerNames) {
        this(issuerNames, new CompileBudget(), new Shared());
    }

    /** @param budget the load's pattern budget; @param shared what this load shares with earlier ones */
    public RoleFileParser(Set<String> issuerNames, CompileBudget budget, Shared shared) {
        this.issuerNames = Set.copyOf(issuerNames);
        this.budget = budget;
        this.shared = shared;
    }

    /** A role file's role; a shadow file ({@code shadowOf:}) is refused here, as it is no role. */
    public Optional<Role> parse(String text, Problems problems) {
        return YamlFile.parse(text, problems).flatMap(root -> {
            if (root.has("shadowOf")) {
                problems.error(root.keyNode("shadowOf"), "a shadow file (shadowOf) defines no role");
                return Optional.empty();
            }
            return bindRole(root, problems);
        });
    }

    /** A role file ({@code role:}) or a shadow file ({@code shadowOf:}). */
    public Optional<RoleFile> parseFile(String text, Problems problems) {
        return YamlFile.parse(text, problems).flatMap(root -> root.has("shadowOf") ? bindShadowFile(root, problems)
                : bindRole(root, problems).map(RoleFile.Defines::new));
    }

    private Optional<Role> bindRole(YamlObject root, Problems problems) {
        String name = root.string("role");
        checkName(root, "role", name, problems);
        String description = root.optString("description").orElse("");
        List<Rule> trust = rules(root, Rule.Kind.TRUST, false, problems);
        if (trust.isEmpty() && !root.has("trust")) {
            problems.error(root.node(), "missing required field 'trust': list at least one rule of who may obtain this role");
        }
        List<Rule> deny = rules(root, Rule.Kind.DENY, false, problems);
        RoleCredentials credentials = root.optObject("credentials").map(c -> TargetParser.parse(c, problems)).orElse(null);
        if (!root.has("credentials")) {
            problems.error(root.node(), "missing required field 'credentials': what this role yields (aws, gcp, azure or internal)");
        }
        Optional<Shadow> shadow = root.optObject("shadow").flatMap(s -> {
            Optional<Shadow> bound = shadowRules(s, SourcePos.of(problems.file(), root.keyNode("shadow")), problems);
            s.finish(SHADOW_FIELDS);
            return bound;
        });
        root.finish(FILE_FIELDS);
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        Role role = new Role(name, description, trust, deny, credentials, problems.file());
        return Optional.of(shadow.map(role::withShadow).orElse(role));
    }

    /** {@code shadowOf: ROLE} with trust and/or deny: another role's candidate rules, in a file of their own. */
    private Optional<RoleFile> bindShadowFile(YamlObject root, Problems problems) {
        String target = root.string("shadowOf");
        checkName(root, "shadowOf", target, problems);
        SourcePos at = SourcePos.of(problems.file(), root.raw("shadowOf").orElseThrow());
        for (String field : List.of("role", "credentials", "shadow")) {
            root.raw(field).ifPresent(n -> problems.error(root.keyNode(field), "a shadow file (shadowOf) has no '" + field
                    + "': it is never exchangeable itself and only gives candidate trust/deny rules for role '" + target + "'"));
        }
        root.optString("description");
        Optional<Shadow> shadow = shadowRules(root, at, problems);
        root.finish(FILE_FIELDS);
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        return shadow.map(s -> new RoleFile.Shadows(target, at, s));
    }

    /**
     * The candidate lists of a {@code shadow:} block or shadow file: at least one of trust and deny. A shadow's
     * {@code deny: []} is allowed: the candidate drops the role's deny rules.
     */
    private Optional<Shadow> shadowRules(YamlObject o, SourcePos pos, Problems problems) {
        o.optString("description");
        if (!o.has("trust") && !o.has("deny")) {
            problems.error(o.node(), (o.path().isEmpty() ? "a shadow file" : o.path())
                    + " needs trust and/or deny: the candidate rules that replace the role's own lists");
        }
        Optional<List<Rule>> trust = o.has("trust") ? Optional.of(rules(o, Rule.Kind.TRUST, false, problems)) : Optional.empty();
        Optional<List<Rule>> deny = o.has("deny") ? Optional.of(rules(o, Rule.Kind.DENY, true, problems)) : Optional.empty();
        return Optional.of(new Shadow(trust, deny, problems.file(), pos));
    }

    private static void checkName(YamlObject root, String field, String name, Problems problems) {
        if (name != null && !NAME.matcher(name).matches()) {
            problems.error(root.raw(field).orElseThrow(), "role name '" + name
                    + "' must be lowercase letters, digits, '.', '_' or '-' (at most 63)");
        }
    }

    private List<Rule> rules(YamlObject root, Rule.Kind kind, boolean mayBeEmpty, Problems problems) {
        if (mayBeEmpty && root.raw(kind.field()).filter(n -> n instanceof SequenceNode seq && seq.getValue().isEmpty()).isPresent()) {
            return List.of();
        }
        if (root.has(kind.field()) && root.objectList(kind.field()).isEmpty()) {
            problems.error(root.keyNode(kind.field()), root.qualified(kind.field()) + " must be a non-empty list of rules");
            return List.of();
        }
        List<Rule> out = new ArrayList<>();
        int index = 0;
        for (YamlObject r : root.objectList(kind.field())) {
            rule(r, kind, index++, problems).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Rule> rule(YamlObject r, Rule.Kind kind, int index, Problems problems) {
        SourcePos pos = SourcePos.of(problems.file(), r.node());
        String issuer = r.string("issuer");
        if (issuer != null && !issuerNames.contains(issuer)) {
            problems.error(r.raw("issuer").orElseThrow(), "unknown issuer '" + issuer + "' (declared issuers: "
                    + String.join(", ", issuerNames.stream().sorted().toList()) + ")");
        }
        List<Condition> conditions = new ArrayList<>();
        Optional<YamlObject> claims = r.optObject("claims");
        claims.ifPresent(c -> {
            for (String claim : c.keys()) {
                var value = c.raw(claim).orElseThrow();
                Optional<Matcher> m = MatcherParser.parse(claim, value, problems, budget).map(shared.matchers::intern);
                m.ifPresent(matcher -> conditions.add(new Condition(shared.strings.intern(claim), matcher,
                        shared.strings.intern(matcher.describe()), SourcePos.of(problems.file(), value))));
            }
        });
        if (claims.isEmpty() || claims.get().keys().isEmpty()) {
            problems.error(r.node(), r.path() + ": a rule needs at least one claim condition"
                    + " (a rule on the issuer alone would admit every token that issuer signs)");
        }
        Optional<WhenExpression> when = r.optString("when").flatMap(text -> {
            try {
                return Optional.of(shared.expressions.compile(text));
            } catch (WhenExpression.InvalidExpression e) {
                problems.error(r.raw("when").orElseThrow(), r.qualified("when") + ": invalid CEL: " + e.getMessage());
                return Optional.empty();
            }
        });
        r.optString("description");
        r.finish(RULE_FIELDS);
        return Optional.of(new Rule(kind, index, issuer == null ? null : shared.strings.intern(issuer), conditions, when, pos));
    }
}
