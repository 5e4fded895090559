/**
 * Credential targets. One folder per kind ({@code aws}, {@code gcp}, {@code azure}, {@code internal}), each holding
 * its target record, its {@link dev.wifbroker.credential.CredentialKind} (policy parser and limits, rendering
 * hints) and its {@link dev.wifbroker.credential.TargetMinter}; the kinds are registered once, in
 * {@link dev.wifbroker.credential.CredentialKinds}. Here too: {@link dev.wifbroker.credential.IssuedCredential},
 * the credential cache and the upstream retry. Must not depend on {@code policy}, {@code exchange} or {@code api}.
 */
package dev.wifbroker.credential;
