package dev.wifbroker.keys;

import java.time.Instant;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/** Verifies tokens the way an independent relying party would: jose4j, the published JWKS text, nothing of ours. */
public final class JwksVerifier {
    private JwksVerifier() {}

    /** The verified claims; throws when the signature, kid or time check fails at {@code at}. */
    public static JwtClaims verify(String token, String jwksJson, Instant at) throws InvalidJwtException, JoseException {
        JsonWebKeySet jwks = new JsonWebKeySet(jwksJson);
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setEvaluationTime(NumericDate.fromSeconds(at.getEpochSecond()))
                .setRequireExpirationTime()
                .setSkipDefaultAudienceValidation()
                .build()
                .processToClaims(token);
    }

    /** True when some key of the JWKS verifies the token's signature, ignoring time. */
    public static boolean signatureVerifies(String token, String jwksJson) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        var key = new VerificationJwkSelector().select(jws, new JsonWebKeySet(jwksJson).getJsonWebKeys());
        if (key == null) {
            return false;
        }
        jws.setKey(key.getKey());
        return jws.verifySignature();
    }
}
