package dev.wifbroker.policy;

import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.policy.lint.PolicyLinter;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.role.RoleFileParser;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a trust-policy directory into a {@link PolicySet}: issuers (through {@link IssuerCatalog}), roles,
 * lints, and the content-hash version ({@link PolicyFiles}: the same files that load, and only those). All-or-nothing: any error anywhere means no set, with every
 * problem of every file reported.
 */
public final class PolicyLoader {
    private PolicyLoader() {}

    /**
     * The outcome of a load.
     *
     * @param set present only when no file has an error and no error-level lint fired
     * @param problems every error and warning, in file order
     */
    public record Result(Optional<PolicySet> set, List<Problem> problems) {

        public Result {
            problems = List.copyOf(problems);
        }

        public List<Problem> errors() {
            return problems.stream().filter(Problem::isError).toList();
        }

        public List<Problem> warnings() {
            return problems.stream().filter(p -> !p.isError()).toList();
        }
    }

    /** Loads {@code dir} for a broker with default settings ({@code policy} CLI, tests). */
    public static Result load(Path dir) {
        return load(dir, LintSettings.DEFAULTS);
    }

    /** Loads {@code dir} for a broker with these settings (the running broker passes its configuration). */
    public static Result load(Path dir, LintSettings settings) {
        List<Problem> problems = new ArrayList<>();
        IssuerCatalog.LoadResult issuers = IssuerCatalog.load(dir);
        problems.addAll(issuers.problems());
        PolicyFiles.LOADED.stream().filter(kind -> Files.isDirectory(dir.resolve(kind)))
                .forEach(kind -> problems.addAll(PolicyFiles.unlisted(dir, kind)));
        // Even when an issuer file is broken, roles are parsed and linted against the issuers that did parse,
        // so one bad file does not hide every other finding of the directory.
        Optional<PartialIssuers> partial = issuers.catalog().isPresent() ? Optional.empty() : Optional.of(PartialIssuers.load(dir));
        IssuerCatalog catalog = issuers.catalog().orElseGet(() -> partial.orElseThrow().catalog());
        Set<String> issuerNames = new java.util.HashSet<>(catalog.byName().keySet());
        partial.ifPresent(p -> issuerNames.addAll(p.declaredNames()));
        Map<String, Role> roles = Files.isDirectory(dir.resolve("issuers")) ? loadRoles(dir, issuerNames, problems) : Map.of();
        if (roles.isEmpty() && problems.stream().noneMatch(Problem::isError)) {
            problems.add(Problem.error("roles", 1, 1, "no roles defined (roles/*.yaml)"));
        }
        problems.addAll(new PolicyLinter(dir, settings).lint(catalog, roles.values()));
        if (problems.stream().anyMatch(Problem::isError)) {
            return new Result(Optional.empty(), problems);
        }
        List<Problem> warnings = problems.stream().filter(p -> !p.isError()).toList();
        return new Result(Optional.of(new PolicySet(PolicyFiles.version(dir), catalog, roles, warnings)), problems);
    }

    private static Map<String, Role> loadRoles(Path dir, Set<String> issuerNames, List<Problem> problems) {
        Path rolesDir = dir.resolve("roles");
        Map<String, Role> roles = new LinkedHashMap<>();
        if (!Files.isDirectory(rolesDir)) {
            problems.add(Problem.error("roles", 1, 1, "no roles directory"));
            return roles;
        }
        RoleFileParser parser = new RoleFileParser(issuerNames);
        for (Path file : YamlFile.list(rolesDir)) {
            String display = dir.relativize(file).toString();
            Problems fileProblems = new Problems(display);
            try {
                parser.parse(YamlFile.read(file), fileProblems).ifPresent(role -> {
                    Role clash = roles.putIfAbsent(role.name(), role);
                    if (clash != null) {
                        fileProblems.error((org.yaml.snakeyaml.nodes.Node) null, "role '" + role.name()
                                + "' is already defined in " + clash.source());
                    }
                });
            } catch (IOException e) {
                fileProblems.error((org.yaml.snakeyaml.nodes.Node) null, "cannot read file: " + e.getMessage());
            }
            problems.addAll(fileProblems.all());
        }
        return roles;
    }
}
