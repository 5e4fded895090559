package dev.wifbroker.api.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.TestPorts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The three places an operator compares across replicas show one and the same policy version: readiness
 * ({@code trust-policies.version} of {@code /admin/v1/health}, management port), {@code /admin/v1/policy} and the
 * {@code broker_policy_version_info} series on {@code /q/metrics} (management port), and they move together.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class PolicyVersionAcrossReplicasTest {
    private static final Pattern SERIES = Pattern.compile("^broker_policy_version_info\\{[^}]*version=\"([^\"]+)\"[^}]*} 1\\.0$",
            Pattern.MULTILINE);

    private static String readinessVersion() {
        return given().port(TestPorts.management()).get("/admin/v1/health").then().extract().path("checks.find { it.name == 'trust-policies' }.data.version");
    }

    private static List<String> metricVersions() {
        String body = given().port(TestPorts.management()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = SERIES.matcher(body);
        return m.results().map(r -> r.group(1)).collect(Collectors.toList());
    }

    private static String adminVersion() {
        return given().port(TestPorts.management()).get("/admin/v1/policy").then().extract().path("version");
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void readinessAdminAndMetricsShowTheSameVersionAndFollowAReload() throws Exception {
        String before = readinessVersion();
        assertThat(before).startsWith("sha256:");
        assertThat(adminVersion()).isEqualTo(before);
        assertThat(metricVersions()).containsExactly(before);

        Path added = BrokerTestResource.policyDir().resolve("roles/zz-version.yaml");
        Files.writeString(added, BrokerTestResource.DEPLOY_ROLE.replace("role: deploy", "role: zz-version"));
        try {
            await(() -> !before.equals(readinessVersion()));
            String after = readinessVersion();
            assertThat(after).isNotEqualTo(before);
            assertThat(adminVersion()).isEqualTo(after);
            assertThat(metricVersions()).as("the old version's series is gone").containsExactly(after);
        } finally {
            Files.delete(added);
        }
        await(() -> before.equals(readinessVersion()));
        assertThat(metricVersions()).containsExactly(before);
    }
}
