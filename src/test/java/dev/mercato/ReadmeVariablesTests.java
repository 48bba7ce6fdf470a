package dev.mercato;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every environment variable the README's configuration table documents must reach a setting: an
 * operator who sets it gets what the table says. A variable reaches a setting either by Spring
 * Boot's relaxed binding ({@code MERCATO_SEARCH_ENGINE} is {@code mercato.search.engine}) or
 * through a {@code ${VARIABLE}} placeholder in application.yaml; either way the setting must be
 * one something reads: a property of a settings record or of Spring Boot, as the configuration
 * metadata on the class path lists them (ours is generated from the records at compile time).
 */
class ReadmeVariablesTests {

    private static final Path README = Path.of("README.md");
    private static final Pattern ROW = Pattern.compile("^\\|([^|]+)\\|([^|]*)\\|([^|]*)\\|\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    private static final String PROBE = "probe-value";
    private static final Set<String> KNOWN_PROPERTIES = knownProperties();

    static List<String> documentedVariables() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int section = lines.indexOf("## Configuration");
        assertThat(section).as("README has a \"## Configuration\" section").isNotNegative();
        List<String> variables = new ArrayList<>();
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                Matcher variable = VARIABLE.matcher(row.group(1));
                while (variable.find()) {
                    variables.add(variable.group(1));
                }
            }
        }
        assertThat(variables).as("variables in the README's configuration table").hasSizeGreaterThan(10);
        return variables;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedVariables")
    void documentedVariableReachesASetting(String variable) {
        Optional<String> bound = boundProperty(variable).or(() -> placeholderProperty(variable));
        assertThat(bound).as("""
                %s reaches no setting: relaxed binding makes it none of the known properties, and no \
                ${%s} placeholder in application.yaml reads it""", variable, variable).isPresent();
        assertThat(KNOWN_PROPERTIES).as("%s reaches %s, which no settings record or Spring Boot property declares",
                variable, bound.get()).contains(bound.get());
        assertThat(resolve(bound.get(), variable)).as("%s set to %s, the value of %s", variable, PROBE, bound.get())
                .contains(PROBE);
    }

    /** The known property that Spring Boot's relaxed binding reads the variable as, if any. */
    private static Optional<String> boundProperty(String variable) {
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(environment(variable));
        return KNOWN_PROPERTIES.stream()
                .filter(name -> ConfigurationPropertyName.isValid(name)
                        && environment.getConfigurationProperty(ConfigurationPropertyName.of(name)) != null)
                .findFirst();
    }

    /** The application.yaml property whose value is a {@code ${VARIABLE...}} placeholder, if any. */
    private static Optional<String> placeholderProperty(String variable) {
        return applicationYaml().stream()
                .filter(source -> source instanceof org.springframework.core.env.EnumerablePropertySource<?>)
                .flatMap(source -> java.util.Arrays.stream(((org.springframework.core.env.EnumerablePropertySource<?>) source).getPropertyNames())
                        .filter(name -> String.valueOf(source.getProperty(name)).contains("${" + variable)))
                .findFirst();
    }

    /** The property's value with application.yaml and the variable set, as the application would bind it. */
    private static String resolve(String property, String variable) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(environment(variable));
        applicationYaml().forEach(sources::addLast);
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bind(property, String.class).orElse(null);
    }

    private static SystemEnvironmentPropertySource environment(String variable) {
        // the name marks it as the system environment, so Boot applies its relaxed mapping of names
        return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(variable, PROBE));
    }

    private static List<PropertySource<?>> applicationYaml() {
        try {
            return new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every property named in a configuration metadata file on the class path: ours and Spring Boot's. */
    private static Set<String> knownProperties() {
        JsonMapper json = JsonMapper.builder().build();
        Set<String> names = new TreeSet<>();
        try {
            List<URL> files = Collections.list(ReadmeVariablesTests.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"));
            for (URL file : files) {
                try (InputStream in = file.openStream()) {
                    JsonNode properties = json.readTree(in).get("properties");
                    if (properties != null) {
                        properties.forEach(property -> names.add(property.get("name").asString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(names).as("Mercato's generated metadata (spring-boot-configuration-processor)")
                .contains("mercato.search.engine");
        assertThat(names).as("Spring Boot's metadata").contains("spring.datasource.url");
        return names;
    }
}
