package dev.wifbroker.api.wellknown;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /schemas/{issuer,role,test}.schema.json}: the JSON Schemas of policy files, so editors
 * can validate and autocomplete against the broker they deploy to. Read once at start.
 */
@Path("/schemas")
public class SchemaResource {
    private static final Map<String, byte[]> SCHEMAS = Map.of(
            "issuer.schema.json", load("issuer.schema.json"),
            "role.schema.json", load("role.schema.json"),
            "test.schema.json", load("test.schema.json"));

    @GET
    @Path("/{name}")
    public Response schema(@PathParam("name") String name) {
        byte[] body = SCHEMAS.get(name);
        if (body == null) {
            return Response.status(404).type("application/json")
                    .entity("{\"error\":\"not_found\",\"error_description\":\"schemas: " + String.join(", ", SCHEMAS.keySet())
                            + "\"}").build();
        }
        return Response.ok(body, "application/schema+json").header("Cache-Control", "public, max-age=3600").build();
    }

    private static byte[] load(String name) {
        try (InputStream in = SchemaResource.class.getResourceAsStream("/schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
