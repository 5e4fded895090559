package dev.wifbroker.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.wifbroker.text.CallerText;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes audit events as one JSON object per line on the {@code wif.audit} category, so operators
 * can route them to their own sink independently of application logs. Every string in an event (the
 * requested role, a detail naming refused scopes, claim values) is written at most
 * {@value CallerText#MAX_ECHO} characters long, so no request can make its audit line large.
 */
public final class AuditLog {
    public static final String CATEGORY = "wif.audit";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("bounded-strings").addSerializer(String.class, new BoundedString()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The default of {@code broker.audit.recent-decisions}. */
    public static final int RECENT_DECISIONS = 1000;

    private final Clock clock;
    private final RecentDecisions recent;

    public AuditLog(Clock clock) {
        this(clock, new RecentDecisions(RECENT_DECISIONS));
    }

    public AuditLog(Clock clock, RecentDecisions recent) {
        this.clock = clock;
        this.recent = recent;
    }

    /** Logs the event; an exchange's is also kept in {@link #recent()} (operator calls are not decisions). */
    public void record(AuditEvent event) {
        LOG.info(render(event));
        if ("exchange".equals(event.type())) {
            recent.add(event);
        }
    }

    public RecentDecisions recent() {
        return recent;
    }

    /** A policy swap (or a refused one), old version → new. */
    public void policyReload(String oldVersion, String newVersion, String outcome, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "policy_reload");
        m.put("time", clock.instant().toString());
        m.put("outcome", outcome);
        m.put("oldVersion", oldVersion);
        m.put("newVersion", newVersion);
        if (detail != null) {
            m.put("detail", detail);
        }
        LOG.info(render(m));
    }

    static String render(Object event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (Exception e) {
            return "{\"type\":\"audit_render_failure\"}";
        }
    }

    private static final class BoundedString extends StdSerializer<String> {
        BoundedString() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(CallerText.bounded(value));
        }
    }
}
