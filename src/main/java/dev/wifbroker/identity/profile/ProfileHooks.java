package dev.wifbroker.identity.profile;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The code a profile needs where its tables cannot say it (GitHub's {@code sub} grammar, Kubernetes' subject
 * fallback, URL shapes); each defaults to doing nothing.
 *
 * @param claims adds attributes derived from the flattened claims (after the claim table is applied)
 * @param issuerUrl reports issuer URL shapes the profile cannot have
 * @param nearMisses explain's hints for a failed condition on a value the token has, beyond a case difference
 */
public record ProfileHooks(ClaimHook claims, IssuerUrlRule issuerUrl, NearMissHook nearMisses) {
    public static final ProfileHooks NONE = new ProfileHooks((flat, out) -> { }, (url, error) -> { },
            (claim, expected, attributes) -> List.of());

    public ProfileHooks withClaims(ClaimHook hook) {
        return new ProfileHooks(hook, issuerUrl, nearMisses);
    }

    public ProfileHooks withIssuerUrl(IssuerUrlRule hook) {
        return new ProfileHooks(claims, hook, nearMisses);
    }

    public ProfileHooks withNearMisses(NearMissHook hook) {
        return new ProfileHooks(claims, issuerUrl, hook);
    }

    /** Normalization beyond the claim table. */
    @FunctionalInterface
    public interface ClaimHook {
        /** Adds to {@code out} what {@code flat} (the flattened claims) implies. */
        void normalize(Map<String, Object> flat, Map<String, Object> out);
    }

    /** URL shapes the profile's issuers must have. */
    @FunctionalInterface
    public interface IssuerUrlRule {
        void check(URI url, Consumer<String> error);
    }

    /** Vendor-specific near-miss hints. */
    @FunctionalInterface
    public interface NearMissHook {
        /**
         * @param claim the failed condition's claim
         * @param expected the condition's matcher as described to operators
         * @param attributes the token's attributes
         * @return the hints, each one sentence with what to change
         */
        List<String> hints(String claim, String expected, Map<String, Object> attributes);
    }
}
