package dev.wifbroker.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;
import dev.wifbroker.text.CallerText;

/**
 * Reads a {@link FormBody} from the buffered request body (no blocking on the I/O thread): at most
 * {@value #MAX_BYTES} bytes (413 beyond), in UTF-8 unless the media type names US-ASCII or ISO-8859-1
 * (415 for any other charset), decoded strictly by {@link FormDecoder} (400 for malformed encoding).
 */
@Provider
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class FormBodyReader implements ServerMessageBodyReader<FormBody> {
    /** Four times the largest token the verifier accepts by default, with room for the other parameters. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final Set<Charset> CHARSETS = Set.of(StandardCharsets.UTF_8, StandardCharsets.US_ASCII,
            StandardCharsets.ISO_8859_1);

    @Override
    public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod, MediaType mediaType) {
        return type == FormBody.class;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == FormBody.class;
    }

    @Override
    public FormBody readFrom(Class<FormBody> type, Type genericType, MediaType mediaType, ServerRequestContext context)
            throws IOException {
        return read(mediaType, context.getInputStream());
    }

    @Override
    public FormBody readFrom(Class<FormBody> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        return read(mediaType, entityStream);
    }

    static FormBody read(MediaType mediaType, InputStream in) throws IOException {
        Charset charset = charset(mediaType);
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        return FormDecoder.decode(body, charset);
    }

    static RequestRejected tooLarge() {
        return new RequestRejected(413, "the request body is larger than " + MAX_BYTES + " bytes");
    }

    private static Charset charset(MediaType mediaType) {
        String name = mediaType == null ? null : mediaType.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        String unquoted = name.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        try {
            Charset charset = Charset.forName(unquoted);
            if (CHARSETS.contains(charset)) {
                return charset;
            }
        } catch (IllegalArgumentException e) {
            // Not a charset name at all, or unknown here: refused like a known but unsupported one.
        }
        throw new RequestRejected(415, "charset " + CallerText.quoted(name) + " is not supported: send the form in UTF-8");
    }
}
