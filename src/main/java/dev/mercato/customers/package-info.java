/**
 * Customer and admin accounts, guest sessions and the bearer tokens that stand for them. Implements
 * the platform's {@link dev.mercato.platform.security.AccessTokens} port. Publishes
 * {@link dev.mercato.customers.CustomerRegistered} and {@link dev.mercato.customers.GuestSessionClaimed}
 * (a guest logged in, so whatever the guest session owns, such as a cart, can move to the customer).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Customers", allowedDependencies = {"platform"})
package dev.mercato.customers;
