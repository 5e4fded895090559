/**
 * Operator-side explain: {@link dev.wifbroker.policy.explain.PolicyExplainer} runs the engine and adds
 * near-miss hints (case-only differences, the profile spec's own shape hints such as GitHub {@code sub} forms,
 * claims never emitted);
 * {@link dev.wifbroker.policy.explain.ExplainReport} renders the text. Exposes expected values, so it is for
 * the CLI and the management interface only, never for exchange callers.
 */
package dev.wifbroker.policy.explain;
