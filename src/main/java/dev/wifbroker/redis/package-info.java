/** Small helpers for the Redis replies every clustered component reads; no state, no connection. */
package dev.wifbroker.redis;
