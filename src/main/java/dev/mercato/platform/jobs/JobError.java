package dev.mercato.platform.jobs;

/** A failed item of a job: {@code line} is the 1-based line of the input it came from. */
public record JobError(long line, String message) {
}
