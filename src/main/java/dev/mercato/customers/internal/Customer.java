package dev.mercato.customers.internal;

import java.util.Set;
import java.util.UUID;

record Customer(UUID id, String email, String name, String passwordHash, Set<String> roles) {
}
