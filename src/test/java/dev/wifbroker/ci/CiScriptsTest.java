package dev.wifbroker.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The CI integrations' wiring, without a broker: the GitLab template embeds exactly the shared scripts,
 * action.yml hands every input to the script and publishes every output it writes, and every script, the
 * embedded one included, is shellcheck-clean (Debian's shellcheck; under CI=true a missing shellcheck fails).
 */
class CiScriptsTest {
    static final Path REPO = CiJob.REPO;
    static final List<String> SCRIPTS = List.of("ci/wif-broker.sh", "ci/github/action.sh", "ci/gitlab/component.sh",
            "ci/gitlab/generate.sh");

    @Test
    void the_gitlab_template_embeds_the_shared_script_and_the_gitlab_adapter_verbatim() throws IOException {
        String expected = Files.readString(REPO.resolve("ci/wif-broker.sh")) + Files.readString(REPO.resolve("ci/gitlab/component.sh"));
        GitlabComponent.Job job = GitlabComponent.load().job(Map.of("broker-url", "https://broker.example.com", "role", "r",
                "target", "aws"));
        assertThat(job.beforeScript()).as("templates/credentials.yml is stale: run ci/gitlab/generate.sh")
                .containsExactly(expected);
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_gitlab_input_reaches_the_script() throws IOException {
        GitlabComponent component = GitlabComponent.load();
        String variables = component.config().values().iterator().next().toString();
        for (String input : component.inputs().keySet()) {
            if (!input.equals("job")) {
                assertThat(variables).as("input %s is handed to the script", input).contains("$[[ inputs." + input + " ]]");
            }
            assertThat((Map<String, Object>) component.inputs().get(input)).as("input %s is described", input)
                    .containsKey("description");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void action_yml_hands_every_input_to_the_script_and_publishes_every_output_it_writes() throws IOException {
        Map<String, Object> action = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(REPO.resolve("action.yml")));
        Map<String, Object> runs = (Map<String, Object>) action.get("runs");
        assertThat(runs).containsEntry("using", "composite");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) runs.get("steps");
        assertThat(steps).as("one step, and no third-party action").singleElement()
                .satisfies(step -> assertThat(step).doesNotContainKey("uses").containsEntry("shell", "bash"));
        Map<String, Object> step = steps.get(0);
        assertThat((String) step.get("run")).isEqualTo("sh \"$GITHUB_ACTION_PATH/ci/github/action.sh\"")
                .doesNotContain("${{");
        Map<String, Object> env = (Map<String, Object>) step.get("env");
        Map<String, Object> inputs = (Map<String, Object>) action.get("inputs");
        for (String input : inputs.keySet()) {
            assertThat(env).as("input %s reaches the script", input)
                    .containsEntry("WIF_" + input.toUpperCase().replace('-', '_'), "${{ inputs." + input + " }}");
        }
        assertThat(env).hasSameSizeAs(inputs);

        Set<String> written = new TreeSet<>();
        Matcher m = Pattern.compile("wif_output ([a-z-]+) ").matcher(Files.readString(REPO.resolve("ci/wif-broker.sh")));
        while (m.find()) {
            written.add(m.group(1));
        }
        Map<String, Map<String, Object>> outputs = (Map<String, Map<String, Object>>) action.get("outputs");
        assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(written);
        outputs.forEach((name, output) -> assertThat(output).containsEntry("value", "${{ steps.exchange.outputs." + name + " }}"));
    }

    @Test
    void every_script_is_shellcheck_clean_the_one_embedded_in_the_template_too() throws Exception {
        Path shellcheck = Stream.of("/usr/bin/shellcheck", "/usr/local/bin/shellcheck").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (shellcheck == null) {
            String why = "CiScriptsTest needs Debian's shellcheck: apt-get install shellcheck";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: not skipped; .ci/run installs it)");
            }
            System.err.println("\n*** SKIPPED: " + why + " ***\n");
            Assumptions.abort(why);
        }
        List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "--external-sources", "--severity=style"));
        SCRIPTS.forEach(command::add);
        Path embedded = Files.createTempFile("credentials-yml-before-script", ".sh");
        Files.writeString(embedded, GitlabComponent.load().job(Map.of("broker-url", "https://b", "role", "r", "target", "aws"))
                .beforeScript().get(0));
        command.add(embedded.toString());
        Path run = Files.createTempFile("action-yml-run", ".sh");
        Files.writeString(run, "# shellcheck shell=bash\n" + "sh \"$GITHUB_ACTION_PATH/ci/github/action.sh\"\n");
        command.add(run.toString());

        Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("shellcheck:\n%s", out).isZero();
        assertThat(out).isEmpty();
    }
}
