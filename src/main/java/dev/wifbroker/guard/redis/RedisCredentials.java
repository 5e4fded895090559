package dev.wifbroker.guard.redis;

import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Redis ACL user and password read from files ({@code broker.redis.username-file}, {@code password-file}:
 * a Kubernetes Secret volume), so neither sits in an environment variable or a config file. Vert.x takes an
 * ACL user only from the endpoint URI, so both go into every endpoint's user info; nodes a Cluster or
 * Sentinel client discovers inherit it. Any problem with a file is one {@link IllegalArgumentException}
 * naming the setting and the path, never the content.
 */
public record RedisCredentials(String user, String password) {
    static final String USERNAME_FILE = "broker.redis.username-file";
    static final String PASSWORD_FILE = "broker.redis.password-file";
    private static final int MAX_BYTES = 4096;

    @Override
    public String toString() {
        return "RedisCredentials[user=" + user + ", password=(from file)]";
    }

    /** Empty when neither file is set: the connection then uses {@code quarkus.redis.*} as it stands. */
    public static Optional<RedisCredentials> read(Optional<Path> usernameFile, Optional<Path> passwordFile) {
        if (usernameFile.isPresent() && passwordFile.isEmpty()) {
            throw new IllegalArgumentException(USERNAME_FILE + " is set but " + PASSWORD_FILE
                    + " is not: an ACL user needs its password file too");
        }
        if (passwordFile.isEmpty()) {
            return Optional.empty();
        }
        String user = usernameFile.map(f -> secret(USERNAME_FILE, f)).orElse(null);
        return Optional.of(new RedisCredentials(user, secret(PASSWORD_FILE, passwordFile.get())));
    }

    /** Puts the credentials into {@code options}; refuses endpoints or options that already carry a password. */
    public void applyTo(RedisOptions options) {
        List<String> endpoints = new ArrayList<>();
        options.getEndpoints().forEach(e -> endpoints.add(withUserInfo(e)));
        if (options.getPassword() != null) {
            throw new IllegalArgumentException(PASSWORD_FILE + " and quarkus.redis.password are both set: keep one");
        }
        options.setEndpoints(endpoints);
    }

    private String withUserInfo(String endpoint) {
        URI uri = URI.create(endpoint);
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(PASSWORD_FILE + " is set and quarkus.redis.hosts carries credentials too ("
                    + uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + "): keep one");
        }
        String rest = endpoint.substring(uri.getScheme().length() + "://".length());
        String info = (user == null ? "" : encode(user)) + ":" + encode(password);
        return uri.getScheme() + "://" + info + "@" + rest;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The file's content without its trailing line break ({@code echo secret > file} writes one). */
    private static String secret(String setting, Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw invalid(setting, file, "does not exist");
        } catch (AccessDeniedException e) {
            throw invalid(setting, file, "is not readable (permission denied)");
        } catch (IOException e) {
            throw invalid(setting, file, "cannot be read (" + (Files.isDirectory(file) ? "a directory" : e.getClass().getSimpleName()) + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw invalid(setting, file, "is larger than " + MAX_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        text = text.substring(0, end);
        if (text.isEmpty()) {
            throw invalid(setting, file, "is empty");
        }
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw invalid(setting, file, "holds more than one line (it should hold the bare value)");
        }
        return text;
    }

    private static IllegalArgumentException invalid(String setting, Path file, String problem) {
        return new IllegalArgumentException(setting + ": " + file.toAbsolutePath() + " " + problem);
    }
}
