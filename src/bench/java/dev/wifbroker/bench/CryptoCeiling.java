package dev.wifbroker.bench;

import dev.wifbroker.crypto.CryptoProviders;
import dev.wifbroker.crypto.Jca;
import dev.wifbroker.crypto.NativeProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The crypto-only ceiling of an RS256 → ES256 exchange: on every core, one RS256 verification and one ES256
 * signature of token-sized inputs, back to back, with nothing else. The HTTP load test divides its exchanges/s
 * by this rate, measured in the same run with the same JDK and provider.
 * <pre>CryptoCeiling jdk|native SECONDS</pre>
 */
public final class CryptoCeiling {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        CryptoProviders.use(args[0].equals("native") ? NativeProvider.accp() : null);
        long seconds = Long.parseLong(args[1]);
        var rsaGen = Jca.keyPairGenerator("RSA");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        var ecGen = Jca.keyPairGenerator("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGen.generateKeyPair();
        byte[] idToken = "e".repeat(900).getBytes(StandardCharsets.US_ASCII);
        byte[] accessToken = "a".repeat(600).getBytes(StandardCharsets.US_ASCII);
        Signature rsaSigner = Jca.signature("SHA256withRSA");
        rsaSigner.initSign(rsa.getPrivate());
        rsaSigner.update(idToken);
        byte[] rsaSignature = rsaSigner.sign();

        int threads = Runtime.getRuntime().availableProcessors();
        AtomicLong pairs = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    Signature verify = Jca.signature("SHA256withRSA");
                    Signature sign = Jca.signature("SHA256withECDSAinP1363Format");
                    long counted = 0;
                    long cpuStart = 0;
                    boolean measuring = false;
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= end) {
                            break;
                        }
                        if (!measuring && now >= warmEnd) {
                            measuring = true;
                            cpuStart = THREADS.getCurrentThreadCpuTime();
                        }
                        verify.initVerify(rsa.getPublic());
                        verify.update(idToken);
                        if (!verify.verify(rsaSignature)) {
                            throw new IllegalStateException("RS256 signature did not verify");
                        }
                        sign.initSign(ec.getPrivate());
                        sign.update(accessToken);
                        sign.sign();
                        if (measuring) {
                            counted++;
                        }
                    }
                    pairs.addAndGet(counted);
                    cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.printf("crypto_only_pairs_per_s=%.0f cpu_us_per_pair=%.1f threads=%d rs256_verify=%s es256_sign=%s%n",
                pairs.get() / (double) seconds, cpuNanos.get() / 1e3 / Math.max(1, pairs.get()), threads,
                Jca.signature("SHA256withRSA").getProvider().getName(),
                Jca.signature("SHA256withECDSAinP1363Format").getProvider().getName());
    }
}
