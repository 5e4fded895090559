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
import java.util.Map;
import java.util.Set;

/**
 * The issuers of a directory whose issuer files do not all load: the ones that parse, for linting roles
 * anyway, and the names every file declares (its top-level {@code name}, read with the same YAML reader),
 * so rules naming a broken issuer are not also reported as unknown. Never used to serve; a directory with
 * a broken issuer is refused as a whole.
 *
 * @param catalog the issuers that parse
 * @param declaredNames the names of all issuer files that are YAML mappings with a string {@code name}
 */
record PartialIssuers(IssuerCatalog catalog, Set<String> declaredNames) {

    static PartialIssuers load(Path dir) {
        Map<String, IssuerSpec> byName = new LinkedHashMap<>();
        Map<String, IssuerSpec> byUrl = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        IssuerFileParser parser = new IssuerFileParser(dir);
        for (Path file : YamlFile.list(dir.resolve("issuers"))) {
            String display = dir.relativize(file).toString();
            try {
                String text = YamlFile.read(file);
                // Problems were already reported by IssuerCatalog; this pass only keeps what parses.
                YamlFile.parse(text, new Problems(display)).flatMap(root -> root.optString("name")).ifPresent(names::add);
                parser.parse(text, new Problems(display)).ifPresent(spec -> {
                    byName.putIfAbsent(spec.name(), spec);
                    byUrl.putIfAbsent(spec.url(), spec);
                });
            } catch (IOException e) {
                // Reported by IssuerCatalog already.
            }
        }
        return new PartialIssuers(new IssuerCatalog(byName, byUrl), Set.copyOf(names));
    }
}
