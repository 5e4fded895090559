/**
 * Issuer profiles: per vendor, the claim vocabulary and its normalization into attributes. One
 * sub-package per profile with the same shape; {@link dev.wifbroker.identity.profile.IssuerProfiles}
 * is the only switch. Pure functions: no I/O, no CDI.
 */
package dev.wifbroker.identity.profile;
