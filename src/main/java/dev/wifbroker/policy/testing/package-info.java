/**
 * Policy tests as data: {@code tests/*.yaml} parsing and the runner used by {@code policy test} and by
 * the project's JUnit suite. Also the explicitly unverified JWT reader for offline tools. Depends on the
 * engine and the model, never on CDI.
 */
package dev.wifbroker.policy.testing;
