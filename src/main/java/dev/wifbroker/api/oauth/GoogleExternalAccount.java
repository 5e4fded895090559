package dev.wifbroker.api.oauth;

import dev.wifbroker.credential.gcp.GcpKind;
import dev.wifbroker.exchange.ExchangeRequest;
import java.util.Optional;

/**
 * {@code /v1/token} as the {@code token_url} of a Google {@code external_account} credential
 * configuration. The Google auth libraries send an ordinary RFC 8693 form ({@code audience} = the
 * config's {@code audience}, which names the role; {@code subject_token_type} jwt; {@code scope};
 * {@code requested_token_type} access_token) and expect {@code access_token}, {@code issued_token_type},
 * {@code token_type} and {@code expires_in}, which every access-token answer has. What they cannot send
 * is our {@code target} parameter, so a request that carries their {@code x-goog-api-client} marker
 * ({@code google-byoid-sdk}, sent by the Java, Python, Go and Node libraries) selects the role's
 * {@code gcp} target: a Google client always wants a Google token, even from a role with several targets.
 */
final class GoogleExternalAccount {
    static final String CLIENT_HEADER = "x-goog-api-client";
    private static final String MARKER = "google-byoid-sdk";

    private GoogleExternalAccount() {}

    /** {@code request} with the gcp target selected when a Google library sent it and named no target itself. */
    static ExchangeRequest selectTarget(ExchangeRequest request, String clientHeader) {
        if (request.target().isPresent() || clientHeader == null || !clientHeader.contains(MARKER)) {
            return request;
        }
        return new ExchangeRequest(request.subjectToken(), request.role(), request.scopes(), request.lifetime(),
                Optional.of(GcpKind.NAME), request.clientAddress());
    }
}
