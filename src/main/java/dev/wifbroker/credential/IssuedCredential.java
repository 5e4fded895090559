package dev.wifbroker.credential;

import java.time.Instant;
import java.util.List;

/** What an exchange hands back; each protocol adapter renders the kinds it can carry. */
public sealed interface IssuedCredential {

    /** Seconds-precision expiry, for {@code expires_in} and audit. */
    Instant expiresAt();

    /** The secret part, for the audit fingerprint only. */
    String secret();

    /** A short label for audit: internal, aws, gcp, azure, azure-assertion. */
    String kind();

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
    }

    /** Temporary AWS credentials from STS. */
    record AwsSession(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt,
            String assumedRoleArn) implements IssuedCredential {
        @Override
        public String secret() {
            return secretAccessKey + sessionToken;
        }

        @Override
        public String kind() {
            return "aws";
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
    }
}
