package dev.wifbroker.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits for a broker under test to reach a state (a reload applied or refused), failing after 20 s. */
public final class Await {
    private Await() {}

    public static void until(Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not reached within 20 s");
            }
            Thread.sleep(100);
        }
    }
}
