package dev.wifbroker.policy;

import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.policy.lint.PolicyLinter;
import dev.wifbroker.policy.match.CompileBudget;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Shadow;
import dev.wifbroker.policy.role.RoleFile;
import dev.wifbroker.policy.role.RoleFileParser;
import dev.wifbroker.text.Sha256;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a trust-policy directory into a {@link PolicySet}: issuers (through {@link IssuerCatalog}), roles,
 * lints, and the content-hash version ({@link PolicyFiles}: the same files that load, and only those). All-or-nothing: any error anywhere means no set, with every
 * problem of every file reported.
 * <p>
 * An instance remembers what it compiled, so loading the same directory again ({@link #reload}) re-reads every
 * role file but re-parses, recompiles and re-lints only those whose text changed; unchanged files keep their
 * compiled {@link Role} (same instance) and lint findings, as long as the issuers they are checked against are
 * unchanged too. The checks across files (duplicate role names, the pattern budget, "no roles") still run over
 * the whole set on every load, and the result is the same as a fresh load of the directory would give.
 * What roles share (CEL programs, matchers, strings) is compiled once ({@link RoleFileParser.Shared}).
 */
public final class PolicyLoader {
    private final LintSettings settings;
    private final RoleFileParser.Shared shared = new RoleFileParser.Shared();
    /** By file: what the last load made of it. Only files that compiled without errors are kept. */
    private Map<Path, Compiled> compiled = Map.of();
    private Set<String> compiledIssuerNames = Set.of();
    private String compiledAgainst = "";
    private long compilations;

    /** By shadow file: the role it was last attached to, and the result with its lints. */
    private Map<Path, Attached> attached = Map.of();

    /** One role file as last compiled: its text's SHA-256, what it holds, its lint findings and its pattern budget. */
    private record Compiled(byte[] sha256, RoleFile file, List<Problem> lints, long instructions) {}

    /**
     * A shadow file attached to its role: kept while neither the role (same compiled instance) nor the shadow file
     * changes, so an unchanged directory keeps the same role instance and lints.
     */
    private record Attached(Role base, Shadow shadow, Role role, List<Problem> lints) {}

    /** A loader that remembers between loads; use one per directory watcher. */
    public PolicyLoader(LintSettings settings) {
        this.settings = settings;
    }

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
        return new PolicyLoader(settings).reload(dir);
    }

    /** Role files parsed and compiled by this loader so far (unchanged files reused by a reload do not count). */
    public synchronized long compilations() {
        return compilations;
    }

    /** What the roles of this loader's sets share; for tests and benchmarks. */
    public RoleFileParser.Shared shared() {
        return shared;
    }

    /** Loads {@code dir}, reusing what an earlier load of this instance compiled from files that have not changed. */
    public synchronized Result reload(Path dir) {
        List<Problem> problems = new ArrayList<>();
        boolean hasIssuers = Files.isDirectory(dir.resolve("issuers"));
        // Hashed before and after the issuers are read: roles compiled while an issuer file changed are not kept.
        String issuersBefore = hasIssuers ? PolicyFiles.versionWithoutRoles(dir) : "";
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
        Map<String, Role> roles = new LinkedHashMap<>();
        List<Problem> roleLints = new ArrayList<>();
        if (hasIssuers) {
            // Reuse is sound only against the same issuers: their names decide "unknown issuer", their files the lints.
            String against = partial.isPresent() ? "" : PolicyFiles.versionWithoutRoles(dir);
            if (!against.equals(issuersBefore)) {
                against = "";
            }
            boolean reusable = !against.isEmpty() && against.equals(compiledAgainst) && issuerNames.equals(compiledIssuerNames);
            Map<Path, Compiled> next = loadRoles(dir, issuerNames, catalog, reusable ? compiled : Map.of(), roles, problems, roleLints);
            compiled = next;
            compiledIssuerNames = Set.copyOf(issuerNames);
            compiledAgainst = against;
        }
        if (roles.isEmpty() && problems.stream().noneMatch(Problem::isError)) {
            problems.add(Problem.error("roles", 1, 1, "no roles defined (roles/*.yaml)"));
        }
        problems.addAll(new PolicyLinter(dir, settings).lintIssuers(catalog));
        problems.addAll(roleLints);
        if (problems.stream().anyMatch(Problem::isError)) {
            return new Result(Optional.empty(), problems);
        }
        List<Problem> warnings = problems.stream().filter(p -> !p.isError()).toList();
        return new Result(Optional.of(new PolicySet(PolicyFiles.version(dir), catalog, roles, warnings)), problems);
    }

    /**
     * Parses the role files into {@code roles} and {@code problems} and lints them into {@code roleLints}, in file
     * order, taking unchanged files from {@code before}; returns what to remember for the next load.
     */
    private Map<Path, Compiled> loadRoles(Path dir, Set<String> issuerNames, IssuerCatalog catalog, Map<Path, Compiled> before,
            Map<String, Role> roles, List<Problem> problems, List<Problem> roleLints) {
        Path rolesDir = dir.resolve("roles");
        Map<Path, Compiled> next = new HashMap<>();
        if (!Files.isDirectory(rolesDir)) {
            problems.add(Problem.error("roles", 1, 1, "no roles directory"));
            return next;
        }
        CompileBudget budget = new CompileBudget();
        RoleFileParser parser = new RoleFileParser(issuerNames, budget, shared);
        PolicyLinter linter = new PolicyLinter(dir, settings);
        Map<Path, RoleFile.Shadows> shadowFiles = new LinkedHashMap<>();
        for (Path file : YamlFile.list(rolesDir)) {
            String display = dir.relativize(file).toString();
            Problems fileProblems = new Problems(display);
            try {
                List<Problem> lints;
                String text = YamlFile.read(file);
                byte[] sha256 = Sha256.newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
                Compiled known = before.get(file);
                Optional<RoleFile> parsed;
                // An unchanged file is reused only if its patterns still fit the budget where it stands; otherwise it
                // is compiled again so that it reports the budget error a fresh load would.
                if (known != null && Arrays.equals(known.sha256(), sha256) && budget.charge(known.instructions())) {
                    parsed = Optional.of(known.file());
                    lints = known.lints();
                    next.put(file, known);
                } else {
                    long used = budget.used();
                    compilations++;
                    parsed = parser.parseFile(text, fileProblems);
                    // A shadow file is linted once attached to its role: its candidate inherits what it does not replace.
                    lints = parsed.filter(RoleFile.Defines.class::isInstance)
                            .map(f -> linter.lint(catalog, ((RoleFile.Defines) f).role())).orElse(List.of());
                    if (parsed.isPresent() && !fileProblems.hasErrors()) {
                        next.put(file, new Compiled(sha256, parsed.get(), lints, budget.used() - used));
                    }
                }
                if (parsed.isPresent() && parsed.get() instanceof RoleFile.Defines defines) {
                    Role clash = roles.putIfAbsent(defines.role().name(), defines.role());
                    if (clash != null) {
                        fileProblems.error((org.yaml.snakeyaml.nodes.Node) null, "role '" + defines.role().name()
                                + "' is already defined in " + clash.source());
                    } else {
                        roleLints.addAll(lints);
                    }
                } else if (parsed.isPresent()) {
                    shadowFiles.put(file, (RoleFile.Shadows) parsed.get());
                }
            } catch (IOException e) {
                fileProblems.error((org.yaml.snakeyaml.nodes.Node) null, "cannot read file: " + e.getMessage());
            }
            problems.addAll(fileProblems.all());
        }
        attached = attach(shadowFiles, catalog, linter, roles, problems, roleLints);
        return next;
    }

    /**
     * Gives each shadow file's rules to the role it names, replacing that role in {@code roles}. A name no role file
     * defines, a role that already has a {@code shadow:} block or a second shadow file is an error at the
     * {@code shadowOf} line. Returns what to remember for the next load.
     */
    private Map<Path, Attached> attach(Map<Path, RoleFile.Shadows> shadowFiles, IssuerCatalog catalog, PolicyLinter linter,
            Map<String, Role> roles, List<Problem> problems, List<Problem> roleLints) {
        Map<Path, Attached> next = new HashMap<>();
        for (Map.Entry<Path, RoleFile.Shadows> e : shadowFiles.entrySet()) {
            RoleFile.Shadows s = e.getValue();
            Role base = roles.get(s.role());
            if (base == null) {
                problems.add(s.at().error("shadowOf names role '" + s.role() + "', which no role file defines"
                        + (roles.isEmpty() ? "" : " (roles: " + String.join(", ", new java.util.TreeSet<>(roles.keySet())) + ")")));
                continue;
            }
            if (base.shadow().isPresent()) {
                problems.add(s.at().error("role '" + s.role() + "' already has shadow rules in " + base.shadow().get().source()
                        + "; a role has one shadow (a shadow: block or one shadowOf file)"));
                continue;
            }
            Attached known = attached.get(e.getKey());
            Attached now = known != null && known.base() == base && known.shadow() == s.shadow() ? known
                    : attachedNow(base, s.shadow(), catalog, linter);
            next.put(e.getKey(), now);
            roles.put(s.role(), now.role());
            roleLints.addAll(now.lints());
        }
        return next;
    }

    private static Attached attachedNow(Role base, Shadow shadow, IssuerCatalog catalog, PolicyLinter linter) {
        Role role = base.withShadow(shadow);
        return new Attached(base, shadow, role, linter.lintShadow(catalog, role));
    }
}
