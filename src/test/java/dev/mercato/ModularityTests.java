package dev.mercato;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(MercatoApplication.class);

    /**
     * Which module may depend on which, as each module's package-info declares it. Kept here too so
     * that a new dependency is a decision made in two places and seen in review, not a line slipped
     * into one package-info.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("bench", Set.of("catalog", "inventory", "platform", "search")),
            Map.entry("cart", Set.of("catalog", "customers", "inventory", "platform", "pricing")),
            Map.entry("analytics", Set.of("catalog", "orders", "platform")),
            Map.entry("catalog", Set.of("platform")),
            Map.entry("customers", Set.of("platform")),
            Map.entry("events", Set.of("catalog", "inventory", "orders", "platform")),
            Map.entry("inventory", Set.of("catalog", "platform")),
            Map.entry("orders", Set.of("cart", "customers", "inventory", "payments", "platform", "pricing")),
            Map.entry("payments", Set.of("platform")),
            Map.entry("platform", Set.of()),
            Map.entry("pricing", Set.of("catalog", "platform")),
            Map.entry("recommendations", Set.of("catalog", "inventory", "platform")),
            Map.entry("promotions", Set.of("cart", "catalog", "orders", "platform", "pricing")),
            Map.entry("search", Set.of("catalog", "inventory", "platform")),
            Map.entry("web", Set.of()));

    /** Fails on a dependency not declared in the depending module's package-info, a cycle, or a use of another module's internals. */
    @Test
    void modulesOnlyUseEachOthersPublicApiAndHaveNoCycles() {
        modules.verify();
    }

    @Test
    void theApplicationIsExactlyTheseModules() {
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
                .containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
    }

    @Test
    void everyModuleDeclaresExactlyTheDependenciesAgreedHere() {
        Map<String, Set<String>> declared = new TreeMap<>();
        modules.forEach(module -> declared.put(module.getIdentifier().toString(), declaredDependencies(module.getBasePackage().getName())));
        Map<String, Set<String>> expected = new TreeMap<>();
        ALLOWED.forEach((module, dependencies) -> expected.put(module, new TreeSet<>(dependencies)));
        assertThat(declared).isEqualTo(expected);
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml().writeModuleCanvases();
    }

    /** What {@code @ApplicationModule(allowedDependencies = ...)} on the package says; an undeclared list allows everything and fails here. */
    private static Set<String> declaredDependencies(String basePackage) {
        org.springframework.modulith.ApplicationModule annotation;
        try {
            annotation = Class.forName(basePackage + ".package-info").getAnnotation(org.springframework.modulith.ApplicationModule.class);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(basePackage + " has no package-info.java to declare its dependencies in", e);
        }
        assertThat(annotation).as("@ApplicationModule on %s", basePackage).isNotNull();
        assertThat(annotation.allowedDependencies())
                .as("%s declares its allowed dependencies", basePackage)
                .doesNotContain(org.springframework.modulith.ApplicationModule.OPEN_TOKEN);
        return new TreeSet<>(Arrays.asList(annotation.allowedDependencies()));
    }
}
