/**
 * Audit: exactly one structured event per decision on the {@code wif.audit} log category, with
 * fingerprints instead of secrets. Depends on nothing else in the broker.
 */
package dev.wifbroker.audit;
