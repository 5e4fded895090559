package dev.wifbroker.credential.shared;

import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.template.TemplateCharset;
import dev.wifbroker.text.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The digest naming a {@link CredentialCache.Key} in the shared store: SHA-256 over an injective encoding of
 * the key, so two keys share an entry only if they are equal. Claim values come from tokens, so a
 * {@code toString} (where {@code "x, b=y"} reads like two fields) would let one workload's request name another's
 * entry. Every value is written with a type tag and a length prefix; strings as their UTF-16 code units (a
 * UTF-8 encoder would map every unpaired surrogate to the same {@code ?}); map entries sorted by their
 * encoding; records component by component, reflectively, so a field added to a target later is covered.
 * Hand-written because no library encoding is injective on these Java values (JSON maps {@code Optional.empty()}
 * and {@code null}, {@code 1} and {@code 1L}, to the same text). A value of another type is refused: such a key
 * is not shared.
 */
public final class CanonicalKey {
    private static final String VERSION = "wif-credential-key/1";

    private CanonicalKey() {}

    /** Hex SHA-256 of the key's encoding; throws {@link IllegalArgumentException} for a value it cannot encode. */
    public static String digest(CredentialCache.Key key) {
        return HexFormat.of().formatHex(Sha256.digest(encode(key)));
    }

    static byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            text(out, VERSION);
            write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte('N');
        } else if (value instanceof String s) {
            tagged(out, 'S', s);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? 'T' : 'F');
        } else if (value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof BigInteger || value instanceof BigDecimal) {
            // The class is part of the value: 1 and 1L are unequal keys. toString is exact for each of these.
            tagged(out, '#', value.getClass().getSimpleName());
            text(out, value.toString());
        } else if (value instanceof Duration || value instanceof Instant) {
            tagged(out, value instanceof Duration ? 'D' : 'I', value.toString());
        } else if (value instanceof Enum<?> e) {
            tagged(out, 'E', e.getDeclaringClass().getName());
            text(out, e.name());
        } else if (value instanceof TemplateCharset c) {
            // Written as the enum constant it was before each kind declared its own charsets: keys keep their digests.
            tagged(out, 'E', TemplateCharset.class.getName());
            text(out, c.name());
        } else if (value instanceof Optional<?> o) {
            out.writeByte(o.isPresent() ? 'P' : 'A');
            if (o.isPresent()) {
                write(out, o.get());
            }
        } else if (value instanceof List<?> list) {
            out.writeByte('L');
            out.writeInt(list.size());
            for (Object item : list) {
                write(out, item);
            }
        } else if (value instanceof Map<?, ?> map) {
            map(out, map);
        } else if (value instanceof Record r) {
            record(out, r);
        } else {
            throw new IllegalArgumentException("no canonical encoding for a " + value.getClass().getName());
        }
    }

    private static void map(DataOutputStream out, Map<?, ?> map) throws IOException {
        List<byte[][]> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.add(new byte[][] {encode(e.getKey()), encode(e.getValue())});
        }
        entries.sort((a, b) -> Arrays.compare(a[0], b[0]));
        out.writeByte('M');
        out.writeInt(entries.size());
        for (byte[][] e : entries) {
            out.writeInt(e[0].length);
            out.write(e[0]);
            out.writeInt(e[1].length);
            out.write(e[1]);
        }
    }

    private static void record(DataOutputStream out, Record r) throws IOException {
        RecordComponent[] components = r.getClass().getRecordComponents();
        tagged(out, 'R', r.getClass().getName());
        out.writeInt(components.length);
        for (RecordComponent c : components) {
            text(out, c.getName());
            try {
                write(out, c.getAccessor().invoke(r));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("cannot read " + r.getClass().getSimpleName() + "." + c.getName());
            }
        }
    }

    private static void tagged(DataOutputStream out, char tag, String text) throws IOException {
        out.writeByte(tag);
        text(out, text);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        out.writeInt(s.length());
        out.writeChars(s);
    }
}
