package dev.mercato.platform.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityHeadersSettingsTests {

    @Test
    void theReadmesVariablesSetThePagePolicyFramingAndHsts() throws Exception {
        var settings = bind(Map.of(
                "MERCATO_PLATFORM_SECURITYHEADERS_CONTENTSECURITYPOLICY", "default-src 'self' https://cdn.example",
                "MERCATO_PLATFORM_SECURITYHEADERS_FRAMEOPTIONS", "SAMEORIGIN",
                "MERCATO_PLATFORM_SECURITYHEADERS_HSTS_MAXAGE", "1h",
                "MERCATO_PLATFORM_SECURITYHEADERS_HSTS_INCLUDESUBDOMAINS", "false"));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setSecure(true);
        MockHttpServletResponse response = new MockHttpServletResponse();

        new SecurityHeadersFilter(settings).doFilter(request, response, new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                res.setContentType("text/html;charset=UTF-8");
            }
        });

        assertThat(response.getHeader("Content-Security-Policy")).isEqualTo("default-src 'self' https://cdn.example");
        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(response.getHeader("Strict-Transport-Security")).isEqualTo("max-age=3600");
    }

    @Test
    void hstsCanBeTurnedOffForATerminatorThatSendsItsOwn() throws Exception {
        var settings = bind(Map.of("MERCATO_PLATFORM_SECURITYHEADERS_HSTS_ENABLED", "false"));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/categories");
        request.addHeader("X-Forwarded-Proto", "https");
        MockHttpServletResponse response = new MockHttpServletResponse();

        new SecurityHeadersFilter(settings).doFilter(request, response, new MockFilterChain());

        assertThat(response.getHeader("Strict-Transport-Security")).isNull();
        assertThat(response.getHeader("Content-Security-Policy")).isEqualTo(SecurityHeadersSettings.API_POLICY);
    }

    private static SecurityHeadersSettings bind(Map<String, Object> environmentVariables) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environmentVariables));
        return new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("mercato.platform.security-headers", SecurityHeadersSettings.class);
    }
}
