package dev.wifbroker.deploy;

import static dev.wifbroker.deploy.Manifests.container;
import static dev.wifbroker.deploy.Manifests.env;
import static dev.wifbroker.deploy.Manifests.one;
import static dev.wifbroker.deploy.Manifests.resources;
import static dev.wifbroker.deploy.Manifests.volumeHolding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes is coherent: every file parses, carries no comment and is listed by its kustomization;
 * selectors, ports and names agree; the broker runs several replicas on the Redis of the redis directory,
 * over TLS, with credentials from a Secret the platform creates (no Secret is in the repository).
 */
class KubernetesManifestsTest {

    static Stream<Path> everyFile() {
        List<Path> all = new ArrayList<>(Manifests.files(".yaml"));
        all.addAll(Manifests.files(".conf"));
        all.addAll(Manifests.files(".acl"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFile")
    void everyFileParsesAndIsCommentFree(Path file) throws Exception {
        for (String line : Files.readAllLines(file)) {
            assertThat(line.strip()).as("%s: comment-free", file).doesNotStartWith("#");
            assertThat(line).as("%s: no caveat about per-replica state", file).doesNotContainIgnoringCase("per replica")
                    .doesNotContainIgnoringCase("per-replica");
        }
        if (file.toString().endsWith(".yaml")) {
            for (JsonNode doc : Manifests.documents(file)) {
                assertThat(doc.path("apiVersion").asText()).as("%s apiVersion", file).isNotEmpty();
                assertThat(doc.path("kind").asText()).as("%s kind", file).isNotEmpty();
                assertThat(doc.path("kind").asText()).as("%s: secrets come from the platform", file).isNotEqualTo("Secret");
                if (!doc.path("kind").asText().equals("Kustomization")) {
                    assertThat(doc.at("/metadata/name").asText()).as("%s name", file).isNotEmpty();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"broker", "redis"})
    void everyFileOfADirectoryIsListedByItsKustomizationAndExists(String dir) throws Exception {
        JsonNode k = Manifests.documents(Manifests.ROOT.resolve(dir).resolve("kustomization.yaml")).get(0);
        Set<String> listed = new HashSet<>(List.of("kustomization.yaml"));
        k.path("resources").forEach(r -> listed.add(r.asText()));
        k.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> listed.add(f.asText())));
        Set<String> present = new HashSet<>();
        try (Stream<Path> files = Files.list(Manifests.ROOT.resolve(dir))) {
            files.forEach(f -> present.add(f.getFileName().toString()));
        }
        assertThat(present).isEqualTo(listed);
        assertThat(k.path("namespace").asText()).isEqualTo("wif-broker");
        JsonNode top = Manifests.documents(Manifests.ROOT.resolve("kustomization.yaml")).get(0);
        assertThat(top.path("resources").toString()).contains("\"" + dir + "\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"broker:Deployment:broker", "redis:StatefulSet:redis"})
    void servicesBudgetsAndPoliciesSelectTheirPodsAndPorts(String shape) {
        String[] p = shape.split(":");
        JsonNode workload = one(p[0], p[1]);
        JsonNode labels = workload.at("/spec/template/metadata/labels");
        assertThat(workload.at("/spec/selector/matchLabels")).isEqualTo(labels);
        Set<String> portNames = new HashSet<>();
        Set<Integer> portNumbers = new HashSet<>();
        container(workload, p[2]).path("ports").forEach(port -> {
            portNames.add(port.path("name").asText());
            portNumbers.add(port.path("containerPort").asInt());
        });
        for (JsonNode r : resources(p[0])) {
            switch (r.path("kind").asText()) {
                case "Service" -> {
                    assertThat(r.at("/spec/selector")).isEqualTo(labels);
                    r.at("/spec/ports").forEach(port -> assertThat(portNames).contains(port.path("targetPort").asText()));
                }
                case "PodDisruptionBudget" -> assertThat(r.at("/spec/selector/matchLabels")).isEqualTo(labels);
                case "NetworkPolicy" -> {
                    assertThat(r.at("/spec/podSelector/matchLabels")).isEqualTo(labels);
                    r.at("/spec/ingress").forEach(rule -> rule.path("ports")
                            .forEach(port -> assertThat(portNumbers).contains(port.path("port").asInt())));
                }
                default -> { }
            }
        }
    }

    @Test
    void theBrokerRunsSeveralReplicasOnTheRedisServiceOverTlsWithCredentialsFromAPlatformSecret() {
        JsonNode deployment = one("broker", "Deployment");
        JsonNode broker = container(deployment, "broker");
        assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(deployment.at("/spec/template/spec/topologySpreadConstraints")).isNotEmpty();
        assertThat(one("broker", "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(env(broker, "BROKER_STATE")).isEqualTo("redis");

        URI hosts = URI.create(env(broker, "QUARKUS_REDIS_HOSTS"));
        JsonNode redisService = one("redis", "Service");
        assertThat(hosts.getScheme()).isEqualTo("rediss");
        assertThat(hosts.getHost()).isEqualTo(redisService.at("/metadata/name").asText() + ".wif-broker.svc");
        assertThat(hosts.getPort()).isEqualTo(redisService.at("/spec/ports/0/port").asInt());
        assertThat(one("redis", "Certificate").at("/spec/dnsNames").toString()).contains("\"" + hosts.getHost() + "\"");

        for (String setting : List.of("BROKER_REDIS_USERNAME_FILE", "BROKER_REDIS_PASSWORD_FILE")) {
            JsonNode volume = volumeHolding(deployment, broker, env(broker, setting));
            assertThat(volume.at("/secret/secretName").asText()).as(setting).isEqualTo("wif-broker-redis");
        }
        JsonNode redis = one("redis", "StatefulSet");
        assertThat(redis.at("/spec/template/spec/volumes").toString()).as("Redis builds its ACL user from the same Secret")
                .contains("\"secretName\":\"wif-broker-redis\"");

        assertThat(env(broker, "QUARKUS_REDIS_TLS_CONFIGURATION_NAME")).isEqualTo("redis");
        assertThat(env(broker, "QUARKUS_TLS_REDIS_HOSTNAME_VERIFICATION_ALGORITHM")).isEqualTo("HTTPS");
        JsonNode ca = volumeHolding(deployment, broker, env(broker, "QUARKUS_TLS_REDIS_TRUST_STORE_PEM_CERTS"));
        assertThat(ca.at("/secret/secretName").asText()).isEqualTo(one("broker", "Certificate").at("/spec/secretName").asText());
        assertThat(one("redis", "Certificate").at("/spec/issuerRef")).as("the CA in the broker's own certificate secret signs Redis'")
                .isEqualTo(one("broker", "Certificate").at("/spec/issuerRef"));
    }

    @Test
    void theMinimalRedisPersistsRefusesEvictionAndOnlyAdmitsBrokerPods() throws Exception {
        String conf = Files.readString(Manifests.ROOT.resolve("redis/redis.conf"));
        assertThat(conf).contains("appendonly yes").contains("maxmemory-policy noeviction").contains("port 0")
                .contains("tls-port 6379").contains("aclfile /run/redis/users.acl");
        JsonNode statefulSet = one("redis", "StatefulSet");
        assertThat(container(statefulSet, "redis").at("/args/0").asText()).contains("user default off");
        assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("data");
        JsonNode from = one("redis", "NetworkPolicy").at("/spec/ingress/0/from/0/podSelector/matchLabels");
        assertThat(from).isEqualTo(one("broker", "Deployment").at("/spec/template/metadata/labels"));
    }

    @Test
    void theDocumentedAclIsTheShippedOne() throws Exception {
        String acl = Files.readString(Manifests.ROOT.resolve("redis/broker.acl")).strip();
        assertThat(Files.readString(Path.of("docs/architecture.md"))).contains(acl);
    }
}
