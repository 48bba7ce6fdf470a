package dev.mercato.platform.database;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Rows inserted together get
 * neighbouring keys, so a batch of a thousand holds appends to the right edge of the primary-key
 * index instead of splitting pages all over it, as random (v4) keys do.
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    public static UUID next() {
        long millis = System.currentTimeMillis();
        // ids, not secrets: a fast per-thread generator is enough
        long randomHigh = ThreadLocalRandom.current().nextLong();
        long randomLow = ThreadLocalRandom.current().nextLong();
        long most = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long least = (randomLow & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
