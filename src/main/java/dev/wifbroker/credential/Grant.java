package dev.wifbroker.credential;

import dev.wifbroker.text.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What an allowed exchange grants, worked out once by the exchange and handed to every minter: minters sign
 * their own assertion (the broker's key ring) and call their cloud, but decide none of these values again.
 *
 * @param role the role name
 * @param workload the workload's identity, {@link #workloadId spelled} {@code issuer-name:sub}
 * @param issuerUrl the {@code iss} of the token the workload presented (for {@code act})
 * @param subject the {@code sub} of that token (for {@code act})
 * @param attributes the verified identity's attributes, for templates (session name, tags, claims)
 * @param scopes the granted scopes: the caller's narrowing of the target's, or all of the target's
 * @param lifetime the caller's requested lifetime, or null for the target's own; {@link #lifetimeFor} bounds it
 */
public record Grant(String role, String workload, String issuerUrl, String subject,
        Map<String, Object> attributes, List<String> scopes, Duration lifetime) {

    public Grant {
        attributes = Map.copyOf(attributes);
        scopes = List.copyOf(scopes);
    }

    /** The one spelling of a workload's identity: the issuer's policy name, {@code :}, the token's {@code sub}. */
    public static String workloadId(String issuerName, String subject) {
        return issuerName + ":" + subject;
    }

    /** The credential's lifetime: the target's, or the shorter one the caller asked for. */
    public Duration lifetimeFor(CredentialTarget target) {
        return lifetime != null && lifetime.compareTo(target.duration()) < 0 ? lifetime : target.duration();
    }

    /**
     * The {@code sub} of a cloud assertion: {@code role:<role>:<workload>}, so a cloud trust policy binds one broker
     * role with a prefix match (role names cannot contain {@code :}). A subject longer than the cloud's
     * {@code max} (measured by {@code size}) keeps the role prefix and replaces the workload by
     * {@code sha256:<encoded digest of the workload>}.
     */
    public static String roleSubject(String role, String workload, int max, ToIntFunction<String> size,
            Function<byte[], String> encoding) {
        String prefix = "role:" + role + ":";
        String full = prefix + workload;
        if (size.applyAsInt(full) <= max) {
            return full;
        }
        return prefix + "sha256:" + encoding.apply(Sha256.digest(workload.getBytes(StandardCharsets.UTF_8)));
    }

    /** The UTF-8 size of a string, for clouds that bound bytes. */
    public static int utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
