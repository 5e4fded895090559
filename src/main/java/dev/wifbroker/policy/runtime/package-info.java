/**
 * The policy set in force inside the running broker: load at start, hot reload on change, last good
 * set kept on errors. The only CDI-aware part of {@code policy}.
 */
package dev.wifbroker.policy.runtime;
