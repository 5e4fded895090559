package dev.wifbroker.guard;

/** What readiness reports about the state store. */
public interface StoreHealth {

    /** {@code memory} or {@code redis}. */
    String store();

    /** Null when the store answers; otherwise why it does not. */
    String problem();
}
