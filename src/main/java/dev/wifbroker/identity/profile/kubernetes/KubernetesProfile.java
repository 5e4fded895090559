package dev.wifbroker.identity.profile.kubernetes;

import dev.wifbroker.identity.profile.ProfileHooks;
import dev.wifbroker.identity.profile.ProfileSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Projected Kubernetes service-account tokens. The nested {@code kubernetes.io} claim becomes flat
 * attributes; the namespace and account fall back to the {@code system:serviceaccount:NS:NAME} subject.
 */
public final class KubernetesProfile {
    private static final Pattern SUBJECT = Pattern.compile("system:serviceaccount:([^:]+):([^:]+)");

    /*
     * Max lifetime 48 h refuses the legacy one-year default tokens; projected tokens are capped at 24 h by kubelet
     * rotation. Cluster issuers take any URL shape (EKS, AKS, GKE, self-managed), so there is no URL rule.
     */
    public static final ProfileSpec SPEC = ProfileSpec.builder(
                    new ProfileSpec.Defaults(List.of("RS256", "ES256"), Duration.ofHours(24), Duration.ofHours(48)))
            .claim("kubernetes.io.namespace", "namespace")
            .claim("kubernetes.io.serviceaccount.name", "service_account")
            .claim("kubernetes.io.serviceaccount.uid", "service_account_uid")
            .claim("kubernetes.io.pod.name", "pod")
            .claim("kubernetes.io.pod.uid", "pod_uid")
            .claim("kubernetes.io.node.name", "node")
            .claim("kubernetes.io.node.uid", "node_uid")
            .claim("kubernetes.io.secret.name", "secret")
            .prefix("kubernetes.io.", Optional.empty())
            .sometimesAbsent("pod", "a service-account token names a pod only when it is bound to one: projected volume"
                    + " tokens are, TokenRequest tokens without a bound object are not")
            .sometimesAbsent("pod_uid", "a service-account token names a pod only when it is bound to one")
            .sometimesAbsent("node", "a service-account token names a node only on clusters that bind tokens to nodes")
            .sometimesAbsent("node_uid", "a service-account token names a node only on clusters that bind tokens to nodes")
            .sometimesAbsent("secret", "a service-account token names a secret only when it is bound to one")
            .sharedAudience("https://kubernetes\\.default\\.svc(\\.cluster\\.local)?/?")
            .hooks(ProfileHooks.NONE.withClaims(KubernetesProfile::subjectFallback))
            .build();

    private KubernetesProfile() {}

    /** Where the nested claim lacks them, the namespace and account come from the {@code system:serviceaccount:NS:NAME} subject. */
    private static void subjectFallback(Map<String, Object> flat, Map<String, Object> out) {
        if (flat.get("sub") instanceof String sub) {
            Matcher m = SUBJECT.matcher(sub);
            if (m.matches()) {
                out.putIfAbsent("namespace", m.group(1));
                out.putIfAbsent("service_account", m.group(2));
            }
        }
    }
}
