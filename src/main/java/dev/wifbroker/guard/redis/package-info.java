/**
 * The clustered guards ({@code broker.state=redis}) on Quarkus' Vert.x Redis client: one-round-trip
 * admission (replay + rate limits) and shared revocations. Every call is bounded and fails closed.
 */
package dev.wifbroker.guard.redis;
