package dev.wifbroker.identity.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.KeyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The key checks that json_web_key_test.json asks for, at the unit level: the JCA already refuses
 * some degenerate keys, so these build them directly to show JwksSnapshot refuses them on its own.
 */
class WycheproofKeyChecksTest {

    @ParameterizedTest(name = "RSA exponent {0} is refused")
    @ValueSource(longs = {1, 2, 65536})
    void degenerateRsaExponentsAreRefused(long e) throws Exception {
        RSAPublicKey good = rsa();
        RSAPublicKey weak = new RSAPublicKey() {
            @Override
            public BigInteger getPublicExponent() {
                return BigInteger.valueOf(e);
            }

            @Override
            public BigInteger getModulus() {
                return good.getModulus();
            }

            @Override
            public String getAlgorithm() {
                return "RSA";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };
        assertThat(JwksSnapshot.weakRsa(weak)).contains("exponent " + e);
    }

    @Test
    void freshRsaKeysPassTheChecks() throws Exception {
        for (int i = 0; i < 5; i++) {
            RSAPublicKey key = rsa();
            assertThat(JwksSnapshot.weakRsa(key)).isNull();
            assertThat(JwksSnapshot.hasRocaFingerprint(key.getModulus())).isFalse();
        }
    }

    @Test
    void rocaFingerprintIsAProductOfPowersOf65537() {
        // 65537^k mod p for every small prime p: a number built from powers of 65537 carries the fingerprint.
        BigInteger roca = BigInteger.valueOf(65537).pow(3).multiply(BigInteger.valueOf(65537).pow(5));
        assertThat(JwksSnapshot.hasRocaFingerprint(roca)).isTrue();
        assertThat(JwksSnapshot.hasRocaFingerprint(roca.add(BigInteger.ONE))).isFalse();
    }

    @Test
    void pointsOffTheCurveAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        ECPublicKey good = (ECPublicKey) g.generateKeyPair().getPublic();
        assertThat(JwksSnapshot.onCurve(good)).isTrue();
        ECPoint moved = new ECPoint(good.getW().getAffineX(), good.getW().getAffineY().add(BigInteger.ONE));
        ECPublicKey off = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(moved, good.getParams()));
        assertThat(JwksSnapshot.onCurve(off)).isFalse();
    }

    private static RSAPublicKey rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return (RSAPublicKey) g.generateKeyPair().getPublic();
    }
}
