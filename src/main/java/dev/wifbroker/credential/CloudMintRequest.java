package dev.wifbroker.credential;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a cloud minter needs to know about one allowed exchange. Minters sign their own assertion
 * (the broker's key ring) and call their cloud; templates were already rendered from verified claims.
 *
 * @param role the role name
 * @param workload a stable identity of the workload: {@code issuer-name:sub}
 * @param attributes the verified identity's attributes, for templates (session name, tags)
 * @param scopes the requested scopes after narrowing (empty: the target's own)
 * @param lifetime the requested lifetime after narrowing (null: the target's own)
 */
public record CloudMintRequest(String role, String workload, String issuerUrl, String subject,
        Map<String, Object> attributes, List<String> scopes, Duration lifetime) {

    public CloudMintRequest {
        attributes = Map.copyOf(attributes);
        scopes = List.copyOf(scopes);
    }
}
