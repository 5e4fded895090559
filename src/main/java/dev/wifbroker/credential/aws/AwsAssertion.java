package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.Grant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of the assertion the broker presents to STS {@code AssumeRoleWithWebIdentity}.
 *
 * <pre>
 * iss  the broker's issuer URL (the IAM OIDC provider's URL)
 * aud  broker.aws.audience (a client ID of that provider; default sts.amazonaws.com)
 * sub  role:&lt;broker role&gt;:&lt;issuer name&gt;:&lt;workload sub&gt;
 * iat, nbf, exp (iat + broker.aws.assertion-lifetime), jti
 * https://aws.amazon.com/tags             {"principal_tags": {"k": ["v"]}}   only when the target has tags
 * https://aws.amazon.com/source_identity  "value"                            only when the target sets one
 * </pre>
 *
 * The {@code sub} starts with {@code role:<broker role>:} so an IAM trust policy binds an AWS role to one
 * broker role with {@code StringLike "<host>:sub": "role:payments-deploy:*"} (role names cannot contain
 * {@code :}). STS caps the subject at 255 characters; a longer one keeps the role prefix and replaces the
 * workload part by {@code sha256:<hex of the workload>}.
 */
final class AwsAssertion {
    static final String TAGS_CLAIM = "https://aws.amazon.com/tags";
    static final String SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity";
    static final int MAX_SUBJECT = 255;

    private AwsAssertion() {}

    static String subject(String role, String workload) {
        return Grant.roleSubject(role, workload, MAX_SUBJECT, String::length, HexFormat.of()::formatHex);
    }

    /** The session claims beside the standard ones {@code CloudAssertionSigner} sets; empty without tags or source identity. */
    static Map<String, Object> sessionClaims(AwsSessionSpec session) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (!session.tags().isEmpty()) {
            Map<String, Object> principalTags = new LinkedHashMap<>();
            session.tags().forEach((key, value) -> principalTags.put(key, List.of(value)));
            claims.put(TAGS_CLAIM, Map.of("principal_tags", principalTags));
        }
        session.sourceIdentity().ifPresent(s -> claims.put(SOURCE_IDENTITY_CLAIM, s));
        return claims;
    }
}
