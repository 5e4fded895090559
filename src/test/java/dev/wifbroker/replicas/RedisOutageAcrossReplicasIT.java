package dev.wifbroker.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wifbroker.testing.BrokerCalls;
import dev.wifbroker.testing.BrokerCalls.Reply;
import dev.wifbroker.testing.BrokerCluster;
import dev.wifbroker.testing.BrokerProcess;
import dev.wifbroker.testing.ClusterExtension;
import dev.wifbroker.testing.ReplicaPolicies;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three replicas under load while their Redis is killed (SIGKILL) and restarted on the same port: while it is
 * down every exchange is refused 503 {@code upstream_unavailable} with {@code Retry-After} and readiness is
 * DOWN; after it returns every replica admits again by itself; and no one-time token is accepted twice. Redis
 * runs with AOF and {@code appendfsync always}, as docs/architecture.md asks, so the one-time ids survive the crash.
 */
class RedisOutageAcrossReplicasIT {
    private static final int WORKERS_PER_REPLICA = 2;
    private static final long OUTAGE_MS = 4000;
    private static final long RECOVERY_BOUND_MS = 10_000;

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(BrokerCluster.builder("outage")
            .redisArgs("--appendonly", "yes", "--appendfsync", "always"));

    /** One exchange of the load: where, what came back, and when it was sent and answered (System.nanoTime). */
    record Outcome(BrokerProcess replica, String token, int status, String reason, Optional<String> retryAfter, long sent, long done) {}

    @Test
    void redis_killed_under_load_refuses_every_exchange_with_503_then_recovers_by_itself_and_accepts_no_token_twice() throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        int workers = WORKERS_PER_REPLICA * cluster.replicas().size();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long killed;
        long restarting;
        long up;
        Map<String, String> readinessDuringOutage = new LinkedHashMap<>();
        try {
            List<Future<?>> load = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                BrokerProcess replica = cluster.replicas().get(i % cluster.replicas().size());
                load.add(pool.submit(() -> exchangeUntilStopped(cluster, replica, running, outcomes)));
            }
            Thread.sleep(2000);
            cluster.redis().stop();
            killed = System.nanoTime();
            for (BrokerProcess r : cluster.replicas()) {
                readinessDuringOutage.put(r.name(), awaitRedisCheckDown(r));
            }
            Thread.sleep(Math.max(0, OUTAGE_MS - (System.nanoTime() - killed) / 1_000_000));
            restarting = System.nanoTime();
            cluster.restartRedis();
            up = System.nanoTime();
            long deadline = up + TimeUnit.MILLISECONDS.toNanos(RECOVERY_BOUND_MS + 5000);
            while (firstAdmissionAfter(outcomes, cluster, up).size() < cluster.replicas().size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            running.set(false);
            for (Future<?> f : load) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            pool.shutdownNow();
        }

        List<Outcome> all = new ArrayList<>(outcomes);
        Map<String, Integer> byStatus = new TreeMap<>();
        all.forEach(o -> byStatus.merge(o.status() + " " + o.reason(), 1, Integer::sum));
        List<Outcome> duringOutage = all.stream().filter(o -> o.sent() > killed && o.done() < restarting).toList();
        Map<String, Integer> outageByStatus = new TreeMap<>();
        duringOutage.forEach(o -> outageByStatus.merge(o.status() + " " + o.reason() + " Retry-After=" + o.retryAfter().orElse("none"), 1,
                Integer::sum));
        Map<String, Long> recovery = new TreeMap<>();
        firstAdmissionAfter(outcomes, cluster, up).forEach((name, o) -> recovery.put(name, (o.done() - up) / 1_000_000));
        System.out.printf("redis outage: %d exchanges in all %s; %d sent and answered while Redis was down (%d ms) -> %s;"
                + " first 200 after Redis was back, per replica: %s ms; readiness while down: %s%n", all.size(), byStatus,
                duringOutage.size(), (restarting - killed) / 1_000_000, outageByStatus, recovery, readinessDuringOutage);

        assertThat(all.stream().map(Outcome::status).distinct().toList()).as("every answer is a 200 or a 503").allMatch(s -> s == 200 || s == 503);
        assertThat(duringOutage).as("exchanges while Redis was down").isNotEmpty()
                .allSatisfy(o -> {
                    assertThat(o.status()).isEqualTo(503);
                    assertThat(o.reason()).isEqualTo("upstream_unavailable");
                    assertThat(o.retryAfter()).isPresent();
                });
        assertThat(all.stream().filter(o -> o.status() == 503 && o.sent() > up + TimeUnit.MILLISECONDS.toNanos(RECOVERY_BOUND_MS)))
                .as("503s long after Redis returned").isEmpty();
        assertThat(recovery).as("ms from Redis restart to each replica's first 200").hasSize(cluster.replicas().size())
                .allSatisfy((name, ms) -> assertThat(ms).isLessThan(RECOVERY_BOUND_MS));
        cluster.awaitReady(BrokerCluster.READY_TIMEOUT);

        List<Outcome> admitted = all.stream().filter(o -> o.status() == 200).toList();
        long wrongAccepts = replayElsewhere(cluster, admitted);
        System.out.printf("redis outage: %d admitted tokens replayed at another replica after recovery -> %d accepted%n",
                admitted.size(), wrongAccepts);
        assertThat(admitted).hasSizeGreaterThan(cluster.replicas().size());
        assertThat(wrongAccepts).as("wrong accepts").isZero();
    }

    private static void exchangeUntilStopped(BrokerCluster cluster, BrokerProcess replica, AtomicBoolean running, Queue<Outcome> out) {
        while (running.get()) {
            String token = cluster.policies().oneTimeToken();
            long sent = System.nanoTime();
            int status;
            String reason;
            Optional<String> retryAfter;
            try {
                Reply r = BrokerCalls.exchange(replica, token, ReplicaPolicies.ROLE);
                status = r.status();
                reason = r.reason();
                retryAfter = r.retryAfter();
            } catch (UncheckedIOException e) {
                status = -1;
                reason = e.getMessage();
                retryAfter = Optional.empty();
            }
            out.add(new Outcome(replica, token, status, reason, retryAfter, sent, System.nanoTime()));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Polls {@code /q/health/ready} until it is 503 with the {@code redis} check DOWN; returns what it said. */
    private static String awaitRedisCheckDown(BrokerProcess replica) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        Reply r = BrokerCalls.readiness(replica);
        while (!(r.status() == 503 && "DOWN".equals(redisCheck(r).path("status").asText())) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = BrokerCalls.readiness(replica);
        }
        assertThat(r.status()).as("readiness of %s while Redis is down: %s", replica, r.body()).isEqualTo(503);
        assertThat(redisCheck(r).path("status").asText()).isEqualTo("DOWN");
        Reply traffic = BrokerCalls.traffic(replica);
        assertThat(traffic.status()).as("the probed traffic group of %s stays UP: %s", replica, traffic.body()).isEqualTo(200);
        return r.status() + " redis " + redisCheck(r).path("status").asText() + ", traffic " + traffic.status();
    }

    private static JsonNode redisCheck(Reply readiness) {
        for (JsonNode check : readiness.json().path("checks")) {
            if (check.path("name").asText().equals("redis")) {
                return check;
            }
        }
        return readiness.json().path("none");
    }

    private static Map<String, Outcome> firstAdmissionAfter(Queue<Outcome> outcomes, BrokerCluster cluster, long after) {
        Map<String, Outcome> first = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (o.status() == 200 && o.sent() >= after) {
                first.merge(o.replica().name(), o, (a, b) -> a.done() <= b.done() ? a : b);
            }
        }
        return first;
    }

    /** Presents every admitted token again at the next replica; returns how many were accepted. */
    private static long replayElsewhere(BrokerCluster cluster, List<Outcome> admitted) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Reply>> replays = new ArrayList<>();
            for (Outcome o : admitted) {
                List<BrokerProcess> all = cluster.replicas();
                BrokerProcess other = all.get((all.indexOf(o.replica()) + 1) % all.size());
                replays.add(pool.submit(() -> BrokerCalls.exchange(other, o.token(), ReplicaPolicies.ROLE)));
            }
            long accepted = 0;
            for (Future<Reply> f : replays) {
                Reply r = f.get();
                assertThat(r.reason()).as("a replayed token: %s", r.body()).isIn("-", "replay_detected");
                if (r.status() == 200) {
                    accepted++;
                }
            }
            return accepted;
        } finally {
            pool.shutdownNow();
        }
    }
}
