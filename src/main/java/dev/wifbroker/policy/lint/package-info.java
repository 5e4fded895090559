/**
 * Policy lints: one class per lint with a stable id ({@code no-tenant-binding}, {@code privileged-trigger}, ...),
 * run by {@link dev.wifbroker.policy.lint.PolicyLinter}. Errors refuse a load; warnings are reported.
 * Reads the compiled model and the issuer profiles' specs (through {@code IssuerProfiles}, never a profile
 * class); never the engine or the file system beyond locating lines.
 */
package dev.wifbroker.policy.lint;
