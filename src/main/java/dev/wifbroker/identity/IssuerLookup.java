package dev.wifbroker.identity;

import java.util.Collection;
import java.util.Optional;

/** Finds the issuer in force for an exact {@code iss} value. */
public interface IssuerLookup {

    Optional<TrustedIssuer> byUrl(String iss);

    /** All issuers in force, for near-miss hints in error messages. */
    Collection<TrustedIssuer> all();
}
