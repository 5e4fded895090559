package dev.wifbroker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The error shape each endpoint promises, checked on a raw answer: a 4xx, the right media type and a body
 * that parses into the documented fields. Each check returns what is wrong, or empty.
 */
public final class ErrorShapes {
    /** RFC 6749 §5.2: error and error_description are %x20-21 / %x23-5B / %x5D-7E. */
    public static final Pattern RFC6749_TEXT = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*");
    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorShapes() {}

    /** Which endpoint format an answer must have. */
    public enum Shape {
        OAUTH, STS_XML, CONTAINER_JSON, MANAGEMENT_JSON;

        public Optional<String> problem(RawHttp.Reply reply) {
            return switch (this) {
                case OAUTH -> oauth(reply);
                case STS_XML -> stsXml(reply);
                case CONTAINER_JSON -> container(reply);
                case MANAGEMENT_JSON -> management(reply);
            };
        }
    }

    private static Optional<String> status(RawHttp.Reply reply) {
        return reply.status() >= 400 && reply.status() < 500 ? Optional.empty()
                : Optional.of("status " + reply.status() + " is not a 4xx");
    }

    private static Optional<String> mediaType(RawHttp.Reply reply, String expected) {
        String type = reply.header("content-type");
        return type != null && type.toLowerCase().startsWith(expected) ? Optional.empty()
                : Optional.of("content-type " + type + ", expected " + expected);
    }

    private static Optional<JsonNode> json(RawHttp.Reply reply) {
        try {
            JsonNode node = JSON.readTree(reply.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static Optional<String> oauth(RawHttp.Reply reply) {
        Optional<String> p = status(reply).or(() -> mediaType(reply, "application/json"));
        if (p.isPresent()) {
            return p;
        }
        Optional<JsonNode> body = json(reply);
        if (body.isEmpty()) {
            return Optional.of("body is not a JSON object");
        }
        JsonNode b = body.get();
        for (String field : new String[] {"error", "error_description", "reason"}) {
            if (!b.path(field).isTextual() || b.path(field).asText().isEmpty()) {
                return Optional.of("field " + field + " missing");
            }
        }
        if (!RFC6749_TEXT.matcher(b.get("error").asText()).matches()
                || !RFC6749_TEXT.matcher(b.get("error_description").asText()).matches()) {
            return Optional.of("error or error_description outside the RFC 6749 character set: " + b);
        }
        return Optional.empty();
    }

    static Optional<String> stsXml(RawHttp.Reply reply) {
        Optional<String> p = status(reply).or(() -> mediaType(reply, "text/xml"));
        if (p.isPresent()) {
            return p;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(reply.body()));
            Element root = doc.getDocumentElement();
            if (!"ErrorResponse".equals(root.getLocalName()) || !STS_NS.equals(root.getNamespaceURI())) {
                return Optional.of("root element is not STS ErrorResponse");
            }
            for (String name : new String[] {"Type", "Code", "Message", "RequestId"}) {
                if (doc.getElementsByTagNameNS(STS_NS, name).getLength() != 1
                        || doc.getElementsByTagNameNS(STS_NS, name).item(0).getTextContent().isBlank()) {
                    return Optional.of("element " + name + " missing");
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("body is not XML: " + e.getMessage());
        }
    }

    static Optional<String> container(RawHttp.Reply reply) {
        Optional<String> p = status(reply).or(() -> mediaType(reply, "application/json"));
        if (p.isPresent()) {
            return p;
        }
        Optional<JsonNode> body = json(reply);
        if (body.isEmpty() || !body.get().path("Code").isTextual() || !body.get().path("Message").isTextual()
                || !body.get().path("code").isTextual() || !body.get().path("reason").isTextual()) {
            return Optional.of("body lacks Code, Message, code, reason");
        }
        return Optional.empty();
    }

    static Optional<String> management(RawHttp.Reply reply) {
        Optional<String> p = status(reply).or(() -> mediaType(reply, "application/json"));
        if (p.isPresent()) {
            return p;
        }
        Optional<JsonNode> body = json(reply);
        if (body.isEmpty() || !body.get().path("reason").isTextual() || !body.get().path("detail").isTextual()) {
            return Optional.of("body lacks reason and detail");
        }
        return Optional.empty();
    }
}
