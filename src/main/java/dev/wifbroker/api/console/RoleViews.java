package dev.wifbroker.api.console;

import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import dev.wifbroker.yaml.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The roles page's view: each role in force with what it binds (issuers, claims and their matchers, {@code when}),
 * its targets, and its file as on disk with the linter's findings under the line they name: the warnings of the set
 * in force, and the errors of the last refused reload (which kept this set in force).
 */
@ApplicationScoped
public class RoleViews {
    /** A role file larger than this is not shown (the loader's own limits keep real ones far smaller). */
    private static final long MAX_SHOWN_BYTES = 256 * 1024;
    private final PolicyRuntime policies;

    public RoleViews(PolicyRuntime policies) {
        this.policies = policies;
    }

    List<String> names() {
        return policies.current().map(PolicySet::roleNames).orElse(List.of());
    }

    List<String> issuerNames() {
        return policies.current().map(s -> List.copyOf(new java.util.TreeSet<>(s.issuers().byName().keySet()))).orElse(List.of());
    }

    List<Map<String, Object>> all() {
        Optional<PolicySet> set = policies.current();
        if (set.isEmpty()) {
            return List.of();
        }
        // The last load's problems repeat the set's warnings when that load succeeded: each finding once.
        java.util.Set<Problem> unique = new java.util.LinkedHashSet<>(set.get().warnings());
        unique.addAll(policies.lastProblems());
        List<Problem> findings = List.copyOf(unique);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : set.get().roleNames()) {
            out.add(role(set.get().roles().get(name), findings));
        }
        return out;
    }

    private Map<String, Object> role(Role r, List<Problem> findings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("description", r.description() == null ? "" : r.description());
        m.put("source", r.source());
        m.put("targets", r.credentials().all().stream().map(CredentialTarget::kind).toList());
        List<Map<String, Object>> rules = new ArrayList<>();
        r.trust().forEach(rule -> rules.add(rule(rule)));
        r.deny().forEach(rule -> rules.add(rule(rule)));
        m.put("rules", rules);
        List<Problem> own = findings.stream().filter(p -> sameFile(p.file(), r.source())).toList();
        m.put("findings", own.size());
        m.put("lines", lines(r.source(), own));
        return m;
    }

    private static Map<String, Object> rule(Rule rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", rule.label());
        m.put("deny", rule.kind() == Rule.Kind.DENY);
        m.put("issuer", rule.issuer());
        List<Map<String, String>> conditions = new ArrayList<>();
        for (Condition c : rule.conditions()) {
            conditions.add(Map.of("claim", c.claim(), "expected", c.expected()));
        }
        m.put("conditions", conditions);
        // The expression itself is in the file below; the table says that the rule has one, and where.
        m.put("when", rule.when().isPresent() ? "and a when expression (rule at line " + rule.pos().line() + ")" : "");
        return m;
    }

    /** The file's lines, each with the findings that name it; findings past the end (or on line 0) go on the last. */
    private List<Map<String, Object>> lines(String source, List<Problem> own) {
        List<String> text = read(source);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            int number = i + 1;
            boolean last = i == text.size() - 1;
            List<String> here = own.stream()
                    .filter(p -> p.line() == number || last && (p.line() > text.size() || p.line() <= 0))
                    .map(p -> p.severity().name().toLowerCase(java.util.Locale.ROOT) + " " + p.line() + ":" + p.column()
                            + ": " + p.message())
                    .toList();
            out.add(Map.of("number", number, "text", text.get(i), "findings", here));
        }
        return out;
    }

    private List<String> read(String source) {
        Path file = resolve(source);
        try {
            if (file == null || !Files.isRegularFile(file) || Files.size(file) > MAX_SHOWN_BYTES) {
                return List.of("(the file is not readable here: " + source + ")");
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of("(the file could not be read: " + source + ")");
        }
    }

    /** Only files inside the policy directory are ever read. */
    private Path resolve(String source) {
        Path dir = policies.directory().toAbsolutePath().normalize();
        Path file = Path.of(source);
        Path resolved = (file.isAbsolute() ? file : dir.resolve(file)).normalize();
        return resolved.startsWith(dir) ? resolved : null;
    }

    private boolean sameFile(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        Path pa = resolve(a);
        Path pb = resolve(b);
        return pa != null && pa.equals(pb);
    }
}
