package dev.wifbroker.policy;

import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.identity.issuer.IssuerFileParser;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issuers of a directory whose issuer files do not all load: the ones that parse, for linting roles
 * anyway, and the names the broken ones declare, so rules naming them are not also reported as unknown.
 * Never used to serve; a directory with a broken issuer is refused as a whole.
 */
final class PartialIssuers {
    private static final Pattern NAME = Pattern.compile("(?m)^name:\\s*[\"']?([A-Za-z0-9._-]+)");

    private PartialIssuers() {}

    static IssuerCatalog load(Path dir) {
        Map<String, IssuerSpec> byName = new LinkedHashMap<>();
        Map<String, IssuerSpec> byUrl = new LinkedHashMap<>();
        IssuerFileParser parser = new IssuerFileParser(dir);
        for (Path file : files(dir)) {
            try {
                // Problems were already reported by IssuerCatalog; this pass only keeps what parses.
                parser.parse(YamlFile.read(file), new Problems(dir.relativize(file).toString())).ifPresent(spec -> {
                    byName.putIfAbsent(spec.name(), spec);
                    byUrl.putIfAbsent(spec.url(), spec);
                });
            } catch (IOException e) {
                // Reported by IssuerCatalog already.
            }
        }
        return new IssuerCatalog(byName, byUrl);
    }

    static Set<String> declaredNames(Path dir) {
        Set<String> out = new LinkedHashSet<>();
        for (Path file : files(dir)) {
            try {
                Matcher m = NAME.matcher(YamlFile.read(file));
                if (m.find()) {
                    out.add(m.group(1));
                }
            } catch (IOException e) {
                // Reported by IssuerCatalog already.
            }
        }
        return out;
    }

    private static List<Path> files(Path dir) {
        return YamlFile.list(dir.resolve("issuers"));
    }
}
