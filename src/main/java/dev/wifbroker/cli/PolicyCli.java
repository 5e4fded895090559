package dev.wifbroker.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.VerificationException;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.ClaimsIdentity;
import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.explain.ExplainReport;
import dev.wifbroker.policy.explain.Explanation;
import dev.wifbroker.policy.explain.PolicyExplainer;
import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.policy.testing.PolicyTestRunner;
import dev.wifbroker.policy.testing.UnverifiedJwt;
import dev.wifbroker.yaml.DurationText;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.YamlFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code policy lint DIR}, {@code policy test [--shadow] DIR} and
 * {@code policy explain (--token FILE | --claims FILE --issuer NAME) [--role R] DIR}, each with an optional
 * {@code --max-token-lifetime D} for brokers configured below the default.
 * Exit codes: 0 ok, 1 findings (lint errors, failed tests, a denied explain), 2 usage error.
 * Offline: explain reads claims without verifying any signature and says so.
 */
public final class PolicyCli {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: policy lint [--warnings-as-errors] [--max-token-lifetime D] DIR
                   policy test [--shadow] [--max-token-lifetime D] DIR
                   policy explain (--token FILE | --claims FILE --issuer NAME) [--role ROLE] [--max-token-lifetime D] DIR
              lint     load DIR like the broker does and report every error and warning (file:line:column)
              test     run every case of DIR/tests/*.yaml against DIR (a case's expectShadow is checked against
                       its role's shadow rules too); --shadow: judge every case against the rules each role would
                       have with its shadow promoted (expectShadow if given, else expect)
              explain  show, per rule and condition, why a token or claim set is allowed or denied
                       (--token: the JWT's claims are decoded WITHOUT verifying its signature; its aud is
                       checked against the issuer's audiences as the broker does); a role's shadow rules are
                       traced after its enforced ones
              --max-token-lifetime  the broker's broker.keys.max-token-lifetime (default 1h): longer internal
                       token or Azure assertion durations are lint errors, as in the broker
            exit: 0 ok, 1 findings or failures or denied, 2 usage error
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyCli() {}

    /** For running the CLI from a plain classpath; the broker's main delegates {@code policy ...} to {@link #run}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; {@code args} may start with {@code policy}. Never calls System.exit. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.isEmpty() && a.get(0).equals("policy")) {
            a.remove(0);
        }
        if (a.isEmpty()) {
            return usage(err, "missing command");
        }
        String command = a.remove(0);
        try {
            return switch (command) {
                case "lint" -> lint(a, out, err);
                case "test" -> test(a, out, err);
                case "explain" -> explain(a, out, err);
                case "help", "--help", "-h" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> usage(err, "unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        }
    }

    private static int lint(List<String> a, PrintStream out, PrintStream err) {
        boolean strict = a.remove("--warnings-as-errors");
        LintSettings settings = settings(a);
        Path dir = directory(a);
        PolicyLoader.Result result = PolicyLoader.load(dir, settings);
        List<Problem> problems = new ArrayList<>(result.problems());
        problems.addAll(PolicyTestRunner.load(dir).problems());
        problems.forEach(p -> out.println(p));
        long errors = problems.stream().filter(Problem::isError).count();
        long warnings = problems.size() - errors;
        if (errors == 0) {
            PolicySet set = result.set().orElseThrow();
            out.println(dir + ": OK, " + set.roles().size() + " roles, " + set.issuers().byName().size() + " issuers, "
                    + warnings + " warnings, version " + set.version());
        } else {
            out.println(dir + ": " + errors + " errors, " + warnings + " warnings; the broker would keep its last good policy");
        }
        return errors > 0 || (strict && warnings > 0) ? FINDINGS : OK;
    }

    private static int test(List<String> a, PrintStream out, PrintStream err) {
        boolean shadow = a.remove("--shadow");
        LintSettings settings = settings(a);
        Path dir = directory(a);
        Optional<PolicySet> set = loaded(dir, settings, err);
        if (set.isEmpty()) {
            return FINDINGS;
        }
        PolicyTestRunner.Suite suite = PolicyTestRunner.load(dir);
        suite.problems().forEach(err::println);
        int failed = 0;
        if (shadow) {
            out.println("judging every case against its role's shadow rules (roles without: their own rules)");
        }
        for (PolicyTestRunner.Outcome o : PolicyTestRunner.run(set.get(), suite.cases(), shadow)) {
            out.println((o.passed() ? "PASS " : "FAIL ") + o.testCase().pos().file() + ": " + o.testCase().name());
            if (!o.passed()) {
                failed++;
                out.println("     " + o.testCase().pos() + ": " + o.message());
            }
        }
        out.println(suite.cases().size() + " cases, " + failed + " failed");
        return failed > 0 || suite.problems().stream().anyMatch(Problem::isError) || suite.cases().isEmpty() ? FINDINGS : OK;
    }

    private static int explain(List<String> a, PrintStream out, PrintStream err) {
        Optional<String> token = option(a, "--token");
        Optional<String> claimsFile = option(a, "--claims");
        Optional<String> issuerName = option(a, "--issuer");
        Optional<String> role = option(a, "--role");
        if (token.isPresent() == claimsFile.isPresent()) {
            throw new UsageException("explain needs exactly one of --token FILE or --claims FILE");
        }
        if (claimsFile.isPresent() && issuerName.isEmpty()) {
            throw new UsageException("--claims needs --issuer NAME (the issuer whose profile normalizes the claims)");
        }
        LintSettings settings = settings(a);
        Path dir = directory(a);
        Optional<PolicySet> set = loaded(dir, settings, err);
        if (set.isEmpty()) {
            return FINDINGS;
        }
        String source = token.orElseGet(claimsFile::get);
        Map<String, Object> claims;
        try {
            String text = YamlFile.read(Path.of(source));
            claims = token.isPresent() ? UnverifiedJwt.claims(text) : JSON.readValue(text, new TypeReference<>() {});
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read " + source + ": " + e.getMessage());
        }
        IssuerSpec issuer = issuer(set.get(), issuerName, claims);
        Optional<VerificationException> refused = audience(claims, issuer, token.isPresent());
        Explanation e = new PolicyExplainer(set.get()).explain(ClaimsIdentity.of(issuer, claims), role, false);
        refused.ifPresent(r -> out.println("REFUSED before policy (" + r.reason().code() + "): " + r.getMessage()
                + ". The broker refuses this token whatever the roles below say."));
        out.print(ExplainReport.render(e, source));
        return e.anyAllowed() && refused.isEmpty() ? OK : FINDINGS;
    }

    /** The verifier's audience check: always for a token, for a claim set only when it states an {@code aud}. */
    private static Optional<VerificationException> audience(Map<String, Object> claims, IssuerSpec issuer, boolean token) {
        if (!token && !claims.containsKey("aud")) {
            return Optional.empty();
        }
        try {
            TokenVerifier.checkAudience(claims, issuer);
            return Optional.empty();
        } catch (VerificationException e) {
            return Optional.of(e);
        }
    }

    private static IssuerSpec issuer(PolicySet set, Optional<String> name, Map<String, Object> claims) {
        if (name.isPresent()) {
            IssuerSpec spec = set.issuers().byName().get(name.get());
            if (spec == null) {
                throw new UsageException("unknown issuer '" + name.get() + "' (declared: "
                        + String.join(", ", set.issuers().byName().keySet().stream().sorted().toList()) + ")");
            }
            return spec;
        }
        String iss = UnverifiedJwt.issuer(claims);
        return set.issuers().byUrl(iss).orElseThrow(() -> new UsageException("the token's iss '" + iss
                + "' is not a declared issuer; pass --issuer NAME to choose one"));
    }

    /** {@code --max-token-lifetime D}, the limit the broker's key ring signs up to; the broker's default otherwise. */
    private static LintSettings settings(List<String> a) {
        Optional<String> text = option(a, "--max-token-lifetime");
        if (text.isEmpty()) {
            return LintSettings.DEFAULTS;
        }
        try {
            return new LintSettings(DurationText.parse(text.get()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--max-token-lifetime: " + e.getMessage());
        }
    }

    private static Optional<PolicySet> loaded(Path dir, LintSettings settings, PrintStream err) {
        PolicyLoader.Result result = PolicyLoader.load(dir, settings);
        if (result.set().isEmpty()) {
            result.problems().forEach(err::println);
            err.println(dir + ": policy does not load; run 'policy lint " + dir + "'");
        }
        return result.set();
    }

    private static Optional<String> option(List<String> a, String name) {
        int i = a.indexOf(name);
        if (i < 0) {
            return Optional.empty();
        }
        if (i + 1 >= a.size() || a.get(i + 1).startsWith("--")) {
            throw new UsageException(name + " needs a value");
        }
        String value = a.get(i + 1);
        a.remove(i + 1);
        a.remove(i);
        if (a.contains(name)) {
            throw new UsageException(name + " given twice");
        }
        return Optional.of(value);
    }

    private static Path directory(List<String> a) {
        if (a.size() != 1 || a.get(0).startsWith("--")) {
            throw new UsageException(a.isEmpty() ? "missing policy directory" : "unexpected arguments " + a);
        }
        Path dir = Path.of(a.get(0));
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + " is not a directory");
        }
        return dir;
    }

    private static int usage(PrintStream err, String message) {
        err.println("policy: " + message);
        err.print(USAGE_TEXT);
        return USAGE;
    }

    /** A command-line mistake: reported with the usage text and exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
