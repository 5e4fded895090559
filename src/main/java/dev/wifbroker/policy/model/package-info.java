/**
 * The compiled, immutable trust-policy model: {@link dev.wifbroker.policy.model.Role},
 * {@link dev.wifbroker.policy.model.Rule}, {@link dev.wifbroker.policy.model.Condition} with their
 * source positions. Built by {@code dev.wifbroker.policy.role}; read by the engine, linter and explain.
 * Must not depend on the engine, loading or any CDI bean.
 */
package dev.wifbroker.policy.model;
