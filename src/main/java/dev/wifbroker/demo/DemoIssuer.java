package dev.wifbroker.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * A stand-in CI platform for a newcomer's first exchange: mints GitHub-Actions-, GitLab- and
 * Kubernetes-shaped tokens with a key generated at start. Only ever enabled on loopback outside
 * production; the sample policies trust its three issuer URLs.
 */
public final class DemoIssuer {
    public static final List<String> KINDS = List.of("github", "gitlab", "kubernetes");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Clock clock;
    private final RsaJsonWebKey key;
    private final Map<String, Map<String, Object>> templates = new LinkedHashMap<>();

    /** @param baseUrl e.g. {@code http://127.0.0.1:9000/demo}; each kind's issuer is {@code baseUrl/kind} */
    public DemoIssuer(String baseUrl, Clock clock) {
        this.baseUrl = baseUrl;
        this.clock = clock;
        try {
            this.key = RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot generate the demo key", e);
        }
        key.setKeyId("demo-" + UUID.randomUUID().toString().substring(0, 8));
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        for (String kind : KINDS) {
            templates.put(kind, template(kind));
        }
    }

    public String issuerUrl(String kind) {
        return baseUrl + "/" + kind;
    }

    /**
     * A signed token of {@code kind}: the template's claims, then {@code overrides} ({@link DemoClaims}), with fresh
     * {@code iss}, {@code aud}, {@code iat}, {@code nbf}, {@code exp} and {@code jti} where the overrides set none.
     *
     * @throws DemoClaims.Refused for an override the demo will not sign, naming the claim
     */
    public String mint(String kind, Optional<String> audience, String defaultAudience, Map<String, Object> overrides) {
        Map<String, Object> template = templates.get(kind);
        if (template == null) {
            throw new IllegalArgumentException("kind must be one of " + KINDS);
        }
        Map<String, Object> claims = DemoClaims.of(template, overrides, issuerUrl(kind), kind.equals("kubernetes"), audience,
                defaultAudience, clock.instant().getEpochSecond());
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(JSON.writeValueAsString(claims));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setHeader("typ", "JWT");
            jws.setKey(key.getPrivateKey());
            return jws.getCompactSerialization();
        } catch (JoseException | IOException e) {
            throw new IllegalStateException("cannot sign a demo token", e);
        }
    }

    public String jwks() {
        return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public String discovery(String kind) {
        return "{\"issuer\":\"" + issuerUrl(kind) + "\",\"jwks_uri\":\"" + issuerUrl(kind) + "/jwks\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"response_types_supported\":[\"id_token\"],"
                + "\"subject_types_supported\":[\"public\"]}";
    }

    private static Map<String, Object> template(String kind) {
        try (InputStream in = DemoIssuer.class.getResourceAsStream("/demo/" + kind + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing demo template " + kind);
            }
            return JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
