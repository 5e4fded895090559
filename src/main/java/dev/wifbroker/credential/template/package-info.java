/**
 * Claim {@link dev.wifbroker.credential.template.Template}s of credential targets (AWS session names and tags,
 * internal-token claims), their charsets, and {@link dev.wifbroker.credential.template.CredentialTemplates}, which
 * explain, policy tests and the linter ask so they see what the minters will render. Pure values.
 */
package dev.wifbroker.credential.template;
