package dev.wifbroker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo issuer runs in dev and test; in any other profile only with an explicit opt-in. */
class DemoProfileRefusalTest {
    @Test
    void enabled_in_prod_without_the_opt_in_refuses_to_start_naming_the_setting() {
        assertThat(DemoRoutes.refusal(true, List.of("prod"), false)).get().asString()
                .contains("broker.demo.enabled=true in profile prod").contains("broker.demo.allow-in-production=true");
        assertThat(DemoRoutes.refusal(true, List.of("prod", "tls"), false)).isPresent();
        assertThat(DemoRoutes.refusal(true, List.of("staging"), false)).as("any profile but dev and test").isPresent();
    }

    @Test
    void dev_test_the_opt_in_or_a_disabled_demo_start() {
        assertThat(DemoRoutes.refusal(true, List.of("dev"), false)).isEmpty();
        assertThat(DemoRoutes.refusal(true, List.of("test"), false)).isEmpty();
        assertThat(DemoRoutes.refusal(true, List.of("prod"), true)).isEmpty();
        assertThat(DemoRoutes.refusal(false, List.of("prod"), false)).isEmpty();
    }
}
