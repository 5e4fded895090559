/**
 * Claim matchers of trust rules: the sealed {@link dev.wifbroker.policy.match.Matcher} (exact, oneOf,
 * glob, regex, not, present, absent), glob translation to RE2J, size-bounded regex compilation
 * ({@link dev.wifbroker.policy.match.BoundedRegex}), and strict parsing from YAML nodes.
 * Pure values: depends only on RE2J, SnakeYAML nodes and {@code dev.wifbroker.yaml} for problem reporting.
 */
package dev.wifbroker.policy.match;
