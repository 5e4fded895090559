package dev.wifbroker.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.role.RoleFileParser;
import dev.wifbroker.yaml.Problems;
import java.util.Optional;
import java.util.Set;

/**
 * A one-rule role file with one credential block on line 6, parsed by the real role parser, which hands the block to
 * its kind through {@link CredentialKinds}: the per-kind tests beside each {@code credential/<kind>/} folder.
 */
public final class RoleFiles {
    public static final String BASE = """
            role: r
            trust:
              - issuer: k8s
                claims: {namespace: a}
            credentials:
              internal: {audience: api, scopes: [x]}
            """;

    private RoleFiles() {}

    /** The base role with its credential block replaced by {@code block} (flow style, on line 6). */
    public static String with(String block) {
        return BASE.replace("internal: {audience: api, scopes: [x]}", block);
    }

    public static Optional<Role> parse(String yaml, Problems problems) {
        return new RoleFileParser(Set.of("k8s")).parse(yaml, problems);
    }

    /** The role file binds, and its target of {@code type}. */
    public static <T extends CredentialTarget> T target(String yaml, Class<T> type) {
        Problems problems = new Problems("roles/r.yaml");
        Role role = parse(yaml, problems).orElseThrow(() -> new AssertionError(problems.all()));
        return role.credentials().of(type).orElseThrow();
    }

    /** The role file is refused, with a problem on {@code line} whose message contains {@code message}. */
    public static void refused(String yaml, int line, String message) {
        Problems problems = new Problems("roles/r.yaml");
        Optional<Role> role = parse(yaml, problems);
        assertThat(role).isEmpty();
        assertThat(problems.all()).as(problems.all().toString())
                .anySatisfy(p -> {
                    assertThat(p.message()).contains(message);
                    assertThat(p.line()).isEqualTo(line);
                });
    }
}
