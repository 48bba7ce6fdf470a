package dev.mercato.platform.cache;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class CacheSettingsTests {

    @Test
    void defaultsToAnInProcessCacheWithTheSafetyNetTtl() {
        CacheSettings settings = bind(Map.of());
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.maximumSize()).isEqualTo(100_000);
        assertThat(settings.redis().configured()).isFalse();
    }

    @Test
    void theReadmesVariablesBind() {
        CacheSettings settings = bind(Map.of("MERCATO_CACHE_ENABLED", "false", "MERCATO_CACHE_TTL", "30s",
                "MERCATO_CACHE_MAXIMUMSIZE", "500", "MERCATO_CACHE_REDIS_URL", "redis://cache.internal:6379",
                "MERCATO_CACHE_REDIS_TIMEOUT", "100ms", "MERCATO_CACHE_REDIS_LOCKWAIT", "50ms"));
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maximumSize()).isEqualTo(500);
        assertThat(settings.redis().url()).isEqualTo("redis://cache.internal:6379");
        assertThat(settings.redis().timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.redis().lockWait()).isEqualTo(Duration.ofMillis(50));
    }

    private static CacheSettings bind(Map<String, Object> environmentVariables) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environmentVariables));
        return new Binder(ConfigurationPropertySources.get(environment)).bindOrCreate("mercato.cache", CacheSettings.class);
    }
}
