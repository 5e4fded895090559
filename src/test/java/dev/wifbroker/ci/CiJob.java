package dev.wifbroker.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.LoopbackTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One CI step: a script run by a real shell ({@code sh}, Debian's dash, as action.yml runs it, or {@code bash}) in a
 * clean environment (nothing inherited: a suite itself running in GitHub Actions must not lend its
 * {@code ACTIONS_ID_TOKEN_REQUEST_*}), with the job log (stdout and stderr interleaved, as a runner shows them).
 */
record CiJob(int exitCode, String log) {
    static final Path REPO = Path.of("").toAbsolutePath();
    private static Path caBundle;

    static CiJob run(String shell, Path script, Map<String, String> env) {
        try {
            Path log = Files.createTempFile("ci-job", ".log");
            ProcessBuilder pb = new ProcessBuilder(shell, script.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).directory(REPO.toFile());
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
            pb.environment().put("LANG", "C.UTF-8");
            pb.environment().putAll(env);
            Process process = pb.start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish within 90 s");
            }
            String text = Files.readString(log);
            Files.delete(log);
            return new CiJob(process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The loopback test certificate as PEM, for curl ({@code CURL_CA_BUNDLE}): the broker is reached over https. */
    static synchronized Path caBundle() {
        if (caBundle == null) {
            try (InputStream in = Files.newInputStream(LoopbackTls.keystore())) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, LoopbackTls.PASSWORD.toCharArray());
                Certificate cert = store.getCertificate("loopback");
                String pem = "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
                caBundle = Files.createTempFile("loopback-ca", ".pem");
                Files.writeString(caBundle, pem);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return caBundle;
    }

    /** A port on 127.0.0.1 where nothing listens (bound, then released). */
    static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The job log shows each secret only in its own {@code ::add-mask::} line, and that line comes before any
     * other line of the log: the runner masks from that line on.
     */
    void assertMasked(List<String> secrets) {
        List<String> lines = log.lines().toList();
        for (String secret : secrets) {
            assertThat(secret).as("a secret to look for").isNotBlank();
            String mask = "::add-mask::" + secret;
            assertThat(lines).as("an ::add-mask:: line for a secret (log:\n%s)", redacted(secrets)).contains(mask);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).equals(mask)) {
                    assertThat(lines.get(i).contains(secret)).as("line %d of the log shows a secret (log:\n%s)", i + 1,
                            redacted(secrets)).isFalse();
                }
            }
        }
    }

    /** No secret anywhere in the log (GitLab: there is no masking, so nothing secret may be printed). */
    void assertNoSecrets(List<String> secrets) {
        for (String secret : secrets) {
            assertThat(log.contains(secret)).as("the log shows a secret (log:\n%s)", redacted(secrets)).isFalse();
        }
    }

    /** The log with the secrets blanked, for assertion messages (a failing test must not print them either). */
    String redacted(List<String> secrets) {
        String out = log;
        for (String secret : secrets) {
            out = out.replace(secret, "<secret>");
        }
        return out;
    }

    /** The {@code ::error title=T::MESSAGE} annotations, decoded. */
    List<String> errors() {
        List<String> out = new ArrayList<>();
        for (String line : log.lines().toList()) {
            if (line.startsWith("::error ")) {
                out.add(decode(line.substring(line.indexOf("::", 2) + 2)));
            }
        }
        return out;
    }

    private static String decode(String data) {
        return data.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%");
    }

    /** {@code $GITHUB_ENV} / {@code $GITHUB_OUTPUT}: {@code NAME<<DELIMITER} blocks and {@code NAME=VALUE} lines, as the runner reads them. */
    static Map<String, String> githubFile(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                assertThat(delimiter).as("a random delimiter").startsWith("ghadelimiter_").hasSizeGreaterThan(20);
                List<String> value = new ArrayList<>();
                int j = i + 1;
                for (; !lines.get(j).equals(delimiter); j++) {
                    value.add(lines.get(j));
                }
                out.put(name, String.join("\n", value));
                i = j;
            } else if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}
