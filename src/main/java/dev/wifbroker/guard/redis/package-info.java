/**
 * The clustered guards ({@code broker.state=redis}) on Quarkus' Vert.x Redis client: one-round-trip
 * admission (replay + rate limits) and shared revocations, plus what the connection itself must satisfy
 * (ACL credentials from files, TLS that authenticates the server). Every call is bounded and fails closed.
 */
package dev.wifbroker.guard.redis;
