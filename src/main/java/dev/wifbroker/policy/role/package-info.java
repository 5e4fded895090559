/**
 * Strict parsing of {@code roles/*.yaml} into the compiled {@code dev.wifbroker.policy.model} types.
 * Entry point: {@link dev.wifbroker.policy.role.RoleFileParser}. Depends on the model, matchers,
 * CEL and targets; never on the engine or on loading.
 */
package dev.wifbroker.policy.role;
