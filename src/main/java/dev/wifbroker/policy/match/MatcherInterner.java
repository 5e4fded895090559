package dev.wifbroker.policy.match;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Interner;
import java.util.List;

/**
 * Hands out one shared instance per distinct matcher, so 10,000 roles that all say
 * {@code ref: refs/heads/main} or {@code event_name: {oneOf: [push, workflow_dispatch]}} hold one matcher (and
 * one compiled glob or regex) between them. Matchers are immutable values, so sharing is invisible to
 * decisions and traces. Values are held weakly: a matcher no loaded role uses can be collected. Thread-safe.
 */
public final class MatcherInterner {
    /** Globs and regexes by their pattern text (the key holds only strings, so the weak value can go). */
    private final Cache<List<String>, Matcher> shared = Caffeine.newBuilder().weakValues().build();
    /** Value matchers are their own keys: a weak interner, so a key does not keep its value alive. */
    private final Interner<Matcher> values = Interner.newWeakInterner();

    /** The shared instance equal to {@code m} (a glob or regex by its pattern text), {@code m} itself if it is the first. */
    public Matcher intern(Matcher m) {
        // A compiled pattern has identity equality, so globs and regexes are keyed by their text; the other
        // matchers are records of strings and compare by value.
        if (m instanceof Matcher.Glob g) {
            return shared.get(List.of("glob", g.pattern()), k -> g);
        }
        if (m instanceof Matcher.Regex r) {
            return shared.get(List.of("regex", r.pattern()), k -> r);
        }
        if (m instanceof Matcher.Not n) {
            return values.intern(new Matcher.Not(intern(n.inner())));
        }
        return values.intern(m);
    }
}
