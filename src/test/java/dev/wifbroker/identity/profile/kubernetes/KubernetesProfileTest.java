package dev.wifbroker.identity.profile.kubernetes;

import static dev.wifbroker.identity.profile.ProfileTokens.EC;
import static dev.wifbroker.identity.profile.ProfileTokens.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.ProfileKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kubernetes service-account tokens, signed and verified end to end, and the profile's hooks. */
class KubernetesProfileTest {

    @Test
    void nested_claims_become_flat_attributes() throws Exception {
        IdentityView id = verify("kubernetes/payments-api.json", EC, "ES256");
        assertThat(id.subject()).isEqualTo("system:serviceaccount:payments:api");
        assertThat(id.attributes()).containsEntry("namespace", "payments")
                .containsEntry("service_account", "api")
                .containsEntry("service_account_uid", "a087d5a0-e1dd-43ec-93ac-f13d89cd13af")
                .containsEntry("pod", "api-7d9c-xk2p")
                .containsEntry("pod_uid", "778a530c-b3f4-47c0-9cd5-ab018fb64f33")
                .containsEntry("node", "ip-10-0-1-2.ec2.internal")
                .containsEntry("kubernetes.io.namespace", "payments")
                .containsEntry("aud", List.of("https://broker.example.com"));
    }

    @Test
    void the_namespace_and_account_fall_back_to_the_subject() {
        Map<String, Object> attrs = IssuerProfiles.of(ProfileKind.KUBERNETES)
                .normalize(Map.of("sub", "system:serviceaccount:batch:reporter"));
        assertThat(attrs).containsEntry("namespace", "batch").containsEntry("service_account", "reporter");
    }

    @Test
    void the_nested_claim_wins_over_the_subject() {
        Map<String, Object> attrs = IssuerProfiles.of(ProfileKind.KUBERNETES).normalize(Map.of(
                "sub", "system:serviceaccount:batch:reporter", "kubernetes.io.namespace", "payments"));
        assertThat(attrs).containsEntry("namespace", "payments").containsEntry("service_account", "reporter");
    }

    @Test
    void any_cluster_issuer_url_is_accepted_and_none_is_shared() {
        List<String> errors = new ArrayList<>();
        URI eks = URI.create("https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE");
        IssuerProfiles.of(ProfileKind.KUBERNETES).checkIssuerUrl(eks, errors::add);
        assertThat(errors).isEmpty();
        assertThat(IssuerProfiles.of(ProfileKind.KUBERNETES).multiTenant(eks)).isFalse();
    }
}
