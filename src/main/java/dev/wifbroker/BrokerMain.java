package dev.wifbroker;

import dev.wifbroker.cli.PolicyCli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import java.util.Optional;

/**
 * One artifact, two uses: no argument starts the broker; {@code policy lint|test|explain …} runs the operator
 * CLI without starting the server; {@code --help}, {@code -h} or {@code help} prints the usage. Anything else is
 * a usage error (exit 2), never a server started by mistake.
 */
@QuarkusMain
public final class BrokerMain {
    static final String USAGE_TEXT = """
            usage: java -jar quarkus-run.jar                 start the broker (configuration: application.properties,
                                                             environment variables; see README.md)
                   java -jar quarkus-run.jar policy COMMAND  run an offline policy command and exit:
                     policy lint DIR       load DIR as the broker would; report every error and warning
                     policy test DIR       run the cases of DIR/tests/*.yaml
                     policy explain ...    why a token or claim set is allowed or denied
                     policy help           the policy commands' options
                   java -jar quarkus-run.jar --help          this text
            exit: 0 ok, 1 findings or failures, 2 usage error
            """;

    private BrokerMain() {}

    public static void main(String... args) {
        Optional<Integer> exit = command(args, System.out, System.err);
        if (exit.isPresent()) {
            System.exit(exit.get());
        }
        Quarkus.run(args);
    }

    /** The exit code of a command run instead of the server, or empty when the server should start. */
    static Optional<Integer> command(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return Optional.empty();
        }
        return switch (args[0]) {
            case "policy" -> Optional.of(PolicyCli.run(args, out, err));
            case "--help", "-h", "help" -> {
                out.print(USAGE_TEXT);
                yield Optional.of(PolicyCli.OK);
            }
            default -> {
                err.println("wif-broker: unknown command '" + args[0] + "' (the server takes no arguments)");
                err.print(USAGE_TEXT);
                yield Optional.of(PolicyCli.USAGE);
            }
        };
    }
}
