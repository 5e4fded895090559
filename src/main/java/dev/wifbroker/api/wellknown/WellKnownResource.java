package dev.wifbroker.api.wellknown;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwksDocument;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSettings;
import dev.wifbroker.keys.PublishedJwks;
import dev.wifbroker.keys.SigningAlgorithm;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker as an OpenID issuer: the discovery document that clouds and relying services read to find
 * its keys, and the JWKS itself. Both bodies are bytes computed ahead (the discovery document here once,
 * the JWKS by the key ring at each rotation, or by the cluster refresh in {@code broker.state=redis}), so a request costs a lookup and a copy.
 */
@Path("/.well-known")
public class WellKnownResource {
    /**
     * Five minutes: shorter than the key ring's publish-ahead time (default one hour; the settings refuse
     * anything not longer than this max-age), so a cache that fetched the JWKS just before a successor key
     * was published refreshes before that key signs anything. Longer would risk unknown-kid failures at
     * relying parties; shorter would only add load.
     */
    static final String CACHE_CONTROL = "public, max-age=" + KeyRingSettings.JWKS_CACHE_MAX_AGE.toSeconds();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublishedJwks jwks;
    private final byte[] discovery;

    public WellKnownResource(KeyRing ring, PublishedJwks jwks, BrokerIssuer issuer) {
        this.jwks = jwks;
        this.discovery = discoveryDocument(issuer, ring.settings().algorithms().stream().sorted().map(SigningAlgorithm::jwsName).toList());
    }

    @GET
    @Path("openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openidConfiguration() {
        return Response.ok(discovery.clone()).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }

    /** RFC 8414 authorization server metadata: the same document, which holds the RFC's fields. */
    @GET
    @Path("oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    public Response authorizationServerMetadata() {
        return openidConfiguration();
    }

    @GET
    @Path("jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        JwksDocument document = jwks.document();
        Response.ResponseBuilder response = EntityTags.noneMatchFails(ifNoneMatch, document.etag())
                ? Response.notModified()
                : Response.ok(document.json());
        return response.header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).header(HttpHeaders.ETAG, document.etag()).build();
    }

    static byte[] discoveryDocument(BrokerIssuer issuer, List<String> algorithms) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer.url());
        doc.put("jwks_uri", issuer.jwksUri());
        doc.put("token_endpoint", issuer.tokenEndpoint());
        doc.put("response_types_supported", List.of("id_token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", algorithms);
        doc.put("grant_types_supported", List.of("urn:ietf:params:oauth:grant-type:token-exchange"));
        // The broker takes no client authentication: the subject token is the proof (absent, RFC 8414 means client_secret_basic).
        doc.put("token_endpoint_auth_methods_supported", List.of("none"));
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the discovery document", e);
        }
    }
}
