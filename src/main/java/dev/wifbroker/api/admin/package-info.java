/**
 * Operator endpoints on the Quarkus management interface ({@code /admin/v1/*}, loopback by default).
 * Thin adapters over {@code identity} (and later {@code policy} and {@code guard}); no logic of their own.
 */
package dev.wifbroker.api.admin;
