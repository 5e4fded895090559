package dev.wifbroker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A throwaway certificate authority made with the JDK's keytool at test time, issuing server certificates as
 * PEM files (certificate, PKCS#8 key, CA) for servers that read PEM, such as redis-server. Nothing is checked in.
 */
public final class TestCa {
    private static final String PASSWORD = "test-ca";
    private final Path dir;
    private final Path store;
    private final Path caPem;

    /** A server certificate signed by this CA, with the CA's certificate beside it. */
    public record ServerCert(Path certificate, Path privateKey, Path ca) {}

    private TestCa(Path dir) {
        this.dir = dir;
        this.store = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
    }

    public static TestCa create(String name) {
        try {
            TestCa ca = new TestCa(Files.createTempDirectory("wif-test-ca"));
            ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                    "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", ca.store.toString());
            ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.store.toString(), "-file", ca.caPem.toString());
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA certificate (PEM), what a client trusts. */
    public Path certificate() {
        return caPem;
    }

    /** A server certificate for the subject alternative names {@code san} (keytool syntax: {@code ip:127.0.0.1,dns:localhost}). */
    public ServerCert issue(String name, String san) {
        Path keys = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString());
        keytool("-certreq", "-alias", name, "-keystore", keys.toString(), "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", store.toString(), "-infile", csr.toString(), "-outfile", cert.toString(),
                "-rfc", "-validity", "2", "-ext", "SAN=" + san, "-ext", "EKU=serverAuth");
        try (InputStream in = Files.newInputStream(keys)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            Key k = ks.getKey(name, PASSWORD.toCharArray());
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(k.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new ServerCert(cert, key, caPem);
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD, "-noprompt"));
        if (!args[0].equals("-exportcert")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
