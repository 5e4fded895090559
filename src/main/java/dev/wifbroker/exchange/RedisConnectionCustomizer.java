package dev.wifbroker.exchange;

import dev.wifbroker.guard.redis.RedisCredentials;
import dev.wifbroker.guard.redis.RedisTlsCheck;
import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Checks the Quarkus Redis client's TLS settings ({@link RedisTlsCheck}) and adds the ACL user and password
 * from {@code broker.redis.username-file} / {@code password-file}, as Quarkus creates the client (at startup,
 * only when {@code quarkus.redis.hosts} is set). A bad setting or file stops the start with one line naming the setting and path: Quarkus prints a
 * {@link ConfigurationException} without a cause as its bare message.
 */
@Singleton
public class RedisConnectionCustomizer implements RedisOptionsCustomizer {
    private static final Logger LOG = Logger.getLogger(RedisConnectionCustomizer.class);
    private final StateConfig state;

    public RedisConnectionCustomizer(StateConfig state) {
        this.state = state;
    }

    @Override
    public void customize(String clientName, RedisOptions options) {
        try {
            RedisTlsCheck.check(options);
            RedisCredentials.read(state.usernameFile(), state.passwordFile()).ifPresent(c -> {
                c.applyTo(options);
                LOG.infof("redis client %s: ACL user %s, password from %s", clientName, c.user() == null ? "default" : c.user(),
                        state.passwordFile().get());
            });
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
