package dev.wifbroker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
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
                .resideInAnyPackage("dev.wifbroker.exchange..", "dev.wifbroker.api..", "dev.wifbroker.credential..")
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

    @Test
    void callerTextDependsOnNothingInTheBroker() {
        noClasses().that().resideInAPackage("dev.wifbroker.text..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.wifbroker.api..", "dev.wifbroker.exchange..", "dev.wifbroker.audit..",
                        "dev.wifbroker.identity..", "dev.wifbroker.policy..", "dev.wifbroker.credential..")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheDemo() {
        noClasses().that().resideOutsideOfPackage("dev.wifbroker.demo..").should().dependOnClassesThat()
                .resideInAPackage("dev.wifbroker.demo..").check(classes);
    }
}
