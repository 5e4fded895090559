package dev.wifbroker.policy.cel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiles each distinct {@code when:} expression once and hands every rule that writes it the same
 * {@link WhenExpression}: thousands of roles usually share a handful of expressions, and each compile
 * type-checks against CEL's whole standard environment. The key is the source text alone because every
 * expression is compiled against the same declarations (the {@code claims} map, a boolean result); if those
 * ever vary (per issuer profile, say), they must join the key.
 * <p>
 * Values are held weakly: an expression no loaded role uses any more can be collected. Invalid expressions
 * are not cached (they are rare, and their error is reported with the file that wrote them). Thread-safe.
 */
public final class WhenExpressions {
    private final Cache<String, WhenExpression> compiled = Caffeine.newBuilder().weakValues().build();
    private final AtomicLong compilations = new AtomicLong();

    /** The compiled expression for {@code source}, compiling it only if no live rule already holds it. */
    public WhenExpression compile(String source) throws WhenExpression.InvalidExpression {
        WhenExpression known = compiled.getIfPresent(source);
        if (known != null) {
            return known;
        }
        // Atomic per text: threads loading files in parallel wait for one compile instead of each doing it.
        try {
            return compiled.get(source, text -> {
                try {
                    WhenExpression fresh = WhenExpression.compile(text);
                    compilations.incrementAndGet();
                    return fresh;
                } catch (WhenExpression.InvalidExpression e) {
                    throw new Invalid(e);
                }
            });
        } catch (Invalid e) {
            throw e.cause;
        }
    }

    /** Carries an invalid expression's error out of the cache's loader, which stores nothing for it. */
    private static final class Invalid extends RuntimeException {
        private final transient WhenExpression.InvalidExpression cause;

        Invalid(WhenExpression.InvalidExpression cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }

    /** How many times an expression was actually compiled (cache misses), for tests and benchmarks. */
    public long compilations() {
        return compilations.get();
    }
}
