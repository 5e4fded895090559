package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.policy.model.SourcePos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code no-audience-binding} (error): an issuer must bind an audience of its own. A missing
 * {@code audiences} list is refused by the issuer parser; this lint refuses audiences another relying
 * party also accepts (a token minted for AWS STS, Entra or the GitHub default would be replayable here).
 */
final class AudienceLint {
    static final String ID = "no-audience-binding";
    /** Clouds' and tools' audiences; the issuers' own default audiences are in their profiles' specs. */
    private static final List<Pattern> SHARED = List.of(
            Pattern.compile("sts\\.amazonaws\\.com"),
            Pattern.compile("sts\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?"),
            Pattern.compile("api://AzureADTokenExchange", Pattern.CASE_INSENSITIVE),
            Pattern.compile("//iam\\.googleapis\\.com/.*"),
            Pattern.compile("https://iam\\.googleapis\\.com/.*"),
            Pattern.compile("vault|kubernetes|sigstore|\\*"));

    private AudienceLint() {}

    static void check(IssuerSpec issuer, Path policyDir, Findings findings) {
        SourcePos at = new SourcePos(issuer.source(), lineOf(policyDir, issuer.source(), "audiences"), 1);
        for (String aud : issuer.audiences()) {
            boolean shared = SHARED.stream().anyMatch(p -> p.matcher(aud).matches())
                    || IssuerProfiles.sharedAudiences().stream().anyMatch(p -> p.matcher(aud).matches())
                    || aud.equalsIgnoreCase(issuer.url()) || aud.toLowerCase(Locale.ROOT).startsWith(issuer.url().toLowerCase(Locale.ROOT) + "/");
            if (shared) {
                findings.error(ID, at, "issuer '" + issuer.name() + "': audience '" + aud + "' is shared with another"
                        + " relying party (or is the issuer's default), so tokens minted for it could be replayed here."
                        + " Fix: use a broker-specific audience such as https://broker.example.com");
            }
        }
    }

    /** The 1-based line of the first line starting with {@code key:} in the file, or 1 if not found. */
    static int lineOf(Path policyDir, String file, String key) {
        if (policyDir == null) {
            return 1;
        }
        try {
            List<String> lines = Files.readAllLines(policyDir.resolve(file));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(key + ":")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // The issuer loaded from this file moments ago; a position is a convenience, not worth failing for.
        }
        return 1;
    }
}
