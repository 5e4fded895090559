package dev.wifbroker.http;

import java.util.Set;

/** The host names that stay on this machine: the only ones plain {@code http://} is ever allowed to. */
public final class Loopback {
    private static final Set<String> HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private Loopback() {}

    /** True for a loopback host as {@link java.net.URI#getHost()} spells it (case-sensitive; callers lower-case if they mean to). */
    public static boolean isLoopbackHost(String host) {
        return host != null && HOSTS.contains(host);
    }
}
