/**
 * Text built from caller input for error messages, responses and logs: bounded in length and, where the
 * wire format demands it, reduced to a safe character set. Depends on nothing else in the broker.
 */
package dev.wifbroker.text;
