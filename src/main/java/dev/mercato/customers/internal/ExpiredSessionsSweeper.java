package dev.mercato.customers.internal;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes sessions a day after they expired; the delay keeps "expired" answers explainable in logs. */
@Component
class ExpiredSessionsSweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpiredSessionsSweeper.class);

    private final Accounts accounts;
    private final Clock clock;

    ExpiredSessionsSweeper(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    void sweep() {
        int deleted = accounts.deleteSessionsExpiredBefore(clock.instant().minus(Duration.ofDays(1)));
        if (deleted > 0) {
            log.info("expired sessions deleted count={}", deleted);
        }
    }
}
