/**
 * Credential targets: {@link dev.wifbroker.credential.IssuedCredential} and one sub-package per target
 * ({@code internal}, later {@code aws}, {@code gcp}, {@code azure}).
 */
package dev.wifbroker.credential;
