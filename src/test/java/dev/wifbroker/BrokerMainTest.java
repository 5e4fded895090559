package dev.wifbroker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The artifact's command line: help prints usage and exits 0, a mistake exits 2, only no argument starts the server. */
class BrokerMainTest {
    record Run(Optional<Integer> exit, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Optional<Integer> exit = BrokerMain.command(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> usage, exit 0")
    @ValueSource(strings = {"--help", "-h", "help"})
    void help_prints_usage_listing_the_subcommands_and_exits_0(String flag) {
        Run r = run(flag);
        assertThat(r.exit()).contains(0);
        assertThat(r.out()).contains("usage:", "policy lint", "policy test", "policy explain", "--help");
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> usage on stderr, exit 2")
    @ValueSource(strings = {"serve", "--port=8080", "lint"})
    void an_unknown_command_prints_usage_and_exits_2(String word) {
        Run r = run(word, "trust-policies");
        assertThat(r.exit()).contains(2);
        assertThat(r.err()).contains("unknown command '" + word + "'", "usage:");
    }

    @Test
    void no_argument_starts_the_server_and_policy_runs_the_cli() {
        assertThat(run().exit()).isEmpty();
        assertThat(run("policy", "lint", "trust-policies").exit()).contains(0);
        assertThat(run("policy", "--help").out()).contains("usage: policy lint");
    }

    /** The real {@code main} in its own JVM: the exit code reaches the shell and no server starts. */
    @Test
    void main_exits_with_the_command_code_without_starting_quarkus() throws IOException, InterruptedException {
        assertThat(main("--help")).isEqualTo(0);
        assertThat(main("frobnicate")).isEqualTo(2);
    }

    private static int main(String arg) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(), arg));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(new String(output, StandardCharsets.UTF_8)).contains("usage:").doesNotContain("Quarkus", "Listening");
        return p.exitValue();
    }
}
