package dev.mercato.customers;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Hashes of customers' emails, for records that must outlive the personal data they were made with
 * (archived orders) yet stay matchable to an email on request: SHA-256 of the normalised (lower-case)
 * address, hex. The email itself never leaves this module. Read-only, no side effects.
 */
public interface CustomerEmailHashes {

    /** The hash per customer id; ids without an account are absent from the answer. */
    Map<UUID, String> of(Collection<UUID> customerIds);
}
