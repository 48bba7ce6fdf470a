package dev.mercato.platform.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class WebSettingsTests {

    @Test
    void corsIsClosedUnlessOriginsAreConfigured() {
        assertThat(bind(Map.of()).corsAllowedOrigins()).isEmpty();
    }

    @Test
    void theReadmesCorsVariableBindsAsAListOfOrigins() {
        var settings = bind(Map.of("MERCATO_PLATFORM_WEB_CORSALLOWEDORIGINS", "https://shop.example,https://m.shop.example"));
        assertThat(settings.corsAllowedOrigins()).containsExactly("https://shop.example", "https://m.shop.example");
    }

    private static WebSettings bind(Map<String, Object> environmentVariables) {
        var environment = new StandardEnvironment();
        // named as the real one, so it is read with the environment-variable name mapping
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environmentVariables));
        return new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("mercato.platform.web", WebSettings.class);
    }
}
