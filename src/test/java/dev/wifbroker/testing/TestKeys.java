package dev.wifbroker.testing;

import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** Signing keys generated at test time; nothing secret is ever checked in. */
public final class TestKeys {
    private TestKeys() {}

    public static PublicJsonWebKey rsa(String kid) {
        try {
            PublicJsonWebKey k = RsaJwkGenerator.generateJwk(2048);
            k.setKeyId(kid);
            return k;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PublicJsonWebKey ec(String kid) {
        try {
            PublicJsonWebKey k = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            k.setKeyId(kid);
            return k;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWKS document of the given keys. */
    public static String jwks(List<PublicJsonWebKey> keys) {
        JsonWebKeySet set = new JsonWebKeySet();
        for (PublicJsonWebKey k : keys) {
            try {
                PublicJsonWebKey pub = (PublicJsonWebKey) JsonWebKey.Factory.newJwk(k.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
                set.addJsonWebKey(pub);
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
        return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
