package dev.wifbroker.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * docs/ci.md holds: every YAML block parses (GitLab's {@code !reference} tag included), every use of the action
 * passes only inputs action.yml declares and every required one, every include of the component only inputs its
 * spec declares and every required one, and every job extending the component declares its ID token.
 */
class CiDocsTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    /** SnakeYAML's safe constructor plus GitLab's {@code !reference [job, key]}. */
    static final class GitlabYaml extends SafeConstructor {
        GitlabYaml() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!reference"), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return constructSequence((SequenceNode) node);
                }
            });
        }
    }

    static List<Object> yamlBlocks() throws IOException {
        String doc = Files.readString(CiJob.REPO.resolve("docs/ci.md"));
        List<Object> out = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(doc);
        while (m.find()) {
            String block = m.group(1);
            try {
                out.add(new Yaml(new GitlabYaml()).load(block));
            } catch (RuntimeException e) {
                throw new AssertionError("docs/ci.md has a YAML block that does not parse:\n" + block, e);
            }
        }
        return out;
    }

    @Test
    void every_yaml_block_parses() throws IOException {
        assertThat(yamlBlocks()).hasSizeGreaterThanOrEqualTo(6).allSatisfy(b -> assertThat(b).isInstanceOf(Map.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_use_of_the_action_passes_declared_inputs_and_the_required_ones() throws IOException {
        Map<String, Object> action = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(CiJob.REPO.resolve("action.yml")));
        Map<String, Map<String, Object>> inputs = (Map<String, Map<String, Object>>) action.get("inputs");
        int uses = 0;
        for (Map<String, Object> step : steps(yamlBlocks())) {
            if (String.valueOf(step.get("uses")).matches("[^/]+/wif-broker@.+")) {
                uses++;
                Map<String, Object> with = (Map<String, Object>) step.getOrDefault("with", Map.of());
                assertThat(inputs).as("step %s passes only action.yml's inputs", step).containsKeys(with.keySet().toArray(String[]::new));
                inputs.forEach((name, input) -> {
                    if (Boolean.TRUE.equals(input.get("required"))) {
                        assertThat(with).as("step %s passes the required %s", step, name).containsKey(name);
                    }
                });
                assertThat(String.valueOf(with.get("target"))).isIn("aws", "gcp", "azure", "internal");
            }
        }
        assertThat(uses).as("the doc shows the action for every target").isGreaterThanOrEqualTo(4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_include_of_the_component_passes_declared_inputs_and_jobs_declare_their_id_token() throws IOException {
        GitlabComponent component = GitlabComponent.load();
        int includes = 0;
        for (Object block : yamlBlocks()) {
            Map<String, Object> pipeline = (Map<String, Object>) block;
            if (!(pipeline.get("include") instanceof List<?> list)) {
                continue;
            }
            for (Object entry : list) {
                Map<String, Object> include = (Map<String, Object>) entry;
                if (!String.valueOf(include.get("component")).matches("\\$CI_SERVER_FQDN/.+/wif-broker/credentials@.+")) {
                    continue;
                }
                includes++;
                Map<String, String> given = new java.util.HashMap<>();
                ((Map<String, Object>) include.get("inputs")).forEach((k, v) -> given.put(k, String.valueOf(v)));
                GitlabComponent.Job hidden = component.job(given); // refuses unknown and missing required inputs
                String idToken = given.getOrDefault("id-token", "WIF_ID_TOKEN");
                pipeline.forEach((name, value) -> {
                    if (value instanceof Map<?, ?> job && hidden.name().equals(job.get("extends"))) {
                        assertThat((Map<String, Object>) job.get("id_tokens")).as("job %s declares its ID token", name)
                                .containsKey(idToken);
                    }
                });
            }
        }
        assertThat(includes).isGreaterThanOrEqualTo(2);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps(List<Object> blocks) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object block : blocks) {
            Object jobs = ((Map<String, Object>) block).get("jobs");
            if (jobs instanceof Map<?, ?> map) {
                for (Object job : map.values()) {
                    Object steps = ((Map<String, Object>) job).get("steps");
                    if (steps instanceof List<?> list) {
                        list.forEach(s -> out.add((Map<String, Object>) s));
                    }
                }
            }
            Object steps = ((Map<String, Object>) block).get("steps");
            if (steps instanceof List<?> list) {
                list.forEach(s -> out.add((Map<String, Object>) s));
            }
        }
        return out;
    }
}
