package dev.wifbroker.keys;

import java.util.Collection;
import java.util.Map;

/**
 * The shared place where replicas publish their public keys ({@code broker.state=redis}). Holds public
 * keys only; a private key never leaves its replica. Every call may fail (the store is remote): callers
 * keep their last known state and retry at the next refresh.
 */
public interface KeyDirectory {

    /** Every entry, kid to stored JSON, as written by any replica (or anyone else with write access). */
    Map<String, String> readAll();

    /** Writes (or overwrites) entries, kid to JSON, in one command. */
    void write(Map<String, String> entries);

    /** Removes entries that have expired. */
    void remove(Collection<String> kids);
}
