package dev.wifbroker.policy.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.yaml.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code no-audience-binding}: an issuer's audience must be the broker's own, not one a cloud, a tool or an issuer's
 * default audience shares (those of the issuer profiles come from their specs).
 */
class AudienceLintTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> refused {1}")
    @CsvSource({
            "sts.amazonaws.com, true",
            "https://github.com/acme, true",
            "https://gitlab.com, true",
            "https://gitlab.com/, true",
            "https://kubernetes.default.svc, true",
            "https://kubernetes.default.svc.cluster.local, true",
            "https://token.actions.githubusercontent.com/x, true",
            "https://broker.example.com, false",
            "https://github.com/acme/app, false",
    })
    void an_audience_another_relying_party_accepts_is_refused(String audience, boolean refused) {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).write("issuers/github.yaml", "name: github\nprofile: github-actions\n"
                + "url: https://token.actions.githubusercontent.com\naudiences: [\"" + audience + "\"]\n");
        List<Problem> hits = PolicyLoader.load(dir.path()).problems().stream()
                .filter(p -> p.message().startsWith("[no-audience-binding]")).toList();
        assertThat(hits.isEmpty()).as(hits.toString()).isEqualTo(!refused);
    }
}
