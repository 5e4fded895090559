package dev.wifbroker.guard.redis;

import dev.wifbroker.guard.StoreHealth;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.text.Sha256;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every Redis call of the guards: bounded by {@code timeout} (a slow Redis costs at most that, well under the
 * exchange's budget), and any failure, refused connection or timeout becomes a {@link StoreUnavailableException}.
 */
public final class RedisCalls implements StoreHealth {
    private static final Pattern USER_INFO = Pattern.compile("://[^@/\\s]*@");
    private final Redis redis;
    private final Duration timeout;
    private final Duration retryAfter;

    public RedisCalls(Redis redis, Duration timeout, Duration retryAfter) {
        this.redis = redis;
        this.timeout = timeout;
        this.retryAfter = retryAfter;
    }

    Redis client() {
        return redis;
    }

    Duration timeout() {
        return timeout;
    }

    public Response send(Request request) {
        try {
            return redis.send(request).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    public List<Response> batch(List<Request> requests) {
        try {
            return redis.batch(requests).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** EVALSHA, loading the script with EVAL only when the server does not know it (first use, restart, failover). */
    public Response script(String script, String sha, List<String> keys, List<String> args) {
        try {
            return redis.send(eval(Command.EVALSHA, sha, keys, args)).await().atMost(timeout);
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
                return send(eval(Command.EVAL, script, keys, args));
            }
            throw unavailable(e);
        }
    }

    @Override
    public String store() {
        return "redis";
    }

    @Override
    public String problem() {
        try {
            send(Request.cmd(Command.PING));
            return null;
        } catch (StoreUnavailableException e) {
            return e.getMessage();
        }
    }

    public static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        return Sha256.hex(text);
    }

    private static Request eval(Command command, String scriptOrSha, List<String> keys, List<String> args) {
        Request r = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
        keys.forEach(r::arg);
        args.forEach(r::arg);
        return r;
    }

    private StoreUnavailableException unavailable(RuntimeException e) {
        String why = e instanceof io.smallrye.mutiny.TimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                : e.getClass().getSimpleName() + ": " + redacted(String.valueOf(e.getMessage()));
        return new StoreUnavailableException("redis unavailable (" + why + ")", retryAfter, e);
    }

    /**
     * {@code text} without the user info of any Redis URI in it: the client names endpoints with their
     * credentials in some errors (a Cluster redirect it cannot follow), and errors reach readiness and logs.
     */
    public static String redacted(String text) {
        return USER_INFO.matcher(text).replaceAll("://***@");
    }
}
