/**
 * Issuer profiles as data: each sub-package ({@code github}, {@code gitlab}, {@code kubernetes}, {@code oidc})
 * builds one {@link dev.wifbroker.identity.profile.ProfileSpec} (claims to attributes, vocabularies, tenancy,
 * privileged triggers, hints) plus {@link dev.wifbroker.identity.profile.ProfileHooks} where a vendor needs code;
 * {@link dev.wifbroker.identity.profile.ProfileKind} registers them and
 * {@link dev.wifbroker.identity.profile.IssuerProfiles} is the registry everything else reads.
 * {@link dev.wifbroker.identity.profile.IssuerProfile} is the code all profiles share. Pure functions: no I/O, no CDI.
 */
package dev.wifbroker.identity.profile;
