package dev.mercato.platform.commerce;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTests {

    @Test
    void alwaysCarriesTwoDecimalPlaces() {
        assertThat(new Money(new BigDecimal("19.9"), "USD").amount().toPlainString()).isEqualTo("19.90");
        assertThat(Money.zero("EUR").amount().toPlainString()).isEqualTo("0.00");
        assertThat(Money.of("4.50", "USD").times(3)).isEqualTo(Money.of("13.5", "USD"));
    }

    @Test
    void refusesAmountsWithMoreThanTwoPlacesInsteadOfRounding() {
        assertThatThrownBy(() -> Money.of("1.999", "USD")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.999");
    }

    @Test
    void refusesToCombineCurrencies() {
        Money dollars = Money.of("1.00", "USD");
        Money euros = Money.of("1.00", "EUR");
        assertThatThrownBy(() -> dollars.plus(euros)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USD").hasMessageContaining("EUR");
        assertThatThrownBy(() -> dollars.minus(euros)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dollars.isLessThan(euros)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesSomethingThatIsNotACurrencyCode() {
        assertThatThrownBy(() -> Money.of("1.00", "usd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addsAndSubtractsExactly() {
        Money total = Money.of("0.10", "USD").plus(Money.of("0.20", "USD")).minus(Money.of("0.05", "USD"));
        assertThat(total).isEqualTo(Money.of("0.25", "USD"));
        assertThat(Money.of("0.25", "USD").isLessThan(Money.of("0.30", "USD"))).isTrue();
    }
}
