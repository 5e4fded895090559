package dev.wifbroker.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The published JSON Schemas accept every sample file, refuse unknown fields, and each sample names its schema. */
class PolicySchemaTest {
    private static final Path DIR = Path.of("trust-policies");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> samples() throws IOException {
        try (Stream<Path> walk = Files.walk(DIR)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().map(p -> Arguments.of(DIR.relativize(p).toString()))
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0} is valid against its schema")
    @MethodSource("samples")
    void every_sample_validates_and_declares_its_schema(String file) throws IOException {
        String text = Files.readString(DIR.resolve(file));
        String kind = kind(file);
        assertThat(text).startsWith("# yaml-language-server: $schema=../schema/" + kind + ".schema.json\n");
        Set<ValidationMessage> errors = schema(kind).validate(data(text));
        assertThat(errors).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("role with an unknown field", "role", "role: r\nowner: x\ntrust: [{issuer: k, claims: {a: b}}]\ncredentials: {internal: {audience: a}}\n"),
                Arguments.of("matcher with two kinds", "role", "role: r\ntrust: [{issuer: k, claims: {a: {glob: x, regex: y}}}]\ncredentials: {internal: {audience: a}}\n"),
                Arguments.of("rule without claims", "role", "role: r\ntrust: [{issuer: k}]\ncredentials: {internal: {audience: a}}\n"),
                Arguments.of("issuer without audiences", "issuer", "name: g\nprofile: gitlab\nurl: https://gitlab.com\n"),
                Arguments.of("issuer with an unknown profile", "issuer", "name: g\nprofile: circleci\nurl: https://x\naudiences: [a]\n"),
                Arguments.of("test with a bad expectation", "test", "cases: [{name: x, expect: maybe}]\n"));
    }

    @ParameterizedTest(name = "{0} is refused by the schema")
    @MethodSource("invalid")
    void invalid_documents_are_refused(String name, String kind, String yaml) throws IOException {
        assertThat(schema(kind).validate(data(yaml))).isNotEmpty();
    }

    /** The values the broker's YAML reader makes of a file, as JSON for the validator. */
    private static JsonNode data(String yaml) {
        return JSON.valueToTree(new Yaml(new LoaderOptions()).load(yaml));
    }

    private static String kind(String file) {
        return List.of("issuer", "role", "test").get(file.startsWith("issuers/") ? 0 : file.startsWith("roles/") ? 1 : 2);
    }

    private static JsonSchema schema(String kind) throws IOException {
        JsonNode node = new ObjectMapper().readTree(DIR.resolve("schema").resolve(kind + ".schema.json").toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }
}
