package dev.wifbroker.credential;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an exchange hands back; each protocol adapter renders the kinds it can carry. */
public sealed interface IssuedCredential {

    /** Seconds-precision expiry, for {@code expires_in} and audit. */
    Instant expiresAt();

    /** The secret part, for the audit fingerprint only. */
    String secret();

    /** A short label for audit: internal, admin, aws, gcp, azure, azure-assertion. */
    String kind();

    /** Rendering hint for the RFC 8693 answer of {@code POST /v1/token}. */
    TokenResponse tokenResponse();

    /**
     * What an RFC 8693 answer carries for a credential, besides {@code expires_in}.
     *
     * @param scopes for {@code scope}; empty: no {@code scope} member
     * @param extra further members, in order (AWS: the session's three parts and its expiration)
     */
    record TokenResponse(String accessToken, String issuedTokenType, String tokenType, List<String> scopes,
            Map<String, Object> extra) {
        public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
        public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

        public TokenResponse {
            scopes = List.copyOf(scopes);
            extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }

        /** The member names only: the values are the credential. */
        @Override
        public String toString() {
            return "TokenResponse[issuedTokenType=" + issuedTokenType + ", tokenType=" + tokenType + ", scopes=" + scopes
                    + ", extra=" + extra.keySet() + "]";
        }
    }

    /** A broker-signed access token (RFC 9068) for an internal service. */
    record InternalToken(String token, String jti, List<String> scopes, Instant expiresAt) implements IssuedCredential {
        @Override
        public String secret() {
            return token;
        }

        @Override
        public String kind() {
            return "internal";
        }

        @Override
        public TokenResponse tokenResponse() {
            return new TokenResponse(token, TokenResponse.ACCESS_TOKEN, "Bearer", scopes, Map.of());
        }

        // A record would print the token itself: every credential names only what identifies it.
        @Override
        public String toString() {
            return "InternalToken[jti=" + jti + ", scopes=" + scopes + ", exp=" + expiresAt + "]";
        }
    }

    /** A broker-signed admin token for the operator API ({@code credential.admin}); {@code permissions} for {@code scope}. */
    record AdminToken(String token, String jti, List<String> permissions, Instant expiresAt) implements IssuedCredential {
        @Override
        public String secret() {
            return token;
        }

        @Override
        public String kind() {
            return "admin";
        }

        @Override
        public TokenResponse tokenResponse() {
            return new TokenResponse(token, TokenResponse.ACCESS_TOKEN, "Bearer", permissions, Map.of());
        }

        @Override
        public String toString() {
            return "AdminToken[jti=" + jti + ", permissions=" + permissions + ", exp=" + expiresAt + "]";
        }
    }

    /** Temporary AWS credentials from STS. */
    record AwsSession(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt,
            String assumedRoleArn) implements IssuedCredential {
        /** The {@code issued_token_type} of an AWS session in an RFC 8693 answer (not a registered URN). */
        public static final String TOKEN_TYPE = "urn:wif-broker:token-type:aws-credentials";

        @Override
        public String secret() {
            return secretAccessKey + sessionToken;
        }

        @Override
        public String kind() {
            return "aws";
        }

        /** RFC 8693 needs {@code access_token}; the session token fills it, the other two parts ride alongside. */
        @Override
        public TokenResponse tokenResponse() {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("aws_access_key_id", accessKeyId);
            extra.put("aws_secret_access_key", secretAccessKey);
            extra.put("aws_session_token", sessionToken);
            extra.put("expiration", DateTimeFormatter.ISO_INSTANT.format(expiresAt));
            return new TokenResponse(sessionToken, TOKEN_TYPE, "N_A", List.of(), extra);
        }

        /** Without the secret key and session token, so a stray log line cannot leak them. */
        @Override
        public String toString() {
            return "AwsSession[accessKeyId=" + accessKeyId + ", expiresAt=" + expiresAt + ", assumedRoleArn=" + assumedRoleArn + "]";
        }
    }

    /**
     * An OAuth access token from a cloud (GCP STS / IAM Credentials, Entra).
     *
     * @param cloud {@code gcp} or {@code azure}
     */
    record CloudAccessToken(String cloud, String token, String tokenType, Instant expiresAt, List<String> scopes)
            implements IssuedCredential {
        @Override
        public String secret() {
            return token;
        }

        @Override
        public String kind() {
            return cloud;
        }

        @Override
        public TokenResponse tokenResponse() {
            return new TokenResponse(token, TokenResponse.ACCESS_TOKEN, tokenType == null ? "Bearer" : tokenType, scopes, Map.of());
        }

        @Override
        public String toString() {
            return "CloudAccessToken[cloud=" + cloud + ", scopes=" + scopes + ", exp=" + expiresAt + "]";
        }
    }

    /** A broker-signed assertion for a workload to present itself (Azure's federated credential file). */
    record Assertion(String token, String audience, Instant expiresAt) implements IssuedCredential {
        @Override
        public String secret() {
            return token;
        }

        @Override
        public String kind() {
            return "azure-assertion";
        }

        @Override
        public TokenResponse tokenResponse() {
            return new TokenResponse(token, TokenResponse.JWT, "N_A", List.of(), Map.of());
        }

        @Override
        public String toString() {
            return "Assertion[audience=" + audience + ", exp=" + expiresAt + "]";
        }
    }
}
