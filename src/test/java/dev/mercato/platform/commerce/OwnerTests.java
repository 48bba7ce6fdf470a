package dev.mercato.platform.commerce;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mercato.platform.security.Caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwnerTests {

    @Test
    void aCustomerOwnsWhatTheyCreateOnceLoggedInElseTheSession() {
        UUID session = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        assertThat(Owner.of(new Caller(session, customer, Set.of(Caller.ROLE_CUSTOMER)))).isEqualTo(Owner.customer(customer));
        assertThat(Owner.of(new Caller(session, null, Set.of(Caller.ROLE_GUEST)))).isEqualTo(Owner.session(session));
    }

    @Test
    void keysAreWhatIsStoredAndParseBack() {
        Caller customer = new Caller(UUID.randomUUID(), UUID.randomUUID(), Set.of(Caller.ROLE_CUSTOMER));
        Caller guest = new Caller(UUID.randomUUID(), null, Set.of(Caller.ROLE_GUEST));
        assertThat(Owner.of(customer).key()).isEqualTo("customer:" + customer.customerId());
        assertThat(Owner.of(guest).key()).isEqualTo("session:" + guest.sessionId());
        assertThat(Owner.parse(Owner.of(customer).key())).isEqualTo(Owner.of(customer));
        assertThat(Owner.parse(Owner.of(guest).key())).isEqualTo(Owner.of(guest));
    }

    @Test
    void parsingRefusesOtherStrings() {
        assertThatThrownBy(() -> Owner.parse("cart:" + UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }
}
