package dev.mercato.customers.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import dev.mercato.platform.DemoMode;

/**
 * Creates the first admin account from configuration. In demo mode a known default password is
 * used and printed, so a laptop user can log in straight away; elsewhere an admin is only created
 * when {@code MERCATO_ADMIN_PASSWORD} is set.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    static final String DEMO_PASSWORD = "mercato-admin-1";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Accounts accounts;
    private final AdminSettings settings;
    private final boolean demo;

    AdminBootstrap(Accounts accounts, AdminSettings settings, DemoMode demoMode) {
        this.accounts = accounts;
        this.settings = settings;
        this.demo = demoMode.isOn();
    }

    @Override
    public void run(ApplicationArguments args) {
        String password = settings.password();
        boolean usingDemoDefault = !StringUtils.hasText(password) && demo;
        if (usingDemoDefault) {
            password = DEMO_PASSWORD;
        }
        if (!StringUtils.hasText(password)) {
            log.warn("no admin account configured; set MERCATO_ADMIN_EMAIL and MERCATO_ADMIN_PASSWORD to create one");
            return;
        }
        Accounts.AdminBootstrapOutcome outcome = accounts.ensureAdmin(settings.email(), password, "Administrator");
        switch (outcome) {
            case REFUSED -> log.error("admin account not created: email={} belongs to a customer account that this "
                    + "configuration did not create and the configured password does not open it; choose another "
                    + "MERCATO_ADMIN_EMAIL (the existing account keeps its customer role)", settings.email());
            case ALREADY_ADMIN -> log.info("admin account email={} outcome={}", settings.email(), outcome);
            case CREATED, PROMOTED -> {
                if (usingDemoDefault) {
                    log.info("demo admin account email={} password={} outcome={} (set MERCATO_ADMIN_PASSWORD to choose your own)",
                            settings.email(), DEMO_PASSWORD, outcome);
                } else {
                    log.info("admin account email={} outcome={}", settings.email(), outcome);
                }
            }
        }
    }
}
