package dev.wifbroker.identity;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/** Finds the issuer in force for an exact {@code iss} value. */
public interface IssuerLookup {

    Optional<TrustedIssuer> byUrl(String iss);

    /** All issuers in force, for near-miss hints in error messages. */
    Collection<TrustedIssuer> all();

    /** A lookup that reads whichever issuers {@code current} holds at each call (the set in force). */
    static IssuerLookup reading(Supplier<? extends IssuerLookup> current) {
        return new IssuerLookup() {
            @Override
            public Optional<TrustedIssuer> byUrl(String iss) {
                return current.get().byUrl(iss);
            }

            @Override
            public Collection<TrustedIssuer> all() {
                return current.get().all();
            }
        };
    }
}
