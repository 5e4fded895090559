package dev.wifbroker.identity;

import dev.wifbroker.identity.profile.ProfileKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vendor-neutral view of a verified workload identity that policies match on: the profile's
 * normalized attributes plus every verified claim under its own name (nested claims by dotted path).
 * Values are strings or lists of strings; an absent claim is absent, never an empty string.
 */
public record IdentityView(String issuer, String issuerUrl, ProfileKind profile, String subject,
        Map<String, Object> attributes) {

    public IdentityView {
        attributes = Map.copyOf(attributes);
    }

    /** A single-valued attribute, if present and a string. */
    public Optional<String> string(String name) {
        return attributes.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Any attribute as a list of strings (a scalar becomes a one-element list). */
    @SuppressWarnings("unchecked")
    public List<String> values(String name) {
        Object v = attributes.get(name);
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> l) {
            return (List<String>) l;
        }
        return List.of();
    }
}
