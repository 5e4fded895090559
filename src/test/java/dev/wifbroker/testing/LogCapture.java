package dev.wifbroker.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects every record the broker's log manager publishes (all categories), so a test can assert that
 * a caller's mistake left no WARN/ERROR line and no stack trace behind.
 */
public final class LogCapture {
    private static final List<LogRecord> RECORDS = new CopyOnWriteArrayList<>();

    static {
        Logger.getLogger("").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                RECORDS.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    private LogCapture() {}

    /** A position to read from later: everything logged after this call. */
    public static int mark() {
        return RECORDS.size();
    }

    /** Every record since {@code mark}, at any level, as its formatted message and stack trace: to search for a leaked secret. */
    public static String textSince(int mark) {
        StringBuilder out = new StringBuilder();
        for (LogRecord r : RECORDS.subList(Math.min(mark, RECORDS.size()), RECORDS.size())) {
            out.append(r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : r.getMessage()).append('\n');
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                out.append(t).append('\n');
            }
        }
        return out.toString();
    }

    /** Records since {@code mark} at WARN or above, or carrying a throwable (a stack trace in the log). */
    public static List<String> alarmsSince(int mark) {
        List<LogRecord> since = RECORDS.subList(Math.min(mark, RECORDS.size()), RECORDS.size());
        return since.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null)
                .map(r -> r.getLevel() + " [" + r.getLoggerName() + "] " + r.getMessage()
                        + (r.getThrown() == null ? "" : " with stack trace of " + r.getThrown()))
                .toList();
    }
}
