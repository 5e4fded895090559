package dev.wifbroker.testing;

import dev.wifbroker.audit.AuditLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the broker writes on the audit category, so tests can assert on real events. */
public final class AuditCapture {
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    static {
        Logger.getLogger(AuditLog.CATEGORY).addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                EVENTS.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    private AuditCapture() {}

    /** Loads the class, and with it the handler, before the events a test wants to see. */
    public static void install() {}

    public static List<String> events() {
        return List.copyOf(EVENTS);
    }
}
