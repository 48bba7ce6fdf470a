package dev.mercato.platform.jobs;

import java.util.UUID;

public record JobId(UUID value) {

    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
