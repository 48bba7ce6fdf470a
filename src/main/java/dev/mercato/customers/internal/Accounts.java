package dev.mercato.customers.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.mercato.customers.CustomerRegistered;
import dev.mercato.customers.GuestSessionClaimed;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.FieldError;
import dev.mercato.platform.web.ProblemException;

/** Registration, login and sessions: the business rules of who may hold which token. */
@Service
public class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final Customers customers;
    private final Sessions sessions;
    private final SessionTokens tokens;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration sessionTtl;
    private final LoginBackoff backoff;
    /** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
    private final String decoyHash;

    Accounts(Customers customers, Sessions sessions, SessionTokens tokens, PasswordEncoder passwords,
            ApplicationEventPublisher events, Clock clock, CustomersSettings settings, LoginBackoff backoff) {
        this.backoff = backoff;
        this.customers = customers;
        this.sessions = sessions;
        this.tokens = tokens;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
        this.sessionTtl = settings.sessionTtl();
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    @Transactional
    public IssuedToken startGuestSession() {
        return issue(null, Set.of(Caller.ROLE_GUEST));
    }

    @Transactional
    public IssuedToken register(String rawEmail, String password, String name, Optional<String> guestToken) {
        String email = EmailAddresses.normalise(rawEmail);
        EmailAddresses.problem(email).ifPresent(reason -> {
            throw ProblemException.badRequest("validation", "Email " + reason)
                    .with("errors", java.util.List.of(new FieldError("email", reason)));
        });
        PasswordPolicy.weakness(password, email).ifPresent(reason -> {
            throw ProblemException.badRequest("validation", "Password is too weak: " + reason)
                    .with("errors", java.util.List.of(new FieldError("password", reason)));
        });
        Customer customer = new Customer(UUID.randomUUID(), email, name.trim(), passwords.encode(password),
                Set.of(Caller.ROLE_CUSTOMER));
        if (!customers.insert(customer, clock.instant())) {
            throw new ProblemException(HttpStatus.CONFLICT, "email-taken", "Email already registered",
                    "An account with this email already exists; log in instead");
        }
        events.publishEvent(new CustomerRegistered(customer.id()));
        guestToken.ifPresent(token -> claimGuestSession(token, customer.id()));
        log.info("customer registered customerId={}", customer.id());
        return issue(customer.id(), customer.roles());
    }

    /**
     * @param clientAddress where the attempt comes from: repeated failures for one account from one
     *                      address make that address wait ({@link LoginBackoff})
     */
    @Transactional
    public IssuedToken login(String rawEmail, String password, Optional<String> guestToken, String clientAddress) {
        String email = EmailAddresses.normalise(rawEmail);
        backoff.check(email, clientAddress);
        Optional<Customer> found = customers.findByEmail(email);
        boolean matches = passwords.matches(password, found.map(Customer::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches) {
            backoff.failed(email, clientAddress);
            log.info("login refused reason=wrong-credentials");
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "wrong-credentials", "Unauthorized",
                    "Email or password is wrong");
        }
        backoff.succeeded(email, clientAddress);
        Customer customer = found.get();
        guestToken.ifPresent(token -> claimGuestSession(token, customer.id()));
        return issue(customer.id(), customer.roles());
    }

    @Transactional
    public void logout(String token) {
        sessions.revoke(Tokens.hash(token), clock.instant());
        tokens.evict(token);
    }

    /** What {@link #ensureAdmin} found and did. */
    public enum AdminBootstrapOutcome {
        /** no account had the email: it was created with the admin role */
        CREATED,
        /** the account already held the admin role; nothing changed */
        ALREADY_ADMIN,
        /** a customer account with the email and the configured password was given the admin role */
        PROMOTED,
        /** a customer account with the email has another password: it was left as it is */
        REFUSED
    }

    /**
     * Makes sure an admin account with this email exists. An existing customer account is promoted
     * only when the configured password opens it: otherwise anyone who registered the operator's
     * address first would become admin with a password of their own choosing.
     */
    @Transactional
    public AdminBootstrapOutcome ensureAdmin(String configuredEmail, String password, String name) {
        String email = EmailAddresses.normalise(configuredEmail);
        Optional<Customer> existing = customers.findByEmail(email);
        if (existing.isEmpty()) {
            customers.insert(new Customer(UUID.randomUUID(), email, name, passwords.encode(password),
                    Set.of(Caller.ROLE_ADMIN, Caller.ROLE_CUSTOMER)), clock.instant());
            return AdminBootstrapOutcome.CREATED;
        }
        Customer customer = existing.get();
        if (customer.roles().contains(Caller.ROLE_ADMIN)) {
            return AdminBootstrapOutcome.ALREADY_ADMIN;
        }
        if (!passwords.matches(password, customer.passwordHash())) {
            return AdminBootstrapOutcome.REFUSED;
        }
        customers.grantRole(customer.id(), Caller.ROLE_ADMIN);
        return AdminBootstrapOutcome.PROMOTED;
    }

    @Transactional
    public int deleteSessionsExpiredBefore(Instant cutoff) {
        return sessions.deleteExpiredBefore(cutoff);
    }

    private void claimGuestSession(String guestToken, UUID customerId) {
        Optional<Caller> guest = tokens.resolve(guestToken);
        // a token that is not a live guest session is ignored: login must not fail because of a stale cart
        if (guest.isEmpty() || !guest.get().isGuest()) {
            return;
        }
        sessions.revoke(Tokens.hash(guestToken), clock.instant());
        tokens.evict(guestToken);
        events.publishEvent(new GuestSessionClaimed(guest.get().sessionId(), customerId));
    }

    private IssuedToken issue(UUID customerId, Set<String> roles) {
        String token = Tokens.newToken();
        UUID sessionId = UUID.randomUUID();
        Instant now = clock.instant();
        sessions.insert(sessionId, Tokens.hash(token), customerId, now, now.plus(sessionTtl));
        return new IssuedToken(token, sessionId, customerId, roles);
    }
}
