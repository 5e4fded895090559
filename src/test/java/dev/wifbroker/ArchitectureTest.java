package dev.wifbroker;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.JavaFieldAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.credential.SharedTier;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.identity.KeySources;
import dev.wifbroker.identity.profile.ProfileKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: api → exchange → the stages; the stages never reach back. Only the broker's own
 * compiled classes are imported (not the class path's jars), and referenced library classes are not resolved
 * ({@code archunit.properties}): every rule is about {@code dev.wifbroker} packages.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPath(Path.of("target", "classes"));
    }

    /**
     * The API reads policy and identity through their published types (the policy set and runtime, the model,
     * explain; the verifier, its results and the profile interface), never through how they are built: matchers,
     * CEL, lints, the role and test-file parsers, key sources, one vendor's profile package. (The issuer config
     * record {@code identity.issuer.IssuerSpec} is still read by api.admin; it leaves when issue 11 item 4 lands.)
     */
    @Test
    void apiUsesNoPolicyOrIdentityInternals() {
        noClasses().that().resideInAPackage("dev.wifbroker.api..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.wifbroker.policy.match..", "dev.wifbroker.policy.cel..", "dev.wifbroker.policy.lint..",
                        "dev.wifbroker.policy.role..", "dev.wifbroker.policy.testing..", "dev.wifbroker.identity.jwks..",
                        "dev.wifbroker.identity.profile.*..")
                .check(classes);
    }

    @Test
    void identityDependsOnNoLaterStage() {
        noClasses().that().resideInAPackage("dev.wifbroker.identity..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.wifbroker.policy..", "dev.wifbroker.exchange..", "dev.wifbroker.api..",
                        "dev.wifbroker.guard..", "dev.wifbroker.credential..", "dev.wifbroker.keys..")
                .check(classes);
    }

    @Test
    void policyNeverDependsOnTheExchangeOrTheApi() {
        noClasses().that().resideInAPackage("dev.wifbroker.policy..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.wifbroker.exchange..", "dev.wifbroker.api..")
                .check(classes);
    }

    /** The policy model reads the targets' published types (records, templates, parsers), never a minter or a cache. */
    @Test
    void policyReadsCredentialTypesButNoCredentialBean() {
        noClasses().that().resideInAPackage("dev.wifbroker.policy..").should().dependOnClassesThat(
                resideInAPackage("dev.wifbroker.credential..").and(annotatedWith(Singleton.class)
                        .or(annotatedWith(ApplicationScoped.class)).or(resideInAPackage("dev.wifbroker.credential.shared.."))))
                .check(classes);
    }

    /**
     * Policy knows identity and credential through their types only: never the credential cache or its shared tier,
     * and never a bean of either package (a scoped class, a minter, or a type a {@code @Produces} member outside policy
     * makes a bean: the verifier, the cache). {@code KeySources} is the one bean it reads, and only its runtime does
     * ({@link #onlyThePolicyRuntimeBuildsKeySources}); the {@code IssuerLookup} the runtime itself produces is its own.
     */
    @Test
    void policyUsesNoCredentialCacheAndNoIdentityOrCredentialBean() {
        Set<String> produced = classes.stream().filter(c -> !c.getPackageName().startsWith("dev.wifbroker.policy"))
                .flatMap(c -> Stream.concat(c.getMethods().stream().filter(m -> m.isAnnotatedWith(Produces.class))
                                .map(m -> m.getRawReturnType()),
                        c.getFields().stream().filter(f -> f.isAnnotatedWith(Produces.class)).map(f -> f.getRawType())))
                .map(JavaClass::getName).collect(Collectors.toSet());
        DescribedPredicate<JavaClass> bean = DescribedPredicate.describe("are beans (scoped, minters or produced)",
                c -> c.isAnnotatedWith(Singleton.class) || c.isAnnotatedWith(ApplicationScoped.class)
                        || c.isAnnotatedWith(Dependent.class) || c.isAnnotatedWith(RequestScoped.class)
                        || c.isAssignableTo(TargetMinter.class) || produced.contains(c.getName()));
        noClasses().that().resideInAPackage("dev.wifbroker.policy..").should().dependOnClassesThat(
                belongToAnyOf(CredentialCache.class, SharedTier.class)
                        .or(resideInAPackage("dev.wifbroker.credential.shared.."))
                        .or(resideInAnyPackage("dev.wifbroker.credential..", "dev.wifbroker.identity..").and(bean)
                                .and(not(belongToAnyOf(KeySources.class)))))
                .check(classes);
    }

    /** Kinds depend on the template engine and the shared tier on the kinds' types, one way: no cycle among them. */
    @Test
    void credentialSubPackagesHaveNoCycle() {
        slices().matching("dev.wifbroker.credential.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** The exchange reads a verified token's {@code TokenIssuer} and the policy set, never the issuer configuration record. */
    @Test
    void theExchangeNeverReadsTheIssuerConfiguration() {
        noClasses().that().resideInAPackage("dev.wifbroker.exchange..").should().dependOnClassesThat()
                .belongToAnyOf(dev.wifbroker.identity.issuer.IssuerSpec.class, dev.wifbroker.identity.issuer.IssuerCatalog.class)
                .check(classes);
    }

    /** One snapshot in force: only the policy runtime builds key sources, beside the set they belong to. */
    @Test
    void onlyThePolicyRuntimeBuildsKeySources() {
        noClasses().that().resideOutsideOfPackages("dev.wifbroker.identity", "dev.wifbroker.policy.runtime")
                .should().dependOnClassesThat().belongToAnyOf(dev.wifbroker.identity.KeySources.class)
                .check(classes);
    }

    @Test
    void guardsAuditAndKeysStandAlone() {
        noClasses().that().resideInAnyPackage("dev.wifbroker.guard..", "dev.wifbroker.audit..", "dev.wifbroker.keys..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("dev.wifbroker.identity..", "dev.wifbroker.policy..", "dev.wifbroker.exchange..",
                        "dev.wifbroker.api..", "dev.wifbroker.credential..")
                .check(classes);
    }

    /** The targets own their types; the policy model depends on them, never the reverse. */
    @Test
    void credentialDependsOnNoPolicy() {
        noClasses().that().resideInAPackage("dev.wifbroker.credential..").should().dependOnClassesThat()
                .resideInAPackage("dev.wifbroker.policy..").check(classes);
    }

    /** Outside {@code credential/} code sees {@code CredentialTarget} and the registry, never one kind's record. */
    @Test
    void nothingOutsideCredentialNamesAConcreteTargetType() {
        noClasses().that().resideOutsideOfPackage("dev.wifbroker.credential..").should().dependOnClassesThat(
                assignableTo(CredentialTarget.class).and(not(type(CredentialTarget.class)))).check(classes);
    }

    @Test
    void onlyTheSharedCredentialTierReachesTheStateStore() {
        noClasses().that().resideInAPackage("dev.wifbroker.credential..").and()
                .resideOutsideOfPackage("dev.wifbroker.credential.shared..").should().dependOnClassesThat()
                .resideInAPackage("dev.wifbroker.guard..").check(classes);
    }

    @Test
    void onlyTheApiUsesTheExchange() {
        noClasses().that().resideOutsideOfPackages("dev.wifbroker.api..", "dev.wifbroker.exchange..")
                .should().dependOnClassesThat().resideInAPackage("dev.wifbroker.exchange..")
                .check(classes);
    }

    /** The provider choice is made before everything else, so it can use nothing else. */
    @Test
    void cryptoDependsOnNothingInTheBroker() {
        noClasses().that().resideInAPackage("dev.wifbroker.crypto..").should().dependOnClassesThat(
                resideInAPackage("dev.wifbroker..").and(not(resideInAPackage("dev.wifbroker.crypto..")))).check(classes);
    }

    @Test
    void callerTextDependsOnNothingInTheBroker() {
        noClasses().that().resideInAPackage("dev.wifbroker.text..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.wifbroker.api..", "dev.wifbroker.exchange..", "dev.wifbroker.audit..",
                        "dev.wifbroker.identity..", "dev.wifbroker.policy..", "dev.wifbroker.credential..")
                .check(classes);
    }

    /**
     * Lints and explain read vendor facts from the profile specs through {@code IssuerProfiles}: they name no profile
     * folder's class and compare with no {@code ProfileKind} constant (a switch over the kinds reads them too), so a
     * new profile needs no edit there.
     */
    @Test
    void lintsAndExplainReadProfilesOnlyThroughTheRegistry() {
        noClasses().that().resideInAnyPackage("dev.wifbroker.policy.lint..", "dev.wifbroker.policy.explain..")
                .should().dependOnClassesThat(resideInAPackage("dev.wifbroker.identity.profile..")
                        .and(not(resideInAPackage("dev.wifbroker.identity.profile"))).as("are in a profile folder (identity.profile.<kind>)"))
                .orShould().accessFieldWhere(target(owner(type(ProfileKind.class))).as("the target is a ProfileKind constant"))
                .check(classes);
    }

    @Test
    void nothingDependsOnTheDemo() {
        noClasses().that().resideOutsideOfPackage("dev.wifbroker.demo..").should().dependOnClassesThat()
                .resideInAPackage("dev.wifbroker.demo..").check(classes);
    }
}
