package org.scurry.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The lines the build keeps (README, "How the parts fit"; docs/architecture.md):
 *
 * <ul>
 *   <li>Dependencies between modules point down: gateway → routes → bridges → swarm. Maven already
 *       refuses a lower module that names a higher one in its pom; this also fails a class that
 *       reaches up through some other path on the class path.
 *   <li>Above the swarm, code uses the swarm's public face only: nothing in the routes, the bridges or
 *       the gateway uses {@code org.scurry.swarm.internal..}.
 *   <li>The public face does not show the machinery: a public type of the swarm outside {@code
 *       internal} has no internal type in what it shows (supertypes, public and protected fields,
 *       methods, constructors: their parameter, return, type-argument and thrown types). What its
 *       code does inside is its business.
 *   <li>Production code does not use the testkit.
 * </ul>
 *
 * The benchmarks ({@code bench/}) and the testkit may use the swarm's internals: they measure and
 * test it.
 */
public final class Architecture {
    private Architecture() {}

    public static final String INTERNAL = "org.scurry.swarm.internal..";

    /**
     * Production classes only: not this module's tests ({@code target/test-classes}), nor the test
     * jars of the modules below (a {@code -tests.jar}).
     */
    public static final ImportOption PRODUCTION = location -> !location.contains("/test-classes/")
            && !location.contains("-tests.jar")
            && new ImportOption.DoNotIncludeTests().includes(location);

    public static final ArchRule DEPENDENCIES_POINT_DOWN = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("swarm")
            .definedBy("org.scurry.swarm..")
            .layer("bridges")
            .definedBy("org.scurry.bridges..")
            .layer("routes")
            .definedBy("org.scurry.routes..")
            .layer("gateway")
            .definedBy("org.scurry.gateway..")
            .whereLayer("gateway")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("routes")
            .mayOnlyBeAccessedByLayers("gateway")
            .whereLayer("bridges")
            .mayOnlyBeAccessedByLayers("routes", "gateway")
            .as("dependencies point down: gateway → routes → bridges → swarm");

    public static final ArchRule ONLY_THE_SWARMS_PUBLIC_FACE_ABOVE_IT = noClasses()
            .that()
            .resideInAnyPackage("org.scurry.bridges..", "org.scurry.routes..", "org.scurry.gateway..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(INTERNAL)
            .as("the bridges, routes and gateway use the swarm's public face, not " + INTERNAL);

    public static final ArchRule PUBLIC_FACE_SHOWS_NO_INTERNALS = classes()
            .that()
            .resideInAPackage("org.scurry.swarm..")
            .and()
            .resideOutsideOfPackage(INTERNAL)
            .and()
            .arePublic()
            .should(showNoInternalTypes())
            .as("public swarm types outside internal show no internal type in their signatures");

    public static final ArchRule PRODUCTION_CODE_DOES_NOT_USE_THE_TESTKIT = noClasses()
            .that()
            .resideInAnyPackage(
                    "org.scurry.swarm..", "org.scurry.bridges..", "org.scurry.routes..", "org.scurry.gateway..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.scurry.testkit..")
            .as("production code does not use the testkit");

    private static ArchCondition<JavaClass> showNoInternalTypes() {
        return new ArchCondition<>("show no type of " + INTERNAL) {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                Set<String> shown = new LinkedHashSet<>();
                c.getSuperclass().ifPresent(t -> internals(t, "extends", shown));
                c.getInterfaces().forEach(t -> internals(t, "implements", shown));
                for (JavaField f : c.getFields()) {
                    if (visible(f)) {
                        internals(f.getType(), "field " + f.getName(), shown);
                    }
                }
                Set<JavaCodeUnit> units = new LinkedHashSet<>(c.getMethods());
                units.addAll(c.getConstructors());
                for (JavaCodeUnit u : units) {
                    if (!visible(u)) {
                        continue;
                    }
                    String what = u.getName() + "(...)";
                    internals(u.getReturnType(), what + " returns", shown);
                    u.getParameterTypes().forEach(t -> internals(t, what + " takes", shown));
                    u.getThrowsClause().getTypes().forEach(t -> internals(t, what + " throws", shown));
                }
                for (String s : shown) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " " + s));
                }
                if (shown.isEmpty()) {
                    events.add(SimpleConditionEvent.satisfied(c, c.getName() + " shows no internal type"));
                }
            }
        };
    }

    private static boolean visible(JavaMember m) {
        Set<JavaModifier> mods = m.getModifiers();
        return (mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED))
                && !mods.contains(JavaModifier.SYNTHETIC)
                && !mods.contains(JavaModifier.BRIDGE);
    }

    private static void internals(JavaType type, String where, Set<String> out) {
        for (JavaClass t : type.getAllInvolvedRawTypes()) {
            if (t.getPackageName().startsWith("org.scurry.swarm.internal")) {
                out.add(where + " " + t.getName());
            }
        }
    }
}
