package dev.mercato.platform;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Whether this process is a demo: {@code mercato.demo.enabled} when set, otherwise on exactly when
 * Mercato runs its own embedded database. So a laptop gets demo data and a printed admin login with
 * no flags, and a deployment on an external database never gets them by accident.
 */
@Component
public class DemoMode {

    private final boolean on;

    DemoMode(Environment environment) {
        String explicit = environment.getProperty("mercato.demo.enabled");
        this.on = StringUtils.hasText(explicit)
                ? Boolean.parseBoolean(explicit)
                : !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
    }

    public boolean isOn() {
        return on;
    }
}
