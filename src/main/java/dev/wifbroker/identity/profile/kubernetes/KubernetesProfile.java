package dev.wifbroker.identity.profile.kubernetes;

import dev.wifbroker.identity.profile.ClaimValues;
import dev.wifbroker.identity.profile.IssuerProfile;
import dev.wifbroker.identity.profile.ProfileKind;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Projected Kubernetes service-account tokens. The nested {@code kubernetes.io} claim becomes flat
 * attributes; the namespace and account fall back to the {@code system:serviceaccount:NS:NAME} subject.
 */
public final class KubernetesProfile implements IssuerProfile {
    private static final Pattern SUBJECT = Pattern.compile("system:serviceaccount:([^:]+):([^:]+)");
    private static final Map<String, String> CLAIM_TO_ATTRIBUTE = Map.of(
            "kubernetes.io.namespace", "namespace",
            "kubernetes.io.serviceaccount.name", "service_account",
            "kubernetes.io.serviceaccount.uid", "service_account_uid",
            "kubernetes.io.pod.name", "pod",
            "kubernetes.io.pod.uid", "pod_uid",
            "kubernetes.io.node.name", "node",
            "kubernetes.io.node.uid", "node_uid",
            "kubernetes.io.secret.name", "secret");
    private static final Map<String, List<String>> VOCABULARY = vocabulary0();

    @Override
    public ProfileKind kind() {
        return ProfileKind.KUBERNETES;
    }

    @Override
    public List<String> defaultAlgorithms() {
        return List.of("RS256", "ES256");
    }

    @Override
    public Duration defaultMaxTokenAge() {
        return Duration.ofHours(24);
    }

    /** Refuses the legacy one-year default tokens; projected tokens are capped at 24 h by kubelet rotation. */
    @Override
    public Duration defaultMaxLifetime() {
        return Duration.ofHours(48);
    }

    @Override
    public void checkIssuerUrl(URI url, Consumer<String> error) {
        // Cluster issuers take any shape (EKS, AKS, GKE, self-managed); nothing to check.
    }

    @Override
    public boolean multiTenant(URI url) {
        return false;
    }

    @Override
    public Map<String, Object> normalize(Map<String, Object> flat) {
        Map<String, Object> out = new LinkedHashMap<>();
        CLAIM_TO_ATTRIBUTE.forEach((claim, attribute) -> ClaimValues.copy(flat, claim, out, attribute));
        if (flat.get("sub") instanceof String sub) {
            Matcher m = SUBJECT.matcher(sub);
            if (m.matches()) {
                out.putIfAbsent("namespace", m.group(1));
                out.putIfAbsent("service_account", m.group(2));
            }
        }
        return out;
    }

    @Override
    public Map<String, List<String>> vocabulary() {
        return VOCABULARY;
    }

    private static Map<String, List<String>> vocabulary0() {
        Map<String, List<String>> v = new LinkedHashMap<>();
        CLAIM_TO_ATTRIBUTE.values().forEach(a -> v.put(a, List.of()));
        return Map.copyOf(v);
    }
}
