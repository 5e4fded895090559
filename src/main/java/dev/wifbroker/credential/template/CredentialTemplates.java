package dev.wifbroker.credential.template;

import dev.wifbroker.credential.CredentialTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every template of a role's credential targets, with the field it fills, and whether they all render for an
 * identity. The exchange renders the same templates with {@link Template#render} when it mints (AWS session
 * name, tags and source identity; internal-token claims), so {@code policy explain}, {@code policy test} and
 * the linter ask this class and see what the exchange will do.
 */
public final class CredentialTemplates {
    private CredentialTemplates() {}

    /**
     * One templated field.
     *
     * @param target the target kind ({@code aws})
     * @param field where it is written ({@code credentials.aws.tags.repository})
     */
    public record Field(String target, String field, Template template) {}

    /** A template that cannot render for an identity, and the claim that is missing or multi-valued. */
    public record Unrenderable(Field field, String claim) {
        /** In operator words, for explain, test and audit detail; names claims, never their values. */
        public String describe() {
            return field.field() + " '" + field.template().source() + "' needs claim '" + claim
                    + "', which the token lacks or carries with several values";
        }
    }

    public static List<Field> of(CredentialTarget target) {
        String at = "credentials." + target.kind() + ".";
        List<Field> out = new ArrayList<>();
        target.templates().forEach((field, t) -> out.add(new Field(target.kind(), at + field, t)));
        return List.copyOf(out);
    }

    /** Every templated field of every target of a role. */
    public static List<Field> of(List<CredentialTarget> targets) {
        return targets.stream().flatMap(t -> of(t).stream()).toList();
    }

    /** The first template of any target that would not render for these attributes, if any. */
    public static Optional<Unrenderable> firstUnrenderable(List<CredentialTarget> targets, Map<String, Object> attributes) {
        for (Field f : of(targets)) {
            Optional<String> missing = f.template().missingClaim(attributes);
            if (missing.isPresent()) {
                return Optional.of(new Unrenderable(f, missing.get()));
            }
        }
        return Optional.empty();
    }
}
