package dev.wifbroker.identity.issuer;

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
import java.util.stream.Stream;

/** The trusted issuers of one policy directory, by name and by exact issuer URL. */
public record IssuerCatalog(Map<String, IssuerSpec> byName, Map<String, IssuerSpec> byUrl) {

    public IssuerCatalog {
        byName = Map.copyOf(byName);
        byUrl = Map.copyOf(byUrl);
    }

    public Optional<IssuerSpec> byUrl(String iss) {
        return Optional.ofNullable(byUrl.get(iss));
    }

    /** The outcome of loading: a catalog when no file has errors, and every problem found either way. */
    public record LoadResult(Optional<IssuerCatalog> catalog, List<Problem> problems) {}

    /** Loads {@code dir/issuers/*.yaml}; every file is read and every error reported. */
    public static LoadResult load(Path policyDir) {
        Path dir = policyDir.resolve("issuers");
        List<Problem> problems = new ArrayList<>();
        Map<String, IssuerSpec> byName = new LinkedHashMap<>();
        Map<String, IssuerSpec> byUrl = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            problems.add(Problem.error(dir.toString(), 1, 1, "no issuers directory"));
            return new LoadResult(Optional.empty(), problems);
        }
        IssuerFileParser parser = new IssuerFileParser(policyDir);
        for (Path file : YamlFile.list(dir)) {
            String display = policyDir.relativize(file).toString();
            Problems fileProblems = new Problems(display);
            try {
                Optional<IssuerSpec> spec = parser.parse(YamlFile.read(file), fileProblems);
                spec.ifPresent(s -> {
                    IssuerSpec clash = byName.putIfAbsent(s.name(), s);
                    if (clash != null) {
                        problems.add(Problem.error(display, 1, 1, "issuer name '" + s.name() + "' is already defined in "
                                + clash.source()));
                    }
                    IssuerSpec urlClash = byUrl.putIfAbsent(s.url(), s);
                    if (urlClash != null) {
                        problems.add(Problem.error(display, 1, 1, "issuer url '" + s.url() + "' is already defined in "
                                + urlClash.source()));
                    }
                });
            } catch (IOException e) {
                problems.add(Problem.error(display, 1, 1, "cannot read file: " + e.getMessage()));
            }
            problems.addAll(fileProblems.all());
        }
        boolean failed = problems.stream().anyMatch(Problem::isError);
        return new LoadResult(failed ? Optional.empty() : Optional.of(new IssuerCatalog(byName, byUrl)), problems);
    }
}
