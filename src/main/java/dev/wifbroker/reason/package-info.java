/**
 * The stable failure vocabulary shared by every stage. Owns {@link dev.wifbroker.reason.Reason}; depends
 * on nothing else in the broker.
 */
package dev.wifbroker.reason;
