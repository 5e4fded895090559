package dev.wifbroker;

import dev.wifbroker.cli.PolicyCli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, two uses: {@code policy lint|test|explain …} runs the operator CLI without starting
 * the server; anything else starts the broker.
 */
@QuarkusMain
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("policy")) {
            System.exit(PolicyCli.run(args, System.out, System.err));
        }
        Quarkus.run(args);
    }
}
