package org.scurry.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.scurry.routes.archfixture.RouteOnSwarmInternals;
import org.scurry.routes.archfixture.RouteOnTestkit;
import org.scurry.routes.mqtt.MqttAccounts;
import org.scurry.swarm.archfixture.LeakyPublicType;
import org.scurry.swarm.archfixture.SwarmReachingUp;
import org.scurry.swarm.internal.node.SwarmNode;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.testkit.TestFeed;

/**
 * Checks {@link Architecture}'s rules on the production classes of every module (this module's
 * test class path is the only one that holds them all), and each rule against a deliberately bad
 * fixture ({@code org.scurry.*.archfixture}, kept out of the production import) to show that it can
 * fail and says what is wrong.
 */
class ArchitectureTest {
    private static final JavaClasses PRODUCTION =
            new ClassFileImporter().withImportOption(Architecture.PRODUCTION).importPackages("org.scurry");

    @Test
    void theImportHoldsEveryModulesProductionClassesAndNoTestClasses() {
        assertThat(PRODUCTION.containPackage("org.scurry.swarm.internal.replication"))
                .isTrue();
        assertThat(PRODUCTION.containPackage("org.scurry.bridges.component")).isTrue();
        assertThat(PRODUCTION.containPackage("org.scurry.routes.api")).isTrue();
        assertThat(PRODUCTION.containPackage("org.scurry.gateway.cli")).isTrue();
        assertThat(PRODUCTION.contain(ArchitectureTest.class)).isFalse();
        assertThat(PRODUCTION.contain(RouteOnSwarmInternals.class)).isFalse();
        assertThat(PRODUCTION.containPackage("org.scurry.swarm.archfixture")).isFalse();
    }

    @Test
    void dependenciesBetweenModulesPointDown() {
        Architecture.DEPENDENCIES_POINT_DOWN.check(PRODUCTION);
    }

    @Test
    void routesBridgesAndTheGatewayUseOnlyTheSwarmsPublicFace() {
        Architecture.ONLY_THE_SWARMS_PUBLIC_FACE_ABOVE_IT.check(PRODUCTION);
    }

    @Test
    void publicSwarmTypesShowNoInternalTypes() {
        Architecture.PUBLIC_FACE_SHOWS_NO_INTERNALS.check(PRODUCTION);
    }

    @Test
    void productionCodeDoesNotUseTheTestkit() {
        Architecture.PRODUCTION_CODE_DOES_NOT_USE_THE_TESTKIT.check(PRODUCTION);
    }

    // ---- each rule fails on a class that breaks it ---------------------------------------------------

    @Test
    void aSwarmClassUsingARouteFailsTheDirectionRule() {
        assertThat(violations(Architecture.DEPENDENCIES_POINT_DOWN, SwarmReachingUp.class, MqttAccounts.class))
                .contains(SwarmReachingUp.class.getName())
                .contains(MqttAccounts.class.getName());
    }

    @Test
    void aRouteUsingSwarmInternalsFailsThePublicFaceRule() {
        assertThat(violations(
                        Architecture.ONLY_THE_SWARMS_PUBLIC_FACE_ABOVE_IT,
                        RouteOnSwarmInternals.class,
                        SwarmNode.class))
                .contains(RouteOnSwarmInternals.class.getName())
                .contains(SwarmNode.class.getName());
    }

    @Test
    void aPublicTypeShowingInternalTypesFailsAndItsBodyDoesNot() {
        String report = violations(Architecture.PUBLIC_FACE_SHOWS_NO_INTERNALS, LeakyPublicType.class);
        assertThat(report)
                .contains("store(...) returns " + H2Store.class.getName())
                .contains("commits(...) returns org.scurry.swarm.internal.author.GroupCommit")
                .doesNotContain("fine(");
    }

    @Test
    void productionCodeOnTheTestkitFailsTheTestkitRule() {
        assertThat(violations(
                        Architecture.PRODUCTION_CODE_DOES_NOT_USE_THE_TESTKIT, RouteOnTestkit.class, TestFeed.class))
                .contains(RouteOnTestkit.class.getName())
                .contains(TestFeed.class.getName());
    }

    /** The rule's failure report on {@code classes}; fails the test when the rule holds there. */
    private static String violations(ArchRule rule, Class<?>... classes) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(classes));
        assertThat(result.hasViolation())
                .as("%s holds on the bad fixture", rule.getDescription())
                .isTrue();
        return String.join("\n", result.getFailureReport().getDetails());
    }
}
