package dev.mercato.customers;

import java.util.UUID;

/** A new customer account exists. */
public record CustomerRegistered(UUID customerId) {
}
