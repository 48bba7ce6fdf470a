package dev.mercato.payments;

import java.math.BigDecimal;
import java.util.UUID;

/** @param method {@code card}; @param token a card token such as {@code tok_visa} */
public record ChargeRequest(UUID orderId, BigDecimal amount, String currency, String method, String token) {
}
