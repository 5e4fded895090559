/**
 * Claim matchers of trust rules: the sealed {@link dev.wifbroker.policy.match.Matcher} (exact, oneOf,
 * glob, regex, not, present, absent), glob translation to RE2J, regex compilation bounded in program size
 * and match time ({@link dev.wifbroker.policy.match.BoundedRegex}) within one budget per policy load
 * ({@link dev.wifbroker.policy.match.CompileBudget}), RE2J's parse tree for lints
 * ({@link dev.wifbroker.policy.match.RegexNode}), and strict parsing from YAML nodes.
 * Pure values: depends only on RE2J, SnakeYAML nodes and {@code dev.wifbroker.yaml} for problem reporting.
 */
package dev.wifbroker.policy.match;
