package dev.wifbroker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The snippets users copy from the docs this package owns: every {@code ```yaml} block parses with the project's YAML
 * parser (SnakeYAML), and the {@code aws-from-broker.sh} helper of clients.md, sourced in dash and in bash against a
 * stub broker on loopback, exports the credentials, returns 1 on a refusal without touching the caller's variables,
 * leaks no shell option, and is shellcheck-clean.
 */
class ClientsDocTest {
    static final List<String> DOCS = List.of("docs/clients.md", "docs/api.md", "docs/issuers.md", "docs/trust-policies.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("(?m)^```yaml\\n(.*?)^```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    static Stream<Arguments> yamlBlocks() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String doc : DOCS) {
            String text = Files.readString(Path.of(doc));
            Matcher m = YAML_BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                out.add(Arguments.of(doc + ":" + line, m.group(1)));
            }
        }
        assertThat(out).as("yaml blocks found").isNotEmpty();
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlBlocks")
    void every_yaml_block_parses(String where, String block) {
        try {
            new Yaml(new LoaderOptions()).loadAll(block).forEach(doc -> {});
        } catch (RuntimeException e) {
            fail(where + " is not valid YAML: " + e.getMessage());
        }
    }

    static String helper() throws IOException {
        String text = Files.readString(Path.of("docs/clients.md"));
        int start = text.indexOf("# aws-from-broker.sh");
        assertThat(start).as("the helper in clients.md").isPositive();
        return text.substring(start, text.indexOf("```", start));
    }

    private static void need(String... tools) {
        for (String tool : tools) {
            boolean found = Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
            if (!found && "true".equals(System.getenv("CI"))) {
                fail(tool + " is missing (.ci/run installs it)");
            }
            Assumptions.assumeTrue(found, "SKIPPED LOUDLY: " + tool + " is not installed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dash", "bash"})
    void the_aws_helper_works_sourced_and_leaves_the_callers_shell_alone(String shell) throws Exception {
        need(shell, "curl", "jq");
        Path script = tmp.resolve("aws-from-broker.sh");
        Files.writeString(script, helper());
        Path token = tmp.resolve("token");
        Files.writeString(token, "eyJ.workload.token");
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/v1/aws/credentials/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().endsWith("/orders")
                    && "eyJ.workload.token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (known ? "{\"AccessKeyId\":\"ASIAEXAMPLE\",\"SecretAccessKey\":\"se cret\",\"Token\":\"tok\"}"
                    : "{\"Code\":\"AccessDenied\",\"reason\":\"no_matching_rule\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        try {
            String caller = "BROKER_URL=http://127.0.0.1:" + stub.getAddress().getPort() + "\n"
                    + ". " + script + " && aws_from_broker orders " + token + "\n"
                    + "echo \"ok=$? $AWS_ACCESS_KEY_ID|$AWS_SECRET_ACCESS_KEY|$AWS_SESSION_TOKEN\"\n"
                    + "AWS_ACCESS_KEY_ID=previous\n"
                    + "aws_from_broker payments " + token + "\n"
                    + "echo \"refused=$? $AWS_ACCESS_KEY_ID\"\n"
                    + "echo \"options=$-\"\n"
                    + "echo \"leftovers=${afb_creds-}${afb_key-}\"\n";
            Process p = new ProcessBuilder(shell, "-c", caller).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("ok=0 ASIAEXAMPLE|se cret|tok", "refused=1 previous", "leftovers=\n",
                    "aws-from-broker: no credentials for role payments");
            String options = out.substring(out.indexOf("options=") + 8, out.indexOf('\n', out.indexOf("options=")));
            assertThat(options).as("no errexit or nounset leaked into the caller").doesNotContain("e", "u");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void the_aws_helper_is_shellcheck_clean_for_sh_and_bash() throws Exception {
        need("shellcheck");
        Path script = tmp.resolve("aws-from-broker.sh");
        Files.writeString(script, helper());
        for (String dialect : List.of("sh", "bash")) {
            Process p = new ProcessBuilder("shellcheck", "-s", dialect, script.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(dialect + ": " + out).isZero();
        }
    }
}
