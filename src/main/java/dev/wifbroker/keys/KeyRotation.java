package dev.wifbroker.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rotation schedule as a pure step: given the keys and the time, the keys as they should be.
 * Applied on every tick, it is idempotent when nothing is due, and catches up in one step after the
 * broker was down (a successor published before the outage activates at the next tick).
 *
 * <p>Per algorithm, in order: remove retired keys whose every token has expired; activate a
 * published key whose time has come, retiring the previous active key at the same instant (so there is
 * exactly one active key at any time); publish a successor once the active key is within
 * {@code publishAhead} of the end of its rotation period; and, when there is no key at all, generate
 * one that signs at once (nothing can have cached a JWKS without it, and the broker cannot sign otherwise).
 */
final class KeyRotation {
    private final KeyRingSettings settings;
    private final KeyMaterial material;

    KeyRotation(KeyRingSettings settings) {
        this.settings = settings;
        this.material = new KeyMaterial(settings.rsaKeySize());
    }

    /** The keys at {@code now}; the very same list instance when nothing changed, so callers can skip a store write. */
    List<ManagedKey> advance(List<ManagedKey> keys, Instant now) {
        List<ManagedKey> next = new ArrayList<>();
        boolean changed = false;
        for (ManagedKey key : keys) {
            boolean disabled = !settings.algorithms().contains(key.algorithm());
            if (disabled && key.phase() == KeyPhase.PUBLISHED) {
                // An algorithm switched off in config: a key that never signed has no tokens to wait for.
                changed = true;
                continue;
            }
            if (disabled && key.phase() == KeyPhase.ACTIVE) {
                // Stop signing, but keep publishing the key until its tokens have expired.
                key = key.retire(now);
                changed = true;
            }
            if (!now.isBefore(key.removableAt(settings.retention()))) {
                changed = true;
                continue;
            }
            next.add(key);
        }
        for (SigningAlgorithm alg : settings.algorithms()) {
            changed |= advance(alg, next, now);
        }
        return changed ? List.copyOf(next) : keys;
    }

    private boolean advance(SigningAlgorithm alg, List<ManagedKey> keys, Instant now) {
        Optional<ManagedKey> active = find(keys, alg, KeyPhase.ACTIVE);
        Optional<ManagedKey> successor = keys.stream()
                .filter(k -> k.algorithm() == alg && k.phase() == KeyPhase.PUBLISHED)
                .min(Comparator.comparing(ManagedKey::activatesAt));
        if (successor.isPresent() && (active.isEmpty() || !now.isBefore(successor.get().activatesAt()))) {
            // With no active key (only after a config change shortened publish-ahead) the broker must sign
            // with something; the published key has at least been in the JWKS longest.
            active.ifPresent(a -> replace(keys, a, a.retire(now)));
            replace(keys, successor.get(), successor.get().activate(now));
            return true;
        }
        if (active.isEmpty()) {
            keys.add(material.generate(alg, now, now).activate(now));
            return true;
        }
        Instant rotationDue = active.get().activatedAt().plus(settings.rotationPeriod());
        if (successor.isEmpty() && !now.isBefore(rotationDue.minus(settings.publishAhead()))) {
            Instant earliest = now.plus(settings.publishAhead());
            keys.add(material.generate(alg, now, rotationDue.isAfter(earliest) ? rotationDue : earliest));
            return true;
        }
        return false;
    }

    private static Optional<ManagedKey> find(List<ManagedKey> keys, SigningAlgorithm alg, KeyPhase phase) {
        return keys.stream().filter(k -> k.algorithm() == alg && k.phase() == phase).findFirst();
    }

    private static void replace(List<ManagedKey> keys, ManagedKey old, ManagedKey updated) {
        keys.set(keys.indexOf(old), updated);
    }
}
