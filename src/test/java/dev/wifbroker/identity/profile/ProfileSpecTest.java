package dev.wifbroker.identity.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every profile's spec is consistent with itself: the lint and explain tables name only attributes it emits. */
class ProfileSpecTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProfileKind.class)
    void every_attribute_a_spec_table_names_is_one_the_profile_emits(ProfileKind kind) {
        IssuerProfile profile = IssuerProfiles.of(kind);
        ProfileSpec spec = profile.spec();
        List<String> named = new ArrayList<>(spec.sometimesAbsent().keySet());
        named.addAll(spec.numericIds());
        spec.valueShapes().forEach(s -> named.add(s.attribute()));
        spec.immutableIds().forEach((name, ids) -> {
            named.add(name);
            named.addAll(ids);
        });
        named.addAll(spec.ownerPaths());
        named.addAll(spec.tenancy().claims().keySet());
        if (spec.triggers().attribute() != null) {
            named.add(spec.triggers().attribute());
        }
        named.addAll(spec.triggers().gates());
        spec.triggers().privileged().forEach(p -> {
            named.add(p.attribute());
            named.addAll(p.guards());
            named.addAll(p.alsoCaughtBy().keySet());
        });
        named.addAll(spec.absentHints().keySet());
        assertThat(named).allSatisfy(name -> assertThat(profile.emits(name)).as(kind + " emits " + name).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProfileKind.class)
    void defaults_are_asymmetric_algorithms_and_positive_bounds(ProfileKind kind) {
        ProfileSpec.Defaults d = IssuerProfiles.of(kind).spec().defaults();
        assertThat(d.algorithms()).isNotEmpty().allSatisfy(alg -> assertThat(alg).matches("(RS|ES|PS)\\d{3}"));
        assertThat(d.maxTokenAge()).isPositive();
        assertThat(d.maxLifetime()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProfileKind.class)
    void a_multi_tenant_profile_names_its_tenant_claims(ProfileKind kind) {
        Tenancy t = IssuerProfiles.of(kind).spec().tenancy();
        if (t.shared().isPresent()) {
            assertThat(t.claims()).containsValue(Tenancy.TenantClaim.REPOSITORY_ID);
            assertThat(t.example()).isNotBlank();
        } else {
            assertThat(t.claims()).isEmpty();
        }
    }

    @Test
    void a_value_set_for_an_attribute_the_profile_never_emits_is_refused() {
        ProfileSpec.Builder b = ProfileSpec.builder(new ProfileSpec.Defaults(List.of("RS256"), Duration.ofHours(1),
                Duration.ofHours(1))).sameName("ref_type").values("ref_typ", "branch", "tag");
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ref_typ'");
    }

    @Test
    void the_issuer_schema_lists_every_profile_id() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Path.of("trust-policies/schema/issuer.schema.json").toFile());
        List<String> listed = new ArrayList<>();
        schema.at("/properties/profile/enum").forEach(n -> listed.add(n.asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(Stream.of(ProfileKind.values()).map(ProfileKind::id).toList());
    }

    @Test
    void the_registry_builds_each_profile_once_in_kind_order() {
        assertThat(IssuerProfiles.all()).extracting(IssuerProfile::kind).containsExactly(ProfileKind.values());
        assertThat(Stream.of(ProfileKind.values()).map(IssuerProfiles::of)).allSatisfy(p ->
                assertThat(IssuerProfiles.of(p.kind())).isSameAs(p));
    }
}
