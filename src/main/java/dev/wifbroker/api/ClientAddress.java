package dev.wifbroker.api;

import io.vertx.core.http.HttpServerRequest;

/** The caller's address as the exchange records it (rate limits, audit): the peer of the connection. */
public final class ClientAddress {
    private ClientAddress() {}

    /** The peer's IP address, or null when the connection has none (a Unix socket, a test harness). */
    public static String of(HttpServerRequest http) {
        return http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }
}
