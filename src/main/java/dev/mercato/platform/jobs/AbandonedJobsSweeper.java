package dev.mercato.platform.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Finds jobs whose node died mid-way so their status stops claiming they are running. */
@Component
class AbandonedJobsSweeper {

    private static final Logger log = LoggerFactory.getLogger(AbandonedJobsSweeper.class);

    private final Jobs jobs;

    AbandonedJobsSweeper(Jobs jobs) {
        this.jobs = jobs;
    }

    @Scheduled(initialDelayString = "PT10S", fixedDelayString = "PT1M")
    void sweep() {
        int interrupted = jobs.markAbandonedJobsInterrupted();
        if (interrupted > 0) {
            log.warn("jobs marked interrupted count={}", interrupted);
        }
    }
}
