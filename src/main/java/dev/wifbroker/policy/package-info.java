/**
 * Trust policies: loading a directory into an immutable, versioned {@link dev.wifbroker.policy.PolicySet}
 * ({@link dev.wifbroker.policy.PolicyLoader}), deciding ({@link dev.wifbroker.policy.PolicyEngine} returning a
 * {@link dev.wifbroker.policy.PolicyDecision} with its trace), and keeping the active set across reloads
 * ({@link dev.wifbroker.policy.PolicyStore}, {@link dev.wifbroker.policy.PolicyDirectoryWatcher}).
 * Knows identity and credential-target types, never their beans; no CDI here (the lead's wiring adapts it).
 */
package dev.wifbroker.policy;
