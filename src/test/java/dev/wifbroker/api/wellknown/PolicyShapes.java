package dev.wifbroker.api.wellknown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.wifbroker.identity.issuer.IssuerFileParser;
import dev.wifbroker.policy.role.RoleFileParser;
import dev.wifbroker.policy.testing.PolicyTestFileParser;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** One policy document judged by the published schema and by the broker's parser, on the same YAML reading. */
final class PolicyShapes {
    static final Path DIR = Path.of("trust-policies");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Kind, JsonSchema> SCHEMAS = new EnumMap<>(Kind.class);

    enum Kind {
        ISSUER("issuer"), ROLE("role"), TEST("test");

        final String file;

        Kind(String file) {
            this.file = file;
        }
    }

    record Outcome(boolean accepted, List<String> messages) {}

    private PolicyShapes() {}

    /**
     * The schema's verdict on the data SnakeYAML (the broker's YAML reader, YAML 1.1) makes of the text, so both
     * sides see the same values: a difference here is the schema's or the parser's, never the YAML reader's.
     */
    static Outcome schema(Kind kind, String yaml) {
        JsonNode data = JSON.valueToTree(new Yaml(new LoaderOptions()).load(yaml));
        Set<ValidationMessage> errors = schema(kind).validate(data);
        return new Outcome(errors.isEmpty(), errors.stream().map(ValidationMessage::getMessage).toList());
    }

    static Outcome parser(Kind kind, String yaml) {
        Problems problems = new Problems(kind.file + ".yaml");
        switch (kind) {
            case ISSUER -> new IssuerFileParser(DIR).parse(yaml, problems);
            case ROLE -> new RoleFileParser(Set.of("gh")).parseFile(yaml, problems);
            case TEST -> PolicyTestFileParser.parse(yaml, problems);
        }
        return new Outcome(!problems.hasErrors(), problems.all().stream().map(Problem::toString).toList());
    }

    static synchronized JsonSchema schema(Kind kind) {
        return SCHEMAS.computeIfAbsent(kind, k -> JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(document(k)));
    }

    static JsonNode document(Kind kind) {
        try {
            return JSON.readTree(DIR.resolve("schema").resolve(kind.file + ".schema.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
