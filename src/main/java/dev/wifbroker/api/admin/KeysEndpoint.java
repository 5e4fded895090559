package dev.wifbroker.api.admin;

import dev.wifbroker.keys.KeyPhase;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSnapshot;
import dev.wifbroker.keys.ManagedKey;
import dev.wifbroker.keys.PublishedJwks;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/v1/keys}: this replica's signing keys with their phases and times (never key material), and
 * how many keys the served JWKS holds (with {@code broker.state=redis}, other replicas' keys too).
 */
@ApplicationScoped
public class KeysEndpoint {
    private final KeyRing ring;
    private final PublishedJwks jwks;

    public KeysEndpoint(KeyRing ring, PublishedJwks jwks) {
        this.ring = ring;
        this.jwks = jwks;
    }

    AdminRoutes.AdminResponse keys() {
        KeyRingSnapshot snapshot = ring.snapshot();
        List<Map<String, Object>> out = new ArrayList<>();
        for (ManagedKey k : snapshot.keys()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kid", k.kid());
            m.put("alg", k.algorithm().jwsName());
            m.put("phase", k.phase().name().toLowerCase(java.util.Locale.ROOT));
            m.put("createdAt", text(k.createdAt()));
            m.put("activatesAt", text(k.activatesAt()));
            m.put("activatedAt", text(k.activatedAt()));
            // When an active key is due to stop signing: the schedule, not a promise (a restart re-reads the store).
            m.put("retiresAt", k.phase() == KeyPhase.ACTIVE ? text(k.activatedAt().plus(ring.settings().rotationPeriod())) : text(k.retiredAt()));
            m.put("removableAt", k.retiredAt() == null ? null : text(k.removableAt(ring.settings().retention())));
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keys", out);
        body.put("jwksVersion", snapshot.version());
        body.put("servedKeys", jwks.document().keyCount());
        return new AdminRoutes.AdminResponse(200, body);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
