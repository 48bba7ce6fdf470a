package dev.mercato.customers.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin account, created at start from configuration. Bound from
 * {@code MERCATO_ADMIN_EMAIL} and {@code MERCATO_ADMIN_PASSWORD}, the names the README gives operators.
 *
 * @param email    the admin's login
 * @param password its password; when unset, demo mode uses a printed default and other modes create no admin
 */
@ConfigurationProperties("mercato.admin")
record AdminSettings(@DefaultValue("admin@mercato.local") String email, String password) {

    @Override
    public String toString() {
        return "AdminSettings[email=" + email + ", password=" + (password == null ? "<unset>" : "<set>") + "]";
    }
}
