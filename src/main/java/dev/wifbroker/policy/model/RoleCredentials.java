package dev.wifbroker.policy.model;

import dev.wifbroker.credential.CredentialTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credential targets of one role: at least one, at most one of each kind, in the registry's order.
 *
 * @param targets by kind ({@code aws}, {@code internal}, ...)
 * @param positions where each target's block (key {@code aws}) and lifetime (key {@code aws.duration}) are
 *     written, so lint findings on targets can point at a line
 */
public record RoleCredentials(Map<String, CredentialTarget> targets, Map<String, SourcePos> positions) {

    public RoleCredentials {
        targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        positions = Map.copyOf(positions);
    }

    /** {@code targets} without source positions, for tests and tools. */
    public static RoleCredentials of(List<CredentialTarget> targets) {
        Map<String, CredentialTarget> byKind = new LinkedHashMap<>();
        targets.forEach(t -> byKind.put(t.kind(), t));
        return new RoleCredentials(byKind, Map.of());
    }

    /** Where {@code kind.field} (or else the {@code kind} block) is written. */
    public SourcePos position(String kind, String field, SourcePos fallback) {
        return positions.getOrDefault(kind + "." + field, positions.getOrDefault(kind, fallback));
    }

    public List<CredentialTarget> all() {
        return List.copyOf(targets.values());
    }

    /** The target of {@code kind}, if the role has one. */
    public Optional<CredentialTarget> target(String kind) {
        return Optional.ofNullable(targets.get(kind));
    }

    /** The role's target of the given record type, if any. */
    public <T extends CredentialTarget> Optional<T> of(Class<T> type) {
        return targets.values().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public boolean isEmpty() {
        return targets.isEmpty();
    }
}
